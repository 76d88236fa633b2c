"""Reading model code (layer text, a Python file or a notebook) into a model graph, never running it.

* :mod:`.text`: the layer-text form ``LSTM(64, input_shape=(10, 8)), Dense(1)``.
* :mod:`.program`: a Python file or notebook read statement by statement (Sequential,
  ``model.add`` in loops, the Keras functional API, ``nn.Module`` classes).
* :mod:`.source`: safe file reading, parsing and positions (``file:line``, notebook cells).

:func:`parse` returns what :func:`solvers.summary.summarize` takes.
"""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

from quizrnn.errors import InputError
from quizrnn.modelread import source as S
from quizrnn.modelread.objects import Layer, Model, Tensor, TorchContainer, TorchModule
from quizrnn.modelread.program import Program
from quizrnn.modelread.text import parse_text
from quizrnn.modelread.values import Unknown
from solvers.layers import KERAS, PYTORCH, lookup
from solvers.summary import LayerSpec, ModelGraph

MAX_LAYERS = 2000

__all__ = ["parse", "parse_text", "parse_file", "parse_settings"]


def parse(text_or_path: str, name: str | None = None, settings: dict | None = None):
    """A model graph (or layer chains) from model text, or from the file at that path."""
    if S.looks_like_path(text_or_path):
        path = Path(text_or_path)
        source = S.read_file(path)
        return parse_file(source, str(path), name, settings)
    if name:
        raise InputError("--name picks a model inside a Python file; model text holds just one")
    if settings:
        raise InputError("--set gives values to names in a model file; model text has no names")
    return parse_text(text_or_path)


def parse_settings(pairs) -> dict:
    """``--set NAME=VALUE`` pairs: VALUE is a number, a tuple, True/False/None or text."""
    from quizrnn import arith

    out: dict = {}
    for pair in pairs or ():
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key or not raw.strip():
            raise InputError(f"--set {pair}: write NAME=VALUE, for example --set vocab_size=5000")
        try:
            tree = arith.parse_quietly(key, mode="eval")
            key = ast.unparse(tree.body)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise InputError(f"--set {pair}: {key!r} is not a name") from None
        try:
            value = arith.evaluate(arith.parse_quietly(raw.strip(), mode="eval").body, {})
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            value = raw.strip()
        out[key] = list(value) if isinstance(value, tuple) and raw.strip().startswith("[") else value
    return out


def parse_file(text: str, filename: str, name: str | None = None, settings: dict | None = None):
    """The model a Python file (or a notebook's JSON text) builds."""
    settings = settings or {}
    src = S.Source(filename)
    if filename.lower().endswith(".ipynb"):
        trees = S.notebook_cells(text, src)
    else:
        if len(text) > S.MAX_FILE:
            raise InputError(f"{filename}: too long to read as a model file")
        trees = [S.parse_python(text, src)]
    program = Program(src, settings)
    program.run_module(trees)
    unused = [k for k in settings if k not in program.used]
    if unused:
        names = sorted({n.id for t in trees for n in ast.walk(t) if isinstance(n, ast.Name)}
                       | {a.arg for t in trees for a in ast.walk(t) if isinstance(a, ast.arg)})
        close = difflib.get_close_matches(unused[0], names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise InputError(f"--set {unused[0]}: {filename} never uses {unused[0]}{hint}")
    candidates = _candidates(program, src)
    if not candidates:
        raise InputError(f"{filename}: no model found (looked for keras.Sequential, model.add(...), "
                         "keras.Model(inputs, outputs), nn.Sequential and nn.Module classes); describe "
                         "the layers as text instead, e.g. \"Input((None, 71)), LSTM(256); "
                         "Input((None, 93)), LSTM(256), Dense(93)\"")
    if name is not None:
        chosen = [c for c in candidates if c[0] == name or c[1] == name]
        if not chosen:
            raise InputError(f"{filename}: no model named {name!r}; found "
                             f"{', '.join(c[0] for c in candidates)}")
        candidates = chosen
    built, failed = [], []
    for label, base, obj in candidates:
        try:
            built.append((label, _graph(program, obj, label)))
        except InputError as exc:
            failed.append((label, exc))
    if not built:
        raise failed[0][1]
    if len(built) > 1:
        names = ", ".join(label for label, _ in built)
        raise InputError(f"{filename}: holds {len(built)} models ({names}); pick one with --name")
    label, graph = built[0]
    if failed:
        graph.notes = [f"{filename} also builds {', '.join(f for f, _ in failed)}, which could not be read "
                       f"(pick one with --name to see why); this is {label}."]
    return graph


# ----------------------------------------------------------------------------- picking models


def _candidates(program: Program, src) -> list[tuple[str, str, object]]:
    """(label, base label, model) for each model the file builds, outermost only."""
    inner: set[int] = set()
    for obj in program.models:
        if isinstance(obj, (TorchModule, TorchContainer)):
            for child in _children(obj):
                inner.add(id(child))
    seen: set[int] = set()
    found = []
    for obj in program.models:
        if id(obj) in inner or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Model) and obj.kind == "sequential" and not obj.items and obj.broken is None \
                and obj.label is None:
            continue
        label = obj.label or f"model at {src.line_of(obj.node)}"
        found.append([label, label, obj])
    if not found:
        for label, layer in program.leaf_modules:
            found.append([label, label, layer])
    counts: dict[str, int] = {}
    for entry in found:
        counts[entry[0]] = counts.get(entry[0], 0) + 1
    for entry in found:
        if counts[entry[1]] > 1:
            where = entry[2].node if hasattr(entry[2], "node") else None
            entry[0] = f"{entry[1]} ({src.line_of(where)})" if where is not None else entry[1]
    return [tuple(e) for e in found]


