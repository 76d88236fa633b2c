"""Training arithmetic: inverted dropout and learning-rate schedules."""

from __future__ import annotations


from solvers import checks, numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step


def inverted_dropout(a, mask, rate: float) -> Solution:
    """Training-time (inverted) dropout: kept units are scaled by 1/(1 − p), dropped ones are 0."""
    import numpy as np

    av = np.asarray(checks.numbers(a, "a"))
    m = np.asarray(checks.numbers(mask, "mask"))
    if m.size != av.size or not np.all((m == 0) | (m == 1)):
        raise SolverError("mask must be 0s and 1s, one per activation", ("mask",))
    p = float(rate)
    if not 0 < p < 1:
        raise SolverError("the dropout rate p lies strictly between 0 and 1", ("rate",))
    keep = 1 - p
    kept = av * m
    out = kept / keep
    steps = [
        Step("Apply the mask", "a ⊙ m", f"{numfmt.value(av, numfmt.short)} ⊙ {numfmt.value(m, numfmt.short)}", kept),
        Step("Scale the kept units", "a ⊙ m / (1 − p)", f"{numfmt.value(kept, numfmt.short)} / {numfmt.short(keep)}",
             out, "output", note="so the expected activation stays a; at inference nothing is dropped or scaled"),
    ]
    return Solution("dropout", f"Inverted dropout with p = {numfmt.short(p)}", out, steps)


def exponential_decay(initial: float, rate: float, decay_steps: int, epoch: int, steps_per_epoch: int,
                      staircase: bool = True) -> Solution:
    """Keras ExponentialDecay: lr = lr₀·rate^(step / decay_steps), the exponent floored when staircase."""
    lr0 = checks.positive(initial, "initial")
    r = checks.positive(rate, "rate")
    D = checks.whole(decay_steps, "decay_steps")
    E = checks.whole(epoch, "epoch", 0)
    B = checks.whole(steps_per_epoch, "steps_per_epoch")
    step = E * B
    steps = [Step("Optimizer steps so far", "epochs · batches per epoch", f"{E} · {B}", step, "step",
                  note="the schedule counts optimizer steps (batches), not epochs")]
    if staircase:
        exponent = step // D
        steps.append(Step("Decays so far (staircase)", "⌊step / decay_steps⌋", f"⌊{step} / {D}⌋", exponent))
    else:
        exponent = step / D
        steps.append(Step("Exponent", "step / decay_steps", f"{step} / {D}", exponent))
    lr = lr0 * r ** exponent
    shown = str(exponent) if staircase else numfmt.fixed(exponent)
    # Learning rates are small: four decimals would hide them, so the value is written with
    # four significant figures.
    steps.append(Step("Learning rate", "lr₀ · rate^exponent", f"{numfmt.short(lr0, 8)} · {numfmt.short(r)}^{shown}",
                      numfmt.significant(lr), "lr"))
    return Solution("lr-schedule", "Exponential learning-rate decay", lr, steps)
