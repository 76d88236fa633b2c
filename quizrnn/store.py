"""Progress: every answer in a SQLite file, and a spaced-repetition card per item (FSRS).

The file lives in the user data directory (``QUIZRNN_HOME`` overrides it). Each answer is
committed before its feedback is shown, so a crash or Ctrl-C loses nothing already
answered. A write that fails (a read-only file, a full disk, a lock held by another
process past the busy timeout) never ends a session: the answer stays in memory, is
tried again with the next one, and the problem is reported once. The schema changes
only through the numbered migrations below.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.schedule import RATINGS

FILENAME = "progress.sqlite3"
BUSY_SECONDS = 5.0

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
    # 2: a stable id per answer (export and import merge on it), the topic and kind of the item
    # when it was answered, the mode (practice, review, exam), the rating given to the card, and
    # the card as it was before, so that the last grade can be undone.
    """
    ALTER TABLE answers ADD COLUMN uid TEXT;
    ALTER TABLE answers ADD COLUMN topic TEXT;
    ALTER TABLE answers ADD COLUMN kind TEXT;
    ALTER TABLE answers ADD COLUMN mode TEXT NOT NULL DEFAULT 'practice';
    ALTER TABLE answers ADD COLUMN rating TEXT;
    ALTER TABLE answers ADD COLUMN card_before TEXT;
    UPDATE answers SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX answers_uid ON answers (uid);
    CREATE INDEX answers_time ON answers (answered_at);
    """,
    # 3: the card's FSRS state in columns of its own, so that review and stats need not parse JSON
    """
    ALTER TABLE cards ADD COLUMN stability REAL;
    ALTER TABLE cards ADD COLUMN difficulty REAL;
    ALTER TABLE cards ADD COLUMN state INTEGER;
    ALTER TABLE cards ADD COLUMN last_review TEXT;
    CREATE INDEX answers_session ON answers (session);
    """,
    # 4: the local calendar day of each answer, as it was where it was given, and indexes that
    # hold everything stats sums, so that it never reads the wide rows
    """
    ALTER TABLE answers ADD COLUMN day TEXT;
    UPDATE answers SET day = date(answered_at, 'localtime');
    CREATE INDEX answers_day ON answers (day, item_id, score, verdict);
    CREATE INDEX answers_stats ON answers (item_id, answered_at, score, verdict, rating);
    DROP INDEX answers_item;
    """,
)
CARD_FIELDS = ("stability", "difficulty", "state", "last_review")
EXPORT_FIELDS = ("uid", "session", "item_id", "topic", "kind", "mode", "seed", "given", "score", "verdict", "mistake",
                 "rating", "seconds", "answered_at")


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
    """The current time in UTC (tests replace it to simulate days passing)."""
    override = os.environ.get("QUIZRNN_NOW")
    if override:
        return datetime.fromisoformat(override).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def storable(text: str):
    """Typed text as stored: text, or its bytes when it holds undecodable input (kept exactly)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")


