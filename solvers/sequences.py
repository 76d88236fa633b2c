"""Sequence arithmetic: windows of a time series, softmax with temperature, cross-entropy, attention."""

from __future__ import annotations

import math

from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step


def split(fraction: float, count: int) -> int:
    """⌊fraction · count⌋ in exact arithmetic: the fraction as written (0.7 is 7/10), never the
    binary float, whose 0.7·340 is 237.99999999999997."""
    from fractions import Fraction

    return math.floor(Fraction(repr(float(fraction))) * count)


def windows(length: int, lookback: int, train_fraction: float = 0.8) -> Solution:
    """Sliding windows: N − L samples, then a temporal split int(fraction·samples) / rest."""
    N, L = checks.whole(length, "length"), checks.whole(lookback, "lookback")
    if L >= N:
        raise SolverError("the lookback must be shorter than the series", ("lookback",))
    if isinstance(train_fraction, bool) or not isinstance(train_fraction, (int, float)) \
            or not 0 < train_fraction < 1:
        raise SolverError("train_fraction lies strictly between 0 and 1", ("train_fraction",))
    samples = N - L
    train = split(train_fraction, samples)
    test = samples - train
    steps = [
        Step("Samples", "N − L (each target needs L earlier points)", f"{N} − {L}", samples, "samples",
             note="the first target is point L+1, the last point N"),
        Step("Training samples", "⌊fraction · samples⌋", f"⌊{numfmt.short(train_fraction)} · {samples}⌋",
             train, "train"),
        Step("Test samples", "samples − train", f"{samples} − {train}", test, "test",
             note="split in time order: the test set comes after the training set"),
    ]
    return Solution("windows", f"Windows of {L} over a series of {N}",
                    {"samples": samples, "train": train, "test": test}, steps)


def softmax(logits, temperature: float = 1.0) -> Solution:
    """p_i = exp(z_i/T) / Σ_j exp(z_j/T)."""
    import numpy as np

    z = np.asarray(checks.numbers(logits, "logits"))
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or temperature <= 0:
        raise SolverError("the temperature must be positive", ("temperature",))
    scaled = z / temperature
    shifted = scaled - scaled.max()
    ex = np.exp(shifted)
    p = ex / ex.sum()
    steps = []
    if temperature != 1:
        steps.append(Step("Divide by the temperature", "z_i / T",
                          f"{numfmt.value(z, numfmt.short)} / {numfmt.short(temperature)}", scaled))
    steps += [
        Step("Exponentiate", "exp(z_i / T)" if temperature != 1 else "exp(z_i)",
             f"exp({numfmt.value(scaled)})", np.exp(scaled)),
        Step("Normalise", "p_i = exp(z_i/T) / Σ exp(z_j/T)",
             f"Σ = {numfmt.fixed(np.exp(scaled).sum())}", p, "p",
             note="T < 1 sharpens the distribution, T > 1 flattens it"),
    ]
    return Solution("softmax", f"Softmax at temperature {numfmt.short(temperature)}", p, steps)


def cross_entropy(probs, target: int) -> Solution:
    """The loss of one prediction: −ln p(target)."""
    ps = checks.distribution(probs, "probs")
    target = checks.whole(target, "target", 0)
    if target >= len(ps):
        raise SolverError(f"target {target} is outside the {len(ps)} classes", ("target",))
    p = ps[target]
    if p == 0:
        raise SolverError("the true class has probability 0: the loss is infinite", ("probs",))
    loss = -math.log(p)
    return Solution("cross-entropy", "Cross-entropy of one prediction", loss, [
        Step("Probability of the true class", f"p[{target}]", "", p),
        Step("Loss", "L = −ln p(true)", f"−ln {numfmt.short(p)}", loss, "L",
             note="natural logarithm; only the true class's probability matters"),
    ])


def attention(scores, values) -> Solution:
    """α = softmax(scores); context = Σ α_i·h_i over the encoder states (rows of ``values``)."""
    import numpy as np

    s = np.asarray(checks.numbers(scores, "scores"))
    try:
        H = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise SolverError("values must be a matrix of numbers (one encoder state per row)",
                          ("values",)) from None
    if H.ndim == 1:
        H = H[:, None]
    if H.ndim != 2 or H.shape[0] != s.size:
        raise SolverError(f"values needs one row per score ({s.size} rows)", ("values",))
    ex = np.exp(s - s.max())
    alpha = ex / ex.sum()
    context = alpha @ H
    steps = [
        Step("Attention weights", "α_i = exp(e_i) / Σ_j exp(e_j)",
             f"softmax({numfmt.value(s, numfmt.short)})", alpha, "α",
             note="the weights are positive and sum to 1"),
        Step("Context vector", "c = Σ α_i·h_i",
             " + ".join(f"{numfmt.fixed(a)}·{numfmt.value(row, numfmt.short)}" for a, row in zip(alpha, H)),
             context, "c"),
    ]
    return Solution("attention", "Attention weights and context vector",
                    {"weights": alpha, "context": context}, steps)


# ----------------------------------------------------------------------------- text generation


