"""``quizrnn practice`` as a function: wire the bank, the store, the input and the view."""

from __future__ import annotations

import sys

from quizrnn.errors import InputError

EXIT_INTERRUPTED = 130


def practice(topics=(), types=(), difficulty=None, count=10, seed=None, bank_dirs=(),
             stdin=None, console=None) -> int:
    """Run one session; the exit code is 130 when it was interrupted, else 0."""
    from quizrnn import bank as bank_module
    from quizrnn.practice import Answers, Options, Session
    from quizrnn.practice_view import PracticeView
    from quizrnn.render import make_console
    from quizrnn.store import Store

    stdin = stdin if stdin is not None else sys.stdin
    bank = bank_module.load(bank_dirs)
    options = Options(tuple(topics), tuple(types), difficulty, count, seed)
    if not bank.select(options.topics, options.types, options.difficulty):
        filters = [f"topic {', '.join(topics)}" if topics else "", f"type {', '.join(types)}" if types else "",
                   f"difficulty {difficulty}" if difficulty else ""]
        raise InputError(f"no items match {' and '.join(f for f in filters if f)}")
    console = console or make_console()
    interactive = _is_terminal(stdin)
    store = Store()
    try:
        view = PracticeView(console)
        session = Session(bank, store, options, Answers(console, stdin, interactive), view)
        summary = session.run()
        view.summary(summary)
    finally:
        store.close()
    return EXIT_INTERRUPTED if summary.stopped == "interrupted" else 0


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
