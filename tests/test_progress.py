"""Progress over weeks: review with a simulated clock, stats, the mock exam, and the store's faults.

The clock is simulated with QUIZRNN_NOW (the store and the schedule read it); the exam's
own timer is given a fake clock in-process, and a real timer in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console

from quizrnn.errors import ExitCode, InputError
from quizrnn.select import Selection
from quizrnn.store import Attempt, Store

ROOT = Path(__file__).resolve().parent.parent
TEST_BANK = Path(__file__).parent / "bank"
DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday


def _at(monkeypatch, when: datetime) -> None:
    monkeypatch.setenv("QUIZRNN_NOW", when.isoformat())


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, no_color=True), out


def make_bank(folder: Path, count: int = 12, topics=("lstm", "gru")) -> Path:
    """``count`` MCQs whose right answer is A, spread over ``topics``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(
        f"- id: item-{k:02d}\n  type: mcq\n  topic: {topics[k % len(topics)]}\n  difficulty: 1\n  source: s\n"
        f"  question: Question number {k} about recurrent cells{' and gates' * k}?\n"
        f"  choices: [right answer {k}, wrong answer {k}, another wrong {k}, none of these {k}]\n"
        f"  answer: A\n  explanation: Because {k}.\n"
        for k in range(count))
    (folder / "items.yaml").write_text(text)
    return folder


def _cli(args, text="", env=None, timeout=120):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "quizrnn", *args], input=text.encode(), capture_output=True,
                          env=full, timeout=timeout, cwd=ROOT)


def _asked(out: str) -> list[str]:
    """The item ids a session asked, from its questions (Question number k …)."""
    return [f"item-{int(line.split('Question number ')[1].split()[0]):02d}"
            for line in out.splitlines() if line.startswith("Question number ")]


def _only(folder: Path):
    """The items of this folder alone (the built-in bank left out)."""
    from quizrnn.bank.files import BankSource

    return BankSource((str(folder),), False)


def _review(folder: Path, answers: str, **options) -> tuple[int, str]:
    from quizrnn.bank.files import BankSource
    from quizrnn.practice import review

    console, out = _console()
    code = review(source=BankSource((str(folder),), False), stdin=io.StringIO(answers), console=console, **options)
    return code, out.getvalue()


# ----------------------------------------------------------------------------- review, several days


