"""Bank and practice speed, measured by hand (not a test):

    python benchmarks/bank.py

* a generated bank of 2,000 items loads and validates in at most 200 ms;
* the first question of ``quizrnn practice`` is on screen at most 300 ms after the command starts;
* 1,000 numeric variants with their worked solutions are produced in at most 1 s.

Each figure is the median of several runs, printed next to its target.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = """\
- id: gen-{k}-mcq
  type: mcq
  topic: {topic}
  difficulty: {d}
  source: generated for the benchmark
  question: Generated question number {k} about {topic}, which gate does what?
  choices:
    - text: choice one for {k}
      why: not this one
    - text: choice two for {k}
    - text: choice three for {k}
      why: not this one either
    - text: choice four for {k}
      why: nor this one
  answer: B
  hint: a hint for {k}
  explanation: The explanation of item {k}.
- id: gen-{k}-interview
  type: interview
  topic: {topic}
  difficulty: {d}
  source: generated for the benchmark
  question: Explain idea number {k} about {topic}.
  answer: A model answer for item {k}, long enough to look like a real one with several clauses.
  key_points: [first point {k}, second point {k}, third point {k}]
- id: gen-{k}-numeric
  type: numeric
  topic: {topic}
  difficulty: {d}
  source: generated for the benchmark
  params:
    n: {{choice: [16, 32, 64]}}
    d: {{range: [8, 64], step: 8}}
  prompt: An LSTM with n = {{n}} and d = {{d}}. How many parameters ({k})?
  solver: params
  args: {{cell: lstm, hidden: $n, input_size: $d}}
  answer: {{kind: integer}}
  mistakes:
    - {{name: three blocks, args: {{cell: gru}}, feedback: an LSTM has four}}
  explanation: 4n(n + d + 1).
"""


def generated_bank(folder: Path, items: int = 2000) -> None:
    from quizrnn.topics import TOPICS

    per_file = 3 * 20
    count = 0
    for f in range(items // per_file + 1):
        chunks = []
        for j in range(20):
            k = f * 20 + j
            chunks.append(TEMPLATE.format(k=k, topic=TOPICS[k % len(TOPICS)], d=1 + k % 3))
            count += 3
        (folder / f"gen{f:03}.yaml").write_text("".join(chunks))
        if count >= items:
            break


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def first_question_ms(runs: int = 7) -> float:
    """Start `quizrnn practice` with piped input and time until the first prompt appears."""
    script = Path(sys.executable).with_name("quizrnn")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "quizrnn"]
    times = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QUIZRNN_HOME=home)
        for _ in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.Popen(cmd + ["practice", "--count", "1"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            seen = b""
            while b"Your answer" not in seen:
                chunk = proc.stdout.read1(4096)
                if not chunk:
                    break
                seen += chunk
            times.append(time.perf_counter() - start)
            proc.communicate(b"q\n")
    return statistics.median(times[1:]) * 1000


def _numeric():
    from quizrnn import bank

    return [i for i in bank.load().items if i.type == "numeric"]


def variants_ms() -> tuple[float, int]:
    """Sample, solve (with every step) and compute the mistakes' values of 1,000 variants."""
    from quizrnn.templates import instantiate

    numeric = _numeric()
    instantiate(numeric[0], 0)  # imports

    def work():
        for k in range(1000):
            instantiate(numeric[k % len(numeric)], k)

    return median_ms(work, runs=3), len(numeric)


def rendering_ms() -> float:
    import io

    from rich.console import Console

    from quizrnn.render import show_working
    from quizrnn.templates import instantiate

    numeric = _numeric()
    solutions = [instantiate(numeric[k % len(numeric)], k, with_mistakes=False).solution for k in range(1000)]
    console = Console(file=io.StringIO(), width=100)

    def work():
        for solution in solutions:
            show_working(solution, console)

    return median_ms(work, runs=1)


def main() -> int:
    from quizrnn import bank

    import shutil

    from quizrnn.store import data_dir

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as home:
        os.environ["QUIZRNN_HOME"] = home
        folder = Path(tmp)
        generated_bank(folder)

        def cold():
            shutil.rmtree(data_dir() / "cache", ignore_errors=True)
            return bank.load([folder], builtin=False)

        loaded = cold()
        load_cold = median_ms(cold)
        bank.load([folder], builtin=False)
        load_warm = median_ms(lambda: bank.load([folder], builtin=False))
    first = first_question_ms()
    variants, templates = variants_ms()
    rendering = rendering_ms()
    rows = [
        (f"load + validate {len(loaded.items):,} generated items (files unchanged)", load_warm, 200),
        (f"load + validate {len(loaded.items):,} generated items (first read)", load_cold, None),
        ("first question on screen (quizrnn practice)", first, 300),
        (f"1,000 numeric variants, solutions and mistakes ({templates} templates)", variants, 1000),
        ("rendering those 1,000 worked solutions with Rich", rendering, None),
    ]
    failed = False
    for name, ms, target in rows:
        if target is None:
            print(f"{name:72} {ms:8.1f} ms")
            continue
        ok = ms <= target
        failed |= not ok
        print(f"{name:72} {ms:8.1f} ms   target ≤ {target} ms  {'ok' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
