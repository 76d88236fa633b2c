"""``quizrnn export``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, output_option, selection_options


@click.command("export", context_settings=CONTEXT, epilog=TOPIC_LIST,
               short_help="The bank for Moodle, Canvas (QTI) and Anki: XML, GIFT, QTI zip, .apkg.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["moodle", "gift", "qti", "anki"], case_sensitive=False))
@selection_options(count_default=None, count_max=100_000, count_help="At most this many items [default: all].")
@output_option("The file to write [default: quizrnn.xml, .txt, .zip or .apkg].")
@click.option("--variants", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Variants of each numeric template, each its own question.")
@click.option("--title", default="quizrnn", show_default=True, help="The quiz's title (QTI) or the file's heading.")
def export(fmt, selection, bank, output, variants, title) -> None:
    """Export questions for Moodle (XML or GIFT), Canvas (QTI 1.2 zip) or Anki (.apkg).

    Every matching item goes in, with its feedback: each wrong choice's explanation, the named
    mistakes of numeric problems, the worked solution with its math as \\( … \\), the model
    answer of interview questions. Each numeric template becomes --variants fixed variants,
    grouped so that the platform can draw one at random. The same --seed (0 by default) gives
    the same variants, and an Anki deck imported again updates its notes instead of adding
    copies. An item that a format cannot hold is named on standard error and left out; the
    rest is written and the exit code is 4.

    \b
    FORMAT:
      moodle  Moodle XML: multichoice, numerical, cloze, shortanswer and essay questions
      gift    Moodle's GIFT text (no vectors, matrices or shapes)
      qti     QTI 1.2 zip for Canvas, Blackboard and D2L (no vectors, matrices or shapes)
      anki    an Anki deck, one subdeck per topic

    \b
    Examples:
      quizrnn export moodle --topic lstm --variants 5 -o lstm.xml
      quizrnn export anki -o rnn.apkg
      quizrnn export qti --topic gru --type mcq --type interview -o gru.zip
      quizrnn export gift --type mcq --difficulty 1 -o easy.txt
    """
    from quizrnn.errors import ExitCode
    from quizrnn.export import run
    from quizrnn.render.values import plural

    path, written, left = run(fmt.lower(), selection, bank, variants, output, title)
    for item in left:
        click.echo(item.line(), err=True)
    note = f"; {plural(len(left), 'item')} left out (named above)" if left else ""
    click.echo(f"wrote {path}: {plural(written, 'question')}{note}")
    if left:
        sys.exit(ExitCode.LEFT_OUT)
