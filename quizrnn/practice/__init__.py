"""``quizrnn practice`` as a function: wire the bank, the selection, the store, the input and the view."""

from __future__ import annotations

import random
import shlex
import sys

from quizrnn.errors import ExitCode
from quizrnn.select import Selection


def practice(selection: Selection = Selection(), source=(), stdin=None, console=None, store=None,
             replay: str = "quizrnn practice") -> int:
    """Run one session. The exit code is 130 when interrupted, 3 when progress could not be
    saved, 1 when a template of the bank could not be drawn, else 0."""
    from quizrnn import bank as bank_module
    from quizrnn.render.terminal import session_console
    from quizrnn.store import Store

    stdin = stdin if stdin is not None else sys.stdin
    bank = bank_module.load(source)
    if selection.seed is None:
        selection = _with_seed(selection, random.SystemRandom().randrange(10**6))
        replaying = False
    else:
        replaying = True
    own_store = store is None
    store = store if store is not None else Store()
    try:
        if console is not None:
            summary = _session(bank, selection, replaying, source, stdin, console, store, replay)
        else:
            with session_console(stdin) as console:
                summary = _session(bank, selection, replaying, source, stdin, console, store, replay)
    finally:
        if own_store:
            store.close()
    if summary.stopped == "interrupted":
        return ExitCode.INTERRUPTED
    if summary.not_saved:
        return ExitCode.NOT_SAVED
    if summary.bank_problems:
        return ExitCode.ERROR
    return ExitCode.OK


def _session(bank, selection, replaying, source, stdin, console, store, replay):
    from quizrnn.practice.session import Answers, Session
    from quizrnn.practice.view import PracticeView
    from quizrnn.select import matching, select_items

    cards = None if replaying else store.cards()
    items = select_items(bank, selection, cards=cards)
    view = PracticeView(console)
    matched = len(matching(bank, selection))
    if selection.count is not None and matched < selection.count and not selection.ids:
        view.fewer_than_asked(matched, selection)
    session = Session(items, store, Answers(console, stdin, _is_terminal(stdin)), view, selection.seed)
    summary = session.run()
    summary.replay = shlex.join([*replay.split(), *selection.as_options(), *_source_options(source)])
    view.summary(summary)
    return summary


def _source_options(source) -> list[str]:
    from quizrnn.bank.files import BankSource

    if isinstance(source, BankSource):
        return source.as_options()
    return [arg for d in source for arg in ("--bank", str(d))]


def _with_seed(selection: Selection, seed: int) -> Selection:
    from dataclasses import replace

    return replace(selection, seed=seed)


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False
