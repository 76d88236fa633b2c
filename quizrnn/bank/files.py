"""Finding the bank's files: the built-in ones, then those of each ``--bank`` folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from quizrnn.errors import InputError

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BankSource:
    """Where items come from: the built-in bank (unless left out) and any --bank folders."""

    dirs: tuple[str, ...] = ()
    builtin: bool = True

    def as_options(self) -> list[str]:
        return [arg for d in self.dirs for arg in ("--bank", d)] + ([] if self.builtin else ["--no-builtin"])


def builtin_dir() -> Path:
    import question_bank

    return Path(question_bank.__file__).resolve().parent


def _walk(folder: Path, problems: list[str]) -> list[Path]:
    """Every .yaml/.yml file under ``folder``; folders that cannot be read are reported."""
    found = []

    def unreadable(err: OSError) -> None:
        problems.append(f"{err.filename}: cannot read this folder ({err.strerror}); its items are left out")

    for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found)


def bank_files(extra_dirs=(), builtin: bool = True, problems: list[str] | None = None) -> list[Path]:
    """The built-in bank files, then those of each --bank folder, in a stable order.

    Folders that cannot be read are added to ``problems`` (one line each), not skipped silently.
    """
    problems = problems if problems is not None else []
    files = _walk(builtin_dir(), problems) if builtin else []
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.exists():
            raise InputError(f"--bank: {folder}: no such folder")
        if not folder.is_dir():
            raise InputError(f"--bank: {folder}: not a folder")
        found = _walk(folder, problems)
        if not found and not problems:
            raise InputError(f"--bank: {folder}: no .yaml files in it")
        files += found
    return files
