"""Where model code comes from: safe reading of files and notebooks, parsing, and positions.

A model file is read only when it is a regular file (a FIFO or a device such as
/dev/zero is refused before anything is opened), and at most a fixed number of bytes.
Notebooks are JSON: their code cells are parsed one by one, and positions name the
cell and the line within it. Nothing read here is ever run.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from quizrnn import arith
from quizrnn.errors import InputError

MAX_TEXT = 200_000
MAX_FILE = 1_000_000          # bytes of Python source
MAX_NOTEBOOK = 20 * 1024 * 1024  # notebooks carry outputs (plots) next to the code
SUFFIXES = (".py", ".ipynb", ".txt")
_MAGIC = re.compile(r"^\s*[%!?]|^\s*\w+\s*=\s*!")


@dataclass
class Source:
    """Names positions for messages: ``train.py:12``, ``nb.ipynb, code cell 3, line 2``
    or ``model text, col 5``."""

    name: str
    is_file: bool = True
    cells: list = field(default_factory=list)   # first global line of each notebook code cell
    cell_numbers: list = field(default_factory=list)

    def at(self, node) -> str:
        line = getattr(node, "lineno", 0) or 0
        col = (getattr(node, "col_offset", -1) or 0) + 1
        if not self.is_file:
            return f"model text, col {col}" if line <= 1 else f"model text, line {line}, col {col}"
        if self.cells:
            k = max(bisect_right(self.cells, line) - 1, 0)
            return f"{self.name}, code cell {self.cell_numbers[k]}, line {line - self.cells[k] + 1}"
        return f"{self.name}:{line}"

    def line_of(self, node) -> str:
        """The position without the file name, for references inside a message."""
        text = self.at(node)
        if self.cells:
            return text.split(", ", 1)[1]
        return "line " + text.rsplit(":", 1)[1] if self.is_file else text

    def error(self, node, message: str) -> InputError:
        return InputError(f"{self.at(node)}: {message}")


def looks_like_path(text: str) -> bool:
    """True when the argument names a file (or a folder, a device...) rather than layer text."""
    if "(" in text or "\n" in text:
        return False
    if text.strip().endswith(SUFFIXES):
        return True
    try:
        return os.path.lexists(text)
    except (OSError, ValueError):
        return False


def read_file(path: Path) -> str:
    """The text of a model file or notebook; refuses folders, devices and pipes before opening."""
    from quizrnn.files import read_text

    what = "notebook" if path.suffix.lower() == ".ipynb" else "model file"
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the .py or .ipynb file that builds the model")
    return read_text(path, what, MAX_NOTEBOOK if what == "notebook" else MAX_FILE)


def parse_python(text: str, src: Source, line_offset: int = 0) -> ast.Module:
    """``ast.parse`` with every failure turned into one clear line."""
    try:
        tree = arith.parse_quietly(text, filename=src.name)
    except SyntaxError as exc:
        line = (exc.lineno or 1) + line_offset
        if "Exceeds the limit" in str(exc.msg):
            col = _long_number_column(text, exc.lineno or 1)
            raise src.error(_Pos(line, col), "a whole number with more than 4,300 digits is far too "
                                             "large to be a layer size") from None
        where = src.error(_Pos(line, (exc.offset or 1) - 1), "").message[:-2]
        what = "not valid layer syntax" if not src.is_file else "not valid Python"
        raise InputError(f"{where}: {what} ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise InputError(f"{src.name if src.is_file else 'model text'}: nested too deeply") from None
    except ValueError as exc:  # a NUL byte, for instance
        raise InputError(f"{src.name if src.is_file else 'model text'}: cannot be read as Python "
                         f"({exc})") from None
    if line_offset:
        ast.increment_lineno(tree, line_offset)
    return tree


@dataclass
class _Pos:
    lineno: int
    col_offset: int


def _long_number_column(text: str, line: int) -> int:
    """0-based column of the first over-long integer literal on ``line``."""
    lines = text.splitlines()
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(row).readline):
            if tok.type == tokenize.NUMBER and len(tok.string) > 4300:
                return tok.start[1]
    except (tokenize.TokenError, SyntaxError):
        pass
    match = re.search(r"\d{4301,}", row)
    return match.start() if match else 0


def notebook_cells(text: str, src: Source) -> list[ast.Module]:
    """The code cells of a notebook, parsed, with lines numbered across cells."""
    from quizrnn.files import parse_json

    data = parse_json(text, src.name, "a notebook")
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise InputError(f"{src.name}: not a Jupyter notebook (no \"cells\" list)")
    trees = []
    line = 1
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        # IPython lines (%magic, !shell, ?help) are not Python: keep their line, drop the text.
        source = "\n".join("" if _MAGIC.match(row) else row for row in source.split("\n"))
        if source.lstrip().startswith("%%"):
            source = ""
        src.cells.append(line)
        src.cell_numbers.append(number)
        trees.append(parse_python(source, src, line - 1))
        line += source.count("\n") + 1
    if not number:
        raise InputError(f"{src.name}: the notebook has no code cells")
    return trees
