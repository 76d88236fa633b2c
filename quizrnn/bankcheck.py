"""``quizrnn bank check`` and ``quizrnn bank stats``.

The check validates every item, then builds every numeric template for many seeds and
verifies that each answer comes from the solver and has the declared kind, that every
declared mistake gives a value different from the right one, and that the prompt and the
worked solution render. It also applies the bank's quality gates: no near-duplicate
questions, and every topic at its minimum with all three difficulties.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections import Counter
from itertools import combinations

from quizrnn import bank as bank_module
from quizrnn.bank import Bank, Item
from quizrnn.topics import TOPICS, TYPES

MIN_PER_TOPIC = 8
NEAR_DUPLICATE = 0.75
RENDER_SEEDS = 3


def run(bank_dirs=(), seeds: int = 100, out=None) -> int:
    out = out or sys.stdout
    bank, errors = bank_module.check(bank_dirs)
    problems = [e.message for e in errors]
    numeric = [i for i in bank.items if i.type == "numeric"]
    for item in numeric:
        problem = check_template(item, seeds)
        if problem:
            problems.append(f"{item.where}: {item.id}: {problem}")
    problems += quality(bank)
    for line in problems:
        print(line, file=out)
    counts = Counter(i.type for i in bank.items)
    summary = (f"{len(bank.items)} items in {len(bank.files)} files ({counts['mcq']} MCQ, "
               f"{counts['interview']} interview, {counts['numeric']} numeric templates × {seeds} seeds)")
    if problems:
        print(f"{summary}: {len(problems)} problem{'s' if len(problems) != 1 else ''}", file=out)
        return 1
    print(f"{summary}: all good", file=out)
    return 0


def check_template(item: Item, seeds: int) -> str:
    """The first problem found in ``seeds`` variants of one template, or ''."""
    from quizrnn.render import show_working
    from quizrnn.templates import TemplateError, instantiate
    from rich.console import Console

    from quizrnn import grading

    for seed in range(seeds):
        try:
            variant = instantiate(item, seed)
        except TemplateError as exc:
            return f"seed {seed}: {exc}"
        except Exception as exc:  # noqa: BLE001 - any failure of a template is a bank problem
            return f"seed {seed}: the solver failed: {type(exc).__name__}: {exc}"
        problem = _kind_problem(item, variant.expected)
        if problem:
            return f"seed {seed}: {problem}"
        graded = grading.grade_numeric(item.answer, _typed(item, variant.expected), variant.expected)
        if graded.score != 1.0:
            return f"seed {seed}: the answer written out ({_typed(item, variant.expected)!r}) does not grade as right"
        for mistake, value in variant.mistakes:
            if _kind_problem(item, value):
                return f"seed {seed}: mistake {mistake.name!r}: {_kind_problem(item, value)}"
        if seed < RENDER_SEEDS:
            console = Console(file=io.StringIO(), width=100)
            try:
                show_working(variant.solution, console)
            except Exception as exc:  # noqa: BLE001
                return f"seed {seed}: the worked solution does not render: {exc}"
            if not variant.prompt.strip():
                return f"seed {seed}: the prompt is empty"
    return ""


def _typed(item: Item, value) -> str:
    """The expected answer as a student would type it."""
    from quizrnn import grading

    kind = item.answer.kind
    if kind in ("vector", "matrix", "real"):
        return json.dumps(value)
    return grading.show_answer(kind, value)


def _kind_problem(item: Item, value) -> str:
    kind = item.answer.kind

    def number(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    ok = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "real": number,
        "vector": lambda v: isinstance(v, list) and v and all(number(e) for e in v),
        "matrix": lambda v: isinstance(v, list) and v and all(isinstance(r, list) and r and all(number(e) for e in r)
                                                            for r in v),
        "shape": lambda v: isinstance(v, (tuple, list)) and all(e is None or isinstance(e, int) for e in v),
        "formula": lambda v: isinstance(v, str),
        "choice": lambda v: isinstance(v, str) and v in item.answer.choices,
    }[kind]
    if not ok(value):
        return f"the solver's answer {value!r} is not of kind {kind}"
    return ""


# ----------------------------------------------------------------------------- quality gates


def _words(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", " ", text.lower())
    return re.findall(r"[a-z0-9]+", text)


def near_duplicates(items: list[Item], threshold: float = NEAR_DUPLICATE) -> list[tuple[Item, Item, float]]:
    """Pairs of items whose question texts share most of their word pairs."""
    shingles = []
    for item in items:
        words = _words(item.question or item.prompt)
        grams = set(zip(words, words[1:])) or set(words)
        shingles.append((item, grams))
    found = []
    for (a, sa), (b, sb) in combinations(shingles, 2):
        if not sa or not sb:
            continue
        score = len(sa & sb) / len(sa | sb)
        if score >= threshold:
            found.append((a, b, score))
    return found


def quality(bank: Bank) -> list[str]:
    problems = []
    for a, b, score in near_duplicates(bank.items):
        problems.append(f"{b.where}: {b.id} nearly repeats {a.id} ({a.where}); "
                        f"{score:.0%} of their wording is shared")
    for item in bank.items:
        if item.type == "mcq" and not item.explanation:
            problems.append(f"{item.where}: {item.id}: an MCQ needs an explanation")
    by_topic: dict[str, list[Item]] = {t: [] for t in TOPICS}
    for item in bank.items:
        by_topic[item.topic].append(item)
    where = str(bank_module.builtin_dir())
    for topic, items in by_topic.items():
        if len(items) < MIN_PER_TOPIC:
            problems.append(f"{where}: topic {topic} has {len(items)} items; at least {MIN_PER_TOPIC} are needed")
        missing = sorted({1, 2, 3} - {i.difficulty for i in items})
        if items and missing:
            problems.append(f"{where}: topic {topic} has no item of difficulty "
                            f"{', '.join(map(str, missing))}")
    return problems


# ----------------------------------------------------------------------------- stats


def counts(bank: Bank) -> dict:
    return {
        "total": len(bank.items),
        "by_type": {t: sum(1 for i in bank.items if i.type == t) for t in TYPES},
        "by_topic": {t: sum(1 for i in bank.items if i.topic == t) for t in TOPICS},
        "by_difficulty": {str(d): sum(1 for i in bank.items if i.difficulty == d) for d in (1, 2, 3)},
    }


def stats(bank_dirs=(), as_json: bool = False) -> None:
    bank = bank_module.load(bank_dirs)
    data = counts(bank)
    if as_json:
        print(json.dumps(data, indent=2))
        return
    from rich.table import Table

    from quizrnn.render import make_console

    table = Table(title=f"Question bank: {data['total']} items", show_footer=True,
                  caption="D1–D3: difficulty 1 (recall) to 3 (analysis)")
    table.add_column("Topic", footer="Total", no_wrap=True)
    for t, label in zip(TYPES, ("MCQ", "Interview", "Numeric")):
        table.add_column(label, justify="right", footer=str(data["by_type"][t]))
    for d in (1, 2, 3):
        table.add_column(f"D{d}", justify="right", footer=str(data["by_difficulty"][str(d)]))
    table.add_column("All", justify="right", footer=str(data["total"]))
    for topic in TOPICS:
        items = [i for i in bank.items if i.topic == topic]
        row = [topic] + [str(sum(1 for i in items if i.type == t)) for t in TYPES]
        row += [str(sum(1 for i in items if i.difficulty == d)) for d in (1, 2, 3)]
        row.append(str(len(items)))
        table.add_row(*row)
    make_console().print(table)


def solvers(as_json: bool = False) -> None:
    from solvers.catalog import REGISTRY

    rows = [{"name": e.name, "required": list(e.required), "optional": list(e.optional), "kind": e.kind,
             "summary": e.summary} for e in REGISTRY.values()]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    from quizrnn.render import make_console

    table = Table(title="Solvers for numeric templates (solver: NAME, args: {...})")
    table.add_column("Solver", no_wrap=True)
    table.add_column("Arguments (optional in brackets)")
    table.add_column("Answer")
    table.add_column("Computes")
    for row in rows:
        args = ", ".join(row["required"] + [f"[{a}]" for a in row["optional"]])
        table.add_row(row["name"], Text(args), row["kind"], Text(row["summary"]))
    make_console().print(table)
