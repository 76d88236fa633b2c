"""Reading and grading answers. Nothing a person types makes these functions raise.

* Integers (counts, shapes) are exact: ``98816``, ``98,816``, ``98 816``, ``9.8816e4``.
* Reals are right when |s − t| ≤ max(atol, rtol·|t|) (1e-3 and 1e-3 unless the item says
  otherwise), and the grade says so when the value is within tolerance but rounded
  differently from the true value.
* Vectors and matrices are graded component by component, with partial credit.
* Formulas are compared exactly after the whitelist parser of :mod:`quizrnn.formula`.
* MCQs take letters or numbers; multi-select answers earn partial credit.
* A wrong answer that matches a known mistake is told which one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from quizrnn.bank import DEFAULT_ATOL, DEFAULT_RTOL, LETTERS, AnswerSpec, Item
from quizrnn.render.values import answer as show_answer
from solvers import numfmt

MAX_ANSWER = 2000
CORRECT, PARTIAL, WRONG, UNREADABLE, UNCHECKED, SKIPPED = (
    "correct", "partial", "wrong", "unreadable", "unchecked", "skipped")


class ReadError(ValueError):
    """An answer that cannot be read as the kind asked for; the message says how to write it."""


@dataclass
class Grade:
    score: float | None
    verdict: str
    message: str = ""
    mistake: str | None = None
    feedback: str = ""
    expected: str = ""

    @property
    def counted(self) -> bool:
        """Whether the grade enters the score (unreadable and unchecked answers do not)."""
        return self.score is not None and self.verdict not in (UNREADABLE, UNCHECKED, SKIPPED)


# ----------------------------------------------------------------------------- reading

NUMBER = r"[-+−]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
SEPARATORS = re.compile(r"(?<=\d)[,_\s\u2009\u202f](?=\d)")
PREFIXES = ("≈", "~", "=", "about")


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise ReadError("no answer")
    text = text.strip()
    if len(text) > MAX_ANSWER:
        raise ReadError("answer too long")
    for prefix in PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):].strip()
    return text.replace("−", "-")


ARITHMETIC = re.compile(r"[0-9.\s()+\-*/×·÷]+")


def _arithmetic(text: str):
    """A sum typed as the answer (4*50*(50+144+1)), read by the safe evaluator; None if not one."""
    if not ARITHMETIC.fullmatch(text) or not re.search(r"[0-9.)]\s*[-+*/×·÷]", text) or "**" in text:
        return None
    from quizrnn import arith

    source = text.replace("×", "*").replace("·", "*").replace("÷", "/")
    try:
        value = arith.parse_expression(source, {})
    except arith.ArithError:
        return None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def read_integer(text: str) -> int:
    text = _clean(text)
    if re.fullmatch(r"[-+]?[0-9]{1,3}(?:\.[0-9]{3})+", text):
        whole = text.replace(".", "")
        raise ReadError(f"{text} could be read two ways: write {int(whole):,} or "
                        f"{text.split('.')[0]} (a dot is a decimal point, not a thousands separator)")
    compact = SEPARATORS.sub("", text)
    if not re.fullmatch(NUMBER, compact):
        value = _arithmetic(text)
        if value is not None and float(value).is_integer():
            return int(value)
        if value is not None:
            raise ReadError("the answer is a whole number; yours has a fraction")
        raise ReadError("write a whole number, such as 98816, 98,816 or 9.8816e4")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise ReadError("write a whole number, such as 98816") from None
    if value.adjusted() > 30:
        raise ReadError("that number is far too large")
    if value != value.to_integral_value():
        raise ReadError("the answer is a whole number; yours has a fraction")
    return int(value)


def read_real(text: str) -> float:
    text = _clean(text)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    match = re.fullmatch(rf"({NUMBER})\s*/\s*({NUMBER})", text)
    if match:
        num, den = float(match.group(1)), float(match.group(2))
        if den == 0:
            raise ReadError("division by zero")
        value = num / den
    else:
        compact = text.replace(",", "") if re.fullmatch(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?", text) else text
        if re.fullmatch(NUMBER, compact):
            value = float(compact)
        else:
            value = _arithmetic(text)
            if value is None:
                raise ReadError("write a number, such as 0.4621 (a fraction like 3/4 works too)")
            value = float(value)
    if not math.isfinite(value):
        raise ReadError("write a finite number")
    return value


def _decimals(text: str) -> int | None:
    """How many decimals the student wrote (None for scientific notation or fractions)."""
    text = _clean(text).rstrip("%").strip()
    match = re.fullmatch(r"[-+]?[0-9]*\.([0-9]+)", text)
    if match:
        return len(match.group(1))
    return 0 if re.fullmatch(r"[-+]?[0-9]+", text) else None


def _split_items(text: str) -> list[str]:
    inner = text.strip()
    while len(inner) >= 2 and inner[0] in "[(" and inner[-1] in "])":
        inner = inner[1:-1].strip()
    if not inner:
        return []
    if any(c in inner for c in "[]()"):
        raise ReadError("write the numbers in one list, such as [0.46, 0.10]")
    if ";" in inner and re.search(r"\d,\d", inner):
        raise ReadError("write decimals with a point (0.8), not a comma")
    return [p for p in re.split(r"[;\s]+" if ";" in inner else r"[,;\s]+", inner) if p]


def read_vector(text: str) -> list[float]:
    text = _clean(text)
    parts = _split_items(text)
    if not parts:
        raise ReadError("write the components, such as [0.46, 0.10] or 0.46 0.10")
    try:
        return [read_real(p) for p in parts]
    except ReadError:
        raise ReadError("write the components as numbers, such as [0.46, 0.10]") from None


def read_matrix(text: str) -> list[list[float]]:
    text = _clean(text)
    rows_text = re.findall(r"\[([^\[\]]*)\]", text) if text.count("[") > 1 else re.split(r"[;|\n]", text)
    rows = [read_vector(r) for r in rows_text if r.strip()]
    if not rows:
        raise ReadError("write the rows, such as [[1, 2], [3, 4]] or 1 2; 3 4")
    if len({len(r) for r in rows}) != 1:
        raise ReadError("every row needs the same number of entries")
    return rows


NONE_WORDS = {"none", "?", "batch", "b", "*", "_", "null", "n"}


def read_shape(text: str) -> tuple:
    text = _clean(text)
    parts = _split_items(text)
    if not parts:
        raise ReadError("write a shape such as (None, 10, 64)")
    out = []
    for p in parts:
        if p.lower() in NONE_WORDS:
            out.append(None)
        else:
            try:
                out.append(read_integer(p))
            except ReadError:
                raise ReadError("write a shape such as (None, 10, 64); None for the batch") from None
    return tuple(out)


def read_letters(text: str, count: int) -> list[int]:
    """Choices picked, as 0-based indices: ``b``, ``B``, ``2``, ``a, c``, ``ac``, ``1 3``."""
    text = _clean(text).strip().rstrip(".)")
    if not text:
        raise ReadError("pick a choice by letter or number")
    tokens = [t for t in re.split(r"[,;\s]+", text) if t]
    picks: list[int] = []
    for token in tokens:
        token = token.strip("()[].")
        if token.isascii() and token.isdigit():
            index = int(token) - 1
            if not 0 <= index < count:
                raise ReadError(f"choose from 1 to {count} (or A to {LETTERS[count - 1]})")
            picks.append(index)
        elif token.isalpha() and token.isascii():
            for letter in token.upper():
                index = LETTERS.index(letter)
                if index >= count:
                    raise ReadError(f"choose from A to {LETTERS[count - 1]}")
                picks.append(index)
        else:
            raise ReadError("pick a choice by letter (A, B, ...) or number (1, 2, ...)")
    return sorted(set(picks))


# ----------------------------------------------------------------------------- comparing


def close(given: float, true: float, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL) -> bool:
    return abs(given - true) <= max(atol, rtol * abs(true))


def flat(value) -> list[float]:
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in flat(v)]
    return [float(value)]


def matches(kind: str, given, target, spec: AnswerSpec) -> float:
    """The share of components of ``given`` that match ``target`` (0 when shapes differ)."""
    if kind == "integer":
        return 1.0 if isinstance(target, (int, float)) and given == target else 0.0
    if kind == "shape":
        return 1.0 if tuple(given) == tuple(target) else 0.0
    if kind == "real":
        return 1.0 if close(given, float(target), spec.rtol, spec.atol) else 0.0
    g, t = flat(given), flat(target)
    if kind == "matrix" and (len(given) != len(target)):
        return 0.0
    if len(g) != len(t):
        return 0.0
    hits = sum(close(a, b, spec.rtol, spec.atol) for a, b in zip(g, t))
    return hits / len(t)


def grade_numeric(spec: AnswerSpec, text: str, expected, mistakes=()) -> Grade:
    """Grade a typed answer against the expected value and the known mistakes' values."""
    shown = show_answer(spec.kind, expected, spec)
    try:
        if spec.kind == "formula":
            return _grade_formula(spec, text, expected, mistakes, shown)
        if spec.kind == "choice":
            return _grade_label(spec, text, expected, shown)
        reader = {"integer": read_integer, "real": read_real, "vector": read_vector,
                  "matrix": read_matrix, "shape": read_shape}[spec.kind]
        given = reader(text)
        if _length(spec.kind, given) != _length(spec.kind, expected):
            # a different size is asked again, unless it is exactly a declared mistake (a shape of
            # another rank from ignoring return_sequences, a vector of the wrong layer)
            for mistake, value in mistakes:
                if _length(spec.kind, given) == _length(spec.kind, value) and \
                        matches(spec.kind, given, value, spec) == 1.0:
                    return Grade(0.0, WRONG, "", mistake.name, mistake.feedback, shown)
        if spec.kind in ("vector", "matrix") and len(flat(given)) != len(flat(expected)):
            raise ReadError(f"the answer has {len(flat(expected))} components; yours has {len(flat(given))}")
        if spec.kind == "matrix" and len(given) != len(expected):
            raise ReadError(f"the answer has {len(expected)} rows; yours has {len(given)}")
        if spec.kind == "shape" and len(given) != len(expected):
            raise ReadError(f"the shape has {len(expected)} sizes; yours has {len(given)}")
    except ReadError as exc:
        return Grade(None, UNREADABLE, str(exc), expected=shown)
    score = matches(spec.kind, given, expected, spec)
    if score == 1.0:
        return Grade(1.0, CORRECT, _rounding_note(spec, text, given, expected), expected=shown)
    for mistake, value in mistakes:
        if matches(spec.kind, given, value, spec) == 1.0:
            return Grade(score, PARTIAL if score > 0 else WRONG, "", mistake.name, mistake.feedback, shown)
    if score > 0:
        total = len(flat(expected))
        right = round(score * total)
        return Grade(score, PARTIAL, f"{right} of {total} components are right.", expected=shown)
    return Grade(0.0, WRONG, expected=shown)


