"""The result every solver returns: an answer and the steps that reach it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One line of working.

    ``formula`` is the rule in symbols, ``substitution`` the same rule with the
    numbers put in, ``result`` the value it gives (an int, a float, a NumPy vector or
    matrix). ``shows`` lists (label, array) pairs worth showing as small tables, and
    ``group`` collects steps under a heading (a layer, a time step).
    """

    title: str
    formula: str = ""
    substitution: str = ""
    result: Any = None
    name: str = ""
    group: str = ""
    shows: tuple = ()
    note: str = ""

    def to_dict(self) -> dict:
        out = {"title": self.title}
        if self.group:
            out["group"] = self.group
        if self.name:
            out["name"] = self.name
        if self.formula:
            out["formula"] = self.formula
        if self.substitution:
            out["substitution"] = self.substitution
        if self.result is not None:
            out["result"] = jsonable(self.result)
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Solution:
    """A solved problem: ``answer`` is what a student's answer is checked against."""

    kind: str
    title: str
    answer: Any
    steps: list[Step] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "title": self.title, "answer": jsonable(self.answer)}
        for key, val in self.details.items():
            out[key] = jsonable(val)
        out["steps"] = [s.to_dict() for s in self.steps]
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def jsonable(value: Any) -> Any:
    """Turn NumPy arrays and scalars, tuples and nested containers into JSON types."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value

