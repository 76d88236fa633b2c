"""Gradient arithmetic: vanishing and exploding factors, BPTT products, clipping, truncation."""

from __future__ import annotations

import math

from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step





def _exact(x: float):
    from fractions import Fraction

    return Fraction(repr(float(x)))


def _first_power(gamma: float, limit: float, above: bool) -> int:
    """The smallest k ≥ 1 with γ^k > limit (above) or γ^k < limit, decided in exact arithmetic."""
    g, b = _exact(gamma), _exact(limit)
    k = max(1, math.floor(math.log(limit) / math.log(gamma)) - 1)
    while k > 1 and ((g ** (k - 1) > b) if above else (g ** (k - 1) < b)):
        k -= 1
    while not ((g ** k > b) if above else (g ** k < b)):
        k += 1
    return k


def _log_ratio(top: float, bottom: float) -> tuple[str, float]:
    """``ln a / ln b`` written with enough decimals that the printed quotient fixes its whole part.

    At four decimals, 4.6052 / 0.0583 allows anything from 78.93 to 79.06; the logs are
    printed with more digits until every value the printed numbers allow has the same floor.
    """
    from fractions import Fraction

    la, lb = math.log(top), math.log(bottom)
    ratio = la / lb
    for places in range(4, 13):
        half = Fraction(1, 2 * 10**places)
        a, b = Fraction(numfmt.fixed(la, places).replace("−", "-")), Fraction(numfmt.fixed(lb, places).replace("−", "-"))
        ends = [(a + sa * half) / (b + sb * half) for sa in (-1, 1) for sb in (-1, 1)]
        if math.floor(min(ends)) == math.floor(max(ends)):
            break
    return f"{numfmt.fixed(la, places)} / {numfmt.fixed(lb, places)}", ratio


def vanishing_steps(gamma: float, epsilon: float) -> Solution:
    """The fewest steps k with γ^k < ε, for a per-step factor 0 < γ < 1."""
    gamma, epsilon = checks.positive(gamma, "gamma"), checks.positive(epsilon, "epsilon")
    if gamma >= 1:
        raise SolverError("gamma must be below 1 for the factor to vanish", ("gamma",))
    if epsilon >= 1:
        raise SolverError("epsilon must be below 1", ("epsilon",))
    k = _first_power(gamma, epsilon, above=False)
    quotient, ratio = _log_ratio(epsilon, gamma)
    g = numfmt.short(gamma, 6)
    steps = [
        Step("Condition", "γ^k < ε  ⇔  k·ln γ < ln ε  ⇔  k > ln ε / ln γ (ln γ < 0 flips the sign)"),
        Step("Ratio", "ln ε / ln γ", f"ln {numfmt.short(epsilon, 8)} / ln {g} = {quotient}", ratio,
             note="logs printed with enough decimals to fix the whole part of the quotient"),
        Step("Smallest whole k above it", "k = ⌊ln ε / ln γ⌋ + 1", "", k, "k"),
        Step("Check", f"γ^{k} < ε ≤ γ^{k - 1}",
             f"{g}^{k} = {_sci(gamma ** k)}, {g}^{k - 1} = {_sci(gamma ** (k - 1))}"),
    ]
    return Solution("vanishing", f"Steps until {g}^k < {numfmt.short(epsilon, 8)}", k, steps)


def exploding_steps(gamma: float, bound: float) -> Solution:
    """The fewest steps k with γ^k > bound, for a per-step factor γ > 1."""
    gamma, bound = checks.positive(gamma, "gamma"), checks.positive(bound, "bound")
    if gamma <= 1:
        raise SolverError("gamma must be above 1 for the factor to explode", ("gamma",))
    if bound <= 1:
        raise SolverError("bound must be above 1", ("bound",))
    k = _first_power(gamma, bound, above=True)
    quotient, ratio = _log_ratio(bound, gamma)
    g = numfmt.short(gamma, 6)
    steps = [
        Step("Condition", "γ^k > B  ⇔  k > ln B / ln γ"),
        Step("Ratio", "ln B / ln γ", quotient, ratio,
             note="logs printed with enough decimals to fix the whole part of the quotient"),
        Step("Smallest whole k above it", "k = ⌊ln B / ln γ⌋ + 1", "", k, "k"),
        Step("Check", f"γ^{k - 1} ≤ B < γ^{k}",
             f"{g}^{k - 1} = {_sci(gamma ** (k - 1))}, {g}^{k} = {_sci(gamma ** k)}"),
    ]
    return Solution("exploding", f"Steps until {g}^k > {numfmt.short(bound)}", k, steps)


