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

RNN_MISTAKES = ("no-recurrence", "sigmoid", "no-bias", "transposed", "no-activation")
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
    elif mistake == "no-activation":
        act = lambda v: v  # noqa: E731 - the pre-activation passed on as it is
    if mistake == "transposed":
        W_xh, W_hh = W_xh.T, W_hh.T
    states = []
    for xt in np.atleast_2d(x):
        rec = np.zeros(n) if mistake == "no-recurrence" else W_hh @ h
        h = act(rec + W_xh @ xt + (0 if mistake == "no-bias" else b))
        states.append(h)
    return _result("RNN forward pass", mistake, {"h": h, "states": np.concatenate(states)})


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


def birnn(x, W_xh, W_hh, W_xh_back, W_hh_back, t, nonlinearity="tanh", mistake="unflipped") -> Solution:
    """A bidirectional RNN's y_t with a slip.

    ``unflipped``: the backward state taken in the order it was computed, so y_t pairs h→_t with
    the backward state after t steps (the one at position T + 1 − t); ``backward-from-start``:
    the backward RNN run from x_1 like the forward one (its own weights, the wrong end).
    """
    _check(mistake, ("unflipped", "backward-from-start"))
    x = np.atleast_2d(_arr(x))
    act = np.tanh if nonlinearity == "tanh" else relu

    def run(Wx, Wh, rows):
        h, out = np.zeros(np.asarray(Wh).shape[0]), []
        for xt in rows:
            h = act(np.asarray(Wh, dtype=np.float64) @ h + np.asarray(Wx, dtype=np.float64) @ xt)
            out.append(h)
        return out

    fwd = run(W_xh, W_hh, x)
    if mistake == "backward-from-start":
        back = run(W_xh_back, W_hh_back, x)
    else:
        back = run(W_xh_back, W_hh_back, x[::-1])  # back[k] is the state after k + 1 backward steps
    return _result("Bidirectional RNN output", mistake, np.concatenate([fwd[t - 1], back[t - 1]]))


# ----------------------------------------------------------------------------- slips in arithmetic


def _mixed_logs(limit, gamma) -> int:
    """⌊log10 L / ln γ⌋ + 1: a common logarithm on top and a natural one below."""
    import math

    return max(1, math.floor(math.log10(limit) / math.log(gamma)) + 1)


def vanishing_steps(gamma, epsilon, mistake="floor") -> Solution:
    """``floor``: k = ⌊ln ε / ln γ⌋, the last step still at or above ε (one too few);
    ``mixed-logs``: log10 ε over ln γ."""
    from solvers.gradients import _first_power

    _check(mistake, ("floor", "mixed-logs"))
    if mistake == "mixed-logs":
        return _result("Vanishing steps", mistake, _mixed_logs(epsilon, gamma))
    return _result("Vanishing steps", mistake, _first_power(gamma, epsilon, above=False) - 1)


def exploding_steps(gamma, bound, mistake="floor") -> Solution:
    """``floor``: k = ⌊ln B / ln γ⌋, the last step still at or below B (one too few);
    ``mixed-logs``: log10 B over ln γ."""
    from solvers.gradients import _first_power

    _check(mistake, ("floor", "mixed-logs"))
    if mistake == "mixed-logs":
        return _result("Exploding steps", mistake, _mixed_logs(bound, gamma))
    return _result("Exploding steps", mistake, _first_power(gamma, bound, above=True) - 1)


def norm_bound(w_norm, t, k, mistake="plus-one") -> Solution:
    """``plus-one``: exponent t − k + 1; ``times``: ‖W‖·(t − k) instead of a power."""
    _check(mistake, ("plus-one", "times"))
    value = w_norm ** (t - k + 1) if mistake == "plus-one" else w_norm * (t - k)
    return _result("Norm bound", mistake, float(value))


def scalar_bptt(w, h, mistake="no-derivative") -> Solution:
    """``no-derivative``: w^k, forgetting tanh′; ``one-minus-h``: w(1 − h) instead of w(1 − h²);
    ``sigmoid-derivative``: w·h(1 − h), the sigmoid's derivative."""
    import math

    _check(mistake, ("no-derivative", "one-minus-h", "sigmoid-derivative"))
    hs = [float(v) for v in h]
    if mistake == "no-derivative":
        return _result("Scalar BPTT", mistake, float(w) ** len(hs))
    if mistake == "sigmoid-derivative":
        return _result("Scalar BPTT", mistake, math.prod(float(w) * v * (1 - v) for v in hs))
    return _result("Scalar BPTT", mistake, math.prod(float(w) * (1 - v) for v in hs))


