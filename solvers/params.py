"""Parameter counts of recurrent layers in the textbook, Keras and PyTorch conventions.

Per layer and direction, with hidden size n and input size d:

* textbook: one bias vector per gate block: RNN n(n+d+1), LSTM 4n(n+d+1), GRU 3n(n+d+1).
* Keras: SimpleRNN and LSTM as the textbook; GRU with ``reset_after=True`` (the
  default) keeps a second, recurrent bias per block: 3n(n+d+2).
* PyTorch: two biases everywhere (``b_ih`` and ``b_hh``): G·n(n+d+2). An LSTM with
  ``proj_size`` P feeds back the projected state, so its recurrent matrix is 4n×P,
  plus the P×n projection ``weight_hr``.

A bidirectional layer doubles a layer; in a stack, layer k>1 sees the output of
layer k−1 as its input: n (2n when bidirectional; P or 2P with a projection).
"""

from __future__ import annotations

from dataclasses import dataclass

from solvers import numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step

CELLS = ("rnn", "lstm", "gru")
CONVENTIONS = ("textbook", "keras", "pytorch")
GATES = {"rnn": 1, "lstm": 4, "gru": 3}

#: The gate blocks in the order each convention stacks them.
GATE_ORDER = {
    ("rnn", "textbook"): "h",
    ("rnn", "keras"): "h",
    ("rnn", "pytorch"): "h",
    ("lstm", "textbook"): "f, i, C̃, o",
    ("lstm", "keras"): "i, f, c, o",
    ("lstm", "pytorch"): "i, f, g, o",
    ("gru", "textbook"): "z, r, h̃",
    ("gru", "keras"): "z, r, h",
    ("gru", "pytorch"): "r, z, n",
}

LAYER_NAMES = {
    ("rnn", "textbook"): "vanilla RNN",
    ("lstm", "textbook"): "LSTM",
    ("gru", "textbook"): "GRU",
    ("rnn", "keras"): "Keras SimpleRNN",
    ("lstm", "keras"): "Keras LSTM",
    ("gru", "keras"): "Keras GRU",
    ("rnn", "pytorch"): "PyTorch nn.RNN",
    ("lstm", "pytorch"): "PyTorch nn.LSTM",
    ("gru", "pytorch"): "PyTorch nn.GRU",
}

#: Upper bound on any size, so that a typo cannot ask for absurd arithmetic.
MAX_SIZE = 10**7
MAX_LAYERS = 1000


@dataclass(frozen=True)
class RecurrentConfig:
    """A recurrent layer (or stack) as the counting rules need it."""

    cell: str
    hidden: int
    input_size: int
    layers: int = 1
    bidirectional: bool = False
    bias: bool = True
    convention: str = "textbook"
    reset_after: bool | None = None
    proj_size: int = 0
    upper_input_size: int = 0

    @property
    def gates(self) -> int:
        return GATES[self.cell]

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def biases_per_block(self) -> int:
        """How many bias vectors of length n each gate block carries."""
        if not self.bias:
            return 0
        if self.convention == "pytorch":
            return 2
        if self.convention == "keras" and self.cell == "gru" and self.keras_reset_after:
            return 2
        return 1

    @property
    def keras_reset_after(self) -> bool:
        return True if self.reset_after is None else self.reset_after

    @property
    def output_size(self) -> int:
        """Features one direction hands to the next layer."""
        return self.proj_size or self.hidden

    def layer_input(self, k: int) -> int:
        """Input size of layer k (1-based).

        ``upper_input_size`` overrides what layers above the first read; it exists to compute
        what a student who gets that size wrong would count.
        """
        if k == 1:
            return self.input_size
        if self.upper_input_size:
            return self.upper_input_size
        return self.output_size * self.directions


