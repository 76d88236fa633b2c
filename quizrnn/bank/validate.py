"""Validating bank items: every problem of every item, each as ``file:line: what is wrong``.

Unknown or missing keys, ids that are not kebab-case, answers out of range, unknown topics
or solvers, placeholders without a parameter, parameter rules that cannot be sampled,
control characters that could reach a terminal: each is reported at its line, and the
rest of the item is still checked, so one pass lists everything to fix.
"""

from __future__ import annotations

import re
import string

from quizrnn import yamlio
from quizrnn.bank.model import (KINDS, LETTERS, AnswerSpec, BankError, Choice, Item,
                                Mistake, Rule)
from quizrnn.keypoints import KeyPoint
from quizrnn.topics import TOPICS, TYPES

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
COMMON = {"id", "type", "topic", "difficulty", "source", "explanation", "hint", "tags"}
KEYS = {
    "mcq": (COMMON | {"question", "choices", "answer", "answers"},
            {"id", "type", "topic", "difficulty", "source", "explanation", "question", "choices"}),
    "interview": (COMMON | {"question", "answer", "key_points"},
                  {"id", "type", "topic", "difficulty", "source", "question", "answer", "key_points"}),
    "numeric": (COMMON | {"params", "prompt", "solver", "args", "answer", "mistakes"},
                {"id", "type", "topic", "difficulty", "source", "explanation", "prompt", "solver",
                 "answer"}),
}
RULES = ("choice", "range", "real", "vector", "matrix", "value", "expr")
MAX_DIM = 16
MAX_BOUND = 1e9  # sampled numbers stay far from overflow
MAX_EXPR = 300
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Reader:
    """Field access on one raw item. Problems are collected in ``errors``; ``fail`` builds one."""

    def __init__(self, raw: yamlio.LDict, path: str, line: int):
        self.raw, self.path, self.line = raw, path, line
        self.errors: list[BankError] = []

    def fail(self, key, message: str, line: int | None = None) -> BankError:
        at = line if line is not None else (self.raw.line_of(key, self.line) if key else self.line)
        return BankError(self.path, at, message)

    def attempt(self, check, *args):
        """Run one check; a BankError is recorded and the item's other checks go on."""
        try:
            return check(*args)
        except BankError as exc:
            self.errors.append(exc)
            return None

    def text(self, key: str, required: bool = True) -> str:
        if key not in self.raw:
            if required:
                raise self.fail(None, f"missing key {key!r}")
            return ""
        val = self.raw[key]
        if isinstance(val, bool) or not isinstance(val, (str, int, float)):
            raise self.fail(key, f"{key} must be text")
        val = str(val).strip()
        if required and not val:
            raise self.fail(key, f"{key} is empty")
        plain(val, lambda message: self.fail(key, f"{key}: {message}"))
        return val


def plain(text: str, fail) -> str:
    """Text with no control character that could reach a terminal (tab and newline are fine)."""
    found = CONTROL.search(text)
    if found:
        raise fail(f"control character U+{ord(found.group()):04X} at character {found.start() + 1}; "
                   "write text only")
    return text


def parse_item(raw, path: str, line: int) -> Item:
    """One item, or the first problem; :func:`problems` lists them all."""
    item, errors = read_item(raw, path, line)
    if errors:
        raise errors[0]
    return item


