"""What a newcomer runs into (newcomer review): replay, spacing, encodings, pipes, redirects."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console

from quizrnn import bank as bank_module
from quizrnn.select import Selection

ROOT = Path(__file__).resolve().parent.parent
TEST_BANK = Path(__file__).parent / "bank"
DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _cli(args, text="", env=None, **kwargs):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "quizrnn", *args], input=text.encode(), capture_output=True,
                          env=full, timeout=120, cwd=ROOT, **kwargs)


def _questions(out: str) -> list[str]:
    return [line.split("Question", 1)[1].strip() for line in out.splitlines() if "Question " in line and " of " in line]


# ----------------------------------------------------------------------------- replay (M2)


def test_the_same_seed_asks_the_same_questions_whatever_was_saved(tmp_path):
    env = {"QUIZRNN_HOME": str(tmp_path)}
    first = _cli(["practice", "--seed", "1", "--count", "4"], "B\n98816\nq\n", env).stdout.decode()
    again = _cli(["practice", "--seed", "1", "--count", "4"], "s\ns\ns\ns\n", env).stdout.decode()
    assert _questions(first)[:2] == _questions(again)[:2]
    prompts = [line for line in again.splitlines() if line.strip()][:6]
    assert prompts == [line for line in first.splitlines() if line.strip()][:6]
    assert "Same questions and numbers again: quizrnn practice --count 4 --seed 1" in again


def test_the_replay_line_names_every_option():
    from quizrnn.practice import practice

    out = io.StringIO()
    practice(Selection(topics=("lstm",), types=("mcq",), difficulties=(1, 2), count=3, seed=5), [TEST_BANK],
             stdin=io.StringIO(""), console=Console(file=out, width=200, no_color=True))
    assert (f"quizrnn practice --topic lstm --type mcq --difficulty 1 --difficulty 2 --count 3 --seed 5 "
            f"--bank {TEST_BANK}") in out.getvalue()


# ----------------------------------------------------------------------------- spacing (M6), simulated clock


def _at(monkeypatch, when: datetime) -> None:
    monkeypatch.setenv("QUIZRNN_NOW", when.isoformat())


def test_right_on_first_sight_waits_days_and_a_miss_comes_back_within_the_day(monkeypatch):
    from quizrnn.select import scheduled
    from quizrnn.store import Attempt, Store, now

    _at(monkeypatch, DAY0)
    store = Store()
    store.record(Attempt("test-mcq-forget", "B", 1.0, "correct", rating="good"))
    store.record(Attempt("test-mcq-sigmoids", "A", 0.0, "wrong", rating="again"))
    cards = store.cards()
    assert cards["test-mcq-forget"].due - DAY0 >= timedelta(days=1)
    assert cards["test-mcq-sigmoids"].due - DAY0 <= timedelta(minutes=10)
    test_bank = bank_module.load([TEST_BANK], builtin=False)
    _at(monkeypatch, DAY0 + timedelta(hours=3))
    order = [i.id for i in scheduled(test_bank.items, cards, 1, now())]
    assert order[0] == "test-mcq-sigmoids" and order[-1] == "test-mcq-forget"


def test_items_answered_right_space_out_to_weeks(monkeypatch):
    from quizrnn.store import Attempt, Store

    store = Store()
    when, gaps = DAY0, []
    for _ in range(4):
        _at(monkeypatch, when)
        store.record(Attempt("test-mcq-forget", "B", 1.0, "correct", rating="good"))
        due = store.cards()["test-mcq-forget"].due
        gaps.append(due - when)
        when = due
    assert gaps == sorted(gaps) and gaps[0] >= timedelta(days=1) and gaps[-1] >= timedelta(days=14)


def test_a_second_session_the_same_day_brings_new_items(tmp_path):
    """Newcomer review M6: items answered right came back ten minutes later."""
    import sqlite3

    folder = tmp_path / "bank"
    folder.mkdir()
    items = "".join(
        f"- id: same-day-{k}\n  type: mcq\n  topic: lstm\n  difficulty: 1\n  source: s\n"
        f"  question: Question number {k} about gates{' and states' * k}?\n"
        f"  choices: [right {k}, wrong {k}, other {k}, none {k}]\n  answer: A\n  explanation: e\n"
        for k in range(6))
    (folder / "items.yaml").write_text(items)
    env = {"QUIZRNN_HOME": str(tmp_path / "home"), "QUIZRNN_NOW": DAY0.isoformat()}
    args = ["practice", "--bank", str(folder), "--no-builtin", "--count", "3"]
    _cli(args, "A\nB\nB\n", env)
    env["QUIZRNN_NOW"] = (DAY0 + timedelta(hours=2)).isoformat()
    _cli(args, "s\ns\ns\n", env)
    rows = sqlite3.connect(tmp_path / "home" / "progress.sqlite3").execute(
        "SELECT item_id, verdict FROM answers ORDER BY id").fetchall()
    first, second = rows[:3], [item for item, _ in rows[3:]]
    right = {item for item, verdict in first if verdict == "correct"}
    missed = {item for item, verdict in first if verdict == "wrong"}
    assert len(right) == 1 and len(missed) == 2
    assert not right & set(second), "an item answered right came back the same day"
    assert missed <= set(second), "a missed item did not come back within the day"
    assert len(set(second) - right - missed) == 1, "the rest of the session is new items"


# ----------------------------------------------------------------------------- encodings (M7), pipes, colour


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_in_a_legacy_encoding_never_crashes(encoding, tmp_path):
    env = {"PYTHONIOENCODING": encoding, "QUIZRNN_HOME": str(tmp_path)}
    res = _cli(["practice", "--seed", "1", "--count", "3"], "B\n74112\nq\n", env)
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode(encoding)
    assert "Session summary" in out and "Error" not in res.stderr.decode(encoding, "replace")
    res = _cli(["solve", "forward", "examples/gru_textbook.yaml"], env=env)
    out = res.stdout.decode(encoding)
    assert res.returncode == 0 and "sigma(" in out and "(.)" in out and "h~_t" in out


def test_output_to_a_file_has_no_trailing_spaces(tmp_path):
    res = _cli(["practice", "--seed", "1", "--count", "2"], "B\nq\n", {"QUIZRNN_HOME": str(tmp_path)})
    lines = res.stdout.decode().splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    res = _cli(["solve", "params", "lstm", "-n", "8", "-d", "4"])
    assert all(line == line.rstrip() for line in res.stdout.decode().splitlines())


COLOUR = __import__("re").compile(rb"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[;m]")


def test_no_color_flag_and_environment(tmp_path):
    for args, env in ((["--no-color", "solve", "params", "lstm", "-n", "8", "-d", "4"], {}),
                      (["solve", "params", "lstm", "-n", "8", "-d", "4", "--no-color"], {}),
                      (["solve", "params", "lstm", "-n", "8", "-d", "4"], {"NO_COLOR": "1"})):
        res = _cli(args, env=dict(env, FORCE_COLOR="1", TERM="xterm-256color"))
        assert res.returncode == 0 and not COLOUR.search(res.stdout)
    coloured = _cli(["solve", "params", "lstm", "-n", "8", "-d", "4"], env={"FORCE_COLOR": "1"})
    assert COLOUR.search(coloured.stdout)  # the flag is what removes them


def test_a_closed_pipe_exits_quietly():
    res = subprocess.run(f"{sys.executable} -m quizrnn solve forward examples/bilstm_pytorch.json | head -2",
                         shell=True, capture_output=True, cwd=ROOT, timeout=60, executable="/bin/bash")
    assert res.stderr == b"" and len(res.stdout.splitlines()) == 2
    code = subprocess.run(f"{sys.executable} -m quizrnn solve forward examples/bilstm_pytorch.json | head -2 "
                          ">/dev/null; echo ${PIPESTATUS[0]}", shell=True, capture_output=True, cwd=ROOT,
                          timeout=60, executable="/bin/bash")
    assert code.stdout.strip() == b"0"


def test_debug_is_accepted_after_the_command(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("cell: rnn\n")
    res = _cli(["solve", "forward", str(spec), "--debug"])
    assert res.returncode == 1 and b"Traceback" in res.stderr and b"x is missing" in res.stderr


def test_bare_quizrnn_prints_help_and_exits_0():
    res = _cli([])
    assert res.returncode == 0 and b"Commands:" in res.stdout


def test_a_spec_path_without_the_option_is_accepted():
    res = _cli(["solve", "forward", "examples/lstm_one_step.yaml", "--json"])
    assert res.returncode == 0 and b'"answer"' in res.stdout


# ----------------------------------------------------------------------------- practice details


@pytest.mark.parametrize("typed, message", [
    ("320.000", "320.000 could be read two ways: write 320,000 or 320"),
])
def test_ambiguous_numbers_are_asked_again(typed, message):
    from quizrnn import grading
    from quizrnn.bank import AnswerSpec

    grade = grading.grade_numeric(AnswerSpec("integer"), typed, 320000)
    assert grade.verdict == grading.UNREADABLE and message in grade.message
    grade = grading.grade_numeric(AnswerSpec("vector"), "[-2; -2; -0,8; 2]", [-2, -2, -0.8, 2])
    assert grade.verdict == grading.UNREADABLE and "decimals with a point" in grade.message


def test_topics_are_case_insensitive_and_difficulty_repeatable(tmp_path):
    res = _cli(["practice", "--topic", "LSTM", "--difficulty", "1", "--difficulty", "2", "--type", "MCQ",
                "--count", "2", "--seed", "4"], "s\ns\n", {"QUIZRNN_HOME": str(tmp_path)})
    out = res.stdout.decode()
    assert res.returncode == 0 and "· lstm · multiple choice" in out
    assert "●●●" not in out.replace("●●● ", "")  # no difficulty 3 item
    assert "--topic lstm --type mcq --difficulty 1 --difficulty 2" in " ".join(out.split())


def test_fewer_matches_than_asked_is_said(tmp_path):
    res = _cli(["practice", "--bank", str(TEST_BANK), "--no-builtin", "--type", "mcq", "--count", "20",
                "--seed", "1"], "", {"QUIZRNN_HOME": str(tmp_path)})
    assert "Only 2 items match type mcq; asking those." in res.stdout.decode()


def test_a_formula_answer_is_shown_as_people_write_it(tmp_path):
    res = _cli(["practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-numeric-formula",
                "--seed", "1"], "s\n", {"QUIZRNN_HOME": str(tmp_path)})
    out = res.stdout.decode()
    assert "Answer: 3n(n + d + 1)" in out and "*" not in out.split("Answer:")[1].splitlines()[0]
    assert "written like 2n(n + 3d)" in out


def test_skipped_items_are_listed_to_look_at_again(tmp_path):
    res = _cli(["practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-mcq-forget", "--seed", "1"],
               "s\n", {"QUIZRNN_HOME": str(tmp_path)})
    assert "To look at again:" in res.stdout.decode() and "test-mcq-forget" in res.stdout.decode()


def test_hint_is_offered_only_when_there_is_one(tmp_path):
    with_hint = _cli(["practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-mcq-forget",
                      "--seed", "1"], "q\n", {"QUIZRNN_HOME": str(tmp_path)}).stdout.decode()
    without = _cli(["practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-mcq-sigmoids",
                    "--seed", "1"], "q\n", {"QUIZRNN_HOME": str(tmp_path)}).stdout.decode()
    assert "? hint" in with_hint and "? hint" not in without


def test_one_meaning_per_short_flag():
    """-n is the hidden size in solve; practice no longer uses it for --count."""
    from quizrnn.cli import cli

    meanings: dict[str, set[str]] = {}

    def walk(command):
        for param in command.params:
            for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
                if opt.startswith("-") and not opt.startswith("--"):
                    meanings.setdefault(opt, set()).add(param.name)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(cli)
    assert {flag: names for flag, names in meanings.items() if len(names) > 1} == {}
