"""GIFT, Moodle's plain-text question format: the questions of the Moodle export that GIFT can
hold, in the same categories, with the same feedback.

Texts are HTML (``[html]``) escaped the way Moodle's own GIFT export escapes them: a
backslash before each of ``\\ ~ = # { } :`` and line breaks written as ``\\n``, so that no
text can end a question or start an answer. GIFT has no question with several numeric
boxes, so vectors, matrices and shapes are left out (named, with the reason).
"""

from __future__ import annotations

from quizrnn.export import Export, Left
from quizrnn.export.moodle import category_of, formula_forms, fraction, number, tolerance
from quizrnn.render import lms

RESERVED = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
                          "\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    return text.translate(RESERVED)


def html(text: str) -> str:
    return "[html]" + escape(text)


def _head(export: Export, q) -> str:
    return f"::{escape(export.label(q))}::{html(lms.question(q))}"


def _general(text: str) -> str:
    return f"\t####{html(text)}\n" if text else ""


def multichoice(export: Export, q) -> str | Left:
    right = q.answers
    single = not q.item.multi or len(right) == 1
    share = fraction(1 / len(right))
    if share is None:
        return Left(q.item.id, f"GIFT has no grade of 1/{len(right)} for each of its right choices", q.item.where)
    lines = []
    for k, c in enumerate(q.choices):
        why = lms.why_not(q, k)
        feedback = f"#{html(why)}" if why else ""
        if k in right:
            mark = "=" if single else f"~%{share}%"
        else:
            mark = "~" if single else f"~%-{share}%"
        lines.append(f"\t{mark}{html(lms.choice(c.text))}{feedback}\n")
    return f"{_head(export, q)}{{\n{''.join(lines)}{_general(lms.explanation(q))}}}\n"


def numerical(export: Export, q) -> str:
    expected = q.variant.expected
    lines = [f"\t={number(expected)}:{tolerance(q, expected)}\n"]
    for mistake, value in q.variant.mistakes:
        if isinstance(value, (int, float)):
            note = f"<p><strong>{lms.escape(mistake.name)}</strong>: {lms.inline(mistake.feedback)}</p>"
            lines.append(f"\t=%0%{number(value)}:{tolerance(q, value)}#{html(note)}\n")
    return f"{_head(export, q)}{{#\n{''.join(lines)}{_general(lms.explanation(q))}}}\n"


def shortanswer(export: Export, q) -> str:
    forms = "".join(f"\t={escape(form.replace('*', chr(92) + '*'))}\n" for form in formula_forms(q))
    return f"{_head(export, q)}{{\n{forms}{_general(lms.explanation(q))}}}\n"


def choice_word(export: Export, q) -> str:
    words = "".join(f"\t{'=' if w == q.variant.expected else '~'}{escape(lms.escape(w))}\n"
                    for w in q.item.answer.choices)
    return f"{_head(export, q)}{{\n{words}{_general(lms.explanation(q))}}}\n"


def essay(export: Export, q) -> str:
    return f"{_head(export, q)}{{{_general(lms.model_answer(q)).strip()}}}\n"


def write(export: Export) -> tuple[bytes, list[Left]]:
    out = [f"// {escape(export.title)}: questions exported by quizrnn\n"]
    left: list[Left] = []
    current = None
    for q in sorted(export.questions, key=lambda q: (category_of(q), q.number)):
        kind = q.item.answer.kind if q.kind == "numeric" else q.kind
        if kind in ("vector", "matrix", "shape"):
            if not any(x.item_id == q.item.id for x in left):
                left.append(Left(q.item.id, f"GIFT has no question with several boxes for a {kind} answer; "
                                            "the moodle format exports it as a cloze question", q.item.where))
            continue
        if category_of(q) != current:
            current = category_of(q)
            out.append(f"\n$CATEGORY: $course$/top/{current}\n")
        if kind == "mcq":
            text = multichoice(export, q)
            if isinstance(text, Left):
                left.append(text)
                continue
        elif kind == "interview":
            text = essay(export, q)
        elif kind in ("integer", "real"):
            text = numerical(export, q)
        elif kind == "formula":
            text = shortanswer(export, q)
        else:
            text = choice_word(export, q)
        out.append("\n" + text)
    return "".join(out).encode("utf-8"), left
