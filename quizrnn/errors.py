"""Errors a person can cause, each shown as one line with exit code 1."""

from __future__ import annotations

import click


class InputError(click.ClickException):
    """Bad input: a file, an option or a value that quizrnn cannot use.

    The message says what is wrong and where (``file:line``, the option, the layer).
    """

    exit_code = 1


def from_solver(err, options: dict | None = None) -> InputError:
    """Turn a solver's complaint into an InputError that names where the value came from.

    ``options`` maps a solver field name to the command-line option it came from,
    e.g. ``{"hidden": "--hidden"}``.
    """
    where = ""
    if options and err.field and err.field[0] in options:
        where = f"{options[err.field[0]]}: "
    return InputError(f"{where}{err.message}")


class ExitCode:
    """Every exit code quizrnn uses, in one place (documented in the README)."""

    OK = 0
    ERROR = 1          # bad input, or a bank template that could not be drawn
    USAGE = 2          # a command-line mistake (click's own)
    NOT_SAVED = 3      # the session ran, but some answers could not be saved to the progress file
    LEFT_OUT = 4       # export wrote its file, but some items could not be expressed in the format
    INTERRUPTED = 130  # Ctrl-C, after the summary
