"""The reproductions of the numeric verification and the reliability review, each as a test.

Numeric: keyed answers computed exactly, declared mistakes apart from the answer and from
each other, printed working that leads to the key. Reliability (F1-F10): no input hangs,
exhausts memory, reaches the terminal raw, crashes a session or loses an answer.
"""

from __future__ import annotations

import io
import math
import os
import sqlite3
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from rich.console import Console

from quizrnn import bank as bank_module
from quizrnn import grading, templates
from quizrnn.bank import quality
from quizrnn.errors import InputError

BANK = bank_module.load()
TEST_BANK = Path(__file__).parent / "bank"


def _grade(item_id: str, seed: int, text: str):
    item = BANK.by_id[item_id]
    variant = templates.instantiate(item, seed)
    return variant, grading.grade_numeric(item.answer, text, variant.expected, variant.mistakes)


# ----------------------------------------------------------------------------- keys and grading


def test_train_split_is_exact_in_every_variant():
    """⌊0.7 · 340⌋ is 238; the float product 237.99999999999997 keyed 237 in 52 of 1000 variants."""
    item = BANK.by_id["timeseries-train-split"]
    for seed in range(1000):
        v = templates.instantiate(item, seed)
        samples = v.values["N"] - v.values["L"]
        assert v.expected == math.floor(Fraction(str(v.values["frac"])) * samples), seed
        raw = next(value for m, value in v.mistakes if m.name == "split the raw series")
        assert raw == math.floor(Fraction(str(v.values["frac"])) * v.values["N"]), seed


def test_train_split_seed_45_from_the_review():
    variant, right = _grade("timeseries-train-split", 45, "238")
    assert (variant.values["N"], variant.values["L"], variant.values["frac"]) == (390, 50, 0.7)
    assert right.verdict == grading.CORRECT
    assert _grade("timeseries-train-split", 45, "237")[1].verdict == grading.WRONG
    assert "⌊0.7 · 340⌋" in variant.solution.steps[1].substitution and variant.solution.steps[1].result == 238


@pytest.mark.parametrize("item_id", ["gru-textbook-step", "params-lstm-pytorch-deep-bidirectional"])
def test_no_mistake_typed_at_four_decimals_is_graded_right_or_misnamed(item_id):
    """The 6 gru-textbook-step variants graded right at 4 decimals, and the 46 + 3 tied pairs."""
    item = BANK.by_id[item_id]
    for seed in list(range(300)) + [3, 100, 220, 232, 452, 467, 485, 736, 767, 781]:
        v = templates.instantiate(item, seed)
        for mistake, value in v.mistakes:
            typed = grading.show_answer(item.answer.kind, value, item.answer)
            g = grading.grade_numeric(item.answer, typed, v.expected, v.mistakes)
            assert g.verdict != grading.CORRECT and g.mistake == mistake.name, (seed, mistake.name, typed)


def test_norm_bound_shown_answer_is_right_and_zero_is_not():
    item = BANK.by_id["vanishing-norm-bound"]
    for seed in range(1000):
        v = templates.instantiate(item, seed)
        shown = grading.show_answer("real", v.expected, item.answer)
        assert grading.grade_numeric(item.answer, shown, v.expected).verdict == grading.CORRECT, (seed, shown)
        assert grading.grade_numeric(item.answer, "0", v.expected).verdict == grading.WRONG, seed
    variant, grade = _grade("vanishing-norm-bound", 1, "0.003778")   # 0.8^25 = 0.0037779
    assert variant.expected == pytest.approx(0.8 ** 25) and grade.verdict == grading.CORRECT


def test_gru_savings_at_the_prompts_one_decimal():
    variant, grade = _grade("params-gru-savings-keras", 0, "24.1")   # true 24.0741
    assert variant.expected == pytest.approx(24.0741, abs=1e-4) and grade.verdict == grading.CORRECT
    assert "one decimal" in variant.prompt and "1 features" not in variant.prompt


