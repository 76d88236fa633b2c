"""An Anki deck (``.apkg``): one deck per topic under ``quizrnn``, one note type per kind of question.

* MCQ: the question and its choices on the front; the right answer, why each wrong choice
  is wrong, and the explanation on the back.
* Interview: the question on the front; the model answer and its key points on the back.
* Numeric: one variant on the front; the answer and its worked solution on the back.

Each note's GUID comes from the item id (and a variant's seed), so importing an updated
deck updates the notes instead of adding copies; the note types and decks have fixed ids for
the same reason. Tags: ``quizrnn``, the topic, the kind and ``difficulty::N``. Math is TeX
between ``\\( … \\)``, which Anki renders with its MathJax.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile

from quizrnn.bank import LETTERS
from quizrnn.export import Export, Left
from quizrnn.render import lms

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: #1a1a1a; background: #fff; }
.kind { font-size: 12px; color: #777; margin-bottom: 0.6em; }
code, pre { font-family: monospace; font-size: 0.92em; background: #f3f3f3; }
pre { padding: 0.5em; overflow-x: auto; }
ol.choices { padding-left: 1.6em; }
.answer { font-weight: bold; color: #0a6b2b; }
.why { color: #555; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }
"""


def stable_id(name: str) -> int:
    """An id Anki accepts (a positive 63-bit int), the same for the same name."""
    return int.from_bytes(hashlib.sha256(f"quizrnn:{name}".encode()).digest()[:8], "big") >> 2 | 1 << 40


def _models():
    import genanki

    def model(name, fields, front, back):
        return genanki.Model(stable_id(f"model:{name}"), f"quizrnn {name}", fields=[{"name": f} for f in fields],
                             templates=[{"name": name, "qfmt": front, "afmt": back}], css=CSS)

    head = '<div class="kind">{{Topic}} · {{Kind}}</div>'
    return {
        "mcq": model("multiple choice", ["Question", "Choices", "Answer", "Why", "Explanation", "Topic", "Kind", "Item"],
                     head + "{{Question}}{{Choices}}",
                     '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>{{Explanation}}'
                     '<div class="why">{{Why}}</div>'),
        "interview": model("interview", ["Question", "ModelAnswer", "KeyPoints", "Topic", "Kind", "Item"],
                           head + "{{Question}}", '{{FrontSide}}<hr id="answer">{{ModelAnswer}}{{KeyPoints}}'),
        "numeric": model("numeric", ["Question", "Answer", "Solution", "Topic", "Kind", "Item", "Seed"],
                         head + "{{Question}}",
                         '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>{{Solution}}'),
    }


def _fields(q) -> list[str]:
    topic, kind = lms.escape(q.item.topic), {"mcq": "multiple choice"}.get(q.kind, q.kind)
    if q.kind == "mcq":
        answer = "<br>".join(f"{LETTERS[k]}) {lms.choice(q.choices[k].text)}" for k in q.answers)
        why = "".join(f"<p>{LETTERS[k]}: {lms.choice(c.why)}</p>" for k, c in enumerate(q.choices)
                      if k not in q.answers and c.why)
        return [lms.question(q), lms.choices(q).replace("<ol ", '<ol class="choices" ', 1), answer, why,
                lms.prose(q.item.explanation) if q.item.explanation else "", topic, kind, lms.escape(q.item.id)]
    if q.kind == "interview":
        points = "<p><strong>Key points</strong></p><ul>" + "".join(
            f"<li>{lms.inline(p.text)}</li>" for p in q.item.key_points) + "</ul>"
        return [lms.question(q), "<p><strong>Model answer</strong></p>" + lms.prose(q.item.model_answer), points,
                topic, kind, lms.escape(q.item.id)]
    solution = (lms.prose(q.variant.explanation) if q.variant.explanation else "") + lms.solution(q.variant.solution)
    return [lms.question(q), lms.escape(q.answer_text()), solution, topic, kind, lms.escape(q.item.id), str(q.seed)]


def write(export: Export) -> tuple[bytes, list[Left]]:
    import genanki

    models = _models()
    decks: dict[str, genanki.Deck] = {}
    for q in export.questions:
        name = f"quizrnn::{q.item.topic}"
        if name not in decks:
            decks[name] = genanki.Deck(stable_id(f"deck:{name}"), name)
        tags = ["quizrnn", q.item.topic, q.kind, f"difficulty::{q.item.difficulty}"]
        guid = genanki.guid_for("quizrnn", q.item.id, q.seed if q.seed is not None else "")
        decks[name].add_note(genanki.Note(model=models[q.kind], fields=_fields(q), tags=tags, guid=guid))
    package = genanki.Package([decks[name] for name in sorted(decks)])
    return _apkg(package), []


def _apkg(package) -> bytes:
    """The package as bytes; its collection is built in a temporary file that is always removed."""
    fd, path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        db = sqlite3.connect(path)
        try:
            now = time.time()
            package.write_to_db(db.cursor(), now, itertools.count(int(now * 1000)))
            db.commit()
        finally:
            db.close()
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(path, "collection.anki2")
            zf.writestr("media", "{}")
        return stream.getvalue()
    finally:
        os.unlink(path)
