"""``quizrnn progress``: where the progress file is, and moving it between machines.

``export`` writes every answer as JSON (the format is in docs/progress-format.md);
``import`` merges such a file by answer id, so importing the same file twice changes
nothing, and rebuilds the cards of the items that gained answers by replaying their
ratings in time order. ``reset`` keeps a timestamped backup before it clears anything;
``repair`` moves an unreadable file aside (never deleting it), starts afresh, and takes
into the new file every answer that can still be read from the old one.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.store import EXPORT_FIELDS, FILENAME, Store, data_dir

FORMAT = "quizrnn-progress"
VERSION = 1
MAX_IMPORT = 512 * 1024 * 1024
VERDICTS = ("correct", "partial", "wrong", "skipped", "unchecked", "unreadable")
RATINGS = ("again", "hard", "good", "easy")


def store_path() -> Path:
    return data_dir() / FILENAME


# ------------------------------------------------------------------ where


@dataclass
class Place:
    folder: Path
    files: list[tuple[Path, int]]
    answers: int | None   # None: the file could not be read
    cards: int | None
    problem: str = ""


def where() -> Place:
    """The data folder, the files in it that belong to the progress file, and what it holds."""
    path = store_path()
    folder = path.parent
    files = []
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            if f.name.startswith(path.name.split(".")[0]) and f.is_file():
                files.append((f, f.stat().st_size))
    answers = cards = None
    problem = ""
    if path.exists():
        try:
            with _readonly(path) as db:
                answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
                cards = db.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
        except sqlite3.Error as exc:
            problem = f"{path}: not a readable progress file ({exc}); run 'quizrnn progress repair'"
    return Place(folder, files, answers, cards, problem)


class _readonly:
    """The file opened read-only, so that looking never changes or creates anything."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()
        return False


# ------------------------------------------------------------------ export and import


def export_data(store: Store, when: datetime) -> dict:
    return {"format": FORMAT, "version": VERSION, "exported_at": when.isoformat(), "answers": store.export_rows()}


def export_json(store: Store, when: datetime) -> str:
    # ensure_ascii keeps answers with undecodable bytes exact (as \\udcXX escapes) in valid JSON
    return json.dumps(export_data(store, when), indent=1, ensure_ascii=True) + "\n"


def read_export(path: Path) -> list[dict]:
    """The answers of an export file, every field checked; one line says what is wrong and where."""
    from quizrnn.files import decode, parse_json, read_bytes

    data = parse_json(decode(read_bytes(path, "progress export", MAX_IMPORT), path), path, "a progress export")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a quizrnn progress export (quizrnn progress export writes one)")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(f"{path}: version: expected a whole number")
    if version > VERSION:
        raise InputError(f"{path}: written by a newer quizrnn (export version {version}); upgrade quizrnn to read it")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise InputError(f"{path}: answers: expected a list")
    rows, seen = [], set()
    for k, raw in enumerate(answers):
        row = _answer(raw, f"{path}: answers[{k}]")
        if row["uid"] in seen:
            continue
        seen.add(row["uid"])
        rows.append(row)
    return rows


