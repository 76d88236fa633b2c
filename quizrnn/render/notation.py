"""The solvers' notation, turned into Typst math and into TeX.

The solvers write their working in a compact plain notation: ``h_(t−1)``, ``W_f·[h, x] + b_f``,
``σ(0.85)``, ``C̃_t = f_t ⊙ C_(t−1) + i_t ⊙ C̃_t``, ``Σ_j exp(z_j)``, ``‖W_hh‖^(t−k)``,
``⌊ln ε / ln γ⌋ + 1``, ``√(1.8² + 3.4²)``, ``98,816``. One tokenizer reads it, and two
emitters write it for Typst (the PDF papers) and for TeX (``\\( … \\)`` in LMS exports), so
every medium shows the same working.

Rules: single letters are variables (italic); names a math font knows as functions (tanh,
exp, ln, max, ...) are operators; other words are upright text (``softmax``, ``samples``),
and a run of words stays together as one phrase. Multi-letter subscripts are letters
(``W_hh`` is W with subscript hh). ``a / b`` becomes a fraction of the two terms around the
slash; numbers with thousands separators stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS = {"tanh", "sin", "cos", "exp", "ln", "log", "max", "min", "sinh", "cosh", "det", "dim", "lim", "sup",
             "inf", "arg"}
GREEK_TEX = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "ζ": r"\zeta",
    "η": r"\eta", "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "π": r"\pi", "ρ": r"\rho",
    "σ": r"\sigma", "τ": r"\tau", "φ": r"\varphi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega", "Δ": r"\Delta",
    "Γ": r"\Gamma", "Θ": r"\Theta", "Λ": r"\Lambda", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
}
GREEK = "".join(GREEK_TEX)
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₜₖᵢⱼₙₓₐₑₒₘ", "0123456789tkijnxaeom"))
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ᵀⁿ", "0123456789Tn"))
ACCENTS = {"\u0303": "tilde", "\u0302": "hat", "\u0304": "macron", "\u20d7": "arrow", "→": "arrow",
           "←": "arrow.l"}
TEX_ACCENTS = {"tilde": r"\tilde", "hat": r"\hat", "macron": r"\bar", "arrow": r"\overrightarrow",
               "arrow.l": r"\overleftarrow"}
TEX_SYMBOLS = {
    "·": r"\cdot", "×": r"\times", "⊙": r"\odot", "−": "-", "≤": r"\le", "≥": r"\ge", "≈": r"\approx",
    "≠": r"\ne", "⇔": r"\Leftrightarrow", "⇒": r"\Rightarrow", "→": r"\to", "←": r"\leftarrow", "‖": r"\|",
    "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "∂": r"\partial", "∞": r"\infty",
    "Σ": r"\sum", "∏": r"\prod", "∈": r"\in", "%": r"\%", "#": r"\#", "&": r"\&", "{": r"\{", "}": r"\}",
    "$": r"\$", "_": r"\_", "~": r"\sim", "^": r"\hat{}", "\\": r"\backslash", "…": r"\ldots", "′": "'",
    "±": r"\pm", "⊕": r"\oplus", "∘": r"\circ",
}
TYPST_SYMBOLS = {"Σ": "sum", "∏": "product", "−": "-", "′": "'", "·": " · ", "×": " × ", "⊙": " ⊙ "}
TYPST_ESCAPE = set("#$\\\"&@{}*<>`_^~")  # characters of Typst math syntax taken literally
TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+|\.\d+)"
    r"|(?P<word>(?![Σ∏₀-₉ₜₖᵢⱼₙₓₐₑₒₘ⁰¹²³⁴⁵⁶⁷⁸⁹ᵀⁿ])[^\W\d_](?:(?![₀-₉ₜₖᵢⱼₙₓₐₑₒₘ⁰¹²³⁴⁵⁶⁷⁸⁹ᵀⁿΣ∏])[^\W_])*[\u0303\u0302\u0304\u20d7]?′*)"
    r"|(?P<sub>[₀-₉ₜₖᵢⱼₙₓₐₑₒₘ]+)"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹ᵀⁿ]+)"
    r"|(?P<other>.)", re.S)


@dataclass
class Tok:
    kind: str   # space, number, word, sub, sup, other
    text: str


def tokens(text: str) -> list[Tok]:
    out = [Tok(m.lastgroup, m.group()) for m in TOKEN.finditer(text)]
    merged: list[Tok] = []
    for tok in out:  # an arrow right after a letter is an accent on it: h→_t, h←_t
        if tok.kind == "other" and tok.text in "→←" and merged and merged[-1].kind == "word" \
                and len(merged[-1].text) == 1:
            merged[-1] = Tok("word", merged[-1].text + tok.text)
            continue
        merged.append(tok)
    return merged


# ----------------------------------------------------------------------------- structure


@dataclass
class Node:
    """A parsed piece: an atom (with optional subscript and superscript), a group, or a fraction."""

    kind: str                  # "atom", "group", "frac", "sqrt", "space", "op"
    tok: Tok | None = None
    items: list | None = None  # group contents
    open: str = ""
    close: str = ""
    sub: list | None = None
    sup: list | None = None
    num: list | None = None
    den: list | None = None


PAIRS = {"(": ")", "[": "]", "{": "}", "⌊": "⌋", "⌈": "⌉"}
TERM_BREAKS = {"+", "-", "−", "=", ",", ";", "|", "≤", "≥", "<", ">", "≈", "≠", "⇔", "⇒", "→", "←", ":", "⊕", "±"}


class _Parser:
    def __init__(self, toks: list[Tok]):
        self.toks, self.pos = toks, 0
        self.script_depth = 0

    def peek(self) -> Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def sequence(self, closer: str | None = None) -> list[Node]:
        nodes: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or (closer is not None and tok.kind == "other" and tok.text == closer):
                return _fractions(nodes if self.script_depth else _phrases(nodes))
            nodes.append(self.element())

    def script(self) -> list[Node]:
        """What follows _ or ^: a bracketed group, or one atom."""
        tok = self.peek()
        if tok is None:
            return []
        if tok.kind == "other" and tok.text == "(":
            self.pos += 1
            self.script_depth += 1
            inner = self.sequence(")")
            self.script_depth -= 1
            if self.peek() is not None:
                self.pos += 1
            return inner
        if tok.kind in ("word", "number"):
            self.pos += 1
            return [Node("atom", tok)]
        if tok.kind == "other" and tok.text in "−-+":
            self.pos += 1
            rest = self.script()
            return [Node("op", tok)] + rest
        return []

    def element(self) -> Node:
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "space":
            return Node("space", tok)
        if tok.kind == "other" and tok.text in PAIRS:
            closer = PAIRS[tok.text]
            inner = self.sequence(closer)
            close = ""
            if self.peek() is not None:
                close = self.toks[self.pos].text
                self.pos += 1
            node = Node("group", items=inner, open=tok.text, close=close)
        elif tok.kind == "other" and tok.text == "√":
            if self.peek() is not None and self.peek().text == "(":
                self.pos += 1
                inner = self.sequence(")")
                if self.peek() is not None:
                    self.pos += 1
            else:
                inner = [self.element()] if self.peek() is not None and self.peek().kind != "space" else []
            node = Node("sqrt", items=inner)
        elif tok.kind == "other":
            node = Node("op", tok)
            return self.scripts(node) if tok.text in "‖|⌋⌉)]Σ∏" else node
        else:
            node = Node("atom", tok)
        return self.scripts(node)

    def scripts(self, node: Node) -> Node:
        while True:
            tok = self.peek()
            if tok is None:
                return node
            if tok.kind == "sub":
                self.pos += 1
                node.sub = (node.sub or []) + [Node("atom", Tok("word", "".join(SUBSCRIPTS[c] for c in tok.text)))]
            elif tok.kind == "sup":
                self.pos += 1
                node.sup = [Node("atom", Tok("number" if tok.text.isdigit() else "word",
                                             "".join(SUPERSCRIPTS[c] for c in tok.text)))]
            elif tok.kind == "other" and tok.text == "_" and node.sub is None:
                self.pos += 1
                node.sub = self.script()
            elif tok.kind == "other" and tok.text == "^" and node.sup is None:
                self.pos += 1
                node.sup = self.script()
            elif tok.kind == "other" and tok.text == "′":
                self.pos += 1
                node.tok = Tok(node.tok.kind, node.tok.text + "′") if node.tok else node.tok
            else:
                return node


def _is_word(node: Node) -> bool:
    """A multi-letter word that is not a function name and carries no script."""
    if node.kind != "atom" or node.tok.kind != "word" or node.sub is not None or node.sup is not None:
        return False
    base = _word_parts(node.tok.text)[0]
    return len(base) > 1 and base not in FUNCTIONS


def _phrases(nodes: list[Node]) -> list[Node]:
    """Words in a row (with the spaces between them) become one piece of upright text."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        if _is_word(nodes[k]):
            words, j = [nodes[k].tok.text], k + 1
            while j + 1 < len(nodes) and nodes[j].kind == "space" and _is_word(nodes[j + 1]):
                words.append(nodes[j + 1].tok.text)
                j += 2
            out.append(Node("text", Tok("word", " ".join(words))))
            k = j
            continue
        out.append(nodes[k])
        k += 1
    return out