def read_item(raw, path: str, line: int) -> tuple[Item | None, list[BankError]]:
    """The item (None when it has problems) and every problem found in it."""
    if not isinstance(raw, dict):
        return None, [BankError(path, line, "each item is a mapping starting with 'id:'")]
    r = _Reader(raw, path, raw.line or line)
    line = raw.line or line
    item_type = raw.get("type")
    if item_type not in TYPES:
        if "type" not in raw:
            return None, [r.fail(None, "missing key 'type' (mcq, interview or numeric)")]
        return None, [r.fail("type", f"unknown type {item_type!r}: choose mcq, interview or numeric")]
    allowed, required = KEYS[item_type]
    for key in raw:
        if key not in allowed:
            r.errors.append(r.fail(key, f"unknown key {key!r} for a {item_type} item"))
    for key in sorted(required - set(raw)):
        r.errors.append(r.fail(None, f"missing key {key!r}"))
    item_id = raw.get("id")
    if "id" in raw and (not isinstance(item_id, str) or not ID_PATTERN.match(item_id)):
        r.errors.append(r.fail("id", f"id {item_id!r} must be kebab-case text such as lstm-forget-gate-role"))
    topic = raw.get("topic")
    if "topic" in raw and topic not in TOPICS:
        r.errors.append(r.fail("topic", f"unknown topic {topic!r}; topics are {', '.join(TOPICS)}"))
    difficulty = raw.get("difficulty")
    if "difficulty" in raw and (isinstance(difficulty, bool) or difficulty not in (1, 2, 3)):
        r.errors.append(r.fail("difficulty", f"difficulty must be 1, 2 or 3, got {difficulty!r}"))
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        r.errors.append(r.fail("tags", "tags must be a list of words"))
        tags = []
    texts = {key: r.attempt(r.text, key, required) for key, required in
             (("source", True), ("explanation", item_type != "interview"), ("hint", False))}
    item = Item(
        id=item_id if isinstance(item_id, str) else "", type=item_type, topic=topic, difficulty=difficulty,
        source=texts["source"] or "", explanation=texts["explanation"] or "", path=path, line=line,
        hint=texts["hint"] or "", tags=tuple(t.strip() for t in tags),
        lines={k: raw.line_of(k, line) for k in raw},
    )
    {"mcq": _mcq, "interview": _interview, "numeric": _numeric}[item_type](item, r)
    seen: set[str] = set()
    errors = [e for e in sorted(r.errors, key=lambda e: e.line) if not (e.message in seen or seen.add(e.message))]
    return (None if errors else item), errors


def _mcq(item: Item, r: _Reader) -> None:
    raw = r.raw
    item.question = r.attempt(r.text, "question") or ""
    choices = raw.get("choices")
    if choices is None:
        return
    if not isinstance(choices, list) or len(choices) < 2:
        r.errors.append(r.fail("choices", "choices must be a list of at least two"))
        return
    if len(choices) > len(LETTERS):
        r.errors.append(r.fail("choices", "too many choices"))
        return
    parsed: list[Choice | None] = [r.attempt(_choice, r, k, entry, choices.line_of(k, r.line))
                                   for k, entry in enumerate(choices)]
    seen: dict[str, int] = {}
    for k, choice in enumerate(parsed):
        if choice is None:
            continue
        key = " ".join(choice.text.lower().split())
        if key in seen:
            r.errors.append(r.fail(None, f"choice {LETTERS[k]} repeats choice {LETTERS[seen[key]]}",
                                   choices.line_of(k, r.line)))
        seen.setdefault(key, k)
    item.choices = tuple(c for c in parsed if c is not None)
    if ("answer" in raw) == ("answers" in raw):
        r.errors.append(r.fail(None, "give either answer (one right choice) or answers (several)"))
        return
    if "answer" in raw:
        index = r.attempt(_choice_index, r, "answer", raw["answer"], len(parsed))
        item.answers = () if index is None else (index,)
        if index is not None and parsed[index] is not None and parsed[index].why:
            r.errors.append(r.fail(None, f"choice {LETTERS[index]} is the answer but has a why "
                                         "(why explains a wrong choice)", choices.line_of(index, r.line)))
        return
    picks = raw["answers"]
    if not isinstance(picks, list) or not picks:
        r.errors.append(r.fail("answers", "answers must be a non-empty list of letters"))
        return
    indices = [r.attempt(_choice_index, r, "answers", p, len(parsed)) for p in picks]
    if None in indices:
        return
    if len(set(indices)) != len(indices):
        r.errors.append(r.fail("answers", "answers lists a choice twice"))
    item.answers = tuple(sorted(set(indices)))
    item.multi = True


