"""The sitting of a mock exam: every question asked, nothing graded, the clock running.

Answers can be changed until the exam is handed in: ``b`` goes back a question (``<`` at a
multiple-choice question, where ``b`` is the choice B), Enter keeps
an answer already given, and after the last question a number goes back to that question.
An answer is only checked for being readable (a letter, a number of the right kind), never
for being right. The time limit ends the sitting even while a prompt waits for input: a
timer signal where the platform has one (Unix), otherwise the first answer typed after the
time is up is not taken.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from quizrnn import grading
from quizrnn.practice.session import MAX_LINE, EndOfInput, LineTooLong

HAND_IN = {"q", "quit", "exit", "hand in"}
BACK = {"<", "back"}  # and b, except at a multiple-choice question, where b is the choice B
BLANK = {"s", "skip"}


class TimeUp(Exception):
    """The time allowed has run out."""


@dataclass
class Sitting:
    """What was written: an answer (or None, left blank) per question, and how it ended."""

    given: list[str | None]
    seconds: list[float]
    allowed: float
    used: float = 0.0
    ended: str = "handed in"  # "handed in", "time", "end of input", "interrupted"


class ExamSitting:
    def __init__(self, questions, answers, view, allowed: float, clock=time.monotonic):
        self.questions, self.answers, self.view = questions, answers, view
        self.allowed, self.clock = allowed, clock
        n = len(questions)
        self.sitting = Sitting([None] * n, [0.0] * n, allowed)

    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    def run(self) -> Sitting:
        start = self.clock()
        self.deadline = start + self.allowed
        try:
            with self._alarm():
                self._loop()
        except TimeUp:
            self.sitting.ended = "time"
            self.view.time_up()
        except EndOfInput:
            self.sitting.ended = "end of input"
        except KeyboardInterrupt:
            self.sitting.ended = "interrupted"
        self.sitting.used = min(self.allowed, self.clock() - start)
        return self.sitting

    def _loop(self) -> None:
        n = len(self.questions)
        position = 0
        while True:
            if position >= n:
                if not self.answers.interactive:
                    return
                choice = self._read(self.view.hand_in_prompt(self.sitting.given, self.remaining()))
                if choice is None:
                    continue
                word = choice.strip().lower()
                if word in HAND_IN or not word:
                    return
                if word in BACK or word == "b":
                    position = n - 1
                elif word.isdigit() and 1 <= int(word) <= n:
                    position = int(word) - 1
                else:
                    self.view.not_understood(f"Enter hands in, b goes back, 1–{n} goes to that question")
                continue
            position = self._ask(position)
            if position < 0:
                return

    def _ask(self, position: int) -> int:
        """Ask one question; the position to go to next (-1: hand in now)."""
        question = self.questions[position]
        earlier = self.sitting.given[position]
        self.view.question(position + 1, len(self.questions), question, earlier)
        started = self.clock()
        try:
            while True:
                text = self._read(self.view.answer_prompt(question, self.remaining(), earlier is not None,
                                                          position > 0))
                if text is None:
                    continue
                word = text.strip().lower()
                if word in HAND_IN:
                    return -1
                if word in BACK or (word == "b" and question.kind != "mcq"):
                    if position == 0:
                        self.view.not_understood("This is the first question")
                        continue
                    return position - 1
                if not word:
                    return position + 1  # Enter: keep the answer given before (or leave it blank)
                if word in BLANK:
                    self.sitting.given[position] = None
                    return position + 1
                if question.kind != "interview":
                    check = grading.grade_answer(question.shown_item(), text, question.variant)
                    if check.verdict == grading.UNREADABLE:
                        self.view.unreadable(check)
                        continue
                self.sitting.given[position] = text
                return position + 1
        finally:
            self.sitting.seconds[position] += self.clock() - started

    def _read(self, prompt: str) -> str | None:
        if self.remaining() <= 0:
            raise TimeUp
        try:
            text = self.answers.read(prompt)
        except LineTooLong:
            self.view.too_long()
            return None
        if self.remaining() <= 0:
            raise TimeUp  # typed after the time was up: not taken
        if len(text) > MAX_LINE:
            self.view.too_long()
            return None
        return text

    @contextmanager
    def _alarm(self):
        """Raise TimeUp in the main thread when the time runs out, even inside a read."""
        usable = (hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
                  and self.clock is time.monotonic)
        if not usable:
            yield
            return

        def ring(_signum, _frame):
            raise TimeUp

        previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, max(0.001, self.remaining()))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
