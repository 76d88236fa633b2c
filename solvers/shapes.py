"""Output shapes of recurrent layers in Keras and PyTorch.

Shapes are tuples in which ``None`` stands for a size that is not fixed (the batch,
or a sequence length nobody gave).
"""

from __future__ import annotations

from solvers import numfmt
from solvers.errors import SolverError
from solvers.solution import Solution, Step

MERGE_MODES = ("concat", "sum", "mul", "ave", None)
STATES = {"rnn": 1, "lstm": 2, "gru": 1}
STATE_NAMES = {"rnn": ("h",), "lstm": ("h", "c"), "gru": ("h",)}


def keras_rnn_output(cell: str, units: int, batch, timesteps, *, return_sequences: bool = False,
                     return_state: bool = False, bidirectional: bool = False,
                     merge_mode: str | None = "concat"):
    """What a Keras recurrent layer returns: one shape, or a list of shapes.

    ``return_state`` adds the final state(s) after the output: h for SimpleRNN and GRU,
    h and c for LSTM, for each direction when bidirectional.
    """
    if merge_mode not in MERGE_MODES:
        raise SolverError(f"unknown merge_mode {merge_mode!r}: choose concat, sum, mul, ave or None",
                          ("merge_mode",))
    width = units
    if bidirectional and merge_mode == "concat":
        width = 2 * units
    out = (batch, timesteps, width) if return_sequences else (batch, width)
    outputs = [out]
    if bidirectional and merge_mode is None:
        single = (batch, timesteps, units) if return_sequences else (batch, units)
        outputs = [single, single]
    if return_state:
        directions = 2 if bidirectional else 1
        outputs += [(batch, units)] * (STATES[cell] * directions)
    return outputs[0] if len(outputs) == 1 else outputs


def keras_output_shape(cell: str, units: int, batch=None, timesteps=None, *,
                       return_sequences: bool = False, return_state: bool = False,
                       bidirectional: bool = False, merge_mode: str | None = "concat") -> Solution:
    """The output shape of a Keras recurrent layer, explained."""
    _check_units(units)
    shape = keras_rnn_output(cell, units, batch, timesteps, return_sequences=return_sequences,
                             return_state=return_state, bidirectional=bidirectional,
                             merge_mode=merge_mode)
    steps = [Step("Input", "(batch, timesteps, features)",
                  f"batch = {_dim(batch)}, timesteps = {_dim(timesteps)}")]
    if return_sequences:
        steps.append(Step("return_sequences=True", "one output vector per time step",
                          "(batch, timesteps, units)"))
    else:
        steps.append(Step("return_sequences=False", "only the last time step's output",
                          "(batch, units)"))
    if bidirectional:
        how = {"concat": "concatenated: 2·units features",
               "sum": "added: units features", "mul": "multiplied element-wise: units features",
               "ave": "averaged: units features",
               None: "returned separately: a list of two outputs"}[merge_mode]
        steps.append(Step(f"Bidirectional, merge_mode={merge_mode!r}",
                          "forward and backward outputs " + how,
                          f"units = {units}"))
    if return_state:
        names = ", ".join(STATE_NAMES[cell])
        per = "per direction " if bidirectional else ""
        steps.append(Step("return_state=True", f"the output, then the final state(s) {names} {per}",
                          "each state (batch, units)"))
    steps.append(Step("Output shape", "", "", shape))
    return Solution("shape", f"Output of a Keras {cell.upper()} layer with {units} units", shape, steps)


def pytorch_output_shapes(cell: str, hidden: int, *, batch=None, seq_len=None, num_layers: int = 1,
                          bidirectional: bool = False, batch_first: bool = False,
                          proj_size: int = 0) -> Solution:
    """Shapes of ``output``, ``h_n`` (and ``c_n``) returned by nn.RNN / nn.LSTM / nn.GRU."""
    _check_units(hidden)
    D = 2 if bidirectional else 1
    h_out = proj_size or hidden
    output = (batch, seq_len, D * h_out) if batch_first else (seq_len, batch, D * h_out)
    h_n = (D * num_layers, batch, h_out)
    answer = {"output": output, "h_n": h_n}
    steps = [
        Step("output", "(N, L, D·H_out)" if batch_first else "(L, N, D·H_out)",
             f"D = {D}, H_out = {h_out}" + ("; batch_first=True puts the batch first" if batch_first else ""),
             output, "output"),
        Step("h_n", "(D·num_layers, N, H_out)", f"D·num_layers = {D}·{num_layers}", h_n, "h_n",
             note="h_n never moves the batch first, even with batch_first=True"),
    ]
    if cell == "lstm":
        c_n = (D * num_layers, batch, hidden)
        answer["c_n"] = c_n
        steps.append(Step("c_n", "(D·num_layers, N, H_cell)", f"H_cell = hidden_size = {hidden}",
                          c_n, "c_n"))
    return Solution("shape", f"Shapes returned by PyTorch nn.{cell.upper()}", answer, steps)


def _dim(v) -> str:
    return "None" if v is None else numfmt.integer(v)


def _check_units(units) -> None:
    if isinstance(units, bool) or not isinstance(units, int) or units < 1:
        raise SolverError(f"units must be a positive whole number, got {units!r}", ("units",))
