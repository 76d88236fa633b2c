"""Whole Keras models written as a list of layers: parameter totals and output shapes.

A model is a flat list of layer mappings. ``{"layer": "input", "shape": [T]}`` starts a
branch (a model with an encoder and a decoder has two inputs); every other layer reads the
output of the layer before it::

    [{"layer": "input", "shape": [None]},
     {"layer": "embedding", "input_dim": 5000, "output_dim": 64},
     {"layer": "lstm", "units": 64, "bidirectional": True},
     {"layer": "dense", "units": 1}]

Layers: ``input`` (shape without the batch, ``None`` for a free length), ``embedding``
(input_dim, output_dim), ``simplernn``, ``lstm`` and ``gru`` (units, return_sequences,
bidirectional, merge_mode, reset_after, use_bias, initial_state: whether another layer's
states are passed in, which adds no weights), ``dense`` (units, use_bias; on a sequence it
acts on every step with the same weights), ``repeat_vector`` (n) and ``dropout`` (rate).

Counts follow Keras 3: SimpleRNN n(n+d+1), LSTM 4n(n+d+1), GRU 3n(n+d+2) with
``reset_after=True`` (the default), 3n(n+d+1) without.
"""

from __future__ import annotations

from solvers import numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step

RECURRENT = {"simplernn": ("SimpleRNN", 1), "lstm": ("LSTM", 4), "gru": ("GRU", 3)}
KINDS = ("input", "embedding", "dense", "repeat_vector", "dropout") + tuple(RECURRENT)
KEYS = {
    "input": {"shape", "name", "batch", "note"},
    "embedding": {"input_dim", "output_dim", "mask_zero"},
    "dense": {"units", "use_bias", "activation"},
    "repeat_vector": {"n"},
    "dropout": {"rate"},
    **{k: {"units", "return_sequences", "bidirectional", "merge_mode", "reset_after", "use_bias",
           "initial_state", "return_state", "dropout", "name"} for k in RECURRENT},
}
#: Slips a student makes when counting a model, for :mod:`solvers.variants`.
SLIPS = ("dense-no-bias", "vocab-as-input", "one-direction", "bi-next-reads-units", "states-as-input",
         "per-step-dense", "per-step-recurrent", "flatten-dense", "upper-reads-input", "reads-own-units",
         "one-embedding")
MAX_SIZE = 10**7


def _fail(k: int, message: str) -> SolverError:
    return SolverError(f"layer {k}: {message}", ("layers", k))


def _whole(entry: dict, key: str, k: int, low: int = 1) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_SIZE:
        raise _fail(k, f"{key} must be a whole number from {low} to {MAX_SIZE:,}, got {value!r}")
    return value


def _shape_text(shape: tuple) -> str:
    return numfmt.value(tuple(shape))