def _choice(r: _Reader, k: int, entry, at: int) -> Choice:
    def fail(message):
        return r.fail(None, f"choice {LETTERS[k]}: {message}", at)

    if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
        choice = Choice(str(entry).strip())
    elif isinstance(entry, dict):
        unknown = set(entry) - {"text", "why"}
        if unknown:
            raise fail(f"unknown key {sorted(unknown, key=str)[0]!r} (a choice has text and why)")
        text, why = entry.get("text"), entry.get("why", "")
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            raise r.fail(None, f"choice {LETTERS[k]} needs text", at)
        if not isinstance(why, str):
            raise fail("why must be text")
        choice = Choice(str(text).strip(), why.strip())
    else:
        raise r.fail(None, f"choice {LETTERS[k]} must be text or a mapping with text and why", at)
    if not choice.text:
        raise r.fail(None, f"choice {LETTERS[k]} is empty", at)
    plain(choice.text, fail)
    plain(choice.why, fail)
    return choice


def _choice_index(r: _Reader, key: str, value, count: int) -> int:
    if isinstance(value, str) and len(value.strip()) == 1 and value.strip().upper() in LETTERS:
        index = LETTERS.index(value.strip().upper())
    elif isinstance(value, int) and not isinstance(value, bool):
        index = value
    else:
        raise r.fail(key, f"{key} must be a letter (A, B, ...) or a 0-based index, got {value!r}")
    if not 0 <= index < count:
        shown = value if isinstance(value, str) else f"index {value}"
        raise r.fail(key, f"{key} {shown} is out of range: there are {count} choices "
                          f"(A–{LETTERS[count - 1]}, or 0–{count - 1})")
    return index


def _interview(item: Item, r: _Reader) -> None:
    item.question = r.attempt(r.text, "question") or ""
    item.model_answer = r.attempt(r.text, "answer") or ""
    points = r.raw.get("key_points")
    if points is None:
        return
    if not isinstance(points, list) or not points:
        r.errors.append(r.fail("key_points", "key_points must be a non-empty list"))
        return
    parsed = [r.attempt(_key_point, r, entry, points.line_of(k, r.line)) for k, entry in enumerate(points)]
    item.key_points = tuple(p for p in parsed if p is not None)


def _key_point(r: _Reader, entry, at: int) -> KeyPoint:
    """A key point: its text, or a mapping with ``point`` and the ``match`` terms that show it."""
    def fail(message):
        return r.fail(None, f"key point: {message}", at)

    if isinstance(entry, str):
        if not entry.strip():
            raise fail("empty")
        return KeyPoint(plain(entry.strip(), fail))
    if not isinstance(entry, dict):
        raise fail("write the point as text, or as a mapping with point and match")
    unknown = set(entry) - {"point", "match"}
    if unknown:
        raise fail(f"unknown key {sorted(unknown, key=str)[0]!r} (a key point has point and match)")
    text = entry.get("point")
    if not isinstance(text, str) or not text.strip():
        raise fail("point must be text")
    terms = entry.get("match", [])
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise fail("match must be a list of phrases")
    from quizrnn.keypoints import term_words

    for term in terms:
        if not term_words(term):
            raise fail(f"match term {term!r} has no word to look for")
    return KeyPoint(plain(text.strip(), fail), tuple(plain(t.strip(), fail) for t in terms))


# ----------------------------------------------------------------------------- numeric templates


