"""Model summaries in the manner of Keras ``model.summary()`` and PyTorch's module listing.

The input is a :class:`ModelGraph`: a chain of layers (a Sequential model, or several
chains written one after the other), a Keras functional graph (every call of a layer
object on tensors), or the leaf modules of a PyTorch ``nn.Module``. A plain list of
:class:`LayerSpec` (or a list of such lists) is read as chains. The output is a
:class:`~solvers.solution.Solution` whose ``details`` hold one row per layer (name, class,
output shape, parameters; ``connected_to`` for a functional graph) and whose answer is
the total parameter count.

Each layer class has one function in a table (``KERAS`` and ``PYTORCH`` handlers below)
that gives its output shape, parameter count and an explaining step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from solvers import numfmt, params, shapes
from solvers.errors import SolverError
from solvers.layers import KERAS, PYTORCH, LayerClass
from solvers.solution import Solution, Step

RNN_CELLS = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru", "RNN": "rnn"}
MERGE = ("Add", "Subtract", "Multiply", "Average")


@dataclass(eq=False)
class LayerSpec:
    """A layer call with its arguments bound to parameter names (one layer object)."""

    cls: LayerClass
    args: dict = field(default_factory=dict)
    where: str = ""

    def get(self, name):
        return self.args.get(name, self.cls.defaults.get(name))

    @property
    def label(self) -> str:
        return f"{self.where}: {self.cls.display}" if self.where else self.cls.display


@dataclass(eq=False)
class Node:
    """One call of a Keras layer object on tensors.

    ``inputs`` are the tensors the call reads, flattened in Keras's order (positional
    arguments, then keyword ones such as ``initial_state``); the first ``primary`` of them
    are the layer's input proper. ``listed`` is true when the input was a list
    (``Concatenate()([a, b])``).
    """

    layer: LayerSpec
    inputs: list = field(default_factory=list)  # [(Node, tensor index)]
    primary: int = 0
    listed: bool = False
    options: dict = field(default_factory=dict)
    where: str = ""


@dataclass
class ModelGraph:
    """What a model reader hands the summary.

    ``kind`` is "sequential" (``chains`` of layers), "functional" (``nodes`` in call
    order, ``inputs`` and ``outputs`` as (Node, index) pairs) or "module" (``modules``:
    qualified name and leaf module, in definition order, each module once).
    ``created`` lists every Keras layer object in the order the code made it, which
    decides Keras's automatic names (lstm, lstm_1, ...).
    """

    framework: str
    kind: str = "sequential"
    chains: list = field(default_factory=list)
    nodes: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    created: list = field(default_factory=list)
    modules: list = field(default_factory=list)
    name: str = ""
    notes: list = field(default_factory=list)


@dataclass
class Row:
    name: str
    cls: str
    output_shape: object
    params: int
    connected_to: list | None = None
    non_trainable: int = 0

    def to_dict(self) -> dict:
        out = {"name": self.name, "class": self.cls, "output_shape": self.output_shape,
               "params": self.params}
        if self.connected_to is not None:
            out["connected_to"] = self.connected_to
        return out


# ----------------------------------------------------------------------------- entry points


def summarize(model) -> Solution:
    """Shapes and parameter counts of a model, layer by layer.

    ``model`` is a :class:`ModelGraph`, one list of layers, or several lists (branches
    such as an encoder and a decoder, listed in order and summed).
    """
    graph = model if isinstance(model, ModelGraph) else _chains_graph(model)
    if graph.kind == "module":
        rows, steps, notes = _torch_modules(graph)
    elif graph.kind == "functional":
        rows, steps, notes = _keras_functional(graph)
    else:
        rows, steps, notes = _chains(graph)
    notes += [n for n in graph.notes if n not in notes]
    total = sum(r.params for r in rows)
    steps.append(Step("Total parameters",
                      substitution=" + ".join(numfmt.integer(r.params) for r in rows if r.params)
                      or "0", result=total))
    frozen = sum(r.non_trainable for r in rows)
    if frozen:
        notes.append(f"Of these, {numfmt.integer(frozen)} are non-trainable (BatchNormalization's "
                     "moving mean and variance); Keras counts them in the total.")
    details = {"framework": graph.framework, "kind": graph.kind,
               "layers": [r.to_dict() for r in rows]}
    if graph.kind == "sequential":
        details["branches"] = len(graph.chains)
    if graph.name:
        details["model"] = graph.name
    return Solution(kind="model", title="Model summary" + (f": {graph.name}" if graph.name else ""),
                    answer=total, steps=steps, details=details, notes=notes)


def _chains_graph(specs) -> ModelGraph:
    branches = specs if specs and isinstance(specs[0], list) else [specs]
    if not branches or not all(branches):
        raise SolverError("the model has no layers", ("layers",))
    flat = [spec for branch in branches for spec in branch]
    frameworks = {s.cls.framework for s in flat}
    if len(frameworks) > 1:
        first_torch = next(s for s in flat if s.cls.framework == PYTORCH)
        raise SolverError(
            f"{first_torch.label}: Keras and PyTorch layers are mixed in one model; "
            "describe one framework at a time",
            ("layers",),
        )
    created = [inner for spec in flat for inner in _post_order(spec)]
    return ModelGraph(frameworks.pop(), "sequential", chains=branches, created=created)


def _post_order(spec: LayerSpec):
    """A layer and the layers it wraps, in the order Python creates them (inner first)."""
    for value in spec.args.values():
        if isinstance(value, LayerSpec):
            yield from _post_order(value)
    yield spec


def summarize_layers(layers: list[dict]) -> Solution:
    """A summary from layer mappings: ``{"class": "LSTM", "units": 64, "return_sequences": True}``.

    PyTorch classes are written ``nn.LSTM``; a wrapper's inner layer is a mapping too
    (``{"class": "Bidirectional", "layer": {"class": "LSTM", "units": 32}}``).
    """
    from solvers.layers import lookup

    def spec(entry, k) -> LayerSpec:
        if not isinstance(entry, dict) or "class" not in entry:
            raise SolverError(f"layer {k}: a mapping with 'class' and the layer's arguments", ("layers",))
        cls = lookup(str(entry["class"]))
        if cls is None:
            raise SolverError(f"layer {k}: unknown layer {entry['class']!r}", ("layers",))
        args = {}
        for name, value in entry.items():
            if name == "class":
                continue
            if name not in cls.keywords:
                raise SolverError(f"layer {k}: {cls.display} has no argument {name!r}", ("layers",))
            args[name] = spec(value, k) if isinstance(value, dict) else (
                tuple(value) if isinstance(value, list) else value)
        missing = [p for p in cls.required if p not in args]
        if missing:
            raise SolverError(f"layer {k}: {cls.display} needs {', '.join(missing)}", ("layers",))
        return LayerSpec(cls, args, f"layer {k}")

    if not isinstance(layers, list):
        raise SolverError("layers must be a list of layer mappings", ("layers",))
    return summarize([spec(entry, k) for k, entry in enumerate(layers, 1)])


# ----------------------------------------------------------------------------- argument checks


def _fail(spec: LayerSpec, message: str) -> SolverError:
    return SolverError(f"{spec.label}: {message}", ("layer", spec.where))


def _whole(spec: LayerSpec, arg: str, low: int = 1) -> int:
    val = spec.get(arg)
    if isinstance(val, bool) or not isinstance(val, int):
        raise _fail(spec, f"{arg} must be a whole number, got {val!r}")
    if val < low:
        what = "positive" if low == 1 else f"at least {low}"
        raise _fail(spec, f"{arg} must be {what}, got {val}")
    if val > params.MAX_SIZE:
        raise _fail(spec, f"{arg} is too large ({val:,})")
    return val


def _whole1(spec: LayerSpec, arg: str, low: int = 1) -> int:
    """A size that Keras and PyTorch also accept as a one-element tuple: kernel_size=(3,)."""
    val = spec.get(arg)
    if isinstance(val, (tuple, list)) and len(val) == 1:
        spec = LayerSpec(spec.cls, {**spec.args, arg: val[0]}, spec.where)
    return _whole(spec, arg, low)


def _flag(spec: LayerSpec, arg: str) -> bool:
    val = spec.get(arg)
    if not isinstance(val, bool):
        raise _fail(spec, f"{arg} must be True or False, got {val!r}")
    return val


def _choice(spec: LayerSpec, arg: str, options: tuple) -> object:
    val = spec.get(arg)
    if val not in options:
        raise _fail(spec, f"{arg} must be one of {', '.join(repr(o) for o in options)}, got {val!r}")
    return val


def _rate(spec: LayerSpec, arg: str, closed: bool) -> None:
    val = spec.get(arg)
    ok = not isinstance(val, bool) and isinstance(val, (int, float)) and (
        0 <= val <= 1 if closed else 0 <= val < 1)
    if not ok:
        if closed:
            raise _fail(spec, f"{arg} must be a probability between 0 and 1, got {val!r}")
        raise _fail(spec, f"{arg} must be a number from 0 up to (not including) 1, got {val!r}")


def _shape_arg(spec: LayerSpec, arg: str) -> tuple:
    val = spec.get(arg)
    if isinstance(val, int) and not isinstance(val, bool):
        val = (val,)
    if not isinstance(val, (tuple, list)) or not val:
        raise _fail(spec, f"{arg} must be a tuple of sizes such as (60, 1), got {val!r}")
    for dim in val:
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1
                                or dim > params.MAX_SIZE):
            raise _fail(spec, f"{arg} entries must be positive whole numbers or None, got {dim!r}")
    return tuple(val)


def _channels_last(spec: LayerSpec) -> None:
    if spec.get("data_format") not in (None, "channels_last"):
        raise _fail(spec, "quizrnn reads data_format='channels_last' (the default) only")


# ----------------------------------------------------------------------------- Keras layers


@dataclass
class Call:
    """A Keras layer applied to its input(s), as its handler sees it."""

    spec: LayerSpec
    shapes: list
    listed: bool = False
    previous: LayerSpec | None = None
    title: str = ""
    options: dict = field(default_factory=dict)

    def one(self, rank: int | None = None, min_rank: int | None = None) -> tuple:
        """The single input shape, checked."""
        spec = self.spec
        if self.listed or len(self.shapes) != 1:
            raise _fail(spec, f"takes one tensor, got a list of {len(self.shapes)}")
        shape = self.shapes[0]
        if shape is None:
            raise _fail(spec, "the size of its input is unknown; give the first layer "
                              "input_shape=(timesteps, features) or start with Input(shape=...)")
        if isinstance(shape, list):
            prev = self.previous
            if prev is not None and prev.get("return_state") is True:
                where = f"{prev.where} ({prev.cls.display})" if prev.where else prev.cls.display
                raise _fail(spec, f"{where} returns several tensors (return_state=True), which a chain "
                                  "of layers cannot pass on; drop return_state=True there; it does not "
                                  "change the count")
            raise _fail(spec, "the previous layer returns several tensors (return_state=True or "
                              "merge_mode=None); a Sequential model cannot pass a list on")
        if rank is not None and len(shape) != rank or min_rank is not None and len(shape) < min_rank:
            want = rank or min_rank
            hint = ""
            if self.previous is not None and self.previous.cls.name in (*RNN_CELLS, "Bidirectional") \
                    and len(shape) == 2 and want == 3:
                hint = "; did the previous layer forget return_sequences=True?"
            what = {3: "a 3-D input (batch, timesteps, features)", 2: "a 2-D input (batch, features)"}.get(
                want, f"a {want}-D input")
            if min_rank is not None:
                what = f"an input of at least {min_rank} dimensions"
            raise _fail(spec, f"expects {what} but gets {numfmt.value(shape)}{hint}")
        return shape

    def features(self, shape: tuple) -> int:
        last = shape[-1]
        if last is None:
            raise _fail(self.spec, "the feature size of its input is unknown")
        return last


def _k_embedding(c: Call):
    spec = c.spec
    vocab, dim = _whole(spec, "input_dim"), _whole(spec, "output_dim")
    base = c.shapes[0] if len(c.shapes) == 1 and c.shapes[0] is not None else (None, None)
    if isinstance(base, list) or c.listed:
        c.one()
    out = tuple(base) + (dim,)
    count = vocab * dim
    return out, count, Step(c.title, "input_dim · output_dim",
                            f"= {numfmt.integer(vocab)} · {numfmt.integer(dim)}", count,
                            note=f"output {numfmt.value(out)}: one {dim}-vector per token")


def _k_rnn(c: Call, inner: LayerSpec | None = None, merge_mode="concat"):
    outer = c.spec if inner is not None else None
    spec = inner or c.spec
    shape = c.one(rank=3)
    cell = RNN_CELLS[spec.cls.name]
    units = _whole(spec, "units")
    d = c.features(shape)
    reset_after = _flag(spec, "reset_after") if cell == "gru" else None
    bidirectional = inner is not None
    cfg = params.RecurrentConfig(cell=cell, hidden=units, input_size=d, bidirectional=bidirectional,
                                 bias=_flag(spec, "use_bias"), convention="keras",
                                 reset_after=reset_after)
    count = params.layer_params(cfg)
    return_state = _flag(spec, "return_state")
    out = shapes.keras_rnn_output(cell, units, shape[0], shape[1],
                                  return_sequences=_flag(spec, "return_sequences"),
                                  return_state=return_state,
                                  bidirectional=bidirectional, merge_mode=merge_mode)
    formula = params.count_formula(cfg)
    sub = params.count_numbers(cfg, d)
    if bidirectional:
        formula = f"2 · {formula}"
        sub = f"2 · {sub}"
    seq = "one output per time step" if _flag(spec, "return_sequences") else "the last output only"
    note = f"n = {units}, d = {d}; {seq}; output {numfmt.value(out) if not isinstance(out, list) else _shapes_text(out)}"
    if return_state:
        note += "; return_state=True adds the final state(s), which have no weights of their own"
    if c.options.get("initial_state"):
        note += "; initial_state only sets the starting state: no weights"
    del outer
    return out, count, Step(c.title, formula, f"= {sub}", count, note=note)


def _shapes_text(shapes_list) -> str:
    return "[" + ", ".join(numfmt.value(tuple(s)) for s in shapes_list) + "]"


def _k_bidirectional(c: Call):
    spec = c.spec
    inner = spec.get("layer")
    if not isinstance(inner, LayerSpec) or inner.cls.name not in RNN_CELLS:
        raise _fail(spec, "wraps a recurrent layer (SimpleRNN, LSTM or GRU)")
    merge = spec.get("merge_mode")
    if merge not in shapes.MERGE_MODES:
        raise _fail(spec, f"unknown merge_mode {merge!r}: choose 'concat', 'sum', 'mul', 'ave' or None")
    return _k_rnn(c, inner=inner, merge_mode=merge)


def _k_dense(c: Call):
    spec = c.spec
    shape = c.one(min_rank=2)
    units = _whole(spec, "units")
    d = c.features(shape)
    bias = _flag(spec, "use_bias")
    count = d * units + (units if bias else 0)
    out = tuple(shape[:-1]) + (units,)
    formula = "d · units + units" if bias else "d · units"
    sub = f"= {numfmt.integer(d)} · {numfmt.integer(units)}" + (f" + {numfmt.integer(units)}" if bias else "")
    note = f"output {numfmt.value(out)}"
    if len(shape) > 2:
        note += "; Dense acts on the last axis, at every time step"
    return out, count, Step(c.title, formula, sub, count, note=note)


def _no_weights(c: Call, shape, why: str):
    return shape, 0, Step(c.title, "no weights", "", 0, note=why)


def _k_dropout(c: Call):
    _rate(c.spec, "rate", closed=False)
    return _no_weights(c, c.one(), "dropout zeroes activations while training; it has no parameters")


def _k_masking(c: Call):
    return _no_weights(c, c.one(), "marks padded time steps to skip; no weights")


def _k_activation(c: Call):
    return _no_weights(c, c.one(), f"applies {c.spec.get('activation')!s} element-wise; no weights")


def _k_time_distributed(c: Call):
    spec = c.spec
    inner = spec.get("layer")
    if not isinstance(inner, LayerSpec) or inner.cls.framework != KERAS:
        raise _fail(spec, "wraps a Keras layer such as Dense(...)")
    if inner.cls.name not in KERAS_HANDLERS or inner.cls.name in ("Input", "InputLayer") \
            or inner.cls.name in MERGE + ("Concatenate", "Attention", "AdditiveAttention",
                                          "TimeDistributed"):
        raise _fail(spec, f"quizrnn cannot summarise TimeDistributed({inner.cls.name})")
    shape = c.one(min_rank=3)
    inner_call = Call(inner, [(shape[0],) + tuple(shape[2:])], title=c.title)
    inner_out, count, inner_step = KERAS_HANDLERS[inner.cls.name](inner_call)
    if isinstance(inner_out, list):
        raise _fail(spec, f"the wrapped {inner.cls.name} returns several tensors")
    out = (shape[0], shape[1]) + tuple(inner_out[1:])
    return out, count, Step(c.title, inner_step.formula, inner_step.substitution, count,
                            note=f"the same {inner.cls.name} at every time step (the weights are "
                                 f"shared); output {numfmt.value(out)}")


def _k_repeat_vector(c: Call):
    n = _whole(c.spec, "n")
    shape = c.one(rank=2)
    out = (shape[0], n, shape[1])
    return _no_weights(c, out, f"repeats its {shape[1]}-vector {n} times: output {numfmt.value(out)}")


def _length(n, size: int, stride: int, dilation: int, padding: str):
    """Keras's output length of a 1-D convolution or pooling window."""
    if n is None:
        return None
    if padding == "valid":
        return (n - dilation * (size - 1) - 1) // stride + 1
    return (n - 1) // stride + 1


