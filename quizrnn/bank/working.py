"""Re-checking a worked solution from the numbers it prints, as a student following it would.

Every line of working that is plain arithmetic (``⌊0.7 · 340⌋``, ``13.8155 / 0.0583``,
``0.5·(1 − 0.5²) = 0.3750``, ``[0.57, 0.51] ⊙ [−0.07, 0.06]``, ``tanh([0.31, 0.23])``) is
evaluated again from its printed numbers in interval arithmetic: a number printed with four
or more decimals stands for every value that rounds to it. A step is wrong when its exact
result lies outside what its printed numbers allow, and ambiguous when a whole number is
taken from a printed value that could fall on either side of an integer. Lines that are not
arithmetic (words, shapes, matrices) are left alone.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

ROUNDED_FROM = 4  # printed decimals from which a number is taken as rounded
SLACK = Fraction(1, 10**9)
FUNCS = {"ln": math.log, "exp": math.exp, "tanh": math.tanh, "σ": lambda x: 1 / (1 + math.exp(-x)),
         "√": math.sqrt, "relu": lambda x: max(x, 0.0)}
TOKEN = re.compile(r"\s*(?:(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)|(ln|exp|tanh|relu|softmax|σ|√)"
                   r"|([-+−·×*/⊙^()\[\],|⌊⌋⌈⌉²³]))")


class NotArithmetic(ValueError):
    """The text is not a line of arithmetic this checker reads."""


Interval = tuple  # (lo, hi) as Fractions


def _tokens(text: str) -> list[str]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise NotArithmetic(text[pos:pos + 10])
        out.append(match.group().strip())
        pos = match.end()
    return out


def _number(text: str) -> Interval:
    plain = text.replace(",", "")
    value = Fraction(plain)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    if decimals >= ROUNDED_FROM:
        half = Fraction(1, 2 * 10**decimals)
        return (value - half, value + half)
    return (value, value)


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.pos = 0
        self.floors: list[Interval] = []

    def peek(self) -> str | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise NotArithmetic(f"expected {expected}")
        self.pos += 1
        return tok

    def parse(self):
        value = self.expr()
        if self.peek() is not None:
            raise NotArithmetic("trailing text")
        return value

    def expr(self):
        value = self.term()
        while self.peek() in ("+", "-", "−"):
            op = self.take()
            right = self.term()
            value = _apply(value, right, _add if op == "+" else _sub)
        return value

    def term(self):
        value = self.factor()
        while self.peek() in ("·", "×", "*", "/", "⊙"):
            op = self.take()
            right = self.factor()
            value = _apply(value, right, _div if op == "/" else _mul)
        return value

    def factor(self):
        if self.peek() in ("-", "−"):
            self.take()
            return _apply(self.factor(), None, lambda a, _: (-a[1], -a[0]))
        if self.peek() == "+":
            self.take()
            return self.factor()
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() in ("²", "³"):
            k = 2 if self.take() == "²" else 3
            return _apply(base, None, lambda a, _: _pow(a, k))
        if self.peek() == "^":
            self.take()
            tok = self.take()
            if not tok.isdigit():
                raise NotArithmetic("exponent")
            return _apply(base, None, lambda a, _: _pow(a, int(tok)))
        return base

    def atom(self):
        tok = self.peek()
        if tok is None:
            raise NotArithmetic("end")
        if tok[0].isdigit() or tok[0] == ".":
            return _number(self.take())
        if tok == "(":
            self.take()
            value = self.expr()
            self.take(")")
            return value
        if tok == "[":
            self.take()
            items = [self.expr()]
            while self.peek() in (",", "|"):
                self.take()
                items.append(self.expr())
            self.take("]")
            if any(isinstance(i, list) for i in items):
                raise NotArithmetic("nested lists")
            return items
        if tok in ("⌊", "⌈"):
            self.take()
            inner = self.expr()
            self.take("⌋" if tok == "⌊" else "⌉")
            if isinstance(inner, list):
                raise NotArithmetic("floor of a list")
            self.floors.append(inner)
            rounding = math.floor if tok == "⌊" else math.ceil
            lo, hi = rounding(inner[0]), rounding(inner[1])
            if lo != hi:
                raise Ambiguous(inner, tok)
            return (Fraction(lo), Fraction(lo))
        if tok in FUNCS or tok == "softmax":
            self.take()
            arg = self.atom() if self.peek() in ("(", "[") else self.power()
            if tok == "softmax":
                return _softmax(arg)
            return _apply(arg, None, lambda a, _: _monotone(FUNCS[tok], a))
        raise NotArithmetic(tok)


class Ambiguous(Exception):
    """A floor or ceiling of printed numbers that may fall on either side of an integer."""

    def __init__(self, interval: Interval, kind: str):
        super().__init__()
        self.interval, self.kind = interval, kind


def _apply(a, b, op):
    if isinstance(a, list) or isinstance(b, list):
        n = len(a) if isinstance(a, list) else len(b)
        if isinstance(a, list) and isinstance(b, list) and len(a) != len(b):
            raise NotArithmetic("lengths")
        pick = lambda v, k: v[k] if isinstance(v, list) else v  # noqa: E731
        return [op(pick(a, k), None if b is None else pick(b, k)) for k in range(n)]
    return op(a, b)


def _add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def _sub(a, b):
    return (a[0] - b[1], a[1] - b[0])


def _mul(a, b):
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return (min(products), max(products))


def _div(a, b):
    if b[0] <= 0 <= b[1]:
        raise NotArithmetic("division by an interval holding 0")
    return _mul(a, (1 / b[1], 1 / b[0]))


def _pow(a, k: int):
    ends = [a[0] ** k, a[1] ** k]
    lo, hi = min(ends), max(ends)
    if k % 2 == 0 and a[0] < 0 < a[1]:
        lo = Fraction(0)
    return (lo, hi)


def _monotone(f, a):
    """An increasing function of an interval, widened for floating-point error."""
    try:
        lo, hi = f(float(a[0])), f(float(a[1]))
    except (ValueError, OverflowError):
        raise NotArithmetic("outside the function's domain") from None
    pad = 1e-12 * max(1.0, abs(lo), abs(hi))
    return (Fraction(lo - pad), Fraction(hi + pad))


def _softmax(v):
    """p_k = 1 / (1 + Σ_j exp(z_j − z_k)): smallest with the others high and z_k low."""
    if not isinstance(v, list):
        raise NotArithmetic("softmax of a number")
    out = []
    for k, (lo_k, hi_k) in enumerate(v):
        others = [z for j, z in enumerate(v) if j != k]
        lo = 1 / (1 + sum(math.exp(float(hi - lo_k)) for _, hi in others))
        hi = 1 / (1 + sum(math.exp(float(lo - hi_k)) for lo, _ in others))
        out.append((Fraction(lo) - SLACK, Fraction(hi) + SLACK))
    return out


def evaluate(text: str):
    """The interval (or list of intervals) a line of printed arithmetic allows."""
    return _Parser(text).parse()


def _comparable(interval, value) -> bool:
    """Whether a printed line and a step's result have the same shape (a number, or a list as long)."""
    if isinstance(interval, list):
        return isinstance(value, (list, tuple)) and len(value) == len(interval)
    return not isinstance(value, (list, tuple))


