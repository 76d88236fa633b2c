"""``quizrnn solve``: parameter counts, model summaries and forward passes, every step shown."""

from __future__ import annotations

import click

from quizrnn.cli.options import CONTEXT, json_option

SOLUTION_JSON = "Print one JSON object (answer, steps) instead of the worked solution."


@click.group(context_settings=CONTEXT, short_help="Parameter counts, model summaries and forward passes, worked.")
def solve() -> None:
    """Solve a parameter count, model summary or forward pass, showing every step.

    \b
    Examples:
      quizrnn solve params gru --hidden 256 --input 64 --convention keras
      quizrnn solve model "Embedding(1000, 64), LSTM(128), Dense(1)"
      quizrnn solve forward examples/rnn_three_steps.yaml --json
    """


@solve.command("params", context_settings=CONTEXT)
@click.argument("cell", metavar="CELL")
@click.option("--hidden", "-n", type=int, required=True, help="Hidden size n (units).")
@click.option("--input", "-d", "input_size", type=int, required=True, help="Input size d (features).")
@click.option("--layers", "-l", type=int, default=1, show_default=True, help="Stacked layers.")
@click.option("--bidirectional", "-b", is_flag=True, help="Two directions per layer.")
@click.option("--no-bias", is_flag=True, help="Layers without bias vectors.")
@click.option("--convention", "-c", default="textbook", show_default=True, metavar="NAME",
              help="textbook, keras or pytorch: how biases are counted.")
@click.option("--reset-after/--no-reset-after", default=None,
              help="Keras GRU only: the second bias of reset_after=True (the Keras default).")
@click.option("--proj-size", type=int, default=0, help="PyTorch LSTM only: projection size P.")
@json_option(SOLUTION_JSON)
def solve_params(cell, hidden, input_size, layers, bidirectional, no_bias, convention, reset_after,
                 proj_size, as_json) -> None:
    """Count the parameters of an RNN, LSTM or GRU layer (CELL: rnn, lstm or gru).

    \b
    Examples:
      quizrnn solve params lstm --hidden 128 --input 64
      quizrnn solve params gru -n 256 -d 64 --convention keras --no-reset-after
      quizrnn solve params lstm -n 100 -d 10 -l 2 -b -c pytorch
    """
    from quizrnn import solve as solving

    solution = solving.params(cell, hidden, input_size, layers=layers, bidirectional=bidirectional,
                              bias=not no_bias, convention=convention, reset_after=reset_after,
                              proj_size=proj_size)
    emit(solution, as_json)


@solve.command("model", context_settings=CONTEXT)
@click.argument("model")
@click.option("--name", default=None, help="The model's variable, when a file builds several.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A value for a name the file computes from data (repeatable).")
@json_option(SOLUTION_JSON)
def solve_model(model, name, settings, as_json) -> None:
    """Summarise a Keras or PyTorch model: output shapes and parameters per layer.

    MODEL is layer text, or a .py or .ipynb file: Sequential models (also built with
    model.add in loops), the Keras functional API and nn.Module classes are read. The
    code is parsed, never run.

    \b
    Examples:
      quizrnn solve model "Embedding(1000, 64), GRU(256), Dense(10)"
      quizrnn solve model "LSTM(50, input_shape=(60, 1)), Dense(1)"
      quizrnn solve model examples/models/imdb_bidirectional_lstm.py
      quizrnn solve model examples/models/name_classifier.py --set n_categories=18
    """
    from quizrnn import solve as solving

    emit(solving.model(model, name, settings), as_json)


@solve.command("forward", context_settings=CONTEXT)
@click.argument("spec_path", metavar="[SPEC]", required=False)
@click.option("--spec", "spec", metavar="FILE", help="YAML or JSON file: cell, convention, x, h0, c0 and the weights.")
@json_option(SOLUTION_JSON)
def solve_forward(spec_path, spec, as_json) -> None:
    """Run an RNN, LSTM or GRU forward pass with every gate at every step.

    SPEC (or --spec FILE) is a YAML or JSON file:

    \b
      cell: lstm                 # rnn, lstm or gru
      convention: textbook       # or pytorch (state_dict names weight_ih, ...)
      x: [[1, 0.5]]              # one row per time step
      W_f: [[...], [...]]        # textbook weights act on [h_(t-1), x_t]
      ...

    \b
    Examples:
      quizrnn solve forward examples/lstm_one_step.yaml
      quizrnn solve forward --spec examples/gru_pytorch.yaml --json
    """
    from pathlib import Path

    from quizrnn import forwardspec

    if spec and spec_path:
        raise click.UsageError("give the spec once: as SPEC or as --spec FILE")
    if not (spec or spec_path):
        raise click.UsageError("give a spec file: quizrnn solve forward examples/lstm_one_step.yaml")
    emit(forwardspec.solve(Path(spec or spec_path)), as_json)


def emit(solution, as_json: bool) -> None:
    """The solution as strict JSON, or worked out in the terminal."""
    if as_json:
        import json

        from quizrnn.errors import InputError

        try:
            text = json.dumps(solution.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
        except ValueError:
            raise InputError("the result is not a finite number (an overflow in the inputs); "
                             "use smaller values") from None
        click.echo(text)
        return
    from quizrnn.render import make_console, show_solution

    show_solution(solution, make_console())
