"""The practice loop driven end to end through its input, as a scripted session."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from quizrnn import bank as bank_module
from quizrnn.practice.session import Answers, Session
from quizrnn.practice.view import PracticeView
from quizrnn.select import Selection, scheduled, select_items
from quizrnn.store import Attempt, Store, now

TEST_BANK = Path(__file__).parent / "bank"


@pytest.fixture
def test_bank():
    return bank_module.load([TEST_BANK], builtin=False)


def drive(test_bank, text: str, difficulty=None, seed=1, **options):
    """Run a session on the test bank with ``text`` as the piped input; return (summary, output, store)."""
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True)
    store = Store()
    selection = Selection(difficulties=(difficulty,) if difficulty else (), seed=seed, **options)
    session = Session(select_items(test_bank, selection), store, Answers(console, io.StringIO(text), False),
                      PracticeView(console), seed)
    summary = session.run()
    PracticeView(console).summary(summary)
    return summary, out.getvalue(), store


def rows(store):
    return store.db.execute("SELECT item_id, given, score, verdict, mistake FROM answers ORDER BY id").fetchall()


def test_right_answer(test_bank):
    summary, out, store = drive(test_bank, "98,816\n", types=("numeric",), topics=("lstm",), seed=1)
    assert "✓ Correct" in out
    assert "Answer: 98,816" in out and "Worked solution" in out and "One gate block" in out
    assert "4n(n + d + 1) with n = 128, d = 64." in out  # the explanation, with the variant's numbers
    assert rows(store) == [("test-numeric-lstm-params", "98,816", 1.0, "correct", None)]
    assert summary.results[0].grade.score == 1.0
    assert "\x1b[" not in out


def test_wrong_answer_names_the_mistake(test_bank):
    _, out, store = drive(test_bank, "74112\n", types=("numeric",), topics=("lstm",), seed=1)
    assert "✗ Not right" in out
    assert "Mistake: three gate blocks" in out and "A GRU has three blocks; an LSTM four." in out
    assert rows(store)[0][3:] == ("wrong", "three gate blocks")


def test_unreadable_answers_are_asked_again(test_bank):
    _, out, store = drive(test_bank, "lots\n98816\n", types=("numeric",), topics=("lstm",), seed=1)
    assert "Write a whole number" in out and "Try again" in out
    assert [r[3] for r in rows(store)] == ["correct"]


def test_hint_skip_and_summary(test_bank):
    summary, out, store = drive(test_bank, "?\ns\n", ids=("test-mcq-forget",))
    assert "Hint: Its name says what it does to memory." in out
    assert "? hint" in out
    assert "Skipped." in out and "Answer: " in out
    assert rows(store)[0][3] == "skipped"
    assert "1 of 1 questions taken, 1 skipped" in out


def test_mcq_wrong_choice_explains_itself(test_bank):
    item = test_bank.by_id["test-mcq-forget"]
    _, out, store = drive(test_bank, "A\n", types=("mcq",), difficulty=1, seed=1)
    assert item.choices[0].why in out
    assert "Answer: B) The forget gate" in out
    assert "test-mcq-forget: Which gate scales the previous cell state?" in out  # listed as missed


def test_multi_select_partial_credit(test_bank):
    _, out, store = drive(test_bank, "A\n", types=("mcq",), difficulty=2, seed=1)
    assert "◐ Partly right" in out and "score 0.50" in out and "You missed C." in out


def test_formula_answer(test_bank):
    _, out, store = drive(test_bank, "3n(n + d + 1)\n", types=("numeric",), topics=("gru",), seed=1)
    assert "✓ Correct" in out


def test_interview_self_graded(test_bank):
    _, out, store = drive(test_bank, "forget erases, input writes\nmaybe\n3\n", types=("interview",), seed=1)
    assert "Model answer" in out and "✓ forget gate erases" in out and "☐ output gate exposes" in out
    assert "answer 1 again, 2 hard, 3 good or 4 easy" in out.lower()
    assert rows(store) == [("test-interview-gates", "forget erases, input writes", 1.0, "correct", None)]
    reviews = store.db.execute("SELECT reviews FROM cards WHERE item_id = 'test-interview-gates'").fetchone()
    assert reviews == (1,)


def test_quit_and_end_of_input(test_bank):
    summary, out, store = drive(test_bank, "q\n", seed=2)
    assert summary.stopped == "quit" and rows(store) == []
    summary, out, store = drive(test_bank, "s\n", seed=2, count=5)
    assert summary.stopped == "end of input" and len(rows(store)) == 1
    assert "Stopped: end of input." in out


def test_answers_are_saved_before_feedback(test_bank, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("display failed")

    monkeypatch.setattr(PracticeView, "graded", crash)
    with pytest.raises(RuntimeError):
        drive(test_bank, "98816\n", types=("numeric",), topics=("lstm",), seed=1)
    store = Store()
    assert rows(store)[0][3] == "correct"


def test_ctrl_c_ends_with_summary_and_130(monkeypatch, capsys):
    from quizrnn.practice import practice

    class Interrupting(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt

    out = io.StringIO()
    code = practice(Selection(count=3, seed=1), stdin=Interrupting(), console=Console(file=out, no_color=True))
    assert code == 130 and "Session summary" in out.getvalue()


def test_weak_items_come_back_first(test_bank):
    store = Store()
    store.record(Attempt("test-mcq-forget", "A", 0.0, "wrong", rating="again"))
    store.record(Attempt("test-mcq-sigmoids", "A, C", 1.0, "correct", rating="easy"))
    cards = store.cards()
    later = now() + timedelta(hours=1)
    order = scheduled(test_bank.items, cards, 1, later)
    assert order[0].id == "test-mcq-forget"  # due again within the hour: missed it
    assert order[-1].id == "test-mcq-sigmoids"  # known well: not due yet, comes last
    assert cards["test-mcq-sigmoids"].due > cards["test-mcq-forget"].due


def test_progress_survives_and_a_damaged_file_is_not_touched(tmp_path, monkeypatch):
    from quizrnn.errors import InputError

    monkeypatch.setenv("QUIZRNN_HOME", str(tmp_path))
    store = Store()
    store.record(Attempt("x", "1", 1.0, "correct", rating="good"))
    store.close()
    assert Store().counts() == (1, 1)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "progress.sqlite3").write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("QUIZRNN_HOME", str(bad))
    with pytest.raises(InputError, match="quizrnn progress repair"):
        Store()
    assert (bad / "progress.sqlite3").read_bytes() == b"this is not sqlite" * 100


def test_cli_practice_piped(run, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("s\ns\n"))
    res = run("practice", "--count", "2", "--seed", "5")
    assert res.code == 0
    assert "Question 1 of 2" in res.out and "Question 2 of 2" in res.out
    assert "2 of 2 questions taken, 2 skipped" in res.out
    assert "--seed 5" in res.out


def test_cli_practice_same_seed_same_questions(run, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    first = run("practice", "--count", "1", "--seed", "9", "--type", "numeric").out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    again = run("practice", "--count", "1", "--seed", "9", "--type", "numeric").out
    assert first.split("Your answer")[0] == again.split("Your answer")[0]


def test_cli_practice_filters_and_errors(run, monkeypatch, tmp_path):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    res = run("practice", "--topic", "nonsense")
    assert res.code == 2 and "Invalid value for '--topic'" in res.err
    res = run("practice", "--bank", str(tmp_path / "nowhere"))
    assert res.code == 1 and "no such folder" in res.err
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.yaml").write_text("- id: x\n  type: mcq\n")
    res = run("practice", "--bank", str(tmp_path / "b"))
    assert res.code == 1 and res.err.startswith(f"Error: {tmp_path / 'b' / 'x.yaml'}:1: missing key")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    res = run("practice", "--topic", "esn", "--type", "numeric", "--difficulty", "3", "--bank", str(TEST_BANK),
              "--no-builtin")
    assert res.code == 1 and "no items match topic esn and type numeric and difficulty 3" in res.err


def test_store_schema_is_versioned(tmp_path):
    db = sqlite3.connect(Store().path)
    from quizrnn.store import MIGRATIONS

    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_new_items_are_mixed_by_kind():
    from quizrnn.select import interleave

    full = bank_module.load()
    order = scheduled(full.items, {}, 11, now())[:20]
    kinds = [i.type for i in order]
    assert 8 <= kinds.count("mcq") <= 12 and 4 <= kinds.count("numeric") <= 8 and 2 <= kinds.count("interview") <= 6
    assert "interview interview" not in " ".join(kinds)
    assert [i.type for i in interleave([])] == []


def test_prose_is_reflowed_and_code_kept():
    from quizrnn.render.values import reflow

    text = "Why does this\nfail?\n\n    model = Sequential([\n        LSTM(4),\n    ])\n"
    assert reflow(text) == "Why does this fail?\n\n    model = Sequential([\n        LSTM(4),\n    ])"


def test_numeric_matrices_are_shown_as_tables(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: t-rnn\n  type: numeric\n  topic: rnn-basics\n  difficulty: 1\n  source: s\n"
        "  params:\n    W: {value: [[0.5, -0.25], [0.125, 0.75]]}\n"
        "  prompt: 'W_xh = {W}, W_hh = 0, x_1 = [1, 0]. h_1?'\n  solver: rnn_forward\n"
        "  args: {x: [[1, 0]], W_xh: $W, W_hh: [[0, 0], [0, 0]]}\n  answer: {kind: vector, key: h}\n"
        "  explanation: e\n")
    small = bank_module.load([folder], builtin=False)
    _, out, _ = drive(small, "q\n", seed=1)
    table_rows = [line for line in out.splitlines() if "0.125" in line and "[" not in line]
    assert table_rows and "0.75" in table_rows[0]
