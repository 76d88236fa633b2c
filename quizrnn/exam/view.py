"""What a mock exam shows: the questions under the clock, then the report. Only layout.

The questions and the feedback look as they do in practice (this view builds on
:class:`~quizrnn.practice.view.PracticeView`); what differs is the prompt with its clock,
the hand-in screen and the report.
"""

from __future__ import annotations

from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from quizrnn import grading
from quizrnn.bank import LETTERS
from quizrnn.practice.view import PracticeView
from quizrnn.render.values import plural, safe

ENDED = {
    "handed in": "Handed in.",
    "time": "The time ran out; the answers given by then were graded.",
    "end of input": "The answers ran out (end of input); the questions left are blank.",
    "interrupted": "Stopped (Ctrl-C); the answers given so far were graded.",
}


def clock(seconds: float) -> str:
    """12:05 or 1:02:05."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _points(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


class ExamView(PracticeView):
    def rules(self, count: int, minutes: float, interactive: bool) -> None:
        self.print(Rule(Text(f"Mock exam · {plural(count, 'question')} · "
                             f"{_points(minutes)} minute{'s' if minutes != 1 else ''}"), style="cyan"))
        lines = ["No feedback until the end: each answer is only checked for being readable.",
                 "At the prompt: b goes back a question (< at a multiple-choice question, where b is "
                 "the choice B), Enter keeps an answer already given, s leaves a question blank, "
                 "q hands the exam in."]
        if interactive:
            lines.append("After the last question you can go back to any question before handing in.")
        lines.append("When the time is up the exam ends and is graded.")
        for line in lines:
            self.print(Text(line, style="dim"))

    def question(self, number: int, total: int, question, earlier: str | None = None) -> None:  # type: ignore[override]
        super().question(number, total, question.shown_item(), question.variant)
        if question.kind == "interview":
            self.print(Text("Answer in a line: it is scored by the key points it makes.", style="dim"))
        if earlier is not None:
            self.print(Text.assemble(("Your answer so far: ", "bold"), safe(earlier), (" (Enter keeps it)", "dim")))

    def answer_prompt(self, question, remaining: float, answered: bool, can_go_back: bool) -> str:  # type: ignore[override]
        item = question.item
        keys = [f"A–{LETTERS[len(item.choices) - 1]}"] if question.kind == "mcq" else []
        keys += ["Enter keeps" if answered else "s blank"] + ([("< back" if question.kind == "mcq" else "b back")] if can_go_back else []) + ["q hand in"]
        return f"[{clock(remaining)} left] Your answer ({' · '.join(keys)}): "

    def hand_in_prompt(self, given: list[str | None], remaining: float) -> str:
        blank = [str(k + 1) for k, g in enumerate(given) if g is None]
        self.print()
        self.print(Rule(Text("End of the questions"), style="cyan"))
        if blank:
            self.print(Text(f"Left blank: {', '.join(blank)}.", style="yellow"))
        else:
            self.print(Text("Every question has an answer."))
        return f"[{clock(remaining)} left] Enter hands in · b back · 1–{len(given)} go to a question: "

    def not_understood(self, message: str) -> None:
        self.print(Text(f"✎ {message}.", style="yellow"))

    def time_up(self) -> None:
        self.print()
        self.print(Text("⏰ Time is up.", style="bold red"))

    # ------------------------------------------------------------------ report

    def report(self, marks, sitting, command: str, not_saved: int, problem: str) -> None:
        from quizrnn.exam.mark import by_topic

        self.print()
        self.print(Rule(Text("Mock exam: the answers"), style="cyan"))
        total = len(marks)
        for k, m in enumerate(marks, 1):
            self._marked(k, total, m)
        self.print()
        self.print(Rule(Text("Mock exam: the score"), style="cyan"))
        self.print(Text(ENDED[sitting.ended], style="dim"))
        rows = by_topic(marks)
        earned = sum(e for _, e, _ in rows.values())
        possible = sum(p for _, _, p in rows.values())
        table = Table(show_footer=True)
        table.add_column("Topic", footer="Total")
        table.add_column("Questions", justify="right", footer=str(total))
        table.add_column("Points", justify="right", footer=f"{_points(earned)} of {_points(possible)}")
        table.add_column("%", justify="right", footer=_pct(earned, possible))
        for topic, (n, e, p) in rows.items():
            table.add_row(topic, str(n), f"{_points(e)} of {_points(p)}", _pct(e, p))
        self.print(table)
        answered = sum(1 for m in marks if m.given is not None)
        self.print(Text(f"Score {_points(earned)} of {_points(possible)} points ({_pct(earned, possible)}) · "
                        f"{answered} of {total} answered · time {clock(sitting.used)} of {clock(sitting.allowed)}",
                        style="bold"))
        unchecked = [str(k) for k, m in enumerate(marks, 1) if m.given is not None and not m.counted]
        if unchecked:
            self.print(Text(f"Not in the score (judge them yourself): question {', '.join(unchecked)}.",
                            style="yellow"))
        if not_saved:
            self.print(Text(safe(f"⚠ {plural(not_saved, 'answer')} could not be saved: "
                                 f"{problem}"), style="bold red"))
        else:
            self.print(Text("Saved to your progress; quizrnn stats shows how each topic stands.", style="dim"))
        self.print(Text(safe(f"The same exam again: {command}"), style="dim"))

    def _marked(self, number: int, total: int, m) -> None:
        q = m.question
        item = q.shown_item()
        super().question(number, total, item, q.variant)
        worth = f"{_points(m.earned)} of {_points(q.points)} point{'s' if q.points != 1 else ''}"
        if m.given is None:
            self.print(Text.assemble(("Left blank", "bold yellow"), (f"  {worth}", "dim")))
            if q.kind == "interview":
                self.reveal(item, None)
            else:
                self._answer(item, q.variant, m.grade.expected)
            return
        self.print(Text.assemble(("Your answer: ", "bold"), safe(m.given)))
        if q.kind == "interview":
            label = {grading.CORRECT: ("✓ Every key point", "bold green"),
                     grading.PARTIAL: ("◐ Some key points", "bold yellow"),
                     grading.WRONG: ("✗ No key point", "bold red"),
                     grading.UNCHECKED: ("? Not scored", "bold yellow")}[m.grade.verdict]
            self.print(Text.assemble(label, (f"  {worth if m.counted else ''}", "dim")))
            self.reveal(item, m.covered)
            return
        self.graded(item, q.variant, m.grade)
        self.print(Text(worth, style="dim"))


def _pct(earned: float, possible: float) -> str:
    return f"{100 * earned / possible:.0f}%" if possible else "–"
