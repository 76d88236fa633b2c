"""Progress: every answer in a SQLite file, and a spaced-repetition card per item (FSRS).

The file lives in the user data directory (``QUIZRNN_HOME`` overrides it). Each answer is
committed before its feedback is shown, so a crash or Ctrl-C loses nothing already
answered. The schema changes only through the numbered migrations below.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quizrnn.errors import InputError

FILENAME = "progress.sqlite3"

MIGRATIONS = (
    # 1: answers and cards
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL,
        item_id TEXT NOT NULL,
        seed INTEGER,
        given TEXT NOT NULL,
        score REAL,
        verdict TEXT NOT NULL,
        mistake TEXT,
        seconds REAL NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE INDEX answers_item ON answers (item_id);
    CREATE TABLE cards (
        item_id TEXT PRIMARY KEY,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        reviews INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_due ON cards (due);
    """,
)

RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}


def data_dir() -> Path:
    """Where progress is kept: $QUIZRNN_HOME, else the platform's user data folder."""
    home = os.environ.get("QUIZRNN_HOME")
    if home:
        return Path(home).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "quizrnn"


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class CardState:
    item_id: str
    due: datetime
    reviews: int
    lapses: int
    stability: float | None


class Store:
    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / FILENAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: the progress file cannot be read ({exc}); "
                             "move it aside to start afresh") from None
        except OSError as exc:
            raise InputError(f"{self.path.parent}: cannot keep progress there ({exc.strerror}); "
                             "set QUIZRNN_HOME to a folder you can write") from None
        self._scheduler = None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise InputError(f"{self.path}: written by a newer quizrnn (schema {version}); "
                             "upgrade quizrnn to use it")
        for number in range(version, len(MIGRATIONS)):
            with self.db:
                self.db.executescript(MIGRATIONS[number])
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def scheduler(self):
        if self._scheduler is None:
            import fsrs

            self._scheduler = fsrs.Scheduler(enable_fuzzing=False)
        return self._scheduler

    def record(self, session: str, item_id: str, seed: int | None, given: str, score: float | None,
               verdict: str, mistake: str | None, seconds: float, rating: str | None) -> None:
        """Save one answer (and update the item's card) in one committed transaction."""
        when = now()
        with self.db:
            self.db.execute(
                "INSERT INTO answers (session, item_id, seed, given, score, verdict, mistake, seconds,"
                " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session, item_id, seed, given, score, verdict, mistake, round(seconds, 3), when.isoformat()))
            if rating is not None:
                self._review(item_id, rating, when)

    def _review(self, item_id: str, rating: str, when: datetime) -> None:
        import fsrs

        row = self.db.execute("SELECT card, reviews, lapses FROM cards WHERE item_id = ?",
                              (item_id,)).fetchone()
        card = fsrs.Card.from_json(row[0]) if row else fsrs.Card()
        reviews, lapses = (row[1], row[2]) if row else (0, 0)
        card, _ = self.scheduler.review_card(card, fsrs.Rating(RATINGS[rating]), review_datetime=when)
        self.db.execute(
            "INSERT INTO cards (item_id, card, due, reviews, lapses) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET card = excluded.card, due = excluded.due, "
            "reviews = excluded.reviews, lapses = excluded.lapses",
            (item_id, card.to_json(), card.due.isoformat(), reviews + 1,
             lapses + (1 if rating == "again" else 0)))

    def cards(self) -> dict[str, CardState]:
        out = {}
        for item_id, card, due, reviews, lapses in self.db.execute(
                "SELECT item_id, card, due, reviews, lapses FROM cards"):
            try:
                stability = json.loads(card).get("stability")
            except (ValueError, AttributeError):
                stability = None
            out[item_id] = CardState(item_id, datetime.fromisoformat(due), reviews, lapses, stability)
        return out

    def answered(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        self.db.close()
