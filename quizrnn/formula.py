"""Formulas typed by a student, read by a whitelist parser and compared exactly.

Only numbers, the item's declared symbols, + − × ÷ ^ (or **) and parentheses are read;
``4n(n + d + 1)`` is understood as 4·n·(n + d + 1). The text is parsed with :mod:`ast` and
walked node by node: nothing is evaluated as code.

Before anything is computed, the size of every intermediate is bounded from the tree
alone: the degree of each symbol in the numerator and denominator, and the digits of the
numbers (``((9^10)^10)^10`` is refused without building 9^1000). Two formulas are then
compared exactly, in rational arithmetic, on a grid of points with one more value per
symbol than the degree of that symbol in their difference: a rational function that
vanishes on such a grid is zero, so agreement on the grid proves the formulas equal.
The work is bounded before it starts, so no answer can hang the grader or grow memory.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction

from quizrnn.arith import parse_quietly

MAX_LENGTH = 200
MAX_NODES = 120
MAX_DEPTH = 25
MAX_EXPONENT = 10
MAX_NUMBER = 10**12
MAX_DEGREE = 24       # total degree of a numerator or denominator
MAX_DIGITS = 240      # digits of the numbers a formula can build
MAX_GRID = 4096       # points evaluated to compare two formulas
GRID_TRIES = 6

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^()]))")
SYMBOLS_OUT = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "²": "^2", "³": "^3"}


class FormulaError(ValueError):
    """Text that is not a formula quizrnn reads; the message says why."""


@dataclass(frozen=True)
class Size:
    """Upper bounds, found from the tree alone: degree per symbol of the numerator and the
    denominator the naive combination builds, and digits of its numbers."""

    num: tuple[tuple[str, int], ...] = ()
    den: tuple[tuple[str, int], ...] = ()
    digits: int = 1

    def degree(self, part: str, symbol: str) -> int:
        return dict(getattr(self, part)).get(symbol, 0)


@dataclass(frozen=True)
class Formula:
    tree: ast.AST
    symbols: tuple[str, ...]
    size: Size


def _tokens(text: str, symbols: tuple[str, ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FormulaError(f"unexpected {text[pos:].strip()[:10]!r}: use numbers, "
                               f"{', '.join(symbols)}, + - * / ^ and parentheses")
        number, name, op = match.groups()
        if number:
            out.append(("num", number))
        elif name:
            out.extend(("name", part) for part in _split_name(name, symbols))
        else:
            out.append(("op", "^" if op == "**" else op))
        pos = match.end()
    return out


def _split_name(name: str, symbols: tuple[str, ...]) -> list[str]:
    """``nd`` with symbols n and d is n·d; any other unknown name is refused."""
    if name in symbols:
        return [name]
    parts, rest = [], name
    while rest:
        for sym in sorted(symbols, key=len, reverse=True):
            if rest.startswith(sym):
                parts.append(sym)
                rest = rest[len(sym):]
                break
        else:
            raise FormulaError(f"unknown name {name!r}: the formula uses {', '.join(symbols)}")
    return parts


def _with_products(tokens: list[tuple[str, str]]) -> str:
    """Python syntax with the implied multiplications written out."""
    pieces: list[str] = []
    prev = None
    for kind, text in tokens:
        ends_operand = prev is not None and (prev[0] in ("num", "name") or prev[1] == ")")
        starts_operand = kind in ("num", "name") or text == "("
        if ends_operand and starts_operand:
            pieces.append("*")
        pieces.append("**" if text == "^" else text)
        prev = (kind, text)
    return " ".join(pieces)


def parse(text: str, symbols: tuple[str, ...] = ("n", "d")) -> Formula:
    """The formula, checked and measured; FormulaError for anything else."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("empty formula")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long (at most {MAX_LENGTH} characters)")
    for old, new in SYMBOLS_OUT.items():
        text = text.replace(old, new)
    symbols = tuple(symbols)
    source = _with_products(_tokens(text, symbols))
    try:
        tree = parse_quietly(source, mode="eval")
    except SyntaxError:
        raise FormulaError("not a complete formula (check the brackets and operators)") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula nested too deeply") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise FormulaError("formula too long")
    size = _measure(tree.body, set(symbols), 0)
    return Formula(tree.body, symbols, size)


def _add(a: dict, b: dict) -> dict:
    return {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)}


