"""Building a paper: pick the items once, then give every variant its own numbers and choice order."""

from __future__ import annotations

import hashlib
import random

from quizrnn.bank import Bank, Item
from quizrnn.errors import InputError
from quizrnn.paper.blueprint import Plan, SectionPlan
from quizrnn.paper.model import DEFAULT_POINTS, Paper, Question, Section, Variant, codes
from quizrnn.select import Selection, matching, variant_seed
from quizrnn.select import drawn as pick_from

MAX_VARIANTS = 500


def plan_from_selection(selection: Selection, title: str) -> Plan:
    """A one-section plan from the command line's selection options."""
    return Plan(title, "", "", [SectionPlan("Questions", ids=selection.ids,
                                            draw=None if selection.ids else selection)])


def pick(bank: Bank, plan: Plan, seed: int) -> list[tuple[SectionPlan, list[Item]]]:
    """The items of each section, no item twice in a paper; too few matches is an error."""
    used: set[str] = set()
    out = []
    where = f"{plan.where}:{{line}}: " if plan.where else ""
    for k, section in enumerate(plan.sections):
        items: list[Item] = []
        for item_id in section.ids:
            if item_id not in bank.by_id:
                import difflib

                near = difflib.get_close_matches(item_id, list(bank.by_id), n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else "; quizrnn bank list shows the ids"
                prefix = where.format(line=section.line) if where else "--item: "
                raise InputError(f"{prefix}no item {item_id!r} in the bank{hint}")
            if item_id in used:
                raise InputError(f"{where.format(line=section.line)}{item_id} is already in an earlier section")
            items.append(bank.by_id[item_id])
            used.add(item_id)
        if section.draw is not None:
            draw = section.draw
            try:
                pool = [i for i in matching(bank, Selection(draw.topics, draw.types, draw.difficulties, draw.tags))
                        if i.id not in used]
            except InputError:
                pool = []
            if len(pool) < (draw.count or 0):
                taken = " (after the earlier sections took theirs)" if used and k else ""
                raise InputError(f"{where.format(line=section.line)}section {section.title!r} asks for {draw.count} "
                                 f"items but only {len(pool)} match {draw.describe()}{taken}")
            drawn = pick_from(pool, draw.count, _seed(seed, f"section:{k}"))
            items += drawn
            used.update(i.id for i in drawn)
        out.append((section, items))
    return out


def _seed(seed: int, label: str) -> int:
    digest = hashlib.sha256(f"{seed}:{label}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def build(bank: Bank, plan: Plan, seed: int, variants: int = 1, shuffle_questions: bool = False,
          solutions: str = "back", progress=None) -> Paper:
    """The paper: the same items in every variant, fresh numbers and choice orders in each."""
    from quizrnn.templates import TemplateError, instantiate

    if not 1 <= variants <= MAX_VARIANTS:
        raise InputError(f"--variants must be from 1 to {MAX_VARIANTS}")
    sections = pick(bank, plan, seed)
    out = []
    for code in codes(seed, variants):
        vseed = _seed(seed, f"variant:{code}") % 10**9
        number = 0
        built = []
        for k, (section, items) in enumerate(sections):
            order = list(items)
            if shuffle_questions:
                random.Random(_seed(vseed, f"order:{k}")).shuffle(order)
            questions = []
            for item in order:
                number += 1
                points = section.points if section.points is not None else DEFAULT_POINTS[item.type]
                question = Question(number, item, points, section.title)
                if item.type == "numeric":
                    question.seed = variant_seed(vseed, item.id)
                    try:
                        question.variant = instantiate(item, question.seed)
                    except TemplateError as exc:
                        raise InputError(f"{item.where}: {item.id}: seed {question.seed}: {exc}") from None
                elif item.type == "mcq":
                    choice_order = list(range(len(item.choices)))
                    random.Random(_seed(vseed, f"choices:{item.id}")).shuffle(choice_order)
                    question.order = tuple(choice_order)
                questions.append(question)
            built.append(Section(section.title, section.instructions, questions))
        out.append(Variant(code, vseed, built))
        if progress is not None:
            progress()
    return Paper(plan.title, plan.instructions, seed, out, solutions, plan.duration)
