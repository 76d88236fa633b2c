"""A printable paper: the same questions in every variant, each variant with its own numbers,
its own choice order and a short code printed on every page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from quizrnn.bank import LETTERS, Choice, Item

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read off paper
DEFAULT_POINTS = {"mcq": 1, "numeric": 2, "interview": 4}
SOLUTIONS = ("back", "inline", "none")


@dataclass
class Question:
    """One question of one variant: the item, its numbers (a template's Variant) or its choice order."""

    number: int
    item: Item
    points: float
    section: str = ""
    seed: int | None = None        # the numbers of a numeric template
    variant: object = None         # templates.Variant for numeric items
    order: tuple[int, ...] = ()    # choice order of an MCQ: order[k] is the bank index of the k-th choice shown
    draw: int = 0                  # an exported template's variant: 1, 2, … (0 elsewhere)

    @property
    def kind(self) -> str:
        return self.item.type

    @property
    def choices(self) -> list[Choice]:
        return [self.item.choices[k] for k in self.order]

    @property
    def answers(self) -> list[int]:
        """The right choices, as positions in the order shown."""
        return sorted(self.order.index(k) for k in self.item.answers)

    @property
    def prompt(self) -> str:
        return self.variant.prompt if self.variant is not None else self.item.question

    def printed_prompt(self) -> str:
        """The prompt for print: matrices the paper shows set out below are not also written inline."""
        if self.variant is None:
            return self.item.question
        from quizrnn.templates import render

        import re

        prompt = self.item.prompt
        for name, v in self.variant.values.items():
            if _is_matrix(v):  # "W = {W}" reads "W = (shown below)"; "the rows of {H}", "the rows of H (shown below)"
                prompt = re.sub(rf"=\s*\{{{re.escape(name)}\}}", "= (shown below)", prompt)
                prompt = prompt.replace(f"{{{name}}}", f"{name} (shown below)")
        return render(prompt, self.variant.values)

    def answer_text(self) -> str:
        """The right answer written so that typing it is graded fully right (an interview: its points)."""
        if self.kind == "mcq":
            return ", ".join(LETTERS[k] for k in self.answers)
        if self.kind == "interview":
            return _points(self.points)
        from quizrnn.render.values import answer

        return answer(self.item.answer.kind, self.variant.expected, self.item.answer)

    def shown_item(self) -> Item:
        """The item as this question shows it: an MCQ with its choices in this variant's order."""
        if self.kind != "mcq":
            return self.item
        from dataclasses import replace

        return replace(self.item, choices=tuple(self.choices), answers=tuple(self.answers))


@dataclass
class Section:
    title: str
    instructions: str = ""
    questions: list[Question] = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass
class Variant:
    code: str
    seed: int
    sections: list[Section]

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    @property
    def points(self) -> float:
        return sum(s.points for s in self.sections)


@dataclass
class Paper:
    title: str
    instructions: str
    seed: int
    variants: list[Variant]
    solutions: str = "back"
    duration: str = ""


def _is_matrix(value) -> bool:
    return isinstance(value, list) and len(value) >= 2 and all(isinstance(r, list) for r in value)


def codes(seed: int, count: int) -> list[str]:
    """Short, distinct variant codes fixed by the seed: four characters, five if four collide."""
    for length in (4, 5, 6, 8):
        out = []
        for k in range(count):
            digest = hashlib.sha256(f"variant:{seed}:{k}".encode()).digest()
            number = int.from_bytes(digest[:8], "big")
            code = ""
            for _ in range(length):
                number, rest = divmod(number, len(CODE_ALPHABET))
                code += CODE_ALPHABET[rest]
            out.append(code)
        if len(set(out)) == count:
            return out
    raise ValueError("could not make distinct variant codes")  # pragma: no cover - 8 characters never collide


def _points(p: float) -> str:
    return str(int(p)) if float(p).is_integer() else f"{p:g}"
