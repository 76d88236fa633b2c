"""Known wrong ways to run a recurrent cell, for naming a student's mistake.

Each function computes what a student who makes one specific slip would get, so that a
wrong answer matching it can be told which slip it was. They follow the forward passes
of :mod:`solvers.forward` step for step, with the one slip put in.
"""

from __future__ import annotations

import numpy as np

from solvers.errors import SolverError
from solvers.forward import relu, sigmoid
from solvers.solution import Solution, Step

RNN_MISTAKES = ("no-recurrence", "sigmoid", "no-bias")
LSTM_MISTAKES = ("tanh-gates", "sigmoid-candidate", "no-tanh-on-cell", "xh-order", "swap-f-i")
GRU_MISTAKES = ("z-on-old", "reset-after", "no-reset", "xh-order")
GRU_PYTORCH_MISTAKES = ("textbook-z", "reset-before")


def _arr(value):
    return None if value is None else np.asarray(value, dtype=np.float64)


def _zeros_if_none(value, n):
    return np.zeros(n) if value is None else np.asarray(value, dtype=np.float64)


def _check(mistake: str, known: tuple) -> None:
    if mistake not in known:
        raise SolverError(f"unknown mistake {mistake!r}; known: {', '.join(known)}", ("mistake",))


def _result(title: str, mistake: str, answer) -> Solution:
    return Solution("mistake", title, answer, [Step(f"With the slip: {mistake}", result=None)])


def rnn(x, W_xh, W_hh, b_h=None, h0=None, nonlinearity="tanh", mistake="no-recurrence") -> Solution:
    _check(mistake, RNN_MISTAKES)
    x, W_xh, W_hh = _arr(x), _arr(W_xh), _arr(W_hh)
    n = W_hh.shape[0]
    b = _zeros_if_none(b_h, n)
    h = _zeros_if_none(h0, n)
    act = np.tanh if nonlinearity == "tanh" else relu
    if mistake == "sigmoid":
        act = sigmoid
    for xt in np.atleast_2d(x):
        rec = np.zeros(n) if mistake == "no-recurrence" else W_hh @ h
        h = act(rec + W_xh @ xt + (0 if mistake == "no-bias" else b))
    return _result("RNN forward pass", mistake, {"h": h})


def lstm(x, W_f, W_i, W_c, W_o, b_f=None, b_i=None, b_c=None, b_o=None, h0=None, c0=None,
         mistake="tanh-gates") -> Solution:
    _check(mistake, LSTM_MISTAKES)
    x = _arr(x)
    W = {k: _arr(v) for k, v in (("f", W_f), ("i", W_i), ("c", W_c), ("o", W_o))}
    n = W["f"].shape[0]
    b = {k: _zeros_if_none(v, n) for k, v in (("f", b_f), ("i", b_i), ("c", b_c), ("o", b_o))}
    h, c = _zeros_if_none(h0, n), _zeros_if_none(c0, n)
    gate = np.tanh if mistake == "tanh-gates" else sigmoid
    cand = sigmoid if mistake == "sigmoid-candidate" else np.tanh
    for xt in np.atleast_2d(x):
        v = np.concatenate([xt, h] if mistake == "xh-order" else [h, xt])
        f = gate(W["f"] @ v + b["f"])
        i = gate(W["i"] @ v + b["i"])
        g = cand(W["c"] @ v + b["c"])
        o = gate(W["o"] @ v + b["o"])
        if mistake == "swap-f-i":
            f, i = i, f
        c = f * c + i * g
        h = o * (c if mistake == "no-tanh-on-cell" else np.tanh(c))
    return _result("LSTM forward pass", mistake, {"h": h, "c": c})


def gru(x, W_z, W_r, W_h, b_z=None, b_r=None, b_h=None, h0=None, mistake="z-on-old") -> Solution:
    _check(mistake, GRU_MISTAKES)
    x = _arr(x)
    Wz, Wr, Wh = _arr(W_z), _arr(W_r), _arr(W_h)
    n = Wz.shape[0]
    bz, br, bh = (_zeros_if_none(v, n) for v in (b_z, b_r, b_h))
    h = _zeros_if_none(h0, n)
    for xt in np.atleast_2d(x):
        v = np.concatenate([xt, h] if mistake == "xh-order" else [h, xt])
        z = sigmoid(Wz @ v + bz)
        r = sigmoid(Wr @ v + br)
        if mistake == "reset-after":
            cand = np.tanh(Wh[:, n:] @ xt + r * (Wh[:, :n] @ h) + bh)
        elif mistake == "no-reset":
            cand = np.tanh(Wh @ np.concatenate([h, xt]) + bh)
        elif mistake == "xh-order":
            cand = np.tanh(Wh @ np.concatenate([xt, r * h]) + bh)
        else:
            cand = np.tanh(Wh @ np.concatenate([r * h, xt]) + bh)
        h = z * h + (1 - z) * cand if mistake == "z-on-old" else (1 - z) * h + z * cand
    return _result("GRU forward pass", mistake, {"h": h})


