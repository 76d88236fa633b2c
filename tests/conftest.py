"""Shared test helpers: the CLI run in-process, fixtures, and an isolated data dir."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real user data directory."""
    home = tmp_path_factory.mktemp("quizrnn-home")
    monkeypatch.setenv("QUIZRNN_HOME", str(home))
    monkeypatch.delenv("QUIZRNN_DEBUG", raising=False)
    return home


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys):
    """Run ``quizrnn ARGS`` in-process through the real entry point."""
    from quizrnn.cli import main

    def _run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
