"""``quizrnn exam``: a mock exam under exam conditions.

The questions are drawn as a paper draws them (the same selection, the shares of topics
and kinds, MCQ choices in a shuffled order, fresh numbers for templates). Nothing is graded
until the exam is handed in or the time runs out; then every answer is graded, saved to the
progress file with mode ``exam`` (so the cards move as in practice), and the report shows
the score per topic and each question with its worked solution.
"""

from __future__ import annotations

import math
import random
import shlex
import sys
import time
import uuid
from contextlib import nullcontext
from dataclasses import replace

from quizrnn.errors import ExitCode, InputError
from quizrnn.select import Selection
from quizrnn.store import Attempt, now, opened

MINUTES_PER = {"mcq": 1.0, "numeric": 3.0, "interview": 3.0}
MAX_MINUTES = 600


def default_minutes(questions) -> int:
    """About a minute per MCQ and three per numeric or interview question."""
    return max(1, math.ceil(sum(MINUTES_PER[q.kind] for q in questions)))


def draw(selection: Selection, source=()):
    """The questions of the exam and the bank they came from; fewer than asked when fewer match."""
    from quizrnn import bank as bank_module
    from quizrnn.paper.build import build, plan_from_selection
    from quizrnn.select import matching

    bank = bank_module.load(source)
    found = len(matching(bank, selection))
    fewer = None
    if selection.count is not None and found < selection.count and not selection.ids:
        fewer = found
        selection = replace(selection, count=found)
    paper = build(bank, plan_from_selection(selection, "Mock exam"), selection.seed)
    return paper.variants[0].questions, fewer


def exam(selection: Selection = Selection(count=20), source=(), minutes: float | None = None, stdin=None,
         console=None, store=None, clock=time.monotonic, replay: str = "quizrnn exam") -> int:
    """Sit a mock exam; the exit code is 130 when interrupted, 3 when answers could not be saved."""
    from quizrnn.exam.mark import mark
    from quizrnn.exam.session import ExamSitting
    from quizrnn.exam.view import ExamView
    from quizrnn.practice import _source_options
    from quizrnn.practice.session import Answers
    from quizrnn.render.streams import is_terminal
    from quizrnn.render.terminal import session_console

    if selection.seed is None:
        selection = replace(selection, seed=random.SystemRandom().randrange(10**6))
    questions, fewer = draw(selection, source)
    allowed = minutes if minutes is not None else default_minutes(questions)
    if not 0 < allowed <= MAX_MINUTES:
        raise InputError(f"--minutes must be more than 0 and at most {MAX_MINUTES}")
    stdin = stdin if stdin is not None else sys.stdin
    options = selection.as_options() + (["--minutes", _number(minutes)] if minutes is not None else [])
    command = shlex.join([*replay.split(), *options, *_source_options(source)])
    with opened(store) as store, (nullcontext(console) if console is not None else session_console(stdin)) as screen:
        view = ExamView(screen)
        if fewer is not None:
            view.fewer_than_asked(fewer, selection)
        for warning in store.warnings:
            view.store_warning(warning)
        interactive = is_terminal(stdin)
        view.rules(len(questions), allowed, interactive)
        sitting = ExamSitting(questions, Answers(screen, stdin, interactive), view, allowed * 60, clock).run()
        marks = mark(questions, sitting)
        not_saved = save(store, marks, now())
        view.report(marks, sitting, command, not_saved, store.problem)
    if sitting.ended == "interrupted":
        return ExitCode.INTERRUPTED
    return ExitCode.NOT_SAVED if not_saved else ExitCode.OK


def save(store, marks, when) -> int:
    """Every answer to the progress file, one transaction each; how many could not be saved."""
    session = uuid.uuid4().hex[:12]
    for m in marks:
        q = m.question
        store.record(Attempt(q.item.id, m.given or "", m.grade.score, m.grade.verdict, m.seconds, q.seed,
                             m.grade.mistake, m.rating, q.item.topic, q.kind, "exam", session, answered_at=when))
    store.flush()
    return len(store.pending)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
