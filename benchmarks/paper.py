"""Paper speed, measured by hand (not a test), on one core:

    python benchmarks/paper.py

* 30 variants × 10 questions, exam PDF, key PDF and JSON key: at most 5 s;
* one 10-question study sheet with inline solutions: at most 1 s.

Each figure is the median of several runs (after one warm-up), printed next to its target.
The process pins itself to one CPU core where the system allows it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from common import median_seconds, one_core


def _time(fn, runs: int) -> float:
    """Milliseconds, after a warm-up call (imports, fonts, the bank cache)."""
    return median_seconds(fn, runs, warm_up=True) * 1000


def main() -> None:
    note = one_core()
    os.environ.setdefault("QUIZRNN_HOME", tempfile.mkdtemp())
    from quizrnn.paper import Request, make
    from quizrnn.select import Selection

    folder = Path(tempfile.mkdtemp())

    def exam():
        make(Selection(count=10, seed=11), (), Request(str(folder / "exam.pdf"), variants=30))

    def sheet():
        make(Selection(topics=("lstm", "gru"), count=10, seed=5), (),
             Request(str(folder / "sheet.pdf"), solutions="inline"))

    rows = [("30 variants × 10 questions: exam PDF, key PDF, JSON", _time(exam, 3), 5000),
            ("one 10-question study sheet with inline solutions", _time(sheet, 5), 1000)]
    print(f"quizrnn paper ({note})")
    for label, ms, target in rows:
        verdict = "ok" if ms <= target else "OVER"
        print(f"{label:<58} {ms:8.1f} ms   target ≤ {target} ms  {verdict}")


if __name__ == "__main__":
    main()