def loaded(value) -> str:
    """The inverse of :func:`storable`."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return "" if value is None else str(value)


@dataclass
class Attempt:
    """One graded (or skipped) answer, as practice, review, exam and grade record it."""

    item_id: str
    given: str
    score: float | None
    verdict: str
    seconds: float = 0.0
    seed: int | None = None
    mistake: str | None = None
    rating: str | None = None
    topic: str = ""
    kind: str = ""
    mode: str = "practice"
    session: str = ""
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    answered_at: datetime | None = None


class CardState:
    """An item's card as review, practice and stats read it (the time of the last review is
    parsed on first use: start-up reads thousands of cards and needs only their due times)."""

    __slots__ = ("item_id", "due", "reviews", "lapses", "stability", "state", "_last")

    def __init__(self, item_id: str, due: datetime, reviews: int, lapses: int, stability: float | None,
                 last_review: str | datetime | None = None, state: int | None = None):
        self.item_id, self.due, self.reviews, self.lapses = item_id, due, reviews, lapses
        self.stability, self.state, self._last = stability, state, last_review

    @property
    def last_review(self) -> datetime | None:
        """When the card was last reviewed (FSRS: 1 learning, 2 review, 3 relearning is ``state``)."""
        if isinstance(self._last, str):
            self._last = _utc(self._last)
        return self._last

    def __repr__(self) -> str:
        return f"CardState({self.item_id!r}, due={self.due.isoformat()}, reviews={self.reviews})"


def local_day(when: datetime) -> str:
    """The local calendar day of a moment, as stored with each answer (YYYY-MM-DD)."""
    return when.astimezone().date().isoformat()


def _utc(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def journal_path(path: Path) -> Path:
    """The journal beside a progress file: progress.sqlite3 -> progress-journal.jsonl."""
    return path.with_name(f"{path.name.split('.')[0]}-journal.jsonl")


def answer_row(a: Attempt) -> dict:
    """An answer as export, import and the journal write it (the fields of EXPORT_FIELDS)."""
    return {"uid": a.uid, "session": a.session, "item_id": a.item_id, "topic": a.topic, "kind": a.kind,
            "mode": a.mode, "seed": a.seed, "given": a.given, "score": a.score, "verdict": a.verdict,
            "mistake": a.mistake, "rating": a.rating, "seconds": round(a.seconds, 3),
            "answered_at": (a.answered_at or now()).astimezone(timezone.utc).isoformat()}


class Journal:
    """Every answer also appended as one JSON line, and every undo as ``{"undo": uid}``.

    The progress file is what quizrnn reads; the journal is there for ``progress repair``
    when that file is damaged. One write per line in append mode, so two processes never
    interleave inside a line; a line cut short by a killed process is skipped on reading.
    A journal that cannot be written is left alone: the progress file still has the answer.
    """

    def __init__(self, path: Path):
        self.path = path

    def _write(self, record: dict) -> None:
        line = (json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError:
            pass

    def append(self, row: dict) -> None:
        self._write(row)

    def undo(self, uid: str) -> None:
        self._write({"undo": uid})

    def read(self) -> list[dict]:
        """The answers journalled and not undone, oldest first (unreadable lines skipped)."""
        rows: dict[str, dict] = {}
        try:
            fh = open(self.path, "rb")  # noqa: SIM115
        except OSError:
            return []
        with fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                if "undo" in record:
                    rows.pop(str(record["undo"]), None)
                elif isinstance(record.get("uid"), str):
                    rows[record["uid"]] = record
        return list(rows.values())


class StoreProblem(Exception):
    """The progress file cannot be written just now; the message says where and why."""


class Store:
    """The progress file. Reads never fail loudly; writes that fail are kept in ``pending``."""

    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / FILENAME
        self.pending: list[Attempt] = []
        self.problem: str = ""      # why progress could not be saved (empty when all is well)
        self.warnings: list[str] = []
        self._scheduler = None
        self.journal = Journal(journal_path(self.path))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{self.path.parent}: cannot keep progress there ({exc.strerror}); "
                             "set QUIZRNN_HOME to a folder you can write") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None
        if version > len(MIGRATIONS):
            raise InputError(f"{self.path}: written by a newer quizrnn (schema {version}); "
                             "upgrade quizrnn to use it")
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self._migrate(version)
        except sqlite3.OperationalError as exc:
            if version < len(MIGRATIONS) and not _cannot_write(exc):
                raise damaged(self.path, exc) from None
            self._fault(exc)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None

    def _migrate(self, version: int) -> None:
        """Bring the schema up to date in one transaction that holds the write lock, reading the
        version again inside it: two processes opening a new file at once migrate it once."""
        if version >= len(MIGRATIONS):
            return
        self.db.isolation_level = None  # the transaction below is managed by hand
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                for number in range(version, len(MIGRATIONS)):
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    if number == 2:
                        self._fill_card_columns()
                    self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        finally:
            self.db.isolation_level = ""

    def _fill_card_columns(self) -> None:
        """Migration 3: copy each card's FSRS state from its JSON into the new columns."""
        for item_id, card in self.db.execute("SELECT item_id, card FROM cards").fetchall():
            try:
                data = json.loads(card)
                values = [data.get(f) for f in CARD_FIELDS]
            except (ValueError, AttributeError):
                continue
            self.db.execute("UPDATE cards SET stability = ?, difficulty = ?, state = ?, last_review = ? "
                            "WHERE item_id = ?", (*values, item_id))

    @property
    def scheduler(self):
        if self._scheduler is None:
            from quizrnn.schedule import scheduler

            self._scheduler = scheduler()
        return self._scheduler

    # ------------------------------------------------------------------ writing

    def _fault(self, exc: Exception) -> None:
        reason = str(exc) or type(exc).__name__
        fix = ""
        if isinstance(exc, sqlite3.DatabaseError) and not _cannot_write(exc):
            fix = "; quizrnn progress repair moves the damaged file aside and keeps what it can read"
        self.problem = f"{self.path}: progress not saved ({reason}{fix})"

    def record(self, attempt: Attempt) -> bool:
        """Save one answer (and update the item's card) in one committed transaction.

        The answer goes to the journal first, so that even a progress file that turns out
        to be damaged loses nothing (repair reads the journal back). Answers that could not
        be saved earlier go first. Returns False when the file could not be written; the
        answer is then kept in ``pending`` and ``problem`` says why.
        """
        if attempt.answered_at is None:
            attempt.answered_at = now()
        self.journal.append(answer_row(attempt))
        self.pending.append(attempt)
        return self.flush()

    def flush(self) -> bool:
        """Try to save every pending answer, oldest first; False if some are still pending."""
        while self.pending:
            attempt = self.pending[0]
            try:
                self._write(attempt)
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._fault(exc)
                return False
            self.pending.pop(0)
        self.problem = ""
        return True

    def _write(self, a: Attempt) -> None:
        when = (a.answered_at or now()).astimezone(timezone.utc)  # stored in UTC: text order is time order
        with self.db:
            before = None
            if a.rating is not None:
                before = self._review(a.item_id, a.rating, when)
            self.db.execute(
                "INSERT INTO answers (session, item_id, seed, given, score, verdict, mistake, seconds, answered_at,"
                " uid, topic, kind, mode, rating, card_before, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.session, a.item_id, a.seed, storable(a.given), a.score, a.verdict, a.mistake,
                 round(a.seconds, 3), when.isoformat(), a.uid, a.topic, a.kind, a.mode, a.rating, before,
                 local_day(when)))

    def _review(self, item_id: str, rating: str, when: datetime) -> str:
        """Update the item's card for this rating; return the card as it was (JSON, '' if new)."""
        import fsrs

        row = self.db.execute("SELECT card, reviews, lapses FROM cards WHERE item_id = ?",
                              (item_id,)).fetchone()
        card, reviews, lapses, before = fsrs.Card(), 0, 0, ""
        if row:
            before = json.dumps({"card": row[0], "reviews": row[1], "lapses": row[2]})
            try:
                reviews, lapses = int(row[1]), int(row[2])
            except (ValueError, TypeError):
                pass
            try:
                card = fsrs.Card.from_json(row[0])
            except (ValueError, TypeError, KeyError, AttributeError):
                self._warn(f"{self.path}: the card of {item_id} could not be read; it starts afresh")
        if card.last_review is not None and when < card.last_review:
            when = card.last_review  # a clock that moved backwards: review as of the last review
        card, _ = self.scheduler.review_card(card, fsrs.Rating(RATINGS[rating]), review_datetime=when)
        self._put_card(item_id, card, reviews + 1, lapses + (1 if rating == "again" else 0))
        return before

    def _put_card(self, item_id: str, card, reviews: int, lapses: int) -> None:
        self.db.execute(
            "INSERT INTO cards (item_id, card, due, reviews, lapses, stability, difficulty, state, last_review) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET card = excluded.card, "
            "due = excluded.due, reviews = excluded.reviews, lapses = excluded.lapses, stability = excluded.stability, "
            "difficulty = excluded.difficulty, state = excluded.state, last_review = excluded.last_review",
            (item_id, card.to_json(), card.due.isoformat(), reviews, lapses, card.stability, card.difficulty,
             int(card.state), card.last_review.isoformat() if card.last_review else None))

    def undo_last(self, session: str) -> str | None:
        """Take back the last answer of a session: the row goes and the card is as it was.

        Returns the item id undone, or None when the session has nothing saved to undo.
        """
        if self.pending:
            attempt = self.pending.pop()
            self.journal.undo(attempt.uid)
            return attempt.item_id
        row = self.db.execute("SELECT id, item_id, rating, card_before, uid FROM answers WHERE session = ? "
                              "ORDER BY id DESC LIMIT 1", (session,)).fetchone()
        if row is None:
            return None
        answer_id, item_id, rating, before, uid = row
        self.journal.undo(uid)
        with self.db:
            self.db.execute("DELETE FROM answers WHERE id = ?", (answer_id,))
            if rating is not None:
                if before:
                    import fsrs

                    old = json.loads(before)
                    self._put_card(item_id, fsrs.Card.from_json(old["card"]), old["reviews"], old["lapses"])
                else:
                    self.db.execute("DELETE FROM cards WHERE item_id = ?", (item_id,))
        return item_id

    # ------------------------------------------------------------------ reading

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def cards(self) -> dict[str, CardState]:
        """Every readable card; rows that cannot be read are skipped with one warning."""
        out, bad = {}, 0
        try:
            rows = self.db.execute("SELECT item_id, due, reviews, lapses, stability, last_review, state "
                                   "FROM cards").fetchall()
        except sqlite3.Error as exc:
            self._warn(f"{self.path}: the cards could not be read ({exc}); every item counts as new")
            return {}
        parse = datetime.fromisoformat
        for item_id, due, reviews, lapses, stability, last_review, state in rows:
            try:
                when = parse(due)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                if last_review is not None and not isinstance(last_review, str):
                    raise TypeError("last_review")
                out[item_id] = CardState(item_id, when, reviews, lapses, stability, last_review, state)
            except (ValueError, TypeError, AttributeError):
                bad += 1
        if bad:
            self._warn(f"{self.path}: {bad} card{'s' if bad != 1 else ''} could not be read and "
                       f"{'were' if bad != 1 else 'was'} skipped")
        return out

    def activity(self, item_ids) -> tuple[list[tuple], list[tuple], list[tuple]]:
        """What ``stats`` needs, summed by SQLite over the answers of these items:

        * per local day (the day where the answer was given): (day, answers, sum of scores, scored answers);
        * per item: (item_id, answers, sum of scores, scored answers, times rated again);
        * per item: (item_id, score of its first scored answer).

        A skipped answer counts as an answer but is not scored. Every query reads a covering
        index, never the rows themselves.
        """
        wanted = set(item_ids)
        scored = "CASE WHEN score IS NOT NULL AND verdict != 'skipped' THEN score END"
        try:
            every = self.db.execute(f"SELECT item_id, COUNT(*), TOTAL({scored}), COUNT({scored}), "
                                    "TOTAL(rating = 'again') FROM answers GROUP BY item_id").fetchall()
            items = [row for row in every if row[0] in wanted]
            first = [(item, score) for item, score, _ in self.db.execute(
                "SELECT item_id, score, MIN(answered_at) FROM answers WHERE score IS NOT NULL AND "
                "verdict != 'skipped' GROUP BY item_id") if item in wanted]
            day_sums = f"SELECT day, COUNT(*), TOTAL({scored}), COUNT({scored}) FROM answers"
            if len(every) == len(items):
                days = self.db.execute(f"{day_sums} GROUP BY day").fetchall()  # every answered item is wanted
            else:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (item_id TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM temp.wanted")
                self.db.executemany("INSERT OR IGNORE INTO temp.wanted VALUES (?)", ((i,) for i in wanted))
                days = self.db.execute(f"{day_sums} INDEXED BY answers_day WHERE item_id IN temp.wanted "
                                       "GROUP BY day").fetchall()
        except sqlite3.Error as exc:
            self._warn(f"{self.path}: the answers could not be read ({exc})")
            return [], [], []
        return days, items, first

    def last_session(self, modes=("practice", "review")) -> tuple[str | None, list[str]]:
        """The latest session of these modes and the items it missed (wrong, partly right or skipped)."""
        marks = ", ".join("?" for _ in modes)
        row = self.db.execute(f"SELECT session FROM answers WHERE mode IN ({marks}) AND session != '' "
                              "ORDER BY answered_at DESC, id DESC LIMIT 1", modes).fetchone()
        if row is None:
            return None, []
        rows = self.db.execute("SELECT item_id, score, verdict FROM answers WHERE session = ? ORDER BY id",
                               (row[0],)).fetchall()
        missed = [item for item, score, verdict in rows if verdict == "skipped" or (score is not None and score < 1)]
        return row[0], list(dict.fromkeys(missed))

    def introduced_since(self, when: datetime) -> int:
        """Items answered for the first time at or after ``when``."""
        since = when.astimezone(timezone.utc).isoformat()
        return self.db.execute(
            "SELECT COUNT(DISTINCT a.item_id) FROM answers a WHERE a.answered_at >= ? AND NOT EXISTS "
            "(SELECT 1 FROM answers b WHERE b.item_id = a.item_id AND b.answered_at < ?)", (since, since)).fetchone()[0]

    # ------------------------------------------------------------------ export, import, repair

    def export_rows(self) -> list[dict]:
        """Every saved answer as a dict with the fields of EXPORT_FIELDS, oldest first."""
        rows = self.db.execute(f"SELECT {', '.join(EXPORT_FIELDS)} FROM answers ORDER BY answered_at, id").fetchall()
        out = []
        for row in rows:
            record = dict(zip(EXPORT_FIELDS, row))
            record["given"] = loaded(record["given"])
            out.append(record)
        return out

    def merge(self, rows: list[dict], journal: bool = True) -> tuple[int, list[str]]:
        """Add the answers whose uid is not here yet, in one transaction, and rebuild the cards of
        the items that gained a rated answer. Returns (answers added, items whose card was rebuilt).
        The answers added go to the journal too, unless they come from it."""
        added, touched = 0, set()
        marks = ", ".join("?" for _ in EXPORT_FIELDS)
        with self.db:
            for row in rows:
                cursor = self.db.execute(
                    f"INSERT OR IGNORE INTO answers ({', '.join(EXPORT_FIELDS)}, day) VALUES ({marks}, ?)",
                    (*(storable(row[f]) if f == "given" else row[f] for f in EXPORT_FIELDS),
                     local_day(_utc(row["answered_at"]))))
                if cursor.rowcount:
                    added += 1
                    if journal:
                        self.journal.append(row)
                    if row["rating"] is not None:
                        touched.add(row["item_id"])
            items = sorted(touched)
            self._rebuild(items)
        return added, items

    def _rebuild(self, item_ids) -> None:
        """Replay the rated answers of these items, oldest first, to make their cards again."""
        import fsrs

        for item_id in item_ids:
            card, reviews, lapses = fsrs.Card(), 0, 0
            rows = self.db.execute("SELECT id, rating, answered_at FROM answers WHERE item_id = ? AND rating IS NOT "
                                   "NULL ORDER BY answered_at, id", (item_id,)).fetchall()
            for answer_id, rating, answered_at in rows:
                before = json.dumps({"card": card.to_json(), "reviews": reviews, "lapses": lapses}) if reviews else ""
                when = _utc(answered_at)
                if card.last_review is not None and when < card.last_review:
                    when = card.last_review
                card, _ = self.scheduler.review_card(card, fsrs.Rating(RATINGS[rating]), review_datetime=when)
                reviews, lapses = reviews + 1, lapses + (rating == "again")
                self.db.execute("UPDATE answers SET card_before = ? WHERE id = ?", (before, answer_id))
            if reviews:
                self._put_card(item_id, card, reviews, lapses)
            else:
                self.db.execute("DELETE FROM cards WHERE item_id = ?", (item_id,))

    def counts(self) -> tuple[int, int]:
        """(answers, cards) saved."""
        return (self.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0],
                self.db.execute("SELECT COUNT(*) FROM cards").fetchone()[0])

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole file (answers in the write-ahead log included)."""
        copy = sqlite3.connect(target)
        try:
            with copy:
                self.db.backup(copy)
        finally:
            copy.close()

    def clear(self) -> None:
        """Every answer and card removed, in one transaction."""
        with self.db:
            self.db.execute("DELETE FROM answers")
            self.db.execute("DELETE FROM cards")

    def whole(self) -> str:
        """'' when SQLite finds the file whole, else what it found."""
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
            self.db.execute("SELECT COUNT(*) FROM answers").fetchone()
            self.db.execute("SELECT COUNT(*) FROM cards").fetchone()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return "" if rows == ["ok"] else "; ".join(rows[:3])

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.close()


@contextmanager
def opened(store: Store | None = None):
    """The given store, or the user's own opened for the duration and closed after."""
    if store is not None:
        yield store
        return
    store = Store()
    try:
        yield store
    finally:
        store.close()


def _cannot_write(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("readonly", "read-only", "locked", "disk is full", "disk i/o", "busy"))


class Damaged(InputError):
    """The progress file cannot be read; ``reason`` says what SQLite found."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: not a readable progress file ({reason}); run 'quizrnn progress repair' "
                         "to move it aside and start afresh")
        self.reason = reason


def damaged(path: Path, exc: Exception) -> InputError:
    return Damaged(path, str(exc))