def _numeric(item: Item, r: _Reader) -> None:
    from solvers.catalog import REGISTRY

    raw = r.raw
    rules = raw.get("params", {})
    if rules is None:
        rules = {}
    parsed: list[Rule] = []
    if not isinstance(rules, dict):
        r.errors.append(r.fail("params", "params must be a mapping of name: rule"))
        rules = {}
    for name, spec in rules.items():
        at = rules.line_of(name, r.line)
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            r.errors.append(r.fail(None, f"parameter name {name!r} must be an identifier", at))
            continue
        rule = r.attempt(_rule, r, name, spec, at, [p.name for p in parsed])
        parsed.append(rule or Rule(name, "value", {"value": 0}, at))
    item.params = tuple(parsed)
    names = {p.name for p in parsed}
    item.prompt = r.attempt(r.text, "prompt") or ""
    for key in ("prompt", "hint", "explanation"):
        if key in raw and isinstance(raw[key], str):
            r.attempt(_placeholders, r, key, raw[key], names)
    solver = raw.get("solver")
    if solver is None:
        return
    if solver not in REGISTRY:
        r.errors.append(r.fail("solver", f"unknown solver {solver!r}; see 'quizrnn bank solvers'"))
        return
    item.solver = solver
    args = raw.get("args", {}) or {}
    if not isinstance(args, dict):
        r.errors.append(r.fail("args", "args must be a mapping of argument: value"))
        args = {}
    item.args = dict(args)
    r.attempt(_check_args, r, REGISTRY[solver], item.args, names, raw.line_of("args", r.line), True)
    if "answer" in raw:
        item.answer = r.attempt(_answer_spec, r, raw["answer"])
    mistakes = raw.get("mistakes", []) or []
    if not isinstance(mistakes, list):
        r.errors.append(r.fail("mistakes", "mistakes must be a list"))
        return
    out = [r.attempt(_mistake, r, item, m, mistakes.line_of(k, r.line), names) for k, m in enumerate(mistakes)]
    item.mistakes = tuple(m for m in out if m is not None)
    seen: set[str] = set()
    for m in item.mistakes:
        if m.name in seen:
            r.errors.append(r.fail(None, f"mistake {m.name!r} is declared twice", m.line))
        seen.add(m.name)


def _mistake(r: _Reader, item: Item, m, at: int, names: set[str]) -> Mistake:
    from solvers.catalog import REGISTRY

    if not isinstance(m, dict):
        raise r.fail(None, "a mistake is a mapping with name, feedback and args or solver", at)
    unknown = set(m) - {"name", "feedback", "args", "solver"}
    if unknown:
        first = sorted(unknown, key=str)[0]
        raise r.fail(None, f"mistake: unknown key {first!r}", m.line_of(first, at))
    name, feedback = m.get("name"), m.get("feedback")
    if not isinstance(name, str) or not name.strip():
        raise r.fail(None, "a mistake needs a name", at)
    if not isinstance(feedback, str) or not feedback.strip():
        raise r.fail(None, f"mistake {name!r} needs feedback", at)
    plain(name + feedback, lambda message: r.fail(None, f"mistake {name!r}: {message}", at))
    m_args = m.get("args", {}) or {}
    m_solver = m.get("solver")
    if not isinstance(m_args, dict):
        raise r.fail(None, f"mistake {name!r}: args must be a mapping", at)
    if m_solver is not None and m_solver not in REGISTRY:
        raise r.fail(None, f"mistake {name!r}: unknown solver {m_solver!r}", m.line_of("solver", at))
    if not m_args and m_solver is None:
        raise r.fail(None, f"mistake {name!r} changes nothing: give args or a solver", at)
    entry = REGISTRY[m_solver or item.solver]
    merged = {k: v for k, v in item.args.items() if k in entry.args} | dict(m_args)
    _check_args(r, entry, merged, names, at, complete=True, label=f"mistake {name!r}: ")
    return Mistake(name.strip(), feedback.strip(), dict(m_args), m_solver, at)