def _length(kind: str, value):
    """The size that must agree before components are compared (None for single values)."""
    if kind == "shape":
        return len(value)
    if kind == "matrix":
        return (len(value), len(flat(value)))
    if kind == "vector":
        return len(flat(value))
    return None


def _rounding_note(spec: AnswerSpec, text: str, given, expected) -> str:
    """Within tolerance but visibly rounded differently: say what the true value rounds to."""
    if spec.kind == "real":
        parts, values, targets = [text], [given], [float(expected)]
    elif spec.kind == "vector":
        parts, values, targets = _split_items(_clean(text)), given, [float(t) for t in expected]
    else:
        return ""
    for part, g, t in zip(parts, values, targets):
        places = _decimals(part)
        if places is None or not 0 < places <= 6:
            continue
        if abs(round(t, places) - g) > 0.5 * 10 ** -places:
            if spec.kind == "real":
                return (f"Accepted (within tolerance), but {numfmt.fixed(t, 6)} rounds to "
                        f"{round(t, places):.{places}f} at {places} decimals.")
            return ("Accepted (within tolerance), but at 4 decimals the answer is "
                    f"{numfmt.value(expected)}.")
    return ""


def _grade_formula(spec: AnswerSpec, text: str, expected: str, mistakes, shown: str) -> Grade:
    from quizrnn import formula

    symbols = spec.symbols or ("n", "d")
    try:
        given = formula.parse(text, symbols)
    except formula.FormulaError as exc:
        return Grade(None, UNREADABLE, f"{exc}; for example 2n(n + 3d)", expected=shown)
    same = formula.equivalent(formula.parse(expected, symbols), given)
    if same is None:
        return Grade(None, UNCHECKED, "Could not check this formula; compare it with the answer.",
                     expected=shown)
    if same:
        return Grade(1.0, CORRECT, expected=shown)
    for mistake, value in mistakes:
        if formula.equivalent(formula.parse(value, symbols), given):
            return Grade(0.0, WRONG, "", mistake.name, mistake.feedback, shown)
    return Grade(0.0, WRONG, expected=shown)


