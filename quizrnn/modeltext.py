"""Reading a model description (text or a Python file) into layer specs, without running it.

The text is parsed with :mod:`ast` and only read: layer calls with literal arguments
(numbers, strings, True/False/None, tuples), names bound to such literals at the top
of a file, and + − × ÷ between numbers. Anything else (a call that is not a layer,
attribute access outside the known module paths, lambdas, subscripts, dunder names)
is refused with the line and column where it stands. Nothing is ever evaluated or
imported.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass
from pathlib import Path

from quizrnn import arith, yamlio
from quizrnn.errors import InputError
from solvers.layers import KERAS_LAYERS, PYTORCH_LAYERS, LayerClass, known_names, lookup
from solvers.summary import LayerSpec

MAX_TEXT = 200_000
MAX_LAYERS = 500
SEQUENTIAL = ("Sequential", "keras.Sequential", "tf.keras.Sequential", "models.Sequential",
              "keras.models.Sequential", "tf.keras.models.Sequential", "nn.Sequential",
              "torch.nn.Sequential", "tensorflow.keras.Sequential")


@dataclass
class _Source:
    """Where the text came from, for messages: a file name or 'model text'."""

    name: str
    is_file: bool

    def at(self, node: ast.AST) -> str:
        line = getattr(node, "lineno", 0)
        col = getattr(node, "col_offset", -1) + 1
        if self.is_file:
            return f"{self.name}:{line}"
        return f"col {col}" if line <= 1 else f"line {line}, col {col}"

    def error(self, node: ast.AST, message: str) -> InputError:
        return InputError(f"{self.at(node)}: {message}" if self.is_file else
                          f"model text, {self.at(node)}: {message}")


def parse(text_or_path: str, name: str | None = None) -> list[list[LayerSpec]]:
    """Layer specs from model text, or from the Python file at that path."""
    path = Path(text_or_path)
    looks_like_file = text_or_path.endswith((".py", ".txt")) and "(" not in text_or_path
    try:
        is_file = looks_like_file or path.is_file()
    except (OSError, ValueError):
        is_file = False
    if is_file:
        source = yamlio.read_text(path, "model file")
        return parse_file(source, str(path), name)
    if name:
        raise InputError("--name picks a model inside a Python file; model text holds just one")
    return parse_text(text_or_path)


def parse_text(text: str) -> list[list[LayerSpec]]:
    """Layer text: ``LSTM(64), Dense(1)``, or several branches separated by ``;``."""
    src = _Source("model text", False)
    if not text.strip():
        raise InputError("the model text is empty; write layers like \"LSTM(64, input_shape=(10, 8)), "
                         "Dense(1)\"")
    if len(text) > MAX_TEXT:
        raise InputError(f"the model text is too long ({len(text):,} characters)")
    try:
        tree = arith.parse_quietly(text.strip())
    except SyntaxError as exc:
        raise InputError(f"model text, col {exc.offset or 0}: not valid layer syntax ({exc.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise InputError("model text: nested too deeply") from None
    branches = []
    count = 0
    for stmt in tree.body:
        if not isinstance(stmt, ast.Expr):
            raise src.error(stmt, "only layer calls are read, not statements")
        body = stmt.value
        if isinstance(body, ast.Call) and _dotted(body.func) in SEQUENTIAL:
            items = _sequential_items(body, src)
        elif isinstance(body, (ast.Tuple, ast.List)):
            items = list(body.elts)
        else:
            items = [body]
        layers = _layers(items, src, {})
        for spec in layers:
            count += 1
            spec.where = f"layer {count}"
        branches.append(layers)
    if not branches:
        raise InputError("the model text holds no layers")
    return branches


def parse_file(source: str, filename: str, name: str | None = None) -> list[list[LayerSpec]]:
    src = _Source(filename, True)
    if len(source) > MAX_TEXT * 5:
        raise InputError(f"{filename}: too long to read as a model file")
    try:
        tree = arith.parse_quietly(source, filename=filename)
    except SyntaxError as exc:
        raise InputError(f"{filename}:{exc.lineno or 0}: not valid Python ({exc.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise InputError(f"{filename}: nested too deeply") from None
    constants = _constants(tree)
    models = _find_models(tree, src)
    if not models:
        raise InputError(f"{filename}: no Sequential model found (looked for Sequential([...]), "
                         "nn.Sequential(...) and model.add(...))")
    if name is not None:
        chosen = [m for m in models if m[0] == name]
        if not chosen:
            raise InputError(f"{filename}: no model named {name!r}; found "
                             f"{', '.join(m[0] for m in models)}")
        models = chosen
    elif len(models) > 1:
        names = ", ".join(m[0] for m in models)
        raise InputError(f"{filename}: holds {len(models)} models ({names}); pick one with --name")
    return [_layers(models[0][1], src, constants)]


# ----------------------------------------------------------------------------- finding models


def _dotted(node: ast.AST) -> str:
    """``tf.keras.layers.LSTM`` for an attribute chain of plain names, else ''."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _sequential_items(call: ast.Call, src: _Source) -> list[ast.AST]:
    func = _dotted(call.func)
    if func.startswith(("nn.", "torch.nn.")):
        return list(call.args)
    arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "layers"), None)
    if arg is None:
        return []
    if not isinstance(arg, (ast.List, ast.Tuple)):
        raise src.error(arg, "Sequential takes a literal list of layers [...]")
    return list(arg.elts)


