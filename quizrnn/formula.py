"""Formulas typed by a student, read by a whitelist parser and compared with SymPy.

Only numbers, the item's declared symbols, + − × ÷ ^ (or **) and parentheses are read;
``4n(n + d + 1)`` is understood as 4·n·(n + d + 1). The text is parsed with :mod:`ast` and
walked node by node: nothing is evaluated, and ``sympify``/``parse_expr`` (which call
``eval``) never see the student's text. Length, size of numbers, depth and exponents are
bounded, so every accepted formula is a small rational function and comparing two of
them is quick; a comparison that still takes longer than the time limit reports "could
not check".
"""

from __future__ import annotations

import ast
import re
import threading

from quizrnn.arith import parse_quietly

MAX_LENGTH = 200
MAX_NODES = 120
MAX_DEPTH = 25
MAX_EXPONENT = 10
MAX_NUMBER = 10**12
TIMEOUT = 2.0

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^()]))")
SYMBOLS_OUT = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "²": "^2", "³": "^3"}


class FormulaError(ValueError):
    """Text that is not a formula quizrnn reads; the message says why."""


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


def parse(text: str, symbols: tuple[str, ...] = ("n", "d")):
    """The formula as a SymPy expression; FormulaError for anything else."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("empty formula")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long (at most {MAX_LENGTH} characters)")
    for old, new in SYMBOLS_OUT.items():
        text = text.replace(old, new)
    source = _with_products(_tokens(text, symbols))
    try:
        tree = parse_quietly(source, mode="eval")
    except SyntaxError:
        raise FormulaError("not a complete formula (check the brackets and operators)") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula nested too deeply") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise FormulaError("formula too long")
    return _build(tree.body, set(symbols), 0)


def _build(node: ast.AST, symbols: set[str], depth: int):
    import sympy

    if depth > MAX_DEPTH:
        raise FormulaError("formula nested too deeply")
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        if abs(node.value) > MAX_NUMBER:
            raise FormulaError("number too large")
        return sympy.Integer(node.value) if isinstance(node.value, int) else sympy.Rational(repr(node.value))
    if isinstance(node, ast.Name) and node.id in symbols:
        return sympy.Symbol(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        inner = _build(node.operand, symbols, depth + 1)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            exponent = _exponent(node.right)
            return sympy.Pow(_build(node.left, symbols, depth + 1), exponent)
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left = _build(node.left, symbols, depth + 1)
            right = _build(node.right, symbols, depth + 1)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if right == 0:
                raise FormulaError("division by zero")
            return left / right
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


def equivalent(expected, given, timeout: float = TIMEOUT) -> bool | None:
    """True or False when the two expressions could be compared in time; None if not."""
    result: list = []

    def work():
        import sympy

        try:
            result.append(sympy.cancel(sympy.together(expected - given)) == 0)
        except Exception:  # noqa: BLE001 - any SymPy failure means "could not check"
            result.append(None)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or not result:
        return None
    return result[0]
