"""``quizrnn grade``: grade a class's answers against a paper's key, with item analysis and
feedback for every student.

The pieces: :mod:`quizrnn.grade.key` reads the key, :mod:`quizrnn.grade.answers` the CSV,
:mod:`quizrnn.grade.score` grades each answer with the practice grader, and
:mod:`quizrnn.grade.analysis` computes the statistics. This module wires them together and
writes the outputs; the renderers lay them out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from quizrnn.errors import ExitCode, InputError
from quizrnn.files import write_output

FORMATS = ("table", "csv", "json")


@dataclass
class Report:
    key: object
    results: list
    problems: list[str]
    ungradable: int
    missing: list[int]
    items: list
    test: object


def grade(key_path: str, answers_path: str, source=()) -> Report:
    from quizrnn import bank as bank_module
    from quizrnn.grade import analysis, answers, key as keys, score

    bank = bank_module.load(source)
    key = keys.load(Path(key_path), bank)
    read = answers.read(Path(answers_path), key)
    results = score.grade_rows(key, read.rows)
    problems = list(read.problems)
    for result in results:
        for cell in result.cells:
            if cell.verdict == "unchecked":
                problems.append(f"{answers_path}:{result.line}, column q{cell.number}: {cell.message}")
            elif cell.verdict == "unmarked" and cell.given:
                problems.append(f"{answers_path}:{result.line}, column q{cell.number}: {cell.message}")
    return Report(key, results, problems, read.ungradable, read.missing, analysis.items(key, results),
                  analysis.test(results))


def run(key_path: str, answers_path: str, source=(), fmt: str = "table", output: str | None = None,
        feedback_dir: str | None = None, feedback_format: str = "md", stats: bool = False) -> int:
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}")
    report = grade(key_path, answers_path, source)
    for line in report.problems:
        print(f"warning: {line}", file=sys.stderr)
    if fmt == "table":
        text = None
        if output:
            text = _table_text(report, stats)
        else:
            from quizrnn.render.terminal import grade_report, make_console

            console = make_console()
            grade_report(console, report, stats, plain=not console.is_terminal)
    elif fmt == "csv":
        text = results_csv(report)
    else:
        text = json.dumps(report_data(report), indent=1, ensure_ascii=False) + "\n"
    if fmt != "table" or output:
        if output:
            write_output(Path(output), text.encode("utf-8"))
        else:
            sys.stdout.write(text)
    if feedback_dir:
        written = write_feedback(report, Path(feedback_dir), feedback_format)
        print(f"wrote {written} feedback file{'s' if written != 1 else ''} in {feedback_dir}", file=sys.stderr)
    return ExitCode.ERROR if report.ungradable or report.missing else ExitCode.OK


def _table_text(report: Report, stats: bool) -> str:
    from quizrnn.render.terminal import grade_report, make_console

    buffer = io.StringIO()
    console = make_console(buffer)
    console.width = 120
    grade_report(console, report, stats, plain=True)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def results_csv(report: Report) -> str:
    numbers = sorted({c.number for r in report.results for c in r.cells})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["student", "variant", "total", "points", "percent", "fully_marked"]
    for n in numbers:
        header += [f"q{n}_score", f"q{n}_verdict", f"q{n}_mistake"]
    writer.writerow(header)
    for r in report.results:
        cells = {c.number: c for c in r.cells}
        row = [r.student, r.variant, _num(r.total), _num(r.points), f"{r.percent:.1f}", "yes" if r.complete else "no"]
        for n in numbers:
            c = cells.get(n)
            row += ["" if c is None or c.score is None else _num(c.score), "" if c is None else c.verdict,
                    "" if c is None else (c.mistake or "")]
        writer.writerow(row)
    return buffer.getvalue()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def report_data(report: Report) -> dict:
    from quizrnn import __version__
    from quizrnn.grade.analysis import as_data

    students = [{"student": r.student, "variant": r.variant, "total": r.total, "points": r.points,
                 "percent": round(r.percent, 2), "fully_marked": r.complete,
                 "questions": [{"number": c.number, "item": c.item, "answer": c.given, "points": c.points,
                                "score": c.score, "verdict": c.verdict, "mistake": c.mistake,
                                "message": c.message} for c in r.cells]} for r in report.results]
    return {"quizrnn": __version__, "title": report.key.title, "key": report.key.path, "students": students,
            "problems": report.problems, "stats": as_data(report.items, report.test)}


def _file_name(student: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"
    name, k = base, 2
    while name.lower() in taken:
        name, k = f"{base}-{k}", k + 1
    taken.add(name.lower())
    return name


def write_feedback(report: Report, folder: Path, fmt: str = "md") -> int:
    """One file per student: each question with the answer given, the verdict, the mistake it
    matched and, for every question not fully right, the worked answer."""
    if fmt not in ("md", "pdf"):
        raise InputError("--feedback-format must be md or pdf")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--feedback {folder}: cannot make the folder ({exc.strerror})") from None
    taken: set[str] = set()
    files: dict[Path, bytes] = {}
    for result in report.results:
        variant = report.key.variants[result.variant]
        name = _file_name(result.student, taken)
        if fmt == "md":
            from quizrnn.render.markdown import feedback_document

            files[folder / f"{name}.md"] = feedback_document(report.key.title, result, variant).encode("utf-8")
        else:
            from quizrnn.render.typst import compile_pdf, feedback_document

            try:
                files[folder / f"{name}.pdf"] = compile_pdf(feedback_document(report.key.title, result, variant))
            except Exception as exc:  # noqa: BLE001 - Typst reports errors as its own type
                raise InputError(f"the feedback of {result.student} could not be typeset: "
                                 f"{str(exc).splitlines()[0] if str(exc) else exc}") from None
    from quizrnn.files import write_all

    write_all(files)
    return len(files)
