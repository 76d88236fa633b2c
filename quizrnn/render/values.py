"""Text shared by every output medium: one way to write an answer, prose reflow, safe text.

Renderers never compute; these functions only choose how a value computed elsewhere is
written. The terminal, Typst, Markdown and LMS renderers all write answers through
:func:`answer`, so an answer key and the feedback of ``practice`` always agree.
"""

from __future__ import annotations

import re

from solvers import numfmt

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text from a bank, a file or a person with its control characters made visible.

    ESC, BEL, C1 controls and bidirectional overrides would let text retitle, clear or
    hide a terminal; each is shown as a backslash escape (``\\x1b``, ``\\u202e``) instead.
    Undecodable input bytes (kept as surrogates) are shown as ``\\xNN`` too.
    """
    if not isinstance(text, str):
        text = str(text)
    text = CONTROL.sub(lambda m: _escape(m.group()), text)
    if any("\udc80" <= c <= "\udcff" for c in text):
        text = "".join(f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c for c in text)
    return text


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def reflow(text: str) -> str:
    """Prose with its hard line breaks joined, so the output medium wraps it to its own width.

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


def formula(text: str) -> str:
    """A solver's formula (``4*n*(n + d + 1)``) written as people write it: ``4n(n + d + 1)``."""
    out = re.sub(r"(?<=[0-9A-Za-z)²])\s*\*\s*(?=[A-Za-z(])", "", text)
    out = re.sub(r"\*\*\s*(\d+)", lambda m: "^" + m.group(1), out)
    out = re.sub(r"\s*\*\s*", "·", out)
    return out


def real(value: float, accepts=None) -> str:
    """A real answer at four decimals, or with as many more as it takes to be graded right.

    ``accepts(text) -> bool`` says whether a written value would be graded right; a value
    such as 0.0037779 with a relative tolerance needs 0.00378, and a tiny one is written in
    scientific notation.
    """
    text = numfmt.fixed(value)
    if accepts is None or accepts(text):
        return text
    for places in range(5, 11):
        text = numfmt.fixed(value, places)
        if accepts(text):
            return text
    return f"{value:.4e}".replace("-", "−")


def answer(kind: str, value, spec=None) -> str:
    """The right answer of a numeric item, written so that typing it is graded right."""
    if kind == "integer":
        return numfmt.integer(value)
    if kind == "shape":
        return numfmt.value(tuple(value))
    if kind == "formula":
        return formula(str(value))
    if kind == "choice":
        return str(value)
    if kind == "real" and spec is not None:
        from quizrnn.grading import close

        return real(float(value), lambda text: close(float(text.replace("−", "-")), float(value),
                                                      spec.rtol, spec.atol))
    if kind in ("vector", "matrix") and spec is not None:
        from quizrnn.grading import close

        def one(v):
            return real(float(v), lambda text: close(float(text.replace("−", "-")), float(v), spec.rtol,
                                                      spec.atol))
        if kind == "vector":
            return "[" + ", ".join(one(v) for v in value) + "]"
        return "[" + ", ".join("[" + ", ".join(one(v) for v in row) + "]" for row in value) + "]"
    return numfmt.value(value)


def plural(n: int, word: str) -> str:
    """'1 answer', '3 answers' (the word takes an s)."""
    return f"{n} {word}{'' if n == 1 else 's'}"


CODE_SPAN = re.compile(r"`([^`\n]+)`")
SUBSCRIPTED = re.compile(r"(?<![A-Za-z0-9_])([A-Za-zα-ωΑ-Ω][\u0303\u0302→←]?(?:_(?:\([^()\s]{1,20}\)|[A-Za-z0-9]{1,6}))+)")


def pieces(line: str) -> list[tuple[str, str]]:
    """One line of bank prose cut into ``("code", …)`` spans (between backticks), ``("math", …)``
    names with subscripts (``h_(t−1)``, ``W_hh``) and ``("text", …)`` for the rest: every
    renderer (Typst, Markdown, HTML) writes the same pieces in its own syntax."""
    out: list[tuple[str, str]] = []

    def words(text: str) -> None:
        last = 0
        for match in SUBSCRIPTED.finditer(text):
            out.append(("text", text[last:match.start()]))
            out.append(("math", match.group(1)))
            last = match.end()
        out.append(("text", text[last:]))

    last = 0
    for match in CODE_SPAN.finditer(line):
        words(line[last:match.start()])
        out.append(("code", match.group(1)))
        last = match.end()
    words(line[last:])
    return [(kind, text) for kind, text in out if text]


def paragraphs(text: str) -> list[tuple[str, str]]:
    """Bank prose reflowed and cut into paragraphs: ``("code", dedented block)`` for an indented
    paragraph, ``("prose", paragraph)`` otherwise (empty paragraphs dropped)."""
    import textwrap

    out = []
    for paragraph in reflow(safe(text)).split("\n\n"):
        if not paragraph.strip():
            continue
        if any(line[:1].isspace() for line in paragraph.split("\n")):
            out.append(("code", textwrap.dedent(paragraph)))
        else:
            out.append(("prose", paragraph))
    return out