def test_review_serves_exactly_the_due_items_across_days(tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank")
    _at(monkeypatch, DAY0)
    code, out = _review(folder, "A\nA\nA\nB\nB\n", new=5)
    first = _asked(out)
    assert code == 0 and len(first) == 5
    right, missed = set(first[:3]), set(first[3:])

    # an hour later the two missed items are due again, and today's five new items are used up
    _at(monkeypatch, DAY0 + timedelta(hours=1))
    store = Store()
    due = {i for i, c in store.cards().items() if c.due <= DAY0 + timedelta(hours=1)}
    store.close()
    assert due == missed
    code, out = _review(folder, "A\nA\n", new=5)
    assert set(_asked(out)) == missed and len(_asked(out)) == 2

    # the next morning: nothing of yesterday's is due yet (right answers wait days), five new items come
    _at(monkeypatch, DAY0 + timedelta(days=1))
    code, out = _review(folder, "A\n" * 5, new=5)
    second_day = _asked(out)
    assert len(second_day) == 5 and not set(second_day) & (right | missed)

    # weeks later exactly the cards due then are served, weakest first
    later = DAY0 + timedelta(days=40)
    _at(monkeypatch, later)
    store = Store()
    cards = store.cards()
    store.close()
    due = sorted((i for i, c in cards.items() if c.due <= later), key=lambda i: (cards[i].stability, cards[i].due, i))
    code, out = _review(folder, "A\n" * 20, new=0)
    assert _asked(out) == due


def test_right_answers_space_out_to_weeks_and_misses_come_back_within_the_day(tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank", count=2, topics=("lstm",))
    when, gaps = DAY0, []
    for _ in range(5):
        _at(monkeypatch, when)
        _review(folder, "A\nA\n", new=2)
        store = Store()
        due = store.cards()["item-00"].due
        store.close()
        gaps.append(due - when)
        when = due
    assert gaps[0] >= timedelta(days=1)
    assert all(b > a for a, b in zip(gaps, gaps[1:])), gaps
    assert gaps[-1] >= timedelta(days=7)
    _at(monkeypatch, when)
    _review(folder, "B\nB\n", new=0)  # a lapse after weeks of right answers
    store = Store()
    assert store.cards()["item-00"].due - when <= timedelta(hours=1)


def test_nothing_due_says_when_the_next_item_is(tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank", count=2)
    _at(monkeypatch, DAY0)
    _review(folder, "A\nA\n")
    _at(monkeypatch, DAY0 + timedelta(hours=2))
    code, out = _review(folder, "")
    assert code == 0
    assert "Nothing is due for review now." in out and "The next item is due in" in out
    assert "You have seen every item" in out


def test_the_daily_new_limit_counts_from_local_midnight(tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank", count=10)
    _at(monkeypatch, DAY0)
    assert len(_asked(_review(folder, "A\n" * 10, new=3)[1])) == 3
    _at(monkeypatch, DAY0 + timedelta(minutes=30))
    code, out = _review(folder, "A\n" * 10, new=3)
    assert _asked(out) == [] and "today's 3 new items" in " ".join(out.split())
    code, out = _review(folder, "", new=0)
    assert "New items are off (--new 0)" in " ".join(out.split())


def test_a_template_comes_back_with_fresh_numbers(tmp_path, monkeypatch):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: t-lstm-count\n  type: numeric\n  topic: lstm\n  difficulty: 1\n  source: s\n"
        "  params:\n    n: {range: [8, 512]}\n    d: {range: [8, 512]}\n"
        "  prompt: How many parameters has an LSTM with n = {n} and d = {d}?\n"
        "  solver: params\n  args: {cell: lstm, hidden: $n, input_size: $d}\n  answer: {kind: integer}\n"
        "  mistakes:\n    - name: GRU count\n      args: {cell: gru}\n      feedback: Three blocks.\n"
        "  explanation: 4n(n + d + 1).\n")
    prompts = []
    for hours in (0, 1, 2):  # a wrong answer brings it back within the hour
        _at(monkeypatch, DAY0 + timedelta(hours=hours))
        code, out = _review(folder, "0\n")
        prompts += [line for line in out.splitlines() if line.startswith("How many parameters")]
    store = Store()
    seeds = [row[0] for row in store.db.execute("SELECT seed FROM answers ORDER BY id")]
    store.close()
    assert len(seeds) == 3 and len(set(seeds)) == 3, seeds
    assert len(set(prompts)) == 3, prompts


# ----------------------------------------------------------------------------- practice: cram, missed, undo


def test_missed_practises_what_the_last_session_missed(tmp_path, monkeypatch):
    from quizrnn.practice import practice

    folder = make_bank(tmp_path / "bank", count=6)
    source = _only(folder)
    _at(monkeypatch, DAY0)
    console, out = _console()
    practice(Selection(count=4, seed=3), source, stdin=io.StringIO("A\nB\ns\nA\n"), console=console)
    asked = _asked(out.getvalue())
    console, out = _console()
    practice(Selection(count=10), source, stdin=io.StringIO("A\nA\n"), console=console, missed=True)
    assert _asked(out.getvalue()) == asked[1:3]


def test_undo_puts_store_and_card_back(tmp_path, monkeypatch):
    from quizrnn.practice import practice

    folder = make_bank(tmp_path / "bank", count=1)
    _at(monkeypatch, DAY0)
    console, _ = _console()
    practice(Selection(count=1, seed=1), _only(folder), stdin=io.StringIO("A\n"), console=console)
    store = Store()
    before = {k: (c.due, c.reviews, c.lapses, c.stability, c.state) for k, c in store.cards().items()}
    store.close()
    _at(monkeypatch, DAY0 + timedelta(days=5))
    console, out = _console()
    code = practice(Selection(count=1, seed=2), _only(folder), stdin=io.StringIO("u\nB\n"), console=console,
                    cram=True)
    assert code == 0
    # the session ended after its one question; undo it in a second session's place: the store's own undo
    store = Store()
    session = store.db.execute("SELECT session FROM answers ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert store.cards()["item-00"].lapses == 1
    assert store.undo_last(session) == "item-00"
    after = {k: (c.due, c.reviews, c.lapses, c.stability, c.state) for k, c in store.cards().items()}
    assert after == before and store.counts()[0] == 1
    store.close()
    assert "Nothing to undo yet." in out.getvalue()


def test_undo_at_the_prompt_asks_the_question_again(tmp_path, monkeypatch):
    from quizrnn.practice import practice

    folder = make_bank(tmp_path / "bank", count=2)
    _at(monkeypatch, DAY0)
    console, out = _console()
    practice(Selection(count=2, seed=1), _only(folder), stdin=io.StringIO("B\nu\nA\nA\n"), console=console)
    text = out.getvalue()
    assert "Undone: your last answer" in text
    store = Store()
    assert [r[0] for r in store.db.execute("SELECT given FROM answers ORDER BY id")] == ["A", "A"]
    assert all(c.lapses == 0 for c in store.cards().values())
    store.close()


# ----------------------------------------------------------------------------- stats


def _history(monkeypatch, plan):
    """Record (day offset, item, score, rating) answers on the simulated clock."""
    store = Store()
    for day, item, score, rating in plan:
        _at(monkeypatch, DAY0 + timedelta(days=day))
        store.record(Attempt(item, "x", score, "correct" if score == 1 else "wrong", rating=rating,
                             topic="lstm" if int(item[-2:]) % 2 == 0 else "gru", kind="mcq"))
    return store


@pytest.fixture
def utc(monkeypatch):
    """Local days are UTC days, whatever the machine's zone."""
    if not hasattr(time, "tzset"):
        pytest.skip("time zones cannot be set on this platform")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_stats_shows_topics_weeks_heatmap_due_streak_and_leeches(tmp_path, monkeypatch, utc):
    from quizrnn import bank as bank_module
    from quizrnn.stats import compute

    folder = make_bank(tmp_path / "bank", count=12)
    plan = [(d, "item-00", 1.0, "good") for d in (0, 3, 12)]
    plan += [(d, "item-01", 0.0, "again") for d in range(8)]  # a leech: failed 8 times
    plan += [(20, "item-02", 1.0, "good"), (21, "item-03", 0.0, "again"), (22, "item-04", 1.0, "good")]
    store = _history(monkeypatch, plan)
    when = DAY0 + timedelta(days=22, hours=1)
    data = compute(bank_module.load([folder], builtin=False), store, when)
    cards = store.cards()
    store.close()

    topics = {t["topic"]: t for t in data["topics"]}
    assert topics["lstm"]["items"] == 6 and topics["lstm"]["seen"] == 3 and topics["lstm"]["unseen"] == 3
    assert topics["gru"]["seen"] == 2 and topics["gru"]["mastered"] == 0
    assert topics["lstm"]["mastered"] == 3  # answered right, recall still above 90%
    assert data["leeches"] == [{"item": "item-01", "topic": "gru", "failed": 8}]
    assert data["streak"] == {"current": 3, "longest": 8, "last_active": "2026-03-24"}
    assert len(data["weeks"]) == 8 and data["weeks"][-1]["week_start"] == "2026-03-23"
    assert data["weeks"][-1]["answers"] == 2 and data["weeks"][-1]["accuracy"] == 0.5
    assert len(data["heatmap"]) == 11 * 7 + 2 and data["heatmap"][-1] == {"date": "2026-03-24", "answers": 1}
    days = {d["date"]: d["answers"] for d in data["heatmap"]}
    assert days["2026-03-02"] == 2 and days["2026-03-05"] == 2 and days["2026-03-06"] == 1
    assert days["2026-03-14"] == 1 and days["2026-03-15"] == 0
    week_end = (when + timedelta(days=6)).date()
    assert len(data["due_next_7_days"]) == 7
    assert sum(d["due"] for d in data["due_next_7_days"]) == sum(1 for c in cards.values() if c.due.date() <= week_end)
    assert data["due_next_7_days"][0]["due"] >= data["totals"]["due_now"] >= 1  # item-03, missed an hour ago
    # readiness: seen items at their recall, unseen at the topic's first-sight rate
    assert topics["lstm"]["base_rate"] == 1.0 and topics["gru"]["base_rate"] == 0.0
    assert 0.0 < data["readiness"]["expected_score"] < 1.0


def test_stats_json_keys_are_the_documented_ones(run, tmp_path, monkeypatch):
    import re

    folder = make_bank(tmp_path / "bank", count=4)
    _history(monkeypatch, [(0, "item-00", 1.0, "good")]).close()
    res = run("stats", "--json", "--bank", str(folder), "--no-builtin")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    doc = (ROOT / "docs" / "stats-format.md").read_text()
    documented = {name for cell in re.findall(r"^\| (`[^|]+) \|", doc, re.M) for name in re.findall(r"`(\w+)`", cell)}
    assert set(data) <= documented and set(data["topics"][0]) <= documented
    assert documented == set(data) | set(data["topics"][0])


def test_stats_terminal_view(run, tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank", count=4)
    _history(monkeypatch, [(0, "item-00", 1.0, "good"), (1, "item-01", 0.0, "again")]).close()
    res = run("stats", "--bank", str(folder), "--no-builtin")
    assert res.code == 0, res.err
    for words in ("Exam readiness", "Mastery by topic", "lstm", "gru", "Streak"):
        assert words in res.out, words


# ----------------------------------------------------------------------------- exam


def _exam(answers: str, selection: Selection, clock=None, minutes=None, source=(str(TEST_BANK),)):
    from quizrnn.bank.files import BankSource
    from quizrnn.exam import exam

    console, out = _console()
    kwargs = {"clock": clock} if clock else {}
    code = exam(selection, BankSource(source, False), minutes, stdin=io.StringIO(answers), console=console, **kwargs)
    return code, out.getvalue()


def _right_answers(selection: Selection, source=(str(TEST_BANK),)) -> list[str]:
    from quizrnn.bank.files import BankSource
    from quizrnn.exam import draw

    questions, _ = draw(selection, BankSource(source, False))
    return [q.answer_text() if q.kind != "interview" else "forget gate erases, input gate writes, output gate "
            "shows the hidden state" for q in questions]


def test_exam_grades_nothing_until_handed_in_and_then_everything():
    selection = Selection(count=5, seed=11)
    answers = _right_answers(selection)
    code, out = _exam("\n".join(answers) + "\n", selection)
    assert code == 0
    before, report = out.split("Mock exam: the answers")
    assert "Correct" not in before and "Worked solution" not in before
    assert report.count("✓") >= 4 and "Worked solution" in report
    assert "Score 10 of 10 points (100%)" in report  # 2 MCQs (1 each), 2 numeric (2 each), 1 interview (4)
    store = Store()
    rows = store.db.execute("SELECT mode, verdict, rating FROM answers").fetchall()
    assert len(rows) == 5 and {r[0] for r in rows} == {"exam"} and all(r[2] for r in rows)


def test_exam_answers_can_be_revised_by_going_back():
    selection = Selection(count=2, seed=11, types=("numeric",))
    right = _right_answers(selection)
    code, out = _exam(f"7\nb\n{right[0]}\n{right[1]}\n", selection)
    assert code == 0
    assert "Your answer so far: 7 (Enter keeps it)" in out
    assert "Score 4 of 4 points (100%)" in out
    code, out = _exam(f"{right[0]}\nb\n\n{right[1]}\n", selection)  # Enter keeps the earlier answer
    assert "Score 4 of 4 points (100%)" in out


def test_back_at_a_multiple_choice_question_is_not_the_choice_b():
    selection = Selection(count=2, seed=4, types=("mcq",))
    right = _right_answers(selection)
    code, out = _exam(f"{right[0]}\nB\n", selection)
    assert "Your answer: B" in out.split("Mock exam: the answers")[1]
    assert "This is the first question" not in out


def test_exam_ends_when_the_time_is_up():
    now = [0.0]

    def clock():
        return now[0]

    class Slow(io.StringIO):
        def readline(self, *args):
            now[0] += 6 * 60  # each answer takes six minutes
            return super().readline(*args)

    from quizrnn.bank.files import BankSource
    from quizrnn.exam import exam

    console, out = _console()
    selection = Selection(count=5, seed=11)
    code = exam(selection, BankSource((str(TEST_BANK),), False), 20, stdin=Slow("s\ns\ns\ns\ns\n"),
                console=console, clock=clock)
    text = out.getvalue()
    assert code == 0
    assert "Time is up" in text and "The time ran out" in text
    assert "time 20:00 of 20:00" in text
    assert text.count("Left blank") == 5
    store = Store()
    assert store.db.execute("SELECT COUNT(*) FROM answers WHERE mode = 'exam'").fetchone()[0] == 5


def test_exam_time_limit_interrupts_a_waiting_prompt(tmp_path):
    """A real process: nothing is typed, the timer ends the exam on time and the report follows."""
    env = dict(os.environ, QUIZRNN_HOME=str(tmp_path))
    started = time.monotonic()
    read_end, write_end = os.pipe()  # held open and never written: only the timer can end the exam
    try:
        proc = subprocess.Popen([sys.executable, "-m", "quizrnn", "exam", "--bank", str(TEST_BANK), "--no-builtin",
                                 "--count", "3", "--seed", "2", "--minutes", "0.05"], stdin=read_end,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        try:
            out, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
    finally:
        os.close(read_end)
        os.close(write_end)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, err.decode()
    assert "Time is up" in out.decode() and "Mock exam: the score" in out.decode()
    assert elapsed < 30


def test_exam_interview_is_scored_by_key_points():
    selection = Selection(count=1, types=("interview",), seed=1)
    code, out = _exam("the forget gate can erase memory\n", selection)
    assert "◐ Some key points" in out and "1.3 of 4 points" in out
    assert "Key points: your answer makes 1 of 3" in out


def test_exam_options_on_the_command_line(tmp_path):
    env = {"QUIZRNN_HOME": str(tmp_path)}
    options = ["exam", "--bank", str(TEST_BANK), "--no-builtin", "--count", "9", "--seed", "1"]
    res = _cli([*options, "--minutes", "0"], env=env)
    assert res.returncode == 2 and b"--minutes" in res.stderr
    res = _cli(options, "A\n", env=env)
    out = res.stdout.decode()
    assert res.returncode == 0, res.stderr.decode()
    assert "Only 5 items match" in out and "Mock exam · 5 questions" in out
    assert "The answers ran out (end of input)" in out and "1 of 5 answered" in out


# ----------------------------------------------------------------------------- progress where/export/import/reset/repair


def _some_answers(monkeypatch, count=4):
    store = Store()
    for k in range(count):
        _at(monkeypatch, DAY0 + timedelta(days=k))
        store.record(Attempt(f"item-{k % 3:02d}", f"answer é {k}", 1.0 if k % 2 else 0.0,
                             "correct" if k % 2 else "wrong", rating="good" if k % 2 else "again", topic="lstm",
                             kind="mcq", session="s1"))
    return store


def test_export_then_import_elsewhere_rebuilds_the_same_cards(run, tmp_path, monkeypatch, isolated_home):
    store = _some_answers(monkeypatch)
    store.record(Attempt("item-09", "caf\udce9", None, "skipped", kind="mcq"))  # undecodable bytes kept exactly
    cards = {k: (c.due, c.reviews, c.lapses, c.stability) for k, c in store.cards().items()}
    store.close()
    target = tmp_path / "out.json"
    res = run("progress", "export", str(target))
    assert res.code == 0 and "5 answers written" in res.err
    monkeypatch.setenv("QUIZRNN_HOME", str(tmp_path / "other"))
    res = run("progress", "import", str(target))
    assert res.code == 0 and "5 answers added, 0 already here; 3 cards rebuilt." in res.out, res.out
    store = Store()
    assert {k: (c.due, c.reviews, c.lapses, c.stability) for k, c in store.cards().items()} == cards
    given = {row[0] for row in store.db.execute("SELECT given FROM answers")}
    assert "caf\udce9".encode("utf-8", "surrogateescape") in given
    store.close()
    res = run("progress", "import", str(target))
    assert res.code == 0 and "0 answers added, 5 already here." in res.out


def test_import_merges_two_machines(run, tmp_path, monkeypatch):
    _some_answers(monkeypatch).close()
    run("progress", "export", str(tmp_path / "a.json"))
    monkeypatch.setenv("QUIZRNN_HOME", str(tmp_path / "b"))
    store = Store()
    _at(monkeypatch, DAY0 + timedelta(days=10))
    store.record(Attempt("item-00", "A", 1.0, "correct", rating="good", topic="lstm", kind="mcq"))
    store.close()
    res = run("progress", "import", str(tmp_path / "a.json"))
    assert "4 answers added" in res.out
    store = Store()
    card = store.cards()["item-00"]
    store.close()
    assert card.reviews == 3 and card.last_review == DAY0 + timedelta(days=10)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(format="other"), "not a quizrnn progress export"),
    (lambda d: d.update(version=99), "newer quizrnn (export version 99)"),
    (lambda d: d["answers"][1].update(answered_at="yesterday"), "answers[1].answered_at: expected a time"),
    (lambda d: d["answers"][0].update(score=2), "answers[0].score: expected a score from 0 to 1"),
    (lambda d: d["answers"][2].update(rating="great"), "answers[2].rating: expected null or one of"),
    (lambda d: d["answers"][0].update(extra=1), "answers[0]: unknown field 'extra'"),
    (lambda d: d["answers"][0].pop("item_id"), "answers[0].item_id: expected a non-empty text"),
])
def test_import_names_what_is_wrong_and_imports_nothing(run, tmp_path, monkeypatch, edit, message):
    _some_answers(monkeypatch).close()
    run("progress", "export", str(tmp_path / "a.json"))
    data = json.loads((tmp_path / "a.json").read_text())
    edit(data)
    (tmp_path / "bad.json").write_text(json.dumps(data))
    monkeypatch.setenv("QUIZRNN_HOME", str(tmp_path / "b"))
    res = run("progress", "import", str(tmp_path / "bad.json"))
    assert res.code == 1 and message in res.err and "Traceback" not in res.err, res.err
    assert len(res.err.strip().splitlines()) == 1
    store = Store()
    assert store.counts() == (0, 0)


def test_export_into_a_missing_folder_is_one_line(run, tmp_path):
    res = run("progress", "export", str(tmp_path / "none" / "p.json"))
    assert res.code == 1 and res.err.strip() == f"Error: {tmp_path / 'none' / 'p.json'}: the folder {tmp_path / 'none'} does not exist"


def test_import_of_a_file_that_is_not_json(run, tmp_path):
    (tmp_path / "x.json").write_text('{"format": "quizrnn-progress",\n "answers": [1,}')
    res = run("progress", "import", str(tmp_path / "x.json"))
    assert res.code == 1 and "x.json:2:" in res.err and "not a progress export (" in res.err


def test_reset_asks_keeps_a_backup_and_needs_yes_in_scripts(run, monkeypatch, isolated_home):
    _some_answers(monkeypatch).close()
    res = run("progress", "reset")
    assert res.code == 1 and "add --yes" in res.err
    store = Store()
    assert store.counts()[0] == 4
    store.close()
    res = run("progress", "reset", "--yes")
    assert res.code == 0 and "4 answers and 3 cards removed" in res.out
    backups = sorted(isolated_home.glob("progress.sqlite3.backup-*"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 4
    assert list(isolated_home.glob("progress-journal.jsonl.backup-*"))
    store = Store()
    assert store.counts() == (0, 0)
    store.close()
    res = run("progress", "where")
    assert "0 answers, 0 cards." in res.out and "progress.sqlite3.backup-" in res.out


def test_reset_asks_at_a_terminal(tmp_path, monkeypatch):
    """The question is asked (and 'n' changes nothing) when input is a terminal."""
    pty = pytest.importorskip("pty")
    _some_answers(monkeypatch).close()
    main, side = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "quizrnn", "progress", "reset"], stdin=side, stdout=side,
                            stderr=side, cwd=ROOT, env=dict(os.environ))
    os.close(side)
    screen = b""
    deadline = time.monotonic() + 60
    try:
        while b"[y/N]" not in screen and time.monotonic() < deadline:
            screen += os.read(main, 1024)
        os.write(main, b"n\n")
        while True:
            try:
                chunk = os.read(main, 1024)
            except OSError:  # the terminal closed: the process has ended
                break
            if not chunk:
                break
            screen += chunk
        proc.wait(timeout=60)
    finally:
        proc.kill()
        os.close(main)
    assert b"Remove 4 answers and 3 cards?" in screen and b"Nothing was changed." in screen
    store = Store()
    assert store.counts()[0] == 4


def test_where_names_the_folder_and_sizes(run, monkeypatch, isolated_home):
    res = run("progress", "where")
    assert res.code == 0 and str(isolated_home) in res.out.replace("\n", "") and "No progress saved yet" in res.out
    _some_answers(monkeypatch).close()
    res = run("progress", "where")
    assert "progress.sqlite3" in res.out and "KB" in res.out and "4 answers, 3 cards." in res.out


@pytest.mark.parametrize("damage", ["garbage", "pages", "folder"])
def test_a_damaged_file_is_named_and_repair_keeps_every_answer(run, monkeypatch, isolated_home, damage):
    _some_answers(monkeypatch, count=6).close()
    path = isolated_home / "progress.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all\n" * 100)
    elif damage == "pages":
        data = bytearray(path.read_bytes())
        data[100:len(data)] = bytes(len(data) - 100)  # everything after the header zeroed
        path.write_bytes(bytes(data))
    else:
        path.unlink()
        path.mkdir()
    for command in (["practice", "--count", "1"], ["stats"], ["review"], ["exam", "--count", "1"]):
        res = run(*command)
        assert res.code == 1 and "quizrnn progress repair" in res.err and "Traceback" not in res.err, (command, res)
        assert len(res.err.strip().splitlines()) == 1
    res = run("progress", "where")
    assert res.code == 0 and "run 'quizrnn progress repair'" in " ".join(res.out.split())
    res = run("progress", "repair")
    assert res.code == 0 and "Moved aside to" in res.out and "6 answers read back" in res.out, res.out
    moved = [p for p in isolated_home.iterdir() if p.name.startswith("progress.sqlite3.damaged-")
             and not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1
    store = Store()
    assert store.counts() == (6, 3)
    store.close()
    res = run("progress", "repair")
    assert "nothing to repair" in res.out


def test_repair_of_a_readable_file_changes_nothing(run, monkeypatch, isolated_home):
    _some_answers(monkeypatch).close()
    res = run("progress", "repair")
    assert res.code == 0 and "nothing to repair" in res.out
    assert [p.name for p in isolated_home.iterdir() if "damaged" in p.name] == []


def test_the_journal_skips_a_cut_line_and_honours_undo(isolated_home):
    from quizrnn.store import Journal

    store = Store()
    store.record(Attempt("item-00", "A", 1.0, "correct", rating="good", session="s"))
    store.record(Attempt("item-01", "B", 0.0, "wrong", rating="again", session="s"))
    store.undo_last("s")
    store.close()
    with open(isolated_home / "progress-journal.jsonl", "a") as fh:
        fh.write('{"uid": "cut-short", "item_')
    rows = Journal(isolated_home / "progress-journal.jsonl").read()
    assert [r["item_id"] for r in rows] == ["item-00"]


# ----------------------------------------------------------------------------- faults with real processes


def test_two_processes_on_one_store_lose_nothing(tmp_path):
    env = dict(os.environ, QUIZRNN_HOME=str(tmp_path))
    args = [sys.executable, "-m", "quizrnn", "practice", "--type", "mcq", "--count", "40", "--cram"]
    procs = [subprocess.Popen([*args, "--seed", str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, cwd=ROOT) for seed in (1, 2)]
    outs = [p.communicate(b"A\n" * 40, timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
        assert b"not saved" not in out and b"could not be saved" not in out
    rows = sqlite3.connect(tmp_path / "progress.sqlite3").execute("SELECT COUNT(*), COUNT(DISTINCT uid) "
                                                                 "FROM answers").fetchone()
    assert rows == (80, 80)


def test_sigkill_mid_session_loses_nothing_graded(tmp_path):
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    env = dict(os.environ, QUIZRNN_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "quizrnn", "practice", "--type", "mcq", "--count", "10",
                             "--seed", "5"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=ROOT)
    proc.stdin.write(b"A\nB\nC\n")
    proc.stdin.flush()
    seen = b""
    deadline = time.monotonic() + 60
    while seen.count(b"Your answer") < 4 and time.monotonic() < deadline:
        seen += os.read(proc.stdout.fileno(), 4096)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert seen.count(b"Your answer") >= 4, seen.decode()
    rows = sqlite3.connect(tmp_path / "progress.sqlite3").execute("SELECT given FROM answers ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["A", "B", "C"]


def test_an_item_that_left_the_bank_keeps_its_history_and_is_skipped(tmp_path, monkeypatch, run):
    folder = make_bank(tmp_path / "bank", count=3)
    store = _history(monkeypatch, [(0, "item-00", 0.0, "again"), (0, "item-07", 0.0, "again")])  # item-07: gone
    store.close()
    _at(monkeypatch, DAY0 + timedelta(days=1))
    code, out = _review(folder, "A\n" * 5)
    assert code == 0 and "item-07" not in out and "Question number 7" not in out
    res = run("stats", "--json", "--bank", str(folder), "--no-builtin")
    assert res.code == 0 and "item-07" not in res.out
    store = Store()
    assert store.db.execute("SELECT COUNT(*) FROM answers WHERE item_id = 'item-07'").fetchone()[0] == 1
    assert "item-07" in store.cards()


def test_a_clock_that_moved_backwards_does_not_break_scheduling(tmp_path, monkeypatch):
    folder = make_bank(tmp_path / "bank", count=2)
    _at(monkeypatch, DAY0 + timedelta(days=5))
    _review(folder, "A\nB\n")
    _at(monkeypatch, DAY0)  # the clock jumps five days back
    code, out = _review(folder, "A\nA\n", new=5)
    assert code == 0
    store = Store()
    cards = store.cards()
    assert all(c.last_review <= c.due for c in cards.values())
    code, out = _review(folder, "")
    assert code == 0


def test_a_store_from_a_newer_quizrnn_is_refused(run, isolated_home):
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    for command in (["stats"], ["review"], ["progress", "export", "-"]):
        res = run(*command)
        assert res.code == 1 and "written by a newer quizrnn (schema 99)" in res.err
    with pytest.raises(InputError):
        Store()


def test_exit_codes_are_the_documented_ones():
    assert (ExitCode.OK, ExitCode.ERROR, ExitCode.NOT_SAVED, ExitCode.INTERRUPTED) == (0, 1, 3, 130)


def test_a_store_of_the_first_schema_is_brought_up_to_date(isolated_home, utc):
    """Progress saved by the first release: every later column and index is filled in, nothing lost."""
    import fsrs

    from quizrnn.store import MIGRATIONS

    card, _ = fsrs.Scheduler().review_card(fsrs.Card(), fsrs.Rating.Good, review_datetime=DAY0)
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO answers (session, item_id, seed, given, score, verdict, mistake, seconds, answered_at) "
               "VALUES ('s', 'item-00', NULL, 'A', 1.0, 'correct', NULL, 3.5, ?)", (DAY0.isoformat(),))
    db.execute("INSERT INTO cards (item_id, card, due, reviews, lapses) VALUES ('item-00', ?, ?, 1, 0)",
               (card.to_json(), card.due.isoformat()))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    uid, day, mode = store.db.execute("SELECT uid, day, mode FROM answers").fetchone()
    assert len(uid) == 32 and day == "2026-03-02" and mode == "practice"
    state = store.cards()["item-00"]
    assert state.stability == card.stability and state.last_review == DAY0 and state.state == int(card.state)
    assert store.activity(["item-00"])[0] == [("2026-03-02", 1, 1.0, 1)]
    store.close()
