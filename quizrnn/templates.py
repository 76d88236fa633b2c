"""Turning a numeric template into a concrete problem: sample, round, solve.

A variant is fully determined by (item id, seed): the random generator is seeded from
a hash of both, so the same seed gives the same numbers on any machine. Values are
rounded before the solver sees them, so the worked solution uses exactly the numbers
the student reads.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from quizrnn.bank import Item, Mistake, Rule
from solvers import numfmt


class TemplateError(Exception):
    """A template that cannot be turned into a problem (found by ``bank check``)."""


@dataclass
class Variant:
    item: Item
    seed: int
    values: dict
    prompt: str
    solution: object
    expected: object
    mistakes: list[tuple[Mistake, object]] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return render(self.item.explanation, self.values)

    @property
    def hint(self) -> str:
        return render(self.item.hint, self.values)


ATTEMPTS = 25


def rng_for(item_id: str, seed: int, attempt: int = 0) -> random.Random:
    key = f"{item_id}:{seed}" if attempt == 0 else f"{item_id}:{seed}:{attempt}"
    digest = hashlib.sha256(key.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def sample(item: Item, seed: int, attempt: int = 0) -> dict:
    """The parameter values of one variant, in the order the rules give them."""
    rng = rng_for(item.id, seed, attempt)
    values: dict = {}
    for rule in item.params:
        values[rule.name] = _draw(rule, rng, values)
    return values


def lookup(path: str, values: dict):
    """A parameter's value, or one key of a mapping-valued parameter (``layer.cell``)."""
    name, *keys = path.split(".")
    value = values[name]
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise TemplateError(f"{path}: {name} has no key {key!r}")
        value = value[key]
    return value


def _ref(value, values: dict):
    if isinstance(value, str) and value.startswith("$"):
        return lookup(value[1:], values)
    return value


def _round(x: float, decimals: int) -> float:
    return round(x, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def _draw(rule: Rule, rng: random.Random, values: dict):
    spec = rule.spec
    if rule.kind == "value":
        return spec["value"]
    if rule.kind == "expr":
        from quizrnn import arith

        try:
            return arith.parse_expression(spec["expr"], values)
        except arith.ArithError as exc:
            raise TemplateError(f"parameter {rule.name}: {exc.message}") from None
    if rule.kind == "choice":
        return rng.choice(spec["choice"])
    if rule.kind == "range":
        lo, hi = (_ref(v, values) for v in spec["range"])
        step = _ref(spec.get("step", 1), values)
        if lo > hi:
            raise TemplateError(f"parameter {rule.name}: range [{lo}, {hi}] is empty")
        return rng.randrange(lo, hi + 1, step)
    if rule.kind == "real":
        lo, hi = (_ref(v, values) for v in spec["real"])
        return _round(rng.uniform(lo, hi), spec.get("decimals", 2))
    body = spec[rule.kind]
    lo, hi = body.get("range", [-1, 1])
    decimals = body.get("decimals", 1)
    if rule.kind == "vector":
        size = _ref(body["size"], values)
        return [_round(rng.uniform(lo, hi), decimals) for _ in range(size)]
    rows, cols = _ref(body["rows"], values), _ref(body["cols"], values)
    return [[_round(rng.uniform(lo, hi), decimals) for _ in range(cols)] for _ in range(rows)]


def show(value) -> str:
    """A parameter value as it appears in a prompt."""
    if isinstance(value, bool):
        return "True" if value else "False"  # prompts quote Python and Keras code
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return numfmt.short(value, 6)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def render(text: str, values: dict) -> str:
    """Fill {placeholders}; a format spec ({n:,}) applies to numbers."""
    import string

    out = []
    for literal, name, spec, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is None:
            continue
        value = lookup(name, values)
        out.append(format(value, spec) if spec and isinstance(value, (int, float)) else show(value))
    return "".join(out)


def resolve(args: dict, values: dict) -> dict:
    """Template arguments with every $name replaced by its value."""

    def one(v):
        if isinstance(v, str) and v.startswith("$"):
            return lookup(v[1:], values)
        if isinstance(v, list):
            return [one(e) for e in v]
        if isinstance(v, dict):
            return {k: one(e) for k, e in v.items()}
        return v

    return {k: one(v) for k, v in args.items()}


def pick(answer, key: str | None):
    """The part of a solver's answer the template asks for, as plain Python."""
    if key is not None:
        if not isinstance(answer, dict) or key not in answer:
            have = ", ".join(answer) if isinstance(answer, dict) else "a single value"
            raise TemplateError(f"answer key {key!r} is not in the solver's answer ({have})")
        answer = answer[key]
    elif isinstance(answer, dict):
        raise TemplateError(f"the solver answers with several parts ({', '.join(answer)}); "
                            "choose one with answer: {key: ...}")
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    return answer


def instantiate(item: Item, seed: int, with_mistakes: bool = True) -> Variant:
    """Sample, solve, and compute every declared mistake's value.

    A draw in which some declared mistake gives the right answer cannot tell that mistake
    apart, so the parameters are drawn again (deterministically, from the same item id and
    seed) until every mistake differs from the right answer.
    """
    from solvers.catalog import REGISTRY
    from solvers.errors import SolverError

    clash = ""
    for attempt in range(ATTEMPTS):
        values = sample(item, seed, attempt)
        args = resolve(item.args, values)
        try:
            solution = REGISTRY[item.solver](**args)
        except SolverError as exc:
            raise TemplateError(f"solver {item.solver} refused seed {seed}: {exc.message}") from None
        expected = pick(solution.answer, item.answer.key)
        variant = Variant(item, seed, values, render(item.prompt, values), solution, expected)
        if not with_mistakes:
            return variant
        for mistake in item.mistakes:
            variant.mistakes.append((mistake, mistake_value(item, mistake, args, values)))
        clash = next((m.name for m, value in variant.mistakes if same_answer(item, value, expected)), "")
        if not clash:
            return variant
    raise TemplateError(f"mistake {clash!r} gives the right answer in {ATTEMPTS} draws in a row; "
                        "choose parameters that tell them apart")


def same_answer(item: Item, a, b) -> bool:
    """Whether two answers of the item's kind would grade alike."""
    from quizrnn import grading

    kind = item.answer.kind
    if kind == "formula":
        return _same_formula(a, b, item.answer.symbols or ("n", "d"))
    try:
        return grading.matches(kind, a, b, item.answer) == 1.0
    except (TypeError, ValueError):
        return False


PROBES = (3, 7, 11, 2, 13, 5)


def _same_formula(a: str, b: str, symbols) -> bool:
    """Two solver-written formulas agree at several whole-number points (rational functions of
    low degree that agree at that many points are, for our purposes, the same)."""
    from quizrnn import arith

    for shift in range(4):
        values = {s: PROBES[(k + shift) % len(PROBES)] + shift for k, s in enumerate(symbols)}
        try:
            if arith.parse_expression(a, values) != arith.parse_expression(b, values):
                return False
        except arith.ArithError:
            return False
    return True


def mistake_value(item: Item, mistake: Mistake, args: dict, values: dict):
    from solvers.catalog import REGISTRY
    from solvers.errors import SolverError

    entry = REGISTRY[mistake.solver or item.solver]
    merged = {k: v for k, v in args.items() if k in entry.args} | resolve(mistake.args, values)
    try:
        wrong = entry(**merged)
    except SolverError as exc:
        raise TemplateError(f"mistake {mistake.name!r}: solver {entry.name} refused: {exc.message}") from None
    return pick(wrong.answer, item.answer.key)
