"""Rendering solutions in the terminal with Rich. Renderers print; they never compute.

Every number shown here was computed by a solver; this module only lays it out:
headings for groups of steps, then for each step its formula, the numbers put in
and the result, with small matrices as tables.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from rich.columns import Columns
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quizrnn.render.streams import is_terminal
from quizrnn.render.values import plural, safe
from solvers import numfmt
from solvers.solution import Solution, Step

INDENT = 4
RESULT = "bold"
ANSWER = "bold green"
DIM = "dim"


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Leave it to the command line to exit quietly (Rich itself would exit with status 1)."""
        self.quiet = True
        raise BrokenPipeError


def make_console(file=None, record: bool = False) -> Console:
    """A console that respects NO_COLOR and writes no colour codes into pipes."""
    return _Console(file=file or sys.stdout, highlight=False, no_color="NO_COLOR" in os.environ,
                    emoji=False, record=record)



@contextmanager
def session_console(stdin):
    """The console an interactive session talks on.

    Answers typed at a terminal while the output is redirected (``quizrnn practice >
    log.txt``) would mean answering blind: the questions then go to the terminal itself,
    and the file receives a plain transcript when the session ends.
    """
    if not is_terminal(stdin) or is_terminal(sys.stdout):
        yield make_console()
        return
    from quizrnn.errors import InputError
    from quizrnn.render.streams import clean

    screen, opened = None, None
    try:
        opened = open("/dev/tty", "w", encoding=getattr(sys.stderr, "encoding", None) or "utf-8")  # noqa: SIM115
        screen = opened
    except OSError:
        if is_terminal(sys.stderr):
            screen = sys.stderr
    if screen is None:
        raise InputError("the answers come from a terminal but the questions would not reach one; "
                         "run without redirecting the output, or pipe the answers in")
    console = make_console(clean(screen), record=True)
    try:
        yield console
    finally:
        if opened is not None:
            opened.close()
        sys.stdout.write(console.export_text())


def show_solution(solution: Solution, console: Console) -> None:
    """The title, then the working and the answer."""
    console.print(Text(safe(solution.title), style="bold"))
    show_working(solution, console)


def show_working(solution: Solution, console: Console, answer: bool = True) -> None:
    """The steps, grouped under headings, then the answer (unless told not to) and any notes."""
    if solution.kind == "model":
        console.print(summary_table(solution))
    group = None
    number = 0
    for step in solution.steps:
        if step.group != group:
            group = step.group
            if group:
                console.print()
                console.print(Text(safe(group), style="bold underline"))
        number += 1
        console.print(step_block(number, step))
    if answer:
        console.print()
        console.print(answer_text(solution))
    for note in solution.notes:
        console.print(Text(safe(f"Note: {note}"), style=DIM))


def step_block(number: int, step: Step):
    """One step: its title, then formula, substitution and result, indented (wrapped lines too)."""
    parts = [Text.assemble((f"{number:>2}. ", DIM), (safe(step.title), "bold"))]

    def indented(*pieces, style=""):
        return Padding(Text.assemble(*pieces, style=style), (0, 0, 0, INDENT))

    if step.formula:
        parts.append(indented(safe(step.formula), style="cyan"))
    sub_lines = safe(step.substitution).split("\n") if step.substitution else []
    result = None
    if step.result is not None:
        result = f"{safe(step.name)} = " if step.name else "= "
        result += numfmt.value(step.result)
    if len(sub_lines) == 1 and not step.formula and not step.name and result is not None:
        parts.append(indented(sub_lines[0] + " ", (result, RESULT)))
    else:
        for line in sub_lines:
            parts.append(indented(line))
        if result is not None:
            parts.append(indented((result, RESULT)))
    if step.note:
        parts.append(indented(safe(step.note), style=DIM))
    if step.shows:
        tables = [matrix_table(label, value) for label, value in step.shows]
        parts.append(Padding(Columns(tables, padding=(0, 2)), (0, 0, 0, INDENT)))
    return Group(*parts)


