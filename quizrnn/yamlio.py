"""Reading YAML and JSON safely, remembering the line every key and item came from.

Only PyYAML's safe loader is used, with three changes that suit hand-written data:
``1e-3`` is a number (as in JSON), only ``true``/``false`` are booleans (so a choice
written ``No`` stays text), and aliases are refused (no billion-laughs files).
Mappings and sequences come back as :class:`LDict` and :class:`LList`, which carry
the 1-based line of each key or item, so that errors can say ``file:line``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from quizrnn.errors import InputError

MAX_BYTES = 5 * 1024 * 1024


class LDict(dict):
    """A mapping that knows the line of each key (``lines``) and its own (``line``)."""

    __slots__ = ("lines", "line")

    def line_of(self, key, default: int = 0) -> int:
        return self.lines.get(key, self.line or default)


class LList(list):
    """A sequence that knows the line of each item (``lines``) and its own (``line``)."""

    __slots__ = ("lines", "line")

    def line_of(self, index: int, default: int = 0) -> int:
        if 0 <= index < len(self.lines):
            return self.lines[index]
        return self.line or default


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


class _Loader(_Base):
    """SafeLoader with JSON-style floats, strict booleans and no aliases."""

    def construct_object(self, node, deep=False):
        # An alias (*name) hands the constructor a node it has built already.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not supported here", node.start_mark)
        return super().construct_object(node, deep=deep)


def _strip_resolvers() -> None:
    table = {}
    for first, resolvers in _Base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        table[first] = kept
    _Loader.yaml_implicit_resolvers = table
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
        list("-+0123456789"))


_strip_resolvers()


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse(text: str, name: str = "<text>"):
    """Parse YAML (or JSON) text; errors become ``name:line:col: problem``."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "aliases" in str(exc.problem):
            mark = _first_alias(text) or mark
        problem = exc.problem or exc.context or "malformed YAML"
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise InputError(f"{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: malformed YAML ({exc})") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply") from None


def _first_alias(text: str):
    """Where the first *alias stands (the constructor only sees the node it points to)."""
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        return None
    return None


def read_text(path: Path, what: str = "file") -> str:
    """The text of a file, with one clear error for each way reading can fail."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a {what}")
    if size > MAX_BYTES:
        raise InputError(f"{path}: too large ({size:,} bytes; at most {MAX_BYTES:,})")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def load(path: Path, what: str = "file"):
    """Load a YAML or JSON file (JSON syntax errors are reported the JSON way)."""
    text = read_text(path, what)
    if path.suffix.lower() != ".json":
        return parse(text, str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply") from None
    try:
        return parse(text, str(path))  # the same data, with line numbers
    except InputError:
        return _unlocated(data)


def _unlocated(data):
    """JSON data that YAML could not read (rare escapes, tabs): wrap it without lines."""
    if isinstance(data, dict):
        out = LDict((k, _unlocated(v)) for k, v in data.items())
        out.line, out.lines = 0, {}
        return out
    if isinstance(data, list):
        out = LList(_unlocated(v) for v in data)
        out.line, out.lines = 0, []
        return out
    return data
