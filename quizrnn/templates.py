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
        lo, hi = (_number(rule, "a range bound", _ref(v, values), whole=True) for v in spec["range"])
        step = _number(rule, "step", _ref(spec.get("step", 1), values), whole=True)
        if lo > hi:
            raise TemplateError(f"parameter {rule.name}: range [{lo}, {hi}] is empty")
        if step < 1:
            raise TemplateError(f"parameter {rule.name}: step must be at least 1, got {step}")
        return rng.randrange(lo, hi + 1, step)
    if rule.kind == "real":
        lo, hi = (_number(rule, "a bound", _ref(v, values)) for v in spec["real"])
        if lo > hi:
            raise TemplateError(f"parameter {rule.name}: real [{lo}, {hi}] is empty")
        return _round(rng.uniform(lo, hi), spec.get("decimals", 2))
    body = spec[rule.kind]
    lo, hi = body.get("range", [-1, 1])
    decimals = body.get("decimals", 1)
    if rule.kind == "vector":
        size = _dimension(rule, "size", _ref(body["size"], values))
        return [_round(rng.uniform(lo, hi), decimals) for _ in range(size)]
    rows = _dimension(rule, "rows", _ref(body["rows"], values))
    cols = _dimension(rule, "cols", _ref(body["cols"], values))
    return [[_round(rng.uniform(lo, hi), decimals) for _ in range(cols)] for _ in range(rows)]


def _number(rule: Rule, what: str, value, whole: bool = False):
    """A sampled bound that came from another parameter, checked like a literal one."""
    from quizrnn.bank.validate import MAX_BOUND

    if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
        raise TemplateError(f"parameter {rule.name}: {what} must be a {'whole ' if whole else ''}number, "
                            f"got {value!r}")
    if not abs(value) <= MAX_BOUND:
        raise TemplateError(f"parameter {rule.name}: {what} {value!r} is outside ±{MAX_BOUND:.0e}")
    return value


def _dimension(rule: Rule, what: str, value) -> int:
    """A vector or matrix size from another parameter: a whole number from 1 to MAX_DIM."""
    from quizrnn.bank.validate import MAX_DIM

    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DIM:
        raise TemplateError(f"parameter {rule.name}: {what} must be a whole number from 1 to {MAX_DIM}, "
                            f"got {value!r}")
    return value


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

    A draw in which some declared mistake could be taken for the right answer, or two
    mistakes for each other, cannot tell them apart, so the parameters are drawn again
    (deterministically, from the same item id and seed) until every value is apart from
    every other by more than a hand computation at four decimals can blur (see
    :func:`too_close`). Any failure of the template is a TemplateError.
    """
    clash = ""
    for attempt in range(ATTEMPTS):
        try:
            variant = _draw_variant(item, seed, attempt, with_mistakes)
        except TemplateError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a bank's template does wrong is a bank problem
            raise TemplateError(f"the template failed: {type(exc).__name__}: {exc}") from None
        if not with_mistakes:
            return variant
        clash = _clash(item, variant)
        if not clash:
            return variant
    raise TemplateError(f"{clash} in {ATTEMPTS} draws in a row; choose parameters that tell them apart")


def _draw_variant(item: Item, seed: int, attempt: int, with_mistakes: bool) -> Variant:
    from solvers.catalog import REGISTRY
    from solvers.errors import SolverError

    values = sample(item, seed, attempt)
    args = resolve(item.args, values)
    try:
        solution = REGISTRY[item.solver](**args)
    except SolverError as exc:
        raise TemplateError(f"solver {item.solver} refused seed {seed}: {exc.message}") from None
    expected = pick(solution.answer, item.answer.key)
    _finite(expected, "the answer")
    variant = Variant(item, seed, values, render(item.prompt, values), solution, expected)
    if with_mistakes:
        for mistake in item.mistakes:
            value = mistake_value(item, mistake, args, values)
            _finite(value, f"mistake {mistake.name!r}")
            variant.mistakes.append((mistake, value))
    return variant


def _finite(value, what: str) -> None:
    import math

    for v in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(v, (list, tuple)):
            _finite(v, what)
        elif isinstance(v, float) and not math.isfinite(v):
            raise TemplateError(f"{what} is not a finite number ({v})")


def _clash(item: Item, variant: Variant) -> str:
    """Why two of the variant's values cannot be told apart ('' when all can)."""
    for mistake, value in variant.mistakes:
        if too_close(item, value, variant.expected):
            return f"mistake {mistake.name!r} gives the right answer"
    for k, (first, a) in enumerate(variant.mistakes):
        for second, b in variant.mistakes[k + 1:]:
            if too_close(item, a, b):
                return f"mistakes {first.name!r} and {second.name!r} give the same value"
    return ""


def too_close(item: Item, a, b) -> bool:
    """Whether two answers could be taken for each other.

    Whole numbers, shapes, words and formulas: when equal. Reals, vectors and matrices: when
    no component is more than twice the tolerance apart, since a hand computation with
    four-decimal intermediates may land anywhere within the tolerance of either value.
    """
    kind = item.answer.kind
    if kind == "formula":
        from quizrnn import formula

        return formula.same(a, b, item.answer.symbols or ("n", "d"))
    if kind == "shape":
        return tuple(a) == tuple(b)
    if kind in ("integer", "choice"):
        return a == b
    from quizrnn.grading import flat

    try:
        fa, fb = flat(a), flat(b)
    except (TypeError, ValueError):
        return False
    if len(fa) != len(fb):
        return False
    spec = item.answer
    return all(abs(x - y) <= 2 * max(spec.atol, spec.rtol * max(abs(x), abs(y))) for x, y in zip(fa, fb))


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