@pytest.mark.parametrize("gamma, bound, key", [(1.06, 100, 80), (1.06, 1e6, 238)])
def test_exploding_steps_printed_working_reaches_the_key(gamma, bound, key):
    """At 4 decimals, 13.8155 / 0.0583 = 236.97 gave 237 instead of 238."""
    from solvers.gradients import exploding_steps

    solution = exploding_steps(gamma, bound)
    top, bottom = (float(x) for x in solution.steps[1].substitution.split(" / "))
    assert math.floor(top / bottom) + 1 == key == solution.answer
    assert gamma ** (key - 1) <= bound < gamma ** key


def test_keras_total_states_its_input():
    item = BANK.by_id["params-model-total-keras"]
    assert "Input(shape=(None,))" in templates.instantiate(item, 0).prompt


def test_bank_check_catches_a_float_floor_in_the_working(monkeypatch):
    """If the split went back to float arithmetic, the check of the printed working fails."""
    import solvers.sequences

    monkeypatch.setattr(solvers.sequences, "split", lambda f, n: int(f * n))
    problems = quality.check_template(BANK.by_id["timeseries-train-split"], 100)
    assert any("⌊0.7 · 340⌋ gives 238, but the step says 237" in p for p in problems)


def test_bank_check_catches_rounded_logs_that_mislead(monkeypatch):
    import solvers.gradients
    from solvers import numfmt

    def four_decimals(top, bottom):
        return f"{numfmt.fixed(math.log(top))} / {numfmt.fixed(math.log(bottom))}", math.log(top) / math.log(bottom)

    monkeypatch.setattr(solvers.gradients, "_log_ratio", four_decimals)
    problems = quality.check_template(BANK.by_id["exploding-steps-above-bound"], 300)
    assert any("either side of a whole number" in p for p in problems)


DEFECTS = """\
- id: defect-savings-precision
  type: numeric
  topic: gru
  difficulty: 1
  source: a test of the checks
  params:
    n: {choice: [32, 64]}
    d: {choice: [1, 16]}
  prompt: LSTM({n}) and GRU({n}) in Keras read {d} features. Percent saved? (e.g. 24.6)
  solver: gru_savings
  args: {hidden: $n, input_size: $d, convention: keras}
  answer: {kind: real, atol: 0.01}
  mistakes:
    - {name: textbook, args: {convention: textbook}, feedback: f}
  explanation: e

- id: defect-tied-mistakes
  type: numeric
  topic: lstm
  difficulty: 1
  source: a test of the checks
  params:
    n: {choice: [32, 64]}
    d: {expr: n}
  prompt: Parameters of nn.LSTM({d}, {n}, num_layers=2, bidirectional=True)?
  solver: params
  args: {cell: lstm, hidden: $n, input_size: $d, layers: 2, bidirectional: true, convention: pytorch}
  answer: {kind: integer}
  mistakes:
    - {name: one direction, args: {bidirectional: false}, feedback: f}
    - {name: one layer, args: {layers: 1}, feedback: g}
  explanation: e

- id: defect-norm-zero
  type: numeric
  topic: vanishing-gradients
  difficulty: 1
  source: a test of the checks
  params:
    w: {value: 0.5}
    t: {value: 40}
  prompt: What is {w}^(t − 1) for t = {t}?
  solver: norm_bound
  args: {w_norm: $w, t: $t, k: 1}
  answer: {kind: real, rtol: 0.001, atol: 0.00001}
  explanation: e

- id: defect-mistake-within-tolerance
  type: numeric
  topic: text-generation
  difficulty: 1
  source: a test of the checks
  params:
    z: {value: [1.0, 2.0, 0.5]}
  prompt: Softmax of {z} at T = 1?
  solver: softmax
  args: {logits: $z, temperature: 1}
  answer: {kind: vector}
  mistakes:
    - {name: nearly one, args: {temperature: 1.002}, feedback: f}
  explanation: e
"""


def test_bank_check_fails_on_a_bank_that_repeats_each_numeric_defect(tmp_path, run):
    folder = tmp_path / "defects"
    folder.mkdir()
    (folder / "defects.yaml").write_text(DEFECTS)
    res = run("bank", "check", "--bank", str(folder), "--no-builtin", "--seeds", "20")
    assert res.code == 1
    out = res.out
    assert "defect-savings-precision: seed 1: the answer at the prompt's example precision (24.1)" in out
    assert "mistakes 'one direction' and 'one layer' give the same value in 25 draws" in out
    assert "defect-norm-zero: seed 0: the trivially wrong answer 0 is graded right" in out
    assert "defect-mistake-within-tolerance: seed 0: mistake 'nearly one' gives the right answer" in out


