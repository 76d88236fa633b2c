"""Export speed, measured by hand (not a test), on one core:

    python benchmarks/export.py

* The whole bank with --variants 10, in each format (Moodle XML, GIFT, QTI zip, Anki deck):
  at most 3 s each, for the command as a person runs it (start-up, bank, variants, file).

Each figure is the median of three runs of ``quizrnn export FORMAT --variants 10`` in a
fresh process, printed next to its target. The process pins itself to one CPU core where
the system allows it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import one_core


def main() -> None:
    note = one_core()
    work = Path(tempfile.mkdtemp())
    env = dict(os.environ, QUIZRNN_HOME=str(work / "home"))
    subprocess.run([sys.executable, "-m", "quizrnn", "bank", "stats"], env=env, capture_output=True, check=True)
    print(f"quizrnn export FORMAT --variants 10, whole bank ({note}):")
    for fmt in ("moodle", "gift", "qti", "anki"):
        times = []
        for _ in range(3):
            out = work / f"bank-{fmt}"
            started = time.perf_counter()
            res = subprocess.run([sys.executable, "-m", "quizrnn", "export", fmt, "--variants", "10", "-o", str(out)],
                                 env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if res.returncode not in (0, 4):
                raise SystemExit(res.stderr)
        seconds = statistics.median(times)
        summary = res.stdout.strip().split(": ", 1)[-1]
        verdict = "ok" if seconds <= 3 else "OVER"
        print(f"  {fmt:7s} {seconds:5.2f} s  (target ≤ 3 s)  {verdict}   {summary}, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
