"""``quizrnn practice`` and ``quizrnn review`` as functions: choose the items, then drill them.

Both hand their items to :func:`drill`, which wires the store, the input, the console and
the view around one :class:`~quizrnn.practice.session.Session`.
"""

from __future__ import annotations

import random
import shlex
import sys
from datetime import datetime

from quizrnn.errors import ExitCode
from quizrnn.render.streams import is_terminal
from quizrnn.select import Selection
from quizrnn.store import opened

DAILY_NEW = 20
REVIEW_LIMIT = 100


def practice(selection: Selection = Selection(), source=(), stdin=None, console=None, store=None,
             replay: str = "quizrnn practice", cram: bool = False, missed: bool = False) -> int:
    """A practice session. The exit code is 130 when interrupted, 3 when progress could not be
    saved, 1 when a template of the bank could not be drawn, else 0.

    ``cram`` ignores the schedule; ``missed`` asks the items the last session missed."""
    from dataclasses import replace

    from quizrnn import bank as bank_module
    from quizrnn.select import matching, select_items

    bank = bank_module.load(source)
    replaying = selection.seed is not None
    if not replaying:
        selection = replace(selection, seed=random.SystemRandom().randrange(10**6))
    with opened(store) as store:
        notices = []
        if missed:
            _, ids = store.last_session()
            ids = [i for i in ids if i in bank.by_id]
            if not ids:
                return _say(console, "Your last session missed nothing: nothing to practise again.")
            selection = replace(selection, ids=tuple(ids), count=None)
        cards = None if replaying or cram else store.cards()
        items = select_items(bank, selection, cards=cards)
        matched = len(matching(bank, selection))
        if selection.count is not None and matched < selection.count and not selection.ids:
            notices.append(("fewer", matched, selection))
        command = shlex.join([*replay.split(), *selection.as_options(), *_source_options(source)])
        return drill(items, selection.seed, "practice", command, stdin, console, store, notices)


def review(topics=(), source=(), limit: int = REVIEW_LIMIT, new: int = DAILY_NEW, stdin=None, console=None,
           store=None, when: datetime | None = None) -> int:
    """The items due now, weakest first, then new items up to the daily limit."""
    from quizrnn import bank as bank_module
    from quizrnn.select import Selection, matching, shuffled
    from quizrnn.store import now

    bank = bank_module.load(source)
    when = when or now()
    seed = random.SystemRandom().randrange(10**6)
    with opened(store) as store:
        cards = store.cards()
        items = matching(bank, Selection(topics=tuple(topics)))
        due = sorted((i for i in items if i.id in cards and cards[i.id].due <= when),
                     key=lambda i: (cards[i.id].stability or 0.0, cards[i.id].due, i.id))
        introduced = _introduced_today(store, when)
        allowed = max(0, new - introduced)
        unseen = [i for i in items if i.id not in cards]
        fresh = shuffled(unseen, seed)[:allowed]
        queue = (due + fresh)[:limit]
        if not queue:
            upcoming = [cards[i.id].due for i in items if i.id in cards]
            return _nothing_due(console, stdin, min(upcoming) if upcoming else None, when, len(unseen), new,
                                introduced, topics, source, store)
        return drill(queue, seed, "review", "", stdin, console, store, [])


def _introduced_today(store, when: datetime) -> int:
    """Items answered for the first time since local midnight."""
    local = when.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return store.introduced_since(midnight)


def _nothing_due(console, stdin, next_due, when, unseen: int, limit: int, introduced: int, topics, source,
                 store) -> int:
    from quizrnn.practice.view import PracticeView
    from quizrnn.render.terminal import make_console

    view = PracticeView(console or make_console())
    view.nothing_due(next_due, when, unseen, limit, introduced)
    stdin = stdin if stdin is not None else sys.stdin
    if unseen and is_terminal(stdin) and view.confirm("Practise 10 new items now? [y/N] ", stdin):
        return practice(Selection(topics=tuple(topics), count=10), source, stdin, console, store)
    return ExitCode.OK


def drill(items, seed: int, mode: str, replay: str, stdin=None, console=None, store=None, notices=()) -> int:
    """Ask the items one by one and sum up; the exit code says how it ended."""
    from quizrnn.render.terminal import session_console

    stdin = stdin if stdin is not None else sys.stdin
    with opened(store) as store:
        if console is not None:
            summary = _run(items, seed, mode, replay, stdin, console, store, notices)
        else:
            with session_console(stdin) as screen:
                summary = _run(items, seed, mode, replay, stdin, screen, store, notices)
    if summary.stopped == "interrupted":
        return ExitCode.INTERRUPTED
    if summary.not_saved:
        return ExitCode.NOT_SAVED
    if summary.bank_problems:
        return ExitCode.ERROR
    return ExitCode.OK


def _run(items, seed, mode, replay, stdin, console, store, notices):
    from quizrnn.practice.session import Answers, Session
    from quizrnn.practice.view import PracticeView

    view = PracticeView(console)
    for notice in notices:
        if notice[0] == "fewer":
            view.fewer_than_asked(notice[1], notice[2])
    session = Session(items, store, Answers(console, stdin, is_terminal(stdin)), view, seed, mode=mode)
    summary = session.run()
    summary.replay = replay
    view.summary(summary)
    return summary


def _say(console, message: str) -> int:
    from rich.text import Text

    from quizrnn.render.terminal import make_console

    (console or make_console()).print(Text(message))
    return ExitCode.OK


def _source_options(source) -> list[str]:
    from quizrnn.bank.files import BankSource

    if isinstance(source, BankSource):
        return source.as_options()
    return [arg for d in source for arg in ("--bank", str(d))]


