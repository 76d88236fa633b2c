"""A cache of each bank file's parsed YAML, as plain JSON, so that loading stays fast.

Parsing YAML is the slow part of loading (libyaml still builds a node per scalar). The
cache keeps the parsed data of files that validated, with the line of every key and
item, keyed by a hash of the file's bytes (and of quizrnn's version, solvers and
topics): an edited file never meets its old cache. What comes back from the cache is
validated exactly like freshly parsed YAML, and any cache that cannot be read, is
malformed or does not validate is ignored and rebuilt, never trusted and never fatal.
Nothing in it is executable: it is JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from quizrnn import yamlio

FORMAT = 2


def key_for(content: bytes) -> str:
    from quizrnn import __version__
    from quizrnn.topics import TOPICS
    from solvers.catalog import REGISTRY

    solvers = ";".join(f"{e.name}:{','.join(e.required)}:{','.join(e.optional)}" for e in REGISTRY.values())
    head = f"{FORMAT}|{__version__}|{solvers}|{','.join(TOPICS)}|".encode()
    return hashlib.sha256(head + content).hexdigest()


def path_for(path: Path) -> Path:
    from quizrnn.store import data_dir

    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]
    return data_dir() / "cache" / f"bank-{name}.json"


def _encode(value):
    """LDict/LList with their lines as JSON: {"m": [[key, value, line], ...], "l": line}."""
    if isinstance(value, yamlio.LDict):
        return {"m": [[k, _encode(v), value.lines.get(k, 0)] for k, v in value.items()], "l": value.line or 0}
    if isinstance(value, yamlio.LList):
        lines = value.lines or []
        return {"s": [[_encode(v), lines[k] if k < len(lines) else 0] for k, v in enumerate(value)],
                "l": value.line or 0}
    return value


class _Malformed(ValueError):
    pass


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"m", "l"} and isinstance(value["m"], list) and isinstance(value["l"], int):
            out = yamlio.LDict()
            out.line, out.lines = value["l"], {}
            for entry in value["m"]:
                if not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[2], int):
                    raise _Malformed("bad mapping entry")
                key, val, line = entry
                if isinstance(key, (dict, list)) or key in out:
                    raise _Malformed("bad key")
                out[key] = _decode(val)
                out.lines[key] = line
            return out
        if set(value) == {"s", "l"} and isinstance(value["s"], list) and isinstance(value["l"], int):
            out = yamlio.LList()
            out.line, out.lines = value["l"], []
            for entry in value["s"]:
                if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[1], int):
                    raise _Malformed("bad sequence entry")
                out.append(_decode(entry[0]))
                out.lines.append(entry[1])
            return out
        raise _Malformed("bad node")
    if isinstance(value, list):
        raise _Malformed("bare list")
    return value


def read(path: Path, key: str):
    """The parsed data cached for this file and key, or None (missing, stale or malformed)."""
    try:
        with open(path_for(path), "rb") as fh:
            raw = fh.read(yamlio.MAX_BYTES * 4)
        stored = json.loads(raw)
        if not isinstance(stored, dict) or stored.get("key") != key or stored.get("path") != str(path):
            return None
        return _decode(stored["data"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError, MemoryError):
        return None


def write(path: Path, key: str, data) -> None:
    """Keep the parsed data of a file that validated; a folder that cannot be written just means no cache."""
    target = path_for(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"key": key, "path": str(path), "data": _encode(data)}, ensure_ascii=False,
                             separators=(",", ":"))
        fd, tmp = _temp(target)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
        os.replace(tmp, target)
    except (OSError, ValueError, RecursionError):
        pass


def _temp(target: Path):
    import tempfile

    return tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