def check_config(cfg: RecurrentConfig) -> None:
    """Raise SolverError naming the field at fault."""
    if cfg.cell not in CELLS:
        raise SolverError(
            f"unknown cell {cfg.cell!r}: choose one of {', '.join(CELLS)}", ("cell",)
        )
    if cfg.convention not in CONVENTIONS:
        raise SolverError(
            f"unknown convention {cfg.convention!r}: choose one of {', '.join(CONVENTIONS)}",
            ("convention",),
        )
    for name, val, low in (("hidden", cfg.hidden, 1), ("input_size", cfg.input_size, 1),
                           ("layers", cfg.layers, 1), ("proj_size", cfg.proj_size, 0),
                           ("upper_input_size", cfg.upper_input_size, 0)):
        if isinstance(val, bool) or not isinstance(val, int):
            raise SolverError(f"{_label(name)} must be a whole number, got {val!r}", (name,))
        if val < low:
            what = "a positive whole number" if low == 1 else "zero or more"
            raise SolverError(f"{_label(name)} must be {what}, got {val}", (name,))
        limit = MAX_LAYERS if name == "layers" else MAX_SIZE
        if val > limit:
            raise SolverError(f"{_label(name)} is too large ({val:,}; at most {limit:,})", (name,))
    if cfg.proj_size:
        if cfg.cell != "lstm" or cfg.convention != "pytorch":
            raise SolverError(
                "a projection (proj_size) exists only for PyTorch's nn.LSTM "
                "(cell lstm, convention pytorch)",
                ("proj_size",),
            )
        if cfg.proj_size >= cfg.hidden:
            raise SolverError(
                f"proj_size must be smaller than the hidden size ({cfg.proj_size} ≥ {cfg.hidden}); "
                "PyTorch refuses it too",
                ("proj_size",),
            )
    if cfg.reset_after is not None:
        if cfg.cell != "gru":
            raise SolverError("reset_after applies to GRU layers only", ("reset_after",))
        if cfg.convention == "pytorch" and not cfg.reset_after:
            raise SolverError(
                "PyTorch's GRU always applies the reset gate after the recurrent product; "
                "reset_after=False exists only in the keras convention",
                ("reset_after",),
            )
        if cfg.convention == "textbook" and cfg.reset_after:
            raise SolverError(
                "the textbook GRU applies the reset gate before the product (one bias per gate); "
                "use the keras or pytorch convention for reset_after",
                ("reset_after",),
            )


def _label(name: str) -> str:
    return {"hidden": "hidden size", "input_size": "input size", "layers": "number of layers",
            "proj_size": "proj_size"}.get(name, name)


def layer_params(cfg: RecurrentConfig, k: int = 1) -> int:
    """Parameters of layer k (both directions), without steps."""
    return _direction_params(cfg, cfg.layer_input(k))[0] * cfg.directions


def total_params(cfg: RecurrentConfig) -> int:
    check_config(cfg)
    return sum(layer_params(cfg, k) for k in range(1, cfg.layers + 1))


def _direction_params(cfg: RecurrentConfig, d: int) -> tuple[int, int, int]:
    """(total, one gate block, projection) for one direction with input size d."""
    n, g, b = cfg.hidden, cfg.gates, cfg.biases_per_block
    rec = cfg.proj_size or n
    block = n * d + n * rec + b * n
    proj = cfg.proj_size * n
    return g * block + proj, block, proj


def block_formula(cfg: RecurrentConfig) -> str:
    """The symbolic size of one gate block, e.g. n(n + d + 2)."""
    b = cfg.biases_per_block
    if cfg.proj_size:
        return "n(d + P + 2)" if b == 2 else "n(d + P)"
    return "n(n + d)" if b == 0 else f"n(n + d + {b})"


def count_formula(cfg: RecurrentConfig) -> str:
    """Parameters of one single-direction layer in symbols: 4n(n + d + 1)."""
    g = "" if cfg.gates == 1 else str(cfg.gates)
    core = f"{g}{block_formula(cfg)}"
    if cfg.proj_size:
        core += " + P·n"
    return core


def count_numbers(cfg: RecurrentConfig, d: int) -> str:
    """The numbers of one direction's count, matching :func:`count_formula`: 4·64·(64 + 128 + 1)."""
    n, b = cfg.hidden, cfg.biases_per_block
    g = "" if cfg.gates == 1 else f"{cfg.gates}·"
    bias = f" + {b}" if b else ""
    if cfg.proj_size:
        P = cfg.proj_size
        return f"{g}{n}·({d} + {P}{bias}) + {P}·{n}"
    return f"{g}{n}·({n} + {d}{bias})"