def matrix_table(label: str, value) -> Table:
    """A small matrix or vector as a table titled with its name."""
    rows = value.tolist() if hasattr(value, "tolist") else value
    if rows and not isinstance(rows[0], list):
        rows = [rows]
    table = Table(title=safe(label), show_header=False, box=None, padding=(0, 1), title_style="italic",
                  min_width=len(label))
    for _ in rows[0] if rows else []:
        table.add_column(justify="right")
    for row in rows:
        table.add_row(*(numfmt.short(v) for v in row))
    return table


def summary_table(solution: Solution) -> Table:
    """The Keras-style summary: layer (type), output shape, parameters."""
    table = Table(show_lines=False)
    table.add_column("Layer (type)")
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    for row in solution.details.get("layers", []):
        table.add_row(Text(safe(f"{row['name']} ({row['class']})")), Text(numfmt.value(_shape(row["output_shape"]))),
                      numfmt.integer(row["params"]))
    table.caption = f"Total params: {numfmt.integer(solution.answer)}"
    return table


def _shape(shape):
    if isinstance(shape, list):
        return "[" + ", ".join(numfmt.value(tuple(s)) for s in shape) + "]"
    if shape is None:
        return "?"
    return tuple(shape)


def answer_text(solution: Solution) -> Text:
    answer = solution.answer
    labels = solution.details.get("state_labels")
    if isinstance(answer, dict) and labels:
        lines = [Text("Answer: the final states, one per layer and direction (PyTorch's h_n order)", style=ANSWER)]
        width = max(len(label) for label in labels)
        for key, val in answer.items():
            for label, row in zip(labels, val):
                lines.append(Text(f"  {key} {label:<{width}} = {numfmt.value(row)}", style=ANSWER))
        return Text("\n").join(lines)
    if isinstance(answer, dict):
        lines = [Text("Answer", style=ANSWER)]
        for key, val in answer.items():
            lines.append(Text(f"  {key} = {numfmt.value(val)}", style=ANSWER))
        return Text("\n").join(lines)
    return Text(f"Answer: {numfmt.value(answer)}", style=ANSWER)


def solvers_table(rows: list[dict]) -> Table:
    """The solvers a template can call: name, arguments (optional in brackets), answer kind, summary."""
    table = Table(title="Solvers for numeric templates (solver: NAME, args: {...})")
    table.add_column("Solver", no_wrap=True)
    table.add_column("Arguments (optional in brackets)")
    table.add_column("Answer")
    table.add_column("Computes")
    for row in rows:
        args = ", ".join(row["required"] + [f"[{a}]" for a in row["optional"]])
        table.add_row(row["name"], Text(args), row["kind"], Text(row["summary"]))
    return table


def bank_stats_table(data: dict) -> Table:
    """Items per topic, by type and difficulty, with totals."""
    from quizrnn.topics import TOPICS, TYPES

    table = Table(title=f"Question bank: {data['total']} items", show_footer=True,
                  caption="D1–D3: difficulty 1 (recall) to 3 (analysis)")
    table.add_column("Topic", footer="Total", no_wrap=True)
    for t, label in zip(TYPES, ("MCQ", "Interview", "Numeric")):
        table.add_column(label, justify="right", footer=str(data["by_type"][t]))
    for d in (1, 2, 3):
        table.add_column(f"D{d}", justify="right", footer=str(data["by_difficulty"][str(d)]))
    table.add_column("All", justify="right", footer=str(data["total"]))
    for topic in TOPICS:
        by_type = data["by_topic_and_type"][topic]
        row = [topic] + [str(by_type[t]) for t in TYPES]
        row += [str(data["by_topic_and_difficulty"][topic][str(d)]) for d in (1, 2, 3)]
        row.append(str(data["by_topic"][topic]))
        table.add_row(*row)
    return table


