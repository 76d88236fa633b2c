"""Model summaries in the manner of Keras ``model.summary()``.

Input is a list of :class:`LayerSpec` (a layer class from :mod:`solvers.layers` and its
bound arguments); output is a :class:`~solvers.solution.Solution` whose ``details``
hold one row per layer (name, class, output shape, parameters) and whose answer is the
total parameter count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from solvers import numfmt, params, shapes
from solvers.errors import SolverError
from solvers.layers import KERAS, PYTORCH, LayerClass
from solvers.solution import Solution, Step

RNN_CELLS = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru", "RNN": "rnn"}


@dataclass
class LayerSpec:
    """A layer call with its arguments bound to parameter names."""

    cls: LayerClass
    args: dict = field(default_factory=dict)
    where: str = ""

    def get(self, name):
        return self.args.get(name, self.cls.defaults.get(name))

    @property
    def label(self) -> str:
        return f"{self.where}: {self.cls.display}" if self.where else self.cls.display


@dataclass
class Row:
    name: str
    cls: str
    output_shape: object
    params: int

    def to_dict(self) -> dict:
        return {"name": self.name, "class": self.cls, "output_shape": self.output_shape,
                "params": self.params}


class _Names:
    """Keras's automatic layer names: lstm, lstm_1, lstm_2..."""

    def __init__(self):
        self.seen: dict[str, int] = {}
        self.taken: set[str] = set()

    def next(self, base: str) -> str:
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        name = base if count == 0 else f"{base}_{count}"
        self.taken.add(name)
        return name


def summarize(specs: list[LayerSpec] | list[list[LayerSpec]]) -> Solution:
    """Shapes and parameter counts of a Sequential model, layer by layer.

    ``specs`` is one list of layers, or several (branches of a functional model, such as
    an encoder and a decoder); the branches' rows are listed in order and summed.
    """
    branches = specs if specs and isinstance(specs[0], list) else [specs]
    if not all(branches):
        raise SolverError("the model has no layers", ("layers",))
    specs = [spec for branch in branches for spec in branch]
    frameworks = {s.cls.framework for s in specs}
    if len(frameworks) > 1:
        first_torch = next(s for s in specs if s.cls.framework == PYTORCH)
        raise SolverError(
            f"{first_torch.label}: Keras and PyTorch layers are mixed in one model; "
            "describe one framework at a time",
            ("layers",),
        )
    rows: list[Row] = []
    steps: list[Step] = []
    notes: list[str] = []
    names = _Names()
    for branch in branches:
        if frameworks == {KERAS}:
            more = _keras(branch, names)
        else:
            more = _pytorch(branch, len(rows))
        rows += more[0]
        steps += more[1]
        notes += [n for n in more[2] if n not in notes]
    total = sum(r.params for r in rows)
    steps.append(Step("Total parameters",
                      substitution=" + ".join(numfmt.integer(r.params) for r in rows), result=total))
    return Solution(
        kind="model",
        title="Model summary",
        answer=total,
        steps=steps,
        details={"framework": frameworks.pop(), "branches": len(branches),
                 "layers": [r.to_dict() for r in rows]},
        notes=notes,
    )


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


# ----------------------------------------------------------------------------- helpers


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


def _flag(spec: LayerSpec, arg: str) -> bool:
    val = spec.get(arg)
    if not isinstance(val, bool):
        raise _fail(spec, f"{arg} must be True or False, got {val!r}")
    return val


def _shape_arg(spec: LayerSpec, arg: str) -> tuple:
    val = spec.get(arg)
    if isinstance(val, int) and not isinstance(val, bool):
        val = (val,)
    if not isinstance(val, (tuple, list)) or not val:
        raise _fail(spec, f"{arg} must be a tuple of sizes such as (60, 1), got {val!r}")
    for dim in val:
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
            raise _fail(spec, f"{arg} entries must be positive whole numbers or None, got {dim!r}")
    return tuple(val)


def _features(spec: LayerSpec, shape, previous: LayerSpec | None, rank: int | None = None) -> int:
    """The last dimension of the incoming shape, which the layer's weights depend on."""
    if shape is None:
        raise _fail(spec, "the size of its input is unknown; give the first layer "
                          "input_shape=(timesteps, features) or start with Input(shape=...)")
    if isinstance(shape, list):
        raise _fail(spec, "the previous layer returns several tensors (return_state=True or "
                          "merge_mode=None); a Sequential model cannot pass a list on")
    if rank is not None and len(shape) != rank:
        hint = ""
        if previous is not None and previous.cls.name in RNN_CELLS | {"Bidirectional": 0} \
                and len(shape) == 2:
            hint = "; did the previous layer forget return_sequences=True?"
        raise _fail(spec, f"expects a {rank}-D input (batch, timesteps, features) but gets "
                          f"{numfmt.value(shape)}{hint}")
    last = shape[-1]
    if last is None:
        raise _fail(spec, "the feature size of its input is unknown")
    return last


# ----------------------------------------------------------------------------- Keras


