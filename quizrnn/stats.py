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


def _curve() -> tuple[float, float]:
    """The scheduler's forgetting curve: (factor, decay)."""
    from quizrnn.schedule import scheduler

    s = scheduler()
    return s._FACTOR, s._DECAY


def retrievability(stability: float | None, last_review: datetime | None, when: datetime, curve=None) -> float:
    """FSRS's probability of recall now (0 for a card never reviewed)."""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    factor, decay = curve or _curve()
    elapsed = max(0.0, (when - last_review).total_seconds() / 86400)
    return (1 + factor * elapsed / stability) ** decay


def compute(bank, store, when: datetime, topics=()) -> dict:
    topics = tuple(topics)
    items = [i for i in bank.items if not topics or i.topic in topics]
    wanted = {i.id for i in items}
    cards = {k: v for k, v in store.cards().items() if k in wanted}
    per_day, per_item, first = store.activity(sorted(wanted))
    today = when.astimezone().date()

    curve = _curve()
    recall = {item_id: retrievability(c.stability, c.last_review, when, curve) for item_id, c in cards.items()}
    per_topic = defaultdict(list)
    for item in items:
        per_topic[item.topic].append(item)
    topic_of = {i.id: i.topic for i in items}

    by_day: Counter = Counter()
    week_scores: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
    monday = today - timedelta(days=today.weekday())
    for day_text, answers, total, scored in per_day:
        if not day_text:
            continue
        day = date.fromisoformat(day_text)
        by_day[day] += answers
        week = (monday - (day - timedelta(days=day.weekday()))).days // 7
        if 0 <= week < WEEKS and scored:
            week_scores[week][0] += total
            week_scores[week][1] += scored

    topic_answers: Counter = Counter()
    topic_scores: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    failed: Counter = Counter()
    for item_id, answers, total, scored, again in per_item:
        topic = topic_of[item_id]
        topic_answers[topic] += answers
        topic_scores[topic][0] += total
        topic_scores[topic][1] += scored
        if again:
            failed[item_id] = int(again)
    first_scores: dict[str, list[float]] = defaultdict(list)
    for item_id, score in first:
        first_scores[topic_of[item_id]].append(score)

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
        total, scored = topic_scores[topic]
        topic_rows.append({
            "topic": topic, "items": len(its), "seen": len(seen), "unseen": len(its) - len(seen),
            "mastered": len(mastered), "mastery": round(len(mastered) / len(its), 4) if its else 0.0,
            "answers": topic_answers[topic], "accuracy": round(total / scored, 4) if scored else None,
            "base_rate": round(base, 4), "expected": round(sum(probabilities) / len(probabilities), 4) if its else None,
        })
    order = {t: k for k, t in enumerate(sorted({i.topic for i in bank.items}, key=_topic_order))}
    topic_rows.sort(key=lambda r: order.get(r["topic"], 99))

    weeks = []
    for k in reversed(range(WEEKS)):
        start = monday - timedelta(weeks=k)
        total, scored = week_scores[k]
        weeks.append({"week_start": start.isoformat(), "answers": scored,
                      "accuracy": round(total / scored, 4) if scored else None})

    start = monday - timedelta(weeks=HEATMAP_WEEKS - 1)
    heatmap = [{"date": (start + timedelta(days=k)).isoformat(), "answers": by_day[start + timedelta(days=k)]}
               for k in range((today - start).days + 1)]

    due_on = Counter(c.due.astimezone().date() for c in cards.values())
    due_days = [{"date": today.isoformat(), "due": sum(n for d, n in due_on.items() if d <= today)}]
    due_days += [{"date": (today + timedelta(days=k)).isoformat(), "due": due_on[today + timedelta(days=k)]}
                 for k in range(1, 7)]

    return {
        "generated_at": when.isoformat(),
        "topics_chosen": list(topics),
        "target_retention": TARGET_RETENTION,
        "totals": {"items": len(items), "seen": len(cards), "answers": sum(by_day.values()),
                   "due_now": sum(1 for c in cards.values() if c.due <= when)},
        "topics": topic_rows,
        "weeks": weeks,
        "heatmap": heatmap,
        "due_next_7_days": due_days,
        "streak": _streak(by_day, today),
        "leeches": [{"item": item_id, "topic": topic_of[item_id], "failed": n}
                    for item_id, n in sorted(failed.items(), key=lambda x: (-x[1], x[0])) if n >= LEECH],
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
