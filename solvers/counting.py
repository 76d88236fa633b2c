"""Counts beyond a single layer: embeddings, GRU savings, formulas, multiply-adds, ESN readouts."""

from __future__ import annotations

from solvers import checks, numfmt, params
from solvers.solution import Solution, Step



def embedding_params(vocab: int, dim: int) -> Solution:
    """An embedding table has one dim-vector per token and no bias."""
    vocab, dim = checks.whole(vocab, "vocab"), checks.whole(dim, "dim")
    total = vocab * dim
    return Solution("embedding", f"Parameters of Embedding({vocab}, {dim})", total, [
        Step("One row per token", "vocabulary · dimension",
             f"{numfmt.integer(vocab)} · {numfmt.integer(dim)}", total, note="a lookup table: no bias"),
    ])


def gru_savings(hidden: int, input_size: int, convention: str = "textbook") -> Solution:
    """How many percent fewer parameters a GRU has than an LSTM of the same size."""
    lstm_cfg = params.RecurrentConfig("lstm", hidden, input_size, convention=convention)
    gru_cfg = params.RecurrentConfig("gru", hidden, input_size, convention=convention)
    lstm, gru = params.total_params(lstm_cfg), params.total_params(gru_cfg)
    pct = (1 - gru / lstm) * 100
    steps = [
        Step("LSTM", params.count_formula(lstm_cfg), "= " + params.count_numbers(lstm_cfg, input_size), lstm),
        Step("GRU", params.count_formula(gru_cfg), "= " + params.count_numbers(gru_cfg, input_size), gru),
        Step("Saving", "(1 − GRU / LSTM) · 100%",
             f"(1 − {numfmt.integer(gru)} / {numfmt.integer(lstm)}) · 100", pct, "saving %",
             note="3 gate blocks instead of 4" + (": exactly 25% when both count biases alike"
                                                   if convention != "keras" else
                                                   "; Keras's GRU keeps a second bias, so a little less")),
    ]
    return Solution("gru-savings", f"GRU vs LSTM ({convention}, n={hidden}, d={input_size})", pct, steps)


def param_formula(cell: str, convention: str = "textbook", bidirectional: bool = False,
                  bias: bool = True) -> Solution:
    """The parameter count of one layer as a formula in n and d (Python syntax, * and ^)."""
    cfg = params.RecurrentConfig(cell, 1, 1, bidirectional=bidirectional, bias=bias, convention=convention)
    params.check_config(cfg)
    g = cfg.gates * cfg.directions
    b = cfg.biases_per_block
    inner = "n + d" + (f" + {b}" if b else "")
    formula = f"{g}*n*({inner})" if g > 1 else f"n*({inner})"
    pretty = params.count_formula(cfg)
    if bidirectional:
        pretty = f"2·{pretty}"
    steps = [
        Step("One gate block", "n·d + n·n" + (f" + {b}n" if b > 1 else " + n" if b else ""),
             f"= n({inner})"),
        Step(f"× {cfg.gates} gate block{'s' if cfg.gates != 1 else ''}" + (" × 2 directions" if bidirectional else ""),
             pretty),
    ]
    return Solution("formula", f"Parameters of a {params.LAYER_NAMES[(cell, convention)]} in n and d",
                    formula, steps, details={"symbols": ["n", "d"]})


def lstm_macs(hidden: int, input_size: int) -> Solution:
    """Multiply-adds of the gate matrix products in one LSTM step: 4·n·(n + d)."""
    n, d = checks.whole(hidden, "hidden"), checks.whole(input_size, "input_size")
    per_gate = n * (n + d)
    total = 4 * per_gate
    return Solution("macs", f"Multiply-adds per LSTM step (n={n}, d={d})", total, [
        Step("One gate", "W (n×(n+d)) times [h, x] ((n+d) entries): n·(n + d)",
             f"{n}·({n} + {d})", per_gate),
        Step("Four gates", "4·n·(n + d)", f"4 · {numfmt.integer(per_gate)}", total,
             note="element-wise products (c and h updates) add only about 3n more"),
    ])


def esn_trainable(reservoir: int, outputs: int, input_size: int | None = None, bias: bool = False) -> Solution:
    """An echo state network trains only its readout W_o (outputs × reservoir)."""
    N, k = checks.whole(reservoir, "reservoir"), checks.whole(outputs, "outputs")
    d = None if input_size is None else checks.whole(input_size, "input_size")
    total = N * k + (k if bias else 0)
    fixed = (f"W_x ({numfmt.integer(N)}×{d}) and W_h ({numfmt.integer(N)}×{numfmt.integer(N)})"
             if d is not None else "W_x and W_h")
    return Solution("esn", f"Trainable parameters of an ESN ({N} units, {k} outputs)", total, [
        Step("Fixed", f"{fixed}: the random reservoir, never trained", ""),
        Step("Readout", "y_t = W_o·h_t" + (" + b" if bias else "") + f": W_o is {k}×{numfmt.integer(N)}",
             f"{numfmt.integer(N)} · {numfmt.integer(k)}" + (f" + {k}" if bias else ""), total),
    ])


def rnn_with_output(hidden: int, input_size: int, outputs: int, steps: int | None = None) -> Solution:
    """A vanilla RNN with a dense output layer: n(n + d + 1) recurrent + k(n + 1) output parameters.

    ``steps`` is the length it is unrolled over, which changes nothing: the weights are shared.
    """
    n, d, k = (checks.whole(v, name) for v, name in ((hidden, "hidden"), (input_size, "input_size"),
                                                      (outputs, "outputs")))
    rec = n * (n + d + 1)
    out = k * (n + 1)
    total = rec + out
    work = [
        Step("Recurrent part", "W_xh (n×d) + W_hh (n×n) + b_h (n) = n(n + d + 1)", f"{n}·({n} + {d} + 1)", rec),
        Step("Output layer", "W_hy (k×n) + b_y (k) = k(n + 1)", f"{k}·({n} + 1)", out),
        Step("Total", "n(n + d + 1) + k(n + 1)", f"{numfmt.integer(rec)} + {numfmt.integer(out)}", total,
             note="the same weights are reused at every time step" + (
                 f", so unrolling over {steps} steps adds none" if steps else "")),
    ]
    return Solution("params", f"Parameters of an RNN with an output layer (n={n}, d={d}, k={k})", total, work)
