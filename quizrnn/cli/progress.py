"""``quizrnn progress where|export|import|reset|repair``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT


@click.group(context_settings=CONTEXT, short_help="Where your progress is kept; export, import, reset, repair.")
def progress() -> None:
    """Your progress file: where it is, moving it between machines, starting again.

    Every answer is kept in one SQLite file in your data folder (QUIZRNN_HOME sets another).

    \b
    Examples:
      quizrnn progress where
      quizrnn progress export progress.json
      quizrnn progress import progress.json
      quizrnn progress reset --yes
      quizrnn progress repair
    """


@progress.command(context_settings=CONTEXT)
def where() -> None:
    """The data folder, the files in it and how many answers they hold.

    \b
    Examples:
      quizrnn progress where
    """
    from quizrnn.progress import where as find
    from quizrnn.render.terminal import make_console, progress_place

    progress_place(make_console(), find())


@progress.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
def export(file) -> None:
    """Every saved answer as JSON, to FILE (- for standard output).

    The format is in docs/progress-format.md; progress import reads it on any machine.

    \b
    Examples:
      quizrnn progress export progress.json
      quizrnn progress export -
    """
    from quizrnn.render.values import plural

    from pathlib import Path

    from quizrnn.files import write_output
    from quizrnn.progress import export_json
    from quizrnn.store import Store, now

    store = Store()
    try:
        text = export_json(store, now())
        count = store.counts()[0]
    finally:
        store.close()
    if file == "-":
        click.echo(text, nl=False)
        return
    write_output(Path(file), text.encode("utf-8"), option="")
    click.echo(f"{plural(count, 'answer')} written to {file}", err=True)


@progress.command("import", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
def import_(file) -> None:
    """Merge the answers of a progress export into this machine's progress.

    Answers already here (the same answer id) are left alone, so importing the same file twice
    changes nothing. The cards of the items that gained answers are rebuilt from all their
    answers in time order.

    \b
    Examples:
      quizrnn progress export laptop.json
      quizrnn progress import laptop.json
    """
    from quizrnn.render.values import plural

    from pathlib import Path

    from quizrnn.progress import import_file
    from quizrnn.store import Store

    store = Store()
    try:
        total, added, rebuilt = import_file(store, Path(file))
    finally:
        store.close()
    cards = f"; {plural(len(rebuilt), 'card')} rebuilt" if rebuilt else ""
    click.echo(f"{plural(added, 'answer')} added, {total - added} already here{cards}.")


@progress.command(context_settings=CONTEXT)
@click.option("--yes", "-y", is_flag=True, help="Do not ask first (for scripts).")
def reset(yes) -> None:
    """Start again: every answer and card removed, after a timestamped backup beside the file.

    \b
    Examples:
      quizrnn progress reset
      quizrnn progress reset --yes
    """
    from quizrnn.render.values import plural

    from quizrnn.errors import InputError
    from quizrnn.progress import reset as clear
    from quizrnn.store import Store, now

    store = Store()
    try:
        answers, cards = store.counts()
        if not answers and not cards:
            click.echo("Nothing to reset: no answers saved yet.")
            return
        if not yes:
            if not sys.stdin.isatty():
                raise InputError("reset removes every saved answer: add --yes to do it without a question")
            question = (f"Remove {plural(answers, 'answer')} and {plural(cards, 'card')}? "
                        "A backup is kept beside the file. [y/N] ")
            if click.prompt(question, default="", show_default=False, prompt_suffix="").strip().lower() not in (
                    "y", "yes"):
                click.echo("Nothing was changed.")
                return
        backup = clear(store, now())
    finally:
        store.close()
    click.echo(f"Reset: {plural(answers, 'answer')} and {plural(cards, 'card')} removed. Backup: {backup}")
    click.echo("To undo, move the backup back in place of the progress file.")


@progress.command(context_settings=CONTEXT)
def repair() -> None:
    """Move an unreadable progress file aside (it is never deleted) and start afresh.

    Every answer that can still be read from the old file or from the journal kept beside it
    is taken into the new one, and the cards are rebuilt from them. A readable file is left
    as it is.

    \b
    Examples:
      quizrnn progress repair
    """
    from quizrnn.progress import repair as fix
    from quizrnn.progress import store_path
    from quizrnn.render.values import plural
    from quizrnn.store import now

    result = fix(now())
    if result.moved_to is None:
        click.echo(f"{store_path()}: readable and whole; nothing to repair.")
        return
    click.echo(f"{store_path()}: {result.problem}.")
    click.echo(f"Moved aside to {result.moved_to} (kept, not deleted).")
    if result.recovered:
        click.echo(f"A fresh progress file holds the {plural(result.recovered, 'answer')} read back from it and "
                   "from the journal, with the cards rebuilt from them.")
    else:
        click.echo("No answers could be read back from it or the journal; a fresh progress file was started.")
