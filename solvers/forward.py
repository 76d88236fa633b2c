"""Forward passes of RNN, LSTM and GRU cells over T steps, with every gate shown.

Two conventions:

* ``textbook``: the weights act on the concatenation [h_{t−1}, x_t].
  RNN: ``W_xh`` (n×d), ``W_hh`` (n×n), ``b_h``;
  LSTM: ``W_f W_i W_c W_o`` (n×(n+d)) with ``b_f b_i b_c b_o``;
  GRU: ``W_z W_r W_h`` (n×(n+d)) with ``b_z b_r b_h``, the candidate
  h̃ = tanh(W_h·[r⊙h, x] + b_h) and h = (1−z)⊙h + z⊙h̃.
* ``pytorch``: the state_dict layout: ``weight_ih`` (G·n×d), ``weight_hh`` (G·n×n),
  ``bias_ih``, ``bias_hh`` (G·n) with the gate blocks stacked by rows in PyTorch
  order (LSTM i,f,g,o; GRU r,z,n), and ``weight_hr`` (P×n) for an LSTM with a
  projection. The GRU applies the reset gate after the recurrent product,
  n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), and h' = (1−z)⊙n + z⊙h.

Missing biases are zeros. The trace keys gates as ``i f g o`` (LSTM), ``r z n`` (GRU)
and ``h`` (RNN) in both conventions; g and n are the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solvers import numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step

CELLS = ("rnn", "lstm", "gru")
CONVENTIONS = ("textbook", "pytorch")
NONLINEARITIES = ("tanh", "relu")

#: Weights each cell takes, by convention: (matrices, biases).
WEIGHT_NAMES = {
    ("rnn", "textbook"): (("W_xh", "W_hh"), ("b_h",)),
    ("lstm", "textbook"): (("W_f", "W_i", "W_c", "W_o"), ("b_f", "b_i", "b_c", "b_o")),
    ("gru", "textbook"): (("W_z", "W_r", "W_h"), ("b_z", "b_r", "b_h")),
    ("rnn", "pytorch"): (("weight_ih", "weight_hh"), ("bias_ih", "bias_hh")),
    ("lstm", "pytorch"): (("weight_ih", "weight_hh"), ("bias_ih", "bias_hh")),
    ("gru", "pytorch"): (("weight_ih", "weight_hh"), ("bias_ih", "bias_hh")),
}
OPTIONAL = {("lstm", "pytorch"): ("weight_hr",)}
GATE_COUNT = {"rnn": 1, "lstm": 4, "gru": 3}
PYTORCH_ORDER = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Expand matrix-vector products term by term up to this many terms per row.
EXPAND_TERMS = 6
EXPAND_ROWS = 4


def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def relu(x):
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


@dataclass
class _Ctx:
    """Where a computation stands: for step headings and error paths."""

    layer: int
    direction: str
    multi: bool

    def group(self, t: int) -> str:
        base = f"t = {t}"
        if not self.multi:
            return base
        return f"layer {self.layer + 1} · {self.direction} · {base}"

    def field(self, name: str) -> tuple:
        return ("weights", self.layer, self.direction, name)

    def where(self) -> str:
        if not self.multi:
            return ""
        return f"layer {self.layer + 1} {self.direction}: "


def forward(
    cell: str,
    x,
    layers: list[dict],
    *,
    convention: str = "textbook",
    nonlinearity: str = "tanh",
    h0=None,
    c0=None,
) -> Solution:
    """Run the cell over every row of ``x`` (one row per time step).

    ``layers`` holds one entry per stacked layer: ``{"forward": weights}`` or, for a
    bidirectional network, ``{"forward": weights, "backward": weights}``; weights map
    the names of :data:`WEIGHT_NAMES` to arrays. ``h0`` and ``c0`` are a vector of
    size n for one layer and direction, else one row per (layer, direction) in
    PyTorch's order (layer 1 forward, layer 1 backward, layer 2 forward...).
    """
    if cell not in CELLS:
        raise SolverError(f"unknown cell {cell!r}: choose rnn, lstm or gru", ("cell",))
    if convention not in CONVENTIONS:
        raise SolverError(f"unknown convention {convention!r} for a forward pass: choose textbook "
                          "or pytorch", ("convention",))
    if nonlinearity not in NONLINEARITIES:
        raise SolverError(f"unknown nonlinearity {nonlinearity!r}: choose tanh or relu",
                          ("nonlinearity",))
    if nonlinearity != "tanh" and cell != "rnn":
        raise SolverError("nonlinearity applies to the plain RNN only", ("nonlinearity",))
    x = _matrix(x, ("x",), "x")
    if x.shape[0] == 0:
        raise SolverError("x has no time steps", ("x",))
    if not layers:
        raise SolverError("no weights given", ("weights",))
    directions = ("forward", "backward") if "backward" in layers[0] else ("forward",)
    for k, layer in enumerate(layers):
        if tuple(d for d in ("forward", "backward") if d in layer) != directions:
            raise SolverError(
                f"layer {k + 1} has {'no ' if 'backward' not in layer else ''}backward weights "
                "but layer 1 does" + (" not" if "backward" not in layers[0] else ""),
                ("weights", k),
            )
    multi = len(layers) > 1 or len(directions) > 1
    n = _hidden_size(cell, convention, layers[0]["forward"], _Ctx(0, "forward", multi))
    size = _state_size(cell, convention, layers[0]["forward"], n)
    states = len(layers) * len(directions)
    if cell != "lstm" and c0 is not None:
        raise SolverError("c0 is only for an LSTM; a GRU or RNN keeps just h", ("c0",))
    h0 = _initial(h0, states, size, "h0")
    c0 = _initial(c0, states, n, "c0") if cell == "lstm" else None

    steps: list[Step] = [Step(
        "Set-up", _setup_formula(cell, convention, nonlinearity),
        f"T = {x.shape[0]} step{'s' if x.shape[0] != 1 else ''}, d = {x.shape[1]} input"
        f"{'s' if x.shape[1] != 1 else ''}, n = {n} hidden unit{'s' if n != 1 else ''}"
        + (f", {len(layers)} layers" if len(layers) > 1 else "")
        + (", bidirectional" if len(directions) > 1 else ""),
        shows=(("x", x),),
    )]
    trace: list[dict] = []
    final_h, final_c = [], []
    inputs = x
    outputs = None
    for k, layer in enumerate(layers):
        per_direction = []
        for j, direction in enumerate(directions):
            ctx = _Ctx(k, direction, multi)
            weights = _check_weights(cell, convention, layer[direction], n, inputs.shape[1], ctx)
            steps.append(Step(
                "Weights",
                shows=tuple((name, weights[name]) for name in _shown(weights, layer[direction])),
                group=f"layer {k + 1} · {direction}" if multi else "",
            ))
            idx = k * len(directions) + j
            order = range(inputs.shape[0]) if direction == "forward" else range(inputs.shape[0] - 1, -1, -1)
            hs, h, c = _run(cell, convention, nonlinearity, weights, inputs, order, h0[idx],
                            None if c0 is None else c0[idx], ctx, steps, trace)
            per_direction.append(hs)
            final_h.append(h)
            if c is not None:
                final_c.append(c)
        outputs = np.concatenate(per_direction, axis=1) if len(per_direction) > 1 else per_direction[0]
        if len(directions) > 1:
            for t in range(outputs.shape[0]):
                steps.append(Step(
                    f"Output y{_sub(t + 1)} of layer {k + 1}",
                    "y_t = [h→_t ; h←_t]", f"[{numfmt.vector(per_direction[0][t])} ; "
                    f"{numfmt.vector(per_direction[1][t])}]", outputs[t], f"y{_sub(t + 1)}",
                    group=f"layer {k + 1} · outputs",
                ))
        inputs = outputs

    if multi:
        answer = {"h": np.array(final_h)}
        if final_c:
            answer["c"] = np.array(final_c)
    else:
        answer = {"h": final_h[0]}
        if final_c:
            answer["c"] = final_c[0]
    title = _title(cell, convention, nonlinearity, len(layers), len(directions) > 1, x.shape[0])
    details = {"trace": trace, "outputs": outputs}
    if multi:
        details["state_labels"] = [f"layer {k + 1} {d}" for k, layer in enumerate(layers)
                                   for d in ("forward", "backward") if d in layer]
    return Solution(kind="forward", title=title, answer=answer, steps=steps, details=details)


# ----------------------------------------------------------------------------- checks


def _array(value, field: tuple, label: str, ndim: int) -> np.ndarray:
    """A finite float array of ``ndim`` dimensions (1: a vector, 2: a matrix)."""
    what = "a vector (one list of numbers)" if ndim == 1 else "a matrix (a list of rows)"
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise SolverError(f"{label} must be {what}", field) from None
    if arr.ndim != ndim:
        raise SolverError(f"{label} must be {what}, got {arr.ndim} dimension(s)", field)
    if not np.all(np.isfinite(arr)):
        raise SolverError(f"{label} holds a value that is not a finite number", field)
    return arr


def _matrix(value, field: tuple, label: str) -> np.ndarray:
    return _array(value, field, label, 2)


def _vector(value, field: tuple, label: str) -> np.ndarray:
    return _array(value, field, label, 1)


def _shape(s) -> str:
    return "×".join(str(v) for v in s)


def _misplaced(cell: str, convention: str, weights: dict, ctx: _Ctx) -> None:
    """A weight name of another convention or another cell, said as such (not as 'unknown' or 'missing')."""
    mats, biases = WEIGHT_NAMES[(cell, convention)]
    mine = set(mats) | set(biases) | set(OPTIONAL.get((cell, convention), ()))
    for name in weights:
        if name in mine:
            continue
        for (other_cell, other_convention), (o_mats, o_biases) in WEIGHT_NAMES.items():
            if name not in set(o_mats) | set(o_biases):
                continue
            wanted = ", ".join(mats)
            if other_cell == cell or other_convention != convention:
                order = f" (gate blocks stacked {', '.join(PYTORCH_ORDER[cell])})" if convention == "pytorch" \
                    and cell != "rnn" else ""
                raise SolverError(
                    f"{ctx.where()}{name} is a {other_convention} weight name; with convention: {convention} "
                    f"{_a(cell)} takes {wanted}{order}, or set convention: {other_convention}", ctx.field(name))
            raise SolverError(
                f"{ctx.where()}{name} is {_a(other_cell)} weight, not {_a(cell)} one: a {convention} "
                f"{cell.upper()} takes {wanted}, or set cell: {other_cell}", ctx.field(name))


def _a(cell: str) -> str:
    return ("an " if cell in ("rnn", "lstm") else "a ") + cell.upper()


def _hidden_size(cell: str, convention: str, weights: dict, ctx: _Ctx) -> int:
    _misplaced(cell, convention, weights, ctx)
    mats, _ = WEIGHT_NAMES[(cell, convention)]
    if convention == "textbook":
        ref = "W_hh" if cell == "rnn" else mats[0]
        if ref not in weights:
            ref = next((m for m in mats if m in weights), None)
        if ref is None:
            raise SolverError(f"{ctx.where()}no weight matrices given: a textbook {cell.upper()} "
                              f"needs {', '.join(mats)}", ctx.field(mats[0]))
        arr = np.asarray(weights[ref])
        if arr.ndim != 2 or arr.shape[0] == 0:
            raise SolverError(f"{ctx.where()}{ref} must be a matrix", ctx.field(ref))
        return int(arr.shape[0])
    if "weight_ih" not in weights:
        raise SolverError(f"{ctx.where()}weight_ih is missing", ctx.field("weight_ih"))
    arr = np.asarray(weights["weight_ih"])
    G = GATE_COUNT[cell]
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[0] % G:
        raise SolverError(
            f"{ctx.where()}weight_ih must have G·n rows ({G} gate blocks stacked), got shape "
            f"{_shape(arr.shape)}", ctx.field("weight_ih"))
    return arr.shape[0] // G


def _state_size(cell: str, convention: str, weights: dict, n: int) -> int:
    if cell == "lstm" and convention == "pytorch" and "weight_hr" in weights:
        arr = np.asarray(weights["weight_hr"])
        if arr.ndim == 2:
            return int(arr.shape[0])
    return n


def _initial(value, states: int, n: int, label: str):
    if value is None:
        return np.zeros((states, n))
    arr = np.asarray(value, dtype=np.float64) if not isinstance(value, np.ndarray) else value
    if arr.ndim == 1 and states == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape != (states, n):
        want = f"a vector of {n}" if states == 1 else f"{states} rows of {n} (one per layer and direction)"
        raise SolverError(f"{label} must be {want}, got shape {_shape(np.shape(value))}", (label,))
    if not np.all(np.isfinite(arr)):
        raise SolverError(f"{label} holds a value that is not a finite number", (label,))
    return arr


def _check_weights(cell: str, convention: str, given: dict, n: int, d: int, ctx: _Ctx) -> dict:
    mats, biases = WEIGHT_NAMES[(cell, convention)]
    optional = OPTIONAL.get((cell, convention), ())
    known = set(mats) | set(biases) | set(optional)
    for name in given:
        if name not in known:
            raise SolverError(
                f"{ctx.where()}unknown weight {name!r} for a {convention} {cell.upper()}; expected "
                f"{', '.join(mats + biases + optional)}", ctx.field(name))
    G = GATE_COUNT[cell]
    P = 0
    if "weight_hr" in given:
        P = np.asarray(given["weight_hr"]).shape[0] if np.ndim(given["weight_hr"]) == 2 else -1
    rec = P or n
    if convention == "textbook":
        if cell == "rnn":
            expected = {"W_xh": (n, d), "W_hh": (n, n), "b_h": (n,)}
            why = {"W_xh": "n×d", "W_hh": "n×n", "b_h": "n"}
        else:
            expected = {m: (n, n + d) for m in mats} | {b: (n,) for b in biases}
            why = {m: "n×(n+d), acting on [h_{t−1}, x_t]" for m in mats} | {b: "n" for b in biases}
    else:
        expected = {"weight_ih": (G * n, d), "weight_hh": (G * n, rec),
                    "bias_ih": (G * n,), "bias_hh": (G * n,)}
        why = {"weight_ih": f"{G}n×d" if G > 1 else "n×d",
               "weight_hh": (f"{G}n×P" if P else f"{G}n×n") if G > 1 else "n×n",
               "bias_ih": f"{G}n" if G > 1 else "n", "bias_hh": f"{G}n" if G > 1 else "n"}
        if P:
            expected["weight_hr"] = (P, n)
            why["weight_hr"] = "P×n"
    out = {}
    for name, shape in expected.items():
        if name not in given:
            if name in biases:
                out[name] = np.zeros(shape)
                continue
            need = ", ".join(mats)
            raise SolverError(f"{ctx.where()}{name} is missing: a {convention} {cell.upper()} needs "
                              f"{need} (biases default to zeros)", ctx.field(name))
        arr = (_vector if len(shape) == 1 else _matrix)(given[name], ctx.field(name), f"{ctx.where()}{name}")
        if arr.shape != shape:
            raise SolverError(
                f"{ctx.where()}{name} has shape {_shape(arr.shape)} but must be {_shape(shape)} "
                f"({why[name]}, with n={n} hidden units and d={d} inputs)", ctx.field(name))
        out[name] = arr
    return out


def _shown(weights: dict, given: dict) -> list[str]:
    """The matrices worth printing as tables: those given, when small."""
    return [k for k, v in weights.items() if k in given and v.size <= 64]


# ----------------------------------------------------------------------------- the passes


def _run(cell, convention, nonlinearity, w, inputs, order, h, c, ctx, steps, trace):
    """One direction of one layer: the states at every step, and the last h and c."""
    hs = np.zeros((inputs.shape[0], h.shape[0]))
    fn = {("rnn", "textbook"): _rnn_textbook, ("rnn", "pytorch"): _rnn_pytorch,
          ("lstm", "textbook"): _lstm_textbook, ("lstm", "pytorch"): _lstm_pytorch,
          ("gru", "textbook"): _gru_textbook, ("gru", "pytorch"): _gru_pytorch}[(cell, convention)]
    for i in order:
        t = i + 1
        pre, act, h, c = fn(w, inputs[i], h, c, t, ctx.group(t), steps, nonlinearity, ctx)
        entry = {"t": t, "layer": ctx.layer + 1, "direction": ctx.direction,
                 "pre": pre, "act": act, "h": h}
        if c is not None:
            entry["c"] = c
        trace.append(entry)
        hs[i] = h
    return hs, h, c


def _sub(t: int) -> str:
    return str(t).translate(SUB)


def _labels(t: int, ctx: _Ctx) -> tuple[str, str]:
    """Subscripts of the previous and the current state (the backward pass runs t = T..1)."""
    prev = t - 1 if ctx.direction == "forward" else t + 1
    return _sub(prev), _sub(t)


def _affine_text(W: np.ndarray, v: np.ndarray, b: np.ndarray | None, total: np.ndarray) -> str:
    """Row-by-row working of W·v + b for small matrices; else just the result."""
    rows, cols = W.shape
    if rows > EXPAND_ROWS or cols + (b is not None) > EXPAND_TERMS:
        return ""
    lines = []
    for r in range(rows):
        lines.append(f"{numfmt.dot(W[r], v, None if b is None else b[r])} = {numfmt.fixed(total[r])}")
    return "\n".join(lines)


def _gate_step(steps, group, title, name, formula, pre_parts, pre, fn_name, act):
    sub = "\n".join(p for p in pre_parts if p)
    sub = (sub + "\n" if sub else "") + f"{fn_name}({numfmt.vector(pre)}) = {numfmt.vector(act)}"
    steps.append(Step(title, formula, sub, act, name, group))


def _rnn_textbook(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    act_fn = np.tanh if nonlinearity == "tanh" else relu
    a = w["W_hh"] @ h
    bx = w["W_xh"] @ x
    pre = a + bx + w["b_h"]
    steps.append(Step(f"Recurrent term W_hh·h{p}", f"W_hh·h{p}", _affine_text(w["W_hh"], h, None, a),
                      a, "", group))
    steps.append(Step(f"Input term W_xh·x{s}", f"W_xh·x{s}", _affine_text(w["W_xh"], x, None, bx),
                      bx, "", group))
    steps.append(Step(f"Pre-activation z{s}", f"z{s} = W_hh·h{p} + W_xh·x{s} + b_h",
                      f"{numfmt.vector(a)} + {numfmt.vector(bx)} + {numfmt.vector(w['b_h'], numfmt.short)}",
                      pre, f"z{s}", group))
    h = act_fn(pre)
    steps.append(Step(f"Hidden state h{s}", f"h{s} = {nonlinearity}(z{s})",
                      f"{nonlinearity}({numfmt.vector(pre)})", h, f"h{s}", group))
    return {"h": pre}, {"h": h}, h, None


def _rnn_pytorch(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    act_fn = np.tanh if nonlinearity == "tanh" else relu
    gi = w["weight_ih"] @ x + w["bias_ih"]
    gh = w["weight_hh"] @ h + w["bias_hh"]
    pre = gi + gh
    steps.append(Step("Input part", f"W_ih·x{s} + b_ih", _affine_text(w["weight_ih"], x, w["bias_ih"], gi),
                      gi, "", group))
    steps.append(Step("Recurrent part", f"W_hh·h{p} + b_hh",
                      _affine_text(w["weight_hh"], h, w["bias_hh"], gh), gh, "", group))
    h = act_fn(pre)
    steps.append(Step(f"Hidden state h{s}", f"h{s} = {nonlinearity}(W_ih·x{s} + b_ih + W_hh·h{p} + b_hh)",
                      f"{nonlinearity}({numfmt.vector(pre)})", h, f"h{s}", group))
    return {"h": pre}, {"h": h}, h, None


def _concat(h, x, p, s, group, steps) -> np.ndarray:
    """[h_(t−1), x_t], the vector every textbook gate reads."""
    hx = np.concatenate([h, x])
    steps.append(Step(f"Concatenate [h{p}, x{s}]", f"[h{p}, x{s}]",
                      f"[{', '.join(numfmt.short(v) for v in h)} | {', '.join(numfmt.short(v) for v in x)}]",
                      hx, "", group))
    return hx


def _textbook_gate(w, suffix, hx, fn, title, name, p, s, group, steps):
    """One gate act(W·[h, x] + b) of a textbook cell, with its working; (pre-activation, value)."""
    W, b = w[f"W_{suffix}"], w[f"b_{suffix}"]
    z = W @ hx + b
    a = sigmoid(z) if fn == "σ" else np.tanh(z)
    _gate_step(steps, group, title, name, f"{name} = {fn}(W_{suffix}·[h{p}, x{s}] + b_{suffix})",
               [_affine_text(W, hx, b, z)], z, fn, a)
    return z, a


_LSTM_TEXTBOOK = (
    # trace key, weight suffix, title, activation name
    ("f", "f", "Forget gate", "σ"),
    ("i", "i", "Input gate", "σ"),
    ("g", "c", "Candidate cell", "tanh"),
    ("o", "o", "Output gate", "σ"),
)


def _lstm_textbook(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    hx = _concat(h, x, p, s, group, steps)
    pre, act = {}, {}
    for key, suffix, title, fn in _LSTM_TEXTBOOK:
        sym = "C̃" if key == "g" else key
        pre[key], act[key] = _textbook_gate(w, suffix, hx, fn, f"{title} {sym}{s}", f"{sym}{s}", p, s,
                                            group, steps)
    c_new = act["f"] * c + act["i"] * act["g"]
    steps.append(Step(f"Cell state C{s}", f"C{s} = f{s} ⊙ C{p} + i{s} ⊙ C̃{s}",
                      f"{numfmt.vector(act['f'])} ⊙ {numfmt.vector(c)} + "
                      f"{numfmt.vector(act['i'])} ⊙ {numfmt.vector(act['g'])}\n"
                      f"= {numfmt.vector(act['f'] * c)} + {numfmt.vector(act['i'] * act['g'])}",
                      c_new, f"C{s}", group))
    tc = np.tanh(c_new)
    h_new = act["o"] * tc
    steps.append(Step(f"Hidden state h{s}", f"h{s} = o{s} ⊙ tanh(C{s})",
                      f"{numfmt.vector(act['o'])} ⊙ tanh({numfmt.vector(c_new)})\n"
                      f"= {numfmt.vector(act['o'])} ⊙ {numfmt.vector(tc)}",
                      h_new, f"h{s}", group))
    return pre, act, h_new, c_new


_PT_LSTM = (("i", "Input gate", "σ"), ("f", "Forget gate", "σ"), ("g", "Cell candidate", "tanh"),
            ("o", "Output gate", "σ"))


def _blocks(w, x, h, G):
    n = w["weight_ih"].shape[0] // G
    gi = w["weight_ih"] @ x + w["bias_ih"]
    gh = w["weight_hh"] @ h + w["bias_hh"]
    return n, gi, gh


def _lstm_pytorch(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    n, gi, gh = _blocks(w, x, h, 4)
    pre, act = {}, {}
    for k, (key, title, fn) in enumerate(_PT_LSTM):
        rows = slice(k * n, (k + 1) * n)
        Wi, Wh = w["weight_ih"][rows], w["weight_hh"][rows]
        z = gi[rows] + gh[rows]
        a = sigmoid(z) if fn == "σ" else np.tanh(z)
        _gate_step(steps, group, f"{title} {key}{s}", f"{key}{s}",
                   f"{key}{s} = {fn}(W_i{key}·x{s} + b_i{key} + W_h{key}·h{p} + b_h{key})",
                   [_affine_text(Wi, x, w["bias_ih"][rows], gi[rows]),
                    _affine_text(Wh, h, w["bias_hh"][rows], gh[rows])], z, fn, a)
        pre[key], act[key] = z, a
    c_new = act["f"] * c + act["i"] * act["g"]
    steps.append(Step(f"Cell state c{s}", f"c{s} = f{s} ⊙ c{p} + i{s} ⊙ g{s}",
                      f"{numfmt.vector(act['f'])} ⊙ {numfmt.vector(c)} + "
                      f"{numfmt.vector(act['i'])} ⊙ {numfmt.vector(act['g'])}",
                      c_new, f"c{s}", group))
    h_new = act["o"] * np.tanh(c_new)
    steps.append(Step(f"Hidden state h{s}", f"h{s} = o{s} ⊙ tanh(c{s})",
                      f"{numfmt.vector(act['o'])} ⊙ {numfmt.vector(np.tanh(c_new))}",
                      h_new, f"h{s}", group))
    if "weight_hr" in w:
        raw = h_new
        h_new = w["weight_hr"] @ raw
        steps.append(Step(f"Projection h{s}", f"h{s} = W_hr·(o{s} ⊙ tanh(c{s}))",
                          _affine_text(w["weight_hr"], raw, None, h_new), h_new, f"h{s}", group))
    return pre, act, h_new, c_new


_GRU_TEXTBOOK = (("z", "Update gate", "z"), ("r", "Reset gate", "r"))


def _gru_textbook(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    hx = _concat(h, x, p, s, group, steps)
    pre, act = {}, {}
    for key, title, suffix in _GRU_TEXTBOOK:
        pre[key], act[key] = _textbook_gate(w, suffix, hx, "σ", f"{title} {key}{s}", f"{key}{s}", p, s,
                                            group, steps)
    rh = act["r"] * h
    rhx = np.concatenate([rh, x])
    steps.append(Step(f"Reset the previous state r{s} ⊙ h{p}", f"[r{s} ⊙ h{p}, x{s}]",
                      f"{numfmt.vector(act['r'])} ⊙ {numfmt.vector(h)} = {numfmt.vector(rh)}", rhx, "",
                      group))
    zc = w["W_h"] @ rhx + w["b_h"]
    cand = np.tanh(zc)
    _gate_step(steps, group, f"Candidate h̃{s}", f"h̃{s}", f"h̃{s} = tanh(W_h·[r{s} ⊙ h{p}, x{s}] + b_h)",
               [_affine_text(w["W_h"], rhx, w["b_h"], zc)], zc, "tanh", cand)
    pre["n"], act["n"] = zc, cand
    h_new = (1 - act["z"]) * h + act["z"] * cand
    steps.append(Step(f"Hidden state h{s}", f"h{s} = (1 − z{s}) ⊙ h{p} + z{s} ⊙ h̃{s}",
                      f"{numfmt.vector(1 - act['z'])} ⊙ {numfmt.vector(h)} + "
                      f"{numfmt.vector(act['z'])} ⊙ {numfmt.vector(cand)}",
                      h_new, f"h{s}", group))
    return {k: pre[k] for k in ("r", "z", "n")}, {k: act[k] for k in ("r", "z", "n")}, h_new, None


def _gru_pytorch(w, x, h, c, t, group, steps, nonlinearity, ctx):
    p, s = _labels(t, ctx)
    n, gi, gh = _blocks(w, x, h, 3)
    pre, act = {}, {}
    for k, (key, title) in enumerate((("r", "Reset gate"), ("z", "Update gate"))):
        rows = slice(k * n, (k + 1) * n)
        z = gi[rows] + gh[rows]
        a = sigmoid(z)
        _gate_step(steps, group, f"{title} {key}{s}", f"{key}{s}",
                   f"{key}{s} = σ(W_i{key}·x{s} + b_i{key} + W_h{key}·h{p} + b_h{key})",
                   [_affine_text(w["weight_ih"][rows], x, w["bias_ih"][rows], gi[rows]),
                    _affine_text(w["weight_hh"][rows], h, w["bias_hh"][rows], gh[rows])], z, "σ", a)
        pre[key], act[key] = z, a
    rows = slice(2 * n, 3 * n)
    zn = gi[rows] + act["r"] * gh[rows]
    cand = np.tanh(zn)
    _gate_step(steps, group, f"New gate n{s}", f"n{s}",
               f"n{s} = tanh(W_in·x{s} + b_in + r{s} ⊙ (W_hn·h{p} + b_hn))",
               [_affine_text(w["weight_ih"][rows], x, w["bias_ih"][rows], gi[rows]),
                _affine_text(w["weight_hh"][rows], h, w["bias_hh"][rows], gh[rows]),
                f"{numfmt.vector(gi[rows])} + {numfmt.vector(act['r'])} ⊙ {numfmt.vector(gh[rows])}"
                f" = {numfmt.vector(zn)}"],
               zn, "tanh", cand)
    pre["n"], act["n"] = zn, cand
    h_new = (1 - act["z"]) * cand + act["z"] * h
    steps.append(Step(f"Hidden state h{s}", f"h{s} = (1 − z{s}) ⊙ n{s} + z{s} ⊙ h{p}",
                      f"{numfmt.vector(1 - act['z'])} ⊙ {numfmt.vector(cand)} + "
                      f"{numfmt.vector(act['z'])} ⊙ {numfmt.vector(h)}",
                      h_new, f"h{s}", group))
    return pre, act, h_new, None


def _setup_formula(cell: str, convention: str, nonlinearity: str) -> str:
    if cell == "rnn":
        return f"h_t = {nonlinearity}(W_hh·h_(t−1) + W_xh·x_t + b_h)" if convention == "textbook" else \
            f"h_t = {nonlinearity}(W_ih·x_t + b_ih + W_hh·h_(t−1) + b_hh)"
    if cell == "lstm":
        return ("gates act on [h_(t−1), x_t]; C_t = f_t ⊙ C_(t−1) + i_t ⊙ C̃_t; h_t = o_t ⊙ tanh(C_t)"
                if convention == "textbook" else
                "gates i, f, g, o from W_ih·x_t + b_ih + W_hh·h_(t−1) + b_hh; c_t = f ⊙ c + i ⊙ g; "
                "h_t = o ⊙ tanh(c_t)")
    return ("h̃_t = tanh(W_h·[r_t ⊙ h_(t−1), x_t] + b_h); h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t"
            if convention == "textbook" else
            "n_t = tanh(W_in·x_t + b_in + r_t ⊙ (W_hn·h_(t−1) + b_hn)); h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_(t−1)")


def _title(cell, convention, nonlinearity, layers, bidirectional, T) -> str:
    name = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}[cell]
    parts = [f"{convention} {name}"]
    if cell == "rnn":
        parts.append(f"({nonlinearity})")
    if bidirectional:
        parts.insert(0, "bidirectional")
    if layers > 1:
        parts.append(f"with {layers} layers")
    return f"Forward pass of a {' '.join(parts)} over {T} step{'s' if T != 1 else ''}"