def gru_pytorch(x, weight_ih, weight_hh, bias_ih=None, bias_hh=None, h0=None,
                mistake="textbook-z") -> Solution:
    _check(mistake, GRU_PYTORCH_MISTAKES)
    x = _arr(x)
    Wi, Wh = _arr(weight_ih), _arr(weight_hh)
    n = Wh.shape[1]
    bi, bh = _zeros_if_none(bias_ih, 3 * n), _zeros_if_none(bias_hh, 3 * n)
    h = _zeros_if_none(h0, n)
    for xt in np.atleast_2d(x):
        gi, gh = Wi @ xt + bi, Wh @ h + bh
        r = sigmoid(gi[:n] + gh[:n])
        z = sigmoid(gi[n:2 * n] + gh[n:2 * n])
        if mistake == "reset-before":
            cand = np.tanh(gi[2 * n:] + Wh[2 * n:] @ (r * h) + bh[2 * n:])
        else:
            cand = np.tanh(gi[2 * n:] + r * gh[2 * n:])
        h = (1 - z) * h + z * cand if mistake == "textbook-z" else (1 - z) * cand + z * h
    return _result("PyTorch GRU forward pass", mistake, {"h": h})


# ----------------------------------------------------------------------------- slips in arithmetic


def vanishing_steps(gamma, epsilon, mistake="floor") -> Solution:
    """``floor``: k = ⌊ln ε / ln γ⌋, the last step still at or above ε (one too few)."""
    from solvers.gradients import _first_power

    _check(mistake, ("floor",))
    return _result("Vanishing steps", mistake, _first_power(gamma, epsilon, above=False) - 1)


def exploding_steps(gamma, bound, mistake="floor") -> Solution:
    """``floor``: k = ⌊ln B / ln γ⌋, the last step still at or below B (one too few)."""
    from solvers.gradients import _first_power

    _check(mistake, ("floor",))
    return _result("Exploding steps", mistake, _first_power(gamma, bound, above=True) - 1)


def scalar_bptt(w, h, mistake="no-derivative") -> Solution:
    """``no-derivative``: w^k, forgetting tanh′; ``one-minus-h``: w(1 − h) instead of w(1 − h²)."""
    import math

    _check(mistake, ("no-derivative", "one-minus-h"))
    hs = [float(v) for v in h]
    if mistake == "no-derivative":
        return _result("Scalar BPTT", mistake, float(w) ** len(hs))
    return _result("Scalar BPTT", mistake, math.prod(float(w) * (1 - v) for v in hs))


def tbptt_segments(T, k, mistake="floor") -> Solution:
    _check(mistake, ("floor",))
    return _result("Truncated BPTT", mistake, T // k)


def windows(length, lookback, train_fraction=0.8, mistake="plus-one") -> Solution:
    """``plus-one``: N − L + 1 samples (counting a window that has no target left)."""
    _check(mistake, ("plus-one", "no-lookback"))
    from solvers.sequences import split

    samples = length - lookback + 1 if mistake == "plus-one" else length
    train = split(train_fraction, samples)
    return _result("Windows", mistake, {"samples": samples, "train": train, "test": samples - train})


def softmax(logits, temperature=1.0, mistake="times-T") -> Solution:
    """``times-T``: multiplying the logits by T instead of dividing."""
    _check(mistake, ("times-T",))
    z = np.asarray(logits, dtype=np.float64) * temperature
    e = np.exp(z - z.max())
    return _result("Softmax", mistake, e / e.sum())


def cross_entropy(probs, target, mistake="log10") -> Solution:
    import math

    _check(mistake, ("log10", "no-minus"))
    p = float(probs[target])
    return _result("Cross-entropy", mistake, -math.log10(p) if mistake == "log10" else math.log(p))


def attention(scores, values, mistake="no-softmax") -> Solution:
    """``no-softmax``: weights e_i / Σ e_j; ``mean``: every state weighted alike."""
    _check(mistake, ("no-softmax", "mean"))
    s = np.asarray(scores, dtype=np.float64)
    H = np.asarray(values, dtype=np.float64)
    if H.ndim == 1:
        H = H[:, None]
    alpha = np.full(s.size, 1 / s.size) if mistake == "mean" else s / s.sum()
    return _result("Attention", mistake, {"weights": alpha, "context": alpha @ H})


def lstm_update(f, i, g, o, c_prev, mistake="swap-f-i") -> Solution:
    """``swap-f-i``: c = i ⊙ c_prev + f ⊙ C̃; ``no-tanh``: h = o ⊙ c."""
    _check(mistake, ("swap-f-i", "no-tanh"))
    f, i, g, o, c_prev = (np.asarray(v, dtype=np.float64) for v in (f, i, g, o, c_prev))
    c = i * c_prev + f * g if mistake == "swap-f-i" else f * c_prev + i * g
    h = o * c if mistake == "no-tanh" else o * np.tanh(c)
    return _result("LSTM update", mistake, {"c": c, "h": h})


def pytorch_output_shapes(cell, hidden, batch=None, seq_len=None, num_layers=1, bidirectional=False,
                          batch_first=False, proj_size=0, mistake="batch-first-hn") -> Solution:
    """``batch-first-hn``: moving the batch first in h_n too; ``one-direction``: forgetting D."""
    _check(mistake, ("batch-first-hn", "one-direction"))
    D = 1 if mistake == "one-direction" or not bidirectional else 2
    h_out = proj_size or hidden
    output = (batch, seq_len, D * h_out) if batch_first else (seq_len, batch, D * h_out)
    h_n = (batch, D * num_layers, h_out) if mistake == "batch-first-hn" and batch_first else (
        D * num_layers, batch, h_out)
    return _result("PyTorch shapes", mistake, {"output": output, "h_n": h_n})