def _find_models(tree: ast.Module, src: _Source) -> list[tuple[str, list[ast.AST]]]:
    """(name, layer nodes) of every Sequential model in the file, in file order.

    A model is named after the variable it is assigned to (``model``, ``self.model``),
    else after its line; ``name.add(layer)`` calls append to the model of that name.
    """
    assigned = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            assigned[id(node.value)] = _dotted(node.targets[0])
    models: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func) in SEQUENTIAL:
            label = assigned.get(id(node)) or f"model at line {node.lineno}"
            models[label] = _sequential_items(node, src)
    adds = [node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add" and len(node.args) == 1 and not node.keywords]
    for node in sorted(adds, key=lambda n: (n.lineno, n.col_offset)):
        owner = _dotted(node.func.value)
        if owner in models:
            models[owner].append(node.args[0])
    found = [(label, items) for label, items in models.items() if items]
    return sorted(found, key=lambda m: _first_line(m[1]))


def _first_line(nodes: list[ast.AST]) -> int:
    return min((getattr(n, "lineno", 0) for n in nodes), default=0)


def _constants(tree: ast.Module) -> dict[str, object]:
    """Top-level ``NAME = literal`` assignments, which layer arguments may refer to."""
    out: dict[str, object] = {}
    src = _Source("", True)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = _literal(node.value, src, out)
            except InputError:
                out.pop(node.targets[0].id, None)
    return out


# ----------------------------------------------------------------------------- layers


def _layers(items: list[ast.AST], src: _Source, constants: dict) -> list[LayerSpec]:
    if len(items) > MAX_LAYERS:
        raise InputError(f"{src.name}: more than {MAX_LAYERS} layers")
    return [_layer(item, src, constants) for item in items]


def _layer(node: ast.AST, src: _Source, constants: dict) -> LayerSpec:
    if not isinstance(node, ast.Call):
        _refuse(node, src)
    dotted = _dotted(node.func)
    if not dotted:
        _refuse(node, src)
    cls = lookup(dotted)
    if cls is None:
        base = dotted.rpartition(".")[2]
        if base in KERAS_LAYERS or base in PYTORCH_LAYERS:
            raise src.error(node, f"{dotted}: write Keras layers as {base}, layers.{base} or "
                                  f"tf.keras.layers.{base}, PyTorch modules as nn.{base}")
        _refuse_call(node, dotted, src)
    args = _bind(cls, node, src, constants)
    where = src.at(node) if src.is_file else ""
    return LayerSpec(cls, args, where)


def _bind(cls: LayerClass, node: ast.Call, src: _Source, constants: dict) -> dict:
    if len(node.args) > len(cls.positional):
        raise src.error(node, f"{cls.display} takes at most {len(cls.positional)} positional "
                              f"argument(s) ({', '.join(cls.positional)}), got {len(node.args)}")
    args: dict = {}
    for pname, value in zip(cls.positional, node.args):
        if isinstance(value, ast.Starred):
            _refuse(value, src)
        args[pname] = _value(value, src, constants, cls.wrapper and pname == "layer")
    for kw in node.keywords:
        if kw.arg is None:
            raise src.error(kw.value, "**kwargs cannot be read; write the arguments out")
        if kw.arg not in cls.keywords:
            close = difflib.get_close_matches(kw.arg, sorted(cls.keywords), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise src.error(kw.value, f"{cls.display} has no argument {kw.arg!r}{hint}")
        if kw.arg in args:
            raise src.error(kw.value, f"{cls.display} got {kw.arg!r} twice")
        if kw.arg in cls.ignored:
            try:
                args[kw.arg] = _literal(kw.value, src, constants)
            except InputError:
                raise src.error(kw.value, f"{kw.arg}={_text(kw.value)} is not read: only literal values "
                                          "are; leave it out, it changes no shape or parameter "
                                          "count") from None
            continue
        args[kw.arg] = _value(kw.value, src, constants, cls.wrapper and kw.arg == "layer")
    missing = [p for p in cls.required if p not in args]
    if missing:
        raise src.error(node, f"{cls.display} needs {', '.join(missing)}")
    return args


def _value(node: ast.AST, src: _Source, constants: dict, layer_allowed: bool):
    if layer_allowed:
        return _layer(node, src, constants)
    return _literal(node, src, constants)


def _literal(node: ast.AST, src: _Source, constants: dict):
    """A literal value: numbers, text, True/False/None, tuples of them, simple arithmetic."""
    try:
        return arith.evaluate(node, constants)
    except arith.ArithError as exc:
        if exc.unsupported:
            _refuse(exc.node, src)
        if "is not a value" in exc.message:
            raise src.error(exc.node, f"{exc.message}; write the value itself or define it at the top "
                                      "of the file as NAME = 64") from None
        raise src.error(exc.node, exc.message) from None


MODULE_ROOTS = ("layers", "keras", "tf", "tensorflow", "nn", "torch")


def _refuse_call(node: ast.Call, dotted: str, src: _Source):
    if "__" in dotted or ("." in dotted and dotted.split(".")[0] not in MODULE_ROOTS):
        raise src.error(node, f"{dotted}(...) is code, not a layer; quizrnn reads layer calls only "
                              "and never runs anything")
    base = dotted.rpartition(".")[2]
    close = difflib.get_close_matches(base, list(KERAS_LAYERS) + list(PYTORCH_LAYERS), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise src.error(node, f"unknown layer {dotted}{hint}; quizrnn knows {known_names()}")


def _refuse(node: ast.AST, src: _Source):
    kind = {
        ast.Lambda: "a lambda", ast.Attribute: "attribute access", ast.Subscript: "indexing",
        ast.Call: "a function call", ast.ListComp: "a comprehension", ast.GeneratorExp: "a generator",
        ast.DictComp: "a comprehension", ast.SetComp: "a comprehension", ast.Dict: "a dict",
        ast.JoinedStr: "an f-string", ast.Starred: "unpacking", ast.NamedExpr: "an assignment",
        ast.Compare: "a comparison", ast.BoolOp: "a boolean expression", ast.IfExp: "a conditional",
        ast.Await: "await", ast.Name: "a name",
    }.get(type(node), "code")
    raise src.error(node, f"{_text(node)} is {kind}, not a layer or a literal value; quizrnn only reads "
                          "layer calls with literal arguments and never runs code")


def _text(node: ast.AST) -> str:
    """The source of a node, shortened for a message."""
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every node ast.parse makes
        text = type(node).__name__
    return text if len(text) <= 60 else text[:57] + "..."
