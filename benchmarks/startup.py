"""Start-up time of the CLI against the cost of importing click and rich.

Run by hand from the project root (not a test; shared machines are noisy, so only the
ratios measured in one run mean anything):

    python benchmarks/startup.py [--runs 30]

Targets: ``quizrnn --help`` at most 1.3x and ``quizrnn solve params ...`` at most 2x the
median wall time of ``python -c "import click, rich.console"``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def quizrnn_command() -> list[str]:
    script = Path(sys.executable).with_name("quizrnn")
    if script.exists():
        return [str(script)]
    found = shutil.which("quizrnn")
    return [found] if found else [sys.executable, "-m", "quizrnn"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    qz = quizrnn_command()
    commands = {
        "baseline: import click, rich.console": [sys.executable, "-c", "import click, rich.console"],
        "quizrnn --help": qz + ["--help"],
        "quizrnn solve params lstm -n 128 -d 64": qz + ["solve", "params", "lstm", "-n", "128", "-d", "64"],
        "quizrnn solve params ... --json": qz + ["solve", "params", "lstm", "-n", "128", "-d", "64", "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache
        wall(cmd)
    for _ in range(args.runs):  # interleave, so that load changes hit every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    base = statistics.median(times["baseline: import click, rich.console"])
    targets = {"quizrnn --help": 1.3, "quizrnn solve params lstm -n 128 -d 64": 2.0,
               "quizrnn solve params ... --json": 2.0}
    print(f"{'command':42} {'median ms':>10} {'ratio':>7} {'target':>7}")
    failed = False
    for name, values in times.items():
        med = statistics.median(values)
        ratio = med / base
        target = targets.get(name)
        mark = "" if target is None else ("ok" if ratio <= target else "OVER")
        failed |= mark == "OVER"
        print(f"{name:42} {med * 1000:10.1f} {ratio:7.2f} {'' if target is None else f'≤{target}':>7} {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
