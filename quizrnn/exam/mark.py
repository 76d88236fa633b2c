"""Marking a mock exam once it is handed in: each answer graded as practice grades it.

Points per question are those of a paper (MCQ 1, numeric 2, interview 4). An interview
answer earns the share of its key points it makes, found by the same matching that ticks
key points in practice; a question whose key points have no terms to look for is left
for the student to judge and counts in no total.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizrnn import grading, keypoints
from quizrnn.grading import Grade
from quizrnn.schedule import rating_for


@dataclass
class Mark:
    question: object          # paper.model.Question
    given: str | None         # None: left blank
    grade: Grade
    rating: str | None        # the card's rating (None: nothing rated)
    covered: list[bool] | None = None  # interview: the key points the answer makes
    seconds: float = 0.0

    @property
    def counted(self) -> bool:
        return self.grade.verdict == grading.SKIPPED or self.grade.counted

    @property
    def earned(self) -> float:
        return (self.grade.score or 0.0) * self.question.points if self.counted else 0.0

    @property
    def possible(self) -> float:
        return self.question.points if self.counted else 0.0


def mark(questions, sitting) -> list[Mark]:
    return [_mark(q, given, seconds) for q, given, seconds in zip(questions, sitting.given, sitting.seconds)]


def _mark(question, given: str | None, seconds: float) -> Mark:
    if given is None:
        expected = question.answer_text() if question.kind != "interview" else ""
        return Mark(question, None, Grade(None, grading.SKIPPED, expected=expected), None, seconds=seconds)
    if question.kind == "interview":
        points = question.item.key_points
        covered, suggested = keypoints.suggest(points, given)
        gradable = [found for point, found in zip(points, covered) if point.match]
        if suggested is None:
            grade = Grade(None, grading.UNCHECKED, "no key points to look for: compare with the model answer")
            return Mark(question, given, grade, None, covered, seconds)
        share = sum(gradable) / len(gradable)
        verdict = grading.CORRECT if share == 1 else (grading.PARTIAL if share else grading.WRONG)
        grade = Grade(share, verdict, f"{sum(gradable)} of {len(gradable)} key points found")
        return Mark(question, given, grade, suggested, covered, seconds)
    grade = grading.grade_answer(question.shown_item(), given, question.variant)
    return Mark(question, given, grade, rating_for(grade.score) if grade.counted else None, seconds=seconds)


def by_topic(marks: list[Mark]) -> dict[str, tuple[int, float, float]]:
    """Per topic: questions, points earned, points possible (topics in alphabetical order)."""
    table: dict[str, tuple[int, float, float]] = {}
    for m in marks:
        n, earned, possible = table.get(m.question.item.topic, (0, 0.0, 0.0))
        table[m.question.item.topic] = (n + 1, earned + m.earned, possible + m.possible)
    return dict(sorted(table.items()))