def _fractions(nodes: list[Node]) -> list[Node]:
    """``a / b`` as a fraction of the term before the slash and the term after it."""
    while True:
        slash = next((k for k, n in enumerate(nodes) if n.kind == "op" and n.tok.text == "/"), None)
        if slash is None:
            return nodes
        start = slash
        while start > 0 and not _breaks(nodes[start - 1]):
            start -= 1
        end = slash + 1
        while end < len(nodes) and nodes[end].kind == "space":
            end += 1
        if end < len(nodes) and nodes[end].kind == "op" and nodes[end].tok.text in "−-":
            end += 1
        while end < len(nodes) and not _breaks(nodes[end]) and not (nodes[end].kind == "op" and nodes[end].tok.text == "/"):
            if nodes[end].kind == "space" and end + 1 < len(nodes) and (
                    nodes[end + 1].kind == "text" or (nodes[end + 1].kind == "group" and nodes[end + 1].open == "(")):
                break  # "ln ε / ln γ (a remark)": the remark is not part of the denominator
            end += 1
        num, den = _strip(nodes[start:slash]), _strip(nodes[slash + 1:end])
        if not num or not den:
            nodes[slash] = Node("op", Tok("other", "∕"))  # a slash with nothing on one side stays a slash
            continue
        nodes = nodes[:start] + [Node("frac", num=num, den=den)] + nodes[end:]