# ----------------------------------------------------------------------------- F1, F2: formula answers


def _drive(text: str, *args: str, home: Path | None = None, timeout: float = 60):
    env = dict(os.environ, QUIZRNN_HOME=str(home) if home else os.environ["QUIZRNN_HOME"])
    return subprocess.run([sys.executable, "-m", "quizrnn", *args], input=text.encode("utf-8", "surrogateescape"),
                          capture_output=True, timeout=timeout, env=env)


def test_a_formula_tower_in_practice_is_refused_and_the_session_goes_on():
    start = time.monotonic()
    res = _drive("((((((((9^10)^10)^10)^10)^10)^10)^10)^10)\n3n(n + d + 1)\n",
                 "practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-numeric-formula", "--seed", "1")
    assert time.monotonic() - start < 20
    out = res.stdout.decode()
    assert "grow far too large" in out and "✓ Correct" in out and res.returncode == 0


# ----------------------------------------------------------------------------- F3, F8, F9, F10: files and sizes


@pytest.mark.parametrize("args", [("solve", "forward", "/dev/zero"), ("solve", "forward", "--spec", "/dev/urandom")])
def test_devices_are_refused_before_reading(args, run):
    start = time.monotonic()
    res = run(*args)
    assert res.code == 1 and "not a regular file" in res.err and time.monotonic() - start < 5


def test_a_fifo_is_refused_not_waited_on(tmp_path, run):
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    res = run("solve", "forward", str(fifo))
    assert res.code == 1 and res.err == f"Error: {fifo}: not a regular file (a device, pipe or socket); give a spec file\n"
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    os.mkfifo(bank_dir / "items.yaml")
    res = run("bank", "check", "--bank", str(bank_dir), "--no-builtin", "--seeds", "1")
    assert res.code == 1 and "items.yaml: not a regular file" in res.out


