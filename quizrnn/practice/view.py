"""What a practice session shows. Only layout: every value was computed elsewhere.

Text that comes from the bank or from the student goes through
:func:`quizrnn.render.values.safe`, so no item and no answer can send control sequences
to the terminal.
"""

from __future__ import annotations

from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from quizrnn import grading, render
from quizrnn.bank import LETTERS, Item
from quizrnn.render.values import answer as answer_text
from quizrnn.render.values import reflow, safe

TYPE_NAMES = {"mcq": "multiple choice", "interview": "interview", "numeric": "numeric"}
KIND_HELP = {
    "integer": "a whole number",
    "real": "a number",
    "vector": "a vector, its components in brackets: [a, b, …]",
    "matrix": "a matrix, row by row: [[a, b], [c, d]]",
    "formula": "a formula in {symbols}, written like 2n(n + 3d)",
    "shape": "a shape such as (None, T, units), None for the batch",
    "choice": "one of the words offered",
}
VERDICTS = {
    grading.CORRECT: ("✓ Correct", "bold green"),
    grading.PARTIAL: ("◐ Partly right", "bold yellow"),
    grading.WRONG: ("✗ Not right", "bold red"),
    grading.UNCHECKED: ("? Could not check", "bold yellow"),
}


def text(value: str, style: str = "") -> Text:
    """Bank or typed text, reflowed, with control characters made visible."""
    return Text(safe(reflow(value)), style=style)


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
        self.print(text(variant.prompt if variant is not None else item.question))
        if item.type == "mcq":
            self.print()
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            for k, choice in enumerate(item.choices):
                grid.add_row(Text(f"  {LETTERS[k]})", style="bold"), text(choice.text))
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
            helptext = KIND_HELP[kind].format(symbols=" and ".join(item.answer.symbols or ("n", "d")))
            self.print(Text(safe(f"Answer with {helptext}{extra}."), style="dim"))

    @staticmethod
    def _keys(item: Item, hint: str, can_undo: bool, first: str = "") -> str:
        keys = [first] if first else []
        if hint:
            keys.append("? hint")
        keys += ["s skip"] + (["u undo last"] if can_undo else []) + ["q quit"]
        return " · ".join(keys)

    def answer_prompt(self, item: Item, variant=None, can_undo: bool = False) -> str:
        hint = variant.hint if variant is not None else item.hint
        first = f"A–{LETTERS[len(item.choices) - 1]}" if item.type == "mcq" else ""
        return f"Your answer ({self._keys(item, hint, can_undo, first)}): "

    def interview_prompt(self, item: Item, can_undo: bool = False) -> str:
        return (f"Your answer in a line, or Enter to see the model answer "
                f"({self._keys(item, item.hint, can_undo)}): ")

    def self_grade_prompt(self, suggested: str | None = None) -> str:
        if suggested:
            return f"How did you do? 1 again · 2 hard · 3 good · 4 easy (Enter: {suggested}): "
        return "How did you do? 1 again · 2 hard · 3 good · 4 easy: "

    def hint(self, item: Item, variant=None) -> bool:
        """Show the hint; True when there was one (a hint used counts when rating the answer)."""
        hint = variant.hint if variant is not None else item.hint
        if hint:
            self.print(text(f"Hint: {hint}", "italic"))
            return True
        self.print(Text("No hint for this one.", style="dim"))
        return False

    def unreadable(self, grade) -> None:
        message = grade.message[:1].upper() + grade.message[1:]
        self.print(Text(safe(f"✎ {message.rstrip('.')}. Try again."), style="yellow"))

    def too_long(self) -> None:
        self.print(Text("✎ That line is too long to be an answer. Try again.", style="yellow"))

    # ------------------------------------------------------------------ feedback

    def graded(self, item: Item, variant, grade) -> None:
        label, style = VERDICTS[grade.verdict]
        score = "" if grade.score is None else f"  score {grade.score:.2f}"
        self.print(Text.assemble((label, style), (score, "dim")))
        if grade.message:
            self.print(text(grade.message))
        if grade.mistake:
            self.print(Text.assemble(("Mistake: ", "bold yellow"), (safe(grade.mistake), "yellow")))
        if grade.feedback:
            self.print(text(grade.feedback, "yellow"))
        self._answer(item, variant, grade.expected)

    def skipped(self, item: Item, variant) -> None:
        self.print(Text("Skipped.", style="dim"))
        if item.type == "interview":
            self.reveal(item, None)
            return
        expected = answer_text(item.answer.kind, variant.expected, item.answer) if variant is not None else ""
        self._answer(item, variant, expected)

    def _answer(self, item: Item, variant, expected: str) -> None:
        if item.type == "mcq":
            for k in item.answers:
                self.print(Text.assemble(("Answer: ", "bold"), safe(f"{LETTERS[k]}) {item.choices[k].text}")))
        else:
            self.print(Text.assemble(("Answer: ", "bold"), safe(expected)))
        explanation = variant.explanation if variant is not None else item.explanation
        if explanation:
            self.print(text(explanation, "italic"))
        if variant is not None:
            self.print()
            self.print(Text("Worked solution", style="bold underline"))
            render.show_working(variant.solution, self.console, answer=False)

    def reveal(self, item: Item, covered: list[bool] | None) -> None:
        """The model answer and the key points; ticked where a typed answer made them."""
        self.print()
        self.print(Text("Model answer", style="bold underline"))
        self.print(text(item.model_answer))
        self.print()
        if covered is None:
            self.print(Text("Key points: compare your answer with these", style="bold"))
        else:
            found = sum(covered)
            self.print(Text(f"Key points: your answer makes {found} of {len(covered)} (✓ found, ☐ not found)",
                            style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for k, point in enumerate(item.key_points):
            mark = "✓" if covered is not None and covered[k] else "☐"
            grid.add_row(Text(f"  {mark}", style="green" if mark == "✓" else ""), text(point.text))
        self.print(grid)

    def self_graded(self, rating: str) -> None:
        self.print(Text(f"Saved as {rating}.", style="dim"))

    def nothing_to_ask(self) -> None:
        self.print(Text("Nothing to ask: no items match the filters.", style="yellow"))

    def fewer_than_asked(self, found: int, selection) -> None:
        filters = selection.describe()
        which = "" if filters == "the filters" else f" {filters}"
        verb = "match" if found != 1 else "matches"
        self.print(Text(f"Only {found} item{'s' if found != 1 else ''} {verb}{which}; "
                        f"asking {'those' if found != 1 else 'that one'}.", style="yellow"))

    def nothing_due(self, next_due, when, unseen: int, limit: int, introduced: int) -> None:
        """Nothing to review: when the next item is due, and what else can be done."""
        lines = ["Nothing is due for review now."]
        if next_due is not None:
            lines.append(f"The next item is due {_when(next_due, when)}.")
        if unseen and limit == 0:
            lines.append("New items are off (--new 0); quizrnn review --new 20 brings some.")
        elif unseen and introduced >= limit:
            lines.append(f"You have started today's {limit} new items; quizrnn review --new {limit + 10} brings "
                         "more, and quizrnn practice drills any items now.")
        elif not unseen:
            lines.append("You have seen every item; quizrnn practice --cram drills them again now.")
        self.print(Text(" ".join(lines), style="yellow"))

    def confirm(self, prompt: str, stdin) -> bool:
        try:
            answer = self.console.input(prompt, markup=False)
        except EOFError:
            return False
        return answer.strip().lower() in ("y", "yes")

    def nothing_to_undo(self) -> None:
        self.print(Text("Nothing to undo yet.", style="dim"))

    def undone(self, item: Item) -> None:
        self.print(Text(safe(f"Undone: your last answer ({item.id}) is taken back; here it is again."),
                        style="yellow"))

    def store_problem(self, problem: str) -> None:
        self.print(Text(safe(f"⚠ {problem}. Answers are kept for this session and saved if the file "
                             "becomes writable."), style="bold red"))

    def store_warning(self, warning: str) -> None:
        self.print(Text(safe(f"⚠ {warning}"), style="yellow"))

    def bank_problem(self, message: str) -> None:
        self.print(Text(safe(f"⚠ {message} (this item is left out)"), style="bold red"))

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
                self.print(Padding(Text(safe(f"{r.item.id}: {first}")), (0, 0, 0, 2)))
        if summary.not_saved:
            self.print(Text(safe(f"⚠ {summary.not_saved} answer{'s' if summary.not_saved != 1 else ''} "
                                 f"could not be saved: {summary.store_problem}"), style="bold red"))
        if summary.replay:
            self.print(Text(safe(f"Same questions and numbers again: {summary.replay}"), style="dim"))


def _when(due, now) -> str:
    """'in 3 h 12 min (today 15:40)', 'tomorrow at 09:12', 'on Mon 2 Mar at 09:12'."""
    delta = due - now
    local = due.astimezone()
    clock = local.strftime("%H:%M")
    if delta.total_seconds() <= 0:
        return "now"
    days = (local.date() - now.astimezone().date()).days
    minutes = int(delta.total_seconds() // 60)
    soon = f"in {minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"in {minutes} min"
    if days == 0:
        return f"{soon} (today at {clock})"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"in {days} days, on {local.strftime('%a %d %b')} at {clock}"


def _is_matrix(value) -> bool:
    return (isinstance(value, list) and len(value) >= 2 and all(isinstance(r, list) for r in value)
            and all(isinstance(v, (int, float)) for r in value for v in r))
