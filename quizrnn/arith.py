"""Reading literal values and simple arithmetic from a syntax tree, without evaluating code.

Shared by the model-text reader (layer arguments such as ``units // 2``) and the bank's
``expr`` parameter rule (``k * m + r``). Only numbers, text, True/False/None, tuples,
names bound to values, unary ±, and + − × ÷ // % between numbers are read.
"""

from __future__ import annotations

import ast
import operator

MAX_NUMBER = 10**12
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
             ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}


def parse_quietly(source: str, mode: str = "exec", filename: str = "<text>") -> ast.AST:
    """``ast.parse`` without the SyntaxWarnings Python prints for odd literals such as ``1e9True``."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename, mode=mode)


class ArithError(ValueError):
    """``node`` is not a literal or arithmetic; ``unsupported`` when it is some other code."""

    def __init__(self, node: ast.AST, message: str, unsupported: bool = False):
        super().__init__(message)
        self.node, self.message, self.unsupported = node, message, unsupported


def evaluate(node: ast.AST, names: dict):
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)):
            if abs(value) > MAX_NUMBER:
                raise ArithError(node, "number too large")
            return value
        raise ArithError(node, f"{type(value).__name__} values are not read")
    if isinstance(node, (ast.Tuple, ast.List)):
        if len(node.elts) > 64:
            raise ArithError(node, "tuple too long")
        return tuple(evaluate(e, names) for e in node.elts)
    if isinstance(node, ast.Name):
        if node.id.startswith("__"):
            raise ArithError(node, "", unsupported=True)
        if node.id in names:
            return names[node.id]
        raise ArithError(node, f"{node.id!r} is not a value quizrnn can read")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _number(evaluate(node.operand, names), node)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left = _number(evaluate(node.left, names), node)
        right = _number(evaluate(node.right, names), node)
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise ArithError(node, "division by zero")
        result = OPERATORS[type(node.op)](left, right)
        if abs(result) > MAX_NUMBER:
            raise ArithError(node, "number too large")
        return result
    raise ArithError(node, "", unsupported=True)


def _number(value, node: ast.AST):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArithError(node, "arithmetic is read only between numbers")
    return value


def parse_expression(text: str, names: dict):
    """Evaluate a one-line expression such as ``k * m + r`` over ``names``."""
    try:
        tree = parse_quietly(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ArithError(None, f"{text!r} is not an arithmetic expression") from None
    try:
        return evaluate(tree.body, names)
    except RecursionError:
        raise ArithError(None, f"{text[:40]!r}...: nested too deeply") from None
    except ArithError as exc:
        if exc.unsupported:
            raise ArithError(exc.node, f"{text!r}: only numbers, names and + - * / // % are read") from None
        raise