def _rule(r: _Reader, name: str, spec, at: int, earlier: list[str]) -> Rule:
    if not isinstance(spec, dict) or len(spec) == 0:
        raise r.fail(None, f"parameter {name}: a rule is a mapping such as {{choice: [1, 2]}}", at)
    kinds = [k for k in spec if k in RULES]
    if len(kinds) != 1:
        raise r.fail(None, f"parameter {name}: give exactly one of {', '.join(RULES)}", at)
    kind = kinds[0]
    extra = {"choice": set(), "range": {"step"}, "real": {"decimals"}, "vector": set(), "matrix": set(),
             "value": set(), "expr": set()}[kind]
    unknown = set(spec) - {kind} - extra
    if unknown:
        raise r.fail(None, f"parameter {name}: unknown key {sorted(unknown)[0]!r} for a {kind} rule", at)

    def ref_or(value, what, low=None, whole=False):
        if isinstance(value, str) and value.startswith("$"):
            if value[1:].split(".")[0] not in earlier:
                raise r.fail(None, f"parameter {name}: {what} {value} names no earlier parameter", at)
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
            raise r.fail(None, f"parameter {name}: {what} must be a {'whole ' if whole else ''}number, "
                               f"got {value!r}", at)
        if low is not None and value < low:
            raise r.fail(None, f"parameter {name}: {what} must be at least {low}, got {value}", at)
        _bounded(r, name, value, at)
        return value

    body = spec[kind]
    if kind == "expr":
        _check_expr(r, name, body, earlier, at)
    elif kind == "value":
        _bounded(r, name, body, at)
    elif kind == "choice":
        if not isinstance(body, list) or not body:
            raise r.fail(None, f"parameter {name}: choice needs a non-empty list", at)
        _bounded(r, name, body, at)
    elif kind == "range":
        if not isinstance(body, list) or len(body) != 2:
            raise r.fail(None, f"parameter {name}: range needs [low, high]", at)
        lo, hi = (ref_or(v, "a range bound", whole=True) for v in body)
        ref_or(spec.get("step", 1), "step", low=1, whole=True)
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            raise r.fail(None, f"parameter {name}: range [{lo}, {hi}] is empty", at)
    elif kind == "real":
        if not isinstance(body, list) or len(body) != 2:
            raise r.fail(None, f"parameter {name}: real needs [low, high]", at)
        lo, hi = (ref_or(v, "a bound") for v in body)
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
            raise r.fail(None, f"parameter {name}: real [{lo}, {hi}] is empty", at)
        decimals = spec.get("decimals", 2)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            raise r.fail(None, f"parameter {name}: decimals must be 0 to 6", at)
    elif kind in ("vector", "matrix"):
        if not isinstance(body, dict):
            raise r.fail(None, f"parameter {name}: {kind} needs a mapping (size, range, decimals)", at)
        dims = ("size",) if kind == "vector" else ("rows", "cols")
        unknown = set(body) - set(dims) - {"range", "decimals"}
        if unknown:
            raise r.fail(None, f"parameter {name}: unknown key {sorted(unknown)[0]!r} in {kind}", at)
        for dim in dims:
            if dim not in body:
                raise r.fail(None, f"parameter {name}: {kind} needs {dim}", at)
            val = ref_or(body[dim], dim, low=1, whole=True)
            if isinstance(val, int) and val > MAX_DIM:
                raise r.fail(None, f"parameter {name}: {dim} {val} is above {MAX_DIM}", at)
        bounds = body.get("range", [-1, 1])
        if not isinstance(bounds, list) or len(bounds) != 2 or not all(
                isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds) or bounds[0] > bounds[1]:
            raise r.fail(None, f"parameter {name}: {kind} range must be [low, high] numbers", at)
        _bounded(r, name, bounds, at)
        decimals = body.get("decimals", 1)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 3:
            raise r.fail(None, f"parameter {name}: {kind} decimals must be 0 to 3", at)
    return Rule(name, kind, dict(spec), at)


