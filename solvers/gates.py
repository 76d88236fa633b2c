"""Single gate values and the LSTM state update from given gates."""

from __future__ import annotations

import numpy as np

from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.forward import sigmoid
from solvers.solution import Solution, Step

ACTIVATIONS = {"sigmoid": ("σ", sigmoid), "tanh": ("tanh", np.tanh)}


def _vec(value, name: str) -> np.ndarray:
    return np.asarray(checks.numbers(value, name))


def gate_value(weights, h, x, bias=0.0, activation: str = "sigmoid", gate: str = "f",
               concat: str = "hx") -> Solution:
    """One gate: act(W·[h_(t−1), x_t] + b) for one unit (a weight row) or a whole layer (a matrix).

    ``concat`` is the order of the concatenation, ``hx`` as in the course material;
    ``xh`` exists to compute what a student who swaps the order gets.
    """
    if activation not in ACTIVATIONS:
        raise SolverError(f"unknown activation {activation!r}: sigmoid or tanh", ("activation",))
    if concat not in ("hx", "xh"):
        raise SolverError("concat must be hx or xh", ("concat",))
    h, x = _vec(h, "h"), _vec(x, "x")
    W = np.asarray(weights, dtype=np.float64)
    single = W.ndim == 1
    W = np.atleast_2d(W)
    v = np.concatenate([h, x] if concat == "hx" else [x, h])
    if W.shape[1] != v.size:
        raise SolverError(f"the weights have {W.shape[1]} columns but [h, x] has {v.size} entries",
                          ("weights",))
    b = np.broadcast_to(np.asarray(bias, dtype=np.float64), (W.shape[0],))
    pre = W @ v + b
    sym, fn = ACTIVATIONS[activation]
    act = fn(pre)
    order = "[h_(t−1), x_t]" if concat == "hx" else "[x_t, h_(t−1)]"
    lines = []
    for r in range(W.shape[0]):
        lines.append(f"{numfmt.dot(W[r], v, b[r])} = {numfmt.fixed(pre[r])}")
    steps = [
        Step("Concatenate", order, "", v, ""),
        Step("Pre-activation", f"z = W_{gate}·{order} + b_{gate}", "\n".join(lines),
             pre[0] if single else pre, "z"),
        Step(f"Apply {activation}", f"{gate}_t = {sym}(z)",
             f"{sym}({numfmt.value(pre[0] if single else pre)})", act[0] if single else act, f"{gate}_t"),
    ]
    answer = float(act[0]) if single else act
    return Solution("gate", f"Gate value {gate}_t = {sym}(W·{order} + b)", answer, steps)


def lstm_update(f, i, g, o, c_prev) -> Solution:
    """c_t = f ⊙ c_(t−1) + i ⊙ g and h_t = o ⊙ tanh(c_t) from given gate values."""
    f, i, g, o, c_prev = (_vec(v, name) for v, name in ((f, "f"), (i, "i"), (g, "g"), (o, "o"),
                                                        (c_prev, "c_prev")))
    sizes = {v.size for v in (f, i, g, o, c_prev)}
    if len(sizes) != 1:
        raise SolverError("f, i, g, o and c_prev must have the same length", ("f",))
    keep, write = f * c_prev, i * g
    c = keep + write
    tc = np.tanh(c)
    h = o * tc
    steps = [
        Step("Keep part of the old cell", "f ⊙ c_(t−1)",
             f"{numfmt.value(f)} ⊙ {numfmt.value(c_prev)}", keep),
        Step("Write new content", "i ⊙ C̃", f"{numfmt.value(i)} ⊙ {numfmt.value(g)}", write),
        Step("Cell state", "c_t = f ⊙ c_(t−1) + i ⊙ C̃", f"{numfmt.value(keep)} + {numfmt.value(write)}",
             c, "c_t"),
        Step("Squash the cell", "tanh(c_t)", f"tanh({numfmt.value(c)})", tc),
        Step("Hidden state", "h_t = o ⊙ tanh(c_t)", f"{numfmt.value(o)} ⊙ {numfmt.value(tc)}", h, "h_t"),
    ]
    return Solution("lstm-update", "LSTM cell and hidden state from the gates",
                    {"c": c, "h": h}, steps)


def gru_update(z, h_prev, h_cand, r=None) -> Solution:
    """The textbook GRU's last step: h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t.

    ``r`` (the reset gate) may be given for the record: it has already acted inside h̃_t.
    """
    z, h_prev, h_cand = _vec(z, "z"), _vec(h_prev, "h_prev"), _vec(h_cand, "h_cand")
    if not z.size == h_prev.size == h_cand.size:
        raise SolverError("z, h_prev and h_cand must have the same length", ("z",))
    keep = (1 - z) * h_prev
    write = z * h_cand
    h = keep + write
    steps = [
        Step("Keep part of the old state", "(1 − z) ⊙ h_(t−1)",
             f"{numfmt.value(1 - z, numfmt.short)} ⊙ {numfmt.value(h_prev, numfmt.short)}", keep),
        Step("Take part of the candidate", "z ⊙ h̃_t",
             f"{numfmt.value(z, numfmt.short)} ⊙ {numfmt.value(h_cand, numfmt.short)}", write),
        Step("New state", "h_t = (1 − z) ⊙ h_(t−1) + z ⊙ h̃_t", f"{numfmt.value(keep)} + {numfmt.value(write)}",
             h, "h_t", note="the update gate z interpolates; the reset gate r only shaped h̃_t"),
    ]
    return Solution("gru-update", "GRU state update", h, steps)