def _sci(x: float) -> str:
    return f"{x:.4g}" if x < 1e-3 or x > 1e5 else numfmt.fixed(x, 6)


def norm_bound(w_norm: float, t: int, k: int) -> Solution:
    """The bound ‖∂h_t/∂h_k‖ ≤ ‖W_hh‖^(t−k) of a tanh RNN."""
    w_norm = checks.positive(w_norm, "w_norm")
    t, k = checks.whole(t, "t"), checks.whole(k, "k")
    if k >= t:
        raise SolverError("k must come before t", ("k",))
    value = w_norm ** (t - k)
    verdict = "vanishes" if w_norm < 1 else ("explodes" if w_norm > 1 else "stays bounded by 1")
    steps = [
        Step("Jacobian product", "‖∂h_t/∂h_k‖ ≤ ∏ ‖diag(1 − h_i²)‖·‖W_hh‖ ≤ ‖W_hh‖^(t−k)",
             "|tanh′| ≤ 1, so each diag(1 − h_i²) has norm at most 1"),
        Step("Exponent", "t − k", f"{t} − {k}", t - k),
        Step("Bound", "‖W_hh‖^(t−k)", f"{numfmt.short(w_norm, 6)}^{t - k}", value, "bound",
             note=f"with ‖W_hh‖ {'<' if w_norm < 1 else '>' if w_norm > 1 else '='} 1 the bound {verdict}"),
    ]
    return Solution("norm-bound", "Upper bound on the gradient factor", value, steps)


def scalar_bptt(w: float, h) -> Solution:
    """∂h_t/∂h_k = ∏ w·(1 − h_i²) for a scalar tanh RNN, over the states h_(k+1) … h_t."""
    if isinstance(w, bool) or not isinstance(w, (int, float)):
        raise SolverError("w must be a number", ("w",))
    hs = checks.numbers(h, "h")
    if any(abs(v) >= 1 for v in hs):
        raise SolverError("tanh states lie strictly between −1 and 1", ("h",))
    factors = [w * (1 - v * v) for v in hs]
    steps = [Step("Each factor", "∂h_i/∂h_(i−1) = w·(1 − h_i²)",
                  "\n".join(f"{numfmt.short(w)}·(1 − {numfmt.factor(v)}²) = {numfmt.fixed(fac)}"
                            for v, fac in zip(hs, factors)), factors)]
    product = math.prod(factors)
    steps.append(Step("Chain rule", "∂h_t/∂h_k = ∏ factors",
                      " · ".join(numfmt.fixed(f) for f in factors), product, "∂h_t/∂h_k"))
    return Solution("bptt-scalar", "Gradient of a scalar RNN through time", product, steps)


def forget_product(f) -> Solution:
    """∂C_t/∂C_k along the cell-state path: the product of the forget gates f_(k+1) … f_t."""
    fs = checks.numbers(f, "f")
    if any(not 0 <= v <= 1 for v in fs):
        raise SolverError("forget-gate values lie between 0 and 1", ("f",))
    product = math.prod(fs)
    steps = [
        Step("Cell-state path", "C_t = f_t ⊙ C_(t−1) + …  ⇒  ∂C_t/∂C_(t−1) = f_t (direct path)"),
        Step("Product over the steps", "∂C_t/∂C_k = ∏ f_i",
             " · ".join(numfmt.short(v) for v in fs), product, "∂C_t/∂C_k",
             note="forget gates near 1 keep the product near 1: the constant error carousel"),
    ]
    return Solution("forget-product", "Gradient along the LSTM cell state", product, steps)


