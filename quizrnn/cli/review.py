"""``quizrnn review``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, bank_option
from quizrnn.topics import TOPICS


@click.command(context_settings=CONTEXT, epilog=TOPIC_LIST, short_help="The items due for review now, then new ones.")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC", type=click.Choice(TOPICS, case_sensitive=False),
              help="Only this topic (repeatable).")
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="At most this many items in this review.")
@click.option("--new", "new", type=click.IntRange(0, 500), default=20, show_default=True,
              help="New items a day: the review adds unseen items until today's count reaches this.")
@bank_option
def review(topics, limit, new, bank) -> None:
    """Review what is due: the items whose spacing has come round, weakest first.

    Then new items, up to a daily limit. A numeric problem comes back with fresh numbers each
    time. When nothing is due, it says when the next item is.

    \b
    Examples:
      quizrnn review
      quizrnn review --topic lstm --limit 20
      quizrnn review --new 0
    """
    from quizrnn.practice import review as run

    code = run(topics, bank, limit, new)
    if code:
        sys.exit(code)