def forget_product(f, mistake="one-minus") -> Solution:
    """``one-minus``: ∏ (1 − f_i), reading f as the share forgotten; ``sum``: Σ f_i."""
    import math

    _check(mistake, ("one-minus", "sum"))
    fs = [float(v) for v in f]
    value = math.prod(1 - v for v in fs) if mistake == "one-minus" else sum(fs)
    return _result("Forget-gate product", mistake, value)


def tbptt_segments(T, k, mistake="floor") -> Solution:
    """``floor``: ⌊T / k⌋, dropping the shorter last chunk; ``sliding``: T − k + 1 windows."""
    _check(mistake, ("floor", "sliding"))
    return _result("Truncated BPTT", mistake, T // k if mistake == "floor" else T - k + 1)


def windows(length, lookback, train_fraction=0.8, mistake="plus-one") -> Solution:
    """``plus-one``: N − L + 1 samples (counting a window that has no target left);
    ``no-lookback``: the raw series split; ``non-overlapping``: ⌊N / L⌋ disjoint windows;
    ``split-then-window``: the raw series split first, then the training part windowed."""
    _check(mistake, ("plus-one", "no-lookback", "non-overlapping", "split-then-window"))
    from solvers.sequences import split

    samples = {"plus-one": length - lookback + 1, "no-lookback": length, "split-then-window": length,
               "non-overlapping": length // lookback}[mistake]
    train = split(train_fraction, samples)
    if mistake == "split-then-window":
        train -= lookback
    return _result("Windows", mistake, {"samples": samples, "train": train, "test": samples - train})


def softmax(logits, temperature=1.0, mistake="times-T") -> Solution:
    """``times-T``: multiplying the logits by T instead of dividing."""
    _check(mistake, ("times-T",))
    z = np.asarray(logits, dtype=np.float64) * temperature
    e = np.exp(z - z.max())
    return _result("Softmax", mistake, e / e.sum())


def cross_entropy(probs, target, mistake="log10") -> Solution:
    """``log10``; ``no-minus``; ``argmax``: −ln of the most probable class; ``sum-all``: −Σ ln p_i."""
    import math

    _check(mistake, ("log10", "no-minus", "argmax", "sum-all"))
    p = float(probs[target])
    value = {"log10": lambda: -math.log10(p), "no-minus": lambda: math.log(p),
             "argmax": lambda: -math.log(max(float(q) for q in probs)),
             "sum-all": lambda: -sum(math.log(float(q)) for q in probs)}[mistake]()
    return _result("Cross-entropy", mistake, value)


def attention(scores, values, mistake="no-softmax") -> Solution:
    """``no-softmax``: weights e_i / Σ e_j; ``mean``: every state weighted alike;
    ``no-normalise``: exp(e_i) without dividing by the sum."""
    _check(mistake, ("no-softmax", "mean", "no-normalise"))
    s = np.asarray(scores, dtype=np.float64)
    H = np.asarray(values, dtype=np.float64)
    if H.ndim == 1:
        H = H[:, None]
    alpha = {"mean": lambda: np.full(s.size, 1 / s.size), "no-softmax": lambda: s / s.sum(),
             "no-normalise": lambda: np.exp(s)}[mistake]()
    return _result("Attention", mistake, {"weights": alpha, "context": alpha @ H})


def lstm_update(f, i, g, o, c_prev, mistake="swap-f-i") -> Solution:
    """``swap-f-i``: c = i ⊙ c_prev + f ⊙ C̃; ``no-tanh``: h = o ⊙ c; ``o-for-i``: the output gate
    on the candidate; ``tanh-cell``: tanh(C_t) given as the cell state."""
    _check(mistake, ("swap-f-i", "no-tanh", "o-for-i", "tanh-cell"))
    f, i, g, o, c_prev = (np.asarray(v, dtype=np.float64) for v in (f, i, g, o, c_prev))
    if mistake == "swap-f-i":
        c = i * c_prev + f * g
    elif mistake == "o-for-i":
        c = f * c_prev + o * g
    else:
        c = f * c_prev + i * g
    h = o * c if mistake == "no-tanh" else o * np.tanh(c)
    if mistake == "tanh-cell":
        c = np.tanh(c)
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


def clip_by_norm(g, threshold, mistake="inverted") -> Solution:
    """``inverted``: g·‖g‖/τ, the ratio upside down; ``unit``: g/‖g‖, the threshold forgotten."""
    _check(mistake, ("inverted", "unit"))
    vec = np.asarray(g, dtype=np.float64)
    norm = float(np.sqrt(np.sum(vec ** 2)))
    return _result("Clip by norm", mistake, vec * norm / threshold if mistake == "inverted" else vec / norm)


def clip_by_value(g, limit, mistake="one-sided") -> Solution:
    """``one-sided``: only values above +limit clipped, the negative side left alone."""
    _check(mistake, ("one-sided",))
    return _result("Clip by value", mistake, np.minimum(np.asarray(g, dtype=np.float64), limit))


def embedding_params(vocab, dim, mistake="no-padding-row") -> Solution:
    """``no-padding-row``: (vocab − 1)·dim, as if the padding index had no row; ``bias``: + dim."""
    _check(mistake, ("no-padding-row", "bias"))
    return _result("Embedding", mistake, (vocab - 1) * dim if mistake == "no-padding-row" else vocab * dim + dim)


def gru_savings(hidden, input_size, convention="textbook", mistake="gru-base") -> Solution:
    """``gru-base``: the difference taken relative to the GRU, (LSTM/GRU − 1)·100."""
    from solvers import params

    _check(mistake, ("gru-base",))
    lstm = params.total_params(params.RecurrentConfig("lstm", hidden, input_size, convention=convention))
    gru = params.total_params(params.RecurrentConfig("gru", hidden, input_size, convention=convention))
    return _result("GRU savings", mistake, (lstm / gru - 1) * 100)


def lstm_macs(hidden, input_size, mistake="input-only") -> Solution:
    """``input-only``: 4·n·d, the recurrent product forgotten; ``three-gates``: 3·n·(n + d)."""
    _check(mistake, ("input-only", "three-gates"))
    n, d = hidden, input_size
    return _result("LSTM multiply-adds", mistake, 4 * n * d if mistake == "input-only" else 3 * n * (n + d))


def esn_trainable(reservoir, outputs, input_size=None, bias=False, mistake="reservoir") -> Solution:
    """Counting fixed weights as trained: ``reservoir`` adds W_h (N·N), ``input`` adds W_x (N·d),
    ``all`` adds both."""
    _check(mistake, ("reservoir", "input", "all"))
    N, k = reservoir, outputs
    d = input_size or 0
    extra = {"reservoir": N * N, "input": N * d, "all": N * N + N * d}[mistake]
    return _result("ESN trainable", mistake, N * k + (k if bias else 0) + extra)


def keras_output_shape(cell, units, batch=None, timesteps=None, return_sequences=False, return_state=False,
                       bidirectional=False, merge_mode="concat", mistake="merge-width") -> Solution:
    """``merge-width``: concat not doubled, or sum / ave / mul doubled."""
    from solvers.shapes import keras_rnn_output

    _check(mistake, ("merge-width",))
    shape = keras_rnn_output(cell, units, batch, timesteps, return_sequences=return_sequences,
                             return_state=return_state, bidirectional=bidirectional, merge_mode=merge_mode)
    wrong = units if merge_mode == "concat" else 2 * units
    return _result("Keras output shape", mistake, tuple(shape[:-1]) + (wrong,))


def keras_model(layers, ask="params", mistake="dense-no-bias") -> Solution:
    """A Keras model counted with one slip of :data:`solvers.models.SLIPS` (``ask`` as the solver's)."""
    from solvers import models

    _check(mistake, models.SLIPS)
    _, answer = models._evaluate(layers, slip=mistake)
    return _result("Keras model", mistake, answer)


# ----------------------------------------------------------------------------- slips of the newer solvers


def scaled_dot(query, keys, values, scale=True, mistake="unscaled") -> Solution:
    """``unscaled``: softmax(K·q) without √d_k; ``divided-by-d``: K·q / d_k."""
    from solvers.attention import softmax

    _check(mistake, ("unscaled", "divided-by-d"))
    q = np.asarray(query, dtype=np.float64)
    K, V = np.atleast_2d(_arr(keys)), np.atleast_2d(_arr(values))
    dots = K @ q
    scores = dots if mistake == "unscaled" else dots / q.size
    alpha = softmax(scores)
    return _result("Attention", mistake, {"weights": alpha, "context": alpha @ V, "scores": scores})


def additive_attention(s, H, W_s, W_h, v, mistake="no-tanh") -> Solution:
    """``no-tanh``: scores vᵀ(W_s·s + W_h·h_i); ``dot``: dot-product scores s·h_i."""
    from solvers.attention import softmax

    _check(mistake, ("no-tanh", "dot"))
    sv, vv, Hm = _arr(s), _arr(v), np.atleast_2d(_arr(H))
    if mistake == "dot":
        scores = Hm @ sv
    else:
        scores = np.array([vv @ (_arr(W_s) @ sv + _arr(W_h) @ h) for h in Hm])
    return _result("Additive attention", mistake, {"scores": scores, "weights": softmax(scores)})


def perplexity(probs, mistake="no-mean") -> Solution:
    """``no-mean``: exp of the summed loss; ``base-2``: 2 to the mean loss in nats;
    ``mean-prob``: one over the mean probability."""
    import math

    _check(mistake, ("no-mean", "base-2", "mean-prob"))
    ps = [float(p) for p in probs]
    losses = [-math.log(p) for p in ps]
    value = {"no-mean": lambda: math.exp(sum(losses)), "base-2": lambda: 2 ** (sum(losses) / len(ps)),
             "mean-prob": lambda: len(ps) / sum(ps)}[mistake]()
    return _result("Perplexity", mistake, value)


def top_k(probs, k, mistake="not-renormalised") -> Solution:
    """``not-renormalised``: the kept probabilities left as they were; ``softmax-kept``: a softmax
    applied to the kept probabilities as if they were logits."""
    _check(mistake, ("not-renormalised", "softmax-kept"))
    ps = np.asarray(probs, dtype=np.float64)
    kept = np.argsort(-ps, kind="stable")[:k]
    out = np.zeros_like(ps)
    if mistake == "not-renormalised":
        out[kept] = ps[kept]
    else:
        ex = np.exp(ps[kept])
        out[kept] = ex / ex.sum()
    return _result("Top-k", mistake, out)


def minmax_inverse(scaled, data_min, data_max, mistake="no-min") -> Solution:
    """``no-min``: s·(max − min), the minimum not added back; ``times-max``: s·max."""
    _check(mistake, ("no-min", "times-max"))
    value = scaled * (data_max - data_min) if mistake == "no-min" else scaled * data_max
    return _result("Inverse scaling", mistake, float(value))


def forecast_windows(length, lookback, horizon, stride=1, mistake="no-horizon") -> Solution:
    """``no-horizon``: counted as if one value were predicted; ``no-stride``: a window at every point."""
    _check(mistake, ("no-horizon", "no-stride"))
    if mistake == "no-horizon":
        return _result("Windows", mistake, (length - lookback - 1) // stride + 1)
    return _result("Windows", mistake, length - lookback - horizon + 1)


def teacher_forcing_tokens(lengths, padded_to=None, mistake="no-end") -> Solution:
    """``no-end``: Σ ℓ, the <end> prediction forgotten; ``padded``: every padded position counted."""
    _check(mistake, ("no-end", "padded"))
    if mistake == "no-end":
        return _result("Teacher forcing", mistake, sum(lengths))
    if padded_to is None:
        raise SolverError("the padded slip needs padded_to", ("padded_to",))
    return _result("Teacher forcing", mistake, len(lengths) * (padded_to - 1))


def scalar_bptt_weight_grad(w, u, x, y, mistake="last-step-only") -> Solution:
    """``last-step-only``: only the last step's term; ``h-t``: h_t in place of h_(t−1) in each term;
    ``sign``: the error taken as y − h_T."""
    import math

    _check(mistake, ("last-step-only", "h-t", "sign"))
    hs = [0.0]
    for xt in x:
        hs.append(math.tanh(w * hs[-1] + u * xt))
    T = len(x)
    delta = {T: hs[T] - y}
    for t in range(T, 1, -1):
        delta[t - 1] = delta[t] * (1 - hs[t] ** 2) * w
    if mistake == "last-step-only":
        return _result("BPTT", mistake, delta[T] * (1 - hs[T] ** 2) * hs[T - 1])
    if mistake == "sign":
        return _result("BPTT", mistake, -sum(delta[t] * (1 - hs[t] ** 2) * hs[t - 1] for t in range(1, T + 1)))
    return _result("BPTT", mistake, sum(delta[t] * (1 - hs[t] ** 2) * hs[t] for t in range(1, T + 1)))


def clip_global_norm(tensors, threshold, mistake="per-tensor") -> Solution:
    """``per-tensor``: each tensor clipped by its own norm (Keras's clipnorm); ``no-square-root``:
    the sum of squares used as the norm."""
    _check(mistake, ("per-tensor", "no-square-root"))
    vecs = [np.asarray(t, dtype=np.float64) for t in tensors]
    if mistake == "per-tensor":
        out = [v * min(1.0, threshold / float(np.linalg.norm(v))) for v in vecs]
    else:
        sq = sum(float(np.sum(v ** 2)) for v in vecs)
        out = [v * min(1.0, threshold / sq) for v in vecs]
    return _result("Global-norm clipping", mistake, np.concatenate(out))


def inverted_dropout(a, mask, rate, mistake="no-rescale") -> Solution:
    """``no-rescale``: a ⊙ m; ``times-keep``: a ⊙ m·(1 − p), the inference-time scaling of plain dropout."""
    _check(mistake, ("no-rescale", "times-keep"))
    kept = _arr(a) * _arr(mask)
    return _result("Dropout", mistake, kept if mistake == "no-rescale" else kept * (1 - rate))


def exponential_decay(initial, rate, decay_steps, epoch, steps_per_epoch, staircase=True,
                      mistake="continuous") -> Solution:
    """``continuous``: the exponent not floored; ``epochs-as-steps``: epochs taken for optimizer steps."""
    _check(mistake, ("continuous", "epochs-as-steps"))
    if mistake == "continuous":
        exponent = epoch * steps_per_epoch / decay_steps
    else:
        exponent = epoch // decay_steps if staircase else epoch / decay_steps
    return _result("Learning rate", mistake, initial * rate ** exponent)


def rnn_with_output(hidden, input_size, outputs, steps=None, mistake="per-step") -> Solution:
    """``per-step``: the count multiplied by the unrolled length; ``no-output``: the output layer left out."""
    _check(mistake, ("per-step", "no-output"))
    n, d, k = hidden, input_size, outputs
    total = n * (n + d + 1) + k * (n + 1)
    if mistake == "per-step":
        if not steps:
            raise SolverError("the per-step slip needs steps", ("steps",))
        return _result("RNN parameters", mistake, total * steps)
    return _result("RNN parameters", mistake, n * (n + d + 1))


def gru_update(z, h_prev, h_cand, r=None, mistake="z-on-old") -> Solution:
    """``z-on-old``: z ⊙ h_(t−1) + (1 − z) ⊙ h̃ (the frameworks' convention); ``r-for-z``: the reset
    gate used as the update gate."""
    _check(mistake, ("z-on-old", "r-for-z"))
    z, h_prev, h_cand = _arr(z), _arr(h_prev), _arr(h_cand)
    if mistake == "z-on-old":
        return _result("GRU update", mistake, z * h_prev + (1 - z) * h_cand)
    if r is None:
        raise SolverError("the r-for-z slip needs r", ("r",))
    r = _arr(r)
    return _result("GRU update", mistake, (1 - r) * h_prev + r * h_cand)


def leaky_step(x, h0, W_x, W_h, leak, mistake="no-leak") -> Solution:
    """``no-leak``: the plain update tanh(…); ``swapped-leak``: α·h_(t−1) + (1 − α)·tanh(…)."""
    _check(mistake, ("no-leak", "swapped-leak"))
    h = _arr(h0)
    cand = np.tanh(_arr(W_h) @ h + _arr(W_x) @ _arr(x))
    if mistake == "no-leak":
        return _result("Leaky reservoir", mistake, cand)
    return _result("Leaky reservoir", mistake, leak * h + (1 - leak) * cand)


def spectral_rescale(W, radius, mistake="frobenius") -> Solution:
    """Scaling by another size of the matrix: ``frobenius`` (√Σ w²) or ``largest-entry`` (max |w|)."""
    _check(mistake, ("frobenius", "largest-entry"))
    M = _arr(W)
    size = float(np.sqrt(np.sum(M ** 2))) if mistake == "frobenius" else float(np.max(np.abs(M)))
    return _result("Rescaled W_h", mistake, (M * radius / size).tolist())