def clip_by_norm(g, threshold: float) -> Solution:
    """g ← g·τ/‖g‖ when ‖g‖ > τ (the direction is kept)."""
    import numpy as np

    vec = np.asarray(checks.numbers(g, "g"))
    tau = checks.positive(threshold, "threshold")
    norm = float(np.sqrt(np.sum(vec ** 2)))
    steps = [Step("Norm", "‖g‖ = √(Σ g_i²)",
                  "√(" + " + ".join(f"{numfmt.short(v)}²" for v in vec) + ")", norm, "‖g‖")]
    if norm > tau:
        scale = tau / norm
        out = vec * scale
        steps.append(Step("Scale", "τ / ‖g‖", f"{numfmt.short(tau)} / {numfmt.fixed(norm)}", scale))
        steps.append(Step("Clipped gradient", "g·τ/‖g‖", f"{numfmt.value(vec, numfmt.short)} · "
                                                          f"{numfmt.fixed(scale)}", out, "g′",
                          note="same direction, norm now τ"))
    else:
        out = vec
        steps.append(Step("No clipping", f"‖g‖ ≤ τ = {numfmt.short(tau)}", "", out, "g′"))
    return Solution("clip-norm", f"Clip by norm with τ = {numfmt.short(tau)}", out, steps)


def clip_by_value(g, limit: float) -> Solution:
    """Each component clipped to [−limit, limit] (the direction can change)."""
    import numpy as np

    vec = np.asarray(checks.numbers(g, "g"))
    lim = checks.positive(limit, "limit")
    out = np.clip(vec, -lim, lim)
    steps = [Step("Clip each component", f"g_i ← min(max(g_i, −{numfmt.short(lim)}), {numfmt.short(lim)})",
                  ", ".join(f"{numfmt.short(a)} → {numfmt.short(b)}" for a, b in zip(vec, out)), out, "g′",
                  note="components are clipped separately, so the direction may change")]
    return Solution("clip-value", f"Clip by value at ±{numfmt.short(lim)}", out, steps)