def _k_conv1d(c: Call):
    spec = c.spec
    _channels_last(spec)
    shape = c.one(rank=3)
    filters = _whole(spec, "filters")
    k = _whole1(spec, "kernel_size")
    stride = _whole1(spec, "strides")
    dil = _whole1(spec, "dilation_rate")
    groups = _whole(spec, "groups")
    padding = _choice(spec, "padding", ("valid", "same", "causal"))
    if stride > 1 and dil > 1:
        raise _fail(spec, "strides > 1 and dilation_rate > 1 cannot be combined (Keras refuses it)")
    d = c.features(shape)
    if d % groups or filters % groups:
        raise _fail(spec, f"groups={groups} must divide the input channels ({d}) and filters ({filters})")
    length = _length(shape[1], k, stride, dil, padding)
    if length is not None and length < 1:
        raise _fail(spec, f"the kernel ({k}) is longer than the sequence ({shape[1]}); use "
                          "padding='same' or a shorter kernel")
    bias = _flag(spec, "use_bias")
    per = d // groups
    count = k * per * filters + (filters if bias else 0)
    out = (shape[0], length, filters)
    formula = "kernel_size · d · filters" + (" + filters" if bias else "")
    if groups > 1:
        formula = formula.replace("d", "(d / groups)", 1)
    sub = f"= {k} · {numfmt.integer(per)} · {numfmt.integer(filters)}" + (
        f" + {numfmt.integer(filters)}" if bias else "")
    return out, count, Step(c.title, formula, sub, count,
                            note=f"padding={padding!r}: output {numfmt.value(out)}")