def _keras(specs: list[LayerSpec], names: _Names):
    rows: list[Row] = []
    steps: list[Step] = []
    notes: list[str] = []
    shape = None
    previous: LayerSpec | None = None
    for i, spec in enumerate(specs):
        name = spec.cls.name
        if name in ("Input", "InputLayer"):
            if i != 0:
                raise _fail(spec, "an Input layer can only come first")
            shape = _input_shape(spec)
            continue
        given = spec.args.get("input_shape")
        dim_given = "input_dim" not in spec.cls.positional and spec.args.get("input_dim") is not None
        if given is not None or dim_given:
            if rows:
                raise _fail(spec, "input_shape is only read on the first layer")
            shape = (None,) + (_shape_arg(spec, "input_shape") if given is not None
                               else (_whole(spec, "input_dim"),))
        if name == "Embedding" and spec.args.get("input_length") is not None:
            notes.append("Keras 3 ignores Embedding(input_length=...); the sequence length comes "
                         "from the input shape.")
        layer_name = spec.args.get("name") or names.next(spec.cls.auto_name)
        if not isinstance(layer_name, str):
            raise _fail(spec, f"name must be a string, got {layer_name!r}")
        out, count, step = _keras_layer(spec, shape, previous, layer_name)
        rows.append(Row(layer_name, name, out, count))
        steps.append(step)
        shape, previous = out, spec
    if not rows:
        raise SolverError("the model has an input but no layers", ("layers",))
    return rows, steps, notes


def _input_shape(spec: LayerSpec) -> tuple:
    if spec.get("batch_shape") is not None:
        return _shape_arg(spec, "batch_shape")
    if spec.get("shape") is None:
        raise _fail(spec, "needs shape=(...)")
    return (spec.get("batch_size"),) + _shape_arg(spec, "shape")


def _keras_layer(spec: LayerSpec, shape, previous, layer_name: str):
    """(output shape, parameter count, explaining step) of one Keras layer."""
    name = spec.cls.name
    title = f"{layer_name} ({name})"
    if name == "Embedding":
        vocab, dim = _whole(spec, "input_dim"), _whole(spec, "output_dim")
        base = shape if shape is not None else (None, None)
        if isinstance(base, list):
            _features(spec, base, previous)
        out = tuple(base) + (dim,)
        count = vocab * dim
        return out, count, Step(title, "input_dim · output_dim",
                                f"= {numfmt.integer(vocab)} · {numfmt.integer(dim)}", count,
                                note=f"output {numfmt.value(out)}: one {dim}-vector per token")
    if name in RNN_CELLS:
        return _keras_rnn(spec, shape, previous, title, bidirectional=False)
    if name == "Bidirectional":
        inner = spec.get("layer")
        if not isinstance(inner, LayerSpec) or inner.cls.name not in RNN_CELLS:
            raise _fail(spec, "wraps a recurrent layer (SimpleRNN, LSTM or GRU)")
        merge = spec.get("merge_mode")
        if merge not in shapes.MERGE_MODES:
            raise _fail(spec, f"unknown merge_mode {merge!r}: choose 'concat', 'sum', 'mul', "
                              "'ave' or None")
        return _keras_rnn(inner, shape, previous, title, bidirectional=True, merge_mode=merge,
                          outer=spec)
    if name == "Dense":
        units = _whole(spec, "units")
        d = _features(spec, shape, previous)
        bias = _flag(spec, "use_bias")
        count = d * units + (units if bias else 0)
        out = tuple(shape[:-1]) + (units,)
        formula = "d · units + units" if bias else "d · units"
        sub = f"= {numfmt.integer(d)} · {numfmt.integer(units)}" + (f" + {numfmt.integer(units)}" if bias else "")
        note = f"output {numfmt.value(out)}"
        if len(shape) > 2:
            note += "; Dense acts on the last axis, at every time step"
        return out, count, Step(title, formula, sub, count, note=note)
    if name == "Dropout":
        rate = spec.get("rate")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise _fail(spec, f"rate must be a number from 0 up to (not including) 1, got {rate!r}")
        if isinstance(shape, list):
            _features(spec, shape, previous)
        return shape, 0, Step(title, "no weights", "", 0,
                              note="dropout zeroes activations while training; it has no parameters")
    if name == "TimeDistributed":
        inner = spec.get("layer")
        if not isinstance(inner, LayerSpec) or inner.cls.framework != KERAS:
            raise _fail(spec, "wraps a Keras layer such as Dense(...)")
        if inner.cls.name not in ("Dense", "Dropout"):
            raise _fail(spec, f"quizrnn summarises TimeDistributed(Dense) and TimeDistributed(Dropout), "
                              f"not TimeDistributed({inner.cls.name})")
        if shape is None or isinstance(shape, list) or len(shape) < 3:
            _features(spec, shape, previous, rank=3)
        inner_out, count, inner_step = _keras_layer(inner, (shape[0],) + tuple(shape[2:]), None,
                                                    layer_name)
        out = (shape[0], shape[1]) + tuple(inner_out[1:])
        return out, count, Step(title, inner_step.formula, inner_step.substitution, count,
                                note=f"the same {inner.cls.name} at every time step; output "
                                     f"{numfmt.value(out)}")
    raise _fail(spec, "is not a layer quizrnn can summarise")