def tbptt_segments(T: int, k: int) -> Solution:
    """How many truncated-BPTT segments of k steps cover a sequence of T steps."""
    T, k = checks.whole(T, "T"), checks.whole(k, "k")
    count = -(-T // k)
    last = T - (count - 1) * k
    steps = [
        Step("Segments", "⌈T / k⌉", f"⌈{T} / {k}⌉", count, "segments"),
        Step("Last segment", "T − (segments − 1)·k", f"{T} − {count - 1}·{k}", last,
             note="gradients flow back at most k steps inside each segment"),
    ]
    return Solution("tbptt", f"Truncated BPTT over {T} steps in chunks of {k}", count, steps)


def scalar_bptt_weight_grad(w: float, u: float, x, y: float) -> Solution:
    """∂L/∂w for a scalar tanh RNN h_t = tanh(w·h_(t−1) + u·x_t), h_0 = 0, L = ½(h_T − y)².

    Backward: δ_T = h_T − y, and going back one step δ_(t−1) = δ_t·(1 − h_t²)·w. Each step adds
    its local term δ_t·(1 − h_t²)·h_(t−1), since the same w acts at every step.
    """
    for name, v in (("w", w), ("u", u), ("y", y)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise SolverError(f"{name} must be a number", (name,))
    xs = checks.numbers(x, "x")
    hs = [0.0]
    lines = []
    for t, xt in enumerate(xs, 1):
        h = math.tanh(w * hs[-1] + u * xt)
        lines.append(f"h{_sub(t)} = tanh({numfmt.short(w)}·{numfmt.fixed_factor(hs[-1]) if t > 1 else '0'}"
                     f" + {numfmt.short(u)}·{numfmt.factor(xt)}) = {numfmt.fixed(h)}")
        hs.append(h)
    T = len(xs)
    delta = hs[T] - y
    deltas = {T: delta}
    back_lines = [f"δ{_sub(T)} = {numfmt.fixed(hs[T])} − {numfmt.factor(y)} = {numfmt.fixed(delta)}"]
    for t in range(T, 1, -1):
        deltas[t - 1] = deltas[t] * (1 - hs[t] ** 2) * w
        back_lines.append(f"δ{_sub(t - 1)} = {numfmt.fixed_factor(deltas[t])}·(1 − {numfmt.fixed_factor(hs[t])}²)"
                          f"·{numfmt.factor(w)} = {numfmt.fixed(deltas[t - 1])}")
    terms = [deltas[t] * (1 - hs[t] ** 2) * hs[t - 1] for t in range(1, T + 1)]
    term_lines = [f"{numfmt.fixed_factor(deltas[t])}·(1 − {numfmt.fixed_factor(hs[t])}²)·"
                  f"{numfmt.fixed_factor(hs[t - 1]) if t > 1 else '0'} = {numfmt.fixed(terms[t - 1])}"
                  for t in range(1, T + 1)]
    grad = sum(terms)
    steps = [
        Step("Forward pass", "h_t = tanh(w·h_(t−1) + u·x_t), h₀ = 0", "\n".join(lines), hs[1:]),
        Step("Error at the last step", "δ_T = ∂L/∂h_T = h_T − y", back_lines[0], delta),
        Step("Back through time", "δ_(t−1) = δ_t·(1 − h_t²)·w", "\n".join(back_lines[1:]),
             [deltas[t] for t in range(T - 1, 0, -1)]),
        Step("Each step's share", "δ_t·(1 − h_t²)·h_(t−1)", "\n".join(term_lines), terms,
             note="w is shared by every step, so each step contributes"),
        Step("Sum over the steps", "∂L/∂w = Σ_t δ_t·(1 − h_t²)·h_(t−1)",
             numfmt.signed_sum(terms), grad, "∂L/∂w"),
    ]
    return Solution("bptt-weight", "∂L/∂w of a scalar RNN by backpropagation through time", grad, steps,
                    details={"h": hs[1:], "delta": [deltas[t] for t in range(1, T + 1)], "terms": terms})


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def clip_global_norm(tensors, threshold: float) -> Solution:
    """Clip several gradient tensors together by their global norm (clip_grad_norm_, global_clipnorm)."""
    import numpy as np

    if not isinstance(tensors, list) or not tensors:
        raise SolverError("tensors must be a list of gradient vectors", ("tensors",))
    vecs = [np.asarray(checks.numbers(t, "tensors")) for t in tensors]
    tau = checks.positive(threshold, "threshold")
    squares = [float(np.sum(v ** 2)) for v in vecs]
    total = math.sqrt(sum(squares))
    steps = [
        Step("Squares of each tensor", "Σ g_i² per tensor",
             "\n".join(" + ".join(f"{numfmt.factor(x)}²" for x in v) + f" = {numfmt.short(sq)}"
                       for v, sq in zip(vecs, squares)), squares),
        Step("Global norm", "‖g‖ = √(Σ over every tensor)", f"√({' + '.join(numfmt.short(s) for s in squares)})",
             total, "‖g‖", note="one norm for all tensors together"),
    ]
    if total > tau:
        scale = tau / total
        out = np.concatenate([v * scale for v in vecs])
        steps += [
            Step("Scale", "τ / ‖g‖", f"{numfmt.short(tau)} / {numfmt.fixed(total)}", scale),
            Step("Clipped tensors", "every tensor × τ/‖g‖",
                 f"{numfmt.value(np.concatenate(vecs), numfmt.short)} · {numfmt.fixed(scale)}", out, "g′",
                 note="all tensors shrink by the same factor, so their relative sizes stay"),
        ]
    else:
        out = np.concatenate(vecs)
        steps.append(Step("No clipping", f"‖g‖ ≤ τ = {numfmt.short(tau)}", "", out, "g′"))
    return Solution("clip-global", f"Clip by global norm with τ = {numfmt.short(tau)}", out, steps)