def _grade_label(spec: AnswerSpec, text: str, expected: str, shown: str) -> Grade:
    labels = list(spec.choices)
    cleaned = _clean(text).lower()
    picked = None
    if len(cleaned) == 1 and cleaned.upper() in LETTERS[:len(labels)]:
        picked = labels[LETTERS.index(cleaned.upper())]
    elif cleaned.isascii() and cleaned.isdigit() and 1 <= int(cleaned) <= len(labels):
        picked = labels[int(cleaned) - 1]
    else:
        starts = [lab for lab in labels if lab.lower().startswith(cleaned)] if cleaned else []
        if len(starts) == 1:
            picked = starts[0]
    if picked is None:
        return Grade(None, UNREADABLE, f"answer with one of: {', '.join(labels)}", expected=shown)
    if picked == expected:
        return Grade(1.0, CORRECT, expected=shown)
    return Grade(0.0, WRONG, expected=shown)


def grade_mcq(item: Item, text: str) -> Grade:
    right = set(item.answers)
    shown = ", ".join(LETTERS[i] for i in sorted(right))
    try:
        picks = read_letters(text, len(item.choices))
    except ReadError as exc:
        return Grade(None, UNREADABLE, str(exc), expected=shown)
    if not item.multi:
        if len(picks) != 1:
            return Grade(None, UNREADABLE, "pick one choice", expected=shown)
        pick = picks[0]
        if pick in right:
            return Grade(1.0, CORRECT, expected=shown)
        why = item.choices[pick].why
        return Grade(0.0, WRONG, "", None, f"Why not {LETTERS[pick]}: {why}" if why else "", shown)
    hits = len(right & set(picks))
    false = len(set(picks) - right)
    score = max(0.0, (hits - false) / len(right))
    verdict = CORRECT if score == 1.0 else (PARTIAL if score > 0 else WRONG)
    notes = [f"{LETTERS[p]}: {item.choices[p].why}" for p in picks if p not in right and item.choices[p].why]
    missed = sorted(right - set(picks))
    message = f"You missed {', '.join(LETTERS[m] for m in missed)}." if missed and picks else ""
    return Grade(score, verdict, message, None, "\n".join(notes), shown)


def grade_answer(item: Item, text: str, variant=None) -> Grade:
    """One typed answer to an MCQ, or to a numeric template's ``variant``."""
    if item.type == "mcq":
        return grade_mcq(item, text)
    return grade_numeric(item.answer, text, variant.expected, variant.mistakes)