def _evaluate(layers, slip: str | None = None) -> tuple[list[Step], dict]:
    """The working and the answer (with a slip when asked).

    The answer holds ``params`` (the total), ``shape`` (the last layer's output shape),
    ``last_layer`` (the last layer's parameters) and, when the input names a batch size,
    ``values`` (how many numbers the model returns for that batch).
    """
    if not isinstance(layers, list) or not layers:
        raise SolverError("layers must be a non-empty list of layer mappings", ("layers",))
    steps: list[Step] = []
    total = 0
    last = 0
    batch = None
    shape: tuple | None = None
    group = ""
    model_input: int | None = None  # features the first recurrent layer of a branch reads
    recurrent_seen = 0
    embeddings_seen = 0
    after_embedding: int | None = None
    for k, entry in enumerate(layers, 1):
        if not isinstance(entry, dict) or entry.get("layer") not in KINDS:
            raise _fail(k, f"a mapping with 'layer' set to one of {', '.join(KINDS)}")
        kind = entry["layer"]
        unknown = set(entry) - {"layer"} - KEYS[kind]
        if unknown:
            raise _fail(k, f"{kind} has no argument {sorted(unknown)[0]!r}")
        if kind == "input":
            dims = entry.get("shape")
            if not isinstance(dims, list) or not dims or not all(
                    d is None or (isinstance(d, int) and not isinstance(d, bool) and 0 < d <= MAX_SIZE)
                    for d in dims):
                raise _fail(k, "input needs a shape such as [60, 5] (None for a free length)")
            shape = (None, *dims)
            group = str(entry.get("name", ""))
            if entry.get("batch") is not None:
                batch = _whole(entry, "batch", k)
            model_input, recurrent_seen, after_embedding = None, 0, None
            note = f"output {_shape_text(shape)}: the batch comes first, None"
            if entry.get("note"):
                note = f"{entry['note']}; {note}"
            steps.append(Step("Input", "no weights", "", 0, group=group, note=note))
            last = 0
            continue
        if shape is None:
            raise _fail(k, "the model must start with an input layer")
        if kind == "embedding":
            V, e = _whole(entry, "input_dim", k), _whole(entry, "output_dim", k)
            if len(shape) != 2:
                raise _fail(k, f"an Embedding reads token ids of shape (batch, T), not {_shape_text(shape)}")
            embeddings_seen += 1
            count = 0 if slip == "one-embedding" and embeddings_seen > 1 else V * e
            shape = shape + (e,)
            after_embedding = V
            steps.append(Step(f"Embedding({V}, {e})", "input_dim·output_dim",
                              f"{numfmt.integer(V)}·{e}", count, group=group,
                              note=f"one row per token id, no bias; output {_shape_text(shape)}"))
            total += count
            last = count
            continue
        if kind in RECURRENT:
            label, gates = RECURRENT[kind]
            n = _whole(entry, "units", k)
            if len(shape) != 3:
                raise _fail(k, f"a recurrent layer reads (batch, T, features), not {_shape_text(shape)}; "
                               "the layer before it needs return_sequences=True")
            d = shape[2]
            if model_input is None:
                model_input = d
            if slip == "vocab-as-input" and after_embedding is not None:
                d = after_embedding
            if slip == "upper-reads-input" and recurrent_seen > 0:
                d = model_input
            if slip == "states-as-input" and entry.get("initial_state"):
                d = d + n
            if slip == "reads-own-units" and recurrent_seen > 0:
                d = n
            recurrent_seen += 1
            after_embedding = None
            reset_after = entry.get("reset_after", True) if kind == "gru" else False
            bias = 0 if entry.get("use_bias", True) is False else (2 if reset_after else 1)
            bidirectional = bool(entry.get("bidirectional", False))
            merge = entry.get("merge_mode", "concat")
            if merge not in ("concat", "sum", "ave", "mul"):
                raise _fail(k, f"merge_mode {merge!r}: choose concat, sum, ave or mul")
            directions = 2 if bidirectional and slip != "one-direction" else 1
            per = gates * n * (n + d + bias)
            count = directions * per
            if slip == "per-step-recurrent" and shape[1] is not None:
                count *= shape[1]
            inner = f"{n} + {d}" + (f" + {bias}" if bias else "")
            g = f"{gates}·" if gates > 1 else ""
            symbol = f"{g}n(n + d" + (f" + {bias})" if bias else ")")
            formula = (f"2·{symbol}" if directions == 2 else symbol) + f" with n = {n}, d = {d}"
            numbers = ("2·" if directions == 2 else "") + f"{g}{n}·({inner})"
            width = 2 * n if bidirectional and merge == "concat" and slip not in (
                "one-direction", "bi-next-reads-units") else n
            shape = (None, shape[1], width) if entry.get("return_sequences") else (None, width)
            name = f"{label}({n}" + (", return_sequences=True" if entry.get("return_sequences") else "") + (
                ", return_state=True" if entry.get("return_state") else "") + ")"
            if bidirectional:
                name = f"Bidirectional({name})"
            notes = []
            if bidirectional:
                notes.append("a forward and a backward layer, each with its own weights"
                             + ("; concat joins them: 2n features" if merge == "concat" else
                                f"; merge_mode={merge} combines them element-wise: n features"))
            if kind == "gru":
                notes.append("reset_after=True: two biases per block" if reset_after else "one bias per block")
            if entry.get("initial_state"):
                notes.append("initial_state only sets h_0 (and c_0); it adds no weights")
            notes.append(f"output {_shape_text(shape)}")
            steps.append(Step(name, formula, numbers, count, group=group, note="; ".join(notes)))
            total += count
            last = count
            continue
        if kind == "dense":
            u = _whole(entry, "units", k)
            f = shape[-1]
            bias = entry.get("use_bias", True) is not False and slip != "dense-no-bias"
            count = f * u + (u if bias else 0)
            times = 1
            if slip == "per-step-dense" and len(shape) == 3 and shape[1] is not None:
                times = shape[1]
            if slip == "flatten-dense" and len(shape) == 3 and shape[1] is not None:
                f = shape[1] * f
                count = f * u + (u if bias else 0)
                shape = (None, f)
            numbers = f"{f}·{u}" + (f" + {u}" if bias else "")
            if times > 1:
                numbers = f"{times}·({numbers})"
            count *= times
            shape = shape[:-1] + (u,)
            note = f"output {_shape_text(shape)}"
            if len(shape) == 3:
                note = "applied at every time step with the same weights; " + note
            steps.append(Step(f"Dense({u})", "inputs·units + units" if bias else "inputs·units", numbers, count,
                              group=group, note=note))
            total += count
            last = count
            continue
        if kind == "repeat_vector":
            r = _whole(entry, "n", k)
            if len(shape) != 2:
                raise _fail(k, f"RepeatVector reads (batch, features), not {_shape_text(shape)}")
            shape = (None, r, shape[1])
            steps.append(Step(f"RepeatVector({r})", "no weights", "", 0, group=group,
                              note=f"copies the vector {r} times: output {_shape_text(shape)}"))
            last = 0
            continue
        steps.append(Step("Dropout", "no weights", "", 0, group=group, note=f"output {_shape_text(shape)}"))
        last = 0
    counted = [s.result for s in steps if s.result]
    steps.append(Step("Total parameters", "sum over the layers",
                      " + ".join(numfmt.integer(c) for c in counted) if len(counted) > 1 else "", total))
    steps.append(Step("Output shape", "the last layer's output", "", shape))
    answer = {"params": total, "shape": shape, "last_layer": last}
    if batch is not None and all(d is not None for d in shape[1:]):
        values = batch
        for dim in shape[1:]:
            values *= dim
        answer["values"] = values
        steps.append(Step(f"Numbers returned for a batch of {batch}", "batch · the other sizes",
                          " · ".join(str(v) for v in (batch, *shape[1:])), values))
    return steps, answer


ASKS = ("params", "shape", "last_layer", "values")


def keras_model(layers, ask: str = "params") -> Solution:
    """Parameters or output shape of a Keras model given as a list of layers.

    ``ask`` picks what the answer holds (the working shows every layer either way):
    ``params`` (the total), ``last_layer`` (the last layer's count), ``shape`` (the
    model's output shape) or ``values`` (numbers returned for the input's batch).
    """
    if ask not in ASKS:
        raise SolverError(f"ask must be one of {', '.join(ASKS)}", ("ask",))
    steps, answer = _evaluate(layers)
    if ask not in answer:
        raise SolverError("values needs a batch size on the input layer and fixed sizes", ("ask",))
    if ask in ("shape", "values"):
        steps = [s for s in steps if s.title != "Total parameters"]
    title = {"params": "Parameters of a Keras model", "last_layer": "Parameters of the output layer",
             "shape": "Output shape of a Keras model", "values": "Numbers a Keras model returns"}[ask]
    return Solution("keras-model", title, {ask: answer[ask]}, steps)
