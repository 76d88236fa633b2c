"""``quizrnn bank``: validate the bank and see what it covers."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, bank_option, json_option


@click.group(context_settings=CONTEXT)
def bank() -> None:
    """Validate the question bank and see what it covers.

    \b
    Examples:
      quizrnn bank check
      quizrnn bank check --bank examples/bank --no-builtin
      quizrnn bank stats --json
      quizrnn bank list --topic lstm
      quizrnn bank solvers
    """


@bank.command("check", context_settings=CONTEXT)
@click.option("--seeds", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="Variants to build and solve per numeric template.")
@bank_option
def bank_check(seeds, bank) -> None:
    """Validate every item, then build and solve every numeric template for many seeds.

    Checks that each answer comes from the solver and is graded right as shown, that every
    declared mistake is graded wrong and named, that each line of working follows from its
    printed numbers, and the content rules (interview lengths and key points, stems that
    stand on their own, keys that are not the longest choice). Every problem is listed, one
    per line, as file:line: what is wrong; the exit code is 1 if there is any.

    \b
    Examples:
      quizrnn bank check
      quizrnn bank check --bank examples/bank --no-builtin --seeds 300
    """
    from quizrnn.bank import quality

    sys.exit(quality.run(bank, seeds))


@bank.command("solvers", context_settings=CONTEXT)
@json_option("Print the solvers as a JSON list.")
def bank_solvers(as_json) -> None:
    """List the solvers a numeric template can call, with their arguments.

    \b
    Examples:
      quizrnn bank solvers
      quizrnn bank solvers --json
    """
    from solvers.catalog import REGISTRY

    rows = [{"name": e.name, "required": list(e.required), "optional": list(e.optional), "kind": e.kind,
             "summary": e.summary} for e in REGISTRY.values()]
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from quizrnn.render import make_console
    from quizrnn.render.terminal import solvers_table

    make_console().print(solvers_table(rows))


@bank.command("stats", context_settings=CONTEXT)
@bank_option
@json_option("Print the counts as one JSON object.")
def bank_stats(bank, as_json) -> None:
    """Count the items by type, topic and difficulty.

    \b
    Examples:
      quizrnn bank stats
      quizrnn bank stats --json
    """
    from quizrnn import bank as bank_module
    from quizrnn.bank.quality import counts

    data = counts(bank_module.load(bank))
    if as_json:
        import json

        click.echo(json.dumps(data, indent=2))
        return
    from quizrnn.render import make_console
    from quizrnn.render.terminal import bank_stats_table

    make_console().print(bank_stats_table(data))


@bank.command("list", context_settings=CONTEXT)
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC", help="Only this topic (repeatable).")
@click.option("--type", "types", multiple=True, help="Only this kind of question (repeatable).")
@bank_option
@json_option("Print the items as a JSON list.")
def bank_list(topics, types, bank, as_json) -> None:
    """List the items: id, topic, kind, difficulty and the start of the question.

    The ids are what --item takes in practice, paper and export.

    \b
    Examples:
      quizrnn bank list --topic lstm
      quizrnn bank list --type numeric --json
    """
    from quizrnn import bank as bank_module
    from quizrnn.select import Selection, matching

    items = matching(bank_module.load(bank), Selection(tuple(t.lower() for t in topics),
                                                              tuple(t.lower() for t in types)))
    rows = [{"id": i.id, "topic": i.topic, "type": i.type, "difficulty": i.difficulty,
             "question": " ".join((i.question or i.prompt).split())} for i in items]
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from quizrnn.render import make_console
    from quizrnn.render.terminal import items_table

    make_console().print(items_table(rows))