def _k_pooling(c: Call):
    spec = c.spec
    _channels_last(spec)
    shape = c.one(rank=3)
    size = _whole1(spec, "pool_size")
    strides = spec.get("strides")
    stride = size if strides is None else _whole1(spec, "strides")
    padding = _choice(spec, "padding", ("valid", "same"))
    length = _length(shape[1], size, stride, 1, padding)
    if length is not None and length < 1:
        raise _fail(spec, f"pool_size {size} is longer than the sequence ({shape[1]})")
    out = (shape[0], length, shape[2])
    return _no_weights(c, out, f"windows of {size}, stride {stride}: output {numfmt.value(out)}")


def _k_global_pooling(c: Call):
    spec = c.spec
    _channels_last(spec)
    shape = c.one(rank=3)
    out = (shape[0], 1, shape[2]) if _flag(spec, "keepdims") else (shape[0], shape[2])
    how = "average" if "Average" in spec.cls.name else "maximum"
    return _no_weights(c, out, f"the {how} over time of each feature: output {numfmt.value(out)}")


def _k_flatten(c: Call):
    _channels_last(c.spec)
    shape = c.one(min_rank=2)
    rest = shape[1:]
    size = None if None in rest else math.prod(rest)
    out = (shape[0], size)
    return _no_weights(c, out, f"output {numfmt.value(out)}")