def _answer(raw, where: str) -> dict:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object")
    unknown = sorted(set(raw) - set(EXPORT_FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r}")
    row = {}
    for name in EXPORT_FIELDS:
        value = raw.get(name)
        row[name] = _field(name, value, f"{where}.{name}")
    return row


def _field(name: str, value, where: str):
    def fail(expected: str):
        raise InputError(f"{where}: expected {expected}, not {json.dumps(value)[:40]}")

    if name in ("uid", "item_id", "answered_at", "verdict"):
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            fail("a non-empty text")
    if name == "answered_at":
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            fail("a time like 2026-03-01T09:30:00+00:00")
        if when.tzinfo is None:
            fail("a time with its UTC offset")
        return when.astimezone(timezone.utc).isoformat()  # stored in UTC, so that text order is time order
    if name == "verdict" and value not in VERDICTS:
        fail(f"one of {', '.join(VERDICTS)}")
    if name == "rating" and value is not None and value not in RATINGS:
        fail(f"null or one of {', '.join(RATINGS)}")
    if name in ("session", "topic", "kind", "mode", "given", "mistake"):
        if name in ("mistake",) and value is None:
            return None
        if value is None and name != "given":
            return "" if name != "mode" else "practice"
        if not isinstance(value, str) or len(value) > 100_000:
            fail("a text")
    if name == "seed" and value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        fail("null or a whole number")
    if name in ("score", "seconds"):
        if value is None and name == "score":
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            fail("a number")
        if name == "score" and not 0 <= value <= 1:
            fail("a score from 0 to 1")
        if name == "seconds" and value < 0:
            fail("seconds of 0 or more")
        return float(value)
    return value


def import_file(store: Store, path: Path) -> tuple[int, int, list[str]]:
    """Merge an export into the store: (answers in the file, answers added, cards rebuilt)."""
    rows = read_export(path)
    added, rebuilt = store.merge(rows)
    return len(rows), added, rebuilt


# ------------------------------------------------------------------ reset and repair


def stamp(when: datetime) -> str:
    return when.astimezone().strftime("%Y%m%d-%H%M%S")


def aside(path: Path, label: str, when: datetime) -> Path:
    """A free name beside the file: progress.sqlite3.<label>-20261126-153000 (then -2, -3, …)."""
    base = f"{path.name}.{label}-{stamp(when)}"
    target, n = path.with_name(base), 1
    while any(target.with_name(target.name + s).exists() for s in ("", "-wal", "-shm")):
        n += 1
        target = path.with_name(f"{base}-{n}")
    return target


def reset(store: Store, when: datetime) -> Path:
    """Back the file up beside itself, then clear every answer and card; the backup's path.

    The journal goes aside with the same stamp, so that a later repair does not bring the
    answers back."""
    target = aside(store.path, "backup", when)
    try:
        store.backup(target)
        if store.journal.path.exists():
            os.replace(store.journal.path, store.journal.path.with_name(
                store.journal.path.name + target.name.removeprefix(store.path.name)))
    except (sqlite3.Error, OSError) as exc:
        raise InputError(f"{target}: could not write the backup ({exc}); nothing was reset") from None
    store.clear()
    return target


@dataclass
class Repair:
    moved_to: Path | None   # None: nothing needed repairing
    problem: str = ""       # what was wrong with the file
    recovered: int = 0      # answers read back (from the old file and the journal) into the new one


def repair(when: datetime) -> Repair:
    """Move an unreadable progress file aside and start afresh with what can be read from it."""
    path = store_path()
    if not path.exists() and not path.is_symlink():
        return Repair(None, "")
    problem = _check(path)
    if not problem:
        return Repair(None, "")
    target = aside(path, "damaged", when)
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as exc:
        raise InputError(f"{path}: could not move it aside ({exc.strerror}); nothing was changed") from None
    rows = salvage(target)
    store = Store(path)
    try:
        added = store.merge(rows, journal=False)[0] if rows else 0
        added += store.merge(journalled(store), journal=False)[0]
    finally:
        store.close()
    return Repair(target, problem, added)


def journalled(store: Store) -> list[dict]:
    """The journal's answers that pass the checks an import makes (the others are skipped)."""
    rows = []
    for k, raw in enumerate(store.journal.read()):
        try:
            rows.append(_answer(raw, f"{store.journal.path}: answer {k}"))
        except InputError:
            continue
    return rows


def _check(path: Path) -> str:
    """'' when the progress file opens and is whole, else what is wrong with it."""
    if path.is_dir():
        return "a folder stands where the progress file should be"
    from quizrnn.store import Damaged

    try:
        store = Store(path)
    except Damaged as exc:
        return exc.reason
    except InputError as exc:
        return exc.message
    try:
        return store.whole()
    finally:
        store.db.close()


def salvage(path: Path) -> list[dict]:
    """The answers that can still be read from a damaged file, row by row."""
    if path.is_dir():
        return []
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    rows = []
    try:
        columns = [r[1] for r in db.execute("PRAGMA table_info(answers)")]
        if not {"item_id", "answered_at", "verdict"} <= set(columns):
            return []
        wanted = [f if f in columns else "NULL" for f in EXPORT_FIELDS]
        wanted[EXPORT_FIELDS.index("uid")] = "uid" if "uid" in columns else "NULL"
        top = db.execute("SELECT MAX(id) FROM answers").fetchone()[0] or 0
        for answer_id in range(1, top + 1):
            try:
                row = db.execute(f"SELECT {', '.join(wanted)}, id FROM answers WHERE id = ?", (answer_id,)).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is None:
                continue
            record = dict(zip(EXPORT_FIELDS, row[:-1]))
            try:
                rows.append(_recovered(record, path, answer_id))
            except InputError:
                continue
    except sqlite3.DatabaseError:
        pass
    finally:
        db.close()
    return rows


def _recovered(record: dict, path: Path, answer_id: int) -> dict:
    from quizrnn.store import loaded

    record["given"] = loaded(record["given"])
    if not record["uid"]:
        record["uid"] = f"recovered-{path.name}-{answer_id}"
    if record["mode"] is None:
        record["mode"] = "practice"
    if record["seconds"] is None:
        record["seconds"] = 0.0
    return {name: _field(name, record[name], f"{path}: answer {answer_id}: {name}") for name in EXPORT_FIELDS}
