"""The practice session: pick items, ask, grade on the spot, save, and sum up.

The loop reads one answer per prompt from an :class:`Answers` source (the keyboard, or
lines from a pipe so that a session can be scripted) and hands everything it shows to
:mod:`quizrnn.practice_view`. Every answer is committed to the store before its
feedback is shown.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field

from quizrnn import grading
from quizrnn.bank import Bank, Item
from quizrnn.grading import Grade

QUIT = {"q", "quit", "exit"}
SKIP = {"s", "skip"}
HINT = {"?", "h", "hint"}
SELF_GRADES = {"1": "again", "2": "hard", "3": "good", "4": "easy", "again": "again", "hard": "hard",
               "good": "good", "easy": "easy", "a": "again", "g": "good", "e": "easy"}
INTERVIEW_SCORE = {"again": 0.0, "hard": 0.5, "good": 1.0, "easy": 1.0}


class EndOfInput(Exception):
    """The answers ran out (end of input): the session ends with its summary."""


@dataclass
class Options:
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    difficulty: int | None = None
    count: int = 10
    seed: int | None = None


@dataclass
class Result:
    item: Item
    grade: Grade
    given: str
    seconds: float
    variant_seed: int | None = None
    prompt: str = ""


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    planned: int = 0
    seconds: float = 0.0
    seed: int = 0
    stopped: str = ""  # "", "quit", "end of input", "interrupted"

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
        return [r for r in self.results if r.grade.counted and r.grade.score < 1]


MIX = {"mcq": 0.5, "numeric": 0.3, "interview": 0.2}


def interleave(items: list[Item]) -> list[Item]:
    """Mix the kinds of question: about half MCQs, a third numeric, a fifth interview.

    Items keep their order within each kind; at each position the kind furthest behind its
    share comes next (kinds that have run out drop out of the mix).
    """
    queues = {kind: [i for i in items if i.type == kind] for kind in MIX}
    counts = dict.fromkeys(MIX, 0)
    out: list[Item] = []
    while len(out) < len(items):
        live = [k for k in MIX if counts[k] < len(queues[k])]
        total = sum(MIX[k] for k in live)
        position = len(out) + 1
        kind = max(live, key=lambda k: (MIX[k] / total * position - counts[k], MIX[k]))
        out.append(queues[kind][counts[kind]])
        counts[kind] += 1
    return out


def plan(items: list[Item], cards: dict, count: int, rng: random.Random, when) -> list[Item]:
    """Due items first (weakest first), then new ones mixed by kind, then the rest soonest-due first."""
    due, new, later = [], [], []
    for item in items:
        card = cards.get(item.id)
        if card is None:
            new.append(item)
        elif card.due <= when:
            due.append((card.stability or 0.0, card.due, item.id, item))
        else:
            later.append((card.due, item.id, item))
    rng.shuffle(new)
    new = interleave(new)
    ordered = [x[-1] for x in sorted(due, key=lambda x: x[:3])] + new + [x[-1] for x in sorted(later, key=lambda x: x[:2])]
    return ordered[:count]


class Session:
    def __init__(self, bank: Bank, store, options: Options, answers, view):
        self.bank, self.store, self.options = bank, store, options
        self.answers, self.view = answers, view
        self.id = uuid.uuid4().hex[:12]
        self.seed = options.seed if options.seed is not None else random.SystemRandom().randrange(10**6)
        self.rng = random.Random(self.seed)
        self.summary = Summary(seed=self.seed)

    def items(self) -> list[Item]:
        from quizrnn.store import now

        pool = self.bank.select(self.options.topics, self.options.types, self.options.difficulty)
        cards = self.store.cards() if self.store is not None else {}
        return plan(pool, cards, self.options.count, self.rng, now())

    def run(self) -> Summary:
        start = time.monotonic()
        chosen = self.items()
        self.summary.planned = len(chosen)
        if not chosen:
            self.view.nothing_to_ask()
            return self.summary
        try:
            for number, item in enumerate(chosen, 1):
                if not self.ask(number, len(chosen), item):
                    self.summary.stopped = "quit"
                    break
        except EndOfInput:
            self.summary.stopped = "end of input"
        except KeyboardInterrupt:
            self.summary.stopped = "interrupted"
        finally:
            self.summary.seconds = time.monotonic() - start
        return self.summary

    # ------------------------------------------------------------------ one item

    def ask(self, number: int, total: int, item: Item) -> bool:
        """Ask one item; False when the student quits."""
        variant = None
        if item.type == "numeric":
            from quizrnn.templates import instantiate

            variant = instantiate(item, self.rng.randrange(10**6))
        self.view.question(number, total, item, variant)
        started = time.monotonic()
        if item.type == "interview":
            return self._interview(item, started)
        while True:
            text = self.answers.read(self.view.answer_prompt(item))
            word = text.strip().lower()
            if word in QUIT:
                return False
            if word in SKIP:
                grade = Grade(None, grading.SKIPPED, expected="")
                self._save(item, variant, text, grade, started, None)
                self.view.skipped(item, variant)
                return True
            if word in HINT:
                self.view.hint(item, variant)
                continue
            if item.type == "mcq":
                grade = grading.grade_mcq(item, text)
            else:
                grade = grading.grade_numeric(item.answer, text, variant.expected, variant.mistakes)
            if grade.verdict == grading.UNREADABLE:
                self.view.unreadable(grade)
                continue
            rating = None
            if grade.counted:
                rating = "good" if grade.score == 1 else ("hard" if grade.score > 0 else "again")
            self._save(item, variant, text, grade, started, rating)
            self.view.graded(item, variant, grade)
            return True

    def _interview(self, item: Item, started: float) -> bool:
        text = self.answers.read(self.view.interview_prompt())
        if text.strip().lower() in QUIT:
            return False
        if text.strip().lower() in SKIP:
            self._save(item, None, text, Grade(None, grading.SKIPPED), started, None)
            self.view.skipped(item, None)
            return True
        self.view.reveal(item)
        while True:
            choice = self.answers.read(self.view.self_grade_prompt()).strip().lower()
            if choice in QUIT:
                return False
            if choice in SELF_GRADES:
                rating = SELF_GRADES[choice]
                break
            self.view.unreadable(Grade(None, grading.UNREADABLE, "answer 1 again, 2 hard, 3 good or 4 easy"))
        score = INTERVIEW_SCORE[rating]
        verdict = grading.CORRECT if score == 1 else (grading.PARTIAL if score else grading.WRONG)
        grade = Grade(score, verdict, f"self-graded: {rating}")
        self._save(item, None, text, grade, started, rating)
        self.view.self_graded(rating)
        return True

    def _save(self, item, variant, text, grade, started, rating) -> None:
        """Commit the answer to the store (before any feedback is shown) and to the summary."""
        seconds = time.monotonic() - started
        seed = variant.seed if variant is not None else None
        if self.store is not None:
            self.store.record(self.id, item.id, seed, text, grade.score, grade.verdict, grade.mistake,
                              seconds, rating)
        prompt = variant.prompt if variant is not None else item.question
        self.summary.results.append(Result(item, grade, text, seconds, seed, prompt))


class Answers:
    """Answers typed at the keyboard, or read line by line from a pipe."""

    def __init__(self, console, stream, interactive: bool):
        self.console, self.stream, self.interactive = console, stream, interactive

    def read(self, prompt: str) -> str:
        if self.interactive:
            try:
                return self.console.input(prompt, markup=False)
            except EOFError:
                raise EndOfInput from None
        self.console.print(prompt, end="", markup=False, highlight=False)
        line = self.stream.readline()
        if not line:
            self.console.print()
            raise EndOfInput
        line = line.rstrip("\r\n")
        self.console.print(line, markup=False, highlight=False)
        return line