def _axis_size(c: Call, shape: tuple) -> int:
    axis = c.spec.get("axis")
    if isinstance(axis, bool) or not isinstance(axis, int) or not -len(shape) <= axis < len(shape) \
            or axis % len(shape) == 0:
        raise _fail(c.spec, f"axis must be a feature axis of the input {numfmt.value(shape)}, got {axis!r}")
    size = shape[axis]
    if size is None:
        raise _fail(c.spec, f"the size of axis {axis} of its input is unknown")
    return size


def _k_layer_norm(c: Call):
    spec = c.spec
    shape = c.one(min_rank=2)
    d = _axis_size(c, shape)
    rms = _flag(spec, "rms_scaling")
    gamma = _flag(spec, "scale") or rms
    beta = _flag(spec, "center") and not rms
    count = d * (gamma + beta)
    names = " + ".join(n for n, on in (("gamma", gamma), ("beta", beta)) if on) or "no weights"
    return shape, count, Step(c.title, f"{names}: one per feature" if count else names,
                              f"= {gamma + beta} · {numfmt.integer(d)}" if count else "", count,
                              note=f"normalises over the features of each time step; output {numfmt.value(shape)}")


def _k_batch_norm(c: Call):
    spec = c.spec
    shape = c.one(min_rank=2)
    d = _axis_size(c, shape)
    trained = _flag(spec, "scale") + _flag(spec, "center")
    count = d * (trained + 2)
    return shape, count, Step(c.title, "(gamma, beta) + (moving mean, moving variance), one per feature",
                              f"= ({trained} + 2) · {numfmt.integer(d)}", count,
                              note="the moving mean and variance are not trained, but Keras counts them")


