"""Every help page, at 60 and 100 columns: laid out cleanly, with examples that run as written.

The commands are found by walking the click group, so a new command is covered without
being listed here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from quizrnn.cli import cli
from quizrnn.topics import TOPICS

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, path + (name,))
        else:
            yield path + (name,), command


COMMANDS = list(_commands())


def _help(path: tuple[str, ...], columns: int) -> str:
    env = dict(os.environ, COLUMNS=str(columns))
    res = subprocess.run([sys.executable, "-m", "quizrnn", *path, "--help"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout


def _examples(text: str) -> list[str]:
    """The example lines of a help page: the indented lines under 'Examples:'."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.strip() == "Examples:")
    found = []
    for line in lines[start + 1:]:
        if not line.startswith("    ") or not line.strip():
            break
        found.append(line.strip())
    return found


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "quizrnn" for p, _ in COMMANDS])
def test_help_page_is_laid_out_cleanly(path, command, columns):
    text = _help(path, columns)
    usage = "Usage: quizrnn" + "".join(" " + p for p in path)
    assert text.startswith(usage)
    assert "\\b" not in text and "\b" not in text
    examples = _examples(text)
    assert examples, f"{' '.join(path)} has no examples"
    prose = [line for line in text.splitlines() if line.strip() not in examples and not line.startswith("    ")]
    for line in prose:
        assert len(line) <= max(columns, 80), line
        assert line == line.rstrip(), f"trailing space: {line!r}"
    description = text.split("Examples:")[0].splitlines()[1:]
    for line in description:   # newcomer review M1: the description was indented 6 spaces, with gaps
        if line.startswith("    "):
            continue  # a block kept as written (a spec example)
        assert not line or (line.startswith("  ") and not line.startswith("   ")), line
        assert not re.search(r"\S {3,}\S", line), f"stray run of spaces: {line!r}"
    if "Topics:" in text:
        for topic in TOPICS:
            assert topic in text, f"{topic} broken across lines"
    for example in examples:
        assert example.startswith(("quizrnn", "printf")), example
        assert len(example) <= 76, example


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "quizrnn" for p, _ in COMMANDS])
def test_every_example_runs_as_written(path, command, tmp_path):
    """Newcomer review m2: examples named files that do not exist.

    They run in an empty folder that sees the project's examples/, so files they write stay there."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / "examples").symlink_to(ROOT / "examples")
    for example in _examples(_help(path, 100)):
        stdin = ""
        if example.startswith("printf"):
            printed, example = example.split("|", 1)
            stdin = shlex.split(printed)[1].encode().decode("unicode_escape")
        args = shlex.split(example)
        assert args[0] == "quizrnn"
        env = dict(os.environ, QUIZRNN_HOME=str(tmp_path / "home"))
        res = subprocess.run([sys.executable, "-m", "quizrnn", *args[1:]], input=stdin, capture_output=True,
                             text=True, env=env, cwd=workdir, timeout=300)
        assert res.returncode == 0, f"{example}: {res.stderr or res.stdout[-500:]}"
