"""Progress speed, measured by hand (not a test), on one core:

    python benchmarks/progress.py

With a progress file of 100,000 answers over 5,000 items (5,000 cards) and a bank of those
5,000 items:

* ``stats`` (the figures, without loading the bank): at most 500 ms;
* picking the next ``review`` item (open the file, read the cards, order the due ones,
  count today's new items): at most 50 ms;
* what the store adds to ``practice`` start-up (open the file, read the cards, close):
  at most 20 ms.

The answers are spread over twelve weeks with realistic ratings, and the cards come from
replaying them through the scheduler, as ``progress import`` does. Each figure is the
median of five runs, printed next to its target. The process pins itself to one CPU core
where the system allows it.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import median_seconds, one_core

ITEMS = 5000
ANSWERS = 100_000
TOPICS = ("rnn-basics", "bptt", "lstm", "gru", "attention", "esn", "seq2seq", "training")



def _bank():
    """A bank of ITEMS MCQs, built in memory (the bank's own loading is measured in bank.py)."""
    from quizrnn.bank import Bank, Choice, Item

    items = [Item(id=f"bench-{k:05d}", type="mcq", topic=TOPICS[k % len(TOPICS)], difficulty=1 + k % 3,
                  source="bench", explanation="e", path="bench.yaml", line=1 + k, question=f"Question {k}?",
                  choices=tuple(Choice(f"choice {c}") for c in "ABCD"), answers=(0,))
             for k in range(ITEMS)]
    return Bank(items, ["bench.yaml"])


def _fill(path: Path, now: datetime) -> None:
    from quizrnn.store import Store

    rng = random.Random(7)
    start = now - timedelta(weeks=12)
    rows = []
    for _ in range(ANSWERS):
        item = f"bench-{rng.randrange(ITEMS):05d}"
        when = start + timedelta(seconds=rng.uniform(0, 12 * 7 * 86400))
        right = rng.random() < 0.7
        rows.append({"uid": uuid.uuid4().hex, "session": f"s{rng.randrange(2000)}", "item_id": item,
                     "topic": TOPICS[int(item[-5:]) % len(TOPICS)], "kind": "mcq", "mode": "practice",
                     "seed": None, "given": "A" if right else "B", "score": 1.0 if right else 0.0,
                     "verdict": "correct" if right else "wrong", "mistake": None,
                     "rating": "good" if right else "again", "seconds": 9.0, "answered_at": when.isoformat()})
    for k in range(ITEMS):  # every item answered at least once: 5,000 cards
        rows[k]["item_id"] = f"bench-{k:05d}"
        rows[k]["topic"] = TOPICS[k % len(TOPICS)]
    store = Store(path)
    store.merge(rows, journal=False)
    store.close()


def _median(fn, runs: int = 5) -> float:
    return median_seconds(fn, runs)


def main() -> None:
    note = one_core()
    from quizrnn.practice import _introduced_today
    from quizrnn.select import Selection, matching
    from quizrnn.stats import compute
    from quizrnn.store import Store

    now = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
    path = Path(tempfile.mkdtemp()) / "progress.sqlite3"
    t = time.perf_counter()
    _fill(path, now)
    print(f"progress file: {ANSWERS:,} answers, {ITEMS:,} items, built in {time.perf_counter() - t:.1f} s ({note})")
    bank = _bank()

    def stats():
        store = Store(path)
        try:
            compute(bank, store, now)
        finally:
            store.close()

    def next_review():
        store = Store(path)
        try:
            cards = store.cards()
            items = matching(bank, Selection())
            due = sorted((i for i in items if i.id in cards and cards[i.id].due <= now),
                         key=lambda i: (cards[i.id].stability or 0.0, cards[i.id].due, i.id))
            _introduced_today(store, now)
            assert due
        finally:
            store.close()

    def open_store():
        store = Store(path)
        store.cards()
        store.close()

    figures = [("stats", _median(stats), 0.500), ("next review item", _median(next_review), 0.050),
               ("store at practice start-up", _median(open_store), 0.020)]
    for name, seconds, target in figures:
        verdict = "ok" if seconds <= target else "OVER"
        print(f"{name:28s} {1000 * seconds:7.1f} ms   (target ≤ {1000 * target:.0f} ms)  {verdict}")


if __name__ == "__main__":
    main()
