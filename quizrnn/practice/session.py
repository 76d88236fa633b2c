"""The practice session: ask, grade on the spot, save, and sum up.

The loop reads one answer per prompt from an :class:`Answers` source (the keyboard, or
lines from a pipe so that a session can be scripted) and hands everything it shows to
:mod:`quizrnn.practice.view`. Every answer is committed to the store before its
feedback is shown; when the store cannot be written the answer stays in memory, the
student is told once, and the session goes on.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from quizrnn import grading, keypoints
from quizrnn.bank import Item
from quizrnn.grading import Grade
from quizrnn.schedule import rating_for
from quizrnn.select import variant_seed
from quizrnn.store import Attempt

QUIT = {"q", "quit", "exit"}
SKIP = {"s", "skip"}
HINT = {"?", "hint"}
UNDO = {"u", "undo"}
SELF_GRADES = {"1": "again", "2": "hard", "3": "good", "4": "easy", "again": "again", "hard": "hard",
               "good": "good", "easy": "easy", "a": "again", "g": "good", "e": "easy"}
INTERVIEW_SCORE = {"again": 0.0, "hard": 0.5, "good": 1.0, "easy": 1.0}
MAX_LINE = 4000  # characters of one typed line; longer lines are refused before they are echoed


class EndOfInput(Exception):
    """The answers ran out (end of input): the session ends with its summary."""


@dataclass
class Result:
    item: Item
    grade: Grade
    given: str
    seconds: float
    variant_seed: int | None = None
    prompt: str = ""
    uid: str = ""


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    planned: int = 0
    seconds: float = 0.0
    seed: int = 0
    stopped: str = ""  # "", "quit", "end of input", "interrupted"
    replay: str = ""   # the command that asks the same questions with the same numbers
    not_saved: int = 0  # answers the progress file could not take
    store_problem: str = ""
    bank_problems: list[str] = field(default_factory=list)

    def by_topic(self) -> dict[str, tuple[int, float]]:
        table: dict[str, tuple[int, float]] = {}
        for r in self.results:
            if not r.grade.counted:
                continue
            n, s = table.get(r.item.topic, (0, 0.0))
            table[r.item.topic] = (n + 1, s + r.grade.score)
        return table

    @property
    def missed(self) -> list[Result]:
        """Answers to look at again: wrong, partly right, or skipped."""
        return [r for r in self.results
                if (r.grade.counted and r.grade.score < 1) or r.grade.verdict == grading.SKIPPED]


class LineTooLong(Exception):
    """A typed line over MAX_LINE characters: refused before it is echoed or read further."""


class Undo(Exception):
    """The student asked to take back the last grade."""


class Session:
    def __init__(self, items: list[Item], store, answers, view, seed: int, mode: str = "practice"):
        self.items, self.store, self.answers, self.view = items, store, answers, view
        self.seed, self.mode = seed, mode
        self.id = uuid.uuid4().hex[:12]
        self.summary = Summary(seed=seed)
        self._warned = False

    def run(self) -> Summary:
        start = time.monotonic()
        chosen = list(self.items)
        self.summary.planned = len(chosen)
        if not chosen:
            self.view.nothing_to_ask()
            return self.summary
        if self.store is not None:
            for warning in self.store.warnings:
                self.view.store_warning(warning)
        number = 0
        try:
            while number < len(chosen):
                try:
                    if not self.ask(number + 1, len(chosen), chosen[number]):
                        self.summary.stopped = "quit"
                        break
                    number += 1
                except Undo:
                    number = self._undo(number)
        except EndOfInput:
            self.summary.stopped = "end of input"
        except KeyboardInterrupt:
            self.summary.stopped = "interrupted"
        finally:
            self.summary.seconds = time.monotonic() - start
            self._settle()
        return self.summary

    def _undo(self, number: int) -> int:
        """Take back the last answer (store, card and summary) and ask that question again."""
        if not self.summary.results:
            self.view.nothing_to_undo()
            return number
        last = self.summary.results.pop()
        if self.store is not None:
            self.store.undo_last(self.id)
        self.view.undone(last.item)
        return max(0, number - 1)

    def _settle(self) -> None:
        """At the end: one more try to save what is pending, and say what could not be saved."""
        if self.store is None:
            return
        self.store.flush()
        self.summary.not_saved = len(self.store.pending)
        self.summary.store_problem = self.store.problem

    # ------------------------------------------------------------------ one item

    def ask(self, number: int, total: int, item: Item) -> bool:
        """Ask one item; False when the student quits."""
        variant = None
        if item.type == "numeric":
            from quizrnn.templates import TemplateError, instantiate

            seed = variant_seed(self.seed, item.id)
            try:
                variant = instantiate(item, seed)
            except TemplateError as exc:
                message = f"{item.where}: {item.id}: seed {seed}: {exc}"
                self.summary.bank_problems.append(message)
                self.view.bank_problem(message)
                return True
        self.view.question(number, total, item, variant)
        started = time.monotonic()
        if item.type == "interview":
            return self._interview(item, started)
        hinted = False
        while True:
            prompt = self.view.answer_prompt(item, variant, can_undo=bool(self.summary.results))
            kind, text, hinted = self._response(item, variant, prompt, hinted)
            if kind != "answer":
                return self._unanswered(kind, item, variant, text, started)
            grade = grading.grade_answer(item, text, variant)
            if grade.verdict == grading.UNREADABLE:
                self.view.unreadable(grade)
                continue
            rating = rating_for(grade.score, hinted) if grade.counted else None
            self._save(item, variant, text, grade, started, rating)
            self.view.graded(item, variant, grade)
            return True

    def _response(self, item: Item, variant, prompt: str, hinted: bool) -> tuple[str, str, bool]:
        """Read until the student answers, skips or quits: (``answer``, ``skip`` or ``quit``, the text,
        whether a hint was shown). ``?`` shows the hint and asks again; ``u`` raises Undo."""
        while True:
            text = self._read(prompt)
            if text is None:
                continue
            word = text.strip().lower()
            if word in QUIT:
                return "quit", text, hinted
            if word in UNDO:
                raise Undo
            if word in SKIP:
                return "skip", text, hinted
            if word in HINT:
                hinted = self.view.hint(item, variant) or hinted
                continue
            return "answer", text, hinted

    def _unanswered(self, kind: str, item: Item, variant, text: str, started: float) -> bool:
        """A quit (False) or a skip, saved without a rating (True)."""
        if kind == "quit":
            return False
        self._save(item, variant, text, Grade(None, grading.SKIPPED, expected=""), started, None)
        self.view.skipped(item, variant)
        return True

    def _interview(self, item: Item, started: float) -> bool:
        prompt = self.view.interview_prompt(item, can_undo=bool(self.summary.results))
        kind, text, hinted = self._response(item, None, prompt, False)
        if kind != "answer":
            return self._unanswered(kind, item, None, text, started)
        flags, suggested = keypoints.suggest(item.key_points, text)
        if hinted and suggested in ("good", "easy"):
            suggested = "hard"
        self.view.reveal(item, flags if text.strip() else None)
        while True:
            choice = (self._read(self.view.self_grade_prompt(suggested)) or "").strip().lower()
            if choice in QUIT:
                return False
            if not choice and suggested:
                rating = suggested
                break
            if choice in SELF_GRADES:
                rating = SELF_GRADES[choice]
                break
            self.view.unreadable(Grade(None, grading.UNREADABLE, "answer 1 again, 2 hard, 3 good or 4 easy"))
        score = INTERVIEW_SCORE[rating]
        verdict = grading.CORRECT if score == 1 else (grading.PARTIAL if score else grading.WRONG)
        covered = f"{sum(flags)} of {len(flags)} key points" if text.strip() and suggested else ""
        grade = Grade(score, verdict, f"self-graded: {rating}" + (f" ({covered} found)" if covered else ""))
        self._save(item, None, text, grade, started, rating)
        self.view.self_graded(rating)
        return True

    def _read(self, prompt: str) -> str | None:
        """One line of input; None (after saying so) when it is too long to be an answer."""
        try:
            text = self.answers.read(prompt)
        except LineTooLong:
            self.view.too_long()
            return None
        if len(text) > MAX_LINE:
            self.view.too_long()
            return None
        return text

    def _save(self, item, variant, text, grade, started, rating) -> None:
        """Commit the answer to the store (before any feedback is shown) and to the summary."""
        seconds = time.monotonic() - started
        seed = variant.seed if variant is not None else None
        attempt = Attempt(item.id, text, grade.score, grade.verdict, seconds, seed, grade.mistake, rating,
                          item.topic, item.type, self.mode, self.id)
        if self.store is not None and not self.store.record(attempt) and not self._warned:
            self._warned = True
            self.view.store_problem(self.store.problem)
        prompt = variant.prompt if variant is not None else item.question
        self.summary.results.append(Result(item, grade, text, seconds, seed, prompt, attempt.uid))


class Answers:
    """Answers typed at the keyboard, or read line by line from a pipe."""

    def __init__(self, console, stream, interactive: bool, prompt_console=None):
        self.console, self.stream, self.interactive = console, stream, interactive
        self.prompt_console = prompt_console or console

    def read(self, prompt: str) -> str:
        if self.interactive:
            try:
                return self.prompt_console.input(prompt, markup=False)
            except EOFError:
                raise EndOfInput from None
        self.console.print(prompt, end="", markup=False, highlight=False)
        if self.stream is None:
            self.console.print()
            raise EndOfInput
        line = self.stream.readline(MAX_LINE + 1)
        if not line:
            self.console.print()
            raise EndOfInput
        if len(line) > MAX_LINE and not line.endswith("\n"):
            skipped = len(line) + self._drain()
            self.console.print(f"(a line of {skipped:,} characters)", markup=False, highlight=False)
            raise LineTooLong(skipped)
        line = line.rstrip("\r\n")
        from quizrnn.render.values import safe

        self.console.print(safe(line), markup=False, highlight=False)
        return line

    def _drain(self) -> int:
        """Read the rest of an over-long line without keeping it; return how much there was."""
        count = 0
        while True:
            chunk = self.stream.readline(65536)
            count += len(chunk)
            if not chunk or chunk.endswith("\n"):
                return count
