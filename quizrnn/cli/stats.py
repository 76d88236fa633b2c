"""``quizrnn stats``."""

from __future__ import annotations

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, bank_option, json_option
from quizrnn.topics import TOPICS


@click.command(context_settings=CONTEXT, epilog=TOPIC_LIST, short_help="How each topic is going, over weeks.")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC", type=click.Choice(TOPICS, case_sensitive=False),
              help="Only this topic (repeatable); also what the exam readiness is over.")
@json_option("Print one JSON object (docs/stats-format.md).")
@bank_option
def stats(topics, as_json, bank) -> None:
    """Your progress: mastery by topic, accuracy by week, activity, what is due, streak, leeches.

    Mastery is the share of a topic's items whose recall probability (FSRS) is above 90% now.
    Exam readiness is the score expected on a random paper over the chosen topics: recall
    probability for items seen, your first-sight accuracy in the topic for the others.

    \b
    Examples:
      quizrnn stats
      quizrnn stats --topic lstm --topic gru
      quizrnn stats --json
    """
    from quizrnn import bank as bank_module
    from quizrnn.stats import compute
    from quizrnn.store import Store, now

    store = Store()
    try:
        data = compute(bank_module.load(bank), store, now(), topics)
    finally:
        store.close()
    if as_json:
        import json

        click.echo(json.dumps(data, indent=1))
        return
    from quizrnn.render.terminal import make_console, stats_view

    stats_view(make_console(), data)