def _bounded(r: _Reader, name: str, value, at: int) -> None:
    """Every number in a rule stays within ±MAX_BOUND, so nothing sampled overflows."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        if not abs(value) <= MAX_BOUND:
            raise r.fail(None, f"parameter {name}: {value!r} is outside ±{MAX_BOUND:.0e}", at)
    elif isinstance(value, list):
        for v in value:
            _bounded(r, name, v, at)
    elif isinstance(value, dict):
        for v in value.values():
            _bounded(r, name, v, at)


def _check_expr(r: _Reader, name: str, body, earlier: list[str], at: int) -> None:
    """An expression over earlier parameters, with + - * / // % only."""
    import ast

    from quizrnn import arith

    if not isinstance(body, str) or not body.strip():
        raise r.fail(None, f"parameter {name}: expr needs an expression such as 'k * m + r'", at)
    if len(body) > MAX_EXPR:
        raise r.fail(None, f"parameter {name}: expr is longer than {MAX_EXPR} characters", at)
    try:
        tree = arith.parse_quietly(body.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise r.fail(None, f"parameter {name}: {body!r} is not an arithmetic expression", at) from None
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    unknown = sorted(used - set(earlier))
    if unknown:
        raise r.fail(None, f"parameter {name}: {unknown[0]!r} names no earlier parameter", at)
    try:
        arith.parse_expression(body, {n: 7 for n in used})
    except arith.ArithError as exc:
        raise r.fail(None, f"parameter {name}: {exc.message}", at) from None


def _placeholders(r: _Reader, key: str, text: str, names: set[str]) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise r.fail(key, f"{key}: broken placeholder ({exc}); write {{{{ and }}}} for literal braces") from None
    for _, field_name, spec, conversion in fields:
        if field_name is None:
            continue
        parts = (field_name or "").split(".")
        if not all(NAME_PATTERN.match(part) for part in parts) or any(p.startswith("_") for p in parts[1:]):
            raise r.fail(key, f"{key}: placeholder {{{field_name}}} must be a parameter name (or name.key)")
        if conversion:
            raise r.fail(key, f"{key}: placeholder {{{field_name}!{conversion}}}: conversions are not allowed")
        if field_name.split(".")[0] not in names:
            raise r.fail(key, f"{key}: placeholder {{{field_name}}} has no parameter")
        if spec and not re.fullmatch(r"[,_]?(\.\d)?[fe%]?", spec):
            raise r.fail(key, f"{key}: format {{{field_name}:{spec}}} is not supported")


def _check_args(r: _Reader, entry, args: dict, names: set[str], at: int, complete: bool,
                label: str = "") -> None:
    for arg, value in args.items():
        if arg not in entry.args:
            raise r.fail(None, f"{label}solver {entry.name} has no argument {arg!r} "
                               f"(it takes {', '.join(sorted(entry.args))})", at)
        for ref in _refs(value):
            if ref not in names:
                raise r.fail(None, f"{label}argument {arg}: ${ref} names no parameter", at)
    if complete:
        missing = [a for a in entry.required if a not in args]
        if missing:
            raise r.fail(None, f"{label}solver {entry.name} needs {', '.join(missing)}", at)


def _refs(value):
    if isinstance(value, str) and value.startswith("$"):
        yield value[1:].split(".")[0]
    elif isinstance(value, list):
        for v in value:
            yield from _refs(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _refs(v)


def _answer_spec(r: _Reader, raw) -> AnswerSpec:
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, dict):
        raise r.fail("answer", "answer must be a mapping such as {kind: integer}")
    unknown = set(raw) - {"kind", "rtol", "atol", "key", "symbols", "choices"}
    if unknown:
        raise r.fail("answer", f"answer: unknown key {sorted(unknown)[0]!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise r.fail("answer", f"answer kind must be one of {', '.join(KINDS)}, got {kind!r}")
    spec = AnswerSpec(kind)
    for tol in ("rtol", "atol"):
        if tol in raw:
            val = raw[tol]
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not 0 <= val < 1:
                raise r.fail("answer", f"answer {tol} must be a number from 0 up to 1")
            setattr(spec, tol, float(val))
    if "key" in raw:
        if not isinstance(raw["key"], str):
            raise r.fail("answer", "answer key must be text (h, c, weights, ...)")
        spec.key = raw["key"]
    if kind == "formula":
        symbols = raw.get("symbols", ["n", "d"])
        if not isinstance(symbols, list) or not all(isinstance(s, str) and NAME_PATTERN.match(s)
                                                    for s in symbols):
            raise r.fail("answer", "answer symbols must be a list of names")
        spec.symbols = tuple(symbols)
    if kind == "choice":
        choices = raw.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or not all(isinstance(c, str) for c in choices):
            raise r.fail("answer", "a choice answer lists its choices: [vanishes, explodes]")
        spec.choices = tuple(choices)
    return spec
