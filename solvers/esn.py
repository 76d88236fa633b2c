"""Echo state networks: the leaky reservoir update and spectral-radius rescaling of W_h."""

from __future__ import annotations

import math

import numpy as np

from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step


def _matrix(value, name: str, rows: int | None = None, cols: int | None = None) -> np.ndarray:
    try:
        W = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise SolverError(f"{name} must be a matrix of numbers", (name,)) from None
    if W.ndim != 2 or (rows is not None and W.shape[0] != rows) or (cols is not None and W.shape[1] != cols):
        want = f"{rows}×{cols}" if rows is not None and cols is not None else "a matrix"
        raise SolverError(f"{name} must be {want}", (name,))
    if not np.all(np.isfinite(W)):
        raise SolverError(f"{name} must hold finite numbers", (name,))
    return W


def _products(W: np.ndarray, v: np.ndarray) -> str:
    return "\n".join(f"{numfmt.dot(row, v)} = {numfmt.fixed(val)}" for row, val in zip(W, W @ v))


def leaky_step(x, h0, W_x, W_h, leak: float) -> Solution:
    """One leaky-integrator reservoir step: h_t = (1 − α)·h_(t−1) + α·tanh(W_h·h_(t−1) + W_x·x_t)."""
    xv = np.asarray(checks.numbers(x, "x"))
    h = np.asarray(checks.numbers(h0, "h0"))
    n = h.size
    Wx = _matrix(W_x, "W_x", n, xv.size)
    Wh = _matrix(W_h, "W_h", n, n)
    a = checks.positive(leak, "leak")
    if a > 1:
        raise SolverError("the leak rate α lies in (0, 1]", ("leak",))
    rec, inp = Wh @ h, Wx @ xv
    pre = rec + inp
    cand = np.tanh(pre)
    keep, write = (1 - a) * h, a * cand
    new = keep + write
    sa, s1a = numfmt.short(a), numfmt.short(1 - a)
    steps = [
        Step("Reservoir term", "W_h·h_(t−1)", _products(Wh, h), rec),
        Step("Input term", "W_x·x_t", _products(Wx, xv), inp),
        Step("Candidate state", "h̃_t = tanh(W_h·h_(t−1) + W_x·x_t)",
             f"tanh({numfmt.value(rec)} + {numfmt.value(inp)})", cand, "h̃_t"),
        Step("Leak: keep part of the old state", "(1 − α)·h_(t−1)", f"{s1a}·{numfmt.value(h, numfmt.short)}",
             keep),
        Step("Leak: write part of the new", "α·h̃_t", f"{sa}·{numfmt.value(cand)}", write),
        Step("New state", "h_t = (1 − α)·h_(t−1) + α·h̃_t", f"{numfmt.value(keep)} + {numfmt.value(write)}",
             new, "h_t", note="α = 1 is the plain ESN update; a small α makes the reservoir slow"),
    ]
    return Solution("esn-step", f"Leaky reservoir step (α = {sa})", new, steps)


def _eigen_2x2(W: np.ndarray) -> tuple[float, float, float, float]:
    tr = float(W[0, 0] + W[1, 1])
    det = float(W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0])
    disc = tr * tr - 4 * det
    if disc < 0:
        raise SolverError("W_h has complex eigenvalues; give a matrix with real ones (a symmetric one)", ("W",))
    root = math.sqrt(disc)
    return tr, det, (tr + root) / 2, (tr - root) / 2


def spectral_rescale(W, radius: float) -> Solution:
    """W_h scaled so that its spectral radius (largest |eigenvalue|) becomes ``radius`` (2×2, real eigenvalues)."""
    M = _matrix(W, "W", 2, 2)
    target = checks.positive(radius, "radius")
    tr, det, l1, l2 = _eigen_2x2(M)
    rho = max(abs(l1), abs(l2))
    if rho == 0:
        raise SolverError("W_h has spectral radius 0 and cannot be rescaled", ("W",))
    scale = target / rho
    out = M * scale
    a, b, c, d = (numfmt.short(v) for v in M.ravel())
    f = numfmt.factor
    steps = [
        Step("Trace and determinant", "tr = w₁₁ + w₂₂,  det = w₁₁·w₂₂ − w₁₂·w₂₁",
             f"tr = {a} + {f(M[1, 1])} = {numfmt.short(tr)}, det = {a}·{f(M[1, 1])} − {f(M[0, 1])}·{f(M[1, 0])}"
             f" = {numfmt.short(det)}", note="exact: sums and products of the given entries"),
        Step("Eigenvalues", "λ = (tr ± √(tr² − 4·det)) / 2",
             f"({numfmt.short(tr)} + √({f(tr)}² − 4·{f(det)})) / 2 = {numfmt.fixed(l1)}\n"
             f"({numfmt.short(tr)} − √({f(tr)}² − 4·{f(det)})) / 2 = {numfmt.fixed(l2)}",
             [l1, l2], "λ"),
        Step("Spectral radius", "ρ(W_h) = max |λ|", f"max(|{numfmt.fixed(l1)}|, |{numfmt.fixed(l2)}|)", rho, "ρ",
             note="the largest eigenvalue in absolute value, not a norm of the matrix"),
        Step("Scale factor", "ρ_target / ρ(W_h)", f"{numfmt.short(target)} / {numfmt.fixed(rho)}", scale),
        Step("Rescaled matrix", "W_h′ = (ρ_target / ρ)·W_h",
             f"{numfmt.fixed(scale)}·[[{a}, {b}], [{c}, {d}]]", out, "W_h′",
             note="every eigenvalue scales by the same factor, so ρ(W_h′) = ρ_target"),
    ]
    return Solution("spectral", f"Rescale W_h to spectral radius {numfmt.short(target)}", out.tolist(), steps)
