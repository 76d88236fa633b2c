"""Papers, keys and worked solutions as Typst source, and Typst compiled to PDF.

Only layout: every number was computed by the solvers. Prose from the bank is escaped for
Typst's markup (``#``, ``$``, ``*``, ``_``, brackets ...), code spans become raw text, names
with subscripts (``h_(t−1)``, ``W_hh``) become math, and the solvers' working goes through
:func:`quizrnn.render.notation.to_typst`, so a bank author never writes Typst.
"""

from __future__ import annotations

import re

from quizrnn.bank import LETTERS
from quizrnn.render.notation import to_typst
from quizrnn.render.values import paragraphs, pieces, safe
from solvers import numfmt

MARKUP = re.compile(r"([\\#$*_`<>@\[\]~/=+\-])")
TIMESTAMP = 0  # papers carry no date of their own: the same seed gives the same PDF
MAX_ROW = 8    # longer vectors are written inline, so they can wrap


def escape(text: str) -> str:
    """Plain text for Typst markup: every markup character taken literally."""
    return MARKUP.sub(r"\\\1", safe(text))


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + safe(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _inline(text: str) -> str:
    """One line of prose: code spans raw, subscripted names as math, the rest escaped."""
    write = {"text": escape, "code": lambda t: f"#raw({string(t)})", "math": lambda t: f"${to_typst(t)}$"}
    return "".join(write[kind](piece) for kind, piece in pieces(text))


def prose(text: str) -> str:
    """Bank prose as Typst paragraphs; indented paragraphs (code) as raw blocks."""
    return "\n\n".join(f"#raw(block: true, lang: \"python\", {string(body)})" if kind == "code" else _inline(body)
                       for kind, body in paragraphs(text))


def math(notation: str) -> str:
    return f"${to_typst(safe(notation))}$"


def _number(v) -> str:
    if isinstance(v, bool):
        return string(str(v))
    if isinstance(v, int):
        return string(numfmt.integer(v)) if abs(v) >= 1000 else str(v)
    if v is None:
        return string("None")
    return numfmt.fixed(v).replace("−", "-")


def value(v) -> str:
    """A computed result as math: a number, a vector in brackets, a matrix as a matrix, a shape."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, tuple):
        return string(numfmt.value(v))
    if isinstance(v, str):
        return to_typst(v)
    if isinstance(v, list) and v and all(isinstance(r, list) for r in v) and max(len(r) for r in v) <= MAX_ROW:
        return matrix(v, numfmt.fixed)
    if isinstance(v, list):
        return to_typst(numfmt.value(v))
    return _number(v)


def _given(v) -> str:
    """Given values (weights, inputs) as written: a matrix as a matrix, anything else as a value."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list) and v and not isinstance(v[0], list):
        v = [v]
    if isinstance(v, list) and v and all(isinstance(r, list) for r in v) and max(len(r) for r in v) <= MAX_ROW:
        return matrix(v)
    return value(v)


def matrix(rows, fmt=numfmt.short) -> str:
    """A matrix at full size (given values as written, computed ones at four decimals)."""
    body = "; ".join(", ".join(fmt(x).replace("−", "-") for x in r) for r in rows)
    return f'display(mat(delim: "[", column-gap: #0.9em, {body}))'


# ----------------------------------------------------------------------------- worked solutions


def step(number: int, step) -> str:
    lines = []
    if step.formula:
        lines.append(math(step.formula))
    for line in (step.substitution or "").split("\n"):
        if line.strip():
            lines.append(math(line))
    if step.result is not None:
        name = to_typst(safe(step.name)) if step.name else ""
        lines.append(f"${name + ' = ' if name else '= '}{value(step.result)}$")
    if step.note:
        lines.append(f"#text(size: 0.85em, fill: luma(90))[{_inline(step.note)}]")
    if step.shows:
        shown = ", ".join(f"${to_typst(safe(label))} = {_given(v)}$" for label, v in step.shows)
        lines.append(f"#text(size: 0.9em)[{shown}]")
    body = " \\\n".join(lines)
    return f"#step([{number}.], [{_inline(step.title)}], [{body}])"


def solution(sol) -> str:
    """A Solution's working: grouped, numbered steps, a summary table for models, notes."""
    out = []
    if sol.kind == "model" and sol.details.get("layers"):
        out.append(summary_table(sol))
    group = None
    for k, st in enumerate(sol.steps, 1):
        if st.group != group:
            group = st.group
            if group:
                out.append(f"#text(weight: \"bold\")[{_inline(group)}]")
        out.append(step(k, st))
    for note in sol.notes:
        out.append(f"#text(size: 0.85em, fill: luma(90))[Note: {_inline(note)}]")
    return "\n\n".join(out)


def summary_table(sol) -> str:
    cells = ["[*Layer (type)*]", "[*Output shape*]", "[*Param \\#*]"]
    for row in sol.details["layers"]:
        shape = row["output_shape"]
        shape_text = numfmt.value(tuple(shape)) if isinstance(shape, (list, tuple)) and shape and not isinstance(
            shape[0], (list, tuple)) else str(shape)
        cells += [f"[{escape(row['name'] + ' (' + row['class'] + ')')}]", f"[{escape(shape_text)}]",
                  f"[{escape(numfmt.integer(row['params']))}]"]
    return (f"#table(columns: (auto, auto, auto), align: (left, left, right), stroke: 0.4pt, "
            f"{', '.join(cells)})")


# ----------------------------------------------------------------------------- questions

PREAMBLE = r"""
#let vcode = state("vcode", "")
#set document(title: TITLE, date: none)
#set text(font: "New Computer Modern", size: 10.5pt, lang: "en")
#set par(justify: true, leading: 0.62em)
#set page(paper: "a4", margin: (x: 2.1cm, top: 2cm, bottom: 2.3cm), footer: context {
  let code = vcode.get()
  if code != "" {
    let ends = query(label("end-" + code))
    let total = if ends.len() > 0 { counter(page).at(ends.first().location()).first() } else { "?" }
    set text(size: 8.5pt, fill: luma(70))
    [Variant #code #h(1fr) KIND #h(1fr) Page #counter(page).display() of #total]
  }
})
#let tick = box(width: 0.8em, height: 0.8em, stroke: 0.6pt, baseline: 0.05em)
#let answer-box(height) = block(width: 100%, height: height, stroke: 0.6pt, inset: 5pt, radius: 2pt)[
  #text(size: 8pt, fill: luma(110))[Answer]]
#let ruled(n) = for i in range(n) { block(width: 100%, height: 1.55em, stroke: (bottom: 0.4pt + luma(150))) }
#let step(n, title, body) = block(above: 0.7em, inset: (left: 1.6em))[#h(-1.6em)#box(width: 1.6em,
  text(fill: luma(90), n))#text(weight: "bold", title) \ #body]
#let question(n, points, body, breakable: false) = block(width: 100%, above: 1.3em, below: 0.6em,
  breakable: breakable, grid(columns: (1.8em, 1fr, auto), column-gutter: 0.4em,
  [*#n*], body, text(size: 8.5pt, fill: luma(80), points)))
"""


def _points(p: float) -> str:
    text = str(int(p)) if float(p).is_integer() else f"{p:g}"
    return f"{text} point{'s' if p != 1 else ''}"


def question(q, inline_solution: bool = False) -> str:
    """One question as the student sees it (with its worked solution when inline)."""
    parts = [prose(q.printed_prompt())]
    if q.kind == "mcq":
        rows = ", ".join(f"[#tick], [{LETTERS[k]})], [{_inline(c.text)}]" for k, c in enumerate(q.choices))
        parts.append(f"#grid(columns: (auto, auto, 1fr), column-gutter: 0.5em, row-gutter: 0.65em, {rows})")
        if q.item.multi:
            parts.append("#text(size: 0.85em, style: \"italic\")[Tick every right answer.]")
    elif q.kind == "numeric":
        matrices = [f"[${to_typst(name)} = {matrix(v)}$]" for name, v in q.variant.values.items()
                    if _is_matrix(v) and f"{{{name}}}" in q.item.prompt]
        if matrices:
            columns = 1 if any(len(v[0]) > 5 for v in q.variant.values.values() if _is_matrix(v)) else 2
            parts.append(f"#align(center, grid(columns: {columns}, column-gutter: 2.5em, row-gutter: 0.8em, "
                         + ", ".join(matrices) + "))")
        parts.append(f"#text(size: 0.85em, fill: luma(90))[{escape(answer_hint(q))}]")
        parts.append(f"#answer-box({'3.2em' if q.item.answer.kind in ('vector', 'matrix') else '2.6em'})")
    else:
        words = len(q.item.model_answer.split())
        parts.append(f"#ruled({max(5, min(18, round(words / 11)))})")
    body = "\n\n".join(parts)
    breakable = "true" if q.kind == "interview" else "false"
    out = f"#question([{q.number}.], [{_points(q.points)}], [{body}], breakable: {breakable})"
    if inline_solution:
        out += "\n\n" + worked(q, heading="Solution")
    return out


def answer_hint(q) -> str:
    from quizrnn.practice.view import KIND_HELP

    kind = q.item.answer.kind
    extra = f": {', '.join(q.item.answer.choices)}" if kind == "choice" else ""
    return f"Answer with {KIND_HELP[kind].format(symbols=' and '.join(q.item.answer.symbols or ('n', 'd')))}{extra}."


def _is_matrix(v) -> bool:
    return isinstance(v, list) and len(v) >= 2 and all(isinstance(r, list) for r in v)


def worked(q, heading: str = "") -> str:
    """The full answer of a question: right answer, explanation, working or marking scheme."""
    parts = [f"*{escape(heading)}.* " if heading else ""]
    if q.kind == "mcq":
        right = "; ".join(f"{LETTERS[k]}) {_inline(q.choices[k].text)}" for k in q.answers)
        parts[0] += f"*Answer:* {right}"
        wrong = [f"- {LETTERS[k]}: {_inline(c.why)}" for k, c in enumerate(q.choices) if k not in q.answers and c.why]
        if q.item.explanation:
            parts.append(prose(q.item.explanation))
        if wrong:
            parts.append("\n".join(wrong))
    elif q.kind == "numeric":
        parts[0] += f"*Answer:* {escape(q.answer_text())}"
        if q.variant.explanation:
            parts.append(prose(q.variant.explanation))
        parts.append(solution(q.variant.solution))
    else:
        parts[0] += f"*Model answer* (full marks: {_points(q.points)})"
        parts.append(prose(q.item.model_answer))
        parts.append("*Marking scheme:* one share of the points for each key point made.\n"
                     + "\n".join(f"- {_inline(p.text)}" for p in q.item.key_points))
    body = "\n\n".join(p for p in parts if p)
    return (f"#block(width: 100%, inset: (left: 1.8em, rest: 6pt), fill: luma(245), radius: 2pt, breakable: true)"
            f"[{body}]")


# ----------------------------------------------------------------------------- documents


def _preamble(title: str, kind: str) -> str:
    return PREAMBLE.replace("TITLE", string(title)).replace("KIND", kind)


def paper_document(paper) -> str:
    """The exam: every variant on its own pages, with its code, name lines and instructions."""
    out = [_preamble(paper.title, "")]
    for variant in paper.variants:
        out.append(_variant_start(paper, variant))
        details = [f"{len(variant.questions)} questions", _points(variant.points)]
        if paper.duration:
            details.append(escape(paper.duration))
        out.append(f"#text(size: 0.95em)[{' · '.join(details)}]")
        out.append("#v(0.4em)\n#grid(columns: (1fr, 1fr), column-gutter: 2em, "
                   "[Name: #box(width: 1fr, stroke: (bottom: 0.5pt))], "
                   "[Student ID: #box(width: 1fr, stroke: (bottom: 0.5pt))])\n#v(0.3em)")
        if paper.instructions:
            out.append(f"#block(inset: 6pt, stroke: 0.4pt + luma(160), width: 100%)[{prose(paper.instructions)}]")
        for section in variant.sections:
            if len(variant.sections) > 1 or section.title != "Questions":
                out.append(f"== {escape(section.title)}")
            if section.instructions:
                out.append(prose(section.instructions))
            for q in section.questions:
                out.append(question(q, paper.solutions == "inline"))
        out.append(f"#metadata(\"end\") <end-{variant.code}>")
    return "\n\n".join(out)


def _variant_start(paper, variant, suffix: str = "") -> str:
    return (f"#pagebreak(weak: true)\n#vcode.update({string(variant.code)})\n#counter(page).update(1)\n"
            f"#text(size: 1.5em, weight: \"bold\")[{escape(paper.title)}{escape(suffix)}] #h(1fr) "
            f"#box(stroke: 0.8pt, inset: 4pt)[#text(weight: \"bold\")[Variant {variant.code}]]")


def key_document(paper) -> str:
    """The key: per variant an answer table, then every question's full worked answer."""
    out = [_preamble(paper.title + " — key", "Key"), "#set par(justify: false)"]
    for variant in paper.variants:
        out.append(_variant_start(paper, variant, " — answer key"))
        cells = ["[*No.*]", "[*Answer*]", "[*Points*]", "[*Item*]"]
        for q in variant.questions:
            answer = "marked by hand" if q.kind == "interview" else q.answer_text()
            cells += [f"[{q.number}]", f"[{escape(answer)}]", f"[{_points(q.points)}]",
                      f"[#text(size: 0.8em)[{escape(q.item.id)}]]"]
        out.append(f"#table(columns: (auto, 1fr, auto, auto), stroke: 0.4pt, inset: 5pt, {', '.join(cells)})")
        if paper.solutions != "none":
            out.append("== Worked answers")
            for q in variant.questions:
                out.append(f"#block(above: 1.2em)[*{q.number}.* {prose(q.printed_prompt())}]")
                out.append(worked(q))
        out.append(f"#metadata(\"end\") <end-{variant.code}>")
    return "\n\n".join(out)


def compile_pdf(source: str) -> bytes:
    """Typst source to PDF bytes, with Typst's own fonts only (the same PDF on every machine)."""
    import typst

    return typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True, timestamp=TIMESTAMP)


