"""The layer-text form: ``LSTM(64, input_shape=(10, 8)), Dense(1)``, branches split by ``;``.

The text is parsed with :mod:`ast` and only read: layer calls with literal arguments
(numbers, strings, True/False/None, tuples) and + − × ÷ between numbers. Anything else
(a call that is not a layer, attribute access outside the known module paths, lambdas,
subscripts, dunder names) is refused with the column where it stands.
"""

from __future__ import annotations

import ast
import difflib

from quizrnn import arith
from quizrnn.errors import InputError
from quizrnn.modelread.source import MAX_TEXT, Source, parse_python
from solvers.layers import KERAS_LAYERS, PYTORCH_LAYERS, LayerClass, close_name, known_names, lookup
from solvers.summary import LayerSpec

MAX_LAYERS = 500
SEQUENTIAL = ("Sequential", "keras.Sequential", "tf.keras.Sequential", "models.Sequential",
              "keras.models.Sequential", "tf.keras.models.Sequential", "nn.Sequential",
              "torch.nn.Sequential", "tensorflow.keras.Sequential")
_Source = Source


def parse_text(text: str) -> list[list[LayerSpec]]:
    """Layer text: ``LSTM(64), Dense(1)``, or several branches separated by ``;``."""
    src = Source("model text", False)
    if not text.strip():
        raise InputError("the model text is empty; write layers like \"LSTM(64, input_shape=(10, 8)), "
                         "Dense(1)\"")
    if len(text) > MAX_TEXT:
        raise InputError(f"the model text is too long ({len(text):,} characters)")
    tree = parse_python(text.strip(), src)
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


def _sequential_items(call: ast.Call, src: Source) -> list[ast.AST]:
    func = _dotted(call.func)
    if func.startswith(("nn.", "torch.nn.")):
        return list(call.args)
    arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "layers"), None)
    if arg is None:
        return []
    if not isinstance(arg, (ast.List, ast.Tuple)):
        raise src.error(arg, "Sequential takes a literal list of layers [...]")
    return list(arg.elts)


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
    if cls.any_args:
        return {}
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
    raise src.error(node, unknown_layer(dotted))


def unknown_layer(dotted: str) -> str:
    """"unknown layer lstm; did you mean LSTM?", or the list of known layers."""
    base = dotted.rpartition(".")[2]
    close = close_name(base)
    if close:
        return f"unknown layer {dotted}; did you mean {close}?"
    return f"unknown layer {dotted}; quizrnn knows {known_names()}"


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
