"""Exam plans (blueprints): a title, instructions, and sections that draw items by id or by filter.

```yaml
title: Midterm, recurrent networks
instructions: Answer every question. Calculators allowed.
duration: 60 minutes
sections:
  - title: Part A, multiple choice
    points: 1
    draw: {topic: [lstm, gru], type: mcq, count: 6}
  - title: Part B, calculations
    points: 3
    items: [params-lstm-textbook, gru-textbook-step]
```

Every problem is reported as ``file:line: what is wrong``; see docs/blueprint-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizrnn import yamlio
from quizrnn.errors import InputError
from quizrnn.select import Selection
from quizrnn.topics import TOPICS, TYPES

TOP = {"title", "instructions", "duration", "sections"}
SECTION = {"title", "instructions", "points", "items", "draw"}
DRAW = {"topic", "type", "difficulty", "tag", "count"}
MAX_BYTES = 256 * 1024


@dataclass
class SectionPlan:
    title: str
    instructions: str = ""
    points: float | None = None
    ids: tuple[str, ...] = ()
    draw: Selection | None = None
    line: int = 0


@dataclass
class Plan:
    title: str
    instructions: str = ""
    duration: str = ""
    sections: list[SectionPlan] = field(default_factory=list)
    where: str = ""  # the blueprint file, for messages


def load(path: Path) -> Plan:
    data = yamlio.load(path, "blueprint", limit=MAX_BYTES)

    def fail(line: int, message: str) -> InputError:
        return InputError(f"{path}:{line}: {message}" if line else f"{path}: {message}")

    if not isinstance(data, dict):
        raise fail(getattr(data, "line", 1) or 1, "a blueprint is a mapping with title and sections")
    for key in data:
        if key not in TOP:
            raise fail(data.line_of(key), f"unknown key {key!r}; a blueprint has {', '.join(sorted(TOP))}")
    title = _text(data, "title", fail, required=True)
    plan = Plan(title, _text(data, "instructions", fail), _text(data, "duration", fail), where=str(path))
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise fail(data.line_of("sections", data.line or 1), "sections must be a list with at least one section")
    for k, raw in enumerate(sections):
        at = sections.line_of(k, 1)
        if not isinstance(raw, dict):
            raise fail(at, f"section {k + 1} must be a mapping with title and items or draw")
        plan.sections.append(_section(raw, k, at, fail))
    return plan


def _text(data, key: str, fail, required: bool = False) -> str:
    from quizrnn.bank.validate import plain

    if key not in data:
        if required:
            raise fail(data.line or 1, f"{key} is missing")
        return ""
    value = data[key]
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise fail(data.line_of(key), f"{key} must be text")
    return plain(str(value).strip(), lambda message: fail(data.line_of(key), f"{key}: {message}"))


def _section(raw, k: int, at: int, fail) -> SectionPlan:
    for key in raw:
        if key not in SECTION:
            raise fail(raw.line_of(key, at), f"section {k + 1}: unknown key {key!r}; a section has "
                                             f"{', '.join(sorted(SECTION))}")
    title = _text(raw, "title", fail) or f"Section {k + 1}"
    plan = SectionPlan(title, _text(raw, "instructions", fail), line=at)
    if "points" in raw:
        points = raw["points"]
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 < points <= 1000:
            raise fail(raw.line_of("points", at), f"section {k + 1}: points must be a number above 0, got {points!r}")
        plan.points = float(points)
    if "items" not in raw and "draw" not in raw:
        raise fail(at, f"section {k + 1}: give items (a list of ids) or draw (filters and a count)")
    if "items" in raw:
        ids = raw["items"]
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise fail(raw.line_of("items", at), f"section {k + 1}: items must be a list of item ids")
        plan.ids = tuple(ids)
        plan.line = raw.line_of("items", at)
    if "draw" in raw:
        plan.draw = _draw(raw["draw"], k, raw.line_of("draw", at), fail)
        if "items" not in raw:
            plan.line = raw.line_of("draw", at)
    return plan


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def _draw(raw, k: int, at: int, fail) -> Selection:
    if not isinstance(raw, dict):
        raise fail(at, f"section {k + 1}: draw is a mapping such as {{topic: lstm, type: mcq, count: 4}}")
    for key in raw:
        if key not in DRAW:
            raise fail(raw.line_of(key, at), f"section {k + 1}: draw: unknown key {key!r}; use "
                                             f"{', '.join(sorted(DRAW))}")
    topics = [str(t).lower() for t in _listed(raw.get("topic", []))]
    for topic in topics:
        if topic not in TOPICS:
            raise fail(raw.line_of("topic", at), f"section {k + 1}: unknown topic {topic!r}; topics are "
                                                 f"{', '.join(TOPICS)}")
    types = [str(t).lower() for t in _listed(raw.get("type", []))]
    for kind in types:
        if kind not in TYPES:
            raise fail(raw.line_of("type", at), f"section {k + 1}: unknown type {kind!r}; use mcq, interview or "
                                                "numeric")
    difficulties = _listed(raw.get("difficulty", []))
    if not all(d in (1, 2, 3) and not isinstance(d, bool) for d in difficulties):
        raise fail(raw.line_of("difficulty", at), f"section {k + 1}: difficulty is 1, 2 or 3 (or a list of them)")
    tags = [str(t) for t in _listed(raw.get("tag", []))]
    count = raw.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 200:
        raise fail(raw.line_of("count", at), f"section {k + 1}: draw needs a count from 1 to 200")
    return Selection(tuple(topics), tuple(types), tuple(sorted(set(difficulties))), tuple(tags), (), count)
