"""``quizrnn paper``."""

from __future__ import annotations

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, output_option, selection_options


@click.command(context_settings=CONTEXT, epilog=TOPIC_LIST,
               short_help="Printable problem sets: a variant per student, a key with worked answers.")
@selection_options(count_default=10, count_help="How many questions (without a blueprint).")
@output_option("The paper: .pdf, .md or .json. The key is written beside it.", required=True)
@click.option("--format", "fmt", type=click.Choice(["pdf", "md", "json"]), default=None,
              help="The output format (default: from the file's suffix).")
@click.option("--title", default="", help="The paper's title.")
@click.option("--blueprint", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="A YAML exam plan: title, instructions, sections of items (docs/blueprint-format.md).")
@click.option("--variants", type=click.IntRange(1, 500), default=1, show_default=True,
              help="Versions of the paper, each with its own numbers and choice order.")
@click.option("--shuffle-questions", is_flag=True, help="Also shuffle the questions within each section.")
@click.option("--solutions", type=click.Choice(["back", "inline", "none"]), default="back", show_default=True,
              help="back: worked answers in the key; inline: after each question (a study sheet); "
                   "none: the key has the answer tables only.")
def paper(selection, bank, output, fmt, title, blueprint, variants, shuffle_questions, solutions) -> None:
    """Print a problem set or an exam, with a different variant per student and a key.

    Writes FILE and, beside it, FILE-key (the same format: per variant an answer table and
    the worked answers) and FILE-key.json (the machine key that quizrnn grade reads). Each
    variant draws its own numbers and choice order and carries a short code printed on
    every page; the same --seed gives the same paper.

    \b
    Examples:
      quizrnn paper --topic lstm --topic gru --count 8 --variants 3 -o midterm.pdf
      quizrnn paper --blueprint examples/midterm.yaml --seed 7 -o exam.pdf
      quizrnn paper --topic lstm --solutions inline --count 6 -o sheet.md
    """
    import os

    from quizrnn.paper import Request, make

    debug = os.environ.get("QUIZRNN_DEBUG") == "1"
    files = make(selection, bank, Request(output, fmt, title, blueprint, variants, shuffle_questions, solutions),
                 debug=debug)
    for role in ("paper", "key", "key.json"):
        if role in files:
            click.echo(f"wrote {files[role]}")
