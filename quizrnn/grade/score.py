"""Grading each answer with the practice grader, so a score is the one ``practice`` would give.

MCQs and numeric answers go through :mod:`quizrnn.grading` (tolerances, partial credit,
formulas, named mistakes). An interview question on paper is marked by a person: its cell
holds the points awarded. An empty cell is a blank answer worth 0, except for an interview
question, where it means "not marked yet". An answer that cannot be read scores 0 and says
why. Identical answers to the same question are graded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizrnn import grading
from quizrnn.grade.answers import Row
from quizrnn.grade.key import Key, KeyQuestion

BLANK, UNMARKED = "blank", "unmarked"
MARK = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:/\s*[0-9]+(?:[.,][0-9]+)?)?\s*$")


@dataclass
class Cell:
    number: int
    item: str
    given: str
    points: float            # what the question is worth
    score: float | None      # points earned (None: not marked yet)
    verdict: str             # correct, partial, wrong, blank, unreadable, unchecked, unmarked
    mistake: str | None = None
    feedback: str = ""
    message: str = ""
    picks: tuple[int, ...] = ()  # an MCQ's choices picked, as bank indices


@dataclass
class Result:
    student: str
    variant: str
    line: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(c.score for c in self.cells if c.score is not None)

    @property
    def points(self) -> float:
        return sum(c.points for c in self.cells)

    @property
    def complete(self) -> bool:
        return all(c.score is not None for c in self.cells)

    @property
    def percent(self) -> float:
        return 100 * self.total / self.points if self.points else 0.0


def grade_cell(q: KeyQuestion, text: str) -> Cell:
    given = text.strip()
    if q.kind == "interview":
        return _mark(q, given)
    if not given:
        return Cell(q.number, q.item_id, given, q.points, 0.0, BLANK, message="no answer")
    if q.kind == "mcq":
        grade = grading.grade_mcq(q.mcq, given)
    else:
        grade = grading.grade_numeric(q.spec, given, q.expected, q.mistakes)
    if grade.verdict == grading.UNREADABLE:
        return Cell(q.number, q.item_id, given, q.points, 0.0, grading.UNREADABLE, message=grade.message)
    if grade.verdict == grading.UNCHECKED:
        return Cell(q.number, q.item_id, given, q.points, 0.0, grading.UNCHECKED,
                    message="could not be checked automatically; mark it by hand")
    picks: tuple[int, ...] = ()
    if q.kind == "mcq":
        try:
            picks = tuple(q.order[k] for k in grading.read_letters(given, len(q.mcq.choices)))
        except grading.ReadError:
            picks = ()
    return Cell(q.number, q.item_id, given, q.points, round(grade.score * q.points, 6), grade.verdict, grade.mistake,
                grade.feedback, grade.message, picks)


def _mark(q: KeyQuestion, given: str) -> Cell:
    if not given:
        return Cell(q.number, q.item_id, given, q.points, None, UNMARKED, message="not marked yet")
    match = MARK.match(given)
    if match:
        value = float(match.group(1).replace(",", "."))
        if 0 <= value <= q.points:
            return Cell(q.number, q.item_id, given, q.points, value,
                        grading.CORRECT if value == q.points else (grading.PARTIAL if value else grading.WRONG),
                        message="marked by hand")
    return Cell(q.number, q.item_id, given, q.points, None, UNMARKED,
                message=f"{given[:30]!r} is not a mark from 0 to {q.points:g}; not marked yet")


def grade_rows(key: Key, rows: list[Row]) -> list[Result]:
    cache: dict[tuple, Cell] = {}
    results = []
    for row in rows:
        variant = key.variants[row.variant]
        result = Result(row.student, variant.code, row.line)
        for q in variant.questions:
            text = row.answers.get(q.number, "")
            token = (variant.code, q.number, text.strip())
            cell = cache.get(token)
            if cell is None:
                cell = grade_cell(q, text)
                cache[token] = cell
            result.cells.append(cell)
        results.append(result)
    return results
