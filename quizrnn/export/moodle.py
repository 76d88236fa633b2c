"""Moodle XML: one ``<question>`` per question, in categories ``quizrnn/<topic>``.

A template's variants go in a category of their own, ``quizrnn/<topic>/<template id>``, so
that a quiz can draw one of them at random. MCQs are ``multichoice``: one right answer is
100%, several share 100% and each wrong choice takes away as much as a right one gives (as
quizrnn grades them); each wrong choice's ``why`` is its feedback. A number is
``numerical``, with the item's tolerance as an absolute error at the answer's scale and each
named mistake as a 0% answer whose feedback names it. Vectors, matrices and shapes are
``cloze`` with one sub-question per component; formulas are ``shortanswer`` with the forms
that are accepted as written; interview questions are ``essay`` with the model answer and
its key points as information for the grader. The worked solution is the general feedback.

Every text goes through ElementTree, which escapes it for XML; the HTML inside comes from
:mod:`quizrnn.render.lms`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quizrnn.export import Export, Left
from quizrnn.render import lms
from quizrnn.render.values import answer as answer_text

# Moodle accepts only these grade fractions (question_bank::fraction_options_full), in percent
FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
             11.11111, 10, 5, 0)


def fraction(share: float) -> str | None:
    """A share of the marks (-1 to 1) as one of Moodle's fractions, or None when it has none."""
    percent = abs(share) * 100
    for allowed in FRACTIONS:
        if abs(allowed - percent) < 1e-4:
            text = f"{allowed:g}" if float(allowed).is_integer() else f"{allowed:.5f}"
            return ("-" if share < 0 and allowed else "") + text
    return None


