"""Item analysis of a graded class, as Moodle's quiz statistics define it.

Per question (an item; with shuffled questions the same item has different numbers in
different variants):

* facility index: the mean score as a percentage of the question's points;
* standard deviation of that score (sample standard deviation, as a percentage);
* discrimination index: the correlation (×100) between the score on this question and the
  score on the rest of the test, over the students with every question marked;
* flags: too easy (facility above 90%), too hard (below 20%), weak discrimination (below
  20, that is r below 0.2);
* the most common wrong answers, with how many students gave each and the mistake it
  matched; for MCQs how often each choice was picked (choices counted in bank order, so
  shuffled variants add up).

For the whole test: mean, median and standard deviation of the percentages, and Cronbach's
alpha (reported as KR-20 when every question is scored all or nothing). A blank answer
scores 0 and counts; an interview answer not yet marked leaves the student out of the
statistics that need every question.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from quizrnn import grading
from quizrnn.grade.key import Key
from quizrnn.grade.score import Result

EASY, HARD, WEAK = 90.0, 20.0, 20.0
TOP_WRONG = 5


@dataclass
class ItemStats:
    item: str
    numbers: list[int]
    kind: str
    points: float
    answered: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    flags: list[str]
    wrong: list[dict] = field(default_factory=list)   # {"answer", "count", "mistake"}
    choices: list[dict] = field(default_factory=list)  # {"choice", "text", "count"}


@dataclass
class TestStats:
    students: int
    complete: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    alpha_name: str
    histogram: list[int]   # students per 10% band, 0-10 ... 90-100


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def items(key: Key, results: list[Result]) -> list[ItemStats]:
    by_item: dict[str, list] = defaultdict(list)      # item -> [(result, cell)]
    info: dict[str, tuple] = {}
    questions = {(v.code, q.number): q for v in key.variants.values() for q in v.questions}
    for result in results:
        for cell in result.cells:
            by_item[cell.item].append((result, cell))
            q = questions[(result.variant, cell.number)]
            info.setdefault(cell.item, (q.kind, q.points, q.mcq, q.order, set()))
            info[cell.item][4].add(cell.number)
    out = []
    for item, pairs in by_item.items():
        kind, points, mcq, order, numbers = info[item]
        marked = [(r, c) for r, c in pairs if c.score is not None]
        fractions = [c.score / c.points for _, c in marked]
        facility = 100 * statistics.fmean(fractions) if fractions else None
        sd = 100 * statistics.stdev(fractions) if len(fractions) > 1 else None
        complete = [(r, c) for r, c in marked if r.complete]
        discrimination = _pearson([c.score for _, c in complete], [r.total - c.score for r, c in complete])
        discrimination = None if discrimination is None else 100 * discrimination
        flags = []
        if facility is not None and facility > EASY:
            flags.append("too easy")
        if facility is not None and facility < HARD:
            flags.append("too hard")
        if discrimination is not None and discrimination < WEAK:
            flags.append("weak discrimination")
        stats = ItemStats(item, sorted(numbers), kind, points, len(marked), facility, sd, discrimination, flags)
        if kind != "interview":
            wrong = Counter()
            named: dict[str, str] = {}
            for _, c in pairs:
                if c.verdict in (grading.CORRECT,):
                    continue
                answer = " ".join(c.given.split()) or "(blank)"
                if kind == "mcq" and c.picks:
                    answer = ", ".join(mcq_text(mcq, order, k) for k in c.picks)
                wrong[answer] += 1
                if c.mistake:
                    named[answer] = c.mistake
            stats.wrong = [{"answer": a, "count": n, "mistake": named.get(a)} for a, n in wrong.most_common(TOP_WRONG)]
        if kind == "mcq":
            picked = Counter(k for _, c in pairs for k in c.picks)
            bank_choices = _bank_choices(mcq, order)
            stats.choices = [{"choice": k, "text": text, "count": picked.get(k, 0)} for k, text in bank_choices]
        out.append(stats)
    out.sort(key=lambda s: min(s.numbers))
    return out


def _bank_choices(mcq, order) -> list[tuple[int, str]]:
    """The choices in bank order: (bank index, text)."""
    shown = {bank_index: mcq.choices[k].text for k, bank_index in enumerate(order)}
    return sorted(shown.items())


def mcq_text(mcq, order, bank_index: int) -> str:
    for k, index in enumerate(order):
        if index == bank_index:
            text = mcq.choices[k].text
            return text if len(text) <= 40 else text[:39] + "…"
    return str(bank_index)


def test(results: list[Result]) -> TestStats:
    percents = [r.percent for r in results if r.complete]
    complete = [r for r in results if r.complete]
    histogram = [0] * 10
    for p in percents:
        histogram[min(9, int(p // 10))] += 1
    alpha, name = _alpha(complete)
    return TestStats(len(results), len(complete), statistics.fmean(percents) if percents else None,
                     statistics.median(percents) if percents else None,
                     statistics.stdev(percents) if len(percents) > 1 else None, alpha, name, histogram)


def _alpha(results: list[Result]) -> tuple[float | None, str]:
    """Cronbach's alpha over the questions (KR-20 when every score is all or nothing)."""
    if len(results) < 2 or not results[0].cells:
        return None, "Cronbach's alpha"
    scores = [{c.item: c.score for c in r.cells} for r in results]  # by item: variants may order them apart
    item_ids = sorted(scores[0])
    k = len(item_ids)
    if k < 2 or any(sorted(s) != item_ids for s in scores):
        return None, "Cronbach's alpha"
    columns = [[s[i] for s in scores] for i in item_ids]
    item_variance = sum(statistics.variance(col) for col in columns)
    total_variance = statistics.variance([r.total for r in results])
    dichotomous = all(c.score in (0, c.points) for r in results for c in r.cells)
    name = "KR-20" if dichotomous else "Cronbach's alpha"
    if total_variance == 0:
        return None, name
    return k / (k - 1) * (1 - item_variance / total_variance), name


def as_data(item_stats: list[ItemStats], test_stats: TestStats) -> dict:
    def rnd(v):
        return None if v is None else round(v, 2)

    return {
        "test": {"students": test_stats.students, "fully_marked": test_stats.complete,
                 "mean_percent": rnd(test_stats.mean), "median_percent": rnd(test_stats.median),
                 "sd_percent": rnd(test_stats.sd), test_stats.alpha_name: rnd(test_stats.alpha),
                 "histogram": {f"{10 * k}-{10 * k + 10}": n for k, n in enumerate(test_stats.histogram)}},
        "items": [{"item": s.item, "numbers": s.numbers, "kind": s.kind, "points": s.points, "answered": s.answered,
                   "facility": rnd(s.facility), "sd": rnd(s.sd), "discrimination": rnd(s.discrimination),
                   "flags": s.flags, "common_wrong_answers": s.wrong, "choices": s.choices} for s in item_stats],
    }