VERDICTS = {"correct": "right", "partial": "partly right", "wrong": "not right", "blank": "no answer",
            "unreadable": "could not be read", "unchecked": "to be checked by hand", "unmarked": "not marked yet"}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def feedback_question(q, cell) -> str:
    score = "–" if cell.score is None else _num(cell.score)
    parts = [f"== Question {q.number} #h(1fr) #text(size: 0.8em, weight: \"regular\")[{score} of "
             f"{_points(q.points)} · {escape(VERDICTS.get(cell.verdict, cell.verdict))}]"]
    if q.text:
        parts.append(prose(q.text))
    if q.kind == "mcq":
        picked = set(cell.picks)
        parts.append("\n".join(f"- {LETTERS[k]}) {_inline(c.text)}" + (" #h(0.5em) ← your answer" if q.order[k] in picked
                                                                       else "")
                               for k, c in enumerate(q.mcq.choices)))
    parts.append(f"*Your answer:* {('#raw(' + string(cell.given) + ')') if cell.given else '(blank)'}")
    if cell.message:
        parts.append(f"#emph[{_inline(cell.message)}]")
    if cell.mistake:
        parts.append(f"*Mistake: {_inline(cell.mistake)}.* {_inline(cell.feedback)}")
    elif cell.feedback:
        parts.append(_inline(cell.feedback))
    if cell.score is None or cell.score < q.points:
        inner = []
        if q.kind == "mcq":
            inner.append("*Right answer:* " + "; ".join(f"{LETTERS[k]}) {_inline(q.mcq.choices[k].text)}"
                                                        for k in q.mcq.answers))
            if q.explanation:
                inner.append(prose(q.explanation))
        elif q.kind == "numeric":
            inner.append(f"*Right answer:* {escape(q.answer_text)}")
            if q.explanation:
                inner.append(prose(q.explanation))
            if q.solution is not None:
                inner.append(solution(q.solution))
        else:
            inner.append("*Model answer.* " + prose(q.model_answer))
            inner.append("*Key points:*\n" + "\n".join(f"- {_inline(p)}" for p in q.key_points))
        parts.append("#block(width: 100%, inset: 6pt, fill: luma(245), radius: 2pt, breakable: true)["
                     + "\n\n".join(inner) + "]")
    return "\n\n".join(parts)


def feedback_document(title: str, result, variant) -> str:
    cells = {c.number: c for c in result.cells}
    marked = "" if result.complete else " (not fully marked yet)"
    out = [PREAMBLE.replace("TITLE", string(title)).replace("KIND", "Feedback"), "#set par(justify: false)",
           f"#vcode.update({string(variant.code)})",
           f"#text(size: 1.4em, weight: \"bold\")[{escape(title)}]\n\nFeedback for *{escape(result.student)}* · "
           f"variant {variant.code} · score *{_num(result.total)} of {_num(result.points)}* "
           f"({result.percent:.0f}%){escape(marked)}"]
    out += [feedback_question(q, cells[q.number]) for q in variant.questions if q.number in cells]
    out.append(f"#metadata(\"end\") <end-{variant.code}>")
    return "\n\n".join(out)
