"""Grading speed, measured by hand (not a test), on one core:

    python benchmarks/grade.py

* 10,000 students × 20 answers, graded with the item statistics: at most 5 s.

The paper has 20 questions (MCQs, numeric templates including a formula, interview
questions) in 4 variants; every student answers every question, right, with a declared
mistake, rounded, blank or unreadable. The figure is the median of three runs, printed next
to its target. The process pins itself to one CPU core where the system allows it.
"""

from __future__ import annotations

import csv
import json
import os
import random
import tempfile
from pathlib import Path

from common import median_seconds, one_core



def _answer(q: dict, rng: random.Random) -> str:
    from quizrnn.bank import AnswerSpec
    from quizrnn.render.values import answer

    if q["kind"] == "interview":
        return str(rng.randint(0, int(q["points"])))
    roll = rng.random()
    if roll < 0.55:
        return q["answer_text"]
    if roll < 0.6:
        return ""
    if roll < 0.63:
        return "no idea"
    if q["kind"] == "mcq":
        return "ABCD"[rng.randrange(len(q["choices"]))]
    if q["mistakes"]:
        kind = q["answer"]["kind"]
        value = rng.choice(q["mistakes"])["value"]
        return answer(kind, tuple(value) if kind == "shape" else value, AnswerSpec(kind))
    return q["answer_text"]


def main() -> None:
    note = one_core()
    os.environ.setdefault("QUIZRNN_HOME", tempfile.mkdtemp())
    from quizrnn.grade import grade
    from quizrnn.paper import Request, make
    from quizrnn.select import Selection

    folder = Path(tempfile.mkdtemp())
    ids = ("params-lstm-textbook", "params-formula", "lstm-one-step-gates", "gru-textbook-step",
           "keras-bidirectional-output-shape", "training-clip-by-norm", "textgen-softmax-temperature",
           "vanishing-steps-below-epsilon")
    files = make(Selection(ids=ids, seed=1), (), Request(str(folder / "exam.json"), variants=4))
    key = json.loads(files["key.json"].read_text())
    extra = make(Selection(types=("mcq",), count=10, seed=2), (), Request(str(folder / "m.json")))
    interviews = make(Selection(types=("interview",), count=2, seed=3), (), Request(str(folder / "i.json")))
    # one 20-question key: the numeric questions in 4 variants, then MCQs and interviews appended
    add = json.loads(extra["key.json"].read_text())["variants"][0]["questions"] + \
        json.loads(interviews["key.json"].read_text())["variants"][0]["questions"]
    for variant in key["variants"]:
        for k, q in enumerate(add, len(variant["questions"]) + 1):
            variant["questions"].append(dict(q, number=k))
    files["key.json"].write_text(json.dumps(key))
    rng = random.Random(7)
    path = folder / "class.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "variant"] + [f"q{n}" for n in range(1, 21)])
        for s in range(10_000):
            variant = key["variants"][s % 4]
            writer.writerow([f"student-{s}", variant["code"]] + [_answer(q, rng) for q in variant["questions"]])
    def run():
        report = grade(str(files["key.json"]), str(path))
        assert len(report.results) == 10_000 and report.items

    ms = median_seconds(run, 3) * 1000
    print(f"quizrnn grade ({note})")
    print(f"{'10,000 students × 20 answers, with item statistics':<58} {ms:8.1f} ms   target ≤ 5000 ms  "
          f"{'ok' if ms <= 5000 else 'OVER'}")


if __name__ == "__main__":
    main()
