"""The values a model file is read into, and the safe folding of literals.

Only plain data is ever computed: numbers, strings, tuples, lists, dicts and ranges
built from literals, with bounds on every size. Anything the file computes at run time
(data, calls into libraries, user objects) is an :class:`Unknown`, which remembers where
it came from so that a message can say which ``--set`` would give it a value.
"""

from __future__ import annotations

import ast
import math
import operator
import string

from quizrnn.arith import MAX_NUMBER

MAX_STR = 100_000
MAX_ITEMS = 100_000
STRING_CONSTANTS = {f"string.{n}": getattr(string, n) for n in (
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits",
    "punctuation", "whitespace", "printable")}


def text_of(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every node ast.parse makes
        text = type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Unknown:
    """A value the file only computes when run, or code quizrnn refuses to read.

    ``refusal`` is a complete message (an unknown layer, a lambda where a layer should be);
    otherwise ``name`` (or the expression's ``text``) plus ``reason`` say what is missing,
    and the message suggests the ``--set`` that supplies it.
    """

    __slots__ = ("node", "name", "text", "reason", "refusal", "root")

    def __init__(self, node, *, name=None, text=None, reason="is computed from data", refusal=None,
                 root=None):
        self.node, self.name, self.reason, self.refusal, self.root = node, name, reason, refusal, root
        self.text = text if text is not None else (text_of(node) if isinstance(node, ast.AST) else "")

    def message(self, src, want: str = "N") -> str:
        at = src.at(self.node)
        if self.refusal:
            return f"{at}: {self.refusal}"
        if self.name:
            return f"{at}: {self.name} {self.reason}; add --set {self.name}={want}"
        root = self.root
        origin = ""
        if root is not None and root.name and not root.refusal:
            origin = (f" ({root.name}, {src.line_of(root.node)})" if root.reason == "is computed from data"
                      else f" ({root.name} {root.reason})")
        elif root is not None and root.refusal:
            return root.message(src, want)
        return f"{at}: {self.text} {self.reason}{origin}; add --set \"{self.text}={want}\""


def anon(node: ast.AST, *operands) -> Unknown:
    """An expression that depends on unknown operands."""
    for value in operands:
        if isinstance(value, Unknown):
            root = value if value.name or value.refusal else (value.root or value)
            if root.refusal:
                return root
            return Unknown(node, root=root)
    return Unknown(node)


class Bounds(Exception):
    """A literal computation would grow too large; the result is treated as unknown."""


_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
          ast.Pow: operator.pow}
PLAIN = (int, float, str, bool, type(None), tuple, list, dict, range, slice)


def is_plain(value) -> bool:
    """Plain data (not a layer, a tensor, a model or an unknown)."""
    if isinstance(value, (tuple, list)):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(is_plain(v) for v in value.values())
    return isinstance(value, PLAIN)


def check(value):
    """Raise Bounds when a value is too large to keep."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise Bounds("number too large")
    if isinstance(value, float) and not math.isfinite(value):
        raise Bounds("not a finite number")
    if isinstance(value, str) and len(value) > MAX_STR:
        raise Bounds("text too long")
    if isinstance(value, (list, tuple, dict)) and len(value) > MAX_ITEMS:
        raise Bounds("too many items")
    return value


def binop(op: ast.operator, left, right):
    """``left op right`` for plain data, bounded; TypeError or Bounds when not readable."""
    kind = type(op)
    if kind not in _ARITH:
        raise TypeError("operator not read")
    numbers = all(isinstance(v, (int, float)) for v in (left, right))
    if numbers:
        if kind in (ast.Div, ast.FloorDiv, ast.Mod) and right == 0:
            raise Bounds("division by zero")
        if kind is ast.Pow:
            if isinstance(right, int) and right > 64 and abs(left) > 1:
                raise Bounds("number too large")
            if isinstance(left, float) or isinstance(right, float):
                if abs(left) > MAX_NUMBER or abs(right) > 1000:
                    raise Bounds("number too large")
        return check(_ARITH[kind](left, right))
    if kind is ast.Add and type(left) is type(right) and isinstance(left, (str, list, tuple)):
        if len(left) + len(right) > (MAX_STR if isinstance(left, str) else MAX_ITEMS):
            raise Bounds("too long")
        return left + right
    if kind is ast.Mult:
        seq, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and not isinstance(times, bool):
            if len(seq) * max(times, 0) > (MAX_STR if isinstance(seq, str) else MAX_ITEMS):
                raise Bounds("too long")
            return seq * times
    raise TypeError("operands not read")


def compare(op: ast.cmpop, left, right) -> bool:
    if isinstance(op, ast.Is):
        return left is right if _singleton(left, right) else left == right
    if isinstance(op, ast.IsNot):
        return left is not right if _singleton(left, right) else left != right
    if isinstance(op, (ast.In, ast.NotIn)):
        if not isinstance(right, (str, list, tuple, dict, range)):
            raise TypeError("membership not read")
        if isinstance(right, str) and not isinstance(left, str):
            raise TypeError("membership not read")
        found = left in right
        return found if isinstance(op, ast.In) else not found
    table = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
             ast.Gt: operator.gt, ast.GtE: operator.ge}
    return bool(table[type(op)](left, right))


def _singleton(left, right) -> bool:
    return any(v is None or isinstance(v, bool) for v in (left, right))


def items_of(value):
    """The items a ``for`` loop or a comprehension would visit, or None when unreadable."""
    if isinstance(value, (range, str, list, tuple)):
        if len(value) > MAX_ITEMS:
            return None
        return list(value)
    if isinstance(value, dict):
        return list(value)
    return None


def builtin(name: str, args: list, kwargs: dict):
    """The few builtins the folding reads, on plain data only; TypeError/Bounds otherwise."""
    if kwargs and name not in ("max", "min"):
        raise TypeError("keyword arguments not read")
    if not all(is_plain(a) for a in args) or not all(is_plain(v) for v in kwargs.values()):
        raise TypeError("not plain data")
    if name == "len":
        (value,) = args
        if not isinstance(value, (str, list, tuple, dict, range)):
            raise TypeError("len of what")
        return len(value)
    if name in ("max", "min"):
        if set(kwargs) - {"default"}:
            raise TypeError("key= is not read")
        values = args[0] if len(args) == 1 else args
        values = items_of(values) if not isinstance(values, list) else values
        if values is None:
            raise TypeError("not a sequence")
        if not values and "default" in kwargs:
            return kwargs["default"]
        return (max if name == "max" else min)(values)
    if name == "range":
        if kwargs or not 1 <= len(args) <= 3 or not all(isinstance(a, int) for a in args):
            raise TypeError("range of what")
        return range(*args)
    if name in ("abs", "int", "float"):
        (value,) = args
        if not isinstance(value, (int, float)):
            raise TypeError("a number is needed")
        return check({"abs": abs, "int": int, "float": float}[name](value))
    if name == "round":
        if not all(isinstance(a, (int, float)) for a in args):
            raise TypeError("a number is needed")
        return check(round(*args, **kwargs))
    raise TypeError("not read")


#: Builtins the folding reads; any other call leaves its result unknown.
BUILTINS = ("len", "max", "min", "range", "abs", "int", "float", "round")
