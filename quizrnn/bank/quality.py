"""``quizrnn bank check``: everything that makes an item trustworthy beyond its format.

Numeric templates are built for many seeds, and for each variant:

* the answer comes from the solver and has the declared kind;
* the answer written as quizrnn shows it is graded right, and so is the answer rounded to
  the precision of any example the prompt gives ("such as 12.5");
* no trivially wrong answer (0, 1, or the prompt's own example) is graded right;
* every declared mistake, written as quizrnn would show it, is graded wrong and named as
  that mistake (so no mistake sits within the tolerance of the answer or of another
  mistake);
* the worked solution renders, and every line of it that is arithmetic re-evaluates from
  its printed numbers to what it claims (:mod:`quizrnn.bank.working`).

Content gates for every item: no near-duplicate questions, MCQs with explanations and a
key that is not given away by being the longest choice, interview answers of 80-200 words
with 3-6 key points whose match terms the model answer covers and an off-topic answer
does not, stems that stand on their own, and every topic at its minimum with all three
difficulties.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

from quizrnn.bank.model import Bank, Item
from quizrnn.topics import TOPICS

MIN_PER_TOPIC = 8
NEAR_DUPLICATE = 0.75
RENDER_SEEDS = 3
LONGEST_SHARE = 0.35
LONGEST_RATIO = 1.3
LONGEST_MIN_ITEMS = 4
WORDS = (80, 200)
KEY_POINTS = (3, 6)
OFF_TOPIC = (
    "I would bake the bread at two hundred degrees for forty minutes and let it cool on a rack.",
    "The football match was postponed because of heavy rain and a waterlogged pitch.",
)
FILE_NUMBER = re.compile(r"(?<![\d.,])00[0-9](?![\d.,])|§")
DEFINITE_SOURCE = re.compile(r"\b(?:the|this|our|that) (?:course|tutorial|material|chapter|notebook|lecture|handout|"
                             r"seed|reading)s?\b", re.IGNORECASE)
EXAMPLE = re.compile(r"(?:e\.g\.|such as|for example)\s*(−?-?\d+(?:\.\d+)?)(?![\d.]*e)")


def run(source=(), seeds: int = 100, out=None) -> int:
    """Check everything; print one line per problem and a summary; 1 if there were problems."""
    import sys

    from quizrnn import bank as bank_module

    out = out or sys.stdout
    bank, errors = bank_module.check(source)
    problems = [e.message for e in errors]
    for item in (i for i in bank.items if i.type == "numeric"):
        problems += [f"{item.where}: {item.id}: {p}" for p in check_template(item, seeds)]
    problems += content(bank, topic_minimum=getattr(source, "builtin", True))
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


# ----------------------------------------------------------------------------- numeric templates


def check_template(item: Item, seeds: int) -> list[str]:
    """The problems found in ``seeds`` variants of one template: the first seed of each kind."""
    from quizrnn.templates import TemplateError, instantiate

    found: dict[str, str] = {}

    def note(kind: str, seed: int, message: str) -> None:
        found.setdefault(kind, f"seed {seed}: {message}")

    for seed in range(seeds):
        try:
            variant = instantiate(item, seed)
        except TemplateError as exc:
            note("draw", seed, str(exc))
            continue
        problem = _kind_problem(item, variant.expected)
        if problem:
            note("kind", seed, problem)
            continue
        for kind, message in _variant_problems(item, variant):
            note(kind, seed, message)
        if seed < RENDER_SEEDS:
            problem = _render_problem(variant)
            if problem:
                note("render", seed, problem)
    return list(found.values())


def _variant_problems(item: Item, variant):
    from quizrnn import grading
    from quizrnn.bank import working
    from quizrnn.render.values import answer as shown

    spec = item.answer
    right = shown(spec.kind, variant.expected, spec)

    def grade(text):
        return grading.grade_numeric(spec, text, variant.expected, variant.mistakes)

    if grade(right).score != 1.0:
        yield "shown", f"the answer as quizrnn shows it ({right}) is not graded right"
    for mistake, value in variant.mistakes:
        problem = _kind_problem(item, value)
        if problem:
            yield f"mistake-kind:{mistake.name}", f"mistake {mistake.name!r}: {problem}"
            continue
        typed = shown(spec.kind, value, spec)
        result = grade(typed)
        if result.score == 1.0:
            yield f"mistake-right:{mistake.name}", (f"mistake {mistake.name!r} written as {typed} is graded right; "
                                                     "it lies within the tolerance of the answer")
        elif result.mistake != mistake.name:
            other = f"as {result.mistake!r}" if result.mistake else "as no mistake"
            yield f"mistake-named:{mistake.name}", (f"mistake {mistake.name!r} written as {typed} is named {other}; "
                                                     "two mistakes give the same value")
    for text, decimals in _examples(variant.prompt):
        if spec.kind == "real" and decimals is not None:
            rounded = f"{float(variant.expected):.{decimals}f}"
            if grade(rounded).score != 1.0:
                yield "example-precision", (f"the answer at the prompt's example precision ({rounded}) is not "
                                            "graded right")
        if spec.kind in ("integer", "real") and grade(text).score == 1.0:
            yield "example-right", f"the prompt's own example {text} is graded right"
    for trivial in _trivial(item, variant.expected):
        if grade(trivial).score == 1.0:
            yield f"trivial:{trivial}", f"the trivially wrong answer {trivial} is graded right"
    for problem in working.problems(variant.solution):
        yield f"working:{problem.split(':')[0]}", f"working {problem}"


def _examples(prompt: str):
    for match in EXAMPLE.finditer(prompt):
        text = match.group(1).replace("−", "-")
        yield text, (len(text.split(".")[1]) if "." in text else 0)


def _trivial(item: Item, expected) -> list[str]:
    kind = item.answer.kind
    if kind in ("integer", "real"):
        return ["0", "1"]
    if kind == "vector" and isinstance(expected, list):
        return ["[" + ", ".join([v] * len(expected)) + "]" for v in ("0", "1")]
    return []


def _render_problem(variant) -> str:
    import io

    from rich.console import Console

    from quizrnn.render import show_working

    console = Console(file=io.StringIO(), width=100)
    try:
        show_working(variant.solution, console)
    except Exception as exc:  # noqa: BLE001 - any failure to render is a bank problem
        return f"the worked solution does not render: {exc}"
    if not variant.prompt.strip():
        return "the prompt is empty"
    return ""


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


# ----------------------------------------------------------------------------- content


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


def student_texts(item: Item) -> list[tuple[str, str]]:
    """Every text a student reads, with the key it comes from."""
    texts = [("question", item.question), ("prompt", item.prompt), ("explanation", item.explanation),
             ("hint", item.hint), ("answer", item.model_answer)]
    texts += [("choices", c.text) for c in item.choices] + [("choices", c.why) for c in item.choices]
    texts += [("key_points", p.text) for p in item.key_points]
    texts += [("mistakes", m.feedback) for m in item.mistakes]
    return [(key, text) for key, text in texts if text]


def longest_choice(items: list[Item]) -> list[str]:
    """Files where the key is too often the longest choice of a single-answer MCQ."""
    by_file: dict[str, list[tuple[Item, float]]] = defaultdict(list)
    for item in items:
        if item.type != "mcq" or item.multi or len(item.choices) < 2:
            continue
        lengths = [len(c.text) for c in item.choices]
        key = item.answers[0]
        others = max(n for k, n in enumerate(lengths) if k != key)
        by_file[item.path].append((item, lengths[key] / max(others, 1)))
    problems = []
    for path, rows in by_file.items():
        longest = [(item, ratio) for item, ratio in rows if ratio > 1]
        share = len(longest) / len(rows)
        if len(rows) >= LONGEST_MIN_ITEMS and share > LONGEST_SHARE:
            glaring = [f"{item.id} ({ratio:.1f}×)" for item, ratio in longest if ratio > LONGEST_RATIO]
            problems.append(f"{path}: the key is the longest choice in {len(longest)} of {len(rows)} single-answer "
                            f"MCQs ({share:.0%}; at most {LONGEST_SHARE:.0%})"
                            + (f"; most obvious: {', '.join(glaring)}" if glaring else ""))
    return problems


def interview_problems(item: Item) -> list[str]:
    from quizrnn import keypoints

    problems = []
    words = len(re.findall(r"\S+", item.model_answer))
    if not WORDS[0] <= words <= WORDS[1]:
        problems.append(f"the model answer has {words} words; write {WORDS[0]} to {WORDS[1]}")
    if not KEY_POINTS[0] <= len(item.key_points) <= KEY_POINTS[1]:
        problems.append(f"{len(item.key_points)} key points; give {KEY_POINTS[0]} to {KEY_POINTS[1]}")
    bare = [p.text for p in item.key_points if not p.match]
    if bare:
        problems.append(f"key point {bare[0]!r} has no match terms, so a typed answer cannot be checked against it")
        return problems
    covered = keypoints.covered(item.key_points, item.model_answer)
    for point, hit in zip(item.key_points, covered):
        if not hit:
            problems.append(f"the model answer does not make key point {point.text!r} by its match terms")
    for line in OFF_TOPIC:
        hits = [p.text for p, hit in zip(item.key_points, keypoints.covered(item.key_points, line)) if hit]
        if hits:
            problems.append(f"an off-topic answer ({line[:30]}…) makes key point {hits[0]!r}; make its terms specific")
    echoed = sum(keypoints.covered(item.key_points, item.question))
    if echoed * 2 > len(item.key_points):
        problems.append(f"the question itself, typed back as an answer, makes {echoed} of {len(item.key_points)} "
                        "key points; make the match terms name what the answer must add")
    return problems


def content(bank: Bank, topic_minimum: bool = True) -> list[str]:
    """The content gates, one line per problem (the topic minimums only for a whole bank)."""
    from quizrnn.bank.files import builtin_dir

    problems = []
    for a, b, score in near_duplicates(bank.items):
        problems.append(f"{b.where}: {b.id} nearly repeats {a.id} ({a.where}); "
                        f"{score:.0%} of their wording is shared")
    for item in bank.items:
        if item.type == "mcq" and not item.explanation:
            problems.append(f"{item.where}: {item.id}: an MCQ needs an explanation")
        if item.type == "interview":
            problems += [f"{item.where_of('answer')}: {item.id}: {p}" for p in interview_problems(item)]
        for key, text in student_texts(item):
            found = FILE_NUMBER.search(text) or DEFINITE_SOURCE.search(text)
            if found:
                problems.append(f"{item.where_of(key)}: {item.id}: {key} refers to {found.group()!r}, which a student "
                                "does not have; state the claim itself (the source keeps the reference)")
                break
    problems += longest_choice(bank.items)
    by_topic: dict[str, list[Item]] = {t: [] for t in TOPICS}
    for item in bank.items:
        by_topic[item.topic].append(item)
    where = str(builtin_dir())
    for topic, items in by_topic.items() if topic_minimum else ():
        if len(items) < MIN_PER_TOPIC:
            problems.append(f"{where}: topic {topic} has {len(items)} items; at least {MIN_PER_TOPIC} are needed")
        missing = sorted({1, 2, 3} - {i.difficulty for i in items})
        if items and missing:
            problems.append(f"{where}: topic {topic} has no item of difficulty {', '.join(map(str, missing))}")
    return problems


# ----------------------------------------------------------------------------- coverage


def counts(bank: Bank) -> dict:
    from quizrnn.topics import TYPES

    return {
        "total": len(bank.items),
        "by_type": {t: sum(1 for i in bank.items if i.type == t) for t in TYPES},
        "by_topic": {t: sum(1 for i in bank.items if i.topic == t) for t in TOPICS},
        "by_difficulty": {str(d): sum(1 for i in bank.items if i.difficulty == d) for d in (1, 2, 3)},
        "by_topic_and_type": {t: {k: sum(1 for i in bank.items if i.topic == t and i.type == k) for k in TYPES}
                              for t in TOPICS},
        "by_topic_and_difficulty": {t: {str(d): sum(1 for i in bank.items if i.topic == t and i.difficulty == d)
                                        for d in (1, 2, 3)} for t in TOPICS},
    }


