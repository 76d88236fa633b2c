"""Errors raised by solvers when their input cannot be solved."""

from __future__ import annotations


class SolverError(ValueError):
    """Input that no solver can work with (a size of 0, a matrix of the wrong shape...).

    ``field`` names the input at fault as a path (``("layers", 1, "W_f")`` or
    ``("hidden",)``) so that the caller can point at the option, file line or layer
    the value came from.
    """

    def __init__(self, message: str, field: tuple = ()):
        super().__init__(message)
        self.message = message
        self.field = tuple(field)

    def __str__(self) -> str:
        return self.message
