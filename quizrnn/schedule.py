"""Spaced repetition with FSRS: how a grade becomes a rating, and when an item comes back.

One learning step of ten minutes: an item missed (or only partly right) comes back within
the day, while one answered right on first sight goes straight to an interval of days
(FSRS-6's initial stability for Good is about two days), and spaces out further each
time it is answered right again. An item forgotten later relearns through the same
ten-minute step.
"""

from __future__ import annotations

from datetime import timedelta

LEARNING_STEP = timedelta(minutes=10)
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
TARGET_RETENTION = 0.9


def scheduler():
    import fsrs

    return fsrs.Scheduler(desired_retention=TARGET_RETENTION, learning_steps=(LEARNING_STEP,),
                          relearning_steps=(LEARNING_STEP,), enable_fuzzing=False)


def rating_for(score: float | None, hinted: bool = False) -> str | None:
    """The FSRS rating of a graded answer: right is good (hard after a hint), partly right is
    hard, wrong is again; an answer that was not graded (skipped, unreadable) rates nothing."""
    if score is None:
        return None
    if score >= 1:
        return "hard" if hinted else "good"
    return "hard" if score > 0 else "again"
