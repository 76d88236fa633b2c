"""Attention scores: scaled dot-product and additive (Bahdanau) scoring, with the context vector."""

from __future__ import annotations

import math

import numpy as np

from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step


def _matrix(value, name: str) -> np.ndarray:
    try:
        M = np.atleast_2d(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        raise SolverError(f"{name} must be a matrix of numbers", (name,)) from None
    if M.ndim != 2 or not np.all(np.isfinite(M)):
        raise SolverError(f"{name} must be a matrix of finite numbers", (name,))
    return M


def softmax(z: np.ndarray) -> np.ndarray:
    ex = np.exp(z - z.max())
    return ex / ex.sum()


def scaled_dot(query, keys, values, scale: bool = True) -> Solution:
    """α = softmax(K·q / √d_k), context = Σ α_i·v_i (one key and one value per row)."""
    q = np.asarray(checks.numbers(query, "query"))
    K, V = _matrix(keys, "keys"), _matrix(values, "values")
    if K.shape[1] != q.size:
        raise SolverError(f"each key needs {q.size} entries, like the query", ("keys",))
    if V.shape[0] != K.shape[0]:
        raise SolverError("values needs one row per key", ("values",))
    dots = K @ q
    d = q.size
    root = math.sqrt(d)
    scores = dots / root if scale else dots
    alpha = softmax(scores)
    context = alpha @ V
    steps = [Step("Dot products", "q·k_i", "\n".join(f"{numfmt.dot(q, row)} = {numfmt.fixed(v)}"
                                                       for row, v in zip(K, dots)), dots)]
    if scale:
        steps.append(Step("Scale", f"e_i = q·k_i / √d_k, √{d} = {numfmt.short(root)}",
                          f"{numfmt.value(dots)} / {numfmt.short(root)}", scores, "e",
                          note="dividing by √d_k keeps the scores from growing with the key size"))
    steps += [
        Step("Attention weights", "α_i = exp(e_i) / Σ_j exp(e_j)", f"softmax({numfmt.value(scores)})", alpha, "α"),
        Step("Context vector", "c = Σ α_i·v_i",
             " + ".join(f"{numfmt.fixed(a)}·{numfmt.value(row, numfmt.short)}" for a, row in zip(alpha, V)),
             context, "c"),
    ]
    title = "Scaled dot-product attention" if scale else "Dot-product attention"
    return Solution("attention", title, {"weights": alpha, "context": context, "scores": scores}, steps)


def additive(s, H, W_s, W_h, v) -> Solution:
    """Bahdanau's attention: e_i = vᵀ·tanh(W_s·s + W_h·h_i) for each encoder state h_i (rows of H),
    then α = softmax(e)."""
    sv, vv = (np.asarray(checks.numbers(a, n)) for a, n in ((s, "s"), (v, "v")))
    Hm = _matrix(H, "H")
    Ws, Wh = _matrix(W_s, "W_s"), _matrix(W_h, "W_h")
    if Ws.shape != (vv.size, sv.size) or Wh.shape != (vv.size, Hm.shape[1]):
        raise SolverError("W_s and W_h need one row per entry of v and one column per entry of s and h_i",
                          ("W_s",))

    def rows(W, x):
        return "\n".join(f"{numfmt.dot(r, x)} = {numfmt.fixed(val)}" for r, val in zip(W, W @ x))

    a = Ws @ sv
    steps = [Step("Decoder part (shared by every i)", "W_s·s", rows(Ws, sv), a)]
    scores = []
    for i, h in enumerate(Hm, 1):
        b = Wh @ h
        t = np.tanh(a + b)
        e = float(vv @ t)
        scores.append(e)
        sub = f"{i}".translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
        shown = " + ".join(f"{numfmt.factor(c)}·{numfmt.fixed_factor(x)}" for c, x in zip(vv, t))
        steps += [
            Step(f"Encoder part for h{sub}", f"W_h·h{sub}", rows(Wh, h), b, group=f"h{sub}"),
            Step(f"tanh layer for h{sub}", f"tanh(W_s·s + W_h·h{sub})", f"tanh({numfmt.value(a)} + {numfmt.value(b)})",
                 t, group=f"h{sub}"),
            Step(f"Score e{sub}", f"e{sub} = vᵀ·tanh(…)", shown, e, f"e{sub}", group=f"h{sub}"),
        ]
    e = np.array(scores)
    alpha = softmax(e)
    steps.append(Step("Attention weights", "α_i = exp(e_i) / Σ_j exp(e_j)", f"softmax({numfmt.value(e)})", alpha,
                      "α", note="a small feed-forward network scores each encoder state against s"))
    return Solution("additive-attention", "Additive (Bahdanau) attention", {"scores": e, "weights": alpha}, steps)
