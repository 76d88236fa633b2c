"""``quizrnn paper``: printable problem sets with a different variant per student and a key.

Writes FILE (PDF through Typst, Markdown, or JSON) and, beside it, always ``FILE-key.<same
format>`` with per variant an answer table and the worked answers, and ``FILE-key.json``,
the machine key ``quizrnn grade`` reads. Everything is written to temporary files first and
moved into place together, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.paper.model import SOLUTIONS, Paper
from quizrnn.render.streams import is_terminal
from quizrnn.select import Selection

FORMATS = ("pdf", "md", "json")


@dataclass
class Request:
    output: str
    format: str | None = None
    title: str = ""
    blueprint: str | None = None
    variants: int = 1
    shuffle_questions: bool = False
    solutions: str = "back"


def outputs_for(output: str, fmt: str | None) -> tuple[str, dict[str, Path]]:
    """The format and the three files: the paper, its key in the same format, and the JSON key."""
    path = Path(output)
    suffix = path.suffix.lower().lstrip(".")
    fmt = fmt or ("md" if suffix == "markdown" else suffix)
    if fmt not in FORMATS:
        raise InputError(f"-o {output}: choose a .pdf, .md or .json file, or give --format pdf, md or json")
    stem = path.with_suffix("") if suffix in FORMATS + ("markdown",) else path
    files = {"paper": path if suffix else path.with_suffix("." + fmt),
             "key": stem.parent / f"{stem.name}-key.{fmt}", "key.json": stem.parent / f"{stem.name}-key.json"}
    if fmt == "json":
        files.pop("key")
    folder = files["paper"].parent
    if not folder.exists():
        raise InputError(f"-o {output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"-o {output}: cannot write in {folder} (permission denied)")
    for role, file in files.items():
        if file.is_dir():
            raise InputError(f"-o {output}: {file} is a folder")
    return fmt, files


def default_title(selection: Selection) -> str:
    if selection.topics:
        return f"Recurrent networks: {', '.join(selection.topics)}"
    return "Recurrent networks: problem set"


def make(selection: Selection, source, request: Request, debug: bool = False) -> dict[str, Path]:
    """Build the paper and write its files; returns them by role."""
    from quizrnn import bank as bank_module
    from quizrnn.paper import blueprint as blueprints
    from quizrnn.paper.build import build, plan_from_selection

    if request.solutions not in SOLUTIONS:
        raise InputError(f"--solutions must be one of {', '.join(SOLUTIONS)}")
    fmt, files = outputs_for(request.output, request.format)
    bank = bank_module.load(source)
    if request.blueprint:
        plan = blueprints.load(Path(request.blueprint))
        if request.title:
            plan.title = request.title
    else:
        plan = plan_from_selection(selection, request.title or default_title(selection))
    seed = selection.seed if selection.seed is not None else random.SystemRandom().randrange(10**6)
    with _progress(request.variants) as advance:
        paper = build(bank, plan, seed, request.variants, request.shuffle_questions, request.solutions,
                      progress=advance)
        contents = render(paper, fmt, debug)
    from quizrnn.paper.key import key_json

    contents["key.json"] = key_json(paper).encode("utf-8")
    from quizrnn.files import write_all

    write_all({files[role]: data for role, data in contents.items()})
    return files


def render(paper: Paper, fmt: str, debug: bool = False) -> dict[str, bytes]:
    if fmt == "md":
        from quizrnn.render import markdown

        return {"paper": markdown.paper_document(paper).encode("utf-8"),
                "key": markdown.key_document(paper).encode("utf-8")}
    if fmt == "json":
        return {"paper": (json.dumps(paper_data(paper), indent=1, ensure_ascii=False) + "\n").encode("utf-8")}
    from quizrnn.render import typst

    return {"paper": _compile(typst.paper_document(paper), paper, "paper", debug),
            "key": _compile(typst.key_document(paper), paper, "key", debug)}


def _compile(source: str, paper: Paper, what: str, debug: bool) -> bytes:
    from quizrnn.render import typst

    try:
        return typst.compile_pdf(source)
    except Exception as exc:  # noqa: BLE001 - Typst reports its errors as its own exception type
        if debug:
            raise
        raise InputError(_typst_failure(paper, what, exc)) from None


def _typst_failure(paper: Paper, what: str, exc: Exception) -> str:
    """Which question Typst could not typeset (found by setting each one alone)."""
    from quizrnn.render import typst

    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    preamble = typst._preamble(paper.title, "")
    for variant in paper.variants:
        for q in variant.questions:
            body = typst.question(q, paper.solutions == "inline") if what == "paper" else typst.worked(q)
            try:
                typst.compile_pdf(preamble + "\n\n" + body)
            except Exception:  # noqa: BLE001
                return (f"the {what} could not be typeset at question {q.number} ({q.item.id}, variant "
                        f"{variant.code}): {first}; run with --debug for Typst's own message")
    return f"the {what} could not be typeset: {first}; run with --debug for Typst's own message"


def paper_data(paper: Paper) -> dict:
    """The paper as data for machines: what each student sees, without the answers."""
    from quizrnn import __version__
    from quizrnn.paper.key import _plain

    def one(q):
        data = {"number": q.number, "item": q.item.id, "kind": q.kind, "points": q.points, "section": q.section,
                "prompt": q.prompt}
        if q.kind == "mcq":
            data["choices"] = [c.text for c in q.choices]
            data["multi"] = q.item.multi
        if q.kind == "numeric":
            data["values"] = _plain(q.variant.values)
            data["answer_kind"] = q.item.answer.kind
        return data

    return {"quizrnn": __version__, "title": paper.title, "instructions": paper.instructions, "seed": paper.seed,
            "variants": [{"code": v.code, "questions": [one(q) for q in v.questions]} for v in paper.variants]}


class _NoProgress:
    def __enter__(self):
        return lambda: None

    def __exit__(self, *exc):
        return False


def _progress(total: int):
    """A progress bar on a terminal for many variants; nothing at all otherwise."""
    if total < 3 or not is_terminal(sys.stderr):
        return _NoProgress()
    from rich.progress import Progress

    from quizrnn.render.terminal import make_console

    class Bar:
        def __enter__(self):
            self.progress = Progress(console=make_console(sys.stderr), transient=True)
            self.progress.__enter__()
            task = self.progress.add_task("Building variants", total=total)
            return lambda: self.progress.advance(task)

        def __exit__(self, *exc):
            return self.progress.__exit__(*exc)

    return Bar()