def test_parameter_sizes_are_bounded_like_literal_ones(tmp_path, run):
    """F4: vector size from a parameter of 10^8 grew to 4.5 GB."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: huge\n  type: numeric\n  topic: training\n  difficulty: 1\n  source: s\n"
        "  params:\n    n: {value: 100000000}\n    v: {vector: {size: $n}}\n"
        "  prompt: 'Clip {v}?'\n  solver: clip_by_value\n  args: {g: $v, limit: 1}\n  answer: {kind: vector}\n"
        "  explanation: e\n")
    start = time.monotonic()
    res = run("bank", "check", "--bank", str(folder), "--no-builtin", "--seeds", "2")
    assert time.monotonic() - start < 10
    assert "size must be a whole number from 1 to 16, got 100000000" in res.out


@pytest.mark.parametrize("text, message", [
    ("cell: rnn\nx: [[1]]\nW_xh: [[" + "9" * 5000 + "]]\nW_hh: [[1]]\n", ":3:9: a number of 5,000 characters is too long"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[" + "9" * 400 + "]]\nW_hh: [[1]]\n", ":3: W_xh row 1, entry 1: 9999"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1e308]]\nW_hh: [[1]]\n", ":3: W_xh row 1, entry 1: 1e+308 is too large"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[" + "9" * 300 + "]]\nW_hh: [[1]]\n", "… (300 characters) is too large"),
])
def test_huge_numbers_in_a_spec_are_one_line(tmp_path, text, message):
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    from quizrnn import forwardspec

    with pytest.raises(InputError) as info:
        forwardspec.solve(path)
    assert message in info.value.message and "\n" not in info.value.message


def test_overflowing_results_are_refused_and_json_stays_strict(tmp_path, run):
    """F10: h = [∞, nan] was printed as an answer, and --json emitted NaN."""
    path = tmp_path / "spec.json"
    path.write_text('{"cell": "rnn", "nonlinearity": "relu", "x": [[1000000]], "W_xh": [[1000000]], '
                    '"W_hh": [[1000000]], "layers": null}'.replace(', "layers": null', ""))
    res = run("solve", "forward", str(path), "--json")
    assert res.code == 0 and "NaN" not in res.out and "Infinity" not in res.out
    steps = ", ".join(["[1000000]"] * 60)
    path.write_text('{"cell": "rnn", "nonlinearity": "relu", "x": [' + steps + '], "W_xh": [[1000000]], '
                    '"W_hh": [[1000000]]}')
    res = run("solve", "forward", str(path), "--json")
    assert res.code == 1 and "the values overflow" in res.err and not res.out
    assert "RuntimeWarning" not in res.err


def test_work_stays_proportionate_to_the_spec(tmp_path, run):
    """F8: 16 bidirectional layers × 1000 steps ran 169 s and printed 42.6 MB."""
    layer = "  - {forward: {W_xh: [[0.1]], W_hh: [[0.1]]}, backward: {W_xh: [[0.1]], W_hh: [[0.1]]}}\n"
    path = tmp_path / "big.yaml"
    path.write_text("cell: rnn\nx: [" + ", ".join(["[1]"] * 200) + "]\nlayers:\n" + layer * 16)
    start = time.monotonic()
    res = run("solve", "forward", str(path))
    assert time.monotonic() - start < 5
    assert res.code == 1 and "6,400 cell steps; a worked forward pass has at most 200" in res.err


def test_a_20000_term_expression_in_a_bank_is_one_line(tmp_path, run):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: long-expr\n  type: numeric\n  topic: training\n  difficulty: 1\n  source: s\n"
        "  params:\n    a: {value: 1}\n    b: {expr: '" + " + ".join(["a"] * 20001) + "'}\n"
        "  prompt: '{b}?'\n  solver: esn_trainable\n  args: {reservoir: $b, outputs: 1}\n  answer: {kind: integer}\n"
        "  explanation: e\n")
    res = run("bank", "check", "--bank", str(folder), "--no-builtin", "--seeds", "1")
    assert res.code == 1 and "t.yaml:8: parameter b: expr is longer than 300 characters" in res.out


def test_nonfinite_bank_rules_are_refused(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: huge-real\n  type: numeric\n  topic: training\n  difficulty: 1\n  source: s\n"
        "  params:\n    r: {real: [-1.0e308, 1.0e308]}\n  prompt: 'R {r}?'\n  solver: clip_by_value\n"
        "  args: {g: [1], limit: $r}\n  answer: {kind: vector}\n  explanation: e\n")
    _, errors = bank_module.check([folder], builtin=False)
    assert errors and errors[0].message.endswith("t.yaml:7: parameter r: -1e+308 is outside ±1e+09")


@pytest.mark.parametrize("rule, problem", [
    ("n: {value: 0}\n    k: {range: [1, 5], step: $n}", "step must be at least 1, got 0"),
    ("m: {choice: [{a: 1}]}\n    k: {range: [1, $m.b]}", "m has no key 'b'"),
])
def test_templates_that_fail_when_drawn_are_one_line_in_practice(tmp_path, rule, problem):
    """F9: practice crashed with an internal error where bank check named file:line."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "- id: bad-draw\n  type: numeric\n  topic: training\n  difficulty: 1\n  source: s\n"
        f"  params:\n    {rule}\n  prompt: '{{k}}?'\n  solver: tbptt_segments\n"
        "  args: {T: 100, k: $k}\n  answer: {kind: integer}\n  explanation: e\n")
    res = _drive("", "practice", "--bank", str(folder), "--no-builtin", "--seed", "1")
    out = " ".join(res.stdout.decode().split())
    assert f"{folder / 't.yaml'}:1: bad-draw: seed" in out and problem in out
    assert "internal error" not in res.stderr.decode() and "Session summary" in out
    assert res.returncode == 1


