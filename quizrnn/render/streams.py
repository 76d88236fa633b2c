"""Standard output that never crashes on an encoding and writes clean text into files.

A Windows console, or a file written in a legacy code page (cp1252) or in ASCII, cannot
hold ·, ⊙, σ, ✓ or box lines: such characters are written in ASCII spellings instead
(``*``, ``(.)``, ``sigma``, ``v``), and anything else the encoding lacks as ``?``. Output
that goes to a file or a pipe loses the trailing spaces that terminal layout pads lines
with.
"""

from __future__ import annotations

import io
import sys

ASCII = {
    "·": "*", "⋅": "*", "×": "x", "÷": "/", "⊙": "(.)", "⊕": "(+)", "∘": "o", "−": "-", "–": "-", "—": "--",
    "σ": "sigma", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "η": "eta", "θ": "theta",
    "λ": "lambda", "μ": "mu", "π": "pi", "ρ": "rho", "τ": "tau", "φ": "phi", "ω": "omega", "Σ": "sum",
    "∑": "sum", "∏": "prod", "∂": "d", "√": "sqrt", "∞": "inf", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~",
    "⇔": "<=>", "⇒": "=>", "→": "->", "←": "<-", "↔": "<->", "∈": "in", "‖": "||", "⌊": "floor(", "⌋": ")",
    "⌈": "ceil(", "⌉": ")", "′": "'", "″": "''", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"',
    "✓": "v", "✗": "x", "◐": "~", "☐": "[ ]", "●": "*", "○": "o", "✎": ">", "⚠": "!", "•": "*",
    "²": "^2", "³": "^3", "¹": "^1", "⁰": "^0", "ᵀ": "^T", "⁻": "^-",
    "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3", "₄": "_4", "₅": "_5", "₆": "_6", "₇": "_7", "₈": "_8", "₉": "_9",
    "ₜ": "_t", "ₖ": "_k", "ᵢ": "_i", "ⱼ": "_j", "ₙ": "_n",
    "\u0303": "~", "\u0302": "^", "\u20d7": "->",
    "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
    "┬": "+", "┴": "+", "┼": "+", "═": "=", "║": "|", "╭": "+", "╮": "+", "╰": "+", "╯": "+",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}


class CleanWriter(io.TextIOBase):
    """A text stream in front of another: ASCII spellings where the encoding has no character,
    and (when ``strip``) no spaces at the end of lines."""

    def __init__(self, stream, strip: bool, ascii_fallback: bool):
        super().__init__()
        self.stream, self.strip, self.ascii_fallback = stream, strip, ascii_fallback
        self.encoding_name = getattr(stream, "encoding", None) or "utf-8"
        self._held = ""
        self._spelled: dict[str, str] = {}

    @property
    def encoding(self) -> str:
        return self.encoding_name

    @property
    def errors(self) -> str:
        return "replace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self.stream.fileno()

    def _spell(self, char: str) -> str:
        if char not in self._spelled:
            try:
                char.encode(self.encoding_name)
                self._spelled[char] = char
            except UnicodeEncodeError:
                out = ASCII.get(char)
                if out is None:
                    import unicodedata

                    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
                    out = base or "?"
                self._spelled[char] = out
        return self._spelled[char]

    def write(self, text: str) -> int:
        length = len(text)
        if self.ascii_fallback:
            try:
                text.encode(self.encoding_name)
            except UnicodeEncodeError:
                text = "".join(self._spell(c) for c in text)
        if self.strip:
            text = self._held + text
            lines = text.split("\n")
            last = lines.pop()
            body = "".join(line.rstrip(" ") + "\n" for line in lines)
            kept = last.rstrip(" ")
            self._held = last[len(kept):]
            text = body + kept
        if text:
            self.stream.write(text)
        return length

    def flush(self) -> None:
        try:
            self.stream.flush()
        except ValueError:  # the stream underneath was closed first (at exit, or by a test's capture)
            pass


def _needs_ascii(stream) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "·⊙σ✓─".encode(encoding)
        return False
    except (UnicodeEncodeError, LookupError):
        return True


def is_terminal(stream) -> bool:
    """Whether a stream is a terminal (False for None, closed or stream-like objects without isatty)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def clean(stream):
    """The stream, wrapped as needed (never twice)."""
    if stream is None or isinstance(stream, CleanWriter):
        return stream
    strip, ascii_fallback = not is_terminal(stream), _needs_ascii(stream)
    if not strip and not ascii_fallback:
        return stream
    return CleanWriter(stream, strip, ascii_fallback)


def prepare_standard_streams() -> None:
    """Wrap stdout and stderr once, at the start of a command."""
    sys.stdout = clean(sys.stdout)
    sys.stderr = clean(sys.stderr)
