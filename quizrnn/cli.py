"""The quizrnn command line. It parses options and hands over to functions tests can call.

Heavy modules (NumPy, Rich, the solvers) are imported inside the commands, so that
``quizrnn --help`` starts as fast as click itself.
"""

from __future__ import annotations

import os
import sys

import click

from quizrnn import __version__
from quizrnn.session import EXIT_INTERRUPTED
from quizrnn.topics import TOPICS, TYPES

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print one JSON object instead of the worked solution.")
bank_option = click.option("--bank", "bank_dirs", multiple=True, metavar="DIR",
                           type=click.Path(file_okay=False, path_type=str),
                           help="Also read the items in this folder of YAML files (repeatable).")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="quizrnn")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    """Exam prep for recurrent neural networks: RNN, LSTM, GRU and their relatives.

    \b
    Examples:
      quizrnn practice --topic lstm --count 10
      quizrnn solve params lstm --hidden 128 --input 64
      quizrnn solve model "Embedding(1000, 64), GRU(256), Dense(10)"
      quizrnn bank check
    """


@cli.command(context_settings=CONTEXT)
@click.option("--topic", "-t", "topics", multiple=True, type=click.Choice(TOPICS), metavar="TOPIC",
              help="Only this topic (repeatable): " + ", ".join(TOPICS) + ".")
@click.option("--type", "types", multiple=True, type=click.Choice(TYPES),
              help="Only this kind of question (repeatable).")
@click.option("--difficulty", type=click.IntRange(1, 3), default=None, help="Only this difficulty (1-3).")
@click.option("--count", "-n", type=click.IntRange(1, 500), default=10, show_default=True,
              help="How many questions.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None,
              help="Pick the same questions and numbers again.")
@bank_option
def practice(topics, types, difficulty, count, seed, bank_dirs) -> None:
    """A drill of MCQs, interview questions and numeric problems, graded on the spot.

    Wrong answers are told which mistake they made, numeric problems show their worked
    solution, and every answer is saved: items you miss come back sooner. At the prompt,
    ? shows a hint, s skips, q quits (Ctrl-C and end of input too, with the summary).
    When input is piped, one answer is read per line.

    \b
    Examples:
      quizrnn practice
      quizrnn practice --topic gru --topic lstm --count 15
      quizrnn practice --type numeric --difficulty 2 --seed 7
      printf 'B\n98816\nq\n' | quizrnn practice --seed 1
    """
    from quizrnn import session

    code = session.practice(topics=topics, types=types, difficulty=difficulty, count=count, seed=seed,
                            bank_dirs=bank_dirs)
    if code:
        sys.exit(code)


@cli.group(context_settings=CONTEXT)
def bank() -> None:
    """Validate the question bank and see what it covers.

    \b
    Examples:
      quizrnn bank check
      quizrnn bank check --bank my_items/
      quizrnn bank stats --json
      quizrnn bank solvers
    """


@bank.command("check", context_settings=CONTEXT)
@click.option("--seeds", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="Variants to build and solve per numeric template.")
@bank_option
def bank_check(seeds, bank_dirs) -> None:
    """Validate every item, then build and solve every numeric template for many seeds.

    Checks that each answer comes from the solver, that every declared mistake gives a
    value different from the right one, and that prompts and worked solutions render.
    Problems are listed one per line as file:line: what is wrong; the exit code is 1 if any.

    \b
    Examples:
      quizrnn bank check
      quizrnn bank check --bank my_items/ --seeds 300
    """
    from quizrnn import bankcheck

    sys.exit(bankcheck.run(bank_dirs, seeds))


@bank.command("solvers", context_settings=CONTEXT)
@json_option
def bank_solvers(as_json) -> None:
    """List the solvers a numeric template can call, with their arguments.

    \b
    Examples:
      quizrnn bank solvers
      quizrnn bank solvers --json
    """
    from quizrnn import bankcheck

    bankcheck.solvers(as_json)


@bank.command("stats", context_settings=CONTEXT)
@bank_option
@json_option
def bank_stats(bank_dirs, as_json) -> None:
    """Count the items by type, topic and difficulty.

    \b
    Examples:
      quizrnn bank stats
      quizrnn bank stats --json
    """
    from quizrnn import bankcheck

    bankcheck.stats(bank_dirs, as_json)


