"""Loading the bank: read every file, validate every item, report every problem."""

from __future__ import annotations

import re
from pathlib import Path

from quizrnn import yamlio
from quizrnn.bank import cache
from quizrnn.bank.files import bank_files
from quizrnn.bank.model import Bank, BankError, Item
from quizrnn.bank.validate import read_item
from quizrnn.errors import InputError


def load(extra_dirs=(), builtin: bool = True) -> Bank:
    """The whole bank; the first problem found stops loading with file:line.

    ``extra_dirs`` is a list of folders, or a BankSource (folders and whether to read the
    built-in bank)."""
    bank, errors = check(extra_dirs, builtin=builtin)
    if errors:
        raise errors[0]
    return bank


def check(extra_dirs=(), builtin: bool = True) -> tuple[Bank, list[BankError]]:
    """Load and validate every file; return the bank of valid items and every problem."""
    from quizrnn.bank.files import BankSource

    if isinstance(extra_dirs, BankSource):
        extra_dirs, builtin = extra_dirs.dirs, extra_dirs.builtin
    folder_problems: list[str] = []
    files = bank_files(extra_dirs, builtin, folder_problems)
    errors = [BankError(p.split(": ", 1)[0], 0, p.split(": ", 1)[1]) for p in folder_problems]
    items: list[Item] = []
    seen: dict[str, Item] = {}
    for path in files:
        file_items, file_errors = read_file(path)
        errors += file_errors
        for item in file_items:
            if item.id in seen:
                errors.append(BankError(item.path, item.line,
                                        f"duplicate id {item.id!r} (first at {seen[item.id].where})"))
                continue
            seen[item.id] = item
            items.append(item)
    return Bank(items, [str(f) for f in files]), errors


def read_file(path: Path) -> tuple[list[Item], list[BankError]]:
    """The valid items of one file and the problems of the others.

    The parsed YAML of a file that validated is cached (see :mod:`quizrnn.bank.cache`); a
    cached copy goes through the same validation, and one that does not validate is
    ignored and the file parsed afresh.
    """
    try:
        content = yamlio.read_bytes(path, "bank file")
    except InputError as exc:
        return [], [_as_bank_error(path, exc)]
    key = cache.key_for(content)
    cached = cache.read(path, key)
    if cached is not None:
        items, errors = _items(path, cached)
        if not errors:
            return items, []
    try:
        data = yamlio.parse(yamlio.decode(content, path), str(path))
    except InputError as exc:
        return [], [_as_bank_error(path, exc)]
    items, errors = _items(path, data)
    if not errors:
        cache.write(path, key, data)
    return items, errors


def _items(path: Path, data) -> tuple[list[Item], list[BankError]]:
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [BankError(path, getattr(data, "line", 1) or 1,
                              "a bank file is a list of items (each starting with '- id: ...')")]
    items, errors = [], []
    for index, raw in enumerate(data):
        item, problems = read_item(raw, str(path), data.line_of(index, 1))
        if item is not None:
            items.append(item)
        errors += problems
    return items, errors


def _as_bank_error(path: Path, exc: InputError) -> BankError:
    """A reading error (``path:line:col: problem`` or ``path: problem``) as a BankError."""
    rest = exc.message.removeprefix(str(path)).lstrip(":")
    match = re.match(r"(\d+)(?::\d+)?: (.*)", rest)
    if match:
        return BankError(path, int(match.group(1)), match.group(2))
    return BankError(path, 0, rest.lstrip(": "))
