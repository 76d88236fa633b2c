"""Questions, answers and worked solutions as HTML fragments, for learning platforms and Anki.

The same content as the printed papers: math as TeX between ``\\( … \\)`` (display math
between ``\\[ … \\]``), which Moodle's MathJax filter, Canvas and Anki all render, code spans
as ``<code>``, indented blocks as ``<pre>``. Every piece of bank text is HTML-escaped here,
TeX included, so that no item can inject markup. The formats (Moodle XML, GIFT, QTI, Anki)
then escape the HTML once more for their own syntax.
"""

from __future__ import annotations

import html
from functools import lru_cache

from quizrnn.bank import LETTERS
from quizrnn.render.notation import to_tex as _to_tex
from quizrnn.render.notation import value_tex
from quizrnn.render.values import paragraphs, pieces, safe
from solvers import numfmt

to_tex = lru_cache(maxsize=8192)(_to_tex)  # the same notation recurs in every variant of a template


def escape(text: str) -> str:
    """Text as HTML element content (``&``, ``<`` and ``>`` escaped)."""
    return html.escape(safe(text), quote=False)


def tex(source: str, display: bool = False) -> str:
    """TeX source between MathJax delimiters, HTML-escaped (``<`` in TeX stays text)."""
    body = html.escape(source, quote=False)
    return f"\\[{body}\\]" if display else f"\\({body}\\)"


def inline(text: str) -> str:
    """One line of bank text: code spans kept as code, subscripted names as math, the rest escaped."""
    write = {"text": escape, "code": lambda t: f"<code>{escape(t)}</code>", "math": lambda t: tex(to_tex(t))}
    return "".join(write[kind](piece) for kind, piece in pieces(text))


def prose(text: str) -> str:
    """Paragraphs of bank text; indented blocks (code) as ``<pre>``."""
    return "".join(f"<pre><code>{escape(body)}</code></pre>" if kind == "code" else
                   f"<p>{'<br>'.join(inline(line) for line in body.split(chr(10)))}</p>"
                   for kind, body in paragraphs(text))


def math(notation: str) -> str:
    return tex(to_tex(safe(notation)))


def solution(sol) -> str:
    """A worked solution: a summary table for models, then the numbered steps, then the notes."""
    out = []
    if sol.kind == "model" and sol.details.get("layers"):
        rows = "".join(f"<tr><td>{escape(r['name'])} ({escape(r['class'])})</td><td>{escape(str(r['output_shape']))}"
                       f"</td><td style=\"text-align:right\">{escape(numfmt.integer(r['params']))}</td></tr>"
                       for r in sol.details["layers"])
        out.append("<table><tr><th>Layer (type)</th><th>Output shape</th><th>Param #</th></tr>" + rows + "</table>")
    steps, group = [], None
    for st in sol.steps:
        lines = []
        if st.group != group:
            group = st.group
            if group:
                lines.append(f"<em>{inline(group)}</em>")
        lines.append(f"<strong>{inline(st.title)}</strong>")
        if st.formula:
            lines.append(math(st.formula))
        lines += [math(line) for line in (st.substitution or "").split("\n") if line.strip()]
        if st.result is not None:
            name = to_tex(safe(st.name)) + " = " if st.name else "= "
            lines.append(tex(name + value_tex(st.result)))
        if st.note:
            lines.append(f"<em>{inline(st.note)}</em>")
        if st.shows:
            lines.append(", ".join(tex(f"{to_tex(label)} = {value_tex(v)}") for label, v in st.shows))
        steps.append("<li>" + "<br>".join(lines) + "</li>")
    out.append("<ol>" + "".join(steps) + "</ol>")
    out += [f"<p><em>Note: {inline(note)}</em></p>" for note in sol.notes]
    return "".join(out)


def _is_matrix(v) -> bool:
    return isinstance(v, list) and len(v) >= 2 and all(isinstance(r, list) for r in v)


def question(q, hint: bool = True) -> str:
    """A question's text as the student sees it, without the choices of an MCQ (the platform
    draws those): the prompt, a numeric problem's matrices, and how to write the answer."""
    parts = [prose(q.printed_prompt())]
    if q.kind == "numeric":
        for name, v in q.variant.values.items():
            if _is_matrix(v) and f"{{{name}}}" in q.item.prompt:
                parts.append(f"<p>{tex(f'{to_tex(name)} = {value_tex(v, numfmt.short)}', display=True)}</p>")
        if hint:
            from quizrnn.render.typst import answer_hint

            parts.append(f"<p><em>{escape(answer_hint(q))}</em></p>")
    if q.kind == "mcq" and q.item.multi:
        parts.append("<p><em>Choose every right answer.</em></p>")
    return "".join(parts)


def choices(q) -> str:
    """An MCQ's choices as a lettered list (for Anki, where no platform draws them)."""
    return "<ol type=\"A\">" + "".join(f"<li>{inline(c.text)}</li>" for c in q.choices) + "</ol>"


def choice(text: str) -> str:
    return inline(text)


def explanation(q) -> str:
    """The general feedback of a question: explanation and worked solution, or the model answer."""
    parts = []
    if q.kind == "mcq":
        right = "; ".join(f"{LETTERS[k]}) {inline(q.choices[k].text)}" for k in q.answers)
        parts.append(f"<p><strong>Answer:</strong> {right}</p>")
        if q.item.explanation:
            parts.append(prose(q.item.explanation))
    elif q.kind == "numeric":
        parts.append(f"<p><strong>Answer:</strong> {escape(q.answer_text())}</p>")
        if q.variant.explanation:
            parts.append(prose(q.variant.explanation))
        parts.append("<p><strong>Worked solution</strong></p>" + solution(q.variant.solution))
    else:
        parts.append(model_answer(q))
    return "".join(parts)


def model_answer(q) -> str:
    """An interview question's model answer and the key points a full answer makes."""
    return ("<p><strong>Model answer</strong></p>" + prose(q.item.model_answer)
            + "<p><strong>Key points</strong> (one share of the marks each)</p><ul>"
            + "".join(f"<li>{inline(p.text)}</li>" for p in q.item.key_points) + "</ul>")


def why_not(q, k: int) -> str:
    """The feedback of a wrong choice (its ``why``), or ''."""
    why = q.choices[k].why
    return f"<p>{inline(why)}</p>" if why else ""