def items_table(rows: list[dict]) -> Table:
    """One line per item: id, topic, kind, difficulty, the start of its question."""
    table = Table(box=None, padding=(0, 1))
    table.add_column("Id", no_wrap=True)
    table.add_column("Topic", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("D", justify="right")
    table.add_column("Question", no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(safe(row["id"]), row["topic"], row["type"], str(row["difficulty"]), Text(safe(row["question"])))
    table.caption = f"{len(rows)} item{'s' if len(rows) != 1 else ''}"
    return table


VERDICT_MARKS = {"correct": "✓", "partial": "◐", "wrong": "✗", "blank": "–", "unreadable": "?", "unchecked": "?",
                 "unmarked": "…"}


def grade_report(console: Console, report, stats: bool, plain: bool = False) -> None:
    """The class's results, then (with stats) the test and item analysis."""
    from rich import box

    table = Table(box=None if plain else box.ROUNDED, title=safe(report.key.title) or None,
                  show_edge=not plain, pad_edge=not plain)
    table.add_column("Student")
    table.add_column("Variant")
    table.add_column("Score", justify="right")
    table.add_column("%", justify="right")
    table.add_column("")
    for r in report.results:
        note = "" if r.complete else "not fully marked"
        table.add_row(Text(safe(r.student)), r.variant, f"{_points(r.total)} / {_points(r.points)}",
                      f"{r.percent:.0f}", note)
    console.print(table)
    line = f"{len(report.results)} student{'s' if len(report.results) != 1 else ''} graded"
    if report.ungradable:
        line += f", {report.ungradable} row{'s' if report.ungradable != 1 else ''} set aside (see the warnings)"
    console.print(line)
    if stats:
        item_analysis(console, report.items, report.test, plain)


def _points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(x) -> str:
    return "–" if x is None else f"{x:.0f}"


def item_analysis(console: Console, items, test, plain: bool = False) -> None:
    from rich import box

    console.print()
    console.print(Text("Test statistics", style="bold"))
    mean = "–" if test.mean is None else f"{test.mean:.1f}%"
    median = "–" if test.median is None else f"{test.median:.1f}%"
    sd = "–" if test.sd is None else f"{test.sd:.1f}%"
    alpha = "–" if test.alpha is None else f"{test.alpha:.2f}"
    console.print(f"  students {test.students} (fully marked {test.complete}) · mean {mean} · median {median} · "
                  f"standard deviation {sd} · {test.alpha_name} {alpha}")
    console.print(Text("Totals (students per 10% band)", style="bold"))
    peak = max(test.histogram) or 1
    for k, n in enumerate(test.histogram):
        bar = "█" * round(30 * n / peak)
        console.print(f"  {10 * k:>3}–{10 * k + 10:<3}% {bar} {n}")
    table = Table(box=None if plain else box.SIMPLE_HEAD, title="Item analysis", title_justify="left")
    for name, justify in (("No.", "right"), ("Item", "left"), ("Facility %", "right"), ("SD %", "right"),
                          ("Discrimination", "right"), ("Flags", "left")):
        table.add_column(name, justify=justify, overflow="fold", no_wrap=name == "Flags")
    for s in items:
        table.add_row(",".join(map(str, s.numbers)), safe(s.item), _pct(s.facility), _pct(s.sd),
                      _pct(s.discrimination), Text(", ".join(s.flags), style="yellow" if s.flags else ""))
    console.print(table)
    for s in items:
        lines = []
        if s.choices:
            total = sum(c["count"] for c in s.choices) or 1
            lines.append("choices picked: " + "; ".join(f"{c['text'][:30]} {c['count']} ({100 * c['count'] / total:.0f}%)"
                                                        for c in s.choices))
        if s.wrong:
            lines.append("common wrong answers: " + "; ".join(
                f"{w['answer'][:30]} ×{w['count']}" + (f" ({w['mistake']})" if w["mistake"] else "") for w in s.wrong))
        if lines:
            console.print(Text(safe(f"{','.join(map(str, s.numbers))}. {s.item}"), style="bold"))
            for line in lines:
                console.print(Padding(Text(safe(line)), (0, 0, 0, 4)))


SHADES = "·░▒▓█"


def bar(share: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def stats_view(console: Console, data: dict) -> None:
    """Mastery per topic, weekly accuracy, a 12-week heatmap, what is due, the streak, leeches."""
    from datetime import date

    totals = data["totals"]
    readiness = data["readiness"]["expected_score"]
    console.print(Text(f"Progress over {totals['seen']} of {plural(totals['items'], 'item')} seen, "
                       f"{plural(totals['answers'], 'answer')}, "
                       f"{totals['due_now']} due now", style="bold"))
    if readiness is not None:
        console.print(Text(f"Exam readiness: {100 * readiness:.0f}% expected on a random paper over "
                           f"{', '.join(data['topics_chosen']) or 'all topics'}", style="bold green"))
    width = 16 if console.width >= 80 else 8  # the bars, narrower on a narrow terminal
    table = Table(title="Mastery by topic (recall above 90% now)", title_justify="left", box=None, padding=(0, 1))
    table.add_column("Topic", no_wrap=True)
    table.add_column("Mastered", no_wrap=True)
    table.add_column("", justify="right")
    table.add_column("Unseen", justify="right")
    table.add_column("Accuracy", justify="right")
    for row in data["topics"]:
        accuracy = "–" if row["accuracy"] is None else f"{100 * row['accuracy']:.0f}%"
        table.add_row(row["topic"], Text(bar(row["mastery"], width), style="green"),
                      f"{row['mastered']}/{row['items']}", str(row["unseen"]), accuracy)
    console.print(table)
    weeks = data["weeks"]
    console.print(Text("Accuracy by week (oldest first)", style="bold"))
    for w in weeks:
        accuracy = w["accuracy"]
        shown = "–" if accuracy is None else f"{100 * accuracy:3.0f}% {bar(accuracy, width)}"
        console.print(f"  {w['week_start']}  {w['answers']:>4} answers  {shown}")
    console.print(Text("Activity, last 12 weeks (Monday at the top)", style="bold"))
    days = data["heatmap"]
    peak = max((d["answers"] for d in days), default=0) or 1
    start = date.fromisoformat(days[0]["date"]) if days else None
    for weekday in range(7):
        row = []
        for d in days:
            day = date.fromisoformat(d["date"])
            if day.weekday() != weekday:
                continue
            level = 0 if not d["answers"] else 1 + min(3, int(3 * d["answers"] / peak))
            row.append(SHADES[level] + " ")
        label = "MTWTFSS"[weekday]
        console.print(f"  {label} " + "".join(row))
    if start is not None:
        console.print(Text(f"    weeks from {start.isoformat()}: · none, ░ a few answers … █ the busiest day "
                           f"({peak})", style="dim"))
    days_due = data["due_next_7_days"]
    later = " · ".join(f"{d['date'][5:]} {d['due']}" for d in days_due[1:])
    console.print(Text(f"Due: today {days_due[0]['due']} ({totals['due_now']} now) · {later}"))
    streak = data["streak"]
    console.print(Text(f"Streak: {streak['current']} day{'s' if streak['current'] != 1 else ''} "
                       f"(longest {streak['longest']})"))
    if data["leeches"]:
        names = ", ".join(f"{safe(x['item'])} ({x['failed']}×)" for x in data["leeches"])
        console.print(Text(f"Leeches (failed 8 times or more; rethink these): {names}", style="yellow"))


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def progress_place(console: Console, place) -> None:
    """``quizrnn progress where``: the folder, its progress files and what the file holds."""
    console.print(Text.assemble(("Data folder: ", "bold"), safe(str(place.folder))))
    if not place.files:
        console.print(Text("No progress saved yet: the file is made with your first answer.", style=DIM))
        return
    table = Table(box=None, padding=(0, 2, 0, 0))
    table.add_column("File")
    table.add_column("Size", justify="right")
    for path, size in place.files:
        table.add_row(safe(path.name), _size(size))
    console.print(table)
    if place.problem:
        console.print(Text(safe(place.problem), style="bold red"))
    elif place.answers is not None:
        console.print(Text(f"{plural(place.answers, 'answer')}, {plural(place.cards, 'card')}."))