def _children(obj):
    values = obj.modules.values() if isinstance(obj, TorchModule) else obj.children
    for value in values:
        yield value
        if isinstance(value, (TorchModule, TorchContainer)):
            yield from _children(value)


def _fail(program: Program, unknown: Unknown, want: str = "N") -> InputError:
    return InputError(unknown.message(program.src, want))


def _graph(program: Program, obj, label: str) -> ModelGraph:
    src = program.src
    if getattr(obj, "broken", None) is not None:
        raise _fail(program, obj.broken)
    if isinstance(obj, Layer):
        return ModelGraph(PYTORCH, "sequential", chains=[[obj.spec]], name=label)
    if isinstance(obj, TorchContainer):
        if obj.kind == "Sequential" and obj.children and all(
                isinstance(c, Layer) and not c.keras for c in obj.children):
            _check_torch(program, obj.children)
            return ModelGraph(PYTORCH, "sequential", chains=[[c.spec for c in obj.children]], name=label)
        return ModelGraph(PYTORCH, "module", modules=_module_rows(program, obj, ""), name=label)
    if isinstance(obj, TorchModule):
        return ModelGraph(PYTORCH, "module", modules=_module_rows(program, obj, ""), name=label)
    if obj.kind == "sequential":
        specs = []
        if obj.build_shape is not None:
            shape = obj.build_shape
            if isinstance(shape, Unknown):
                raise _fail(program, shape)
            specs.append(LayerSpec(lookup("keras.Input"), {"batch_shape": tuple(shape) if isinstance(
                shape, (list, tuple)) else shape}, src.at(obj.node)))
        for item in obj.items:
            if isinstance(item, Unknown):
                raise _fail(program, item)
            if isinstance(item, LayerSpec):
                specs.append(item)
            elif isinstance(item, Layer):
                specs.append(item.spec)
            else:
                raise InputError(f"{src.at(obj.node)}: a Sequential model holds layers; one of its items "
                                 "is not a layer")
        if not specs:
            raise InputError(f"{src.at(obj.node)}: the Sequential model has no layers")
        if len(specs) > MAX_LAYERS:
            raise InputError(f"{src.at(obj.node)}: more than {MAX_LAYERS} layers")
        name = obj.name if isinstance(obj.name, str) else label
        return ModelGraph(specs[0].cls.framework if all(s.cls.framework == specs[0].cls.framework
                                                        for s in specs) else KERAS,
                          "sequential", chains=[specs], created=program.created, name=name)
    inputs = _tensors(program, obj.inputs, obj, "inputs")
    outputs = _tensors(program, obj.outputs, obj, "outputs")
    for tensor in inputs:
        if tensor.node.layer.cls.name not in ("Input", "InputLayer") or tensor.node.inputs:
            raise InputError(f"{src.at(obj.node)}: the model's inputs must be keras.Input(...) tensors")
    known = {id(t.node) for t in inputs}
    _check_connected(program, obj, outputs, known)
    if len(program.nodes) > MAX_LAYERS * 4:
        raise InputError(f"{src.at(obj.node)}: more than {MAX_LAYERS} layer calls")
    name = obj.name if isinstance(obj.name, str) else label
    return ModelGraph(KERAS, "functional", nodes=program.nodes, inputs=[t.ref for t in inputs],
                      outputs=[t.ref for t in outputs], created=program.created, name=name)


def _tensors(program: Program, value, model, what: str) -> list[Tensor]:
    if isinstance(value, dict):
        value = list(value.values())
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    out = []
    for item in items:
        if isinstance(item, (list, tuple, dict)):
            out += _tensors(program, item, model, what)
            continue
        if isinstance(item, Unknown):
            raise _fail(program, item)
        if not isinstance(item, Tensor):
            raise InputError(f"{program.src.at(model.node)}: the model's {what} must be Keras tensors "
                             "(from keras.Input and layer calls)")
        out.append(item)
    if not out:
        raise InputError(f"{program.src.at(model.node)}: the model has no {what}")
    return out


def _check_connected(program: Program, model, outputs, known: set) -> None:
    seen: set[int] = set()
    stack = [t.node for t in outputs]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not node.inputs and id(node) not in known:
            raise InputError(f"{program.src.at(model.node)}: the outputs depend on the input made at "
                             f"{node.where}, which is "
                             "not among the model's inputs (Keras: graph disconnected)")
        stack.extend(parent for parent, _ in node.inputs)


def _check_torch(program: Program, layers) -> None:
    for layer in layers:
        bad = program.broken_layers.get(id(layer))
        if bad is not None:
            raise _fail(program, bad)


def _module_rows(program: Program, obj, prefix: str, seen: set | None = None) -> list:
    """(qualified name, leaf module) pairs in definition order, each module once."""
    seen = set() if seen is None else seen
    rows = []
    if isinstance(obj, TorchModule):
        items = list(obj.modules.items())
    else:
        items = [(str(k), v) for k, v in enumerate(obj.children)]
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, Unknown):
            raise _fail(program, value)
        if getattr(value, "broken", None) is not None:
            raise _fail(program, value.broken)
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Layer):
            if value.keras:
                raise InputError(f"{value.spec.where}: {value.spec.cls.display} is a Keras layer inside a "
                                 "PyTorch module; describe one framework at a time")
            _check_torch(program, [value])
            rows.append((name, value.spec))
        elif isinstance(value, (TorchModule, TorchContainer)):
            rows += _module_rows(program, value, f"{name}.", seen)
        if len(rows) > MAX_LAYERS:
            raise InputError(f"{program.src.name}: more than {MAX_LAYERS} modules")
    return rows
