"""Number formatting shared by solvers (for step text) and renderers.

The exam convention of the course material is four decimals for computed values.
Given values (weights, inputs) are shown as written, trimmed of trailing zeros.
"""

from __future__ import annotations

import math

PLACES = 4


def fixed(x: float, places: int = PLACES) -> str:
    """A computed value at a fixed number of decimals; never ``-0.0000``."""
    x = float(x)
    if x != x:
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{x:.{places}f}"
    if text[0] == "-":
        if float(text) == 0.0:
            return text[1:]
        return "−" + text[1:]
    return text


def short(x: float, places: int = PLACES) -> str:
    """A value at up to ``places`` decimals, trailing zeros removed when it is exact (0.5, 1, 0.4621).

    A value that ``places`` decimals only approximate keeps all of them (0.22603 is 0.2260,
    not 0.226), so a number printed with fewer decimals is always exact: a reader, or the
    bank's check of the working, can tell given numbers from rounded ones.
    """
    text = fixed(x, places)
    if "." in text and _exact(text, x):
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "−0") else text


def _exact(text: str, x: float) -> bool:
    try:
        return abs(float(text.replace("−", "-")) - float(x)) <= 1e-12 * max(1.0, abs(float(x)))
    except ValueError:
        return False


def integer(n: int) -> str:
    """An integer with thousands separators: 98,816."""
    return f"{int(n):,}"


def vector(values, fmt=fixed) -> str:
    """[0.4621, 0.0997]"""
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def value(v, fmt=fixed) -> str:
    """Any step result: an int, a float, a vector, a matrix or a tuple shape."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return integer(v)
    if isinstance(v, float):
        return fmt(v)
    if isinstance(v, tuple):
        return "(" + ", ".join("None" if e is None else str(e) for e in v) + ")"
    if isinstance(v, str):
        return v
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list) and v and isinstance(v[0], tuple):
        return "[" + ", ".join(value(e, fmt) for e in v) + "]"
    if isinstance(v, list):
        if v and isinstance(v[0], list):
            return "[" + ", ".join(vector(row, fmt) for row in v) + "]"
        if all(isinstance(e, int) and not isinstance(e, bool) for e in v):
            return "[" + ", ".join(str(e) for e in v) + "]"
        return vector(v, fmt)
    return str(v)


def factor(x: float) -> str:
    """A value used as a factor: negative values in brackets, (−0.3)."""
    text = short(x)
    return f"({text})" if text.startswith("−") else text


def fixed_factor(x: float) -> str:
    """A computed value used as a factor, at four decimals: negative values in brackets, (−0.0327)."""
    text = fixed(x)
    return f"({text})" if text.startswith("−") else text


def signed_sum(values, fmt=fixed) -> str:
    """A sum of computed values with the signs folded in: 0.0000 − 0.2029 − 0.1591."""
    out = ""
    for k, v in enumerate(values):
        text = fmt(abs(v))
        if k == 0:
            out = fmt(v)
        else:
            out += (" − " if float(v) < 0 and text.strip("0.") else " + ") + text
    return out


def significant(x: float, digits: int = 4) -> str:
    """A value with ``digits`` significant figures, in scientific notation when small: 3.815e-4."""
    if x == 0:
        return "0"
    if abs(x) >= 0.1:
        return f"{x:.{digits}g}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


def dot(coefficients, values, constant=None) -> str:
    """The working of Σ c_j·v_j (+ b) with signs folded in: 0.3·1 − 0.2·(−0.5) + 0.1."""
    terms = [(c, f"{short(abs(c))}·{factor(v)}") for c, v in zip(coefficients, values)]
    if constant is not None:
        terms.append((constant, short(abs(constant))))
    out = ""
    for k, (sign_of, body) in enumerate(terms):
        negative = float(sign_of) < 0
        if k == 0:
            out = ("−" if negative else "") + body
        else:
            out += (" − " if negative else " + ") + body
    return out