def _k_attention(c: Call):
    spec = c.spec
    if not c.listed or len(c.shapes) not in (2, 3):
        raise _fail(spec, "is called on a list [query, value] or [query, value, key]")
    for s in c.shapes:
        if s is None or isinstance(s, list) or len(s) != 3:
            raise _fail(spec, "query, value and key must be 3-D tensors (batch, timesteps, features)")
    query, value = c.shapes[0], c.shapes[1]
    key = c.shapes[2] if len(c.shapes) == 3 else value
    out = tuple(query[:-1]) + (value[-1],)
    if spec.cls.name == "AdditiveAttention":
        count = c.features(query) if _flag(spec, "use_scale") else 0
        formula = "scale: one per query feature" if count else "no weights"
        how = "additive (Bahdanau) scores v·tanh(q + k)"
    else:
        mode = _choice(spec, "score_mode", ("dot", "concat"))
        count = int(_flag(spec, "use_scale")) + int(mode == "concat")
        formula = " + ".join(n for n, on in (("scale", _flag(spec, "use_scale")),
                                             ("concat_score_weight", mode == "concat")) if on) or "no weights"
        how = "dot-product (Luong) scores q·k" if mode == "dot" else "concat scores tanh(q + k)"
    if query[-1] is not None and key[-1] is not None and query[-1] != key[-1]:
        raise _fail(spec, f"query and key need the same feature size, got {query[-1]} and {key[-1]}")
    result = out
    if c.options.get("return_attention_scores"):
        result = [out, (query[0], query[1], key[1])]
    return result, count, Step(c.title, formula, f"= {count}" if count else "", count,
                               note=f"{how}; output {numfmt.value(out)}: one value-sized context per query step")


def _k_concatenate(c: Call):
    spec = c.spec
    shapes_in = _merge_inputs(c, "Concatenate")
    axis = spec.get("axis")
    rank = len(shapes_in[0])
    if isinstance(axis, bool) or not isinstance(axis, int) or not -rank <= axis < rank:
        raise _fail(spec, f"axis {axis!r} does not exist in {rank}-D inputs")
    axis %= rank
    out = list(shapes_in[0])
    for s in shapes_in[1:]:
        for k, (a, b) in enumerate(zip(out, s)):
            if k == axis:
                out[k] = None if a is None or b is None else a + b
            elif a is not None and b is not None and a != b:
                raise _fail(spec, f"inputs {_shapes_text(shapes_in)} differ outside axis {axis}")
            elif a is None:
                out[k] = b
    out = tuple(out)
    return _no_weights(c, out, f"joins its inputs along axis {axis}: output {numfmt.value(out)}")


def _k_merge(c: Call):
    spec = c.spec
    shapes_in = _merge_inputs(c, spec.cls.name)
    if spec.cls.name == "Subtract" and len(shapes_in) != 2:
        raise _fail(spec, "subtracts exactly two tensors")
    out = list(shapes_in[0])
    for s in shapes_in[1:]:
        for k, (a, b) in enumerate(zip(out, s)):
            if a is not None and b is not None and a != b:
                raise _fail(spec, f"its inputs must have the same shape, got {_shapes_text(shapes_in)}")
            if a is None:
                out[k] = b
    out = tuple(out)
    return _no_weights(c, out, f"element-wise {spec.cls.name.lower()}: output {numfmt.value(out)}")


def _merge_inputs(c: Call, what: str) -> list:
    if not c.listed or len(c.shapes) < 2:
        raise _fail(c.spec, f"{what} is called on a list of at least two tensors, such as [a, b]")
    for s in c.shapes:
        if s is None or isinstance(s, list):
            raise _fail(c.spec, "each input must be one tensor")
    ranks = {len(s) for s in c.shapes}
    if len(ranks) != 1:
        raise _fail(c.spec, f"its inputs have different ranks: {_shapes_text(c.shapes)}")
    return c.shapes


KERAS_HANDLERS = {
    "Embedding": _k_embedding,
    "SimpleRNN": _k_rnn, "LSTM": _k_rnn, "GRU": _k_rnn,
    "Bidirectional": _k_bidirectional,
    "Dense": _k_dense,
    "Dropout": _k_dropout,
    "TimeDistributed": _k_time_distributed,
    "RepeatVector": _k_repeat_vector,
    "Conv1D": _k_conv1d,
    "MaxPooling1D": _k_pooling, "AveragePooling1D": _k_pooling,
    "GlobalAveragePooling1D": _k_global_pooling, "GlobalMaxPooling1D": _k_global_pooling,
    "Flatten": _k_flatten,
    "LayerNormalization": _k_layer_norm,
    "BatchNormalization": _k_batch_norm,
    "Attention": _k_attention, "AdditiveAttention": _k_attention,
    "Concatenate": _k_concatenate,
    "Add": _k_merge, "Subtract": _k_merge, "Multiply": _k_merge, "Average": _k_merge,
    "Masking": _k_masking,
    "Activation": _k_activation,
}