def _contains(interval, value) -> bool:
    if isinstance(interval, list):
        return all(_contains(i, v) for i, v in zip(interval, value))
    value = Fraction(value)
    slack = SLACK * max(1, abs(value))
    return interval[0] - slack <= value <= interval[1] + slack


def _overlap(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
            return False
        return all(_overlap(x, y) for x, y in zip(a, b))
    slack = SLACK * max(1, abs(a[0]), abs(b[0]))
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack


def _plain(result):
    """A step's result as numbers: int, float or a list of them (None when it is something else)."""
    if hasattr(result, "tolist"):
        result = result.tolist()
    if isinstance(result, bool):
        return None
    if isinstance(result, (int, float)):
        return result if math.isfinite(result) else None
    if isinstance(result, list) and result and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                   for v in result):
        return result
    return None


def _parts(line: str) -> list[str]:
    """``a = b = c`` as its parts; several equalities on one line (``x = 1, y = 2``) each on their own."""
    pieces = re.split(r",\s+(?=[^,]*=)", line) if line.count("=") > 1 else [line]
    return [p for p in pieces if p.strip()]


def problems(solution) -> list[str]:
    """Every line of the working that its own printed numbers contradict, or leave ambiguous."""
    found: list[str] = []
    ambiguous_reals: list[tuple[int, Interval, float]] = []
    for number, step in enumerate(solution.steps, 1):
        result = _plain(step.result)
        lines = [line for line in (step.substitution or "").split("\n") if line.strip()]
        last = None
        for line in lines:
            for piece in _parts(line):
                sides = [s for s in piece.split("=")]
                values = []
                for side in sides:
                    try:
                        values.append((side.strip(), evaluate(side)))
                    except NotArithmetic:
                        values.append((side.strip(), None))
                    except Ambiguous as exc:
                        kind = "⌊⌋" if exc.kind == "⌊" else "⌈⌉"
                        found.append(f"step {number} ({step.title}): {side.strip()} does not fix a whole number "
                                     f"({kind} of a value between {float(exc.interval[0]):.6g} and "
                                     f"{float(exc.interval[1]):.6g}); print more digits")
                        values.append((side.strip(), None))
                for (left_text, left), (right_text, right) in zip(values, values[1:]):
                    if left is not None and right is not None and not _overlap(left, right):
                        found.append(f"step {number} ({step.title}): {left_text} = {right_text} does not hold")
                if len(lines) == 1 and values and values[-1][1] is not None:
                    last = values[-1]
        if last is not None and result is not None and _comparable(last[1], result):
            text, interval = last
            if not _contains(interval, result):
                shown = result if isinstance(result, int) else [round(v, 6) for v in result] \
                    if isinstance(result, list) else round(result, 6)
                found.append(f"step {number} ({step.title}): {text} gives {_describe(interval)}, "
                             f"but the step says {shown}")
            elif isinstance(result, float) and not isinstance(interval, list):
                if math.floor(interval[0]) != math.floor(interval[1]):
                    ambiguous_reals.append((number, interval, result))
        if isinstance(result, int) and not isinstance(result, bool):
            for earlier, interval, value in ambiguous_reals:
                if result in (math.floor(value), math.floor(value) + 1, math.ceil(value)) and number > earlier:
                    found.append(f"step {number} ({step.title}): the whole number {result} rests on step {earlier}, "
                                 f"whose printed numbers allow {float(interval[0]):.6g} to {float(interval[1]):.6g}, "
                                 "either side of a whole number; print more digits")
    return found


def _describe(interval) -> str:
    if isinstance(interval, list):
        return "[" + ", ".join(_describe(i) for i in interval) + "]"
    lo, hi = float(interval[0]), float(interval[1])
    return f"{lo:.6g}" if lo == hi else f"{lo:.6g} to {hi:.6g}"
