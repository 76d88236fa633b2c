"""Reading a paper's machine key (``FILE-key.json``) for grading, refusing any key that is not one.

Every field is checked before a single answer is graded: a key written by a newer quizrnn,
an item id that is not in the bank (a tampered key, or a key from another bank), a
question whose stored answer does not have its declared kind. Each problem is one line
naming the variant and question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizrnn.bank import KINDS, AnswerSpec, Bank, Choice, Item, Mistake
from quizrnn.errors import InputError
from quizrnn.paper.key import FORMAT

MAX_KEY_BYTES = 64 * 1024 * 1024


@dataclass
class KeyQuestion:
    number: int
    item_id: str
    kind: str
    points: float
    answer_text: str
    topic: str = ""
    text: str = ""                    # the question or prompt as printed
    spec: AnswerSpec | None = None    # numeric
    expected: object = None
    mistakes: list = field(default_factory=list)
    mcq: Item | None = None           # an MCQ as printed (choices in this variant's order)
    order: tuple[int, ...] = ()
    explanation: str = ""
    model_answer: str = ""
    key_points: tuple[str, ...] = ()
    solution: object = None


@dataclass
class KeyVariant:
    code: str
    questions: list[KeyQuestion]

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass
class Key:
    title: str
    seed: int
    variants: dict[str, KeyVariant]
    path: str

    def variant(self, code: str) -> KeyVariant | None:
        return self.variants.get(code.strip().upper())


def load(path: Path, bank: Bank) -> Key:
    from quizrnn.files import parse_json, read_text

    data = parse_json(read_text(path, "key file", MAX_KEY_BYTES), path, "a quizrnn key")

    def fail(message: str) -> InputError:
        return InputError(f"{path}: {message}")

    if not isinstance(data, dict) or "variants" not in data or "format" not in data:
        raise fail("not a quizrnn key (quizrnn paper writes one beside every paper, as FILE-key.json)")
    if not isinstance(data["format"], int) or data["format"] > FORMAT:
        raise fail(f"written by quizrnn {data.get('quizrnn', '?')} (key format {data['format']}); this quizrnn "
                   f"reads format {FORMAT}: upgrade quizrnn to grade with it")
    variants = data["variants"]
    if not isinstance(variants, list) or not variants:
        raise fail("the key has no variants")
    out: dict[str, KeyVariant] = {}
    for v_index, raw in enumerate(variants, 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("code"), str) or not isinstance(raw.get("questions"),
                                                                                              list):
            raise fail(f"variant {v_index} is malformed (it needs a code and questions)")
        code = raw["code"].strip().upper()
        if code in out:
            raise fail(f"variant code {code} appears twice")
        questions = [_question(q, bank, lambda m, n=k: fail(f"variant {code}, question {n}: {m}"))
                     for k, q in enumerate(raw["questions"], 1)]
        numbers = [q.number for q in questions]
        if len(set(numbers)) != len(numbers):
            raise fail(f"variant {code}: a question number appears twice")
        out[code] = KeyVariant(code, questions)
    return Key(str(data.get("title", "")), data.get("seed", 0), out, str(path))


def _question(raw, bank: Bank, fail) -> KeyQuestion:
    if not isinstance(raw, dict):
        raise fail("malformed")
    kind, item_id = raw.get("kind"), raw.get("item")
    if kind not in ("mcq", "numeric", "interview"):
        raise fail(f"unknown kind {kind!r}")
    if not isinstance(item_id, str) or item_id not in bank.by_id:
        raise fail(f"item {item_id!r} is not in the bank: the key was changed, or it comes from a paper made "
                   "with another bank (give the same --bank folders)")
    if bank.by_id[item_id].type != kind:
        raise fail(f"item {item_id} is a {bank.by_id[item_id].type} item, not {kind}: the key was changed")
    number, points = raw.get("number"), raw.get("points")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise fail("the question number is missing")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 < points <= 1000:
        raise fail("points must be a number above 0")
    q = KeyQuestion(number, item_id, kind, float(points), str(raw.get("answer_text", "")),
                    str(raw.get("topic", bank.by_id[item_id].topic)), explanation=str(raw.get("explanation", "")))
    try:
        if kind == "mcq":
            _mcq(q, raw, bank.by_id[item_id])
        elif kind == "numeric":
            _numeric(q, raw)
        else:
            q.text = str(raw["question"])
            q.model_answer = str(raw.get("model_answer", ""))
            q.key_points = tuple(str(p) for p in raw.get("key_points", []))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise fail(f"malformed ({type(exc).__name__}: {exc})") from None
    return q


def _mcq(q: KeyQuestion, raw: dict, item: Item) -> None:
    from dataclasses import replace

    choices = tuple(Choice(str(c["text"]), str(c.get("why", ""))) for c in raw["choices"])
    answers = tuple(int(a) for a in raw["answers"])
    if len(choices) < 2 or not answers or not all(0 <= a < len(choices) for a in answers):
        raise ValueError("choices and answers do not agree")
    q.text = str(raw.get("question", item.question))
    q.order = tuple(int(k) for k in raw.get("order", range(len(choices))))
    q.mcq = replace(item, choices=choices, answers=answers, multi=bool(raw.get("multi", len(answers) > 1)),
                    question=q.text)


def _numeric(q: KeyQuestion, raw: dict) -> None:
    from quizrnn.paper.key import solution_from_data

    answer = raw["answer"]
    kind = answer["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}")
    q.spec = AnswerSpec(kind, float(answer.get("rtol", 1e-3)), float(answer.get("atol", 1e-3)),
                        symbols=tuple(answer.get("symbols", ())), choices=tuple(answer.get("choices", ())))

    def value(v):
        return tuple(v) if kind == "shape" else v

    q.expected = value(answer["value"])
    q.mistakes = [(Mistake(str(m["name"]), str(m["feedback"])), value(m["value"])) for m in raw.get("mistakes", [])]
    q.text = str(raw.get("prompt", ""))
    if "solution" in raw:
        q.solution = solution_from_data(raw["solution"])
