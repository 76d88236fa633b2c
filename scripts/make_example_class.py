"""Write examples/class/: a 3-variant paper's key and the answers of a class of 30.

``class.csv`` is the class as it should be; ``class-with-problems.csv`` adds a row with an
unknown variant and a duplicate student.

    python scripts/make_example_class.py

The answers are made from the key itself: most right, some with a declared mistake, some
rounded within tolerance, a few blank or unreadable, the interview questions marked with
points, one row with an unknown variant and one duplicate student, so that
``quizrnn grade`` has every case to show.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EASY_ITEM = "gru-origin"
NAMES = ["Ada", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mira", "Nico",
         "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Vera", "Wei", "Xena", "Yusuf", "Zoe", "Arlo",
         "Bea", "Cyrus", "Dina"]


def answer_for(q: dict, rng: random.Random, skill: float) -> str:
    from quizrnn.bank import AnswerSpec
    from quizrnn.render.values import answer

    if q["kind"] == "interview":
        return "" if rng.random() < 0.1 else str(round(q["points"] * min(1.0, max(0.0, rng.gauss(skill, 0.25)))))
    if q["item"] == EASY_ITEM and rng.random() < 0.97:
        return q["answer_text"]  # one question nearly everyone gets: the analysis flags it as too easy
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.06:
        return "no idea"
    if rng.random() < skill:
        return q["answer_text"]
    if q["kind"] == "mcq":
        wrong = [k for k in range(len(q["choices"])) if k not in q["answers"]]
        return "ABCDEFGH"[rng.choice(wrong)]
    if q["mistakes"] and rng.random() < 0.7:
        spec = AnswerSpec(q["answer"]["kind"], q["answer"]["rtol"], q["answer"]["atol"])
        value = rng.choice(q["mistakes"])["value"]
        return answer(spec.kind, tuple(value) if spec.kind == "shape" else value, spec)
    return q["answer_text"] + "1" if q["answer"]["kind"] == "integer" else "0.5"


def main() -> None:
    import os
    import tempfile

    os.environ.setdefault("QUIZRNN_HOME", tempfile.mkdtemp())
    from quizrnn.paper import Request, make
    from quizrnn.select import Selection

    folder = ROOT / "examples" / "class"
    files = make(Selection(topics=("lstm", "gru"), count=8, seed=1), (),
                 Request(str(folder / "exam.json"), variants=3))
    files["paper"].unlink()  # the example keeps only the key
    key = json.loads(files["key.json"].read_text())
    rng = random.Random(2026)
    rows = []
    for k, name in enumerate(NAMES):
        variant = key["variants"][k % len(key["variants"])]
        skill = rng.uniform(0.35, 0.95)
        rows.append([name, variant["code"]] + [answer_for(q, rng, skill) for q in variant["questions"]])
    problems = [["Ella", "ZZZZ"] + [""] * len(key["variants"][0]["questions"]),   # an unknown variant
                ["Ben", rows[1][1]] + rows[1][2:]]                                 # a duplicate student
    numbers = [q["number"] for q in key["variants"][0]["questions"]]
    for name, table in (("class.csv", rows), ("class-with-problems.csv", rows + problems)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["student", "variant"] + [f"q{n}" for n in numbers])
            writer.writerows(table)
    print(f"wrote {files['key.json']}, {folder / 'class.csv'} and {folder / 'class-with-problems.csv'}")


if __name__ == "__main__":
    main()
