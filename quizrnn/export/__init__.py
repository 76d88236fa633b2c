"""``quizrnn export``: the bank in the tools people already use.

The items are chosen with the selection of every other command. Each numeric template
becomes ``--variants`` fixed variants, each its own question, numbered from the seed (0
unless ``--seed`` says otherwise, so that exporting again gives the same variants and Anki
notes are updated rather than duplicated). One module per format turns the questions into
a file: :mod:`.moodle` (Moodle XML), :mod:`.gift` (GIFT), :mod:`.qti` (a QTI 1.2 zip for
Canvas), :mod:`.anki` (an Anki deck). The HTML inside them all comes from
:mod:`quizrnn.render.lms`.

An item a format cannot express is left out and named (item and reason) with the rest
written; the command then exits with :data:`ExitCode.LEFT_OUT`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.select import Selection

FORMATS = {"moodle": ".xml", "gift": ".txt", "qti": ".zip", "anki": ".apkg"}
MAX_VARIANTS = 50
DEFAULT_SEED = 0


@dataclass
class Left:
    """An item left out of the file, and why."""

    item_id: str
    reason: str
    where: str = ""

    def line(self) -> str:
        return f"{self.where + ': ' if self.where else ''}{self.item_id}: left out: {self.reason}"


@dataclass
class Export:
    """The questions to write: each a paper Question (MCQ choices in bank order), grouped by item."""

    title: str
    questions: list = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    variants: int = 1
    seed: int = DEFAULT_SEED

    def label(self, q) -> str:
        """The question's name: the item id, with the variant's number and seed for a template."""
        return f"{q.item.id} #{q.draw} (seed {q.seed})" if q.seed is not None else q.item.id

    def uid(self, q) -> str:
        """A stable id: the item id, and the seed for a template's variant."""
        return f"{q.item.id}@{q.seed}" if q.seed is not None else q.item.id


def collect(selection: Selection, source=(), variants: int = 1, title: str = "quizrnn") -> Export:
    """Every matching item (all of them unless --count), templates drawn ``variants`` times."""
    from quizrnn import bank as bank_module
    from quizrnn.paper.model import DEFAULT_POINTS, Question
    from quizrnn.select import matching, variant_seed
    from quizrnn.templates import TemplateError, instantiate

    if not 1 <= variants <= MAX_VARIANTS:
        raise InputError(f"--variants must be from 1 to {MAX_VARIANTS}")
    bank = bank_module.load(source)
    items = matching(bank, selection)
    if selection.count is not None:
        items = items[:selection.count]
    seed = DEFAULT_SEED if selection.seed is None else selection.seed
    out = Export(title, variants=variants, seed=seed)
    for item in items:
        if item.type != "numeric":
            out.questions.append(Question(len(out.questions) + 1, item, DEFAULT_POINTS[item.type],
                                          order=tuple(range(len(item.choices)))))
            continue
        for k in range(1, variants + 1):
            vseed = variant_seed(seed, f"{item.id}#{k}")
            try:
                variant = instantiate(item, vseed)
            except TemplateError as exc:
                out.left.append(Left(item.id, f"seed {vseed}: {exc}", item.where))
                break
            out.questions.append(Question(len(out.questions) + 1, item, DEFAULT_POINTS["numeric"], seed=vseed,
                                          variant=variant, draw=k))
    return out


def write(fmt: str, export: Export) -> tuple[bytes, list[Left]]:
    """The file's bytes in a format, and the items the format could not express."""
    from importlib import import_module

    module = import_module(f"quizrnn.export.{fmt}")
    return module.write(export)


def output_path(fmt: str, output: str | None) -> Path:
    """-o FILE, or quizrnn.xml, .txt, .zip or .apkg in this folder (click refuses a folder for -o)."""
    return Path(output) if output is not None else Path(f"quizrnn{FORMATS[fmt]}")


def run(fmt: str, selection: Selection, source, variants: int, output: str | None, title: str) -> tuple[Path, int, list[Left]]:
    """Write the export; (the file, questions written, items left out)."""
    from quizrnn.files import write_output

    path = output_path(fmt, output)
    export = collect(selection, source, variants, title)
    data, left = write(fmt, export)
    left = export.left + left
    written = len(export.questions) - sum(1 for q in export.questions if any(x.item_id == q.item.id for x in left))
    if written == 0:
        raise InputError("nothing to write: every matching item was left out" +
                         (f" ({left[0].reason})" if left else ""))
    write_output(path, data)
    return path, written, left