def count_params(
    cell: str,
    hidden: int,
    input_size: int,
    *,
    layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
    convention: str = "textbook",
    reset_after: bool | None = None,
    proj_size: int = 0,
    upper_input_size: int = 0,
) -> Solution:
    """Parameter count of a (possibly stacked, bidirectional) recurrent layer, with steps."""
    cfg = RecurrentConfig(
        cell=cell, hidden=hidden, input_size=input_size, layers=layers,
        bidirectional=bidirectional, bias=bias, convention=convention,
        reset_after=reset_after, proj_size=proj_size, upper_input_size=upper_input_size,
    )
    check_config(cfg)
    steps: list[Step] = []
    per_layer: list[dict] = []
    n, G, P = cfg.hidden, cfg.gates, cfg.proj_size
    for k in range(1, cfg.layers + 1):
        group = f"Layer {k}" if cfg.layers > 1 else ""
        d = cfg.layer_input(k)
        if k == 1:
            steps.append(Step("Input size", result=d, name="d", group=group))
        elif cfg.upper_input_size:
            steps.append(Step("Input size", result=d, name=f"d{_sub(k)}", group=group,
                              note="as given for the layers above the first"))
        else:
            src = ("2P" if P else "2n") if cfg.bidirectional else ("P" if P else "n")
            why = "both directions of layer" if cfg.bidirectional else "the output of layer"
            steps.append(Step("Input size", result=d, name=f"d{_sub(k)}", group=group,
                              note=f"{src}: {why} {k - 1}"))
        direction, block, proj = _direction_params(cfg, d)
        steps.append(Step(
            "One gate block" if G > 1 else "Weights and biases",
            _block_terms(cfg), "= " + _block_numbers(cfg, d), block, group=group,
            note=_bias_note(cfg),
        ))
        value = block
        if G > 1:
            value = G * block
            steps.append(Step(
                f"× {G} gate blocks ({GATE_ORDER[(cfg.cell, cfg.convention)]})",
                substitution=f"{G} · {numfmt.integer(block)}", result=value, group=group,
            ))
        if P:
            steps.append(Step(
                "+ projection weight_hr (P × n)",
                substitution=f"{numfmt.integer(value)} + {numfmt.integer(P)} · {numfmt.integer(n)}",
                result=value + proj, group=group,
            ))
            value += proj
        assert value == direction
        if cfg.bidirectional:
            value = 2 * direction
            steps.append(Step(
                "× 2 directions (forward and backward)",
                substitution=f"2 · {numfmt.integer(direction)}", result=value, group=group,
            ))
        per_layer.append({"layer": k, "input_size": d, "per_direction": direction, "params": value})
    total = sum(row["params"] for row in per_layer)
    if cfg.layers > 1:
        steps.append(Step(
            f"Total over {cfg.layers} layers",
            substitution=" + ".join(numfmt.integer(r["params"]) for r in per_layer), result=total,
        ))
    title = _title(cfg)
    notes = []
    if cfg.convention == "keras" and cfg.cell == "gru":
        notes.append(
            "Keras GRU with reset_after=True (the default) keeps a recurrent bias next to the "
            "input bias in each gate block." if cfg.keras_reset_after and cfg.bias else
            "Keras GRU with reset_after=False has one bias per gate block, as the textbook."
        )
    if cfg.convention == "pytorch" and cfg.bias:
        notes.append("PyTorch keeps two bias vectors per gate block: b_ih and b_hh.")
    return Solution(
        kind="params",
        title=title,
        answer=total,
        steps=steps,
        details={"formula": count_formula(cfg), "layers": per_layer},
        notes=notes,
    )


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _block_terms(cfg: RecurrentConfig) -> str:
    b = cfg.biases_per_block
    rec = "n·P" if cfg.proj_size else "n·n"
    parts = ["n·d", rec]
    if b:
        parts.append("n" if b == 1 else f"{b}n")
    return " + ".join(parts) + f" = {block_formula(cfg)}"


def _block_numbers(cfg: RecurrentConfig, d: int) -> str:
    n, b = cfg.hidden, cfg.biases_per_block
    rec = cfg.proj_size or n
    nums = [f"{numfmt.integer(n)}·{numfmt.integer(d)}", f"{numfmt.integer(n)}·{numfmt.integer(rec)}"]
    if b:
        nums.append(numfmt.integer(n) if b == 1 else f"{b}·{numfmt.integer(n)}")
    return " + ".join(nums)


def _bias_note(cfg: RecurrentConfig) -> str:
    b = cfg.biases_per_block
    if b == 0:
        return "no bias vectors"
    if cfg.convention == "pytorch":
        return "input weights W_ih, recurrent weights W_hh, biases b_ih and b_hh"
    if b == 2:
        return "kernel, recurrent kernel, input bias and recurrent bias"
    return "input weights, recurrent weights, one bias"


def _title(cfg: RecurrentConfig) -> str:
    parts = [LAYER_NAMES[(cfg.cell, cfg.convention)]]
    if cfg.bidirectional:
        parts.insert(0, "bidirectional")
    desc = f"n={cfg.hidden}, d={cfg.input_size}"
    if cfg.layers > 1:
        desc += f", {cfg.layers} layers"
    if cfg.proj_size:
        desc += f", proj_size={cfg.proj_size}"
    if not cfg.bias:
        desc += ", no bias"
    if cfg.cell == "gru" and cfg.convention == "keras":
        desc += f", reset_after={cfg.keras_reset_after}"
    text = " ".join(parts)
    article = "an" if text[0].lower() in "aeiou" or text.startswith(("LSTM", "RNN")) else "a"
    return f"Parameters of {article} {text} ({desc})"
