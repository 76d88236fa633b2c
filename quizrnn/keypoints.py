"""Which key points of an interview question a typed answer covers.

In the spirit of Moodle's pattern-match question type: each key point may carry ``match``
terms, alternatives of which any one is enough. A term is a phrase whose words must all
appear somewhere in the answer, in any order. Words are compared after light stemming
(``gates``, ``gating`` and ``gated`` are one word), and a word of five letters or more
may have one letter wrong, missing, extra or two swapped (``vanshing``). Small words
(the, of, a, ...) in a term are ignored.

The share of key points covered suggests a self-grade; the student confirms or overrides
it. Nothing here is a verdict: a person's judgement stays the grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STOP = frozenset("""a an the of to in on at by for with and or is are be it its this that as from into
than then so do does""".split())
SUFFIXES = ("isations", "izations", "isation", "ization", "ational", "ations", "ation", "nesses", "ness",
            "ments", "ment", "ize", "iz", "ingly", "ings", "ing", "edly", "ies", "ied", "ers", "er", "ed", "es", "ly",
            "al", "s", "e")
WORD = re.compile(r"[a-z0-9]+")
FUZZY_FROM = 5  # words at least this long may have one slip


@dataclass(frozen=True)
class KeyPoint:
    """One point a full answer makes, with the phrases that show it was made."""

    text: str
    match: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: known suffixes removed, one after another, while three letters remain."""
    word = word.lower()
    while True:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
                    word = word[:-1]  # clipp(ing) -> clip
                break
        else:
            return word


def words(text: str) -> list[str]:
    """The stems of the words of a text (British and American spellings folded together)."""
    text = text.lower().replace("ise", "ize").replace("yse", "yze").replace("our", "or")
    return [stem(w) for w in WORD.findall(text)]


def _one_slip(a: str, b: str) -> bool:
    """Whether b is a with one letter changed, dropped, added, or two neighbours swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [k for k in range(la) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if la < lb else (b, a)
    k = 0
    while k < len(short) and short[k] == long_[k]:
        k += 1
    return short[k:] == long_[k + 1:]


def _has(word: str, answer: set[str]) -> bool:
    if word in answer:
        return True
    if len(word) < FUZZY_FROM:
        return False
    return any(len(w) >= FUZZY_FROM - 1 and _one_slip(word, w) for w in answer)


@lru_cache(maxsize=16384)
def term_words(term: str) -> tuple[str, ...]:
    """The words of a match term that must appear (small words dropped)."""
    return tuple(w for w, raw in zip(words(term), WORD.findall(term.lower())) if raw not in STOP)


def covers(point: KeyPoint, answer_words: set[str]) -> bool:
    """Whether any of the point's terms has all its words in the answer."""
    for term in point.match:
        needed = term_words(term)
        if needed and all(_has(w, answer_words) for w in needed):
            return True
    return False


def covered(points, answer: str) -> list[bool]:
    """For each key point, whether the typed answer makes it."""
    found = set(words(answer))
    return [covers(p, found) for p in points]


def suggest(points, answer: str) -> tuple[list[bool], str | None]:
    """The points covered and the self-grade they suggest (None when no point has terms).

    Most points covered suggests good, about half hard, fewer again; easy is left to the
    student.
    """
    flags = covered(points, answer)
    gradable = [f for p, f in zip(points, flags) if p.match]
    if not gradable or not answer.strip():
        return flags, None
    share = sum(gradable) / len(gradable)
    rating = "good" if share >= 0.75 else ("hard" if share >= 0.4 else "again")
    return flags, rating