def test_practice_with_stdin_closed_ends_cleanly():
    res = subprocess.run([sys.executable, "-m", "quizrnn", "practice", "--count", "2", "--seed", "1"],
                         stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert res.returncode == 0 and b"Stopped: end of input." in res.stdout
    code = ("import sys; sys.stdin = None\nfrom quizrnn.cli import main\nmain(['practice', '--count', '1'])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert res.returncode == 0 and b"internal error" not in res.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line():
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "quizrnn", "solve", "params", "lstm", "-n", "8", "-d", "4"],
                             stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert res.returncode == 1
    assert res.stderr.decode().startswith("Error: cannot write the output") and "internal error" not in res.stderr.decode()


def test_a_megabyte_answer_line_is_refused_quickly_and_not_echoed():
    """F8: the echo of a long piped line was quadratic (8 MiB took 46 s)."""
    start = time.monotonic()
    res = _drive("1" * (4 * 1024 * 1024) + "\n98816\n", "practice", "--bank", str(TEST_BANK), "--no-builtin",
                 "--item", "test-numeric-lstm-params", "--seed", "1")
    assert time.monotonic() - start < 15
    out = res.stdout.decode()
    assert "That line is too long to be an answer" in out and "✓ Correct" in out
    assert len(out) < 20_000


# ----------------------------------------------------------------------------- F6: control characters


def test_escape_sequences_in_bank_text_are_refused_with_their_line(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "t.yaml").write_text('- id: esc\n  type: mcq\n  topic: lstm\n  difficulty: 1\n  source: s\n'
                                   '  question: "\\e]0;PWNED\\a\\e[2JRED"\n  choices: [a, b]\n  answer: A\n'
                                   '  explanation: "\\u202Eevil"\n')
    _, errors = bank_module.check([folder], builtin=False)
    assert [e.message for e in errors] == [
        f"{folder / 't.yaml'}:6: question: control character U+001B at character 1; write text only",
        f"{folder / 't.yaml'}:9: explanation: control character U+202E at character 1; write text only"]


def test_escape_sequences_in_a_spec_title_and_an_answer_are_shown_as_text(tmp_path, run, monkeypatch):
    path = tmp_path / "spec.json"
    path.write_text('{"title": "\\u001b]0;PWNED\\u0007\\u001b[2J\\u202e", "cell": "rnn", "x": [[1]], '
                    '"W_xh": [[0.5]], "W_hh": [[0.5]]}')
    res = run("solve", "forward", str(path))
    assert res.code == 0 and "\x1b" not in res.out and "\u202e" not in res.out and "\x07" not in res.out
    assert "\\x1b]0;PWNED\\x07\\x1b[2J\\u202e" in res.out
    monkeypatch.setattr("sys.stdin", io.StringIO("\x1b[31mB\x1b[0m\nq\n"))
    res = run("practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-mcq-forget", "--seed", "1")
    assert "\x1b" not in res.out and "\\x1b[31mB\\x1b[0m" in res.out


def test_rich_markup_in_items_stays_literal(tmp_path):
    from quizrnn.practice.view import PracticeView

    item = bank_module.load([TEST_BANK], builtin=False).by_id["test-mcq-forget"]
    item.question = "[bold red]not markup[/] [link=http://x]y[/link]"
    out = io.StringIO()
    PracticeView(Console(file=out, width=100, force_terminal=True)).question(1, 1, item, None)
    assert "[bold red]not markup[/]" in out.getvalue() and "\x1b]8" not in out.getvalue()


# ----------------------------------------------------------------------------- F7: the store


def _session(store, text: str):
    from quizrnn.practice.session import Answers, Session
    from quizrnn.practice.view import PracticeView
    from quizrnn.select import Selection, select_items

    test_bank = bank_module.load([TEST_BANK], builtin=False)
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True)
    items = select_items(test_bank, Selection(ids=("test-mcq-forget", "test-numeric-lstm-params",
                                                   "test-interview-gates"), seed=1))
    session = Session(items, store, Answers(console, io.StringIO(text), False), PracticeView(console), 1)
    summary = session.run()
    PracticeView(console).summary(summary)
    return summary, out.getvalue()


def test_undecodable_typed_text_is_stored_losslessly():
    from quizrnn.store import Store, loaded

    store = Store()
    typed = b"forget gate \xff\xfe erases".decode("utf-8", "surrogateescape")
    summary, out = _session(store, f"B\n98816\n{typed}\n3\n")
    assert len(summary.results) == 3 and not summary.not_saved
    given = [loaded(r[0]) for r in store.db.execute("SELECT given FROM answers ORDER BY id")]
    assert given[2].encode("utf-8", "surrogateescape") == b"forget gate \xff\xfe erases"
    assert "\\xff\\xfe" in out


