"""Argument checks shared by the solvers: each raises SolverError naming the argument."""

from __future__ import annotations

import math

from solvers.errors import SolverError


def whole(value, name: str, low: int = 1) -> int:
    """A whole number of at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SolverError(f"{name} must be a whole number ≥ {low}, got {value!r}", (name,))
    return value


def positive(value, name: str) -> float:
    """A finite number above zero."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SolverError(f"{name} must be a number", (name,))
    if value <= 0:
        raise SolverError(f"{name} must be positive, got {value}", (name,))
    return float(value)


def numbers(values, name: str) -> list[float]:
    """A non-empty list of finite numbers (a single number counts as a list of one)."""
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = [values]
    try:
        out = [float(v) for v in values]
    except (TypeError, ValueError):
        raise SolverError(f"{name} must be a list of numbers", (name,)) from None
    if not out or not all(math.isfinite(v) for v in out):
        raise SolverError(f"{name} must be a non-empty list of finite numbers", (name,))
    return out


def distribution(values, name: str) -> list[float]:
    """A probability distribution: non-negative numbers that sum to 1 (within 1e-6)."""
    out = numbers(values, name)
    if any(p < 0 for p in out) or abs(sum(out) - 1) > 1e-6:
        raise SolverError(f"{name} must be non-negative and sum to 1", (name,))
    return out