@cli.group(context_settings=CONTEXT)
def solve() -> None:
    """Solve a parameter count, model summary or forward pass, showing every step.

    \b
    Examples:
      quizrnn solve params gru --hidden 256 --input 64 --convention keras
      quizrnn solve model model.py --name model
      quizrnn solve forward --spec rnn_three_steps.yaml --json
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
@json_option
def solve_params(cell, hidden, input_size, layers, bidirectional, no_bias, convention, reset_after,
                 proj_size, as_json) -> None:
    """Count the parameters of an RNN, LSTM or GRU layer (CELL: rnn, lstm or gru).

    \b
    Examples:
      quizrnn solve params lstm --hidden 128 --input 64
      quizrnn solve params gru -n 256 -d 64 --convention keras --no-reset-after
      quizrnn solve params lstm -n 100 -d 10 --layers 2 --bidirectional --convention pytorch
    """
    from quizrnn import solve as solving

    solution = solving.params(cell, hidden, input_size, layers=layers, bidirectional=bidirectional,
                              bias=not no_bias, convention=convention, reset_after=reset_after,
                              proj_size=proj_size)
    _emit(solution, as_json)


@solve.command("model", context_settings=CONTEXT)
@click.argument("model")
@click.option("--name", default=None, help="The model's variable, when a file builds several.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A value for a name the file computes from data (repeatable).")
@json_option
def solve_model(model, name, settings, as_json) -> None:
    """Summarise a Keras or PyTorch model: output shapes and parameters per layer.

    MODEL is layer text, or a .py or .ipynb file: Sequential models (also built with
    model.add in loops), the Keras functional API and nn.Module classes are read. The
    code is parsed, never run.

    \b
    Examples:
      quizrnn solve model "Embedding(1000, 64), GRU(256, return_sequences=True), SimpleRNN(128), Dense(10)"
      quizrnn solve model "LSTM(50, return_sequences=True, input_shape=(60, 1)), LSTM(50), Dense(1)"
      quizrnn solve model "nn.Embedding(5000, 100), nn.LSTM(100, 128, batch_first=True), nn.Linear(128, 2)"
      quizrnn solve model train.py --name model
      quizrnn solve model seq2seq.py --set num_encoder_tokens=71 --set num_decoder_tokens=93
    """
    from quizrnn import solve as solving

    _emit(solving.model(model, name, settings), as_json)


@solve.command("forward", context_settings=CONTEXT)
@click.option("--spec", "spec", required=True, metavar="FILE",
              help="YAML or JSON file: cell, convention, x, h0, c0 and the weights.")
@json_option
def solve_forward(spec, as_json) -> None:
    """Run an RNN, LSTM or GRU forward pass with every gate at every step.

    \b
    The spec file (YAML or JSON):
      cell: lstm                 # rnn, lstm or gru
      convention: textbook       # or pytorch (state_dict names weight_ih, ...)
      x: [[1, 0.5]]              # one row per time step
      W_f: [[...], [...]]        # textbook weights act on [h_(t-1), x_t]
      ...

    \b
    Examples:
      quizrnn solve forward --spec lstm_step.yaml
      quizrnn solve forward --spec gru_pytorch.json --json
    """
    from pathlib import Path

    from quizrnn import forwardspec

    _emit(forwardspec.solve(Path(spec)), as_json)


def _emit(solution, as_json: bool) -> None:
    if as_json:
        import json

        click.echo(json.dumps(solution.to_dict(), indent=2, ensure_ascii=False))
        return
    from quizrnn.render import make_console, show_solution

    show_solution(solution, make_console())


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line for every error, a traceback only with --debug."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args or os.environ.get("QUIZRNN_DEBUG") == "1"
    try:
        code = cli.main(args=args, prog_name="quizrnn", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("\nInterrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("\nInterrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        if debug:
            import traceback

            traceback.print_exc()
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, unless --debug
        if debug:
            raise
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> None:
    """When the reader of a pipe goes away (quizrnn ... | head), leave without a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
