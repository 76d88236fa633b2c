"""Options shared by several commands, each declared once.

``selection_options`` gives every command that asks questions (practice, review, exam,
paper, export) the same ``--topic/--type/--difficulty/--tag/--item/--count/--seed/--bank``
and hands the command one :class:`~quizrnn.select.Selection`.
"""

from __future__ import annotations

import functools

import click

from quizrnn.topics import TOPICS, TYPES

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TOPIC_LIST = "\b\nTopics:\n" + "\n".join("  " + ", ".join(TOPICS[k:k + 4]) for k in range(0, len(TOPICS), 4))

_bank_dirs = click.option("--bank", "bank_dirs", multiple=True, metavar="DIR",
                          type=click.Path(file_okay=False, path_type=str),
                          help="Also read the items in this folder of YAML files (repeatable).")
_no_builtin = click.option("--no-builtin", is_flag=True,
                           help="Leave out the built-in bank: only the items of --bank folders.")


def bank_option(fn):
    """--bank DIR (repeatable) and --no-builtin, handed to the command as ``bank`` (a BankSource)."""
    @functools.wraps(fn)
    def wrapper(*args, bank_dirs, no_builtin, **kwargs):
        from quizrnn.bank.files import BankSource

        if no_builtin and not bank_dirs:
            raise click.UsageError("--no-builtin leaves nothing to read: add --bank DIR")
        return fn(*args, bank=BankSource(tuple(bank_dirs), not no_builtin), **kwargs)

    return _bank_dirs(_no_builtin(wrapper))


def json_option(help_text: str):
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def output_option(help_text: str, required: bool = False):
    return click.option("--output", "-o", "output", metavar="FILE", required=required,
                        type=click.Path(dir_okay=False, path_type=str), help=help_text)


def selection_options(count_default: int | None = 10, count_max: int = 500, count_help: str = "How many questions."):
    """--topic, --type, --difficulty, --tag, --item, --count, --seed and --bank, handed to the
    command as ``selection`` (a Selection) and ``bank_dirs``."""

    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*args, topics, types, difficulties, tags, item_ids, count, seed, **kwargs):
            from quizrnn.select import Selection

            selection = Selection(tuple(topics), tuple(types), tuple(sorted(set(difficulties))), tuple(tags),
                                  tuple(item_ids), count, seed)
            return fn(*args, selection=selection, **kwargs)

        options = [
            click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
                         type=click.Choice(TOPICS, case_sensitive=False),
                         help="Only this topic (repeatable; the topics are listed below)."),
            click.option("--type", "types", multiple=True, type=click.Choice(TYPES, case_sensitive=False),
                         help="Only this kind of question (repeatable)."),
            click.option("--difficulty", "difficulties", multiple=True, type=click.IntRange(1, 3), metavar="1-3",
                         help="Only this difficulty (repeatable: --difficulty 1 --difficulty 2)."),
            click.option("--tag", "tags", multiple=True, metavar="WORD", help="Only items with this tag (repeatable)."),
            click.option("--item", "item_ids", multiple=True, metavar="ID",
                         help="This item (repeatable); its id as quizrnn bank list shows it."),
            click.option("--count", "count", type=click.IntRange(1, count_max), default=count_default,
                         show_default=count_default is not None, help=count_help),
            click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None,
                         help="The same seed and options give the same questions and numbers."),
            bank_option,
        ]
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorator
