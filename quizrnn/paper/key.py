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


KEPT_DETAILS = ("layers", "state_labels")


def _tagged(value):
    """Like _plain, but a tuple (a shape) stays recognisable: {"tuple": [...]}."""
    if isinstance(value, tuple):
        return {"tuple": [_tagged(v) for v in value]}
    if isinstance(value, dict):
        return {str(k): _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if hasattr(value, "tolist"):
        return _tagged(value.tolist())
    return value


def _untagged(value):
    if isinstance(value, dict):
        if set(value) == {"tuple"} and isinstance(value["tuple"], list):
            return tuple(_untagged(v) for v in value["tuple"])
        return {k: _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    return value


def solution_data(solution) -> dict:
    """A worked solution as data for the key: its steps and the details renderers show."""
    steps = []
    for st in solution.steps:
        step = {k: v for k, v in (("title", st.title), ("group", st.group), ("formula", st.formula),
                                  ("substitution", st.substitution), ("name", st.name), ("note", st.note)) if v}
        if st.result is not None:
            step["result"] = _tagged(st.result)
        if st.shows:
            step["shows"] = [[label, _tagged(v)] for label, v in st.shows]
        steps.append(step)
    return {"kind": solution.kind, "title": solution.title, "answer": _tagged(solution.answer), "steps": steps,
            "details": {k: _tagged(v) for k, v in solution.details.items() if k in KEPT_DETAILS},
            "notes": list(solution.notes)}


def solution_from_data(data: dict):
    """The worked solution stored in a key, as a Solution the renderers take."""
    from solvers.solution import Solution, Step

    steps = [Step(s.get("title", ""), s.get("formula", ""), s.get("substitution", ""),
                  _untagged(s.get("result")), s.get("name", ""), s.get("group", ""),
                  tuple((label, _untagged(v)) for label, v in s.get("shows", [])), s.get("note", ""))
             for s in data.get("steps", [])]
    return Solution(data.get("kind", ""), data.get("title", ""), _untagged(data.get("answer")), steps,
                    _untagged(data.get("details", {})), list(data.get("notes", [])))


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
            "solution": solution_data(q.variant.solution),
        })
    else:
        data.update({
            "question": item.question,
            "model_answer": item.model_answer,
            "key_points": [p.text for p in item.key_points],
            "explanation": item.explanation,
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