def test_a_store_that_cannot_be_written_keeps_the_session_and_every_answer(monkeypatch):
    from quizrnn.store import Store

    store = Store()

    def fail(attempt):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "_write", fail)
    summary, out = _session(store, "B\n98816\nforget erases\n3\n")
    out = " ".join(out.split())
    assert [r.grade.verdict for r in summary.results] == ["correct", "correct", "correct"]
    assert out.count("progress not saved (attempt to write a readonly database)") == 2  # once, then in the summary
    assert "3 answers could not be saved" in out and len(store.pending) == 3 and "Session summary" in out


def test_a_lock_held_past_the_busy_timeout_delays_saving_but_loses_nothing(monkeypatch):
    from quizrnn import store as store_module

    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    store = store_module.Store()
    other = sqlite3.connect(store.path, timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    from quizrnn.store import Attempt

    assert store.record(Attempt("a", "1", 1.0, "correct", rating="good")) is False
    assert "database is locked" in store.problem
    other.rollback()
    other.close()
    assert store.record(Attempt("b", "1", 0.0, "wrong", rating="again")) is True
    assert [r[0] for r in store.db.execute("SELECT item_id FROM answers ORDER BY id")] == ["a", "b"]


def test_damaged_rows_are_skipped_with_a_warning():
    from quizrnn.store import Attempt, Store

    store = Store()
    store.record(Attempt("test-mcq-forget", "B", 1.0, "correct", rating="good"))
    store.record(Attempt("test-mcq-sigmoids", "A", 0.0, "wrong", rating="again"))
    store.db.execute("UPDATE cards SET due = 'not a date' WHERE item_id = 'test-mcq-forget'")
    store.db.execute("UPDATE cards SET card = '{broken' WHERE item_id = 'test-mcq-sigmoids'")
    store.db.commit()
    again = Store(store.path)
    assert list(again.cards()) == ["test-mcq-sigmoids"]  # its schedule is in columns of its own
    assert again.warnings == [f"{store.path}: 1 card could not be read and was skipped"]
    summary, out = _session(again, "B\nq\n")
    assert "1 card could not be read" in out and summary.results[0].grade.verdict == "correct"
    again.record(Attempt("test-mcq-sigmoids", "A, C", 1.0, "correct", rating="good"))
    assert f"{store.path}: the card of test-mcq-sigmoids could not be read; it starts afresh" in again.warnings
    assert again.cards()["test-mcq-sigmoids"].reviews == 2


def test_a_dropped_table_ends_nothing(monkeypatch):
    from quizrnn.store import Store

    store = Store()
    store.db.execute("DROP TABLE answers")
    store.db.commit()
    summary, out = _session(store, "B\n98816\nq\n")
    out = " ".join(out.split())
    assert len(summary.results) == 2 and summary.not_saved == 2 and "no such table: answers" in out


def test_the_cli_exit_code_says_progress_was_not_saved(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    from quizrnn.store import Store

    store = Store(home / "progress.sqlite3")
    store.db.execute("DROP TABLE answers")
    store.db.commit()
    store.close()
    res = _drive("B\nq\n", "practice", "--bank", str(TEST_BANK), "--no-builtin", "--item", "test-mcq-forget",
                 "--seed", "1", home=home)
    assert res.returncode == 3 and "could not be saved" in res.stdout.decode()


@pytest.mark.parametrize("text, message", [
    ("[" * 200_000, "k.json: not a quizrnn key (nested too deeply)"),
    ("1" * 5000, "k.json: not a quizrnn key (Exceeds the limit"),
    ('{"a" 1}', "k.json:1:6: not a quizrnn key (Expecting ':' delimiter"),  # worded alike on 3.10-3.13
])
def test_json_files_fail_in_one_line_however_they_are_broken(text, message):
    """A key, a progress export and a notebook share one JSON reader: every failure is one line."""
    from quizrnn.files import parse_json

    with pytest.raises(InputError) as info:
        parse_json(text, "k.json", "a quizrnn key")
    assert info.value.message.startswith(message) and "\n" not in info.value.message
