"""Reading a file a person names: one clear line for every way it can fail, never a hang.

Devices, pipes and sockets are refused before they are opened (reading /dev/zero would
never end, a FIFO would block), and no more than the limit is ever read, whatever size
the file claims.
"""

from __future__ import annotations

from pathlib import Path

from quizrnn.errors import InputError

MAX_BYTES = 5 * 1024 * 1024


def read_bytes(path: Path, what: str = "file", limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, with one clear error for each way
    reading can fail. Devices, pipes and sockets are refused before they are opened, and no
    more than ``limit`` bytes are ever read, whatever size the file claims."""
    import stat

    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such {what}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); give a {what}")
    if st.st_size > limit:
        raise InputError(f"{path}: too large ({st.st_size:,} bytes; at most {limit:,})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > limit:
        raise InputError(f"{path}: too large (more than {limit:,} bytes)")
    return data


def decode(data: bytes, path) -> str:
    """UTF-8 text (a byte-order mark is dropped), or one line saying where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def read_text(path: Path, what: str = "file", limit: int = MAX_BYTES) -> str:
    """The text of a regular UTF-8 file, with one clear error for each way reading can fail."""
    return decode(read_bytes(path, what, limit), path)


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary neighbour first, then move them all into place."""
    import os
    import tempfile

    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        for tmp, path in temps:
            os.chmod(tmp, 0o666 & ~mask)  # an ordinary file, not the private mode of a temporary one
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise InputError(f"cannot write {exc.filename or 'the output'}: {exc.strerror}") from None


def write_output(path: Path, data: bytes, option: str = "-o") -> None:
    """One output file, written whole or not at all; a missing folder is named with its option."""
    if not path.parent.exists():
        where = f"{option} {path}" if option else str(path)
        raise InputError(f"{where}: the folder {path.parent} does not exist")
    write_all({path: data})


def parse_json(text: str, name, what: str = "JSON"):
    """JSON text, or one line saying where it stops being ``what``: ``name:line:col: not … (why)``.
    Nesting deep enough to exhaust the parser and integers of thousands of digits are refused too."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}:{exc.colno}: not {what} ({exc.msg})") from None
    except RecursionError:
        raise InputError(f"{name}: not {what} (nested too deeply)") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"{name}: not {what} ({str(exc).split(';')[0]})") from None