def _keras_rnn(spec: LayerSpec, shape, previous, title: str, *, bidirectional: bool,
               merge_mode="concat", outer: LayerSpec | None = None):
    cell = RNN_CELLS[spec.cls.name]
    units = _whole(spec, "units")
    d = _features(outer or spec, shape, previous, rank=3)
    reset_after = _flag(spec, "reset_after") if cell == "gru" else None
    cfg = params.RecurrentConfig(cell=cell, hidden=units, input_size=d, bidirectional=bidirectional,
                                 bias=_flag(spec, "use_bias"), convention="keras",
                                 reset_after=reset_after)
    count = params.layer_params(cfg)
    out = shapes.keras_rnn_output(cell, units, shape[0], shape[1],
                                  return_sequences=_flag(spec, "return_sequences"),
                                  return_state=_flag(spec, "return_state"),
                                  bidirectional=bidirectional, merge_mode=merge_mode)
    formula = params.count_formula(cfg)
    sub = params.count_numbers(cfg, d)
    if bidirectional:
        formula = f"2 · {formula}"
        sub = f"2 · {sub}"
    sub = f"= {sub}"
    seq = "one output per time step" if _flag(spec, "return_sequences") else "the last output only"
    note = f"n = {units}, d = {d}; {seq}; output {numfmt.value(out)}"
    return out, count, Step(title, formula, sub, count, note=note)


# ----------------------------------------------------------------------------- PyTorch


def _pytorch(specs: list[LayerSpec], start: int = 0):
    rows: list[Row] = []
    steps: list[Step] = []
    shape = None
    for i, spec in enumerate(specs, start):
        name = spec.cls.name
        title = f"({i}) {spec.cls.display}"
        if name == "Embedding":
            num, dim = _whole(spec, "num_embeddings"), _whole(spec, "embedding_dim")
            out = (None, None, dim)
            count = num * dim
            step = Step(title, "num_embeddings · embedding_dim",
                        f"= {numfmt.integer(num)} · {numfmt.integer(dim)}", count)
        elif name in RNN_CELLS:
            cell = RNN_CELLS[name]
            d = _whole(spec, "input_size")
            _chain(spec, shape, d, "input_size")
            nonlin = spec.get("nonlinearity")
            if cell == "rnn" and nonlin not in ("tanh", "relu"):
                raise _fail(spec, f"nonlinearity must be 'tanh' or 'relu', got {nonlin!r}")
            proj = _whole(spec, "proj_size", low=0) if cell == "lstm" else 0
            cfg = params.RecurrentConfig(cell=cell, hidden=_whole(spec, "hidden_size"), input_size=d,
                                         layers=_whole(spec, "num_layers"),
                                         bidirectional=_flag(spec, "bidirectional"),
                                         bias=_flag(spec, "bias"), convention="pytorch",
                                         proj_size=proj)
            try:
                params.check_config(cfg)
            except SolverError as exc:
                raise _fail(spec, exc.message) from None
            count = params.total_params(cfg)
            out = (None, None, cfg.directions * cfg.output_size)
            parts = [params.layer_params(cfg, k) for k in range(1, cfg.layers + 1)]
            formula = params.count_formula(cfg)
            if cfg.bidirectional:
                formula = f"2 · ({formula})"
            sub = params.count_numbers(cfg, d)
            if cfg.bidirectional:
                sub = f"2 · {sub}"
            if cfg.layers > 1:
                sub = " + ".join(numfmt.integer(p) for p in parts) + " (one term per layer)"
            sub = f"= {sub}"
            step = Step(title, formula, sub, count,
                        note=f"output features D·H_out = {out[-1]}; b_ih and b_hh per gate block")
        elif name == "Linear":
            d, units = _whole(spec, "in_features"), _whole(spec, "out_features")
            _chain(spec, shape, d, "in_features")
            bias = _flag(spec, "bias")
            count = d * units + (units if bias else 0)
            out = (tuple(shape[:-1]) if shape else (None,)) + (units,)
            step = Step(title, "in_features · out_features + out_features" if bias
                        else "in_features · out_features",
                        f"= {numfmt.integer(d)} · {numfmt.integer(units)}"
                        + (f" + {numfmt.integer(units)}" if bias else ""), count)
        elif name == "Dropout":
            p = spec.get("p")
            if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
                raise _fail(spec, f"p must be a probability between 0 and 1, got {p!r}")
            out, count = shape, 0
            step = Step(title, "no weights", "", 0)
        else:  # pragma: no cover - the catalogue and this function list the same classes
            raise _fail(spec, "is not a layer quizrnn can summarise")
        rows.append(Row(str(i), name, out, count))
        steps.append(step)
        shape = out
    return rows, steps, []


def _chain(spec: LayerSpec, shape, expected: int, arg: str) -> None:
    if shape is not None and shape[-1] is not None and shape[-1] != expected:
        raise _fail(spec, f"{arg}={expected} but the previous layer gives {shape[-1]} features")
