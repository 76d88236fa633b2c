"""``quizrnn stats``: the picture of weeks of practice, from the progress file.

Computed here, laid out by the renderers. The object :func:`compute` returns is what
``quizrnn stats --json`` prints, documented in docs/stats-format.md. Days are the local
calendar days of the machine; weeks start on Monday.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from quizrnn.schedule import TARGET_RETENTION

WEEKS = 8
HEATMAP_WEEKS = 12
LEECH = 8  # failed (rated again) this many times or more
REVIEW_STATE = 2


_DAYS: dict[str, date] = {}


def _local_day(text: str) -> date:
    """The local calendar day of a stored time (cached by the minute: the parsing is the cost)."""
    key = text[:16] + text[-6:]
    day = _DAYS.get(key)
    if day is None:
        day = _DAYS[key] = datetime.fromisoformat(text).astimezone().date()
    return day


def retrievability(stability: float | None, last_review: datetime | None, when: datetime) -> float:
    """FSRS's probability of recall now (0 for a card never reviewed)."""
    from quizrnn.schedule import scheduler

    if stability is None or last_review is None or stability <= 0:
        return 0.0
    s = scheduler()
    elapsed = max(0.0, (when - last_review).total_seconds() / 86400)
    return (1 + s._FACTOR * elapsed / stability) ** s._DECAY


def compute(bank, store, when: datetime, topics=()) -> dict:
    topics = tuple(topics)
    items = [i for i in bank.items if not topics or i.topic in topics]
    wanted = {i.id for i in items}
    cards = {k: v for k, v in store.cards().items() if k in wanted}
    history = [h for h in store.history() if h[0] in wanted]
    today = when.astimezone().date()

    recall = {item_id: retrievability(c.stability, c.last_review, when) for item_id, c in cards.items()}
    per_topic = defaultdict(list)
    for item in items:
        per_topic[item.topic].append(item)

    first_scores: dict[str, list[float]] = defaultdict(list)
    seen_first: set[str] = set()
    by_day: Counter = Counter()
    week_scores: dict[int, list[float]] = defaultdict(list)
    failed: Counter = Counter()
    topic_answers: Counter = Counter()
    topic_scores: dict[str, list[float]] = defaultdict(list)
    topic_of = {i.id: i.topic for i in items}
    monday = today - timedelta(days=today.weekday())
    for item_id, _topic, score, verdict, answered_at, rating, _mode, _session in history:
        day = _local_day(answered_at)
        by_day[day] += 1
        topic = topic_of[item_id]
        topic_answers[topic] += 1
        if score is not None and verdict != "skipped":
            week = (monday - (day - timedelta(days=day.weekday()))).days // 7
            if 0 <= week < WEEKS:
                week_scores[week].append(score)
            topic_scores[topic].append(score)
            if item_id not in seen_first:
                seen_first.add(item_id)
                first_scores[topic].append(score)
        if rating == "again":
            failed[item_id] += 1

    all_first = [s for scores in first_scores.values() for s in scores]
    overall_base = sum(all_first) / len(all_first) if all_first else 0.0

    topic_rows, expected = [], []
    for topic, its in per_topic.items():
        seen = [i for i in its if i.id in cards]
        # mastered: graduated to FSRS's review state and still above the target recall now
        mastered = [i for i in seen if cards[i.id].state == REVIEW_STATE and recall[i.id] >= TARGET_RETENTION]
        base = (sum(first_scores[topic]) / len(first_scores[topic])) if first_scores[topic] else overall_base
        probabilities = [recall[i.id] if i.id in cards else base for i in its]
        expected += probabilities
        scores = topic_scores[topic]
        topic_rows.append({
            "topic": topic, "items": len(its), "seen": len(seen), "unseen": len(its) - len(seen),
            "mastered": len(mastered), "mastery": round(len(mastered) / len(its), 4) if its else 0.0,
            "answers": topic_answers[topic], "accuracy": round(sum(scores) / len(scores), 4) if scores else None,
            "base_rate": round(base, 4), "expected": round(sum(probabilities) / len(probabilities), 4) if its else None,
        })
    order = {t: k for k, t in enumerate(sorted({i.topic for i in bank.items}, key=_topic_order))}
    topic_rows.sort(key=lambda r: order.get(r["topic"], 99))

    weeks = []
    for k in reversed(range(WEEKS)):
        start = monday - timedelta(weeks=k)
        scores = week_scores[k]
        weeks.append({"week_start": start.isoformat(), "answers": len(scores),
                      "accuracy": round(sum(scores) / len(scores), 4) if scores else None})

    start = monday - timedelta(weeks=HEATMAP_WEEKS - 1)
    heatmap = [{"date": (start + timedelta(days=k)).isoformat(), "answers": by_day[start + timedelta(days=k)]}
               for k in range((today - start).days + 1)]

    due_days = []
    for k in range(7):
        day = today + timedelta(days=k)
        count = sum(1 for c in cards.values() if (c.due.astimezone().date() <= day if k == 0 else
                                                    c.due.astimezone().date() == day))
        due_days.append({"date": day.isoformat(), "due": count})

    return {
        "generated_at": when.isoformat(),
        "topics_chosen": list(topics),
        "target_retention": TARGET_RETENTION,
        "totals": {"items": len(items), "seen": len(cards), "answers": len(history),
                   "due_now": sum(1 for c in cards.values() if c.due <= when)},
        "topics": topic_rows,
        "weeks": weeks,
        "heatmap": heatmap,
        "due_next_7_days": due_days,
        "streak": _streak(by_day, today),
        "leeches": [{"item": item_id, "topic": topic_of[item_id], "failed": n}
                    for item_id, n in failed.most_common() if n >= LEECH],
        "readiness": {"expected_score": round(sum(expected) / len(expected), 4) if expected else None,
                      "first_sight_accuracy": round(overall_base, 4)},
    }


def _topic_order(topic: str) -> int:
    from quizrnn.topics import TOPICS

    return TOPICS.index(topic) if topic in TOPICS else len(TOPICS)


def _streak(by_day: Counter, today: date) -> dict:
    """Days in a row with at least one answer, ending today (or yesterday, when today is still open)."""
    days = sorted(d for d, n in by_day.items() if n)
    longest, run, previous = 0, 0, None
    for d in days:
        run = run + 1 if previous is not None and (d - previous).days == 1 else 1
        longest = max(longest, run)
        previous = d
    current = 0
    day = today if by_day.get(today) else today - timedelta(days=1)
    while by_day.get(day):
        current += 1
        day -= timedelta(days=1)
    return {"current": current, "longest": longest, "last_active": days[-1].isoformat() if days else None}