def number(x) -> str:
    """A number as Moodle reads it: plain decimal, no thousands separators."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.10g}"


def tolerance(q, x) -> str:
    spec = q.item.answer
    if spec.kind in ("integer", "shape"):
        return "0"
    return f"{max(spec.atol, spec.rtol * abs(float(x))):.6g}"


def _text(parent, tag: str, text: str, fmt: str | None = "html"):
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = text
    return node


def _simple(parent, tag: str, value) -> None:
    ET.SubElement(parent, tag).text = str(value)


def category(quiz, path: str) -> None:
    node = ET.SubElement(quiz, "question", {"type": "category"})
    _text(node, "category", f"$course$/top/{path}", fmt=None)


def _head(quiz, kind: str, export: Export, q, text: str, feedback: str, grade=None):
    node = ET.SubElement(quiz, "question", {"type": kind})
    _text(node, "name", export.label(q), fmt=None)
    _text(node, "questiontext", text)
    _text(node, "generalfeedback", feedback)
    _simple(node, "defaultgrade", number(q.points if grade is None else grade))
    _simple(node, "penalty", "0.3333333")
    _simple(node, "hidden", "0")
    _simple(node, "idnumber", export.uid(q)[:100])
    return node


def _answer(node, share: str, text: str, feedback: str = "", tol: str | None = None, fmt: str = "html") -> None:
    ans = ET.SubElement(node, "answer", {"fraction": share, "format": fmt})
    ET.SubElement(ans, "text").text = text
    if tol is not None:
        _simple(ans, "tolerance", tol)
    _text(ans, "feedback", feedback)


def _combined(node) -> None:
    _text(node, "correctfeedback", "Your answer is correct.")
    _text(node, "partiallycorrectfeedback", "Your answer is partly correct.")
    _text(node, "incorrectfeedback", "Your answer is not correct.")
    ET.SubElement(node, "shownumcorrect")


def multichoice(quiz, export: Export, q) -> Left | None:
    right = q.answers
    single = not q.item.multi or len(right) == 1
    share = fraction(1 / len(right))
    if share is None:
        return Left(q.item.id, f"Moodle has no grade of 1/{len(right)} for each of its right choices", q.item.where)
    node = _head(quiz, "multichoice", export, q, lms.question(q), lms.explanation(q))
    _simple(node, "single", "true" if single else "false")
    _simple(node, "shuffleanswers", "true")
    _simple(node, "answernumbering", "ABCD")
    _simple(node, "showstandardinstruction", "0")
    _combined(node)
    for k, c in enumerate(q.choices):
        if k in right:
            _answer(node, "100" if single else share, lms.choice(c.text))
        else:
            _answer(node, "0" if single else "-" + share, lms.choice(c.text), lms.why_not(q, k))
    return None


def _mistake_feedback(mistake) -> str:
    return f"<p><strong>{lms.escape(mistake.name)}</strong>: {lms.inline(mistake.feedback)}</p>" if mistake.feedback \
        else f"<p><strong>{lms.escape(mistake.name)}</strong></p>"


def numerical(quiz, export: Export, q) -> None:
    node = _head(quiz, "numerical", export, q, lms.question(q), lms.explanation(q))
    expected = q.variant.expected
    _answer(node, "100", number(expected), "", tolerance(q, expected), fmt="moodle_auto_format")
    for mistake, value in q.variant.mistakes:
        if isinstance(value, (int, float)):
            _answer(node, "0", number(value), _mistake_feedback(mistake), tolerance(q, value), fmt="moodle_auto_format")
    _simple(node, "unitgradingtype", "0")
    _simple(node, "unitpenalty", "0.1000000")
    _simple(node, "showunits", "3")
    _simple(node, "unitsleft", "0")


def _blank(q, x) -> str:
    if x is None:
        return "{1:SHORTANSWER:=None~=batch}"
    return f"{{1:NUMERICAL:={number(x)}:{tolerance(q, x)}}}"


def cloze(quiz, export: Export, q) -> None:
    """One blank per component: a row of blanks for a vector or shape, a grid for a matrix."""
    expected = q.variant.expected
    kind = q.item.answer.kind
    if kind == "matrix":
        rows = "".join("<tr>" + "".join(f"<td>{_blank(q, x)}</td>" for x in row) + "</tr>" for row in expected)
        grid = f"<table>{rows}</table>"
    else:
        left, right = ("(", ")") if kind == "shape" else ("[", "]")
        grid = f"<p>{left} " + " , ".join(_blank(q, x) for x in expected) + f" {right}</p>"
    prompt = lms.question(q, hint=False).replace("{", "&#123;").replace("}", "&#125;")  # only the blanks are cloze
    text = prompt + "<p><em>One box per component.</em></p>" + grid
    node = ET.SubElement(quiz, "question", {"type": "cloze"})
    _text(node, "name", export.label(q), fmt=None)
    _text(node, "questiontext", text)
    _text(node, "generalfeedback", lms.explanation(q))
    _simple(node, "penalty", "0.3333333")
    _simple(node, "hidden", "0")
    _simple(node, "idnumber", export.uid(q)[:100])


def formula_forms(q) -> list[str]:
    """The ways of writing a formula answer that a literal comparison accepts."""
    shown = answer_text("formula", q.variant.expected, q.item.answer)
    raw = str(q.variant.expected)
    forms = []
    for form in (shown, shown.replace(" ", ""), raw, raw.replace(" ", "")):
        if form not in forms:
            forms.append(form)
    return forms


def shortanswer(quiz, export: Export, q) -> None:
    node = _head(quiz, "shortanswer", export, q, lms.question(q), lms.explanation(q))
    _simple(node, "usecase", "0")
    for form in formula_forms(q):
        _answer(node, "100", form.replace("*", "\\*"), fmt="moodle_auto_format")


def choice_word(quiz, export: Export, q) -> None:
    node = _head(quiz, "multichoice", export, q, lms.question(q), lms.explanation(q))
    _simple(node, "single", "true")
    _simple(node, "shuffleanswers", "true")
    _simple(node, "answernumbering", "abc")
    _combined(node)
    for word in q.item.answer.choices:
        _answer(node, "100" if word == q.variant.expected else "0", lms.escape(word))


def essay(quiz, export: Export, q) -> None:
    node = _head(quiz, "essay", export, q, lms.question(q), lms.model_answer(q))
    _simple(node, "responseformat", "editor")
    _simple(node, "responserequired", "1")
    _simple(node, "responsefieldlines", "10")
    _simple(node, "attachments", "0")
    _simple(node, "attachmentsrequired", "0")
    _text(node, "graderinfo", lms.model_answer(q))
    _text(node, "responsetemplate", "")


def category_of(q) -> str:
    path = f"quizrnn/{q.item.topic}"
    return f"{path}/{q.item.id}" if q.seed is not None else path


def write(export: Export) -> tuple[bytes, list[Left]]:
    quiz = ET.Element("quiz")
    left: list[Left] = []
    current = None
    for q in sorted(export.questions, key=lambda q: (category_of(q), q.number)):
        if category_of(q) != current:
            current = category_of(q)
            category(quiz, current)
        if q.kind == "mcq":
            problem = multichoice(quiz, export, q)
            if problem:
                left.append(problem)
        elif q.kind == "interview":
            essay(quiz, export, q)
        elif q.item.answer.kind in ("integer", "real"):
            numerical(quiz, export, q)
        elif q.item.answer.kind in ("vector", "matrix", "shape"):
            cloze(quiz, export, q)
        elif q.item.answer.kind == "formula":
            shortanswer(quiz, export, q)
        elif q.item.answer.kind == "choice":
            choice_word(quiz, export, q)
        else:
            left.append(Left(q.item.id, f"no Moodle question type for {q.item.answer.kind} answers", q.item.where))
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8"), _unique(left)


def _unique(left: list[Left]) -> list[Left]:
    seen, out = set(), []
    for x in left:
        if x.item_id not in seen:
            seen.add(x.item_id)
            out.append(x)
    return out
