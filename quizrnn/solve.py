"""What ``quizrnn solve`` does, as functions tests can call: solve and explain errors."""

from __future__ import annotations

from quizrnn.errors import InputError, from_solver

PARAM_OPTIONS = {
    "cell": "CELL", "convention": "--convention", "hidden": "--hidden", "input_size": "--input",
    "layers": "--layers", "proj_size": "--proj-size", "reset_after": "--reset-after",
}


def params(cell: str, hidden: int, input_size: int, **options):
    """Parameter count of a recurrent layer; bad options name the option at fault."""
    from solvers.errors import SolverError
    from solvers.params import count_params

    try:
        return count_params(cell.strip().lower(), hidden, input_size,
                            convention=str(options.pop("convention", "textbook")).strip().lower(),
                            **options)
    except SolverError as err:
        raise from_solver(err, PARAM_OPTIONS) from None


def model(text_or_path: str, name: str | None = None, settings=None):
    """Keras-style summary of model text, or of the model a Python file or notebook builds.

    ``settings`` are ``NAME=VALUE`` strings (``--set``) for sizes the file computes from data.
    """
    from quizrnn import modelread
    from solvers.errors import SolverError
    from solvers.summary import summarize

    graph = modelread.parse(text_or_path, name, modelread.parse_settings(settings))
    try:
        return summarize(graph)
    except SolverError as err:
        raise InputError(err.message) from None
