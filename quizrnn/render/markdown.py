"""Papers and keys as Markdown, for people who paste them into other tools.

The same content as the PDF: math as TeX between ``$ … $`` (GitHub, Obsidian, Jupyter and
most Markdown tools render it), code spans kept, Markdown's own characters escaped in prose.
"""

from __future__ import annotations

import re

from quizrnn.bank import LETTERS
from quizrnn.render.notation import to_tex
from quizrnn.render.notation import value_tex as value
from quizrnn.render.values import paragraphs, pieces, safe
from solvers import numfmt

SPECIAL = re.compile(r"([\\*_<>#|$`])")


def escape(text: str) -> str:
    return SPECIAL.sub(r"\\\1", safe(text))


def inline(text: str) -> str:
    write = {"text": escape, "code": lambda t: f"`{t}`", "math": lambda t: f"${to_tex(t)}$"}
    return "".join(write[kind](piece) for kind, piece in pieces(text))


def prose(text: str) -> str:
    return "\n\n".join(f"```python\n{body}\n```" if kind == "code" else inline(body)
                       for kind, body in paragraphs(text))


def math(notation: str) -> str:
    return f"${to_tex(safe(notation))}$"


def solution(sol) -> str:
    out = []
    if sol.kind == "model" and sol.details.get("layers"):
        out.append("| Layer (type) | Output shape | Param # |\n|---|---|---:|")
        out[-1] += "".join(f"\n| {escape(r['name'])} ({escape(r['class'])}) | {escape(str(r['output_shape']))} | "
                           f"{numfmt.integer(r['params'])} |" for r in sol.details["layers"])
    group = None
    for k, st in enumerate(sol.steps, 1):
        if st.group != group:
            group = st.group
            if group:
                out.append(f"*{inline(group)}*")
        lines = [f"{k}. **{inline(st.title)}**"]
        if st.formula:
            lines.append(f"   {math(st.formula)}")
        for line in (st.substitution or "").split("\n"):
            if line.strip():
                lines.append(f"   {math(line)}")
        if st.result is not None:
            name = to_tex(safe(st.name)) + " = " if st.name else "= "
            lines.append(f"   ${name}{value(st.result)}$")
        if st.note:
            lines.append(f"   *{inline(st.note)}*")
        if st.shows:
            lines.append("   " + ", ".join(f"${to_tex(label)} = {value(v)}$" for label, v in st.shows))
        out.append("  \n".join(lines))
    for note in sol.notes:
        out.append(f"*Note: {inline(note)}*")
    return "\n\n".join(out)


def _points(p: float) -> str:
    text = str(int(p)) if float(p).is_integer() else f"{p:g}"
    return f"{text} point{'s' if p != 1 else ''}"


def question(q, inline_solution: bool = False) -> str:
    parts = [f"**{q.number}.** ({_points(q.points)}) {prose(q.printed_prompt())}"]
    if q.kind == "mcq":
        parts.append("\n".join(f"- [ ] {LETTERS[k]}) {inline(c.text)}" for k, c in enumerate(q.choices)))
        if q.item.multi:
            parts.append("*Tick every right answer.*")
    elif q.kind == "numeric":
        from quizrnn.render.typst import _is_matrix, answer_hint

        for name, v in q.variant.values.items():
            if _is_matrix(v) and f"{{{name}}}" in q.item.prompt:
                parts.append(f"$${to_tex(name)} = {value(v, numfmt.short)}$$")
        parts.append(f"*{escape(answer_hint(q))}*")
        parts.append("Answer: ____________________")
    else:
        parts.append("*Write your answer below.*\n\n" + "\n".join(["____"] * 3))
    out = "\n\n".join(parts)
    if inline_solution:
        out += "\n\n" + worked(q, "Solution")
    return out


def worked(q, heading: str = "") -> str:
    lead = f"**{heading}.** " if heading else ""
    parts = []
    if q.kind == "mcq":
        right = "; ".join(f"{LETTERS[k]}) {inline(q.choices[k].text)}" for k in q.answers)
        parts.append(f"{lead}**Answer:** {right}")
        if q.item.explanation:
            parts.append(prose(q.item.explanation))
        wrong = [f"- {LETTERS[k]}: {inline(c.why)}" for k, c in enumerate(q.choices) if k not in q.answers and c.why]
        if wrong:
            parts.append("\n".join(wrong))
    elif q.kind == "numeric":
        parts.append(f"{lead}**Answer:** {escape(q.answer_text())}")
        if q.variant.explanation:
            parts.append(prose(q.variant.explanation))
        parts.append(solution(q.variant.solution))
    else:
        parts.append(f"{lead}**Model answer** (full marks: {_points(q.points)})")
        parts.append(prose(q.item.model_answer))
        parts.append("**Marking scheme:** one share of the points for each key point made.\n\n"
                     + "\n".join(f"- {inline(p.text)}" for p in q.item.key_points))
    return "\n\n".join("> " + p.replace("\n", "\n> ") for p in parts)


