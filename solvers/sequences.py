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
    ps = checks.numbers(probs, "probs")
    if any(p < 0 for p in ps) or abs(sum(ps) - 1) > 1e-6:
        raise SolverError("probs must be non-negative and sum to 1", ("probs",))
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
