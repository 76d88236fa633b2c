"""Loading and validating the question bank.

Every problem stops loading with ``file:line: what is wrong``: unknown or missing keys,
duplicate ids, answers out of range, unknown topics or solvers, placeholders without a
parameter, parameter rules that cannot be sampled. YAML is read with the safe loader of
:mod:`quizrnn.yamlio`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from quizrnn import yamlio
from quizrnn.errors import InputError
from quizrnn.topics import TOPICS, TYPES

KINDS = ("integer", "real", "vector", "matrix", "formula", "shape", "choice")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
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
DEFAULT_RTOL = 1e-3
DEFAULT_ATOL = 1e-3


class BankError(InputError):
    """A problem in a bank file, with its place: ``file:line: what is wrong``."""

    def __init__(self, path, line: int, message: str):
        self.path, self.line, self.problem = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass
class Choice:
    text: str
    why: str = ""


@dataclass
class Rule:
    """How one parameter of a numeric template is sampled."""

    name: str
    kind: str
    spec: dict
    line: int


@dataclass
class AnswerSpec:
    kind: str
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    key: str | None = None
    symbols: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass
class Mistake:
    name: str
    feedback: str
    args: dict = field(default_factory=dict)
    solver: str | None = None
    line: int = 0


@dataclass
class Item:
    id: str
    type: str
    topic: str
    difficulty: int
    source: str
    explanation: str
    path: str
    line: int
    hint: str = ""
    tags: tuple[str, ...] = ()
    question: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[int, ...] = ()
    multi: bool = False
    model_answer: str = ""
    key_points: tuple[str, ...] = ()
    params: tuple[Rule, ...] = ()
    prompt: str = ""
    solver: str = ""
    args: dict = field(default_factory=dict)
    answer: AnswerSpec | None = None
    mistakes: tuple[Mistake, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Bank:
    items: list[Item]
    files: list[str]

    def __post_init__(self):
        self.by_id = {item.id: item for item in self.items}

    def select(self, topics=(), types=(), difficulty=None) -> list[Item]:
        return [i for i in self.items
                if (not topics or i.topic in topics) and (not types or i.type in types)
                and (difficulty is None or i.difficulty == difficulty)]


# ----------------------------------------------------------------------------- files


def builtin_dir() -> Path:
    import question_bank

    return Path(question_bank.__file__).resolve().parent


def bank_files(extra_dirs=(), builtin: bool = True) -> list[Path]:
    """The built-in bank files, then those of each --bank folder, in a stable order."""
    files = sorted(builtin_dir().rglob("*.yaml")) if builtin else []
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.exists():
            raise InputError(f"--bank: {folder}: no such folder")
        if not folder.is_dir():
            raise InputError(f"--bank: {folder}: not a folder")
        found = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        if not found:
            raise InputError(f"--bank: {folder}: no .yaml files in it")
        files += found
    return files


def load(extra_dirs=(), builtin: bool = True) -> Bank:
    """The whole bank; the first problem found stops loading with file:line."""
    bank, errors = check(extra_dirs, stop_at_first=True, builtin=builtin)
    if errors:
        raise errors[0]
    return bank


def check(extra_dirs=(), stop_at_first: bool = False, builtin: bool = True) -> tuple[Bank, list[BankError]]:
    """Load and validate every file; return the bank of valid items and every problem."""
    items: list[Item] = []
    errors: list[BankError] = []
    seen: dict[str, Item] = {}
    files = bank_files(extra_dirs, builtin)
    for path in files:
        cached = _cache_read(path)
        if cached is not None:
            for item in cached:
                if item.id in seen:
                    errors.append(BankError(item.path, item.line,
                                            f"duplicate id {item.id!r} (first at {seen[item.id].where})"))
                    if stop_at_first:
                        return Bank(items, [str(f) for f in files]), errors
                    continue
                seen[item.id] = item
                items.append(item)
            continue
        file_items: list[Item] = []
        file_errors = len(errors)
        try:
            data = yamlio.load(path, "bank file")
        except InputError as exc:
            errors.append(_as_bank_error(path, exc))
            if stop_at_first:
                break
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            errors.append(BankError(path, getattr(data, "line", 1) or 1,
                                    "a bank file is a list of items (each starting with '- id: ...')"))
            if stop_at_first:
                break
            continue
        for index, raw in enumerate(data):
            line = data.line_of(index, 1)
            try:
                item = parse_item(raw, str(path), line)
                if item.id in seen:
                    first = seen[item.id]
                    raise BankError(path, line, f"duplicate id {item.id!r} (first at {first.where})")
                seen[item.id] = item
                items.append(item)
                file_items.append(item)
            except BankError as exc:
                errors.append(exc)
                if stop_at_first:
                    return Bank(items, [str(f) for f in files]), errors
        if len(errors) == file_errors:
            _cache_write(path, file_items)
        if errors and stop_at_first:
            break
    return Bank(items, [str(f) for f in files]), errors


# ----------------------------------------------------------------------------- cache
#
# Parsing YAML is the slow part of loading (libyaml still builds a node per scalar), so each
# file's validated items are kept in the user data folder and reused while the file's size
# and modification time are unchanged. Only files without problems are cached; the cache is
# read back with an unpickler that accepts nothing but the bank's own classes.

_CACHE_CLASSES = {("quizrnn.bank", n) for n in ("Item", "Choice", "Rule", "AnswerSpec", "Mistake")} | {
    ("quizrnn.yamlio", "LDict"), ("quizrnn.yamlio", "LList"), ("builtins", "set"),
    ("builtins", "frozenset"), ("copyreg", "_reconstructor"), ("builtins", "object"),
    ("builtins", "dict"), ("builtins", "list")}


def _cache_key(path: Path) -> str | None:
    import hashlib

    from quizrnn import __version__
    from solvers.catalog import REGISTRY

    try:
        st = path.stat()
    except OSError:
        return None
    solvers = ";".join(f"{e.name}:{','.join(e.required)}:{','.join(e.optional)}" for e in REGISTRY.values())
    raw = f"{__version__}|{st.st_size}|{st.st_mtime_ns}|{solvers}|{TOPICS}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _cache_path(path: Path) -> Path:
    import hashlib

    from quizrnn.store import data_dir

    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]
    return data_dir() / "cache" / f"bank-{name}.pickle"


def _cache_read(path: Path) -> list[Item] | None:
    import pickle

    class Restricted(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) not in _CACHE_CLASSES:
                raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the bank cache")
            return super().find_class(module, name)

    key = _cache_key(path)
    try:
        with open(_cache_path(path), "rb") as fh:
            stored_key, stored_path, items = Restricted(fh).load()
    except Exception:  # noqa: BLE001 - a missing or damaged cache just means reading the file
        return None
    if stored_key != key or stored_path != str(path):
        return None
    return items


def _cache_write(path: Path, items: list[Item]) -> None:
    import os
    import pickle

    key = _cache_key(path)
    target = _cache_path(path)
    if key is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump((key, str(path), items), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass  # no cache where the data folder is not writable; loading still works


def _as_bank_error(path: Path, exc: InputError) -> BankError:
    """A reading error (``path:line:col: problem`` or ``path: problem``) as a BankError."""
    rest = exc.message.removeprefix(str(path)).lstrip(":")
    match = re.match(r"(\d+)(?::\d+)?: (.*)", rest)
    if match:
        return BankError(path, int(match.group(1)), match.group(2))
    return BankError(path, 0, rest.lstrip(": "))


# ----------------------------------------------------------------------------- items


class _Reader:
    """Field access on one raw item, raising BankError at the right line."""

    def __init__(self, raw: yamlio.LDict, path: str, line: int):
        self.raw, self.path, self.line = raw, path, line

    def fail(self, key, message: str, line: int | None = None) -> BankError:
        at = line if line is not None else (self.raw.line_of(key, self.line) if key else self.line)
        return BankError(self.path, at, message)

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
        return val


def parse_item(raw, path: str, line: int) -> Item:
    if not isinstance(raw, dict):
        raise BankError(path, line, "each item is a mapping starting with 'id:'")
    r = _Reader(raw, path, raw.line or line)
    line = raw.line or line
    item_type = raw.get("type")
    if item_type not in TYPES:
        if "type" not in raw:
            raise r.fail(None, "missing key 'type' (mcq, interview or numeric)")
        raise r.fail("type", f"unknown type {item_type!r}: choose mcq, interview or numeric")
    allowed, required = KEYS[item_type]
    for key in raw:
        if key not in allowed:
            raise r.fail(key, f"unknown key {key!r} for a {item_type} item")
    for key in sorted(required - set(raw)):
        raise r.fail(None, f"missing key {key!r}")
    item_id = raw["id"]
    if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):
        raise r.fail("id", f"id {item_id!r} must be kebab-case text such as lstm-forget-gate-role")
    topic = raw["topic"]
    if topic not in TOPICS:
        raise r.fail("topic", f"unknown topic {topic!r}; topics are {', '.join(TOPICS)}")
    difficulty = raw["difficulty"]
    if isinstance(difficulty, bool) or difficulty not in (1, 2, 3):
        raise r.fail("difficulty", f"difficulty must be 1, 2 or 3, got {difficulty!r}")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise r.fail("tags", "tags must be a list of words")
    item = Item(
        id=item_id, type=item_type, topic=topic, difficulty=difficulty, source=r.text("source"),
        explanation=r.text("explanation", item_type != "interview"), path=path, line=line,
        hint=r.text("hint", False), tags=tuple(tags),
    )
    {"mcq": _mcq, "interview": _interview, "numeric": _numeric}[item_type](item, r)
    return item


def _mcq(item: Item, r: _Reader) -> None:
    raw = r.raw
    item.question = r.text("question")
    choices = raw["choices"]
    if not isinstance(choices, list) or len(choices) < 2:
        raise r.fail("choices", "choices must be a list of at least two")
    if len(choices) > len(LETTERS):
        raise r.fail("choices", "too many choices")
    parsed = []
    for k, entry in enumerate(choices):
        at = choices.line_of(k, r.line)
        if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
            parsed.append(Choice(str(entry).strip()))
        elif isinstance(entry, dict):
            unknown = set(entry) - {"text", "why"}
            if unknown:
                raise r.fail(None, f"choice {LETTERS[k]}: unknown key {sorted(unknown)[0]!r} "
                                   "(a choice has text and why)", at)
            text, why = entry.get("text"), entry.get("why", "")
            if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
                raise r.fail(None, f"choice {LETTERS[k]} needs text", at)
            if not isinstance(why, str):
                raise r.fail(None, f"choice {LETTERS[k]}: why must be text", at)
            parsed.append(Choice(str(text).strip(), why.strip()))
        else:
            raise r.fail(None, f"choice {LETTERS[k]} must be text or a mapping with text and why", at)
        if not parsed[-1].text:
            raise r.fail(None, f"choice {LETTERS[k]} is empty", at)
    seen: dict[str, int] = {}
    for k, choice in enumerate(parsed):
        key = " ".join(choice.text.lower().split())
        if key in seen:
            raise r.fail(None, f"choice {LETTERS[k]} repeats choice {LETTERS[seen[key]]}",
                         choices.line_of(k, r.line))
        seen[key] = k
    item.choices = tuple(parsed)
    if ("answer" in raw) == ("answers" in raw):
        raise r.fail(None, "give either answer (one right choice) or answers (several)")
    if "answer" in raw:
        item.answers = (_choice_index(r, "answer", raw["answer"], len(parsed)),)
    else:
        picks = raw["answers"]
        if not isinstance(picks, list) or not picks:
            raise r.fail("answers", "answers must be a non-empty list of letters")
        indices = tuple(_choice_index(r, "answers", p, len(parsed)) for p in picks)
        if len(set(indices)) != len(indices):
            raise r.fail("answers", "answers lists a choice twice")
        item.answers = tuple(sorted(indices))
        item.multi = True


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
    item.question = r.text("question")
    item.model_answer = r.text("answer")
    points = r.raw["key_points"]
    if not isinstance(points, list) or not points or not all(isinstance(p, str) and p.strip()
                                                             for p in points):
        raise r.fail("key_points", "key_points must be a non-empty list of text")
    item.key_points = tuple(p.strip() for p in points)


# ----------------------------------------------------------------------------- numeric templates


def _numeric(item: Item, r: _Reader) -> None:
    from solvers.catalog import REGISTRY

    raw = r.raw
    rules = raw.get("params", {})
    if rules is None:
        rules = {}
    if not isinstance(rules, dict):
        raise r.fail("params", "params must be a mapping of name: rule")
    parsed: list[Rule] = []
    for name, spec in rules.items():
        at = rules.line_of(name, r.line)
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise r.fail(None, f"parameter name {name!r} must be an identifier", at)
        parsed.append(_rule(r, name, spec, at, [p.name for p in parsed]))
    item.params = tuple(parsed)
    names = {p.name for p in parsed}
    item.prompt = r.text("prompt")
    for key in ("prompt", "hint", "explanation"):
        if key in raw and isinstance(raw[key], str):
            _placeholders(r, key, raw[key], names)
    solver = raw["solver"]
    if solver not in REGISTRY:
        raise r.fail("solver", f"unknown solver {solver!r}; see 'quizrnn bank solvers'")
    item.solver = solver
    args = raw.get("args", {}) or {}
    if not isinstance(args, dict):
        raise r.fail("args", "args must be a mapping of argument: value")
    item.args = dict(args)
    _check_args(r, REGISTRY[solver], item.args, names, raw.line_of("args", r.line), complete=True)
    item.answer = _answer_spec(r, raw["answer"])
    mistakes = raw.get("mistakes", []) or []
    if not isinstance(mistakes, list):
        raise r.fail("mistakes", "mistakes must be a list")
    out = []
    for k, m in enumerate(mistakes):
        at = mistakes.line_of(k, r.line)
        if not isinstance(m, dict):
            raise r.fail(None, "a mistake is a mapping with name, feedback and args or solver", at)
        unknown = set(m) - {"name", "feedback", "args", "solver"}
        if unknown:
            raise r.fail(None, f"mistake: unknown key {sorted(unknown)[0]!r}", m.line_of(sorted(unknown)[0], at))
        name, feedback = m.get("name"), m.get("feedback")
        if not isinstance(name, str) or not name.strip():
            raise r.fail(None, "a mistake needs a name", at)
        if not isinstance(feedback, str) or not feedback.strip():
            raise r.fail(None, f"mistake {name!r} needs feedback", at)
        m_args = m.get("args", {}) or {}
        m_solver = m.get("solver")
        if not isinstance(m_args, dict):
            raise r.fail(None, f"mistake {name!r}: args must be a mapping", at)
        if m_solver is not None and m_solver not in REGISTRY:
            raise r.fail(None, f"mistake {name!r}: unknown solver {m_solver!r}", m.line_of("solver", at))
        if not m_args and m_solver is None:
            raise r.fail(None, f"mistake {name!r} changes nothing: give args or a solver", at)
        entry = REGISTRY[m_solver or solver]
        merged = {k: v for k, v in item.args.items() if k in entry.args} | dict(m_args)
        _check_args(r, entry, merged, names, at, complete=True, label=f"mistake {name!r}: ")
        out.append(Mistake(name.strip(), feedback.strip(), dict(m_args), m_solver, at))
    item.mistakes = tuple(out)


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
        return value

    body = spec[kind]
    if kind == "expr":
        _check_expr(r, name, body, earlier, at)
    elif kind == "choice":
        if not isinstance(body, list) or not body:
            raise r.fail(None, f"parameter {name}: choice needs a non-empty list", at)
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
        decimals = body.get("decimals", 1)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 3:
            raise r.fail(None, f"parameter {name}: {kind} decimals must be 0 to 3", at)
    return Rule(name, kind, dict(spec), at)


def _check_expr(r: _Reader, name: str, body, earlier: list[str], at: int) -> None:
    """An expression over earlier parameters, with + - * / // % only."""
    import ast

    from quizrnn import arith

    if not isinstance(body, str) or not body.strip():
        raise r.fail(None, f"parameter {name}: expr needs an expression such as 'k * m + r'", at)
    try:
        tree = arith.parse_quietly(body.strip(), mode="eval")
    except SyntaxError:
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
