"""Reading YAML and JSON safely, remembering the line every key and item came from.

Only PyYAML's safe loader is used, with three changes that suit hand-written data:
``1e-3`` is a number (as in JSON), only ``true``/``false`` are booleans (so a choice
written ``No`` stays text), and aliases are refused (no billion-laughs files).
Mappings and sequences come back as :class:`LDict` and :class:`LList`, which carry
the 1-based line of each key or item, so that errors can say ``file:line``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import yaml

from quizrnn.errors import InputError
from quizrnn.files import MAX_BYTES, decode, read_bytes, read_text  # noqa: F401 - re-exported for the bank

MAX_NUMBER_TEXT = 400  # characters of one number: far beyond any real value, far below Python's limits


def _too_long(exc: Exception) -> str:
    text = str(exc)
    if "digits" in text:
        return "a number is far too long"
    return text


class LDict(dict):
    """A mapping that knows the line of each key (``lines``) and its own (``line``)."""

    __slots__ = ("lines", "line")

    def line_of(self, key, default: int = 0) -> int:
        return self.lines.get(key, self.line or default)


class LList(list):
    """A sequence that knows the line of each item (``lines``) and its own (``line``)."""

    __slots__ = ("lines", "line")

    def line_of(self, index: int, default: int = 0) -> int:
        if 0 <= index < len(self.lines):
            return self.lines[index]
        return self.line or default


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


class _Loader(_Base):
    """The safe loader's parser and resolver, with JSON-style floats and strict booleans."""


def _strip_resolvers() -> None:
    table = {}
    for first, resolvers in _Base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        table[first] = kept
    _Loader.yaml_implicit_resolvers = table
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
        list("-+0123456789"))


_strip_resolvers()

STR = "tag:yaml.org,2002:str"
_SCALARS = yaml.constructor.SafeConstructor()
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null,
}


def _fail(message: str, node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _convert(node, seen: set):
    """Plain data from a composed node: str, int, float, bool, None, LDict and LList only."""
    if id(node) in seen:  # an alias (*name) hands back a node already used
        raise _fail("aliases (*name) are not supported here", node)
    seen.add(id(node))
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == STR:
            return node.value
        make = _SCALAR_TAGS.get(node.tag)
        if make is None:
            raise _fail(f"unsupported tag {node.tag!r}", node)
        if len(node.value) > MAX_NUMBER_TEXT and node.tag != "tag:yaml.org,2002:null":
            raise _fail(f"a number of {len(node.value):,} characters is too long (at most {MAX_NUMBER_TEXT})",
                        node)
        try:
            value = make(node)
        except (ValueError, OverflowError) as exc:
            raise _fail(_too_long(exc), node) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(f"{node.value} is not a finite number", node)
        return value
    if kind is yaml.SequenceNode:
        out = LList(_convert(child, seen) for child in node.value)
        out.line = node.start_mark.line + 1
        out.lines = [child.start_mark.line + 1 for child in node.value]
        return out
    if kind is yaml.MappingNode:
        out = LDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail("a key must be plain text", key_node)
            key = _convert(key_node, seen)
            if key in out:
                raise _fail(f"duplicate key {key!r}", key_node)
            out[key] = _convert(value_node, seen)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    raise _fail("unsupported YAML node", node)  # pragma: no cover


def parse(text: str, name: str = "<text>"):
    """Parse YAML (or JSON) text; errors become ``name:line:col: problem``."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        return None if node is None else _convert(node, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "aliases" in str(exc.problem):
            mark = _first_alias(text) or mark
        problem = exc.problem or exc.context or "malformed YAML"
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise InputError(f"{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: malformed YAML ({exc})") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply") from None


def _first_alias(text: str):
    """Where the first *alias stands (the constructor only sees the node it points to)."""
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        return None
    return None


def load(path: Path, what: str = "file", limit: int = MAX_BYTES):
    """Load a YAML or JSON file (JSON syntax errors are reported the JSON way)."""
    text = read_text(path, what, limit)
    if path.suffix.lower() != ".json":
        return parse(text, str(path))
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"{path}: {_too_long(exc)}") from None
    try:
        return parse(text, str(path))  # the same data, with line numbers
    except InputError:
        return _unlocated(data)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


def _unlocated(data):
    """JSON data that YAML could not read (rare escapes, tabs): wrap it without lines."""
    if isinstance(data, dict):
        out = LDict((k, _unlocated(v)) for k, v in data.items())
        out.line, out.lines = 0, {}
        return out
    if isinstance(data, list):
        out = LList(_unlocated(v) for v in data)
        out.line, out.lines = 0, []
        return out
    return data