def paper_document(paper) -> str:
    out = [f"# {escape(paper.title)}"]
    for variant in paper.variants:
        details = [f"{len(variant.questions)} questions", _points(variant.points)]
        if paper.duration:
            details.append(escape(paper.duration))
        out.append(f"## Variant {variant.code}\n\n{' · '.join(details)}\n\nName: ______________  "
                   "Student ID: ______________")
        if paper.instructions:
            out.append(prose(paper.instructions))
        for section in variant.sections:
            if len(variant.sections) > 1 or section.title != "Questions":
                out.append(f"### {escape(section.title)}")
            if section.instructions:
                out.append(prose(section.instructions))
            for q in section.questions:
                out.append(question(q, paper.solutions == "inline"))
    return "\n\n".join(out) + "\n"


def key_document(paper) -> str:
    out = [f"# {escape(paper.title)}: answer key"]
    for variant in paper.variants:
        out.append(f"## Variant {variant.code}")
        rows = ["| No. | Answer | Points | Item |", "|---:|---|---:|---|"]
        for q in variant.questions:
            answer = "marked by hand" if q.kind == "interview" else escape(q.answer_text())
            rows.append(f"| {q.number} | {answer} | {_points(q.points)} | `{q.item.id}` |")
        out.append("\n".join(rows))
        if paper.solutions != "none":
            out.append("### Worked answers")
            for q in variant.questions:
                out.append(f"**{q.number}.** {prose(q.printed_prompt())}")
                out.append(worked(q))
    return "\n\n".join(out) + "\n"


VERDICTS = {"correct": "right", "partial": "partly right", "wrong": "not right", "blank": "no answer",
            "unreadable": "could not be read", "unchecked": "to be checked by hand", "unmarked": "not marked yet"}


def _given(cell) -> str:
    return f"`{cell.given}`" if cell.given and "`" not in cell.given else (escape(cell.given) or "(blank)")


def feedback_question(q, cell) -> str:
    """One question of a student's feedback: their answer, the verdict, and what to learn from it."""
    score = "–" if cell.score is None else _num(cell.score)
    parts = [f"### Question {q.number} ({score} of {_points(q.points)}): {VERDICTS.get(cell.verdict, cell.verdict)}",
             prose(q.text) if q.text else ""]
    if q.kind == "mcq":
        parts.append("\n".join(f"- {LETTERS[k]}) {inline(c.text)}" + (" ← your answer" if q.order[k] in cell.picks else "")
                               for k, c in enumerate(q.mcq.choices)))
    parts.append(f"**Your answer:** {_given(cell)}")
    if cell.message:
        parts.append(f"*{inline(cell.message)}*")
    if cell.mistake:
        parts.append(f"**Mistake: {inline(cell.mistake)}.** {inline(cell.feedback)}")
    elif cell.feedback:
        parts.append(inline(cell.feedback))
    if cell.score is not None and cell.score >= q.points:
        return "\n\n".join(p for p in parts if p)
    if q.kind == "mcq":
        right = "; ".join(f"{LETTERS[k]}) {inline(q.mcq.choices[k].text)}" for k in q.mcq.answers)
        parts.append(f"**Right answer:** {right}")
        if q.explanation:
            parts.append(prose(q.explanation))
    elif q.kind == "numeric":
        parts.append(f"**Right answer:** {escape(q.answer_text)}")
        if q.explanation:
            parts.append(prose(q.explanation))
        if q.solution is not None:
            parts.append("**Worked solution**\n\n" + solution(q.solution))
    else:
        parts.append("**Model answer**\n\n" + prose(q.model_answer))
        parts.append("**Key points**\n\n" + "\n".join(f"- {inline(p)}" for p in q.key_points))
    return "\n\n".join(p for p in parts if p)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def feedback_document(title: str, result, variant) -> str:
    cells = {c.number: c for c in result.cells}
    marked = "" if result.complete else " (not fully marked yet)"
    out = [f"# {escape(title)}: feedback for {escape(result.student)}",
           f"Variant {variant.code} · score **{_num(result.total)} of {_num(result.points)}** "
           f"({result.percent:.0f}%){marked}"]
    out += [feedback_question(q, cells[q.number]) for q in variant.questions if q.number in cells]
    return "\n\n".join(out) + "\n"