def _breaks(node: Node) -> bool:
    return node.kind == "op" and node.tok.text in TERM_BREAKS


def _strip(nodes: list[Node]) -> list[Node]:
    while nodes and nodes[0].kind == "space":
        nodes = nodes[1:]
    while nodes and nodes[-1].kind == "space":
        nodes = nodes[:-1]
    return nodes


def parse(text: str) -> list[Node]:
    return _Parser(tokens(text)).sequence()


# ----------------------------------------------------------------------------- Typst


def _word_parts(text: str) -> tuple[str, str | None, bool]:
    """A word split into its letters, an accent name (tilde, arrow) and whether it has a prime."""
    prime = text.endswith("′")
    text = text.rstrip("′")
    accent = None
    if text and text[-1] in ACCENTS:
        accent, text = ACCENTS[text[-1]], text[:-1]
    return text, accent, prime


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_word(text: str, in_script: bool) -> str:
    base, accent, prime = _word_parts(text)
    if len(base) == 1 or (in_script and base.isalpha() and len(base) <= 3):
        out = " ".join(base)  # single letters, or the letters of a subscript such as hh
    elif base in FUNCTIONS:
        out = base
    else:
        out = _typst_string(base)
    if accent:
        out = f"{accent}({out})"
    return out + ("'" if prime else "")


def _typst_nodes(nodes: list[Node], in_script: bool = False) -> str:
    return "".join(_typst_node(n, in_script) for n in nodes)