def _size(num: dict, den: dict, digits: int) -> Size:
    for part in (num, den):
        if sum(part.values()) > MAX_DEGREE:
            raise FormulaError(f"formula of too high a degree (at most {MAX_DEGREE})")
    if digits > MAX_DIGITS:
        raise FormulaError("the numbers in this formula grow far too large")
    return Size(tuple(sorted((k, v) for k, v in num.items() if v)), tuple(sorted((k, v) for k, v in den.items() if v)),
                digits)


def _measure(node: ast.AST, symbols: set[str], depth: int) -> Size:
    """Check the node is allowed and bound what evaluating it can build."""
    if depth > MAX_DEPTH:
        raise FormulaError("formula nested too deeply")
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        if abs(node.value) > MAX_NUMBER:
            raise FormulaError("number too large")
        value = Fraction(repr(node.value)) if isinstance(node.value, float) else Fraction(node.value)
        return Size(digits=len(str(value.numerator)) + len(str(value.denominator)))
    if isinstance(node, ast.Name) and node.id in symbols:
        return Size(num=((node.id, 1),))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        return _measure(node.operand, symbols, depth + 1)
    if isinstance(node, ast.BinOp):
        a = _measure(node.left, symbols, depth + 1)
        if isinstance(node.op, ast.Pow):
            k = _exponent(node.right)
            num, den = dict(a.num), dict(a.den)
            if k < 0:
                num, den = den, num
            k = abs(k)
            return _size({s: v * k for s, v in num.items()}, {s: v * k for s, v in den.items()}, a.digits * max(k, 1))
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            b = _measure(node.right, symbols, depth + 1)
            an, ad, bn, bd = dict(a.num), dict(a.den), dict(b.num), dict(b.den)
            if isinstance(node.op, (ast.Add, ast.Sub)):
                left, right = _add(an, bd), _add(bn, ad)
                num = {k: max(left.get(k, 0), right.get(k, 0)) for k in set(left) | set(right)}
                return _size(num, _add(ad, bd), a.digits + b.digits + 1)
            if isinstance(node.op, ast.Mult):
                return _size(_add(an, bn), _add(ad, bd), a.digits + b.digits)
            return _size(_add(an, bd), _add(ad, bn), a.digits + b.digits)
    raise FormulaError("only numbers, the formula's symbols, + - * / ^ and parentheses are read")


def _exponent(node: ast.AST) -> int:
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        value = sign * node.value
        if abs(value) > MAX_EXPONENT:
            raise FormulaError(f"exponents are limited to ±{MAX_EXPONENT}")
        return value
    raise FormulaError("an exponent must be a whole number such as 2")


def evaluate(node: ast.AST, values: dict[str, Fraction]) -> Fraction:
    """The exact value at a point (ZeroDivisionError where a denominator vanishes)."""
    if isinstance(node, ast.Constant):
        return Fraction(repr(node.value)) if isinstance(node.value, float) else Fraction(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        inner = evaluate(node.operand, values)
        return -inner if isinstance(node.op, ast.USub) else inner
    left = evaluate(node.left, values)
    if isinstance(node.op, ast.Pow):
        return left ** _exponent(node.right)
    right = evaluate(node.right, values)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    return left / right


def equivalent(expected: Formula, given: Formula) -> bool | None:
    """Whether the two formulas are the same function; None when that cannot be decided
    (the comparison grid would be too large, or every grid met a vanishing denominator)."""
    symbols = tuple(dict.fromkeys(expected.symbols + given.symbols))
    # the difference p1/q1 − p2/q2 has numerator p1·q2 − p2·q1: bound its degree per symbol
    degree = {s: max(expected.size.degree("num", s) + given.size.degree("den", s),
                     given.size.degree("num", s) + expected.size.degree("den", s)) for s in symbols}
    points = 1
    for s in symbols:
        points *= degree[s] + 1
    if points > MAX_GRID:
        return None
    import itertools

    for attempt in range(GRID_TRIES):
        axes = [[Fraction(2 + 5 * k + 11 * attempt + j) for j in range(degree[s] + 1)]
                for k, s in enumerate(symbols)]
        try:
            for point in itertools.product(*axes):
                values = dict(zip(symbols, point))
                if evaluate(expected.tree, values) != evaluate(given.tree, values):
                    return False
            return True
        except ZeroDivisionError:
            continue
    return None


def same(a: str, b: str, symbols: tuple[str, ...] = ("n", "d")) -> bool:
    """Whether two formula texts are equal as functions (False when either cannot be read)."""
    try:
        return equivalent(parse(a, symbols), parse(b, symbols)) is True
    except FormulaError:
        return False
