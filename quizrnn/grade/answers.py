"""Reading a class's answers from a CSV file, as spreadsheets and forms really write them.

A header ``student,variant,q1,…,qN`` (any order, any case; ``variant`` may be left out for a
single-variant paper), one row per student. Messy input is normal: a UTF-8 byte-order mark,
Windows line endings, stray spaces, ``;`` or tab as the separator, quoted cells, a file saved
in Windows-1252, extra columns, short rows. Each problem is one message naming the row and
column; a row that cannot be graded at all (no student, an unknown variant, a duplicate
student) is set aside and every other row is graded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.grade.key import Key

MAX_CSV_BYTES = 64 * 1024 * 1024
QUESTION = re.compile(r"^q\s*0*(\d+)$", re.IGNORECASE)


@dataclass
class Row:
    line: int             # the row's line in the file (the header is line 1)
    student: str
    variant: str
    answers: dict[int, str] = field(default_factory=dict)


@dataclass
class Answers:
    rows: list[Row]
    problems: list[str]       # one line each, naming row and column
    ungradable: int = 0       # rows set aside
    missing: list[int] = field(default_factory=list)  # question numbers without a column


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), f"{path}: not UTF-8; read as Windows-1252"


def _separator(header: str) -> str:
    counts = {sep: len(re.findall(re.escape(sep) + r'(?=(?:[^"]*"[^"]*")*[^"]*$)', header)) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read(path: Path, key: Key) -> Answers:
    from quizrnn.files import read_bytes

    text, note = _decode(read_bytes(path, "answers file", MAX_CSV_BYTES), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(f"{path}: empty; it needs a header such as student,variant,q1,q2,…")
    sep = _separator(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True)
    problems = [note] if note else []
    header: list[str] | None = None
    rows: list[Row] = []
    seen: dict[str, int] = {}
    ungradable = 0
    columns: dict[str, int] = {}
    questions: dict[int, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            cells = [c.strip() for c in raw]
            if header is None:
                if not any(cells):
                    continue
                header = cells
                columns, questions = _columns(header, path, key, problems)
                continue
            if not any(cells):
                continue
            where = f"{path}:{line}"
            if len(cells) != len(header):
                problems.append(f"{where}: {len(cells)} cells but the header has {len(header)} columns; "
                                "read by position as far as they go")
            student = cells[columns["student"]] if columns["student"] < len(cells) else ""
            if not student:
                problems.append(f"{where}, column student: no student name or id; row not graded")
                ungradable += 1
                continue
            if "variant" in columns:
                code = cells[columns["variant"]] if columns["variant"] < len(cells) else ""
                if key.variant(code) is None:
                    known = ", ".join(sorted(key.variants))
                    problems.append(f"{where}, column variant: {code or 'an empty cell'} is not a variant of this paper "
                                    f"({known}); row not graded")
                    ungradable += 1
                    continue
                code = key.variant(code).code
            else:
                code = next(iter(key.variants))
            folded = " ".join(student.lower().split())
            if folded in seen:
                problems.append(f"{where}, column student: {student} is already at line {seen[folded]}; "
                                "row not graded")
                ungradable += 1
                continue
            seen[folded] = line
            answers = {n: (cells[c] if c < len(cells) else "") for n, c in questions.items()}
            rows.append(Row(line, student, code, answers))
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: not a readable CSV file ({exc})") from None
    if header is None:
        raise InputError(f"{path}: no header row; it needs student,variant,q1,q2,…")
    numbers = {q.number for v in key.variants.values() for q in v.questions}
    missing = sorted(numbers - set(questions))
    if missing:
        names = ", ".join(f"q{n}" for n in missing)
        problems.append(f"{path}:1: no column for {names}: those answers count as blank")
    return Answers(rows, problems, ungradable, missing)


def _columns(header: list[str], path: Path, key: Key, problems: list[str]) -> tuple[dict[str, int], dict[int, int]]:
    columns: dict[str, int] = {}
    questions: dict[int, int] = {}
    numbers = {q.number for v in key.variants.values() for q in v.questions}
    for k, name in enumerate(header):
        lower = name.strip().lower()
        match = QUESTION.match(lower)
        if lower in ("student", "variant"):
            if lower in columns:
                raise InputError(f"{path}:1, column {k + 1}: a second {lower} column")
            columns[lower] = k
        elif match:
            number = int(match.group(1))
            if number in questions:
                raise InputError(f"{path}:1, column {k + 1}: a second column for question {number}")
            if number not in numbers:
                problems.append(f"{path}:1, column {k + 1}: {name} is not a question of this paper (it has "
                                f"{len(numbers)}); ignored")
                continue
            questions[number] = k
        elif name.strip():
            problems.append(f"{path}:1, column {k + 1}: {name!r} is not a column quizrnn reads; ignored")
    if "student" not in columns:
        raise InputError(f"{path}:1: no student column; the header is student,variant,q1,q2,…")
    if "variant" not in columns and len(key.variants) > 1:
        raise InputError(f"{path}:1: no variant column, but the paper has {len(key.variants)} variants "
                         f"({', '.join(sorted(key.variants))})")
    return columns, questions
