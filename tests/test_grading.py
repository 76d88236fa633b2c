"""Reading and grading answers: every kind, tolerance, partial credit, mistakes, and no crashes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizrnn import grading
from quizrnn.bank import AnswerSpec, Choice, Item, Mistake
from quizrnn.grading import grade_mcq, grade_numeric

INTEGER, REAL, VECTOR = AnswerSpec("integer"), AnswerSpec("real"), AnswerSpec("vector")
MATRIX, SHAPE = AnswerSpec("matrix"), AnswerSpec("shape")
FORMULA = AnswerSpec("formula", symbols=("n", "d"))


@pytest.mark.parametrize("text", ["98816", "98,816", "98 816", "9.8816e4", " 98816 ", "98_816", "98816.0",
                                  "≈ 98816", "9.8816E+4"])
def test_integer_formats(text):
    assert grade_numeric(INTEGER, text, 98_816).verdict == grading.CORRECT


@pytest.mark.parametrize("text, message", [
    ("98816.5", "whole number; yours has a fraction"),
    ("lots", "write a whole number"),
    ("1e999999999", "far too large"),
    ("", "write a whole number"),
])
def test_integer_unreadable(text, message):
    grade = grade_numeric(INTEGER, text, 98_816)
    assert grade.verdict == grading.UNREADABLE and message in grade.message
    assert not grade.counted


def test_integer_is_exact():
    assert grade_numeric(INTEGER, "98817", 98_816).score == 0.0


def test_real_tolerance_and_rounding_note():
    true = 0.70056714  # σ(0.85)
    assert grade_numeric(REAL, "0.7006", true).message == ""
    slip = grade_numeric(REAL, "0.7003", true)  # the course material's figure
    assert slip.verdict == grading.CORRECT
    assert "rounds to 0.7006 at 4 decimals" in slip.message
    assert grade_numeric(REAL, "0.70", true).message == ""  # right at its own precision
    assert grade_numeric(REAL, "0.702", true).verdict == grading.WRONG
    assert grade_numeric(REAL, "7/10", true).verdict == grading.CORRECT


def test_real_relative_tolerance_for_large_values():
    assert grade_numeric(REAL, "24.61", 24.625).verdict == grading.CORRECT  # |Δ| ≤ 1e-3·24.625
    assert grade_numeric(REAL, "24.5", 24.625).verdict == grading.WRONG


def test_per_item_tolerance():
    strict = AnswerSpec("real", rtol=0, atol=1e-6)
    assert grade_numeric(strict, "0.7006", 0.70056714).verdict == grading.WRONG


@pytest.mark.parametrize("text", ["[0.1535, 0.1033]", "0.1535 0.1033", "0.1535, 0.1033", "(0.1535, 0.1033)",
                                  "0.1535; 0.1033"])
def test_vector_formats(text):
    assert grade_numeric(VECTOR, text, [0.15348576, 0.10334752]).score == 1.0


def test_vector_partial_credit_and_length():
    assert grade_numeric(VECTOR, "[0.1535, 0.9]", [0.1535, 0.1033]).score == 0.5
    short = grade_numeric(VECTOR, "[0.1535]", [0.1535, 0.1033])
    # newcomer review m15: a vector of the wrong length is asked again, not graded wrong
    assert short.verdict == grading.UNREADABLE and "2 components; yours has 1" in short.message


def test_matrix_formats_and_partial_credit():
    true = [[1.0, 2.0], [3.0, 4.0]]
    for text in ("[[1, 2], [3, 4]]", "1 2; 3 4", "1, 2 | 3, 4"):
        assert grade_numeric(MATRIX, text, true).score == 1.0
    assert grade_numeric(MATRIX, "[[1, 2], [3, 5]]", true).score == 0.75
    assert grade_numeric(MATRIX, "[[1, 2], [3]]", true).verdict == grading.UNREADABLE


def test_shapes():
    for text in ("(None, 10, 64)", "None, 10, 64", "(batch, 10, 64)", "[?, 10, 64]"):
        assert grade_numeric(SHAPE, text, (None, 10, 64)).score == 1.0
    assert grade_numeric(SHAPE, "(None, 64, 10)", (None, 10, 64)).score == 0.0
    assert grade_numeric(SHAPE, "(None, 64)", (None, 10, 64)).verdict == grading.UNREADABLE


@pytest.mark.parametrize("text", ["3n(n + d + 1)", "3*n*(n+d+1)", "3n^2 + 3nd + 3n", "3·n·(n + d + 1)",
                                  "3n**2+3*n*d+3*n", "(n+d+1)*n*3"])
def test_formula_equivalence(text):
    assert grade_numeric(FORMULA, text, "3*n*(n + d + 1)").verdict == grading.CORRECT


def test_formula_wrong_and_mistake():
    lstm = Mistake("LSTM count", "Four blocks is an LSTM.")
    grade = grade_numeric(FORMULA, "4n(n+d+1)", "3*n*(n + d + 1)", [(lstm, "4*n*(n + d + 1)")])
    assert grade.verdict == grading.WRONG and grade.mistake == "LSTM count"
    assert grade_numeric(FORMULA, "3n(n+d)", "3*n*(n + d + 1)").verdict == grading.WRONG


@pytest.mark.parametrize("text", ["__import__('os').system('echo hi')", "n.__class__", "x + 1", "n^(1/2)",
                                  "2^99", "(" * 300, "lambda: 0", "open('f')"])
def test_formula_code_is_never_run(text):
    grade = grade_numeric(FORMULA, text, "3*n*(n + d + 1)")
    assert grade.verdict == grading.UNREADABLE


def test_formula_that_cannot_be_decided_is_could_not_check(monkeypatch):
    from quizrnn import formula

    monkeypatch.setattr(formula, "equivalent", lambda a, b: None)
    grade = grade_numeric(FORMULA, "3n(n+d+1)", "3*n*(n + d + 1)")
    assert grade.verdict == grading.UNCHECKED and "Could not check" in grade.message
    assert not grade.counted


@pytest.mark.parametrize("text", [
    "((((((((9^10)^10)^10)^10)^10)^10)^10)^10)",   # reliability F1: hung the grader for minutes
    "(((((n+d+1)^10)^10)^10)^10)^10",               # reliability F2: a helper thread ate 6.8 GB
    "((n+d)^10)^10 - ((n-d)^10)^10",
    "(9^10)^10^10",
])
def test_towers_are_refused_before_anything_is_built(text):
    import threading
    import time

    threads = threading.active_count()
    start = time.process_time()
    grade = grade_numeric(FORMULA, text, "3*n*(n + d + 1)")
    assert time.process_time() - start < 0.5
    assert grade.verdict == grading.UNREADABLE
    assert threading.active_count() == threads  # nothing left running


def test_formula_comparison_is_exact_and_bounded():
    from quizrnn import formula

    parse = formula.parse
    assert formula.equivalent(parse("(n^2 - d^2)/(n - d)"), parse("n + d")) is True
    assert formula.equivalent(parse("(n + d)^10"), parse("(d + n)^10")) is True
    # agrees with the truth at many points but not all: a probe of a few values would be fooled
    tricky = "4n(n+d+1) + (n-2)(n-3)(n-4)(n-5)(n-6)(n-7)(n-8)(n-9)"
    assert formula.equivalent(parse(tricky), parse("4n(n+d+1)")) is False
    assert formula.equivalent(parse("1/(n - n)"), parse("n")) is None


def test_mistake_feedback_for_numbers():
    three = Mistake("three gate blocks", "A GRU has three blocks.")
    grade = grade_numeric(INTEGER, "74112", 98_816, [(three, 74_112)])
    assert grade.verdict == grading.WRONG
    assert grade.mistake == "three gate blocks" and grade.feedback == "A GRU has three blocks."


def _mcq(answers, multi=False):
    choices = (Choice("input"), Choice("forget"), Choice("output", "scales tanh(C)"), Choice("reset", "GRU"))
    return Item(id="t", type="mcq", topic="lstm", difficulty=1, source="s", explanation="e", path="p", line=1,
                question="q", choices=choices, answers=answers, multi=multi)


@pytest.mark.parametrize("text", ["B", "b", "2", "b)", " B. "])
def test_mcq_by_letter_or_number(text):
    assert grade_mcq(_mcq((1,)), text).score == 1.0


def test_mcq_wrong_choice_gets_its_why():
    grade = grade_mcq(_mcq((1,)), "C")
    assert grade.verdict == grading.WRONG and grade.feedback == "Why not C: scales tanh(C)"


def test_mcq_single_answer_needs_one_pick():
    assert grade_mcq(_mcq((1,)), "A, B").verdict == grading.UNREADABLE
    assert grade_mcq(_mcq((1,)), "E").verdict == grading.UNREADABLE


@pytest.mark.parametrize("text, score", [("A, C", 1.0), ("ac", 1.0), ("1 3", 1.0), ("A", 0.5),
                                         ("A, B", 0.0), ("A, B, C", 0.5), ("B, D", 0.0)])
def test_mcq_multi_select_partial_credit(text, score):
    assert grade_mcq(_mcq((0, 2), multi=True), text).score == score


# ----------------------------------------------------------------------------- properties

ANY_TEXT = st.text(max_size=80) | st.sampled_from(["__import__('os').system('touch /tmp/x')", "eval('1')",
                                                   "1e309", "nan", "inf", "-0", "[[", "((1,2)", "💥"])


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_grading_never_raises(text):
    for spec, expected in ((INTEGER, 98_816), (REAL, 0.7), (VECTOR, [0.1, 0.2]), (MATRIX, [[1.0]]),
                           (SHAPE, (None, 3)), (AnswerSpec("choice", choices=("vanishes", "explodes")), "vanishes")):
        grade = grade_numeric(spec, text, expected)
        assert grade.verdict in (grading.CORRECT, grading.PARTIAL, grading.WRONG, grading.UNREADABLE)
        assert grade.score is None or 0 <= grade.score <= 1
    assert grade_mcq(_mcq((1,)), text).verdict in (grading.CORRECT, grading.WRONG, grading.UNREADABLE)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="nd0123456789+-*/^() .·×", max_size=40))
def test_formula_grading_never_raises(text):
    grade = grade_numeric(FORMULA, text, "3*n*(n + d + 1)")
    assert grade.verdict in (grading.CORRECT, grading.WRONG, grading.UNREADABLE, grading.UNCHECKED)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(true=finite)
def test_exact_real_always_scores_one(true):
    assert grade_numeric(REAL, repr(true), true).score == 1.0


@settings(max_examples=300, deadline=None)
@given(true=finite, factor=st.floats(min_value=1.01, max_value=100))
def test_outside_tolerance_scores_zero(true, factor):
    off = max(REAL.atol, REAL.rtol * abs(true)) * factor
    assert grade_numeric(REAL, repr(true + off), true).score == 0.0


@settings(max_examples=200, deadline=None)
@given(values=st.lists(finite, min_size=1, max_size=6))
def test_exact_vector_always_scores_one(values):
    assert grade_numeric(VECTOR, str(values), values).score == 1.0


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=-10**15, max_value=10**15))
def test_exact_integer_always_scores_one(n):
    assert grade_numeric(INTEGER, str(n), n).score == 1.0
    assert grade_numeric(INTEGER, f"{n:,}", n).score == 1.0
    assert grade_numeric(INTEGER, str(n + 1), n).score == 0.0


def test_code_as_an_answer_is_just_wrong(tmp_path):
    marker = tmp_path / "ran"
    text = f"__import__('os').system('touch {marker}')"
    for spec, expected in ((INTEGER, 1), (REAL, 1.0), (VECTOR, [1.0]), (FORMULA, "n")):
        assert grade_numeric(spec, text, expected).score in (None, 0.0)
    assert grade_mcq(_mcq((1,)), text).score in (None, 0.0)
    assert not marker.exists()


def test_arithmetic_answers_are_read_safely():
    assert grade_numeric(INTEGER, "4*50*(50+144+1)", 39_000).score == 1.0
    assert grade_numeric(INTEGER, "4 × 50 × 195", 39_000).score == 1.0
    assert grade_numeric(REAL, "1 - 99072/131584", 0.2470817).score == 1.0
    assert grade_numeric(INTEGER, "3/2", 1).verdict == grading.UNREADABLE
    assert grade_numeric(INTEGER, "2**10", 1024).verdict == grading.UNREADABLE
    assert grade_numeric(INTEGER, "+".join(["1"] * 999), 999).verdict in (grading.CORRECT, grading.UNREADABLE)


def test_a_declared_mistake_of_another_size_is_named_not_asked_again():
    """A shape of another rank (return_sequences ignored) is a wrong answer when it is a declared mistake."""
    mistake = Mistake("ignored return_sequences", "With return_sequences=True there is one output per step.")
    grade = grade_numeric(SHAPE, "(None, 64)", (None, 10, 64), [(mistake, (None, 64))])
    assert grade.verdict == grading.WRONG and grade.mistake == "ignored return_sequences"
    assert grade_numeric(SHAPE, "(None, 32)", (None, 10, 64), [(mistake, (None, 64))]).verdict == grading.UNREADABLE
