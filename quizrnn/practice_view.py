"""What a practice session shows. Only layout: every value was computed elsewhere."""

from __future__ import annotations

from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from quizrnn import grading, render
from quizrnn.bank import LETTERS, Item

TYPE_NAMES = {"mcq": "multiple choice", "interview": "interview", "numeric": "numeric"}
KIND_HELP = {
    "integer": "a whole number",
    "real": "a number",
    "vector": "a vector such as [0.12, 0.34]",
    "matrix": "a matrix such as [[1, 2], [3, 4]]",
    "formula": "a formula such as 4n(n + d + 1)",
    "shape": "a shape such as (None, 10, 64)",
    "choice": "one of the words offered",
}
VERDICTS = {
    grading.CORRECT: ("✓ Correct", "bold green"),
    grading.PARTIAL: ("◐ Partly right", "bold yellow"),
    grading.WRONG: ("✗ Not right", "bold red"),
    grading.UNCHECKED: ("? Could not check", "bold yellow"),
}


class PracticeView:
    def __init__(self, console):
        self.console = console

    def print(self, *args, **kwargs) -> None:
        self.console.print(*args, **kwargs)

    # ------------------------------------------------------------------ asking

    def question(self, number: int, total: int, item: Item, variant) -> None:
        dots = "●" * item.difficulty + "○" * (3 - item.difficulty)
        self.print()
        self.print(Rule(Text(f"Question {number} of {total} · {item.topic} · {TYPE_NAMES[item.type]} · {dots}"),
                        style="cyan"))
        text = variant.prompt if variant is not None else item.question
        self.print(Text(reflow(text)))
        if item.type == "mcq":
            self.print()
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            for k, choice in enumerate(item.choices):
                grid.add_row(Text(f"  {LETTERS[k]})", style="bold"), Text(reflow(choice.text)))
            self.print(grid)
            if item.multi:
                self.print(Text("  (choose every right answer, e.g. A, C)", style="dim"))
        if variant is not None:
            tables = [render.matrix_table(name, value) for name, value in variant.values.items()
                      if _is_matrix(value) and f"{{{name}}}" in item.prompt]
            if tables:
                from rich.columns import Columns

                self.print(Columns(tables, padding=(0, 3)))
        if item.type == "numeric":
            kind = item.answer.kind
            extra = f": {', '.join(item.answer.choices)}" if kind == "choice" else ""
            self.print(Text(f"Answer with {KIND_HELP[kind]}{extra}.", style="dim"))

    def answer_prompt(self, item: Item) -> str:
        if item.type == "mcq":
            last = LETTERS[len(item.choices) - 1]
            return f"Your answer (A–{last} · ? hint · s skip · q quit): "
        return "Your answer (? hint · s skip · q quit): "

    def interview_prompt(self) -> str:
        return "Your answer in a line, or Enter to see the model answer (s skip · q quit): "

    def self_grade_prompt(self) -> str:
        return "How did you do? 1 again · 2 hard · 3 good · 4 easy: "

    def hint(self, item: Item, variant=None) -> None:
        hint = variant.hint if variant is not None else item.hint
        if hint:
            self.print(Text(f"Hint: {hint}", style="italic"))
        else:
            self.print(Text("No hint for this one.", style="dim"))

    def unreadable(self, grade) -> None:
        self.print(Text(f"✎ {grade.message.capitalize()}. Try again.", style="yellow"))

    # ------------------------------------------------------------------ feedback

    def graded(self, item: Item, variant, grade) -> None:
        label, style = VERDICTS[grade.verdict]
        score = "" if grade.score is None else f"  score {grade.score:.2f}"
        self.print(Text.assemble((label, style), (score, "dim")))
        if grade.message:
            self.print(Text(grade.message))
        if grade.mistake:
            self.print(Text.assemble(("Mistake: ", "bold yellow"), (grade.mistake, "yellow")))
        if grade.feedback:
            self.print(Text(reflow(grade.feedback), style="yellow"))
        self._answer(item, variant, grade.expected)

    def skipped(self, item: Item, variant) -> None:
        self.print(Text("Skipped.", style="dim"))
        if item.type == "interview":
            self.reveal(item)
            return
        expected = grading.show_answer(item.answer.kind, variant.expected) if variant is not None else ""
        self._answer(item, variant, expected)

    def _answer(self, item: Item, variant, expected: str) -> None:
        if item.type == "mcq":
            for k in item.answers:
                self.print(Text.assemble(("Answer: ", "bold"), f"{LETTERS[k]}) {item.choices[k].text}"))
        else:
            self.print(Text.assemble(("Answer: ", "bold"), expected))
        explanation = variant.explanation if variant is not None else item.explanation
        if explanation:
            self.print(Text(reflow(explanation), style="italic"))
        if variant is not None:
            self.print()
            self.print(Text("Worked solution", style="bold underline"))
            render.show_working(variant.solution, self.console, answer=False)

    def reveal(self, item: Item) -> None:
        self.print()
        self.print(Text("Model answer", style="bold underline"))
        self.print(Text(reflow(item.model_answer)))
        self.print()
        self.print(Text("Key points: tick the ones your answer made", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for point in item.key_points:
            grid.add_row("  ☐", Text(point))
        self.print(grid)

    def self_graded(self, rating: str) -> None:
        self.print(Text(f"Saved as {rating}.", style="dim"))

    def nothing_to_ask(self) -> None:
        self.print(Text("Nothing to ask: no items match the filters.", style="yellow"))

    # ------------------------------------------------------------------ summary

    def summary(self, summary) -> None:
        self.print()
        self.print(Rule("Session summary", style="cyan"))
        if summary.stopped:
            self.print(Text(f"Stopped: {summary.stopped}.", style="dim"))
        table = Table(show_footer=True)
        table.add_column("Topic", footer="Total")
        rows = summary.by_topic()
        answered = sum(n for n, _ in rows.values())
        points = sum(s for _, s in rows.values())
        table.add_column("Answered", justify="right", footer=str(answered))
        table.add_column("Score", justify="right", footer=f"{points:.1f}")
        table.add_column("%", justify="right", footer=f"{100 * points / answered:.0f}%" if answered else "–")
        for topic, (n, s) in sorted(rows.items()):
            table.add_row(topic, str(n), f"{s:.1f}", f"{100 * s / n:.0f}%")
        self.print(table)
        skipped = sum(1 for r in summary.results if r.grade.verdict == grading.SKIPPED)
        minutes, seconds = divmod(int(round(summary.seconds)), 60)
        self.print(Text(f"{len(summary.results)} of {summary.planned} questions taken"
                        f"{f', {skipped} skipped' if skipped else ''} · time {minutes}:{seconds:02d}"))
        if summary.missed:
            self.print(Text("To look at again:", style="bold"))
            for r in summary.missed:
                first = " ".join((r.prompt or r.item.question).split())
                room = max(20, self.console.width - len(r.item.id) - 5)
                if len(first) > room:
                    first = first[:room - 1] + "…"
                self.print(Text(f"  {r.item.id}: {first}"))
        self.print(Text(f"Same questions and numbers again: --seed {summary.seed}", style="dim"))


def reflow(text: str) -> str:
    """Prose with its hard line breaks joined, so the terminal wraps it to its own width.

    Blank lines stay, and a paragraph with indented lines (code) is kept exactly as written.
    """
    out = []
    for paragraph in text.strip("\n").split("\n\n"):
        lines = paragraph.split("\n")
        if any(line[:1].isspace() for line in lines):
            out.append(paragraph.rstrip())
        else:
            out.append(" ".join(" ".join(lines).split()))
    return "\n\n".join(p for p in out if p)


def _is_matrix(value) -> bool:
    return (isinstance(value, list) and len(value) >= 2 and all(isinstance(r, list) for r in value)
            and all(isinstance(v, (int, float)) for r in value for v in r))
