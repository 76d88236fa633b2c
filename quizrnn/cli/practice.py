"""``quizrnn practice``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, selection_options


@click.command(context_settings=CONTEXT, epilog=TOPIC_LIST,
               short_help="A drill of MCQs, interview and numeric problems, graded on the spot.")
@selection_options(count_default=10)
@click.option("--cram", is_flag=True, help="Ignore the schedule: any matching items, due or not.")
@click.option("--missed", is_flag=True, help="The items your last session missed (wrong, partly right, skipped).")
def practice(selection, bank, cram, missed) -> None:
    """A drill of MCQs, interview questions and numeric problems, graded on the spot.

    Wrong answers are told which mistake they made, numeric problems show their worked
    solution, and every answer is saved. Items due for review come first, then new ones;
    an item answered right comes back days later, one missed within the day. With --seed
    the same options ask the same questions with the same numbers, whatever was saved.

    At the prompt: ? shows a hint (when the item has one), s skips, u undoes the last
    answer, q quits (Ctrl-C and end of input too, with the summary). When input is piped,
    one answer is read per line.

    \b
    Examples:
      quizrnn practice
      quizrnn practice --topic gru --topic lstm --count 15
      quizrnn practice --type numeric --difficulty 2 --seed 7
      quizrnn practice --missed
      printf 'B\\n98816\\nq\\n' | quizrnn practice --seed 1
    """
    from quizrnn.practice import practice as run

    code = run(selection, bank, cram=cram, missed=missed)
    if code:
        sys.exit(code)