def _keras_names(created: list[LayerSpec]) -> dict:
    """Keras's names: the ``name=`` given, else lstm, lstm_1, ... in creation order."""
    seen: dict[str, int] = {}
    names = {}
    for spec in created:
        given = spec.args.get("name")
        if given is not None:
            if not isinstance(given, str) or not given:
                raise _fail(spec, f"name must be a non-empty string, got {given!r}")
            names[id(spec)] = given
            continue
        base = spec.cls.auto_name or spec.cls.name.lower()
        count = seen.get(base, 0)
        seen[base] = count + 1
        names[id(spec)] = base if count == 0 else f"{base}_{count}"
    return names


def _is_input(spec: LayerSpec) -> bool:
    return spec.cls.name in ("Input", "InputLayer")


def _input_shape(spec: LayerSpec) -> tuple:
    if spec.get("batch_shape") is not None:
        return _shape_arg(spec, "batch_shape")
    if spec.get("shape") is None:
        raise _fail(spec, "needs shape=(...)")
    return (spec.get("batch_size"),) + _shape_arg(spec, "shape")


def _apply(call: Call, spec: LayerSpec):
    handler = KERAS_HANDLERS.get(spec.cls.name)
    if handler is None:  # pragma: no cover - the catalogue and the table list the same classes
        raise _fail(spec, "is not a layer quizrnn can summarise")
    return handler(call)


# ----------------------------------------------------------------------------- chains (Sequential)


def _chains(graph: ModelGraph):
    if graph.framework == PYTORCH:
        rows, steps = [], []
        for chain in graph.chains:
            more = _pytorch_chain(chain, len(rows))
            rows += more[0]
            steps += more[1]
        return rows, steps, []
    names = _keras_names(graph.created)
    rows: list[Row] = []
    steps: list[Step] = []
    notes: list[str] = []
    for chain in graph.chains:
        shape = None
        previous: LayerSpec | None = None
        chain_rows = 0
        for i, spec in enumerate(chain):
            if _is_input(spec):
                if i != 0:
                    raise _fail(spec, "an Input layer can only come first")
                shape = _input_shape(spec)
                continue
            given = spec.args.get("input_shape")
            dim_given = "input_dim" not in spec.cls.positional and spec.args.get("input_dim") is not None
            if given is not None or dim_given:
                if chain_rows:
                    raise _fail(spec, "input_shape is only read on the first layer")
                shape = (None,) + (_shape_arg(spec, "input_shape") if given is not None
                                   else (_whole(spec, "input_dim"),))
            if spec.cls.name == "Embedding" and spec.args.get("input_length") is not None:
                note = ("Keras 3 ignores Embedding(input_length=...); the sequence length comes "
                        "from the input shape.")
                if note not in notes:
                    notes.append(note)
            name = names[id(spec)]
            out, count, step = _apply(Call(spec, [shape], previous=previous, title=f"{name} ({spec.cls.name})"),
                                      spec)
            rows.append(Row(name, spec.cls.name, out, count,
                            non_trainable=_non_trainable(spec, count)))
            steps.append(step)
            shape, previous = out, spec
            chain_rows += 1
        if not chain_rows:
            raise SolverError("the model has an input but no layers", ("layers",))
    return rows, steps, notes


def _non_trainable(spec: LayerSpec, count: int) -> int:
    if spec.cls.name == "BatchNormalization":
        trained = _flag(spec, "scale") + _flag(spec, "center")
        return count * 2 // (trained + 2)
    return 0


# ----------------------------------------------------------------------------- Keras functional