def perplexity(probs) -> Solution:
    """Perplexity of a sequence from the probabilities the model gave each true token: exp(mean −ln p)."""
    ps = checks.numbers(probs, "probs")
    if any(not 0 < p <= 1 for p in ps):
        raise SolverError("each probability lies in (0, 1]", ("probs",))
    losses = [-math.log(p) for p in ps]
    mean = sum(losses) / len(losses)
    value = math.exp(mean)
    steps = [
        Step("Loss of each token", "−ln p_t",
             "\n".join(f"−ln {numfmt.short(p)} = {numfmt.fixed(v)}" for p, v in zip(ps, losses)), losses),
        Step("Mean cross-entropy", "H = (1/T)·Σ −ln p_t",
             f"({' + '.join(numfmt.fixed(v) for v in losses)}) / {len(ps)}", mean, "H",
             note="nats per token (natural logarithm)"),
        Step("Perplexity", "PP = exp(H)", f"exp({numfmt.fixed(mean)})", value, "PP",
             note="as uncertain as a uniform choice among PP tokens"),
    ]
    return Solution("perplexity", f"Perplexity over {len(ps)} tokens", value, steps)


def top_k(probs, k: int) -> Solution:
    """Top-k sampling: keep the k most probable tokens and renormalise them to sum to 1."""
    ps = checks.distribution(probs, "probs")
    k = checks.whole(k, "k")
    if k >= len(ps):
        raise SolverError(f"k must be below the {len(ps)} tokens for top-k to drop any", ("k",))
    order = sorted(range(len(ps)), key=lambda i: -ps[i])
    if ps[order[k - 1]] == ps[order[k]]:
        raise SolverError("the k-th and (k+1)-th probabilities tie, so the top k are not defined", ("probs",))
    kept = sorted(order[:k])
    mass = sum(ps[i] for i in kept)
    out = [ps[i] / mass if i in kept else 0.0 for i in range(len(ps))]
    steps = [
        Step(f"Keep the {k} most probable tokens", "the rest get probability 0",
             ", ".join(f"p{i + 1} = {numfmt.short(ps[i])}" for i in kept)),
        Step("Kept mass", "Σ kept p", " + ".join(numfmt.short(ps[i]) for i in kept), mass, "Z"),
        Step("Renormalise", "p_i′ = p_i / Z for the kept tokens",
             "\n".join(f"{numfmt.short(ps[i])} / {numfmt.short(mass)} = {numfmt.fixed(out[i])}" for i in kept),
             out, "p′", note="the kept probabilities now sum to 1"),
    ]
    return Solution("top-k", f"Top-{k} sampling distribution", out, steps)


# ----------------------------------------------------------------------------- time series


def minmax_inverse(scaled: float, data_min: float, data_max: float) -> Solution:
    """MinMaxScaler to [0, 1] undone: x = s·(max − min) + min."""
    for name, v in (("scaled", scaled), ("data_min", data_min), ("data_max", data_max)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise SolverError(f"{name} must be a number", (name,))
    if data_max <= data_min:
        raise SolverError("data_max must be above data_min", ("data_max",))
    span = data_max - data_min
    value = scaled * span + data_min
    steps = [
        Step("Scaling that was applied", "s = (x − min) / (max − min)", "fitted on the training data"),
        Step("Range", "max − min", f"{numfmt.short(data_max)} − {numfmt.short(data_min)}", span),
        Step("Invert it", "x = s·(max − min) + min",
             f"{numfmt.short(scaled)}·{numfmt.short(span)} + {numfmt.short(data_min)}", value, "x"),
    ]
    return Solution("minmax", "Inverse MinMax scaling", value, steps)


def forecast_windows(length: int, lookback: int, horizon: int, stride: int = 1) -> Solution:
    """Samples of L past values and the next H values as targets, windows starting every s points."""
    N, L = checks.whole(length, "length"), checks.whole(lookback, "lookback")
    H, s = checks.whole(horizon, "horizon"), checks.whole(stride, "stride")
    if L + H > N:
        raise SolverError("the series is shorter than one window and its horizon", ("length",))
    last = N - L - H
    count = last // s + 1
    steps = [
        Step("One sample spans", "L inputs + H targets", f"{L} + {H}", L + H),
        Step("Last possible start", "N − L − H (0-based)", f"{N} − {L} − {H}", last),
        Step("Starts 0, s, 2s, … up to it", "⌊(N − L − H) / s⌋ + 1", f"⌊{last} / {s}⌋ + 1", count, "samples"),
    ]
    return Solution("windows", f"Windows of {L} with a horizon of {H}", count, steps)


# ----------------------------------------------------------------------------- seq2seq


def teacher_forcing_tokens(lengths) -> Solution:
    """Tokens a masked loss counts when a decoder is trained with teacher forcing.

    A target of ℓ words is fed as <start> w_1 … w_ℓ and predicted as w_1 … w_ℓ <end>:
    ℓ + 1 predictions per sentence; padding is masked out.
    """
    if not isinstance(lengths, list) or not lengths:
        raise SolverError("lengths must be a list of sentence lengths", ("lengths",))
    ls = [checks.whole(v, "lengths") for v in lengths]
    per = [v + 1 for v in ls]
    total = sum(per)
    steps = [
        Step("Shift by one", "input <start> w_1 … w_ℓ, target w_1 … w_ℓ <end>",
             "each sentence of ℓ words gives ℓ + 1 predictions"),
        Step("Predictions per sentence", "ℓ + 1", ", ".join(f"{v} + 1" for v in ls), per),
        Step("Counted by the masked loss", "Σ (ℓ_i + 1)", " + ".join(str(v) for v in per), total, "tokens",
             note="padded positions are masked out"),
    ]
    return Solution("teacher-forcing", "Tokens in a teacher-forced batch", total, steps)