def _typst_node(node: Node, in_script: bool) -> str:
    if node.kind == "space":
        return " "
    if node.kind == "text":
        return _typst_string(node.tok.text)
    if node.kind == "op":
        text = node.tok.text
        if text in TYPST_SYMBOLS:
            base = f" {TYPST_SYMBOLS[text]}" if text in "Σ∏" else TYPST_SYMBOLS[text]
        elif text == "∕":
            base = "\\/"
        elif text in TYPST_ESCAPE:
            base = "\\" + text
        else:
            base = text
        if node.sub:
            base += f"_({_typst_nodes(node.sub, True)})"
        if node.sup:
            base += f"^({_typst_nodes(node.sup, True)})"
        return base + (" " if text in "Σ∏" else "")
    if node.kind == "frac":
        return f"({_typst_nodes(node.num)})/({_typst_nodes(node.den)})"
    if node.kind == "sqrt":
        return f"sqrt({_typst_nodes(node.items)})"
    if node.kind == "group":
        opener = "\\" + node.open if node.open in TYPST_ESCAPE else node.open
        closer = "\\" + node.close if node.close in TYPST_ESCAPE else node.close
        base = f"{opener}{_typst_nodes(node.items, in_script)}{closer}"
        if node.open == "(" and (node.sub or node.sup):
            base = f"lr({base})"
    elif node.tok.kind == "number":
        text = node.tok.text
        base = _typst_string(text) if "," in text else text
    else:
        base = _typst_word(node.tok.text, in_script)
    if node.sub:
        base += f"_({_typst_nodes(node.sub, True)})"
    if node.sup:
        base += f"^({_typst_nodes(node.sup, True)})"
    return base


def to_typst(text: str) -> str:
    """Typst math source (to put between $ … $) for a line of the solvers' notation."""
    return _typst_nodes(parse(text)).strip()


# ----------------------------------------------------------------------------- TeX


def _tex_text(text: str) -> str:
    escaped = "".join(TEX_SYMBOLS.get(c, c) if c in "%#&{}$_~^\\" else c for c in text)
    return rf"\text{{ {escaped} }}"


def _tex_word(text: str, in_script: bool) -> str:
    base, accent, prime = _word_parts(text)
    if len(base) == 1 or (in_script and base.isalpha() and len(base) <= 3):
        out = "".join(GREEK_TEX.get(c, c) for c in base)
    elif base in FUNCTIONS:
        out = "\\" + base + " "
    else:
        out = _tex_text(base)
    if accent:
        out = f"{TEX_ACCENTS[accent]}{{{out}}}"
    return out + ("'" if prime else "")


def _tex_nodes(nodes: list[Node], in_script: bool = False) -> str:
    return "".join(_tex_node(n, in_script) for n in nodes)


def _tex_node(node: Node, in_script: bool) -> str:
    if node.kind == "space":
        return " "
    if node.kind == "text":
        return _tex_text(node.tok.text)
    if node.kind == "op":
        text = node.tok.text
        base = "/" if text == "∕" else TEX_SYMBOLS.get(text, text)
        if node.sub or node.sup:
            base = "{" + base + "}"
            if node.sub:
                base += f"_{{{_tex_nodes(node.sub, True)}}}"
            if node.sup:
                base += f"^{{{_tex_nodes(node.sup, True)}}}"
            return base
        return base + (" " if base.startswith("\\") and base[-1].isalpha() else "")
    if node.kind == "frac":
        return rf"\frac{{{_tex_nodes(node.num)}}}{{{_tex_nodes(node.den)}}}"
    if node.kind == "sqrt":
        return rf"\sqrt{{{_tex_nodes(node.items)}}}"
    if node.kind == "group":
        opener = TEX_SYMBOLS.get(node.open, node.open)
        closer = TEX_SYMBOLS.get(node.close, node.close)
        base = rf"\left{opener if opener != '' else '.'}{_tex_nodes(node.items, in_script)}" \
               rf"\right{closer if closer != '' else '.'}"
        base = base.replace(r"\left\lfloor", r"\left\lfloor ").replace(r"\left\lceil", r"\left\lceil ")
    elif node.tok.kind == "number":
        base = node.tok.text.replace(",", "{,}")
    else:
        base = _tex_word(node.tok.text, in_script)
    if node.sub:
        base = f"{{{base}}}_{{{_tex_nodes(node.sub, True)}}}"
    if node.sup:
        base = f"{{{base}}}^{{{_tex_nodes(node.sup, True)}}}"
    return base


def to_tex(text: str) -> str:
    """TeX math source (to put between \\( … \\)) for a line of the solvers' notation."""
    return _tex_nodes(parse(text)).strip()


def value_tex(v, fmt=None) -> str:
    """A value as TeX: matrices as bmatrix (computed values at four decimals, given ones as written
    with ``fmt=numfmt.short``), anything else as the solvers write it."""
    from solvers import numfmt

    fmt = fmt or numfmt.fixed
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list) and v and all(isinstance(r, list) for r in v):
        rows = r" \\ ".join(" & ".join(fmt(x).replace("−", "-") for x in r) for r in v)
        return rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"
    return to_tex(numfmt.value(v))