def _operation_order(graph: ModelGraph) -> tuple[list, list]:
    """The layers in the order Keras 3 lists a functional model's operations, and its nodes.

    Keras walks back from the outputs depth-first, gives every node a depth (its distance
    from the outputs), and lists layers by decreasing depth, ties in the order the walk
    first met them; inputs that no output uses come last at depth 0.
    """
    finished: set[int] = set()
    in_progress: set[int] = set()
    ordered: list[Node] = []
    first_seen: dict[int, int] = {}
    layer_of: dict[int, LayerSpec] = {}

    def visit(ref):
        node = ref[0]
        if id(node) in finished:
            return
        if id(node) in in_progress:  # pragma: no cover - a graph built by calls has no cycles
            raise SolverError("the model's graph has a cycle", ("layers",))
        layer = node.layer
        first_seen.setdefault(id(layer), len(first_seen))
        layer_of[id(layer)] = layer
        in_progress.add(id(node))
        for parent in node.inputs:
            visit(parent)
        in_progress.discard(id(node))
        finished.add(id(node))
        ordered.append(node)

    for ref in graph.outputs:
        visit(ref)
    in_graph = {id(n) for n in ordered}
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    for node in reversed(ordered):
        depth = node_depth.setdefault(id(node), 0)
        depth = max(depth, layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        for parent, _ in node.inputs:
            if id(parent) in in_graph:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for ref in graph.inputs:
        layer = ref[0].layer
        if id(layer) not in layer_depth:
            layer_depth[id(layer)] = 0
            first_seen[id(layer)] = -1
            layer_of[id(layer)] = layer
            node_depth[id(ref[0])] = 0
            ordered.append(ref[0])
    layers = sorted(layer_of.values(), key=lambda s: (-layer_depth[id(s)], first_seen[id(s)]))
    return layers, ordered


def _keras_functional(graph: ModelGraph):
    names = _keras_names(graph.created)
    layers, relevant = _operation_order(graph)
    relevant_ids = {id(n) for n in relevant}
    # Shapes and weights follow the calls in the order the code made them.
    outputs: dict[int, object] = {}
    counts: dict[int, tuple] = {}
    calls_of: dict[int, list] = {}
    for node in graph.nodes:
        spec = node.layer
        calls_of.setdefault(id(spec), []).append(node)
        if _is_input(spec):
            outputs[id(node)] = _input_shape(spec)
            counts.setdefault(id(spec), (0, Step(f"{names[id(spec)]} (InputLayer)", "no weights", "", 0,
                                                 note=f"input {numfmt.value(outputs[id(node)])}")))
            continue
        shapes_in = []
        for parent, index in node.inputs[:node.primary]:
            produced = outputs[id(parent)]
            shapes_in.append(produced[index] if isinstance(produced, list) else produced)
        title = f"{names[id(spec)]} ({spec.cls.name})"
        out, count, step = _apply(Call(spec, shapes_in, listed=node.listed, title=title,
                                       options=node.options), spec)
        outputs[id(node)] = out
        if id(spec) in counts:
            if counts[id(spec)][0] != count:
                raise _fail(spec, "is called again on an input of another size; its weights would "
                                  "not fit (Keras refuses it)")
            continue
        counts[id(spec)] = (count, step)
    rows: list[Row] = []
    steps: list[Step] = []
    notes: list[str] = []
    for spec in layers:
        nodes = calls_of.get(id(spec), [])
        if id(spec) not in counts:  # pragma: no cover - every layer in the graph was called
            raise _fail(spec, "is never called")
        count, step = counts[id(spec)]
        shape = outputs[id(nodes[-1])]
        connected = []
        for node in nodes:
            if id(node) not in relevant_ids:
                continue
            for parent, index in node.inputs:
                position = calls_of[id(parent.layer)].index(parent)
                connected.append(f"{names[id(parent.layer)]}[{position}][{index}]")
        cls_name = "InputLayer" if _is_input(spec) else spec.cls.name
        rows.append(Row(names[id(spec)], cls_name, shape, count, connected_to=connected,
                        non_trainable=_non_trainable(spec, count)))
        if count or not _is_input(spec):
            steps.append(step)
        if len([n for n in nodes if id(n) in relevant_ids]) > 1:
            notes.append(f"{names[id(spec)]} is called {len(nodes)} times; its weights are shared and "
                         "counted once.")
    return rows, steps, notes


# ----------------------------------------------------------------------------- PyTorch


def _t_embedding(spec, shape, title):
    num, dim = _whole(spec, "num_embeddings"), _whole(spec, "embedding_dim")
    out = (tuple(shape) if shape else (None, None)) + (dim,)
    count = num * dim
    return out, count, Step(title, "num_embeddings · embedding_dim",
                            f"= {numfmt.integer(num)} · {numfmt.integer(dim)}", count)


def _t_rnn(spec, shape, title):
    cell = RNN_CELLS[spec.cls.name]
    d = _whole(spec, "input_size")
    _chain(spec, shape, d, "input_size")
    nonlin = spec.get("nonlinearity")
    if cell == "rnn" and nonlin not in ("tanh", "relu"):
        raise _fail(spec, f"nonlinearity must be 'tanh' or 'relu', got {nonlin!r}")
    proj = _whole(spec, "proj_size", low=0) if cell == "lstm" else 0
    cfg = params.RecurrentConfig(cell=cell, hidden=_whole(spec, "hidden_size"), input_size=d,
                                 layers=_whole(spec, "num_layers"),
                                 bidirectional=_flag(spec, "bidirectional"),
                                 bias=_flag(spec, "bias"), convention="pytorch", proj_size=proj)
    try:
        params.check_config(cfg)
    except SolverError as exc:
        raise _fail(spec, exc.message) from None
    count = params.total_params(cfg)
    out = (None, None, cfg.directions * cfg.output_size)
    parts = [params.layer_params(cfg, k) for k in range(1, cfg.layers + 1)]
    formula = params.count_formula(cfg)
    sub = params.count_numbers(cfg, d)
    if cfg.bidirectional:
        formula = f"2 · ({formula})"
        sub = f"2 · {sub}"
    if cfg.layers > 1:
        sub = " + ".join(numfmt.integer(p) for p in parts) + " (one term per layer)"
    return out, count, Step(title, formula, f"= {sub}", count,
                            note=f"output features D·H_out = {out[-1]}; b_ih and b_hh per gate block")


def _t_linear(spec, shape, title):
    d, units = _whole(spec, "in_features"), _whole(spec, "out_features")
    _chain(spec, shape, d, "in_features")
    bias = _flag(spec, "bias")
    count = d * units + (units if bias else 0)
    out = (tuple(shape[:-1]) if shape else (None,)) + (units,)
    return out, count, Step(title, "in_features · out_features + out_features" if bias
                            else "in_features · out_features",
                            f"= {numfmt.integer(d)} · {numfmt.integer(units)}"
                            + (f" + {numfmt.integer(units)}" if bias else ""), count)


def _t_dropout(spec, shape, title):
    _rate(spec, "p", closed=True)
    return shape, 0, Step(title, "no weights", "", 0)


def _t_plain(spec, shape, title):
    dim = spec.get("dim") if spec.cls.name in ("Softmax", "LogSoftmax") else None
    note = f"over dim {dim}" if dim is not None else ""
    return shape, 0, Step(title, "no weights", "", 0, note=note)


def _t_conv1d(spec, shape, title):
    cin, cout = _whole(spec, "in_channels"), _whole(spec, "out_channels")
    k, stride, dil = _whole1(spec, "kernel_size"), _whole1(spec, "stride"), _whole1(spec, "dilation")
    groups = _whole(spec, "groups")
    if cin % groups or cout % groups:
        raise _fail(spec, f"groups={groups} must divide in_channels ({cin}) and out_channels ({cout})")
    if shape is not None and len(shape) == 3 and shape[1] is not None and shape[1] != cin:
        raise _fail(spec, f"in_channels={cin} but the previous layer gives {shape[1]} channels")
    padding = spec.get("padding")
    length = shape[2] if shape is not None and len(shape) == 3 else None
    if padding == "same":
        if stride != 1:
            raise _fail(spec, "padding='same' needs stride 1 (PyTorch refuses it)")
    elif padding == "valid":
        length = None if length is None else length - dil * (k - 1)
    else:
        pad = padding[0] if isinstance(padding, (tuple, list)) and len(padding) == 1 else padding
        if isinstance(pad, bool) or not isinstance(pad, int) or pad < 0:
            raise _fail(spec, f"padding must be a whole number, 'same' or 'valid', got {padding!r}")
        length = None if length is None else (length + 2 * pad - dil * (k - 1) - 1) // stride + 1
    if length is not None and length < 1:
        raise _fail(spec, "the kernel is longer than the (padded) sequence")
    bias = _flag(spec, "bias")
    count = cout * (cin // groups) * k + (cout if bias else 0)
    out = (None, cout, length)
    return out, count, Step(title, "out_channels · (in_channels / groups) · kernel_size"
                            + (" + out_channels" if bias else ""),
                            f"= {numfmt.integer(cout)} · {numfmt.integer(cin // groups)} · {k}"
                            + (f" + {numfmt.integer(cout)}" if bias else ""), count,
                            note="input and output are (N, channels, length)")


def _t_layer_norm(spec, shape, title):
    ns = spec.get("normalized_shape")
    dims = _shape_arg(spec, "normalized_shape")
    if None in dims:
        raise _fail(spec, f"normalized_shape must be sizes, got {ns!r}")
    if shape is not None and len(shape) >= len(dims):
        tail = shape[len(shape) - len(dims):]
        if all(t is not None for t in tail) and tuple(tail) != dims:
            raise _fail(spec, f"normalized_shape {numfmt.value(dims)} does not match the input's last "
                              f"dimensions {numfmt.value(tuple(tail))}")
    size = math.prod(dims)
    affine = _flag(spec, "elementwise_affine")
    bias = _flag(spec, "bias") and affine
    count = size * (int(affine) + int(bias))
    out = shape if shape is not None else (None,) + dims
    return out, count, Step(title, "weight + bias, one per normalised element" if bias else
                            "weight, one per normalised element" if affine else "no weights",
                            f"= {int(affine) + int(bias)} · {numfmt.integer(size)}" if count else "", count)


def _t_batch_norm(spec, shape, title):
    c = _whole(spec, "num_features")
    if shape is not None:
        have = shape[1] if len(shape) == 3 else shape[-1]
        if have is not None and have != c:
            raise _fail(spec, f"num_features={c} but its input has {have} features (dim 1)")
    affine = _flag(spec, "affine")
    bias = affine and _flag(spec, "bias")
    count = c * (int(affine) + int(bias))
    out = shape if shape is not None else (None, c)
    return out, count, Step(title, "weight + bias, one per channel" if count else "no weights",
                            f"= {int(affine) + int(bias)} · {numfmt.integer(c)}" if count else "", count,
                            note="running_mean and running_var are buffers, not parameters")


PYTORCH_HANDLERS = {
    "Embedding": _t_embedding,
    "RNN": _t_rnn, "LSTM": _t_rnn, "GRU": _t_rnn,
    "Linear": _t_linear,
    "Dropout": _t_dropout,
    "Conv1d": _t_conv1d,
    "LayerNorm": _t_layer_norm,
    "BatchNorm1d": _t_batch_norm,
    "LogSoftmax": _t_plain, "Softmax": _t_plain, "ReLU": _t_plain, "Tanh": _t_plain,
    "Sigmoid": _t_plain, "Identity": _t_plain,
}


def _pytorch_chain(specs: list[LayerSpec], start: int = 0):
    rows: list[Row] = []
    steps: list[Step] = []
    shape = None
    for i, spec in enumerate(specs, start):
        out, count, step = PYTORCH_HANDLERS[spec.cls.name](spec, shape, f"({i}) {spec.cls.display}")
        rows.append(Row(str(i), spec.cls.name, out, count))
        steps.append(step)
        shape = out
    return rows, steps


def _torch_modules(graph: ModelGraph):
    rows: list[Row] = []
    steps: list[Step] = []
    for name, spec in graph.modules:
        out, count, step = PYTORCH_HANDLERS[spec.cls.name](spec, None, f"{name} ({spec.cls.display})")
        rows.append(Row(name, spec.cls.name, out, count))
        steps.append(step)
    if not rows:
        raise SolverError("the module has no layers", ("layers",))
    notes = ["Listed in the order __init__ defines them, as print(model) shows them; the total is "
             "sum(p.numel() for p in model.parameters()), each shared module once."]
    return rows, steps, notes


def _chain(spec: LayerSpec, shape, expected: int, arg: str) -> None:
    if shape is not None and shape[-1] is not None and shape[-1] != expected:
        raise _fail(spec, f"{arg}={expected} but the previous layer gives {shape[-1]} features")
