"""The machine key of a paper (``FILE-key.json``), which ``quizrnn grade`` reads.

Each question is stored as data: for a numeric template the numbers drawn, the expected
value, its tolerance and every declared mistake's value; for an MCQ the choices in the order
printed; for an interview item its points, model answer and key points. Grading therefore
never has to draw the variant again, and gives the score ``practice`` gives for the same
answer. The format is documented in docs/paper-key.md.
"""

from __future__ import annotations

import json

from quizrnn import __version__
from quizrnn.paper.model import Paper, Question

FORMAT = 1


def _plain(value):
    """JSON data: tuples as lists, NumPy values as Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def question_data(q: Question) -> dict:
    item = q.item
    data = {"number": q.number, "item": item.id, "section": q.section, "kind": q.kind, "topic": item.topic,
            "difficulty": item.difficulty, "points": q.points, "seed": q.seed, "answer_text": q.answer_text()}
    if q.kind == "mcq":
        data.update({
            "question": item.question,
            "choices": [{"text": c.text, "why": c.why} for c in q.choices],
            "order": list(q.order),
            "answers": q.answers,
            "multi": item.multi,
            "explanation": item.explanation,
        })
    elif q.kind == "numeric":
        spec = item.answer
        data.update({
            "prompt": q.variant.prompt,
            "values": _plain(q.variant.values),
            "answer": {"kind": spec.kind, "value": _plain(q.variant.expected), "rtol": spec.rtol, "atol": spec.atol,
                       "symbols": list(spec.symbols), "choices": list(spec.choices)},
            "mistakes": [{"name": m.name, "feedback": m.feedback, "value": _plain(v)} for m, v in q.variant.mistakes],
            "explanation": q.variant.explanation,
        })
    else:
        data.update({
            "question": item.question,
            "model_answer": item.model_answer,
            "key_points": [p.text for p in item.key_points],
        })
    return data


def key_data(paper: Paper) -> dict:
    return {
        "quizrnn": __version__,
        "format": FORMAT,
        "title": paper.title,
        "seed": paper.seed,
        "variants": [{"code": v.code, "seed": v.seed, "points": v.points,
                      "questions": [question_data(q) for q in v.questions]} for v in paper.variants],
    }


def key_json(paper: Paper) -> str:
    return json.dumps(key_data(paper), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
