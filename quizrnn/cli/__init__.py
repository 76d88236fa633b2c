"""The quizrnn command line. It parses options and hands over to functions tests can call.

Each command lives in a small module of this package; heavy modules (NumPy, Rich, the
solvers) are imported inside the commands, so that ``quizrnn --help`` starts as fast as
click itself.
"""

from __future__ import annotations

import os
import sys

import click

from quizrnn import __version__
from quizrnn.cli.options import CONTEXT
from quizrnn.errors import ExitCode

GLOBAL_FLAGS = ("--debug", "--no-color")


@click.group(context_settings=CONTEXT, invoke_without_command=True)
@click.version_option(__version__, "--version", prog_name="quizrnn",
                      message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails (anywhere on the line).")
@click.option("--no-color", is_flag=True, help="No colours, as with NO_COLOR=1 (anywhere on the line).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, no_color: bool) -> None:
    """Exam prep for recurrent neural networks: RNN, LSTM, GRU and their relatives.

    \b
    Examples:
      quizrnn practice --topic lstm --count 10
      quizrnn solve params lstm --hidden 128 --input 64
      quizrnn solve model "Embedding(1000, 64), GRU(256), Dense(10)"
      quizrnn bank check
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _register() -> None:
    from quizrnn.cli import bank, exam, export, grade, paper, practice, progress, review, solve, stats

    cli.add_command(practice.practice)
    cli.add_command(review.review)
    cli.add_command(stats.stats)
    cli.add_command(exam.exam)
    cli.add_command(progress.progress)
    cli.add_command(paper.paper)
    cli.add_command(grade.grade)
    cli.add_command(export.export)
    cli.add_command(bank.bank)
    cli.add_command(solve.solve)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line for every error, a traceback only with --debug."""
    args = sys.argv[1:] if argv is None else list(argv)
    flags = {flag for flag in GLOBAL_FLAGS if flag in args}
    args = [a for a in args if a not in GLOBAL_FLAGS]  # accepted before or after the command
    debug = "--debug" in flags or os.environ.get("QUIZRNN_DEBUG") == "1"
    if "--no-color" in flags:
        os.environ["NO_COLOR"] = "1"
    if debug:
        os.environ["QUIZRNN_DEBUG"] = "1"  # commands that can explain more (Typst's own errors) look here
    from quizrnn.render.streams import prepare_standard_streams

    prepare_standard_streams()
    try:
        code = cli.main(args=args, prog_name="quizrnn", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say("\nInterrupted.")
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        if debug:
            import traceback

            traceback.print_exc()
        try:
            exc.show()
        except (BrokenPipeError, OSError):
            pass
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(ExitCode.OK)
    except OSError as exc:
        if debug:
            raise
        _say(f"Error: cannot write the output ({exc.strerror or exc})")
        sys.exit(ExitCode.ERROR)
    except Exception as exc:  # a bug: still one line, unless --debug
        if debug:
            raise
        _say(f"Error: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(ExitCode.ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        _say(f"Error: cannot write the output ({exc.strerror or exc})")
        sys.exit(ExitCode.ERROR)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _say(message: str) -> None:
    try:
        click.echo(message, err=True)
    except (OSError, ValueError):
        pass


def _quiet_broken_pipe() -> None:
    """When the reader of a pipe goes away (quizrnn ... | head), leave without a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
