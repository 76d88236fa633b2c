"""What every benchmark script shares: one CPU core, and the median time of a few runs."""

from __future__ import annotations

import os
import statistics
import time


def one_core() -> str:
    """Pin this process to one CPU core where the system allows it; say whether it did."""
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def median_seconds(fn, runs: int, warm_up: bool = False) -> float:
    """The median wall time of ``runs`` calls of ``fn`` (after one unmeasured call when asked)."""
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
