"""The solvers a numeric template can call, by name.

Each entry names the function, the arguments it accepts and which of them are
required, so that a bank can be validated without importing NumPy. Functions are
imported only when a template is actually solved. The adapters at the bottom give the
forward-pass solver flat, template-friendly signatures (one argument per matrix).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from solvers.solution import Solution


@dataclass(frozen=True)
class Entry:
    name: str
    target: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    kind: str = "real"
    summary: str = ""

    @property
    def args(self) -> frozenset[str]:
        return frozenset(self.required) | frozenset(self.optional)

    def load(self):
        module, _, func = self.target.partition(":")
        return getattr(importlib.import_module(module), func)

    def __call__(self, **kwargs) -> Solution:
        return self.load()(**kwargs)


_RNN_W = ("x", "W_xh", "W_hh")
_RNN_OPT = ("b_h", "h0", "nonlinearity")
_LSTM_W = ("x", "W_f", "W_i", "W_c", "W_o")
_LSTM_OPT = ("b_f", "b_i", "b_c", "b_o", "h0", "c0")
_GRU_W = ("x", "W_z", "W_r", "W_h")
_GRU_OPT = ("b_z", "b_r", "b_h", "h0")
_PT = ("x", "weight_ih", "weight_hh")
_PT_OPT = ("bias_ih", "bias_hh", "h0")

ENTRIES = (
    Entry("params", "solvers.params:count_params", ("cell", "hidden", "input_size"),
          ("layers", "bidirectional", "bias", "convention", "reset_after", "proj_size", "upper_input_size"),
          "integer",
          "parameters of an RNN/LSTM/GRU layer or stack"),
    Entry("embedding_params", "solvers.counting:embedding_params", ("vocab", "dim"), (), "integer",
          "parameters of an embedding table"),
    Entry("gru_savings", "solvers.counting:gru_savings", ("hidden", "input_size"), ("convention",), "real",
          "percent fewer parameters in a GRU than an LSTM"),
    Entry("param_formula", "solvers.counting:param_formula", ("cell",),
          ("convention", "bidirectional", "bias"), "formula", "parameter count as a formula in n and d"),
    Entry("lstm_macs", "solvers.counting:lstm_macs", ("hidden", "input_size"), (), "integer",
          "multiply-adds of one LSTM step"),
    Entry("esn_trainable", "solvers.counting:esn_trainable", ("reservoir", "outputs"), ("input_size", "bias"), "integer",
          "trainable parameters of an echo state network"),
    Entry("rnn_forward", "solvers.catalog:rnn_forward", _RNN_W, _RNN_OPT, "vector",
          "vanilla RNN forward pass (textbook)"),
    Entry("lstm_forward", "solvers.catalog:lstm_forward", _LSTM_W, _LSTM_OPT, "vector",
          "LSTM forward pass (textbook)"),
    Entry("gru_forward", "solvers.catalog:gru_forward", _GRU_W, _GRU_OPT, "vector",
          "GRU forward pass (textbook form)"),
    Entry("gru_forward_pytorch", "solvers.catalog:gru_forward_pytorch", _PT, _PT_OPT, "vector",
          "GRU forward pass (PyTorch form)"),
    Entry("birnn_output", "solvers.catalog:birnn_output",
          ("x", "W_xh", "W_hh", "W_xh_back", "W_hh_back", "t"), ("nonlinearity",), "vector",
          "output of a bidirectional RNN at step t"),
    Entry("rnn_mistake", "solvers.variants:rnn", _RNN_W + ("mistake",), _RNN_OPT, "vector",
          "an RNN pass with a named slip"),
    Entry("lstm_mistake", "solvers.variants:lstm", _LSTM_W + ("mistake",), _LSTM_OPT, "vector",
          "an LSTM pass with a named slip"),
    Entry("gru_mistake", "solvers.variants:gru", _GRU_W + ("mistake",), _GRU_OPT, "vector",
          "a textbook GRU pass with a named slip"),
    Entry("gru_pytorch_mistake", "solvers.variants:gru_pytorch", _PT + ("mistake",), _PT_OPT, "vector",
          "a PyTorch GRU pass with a named slip"),
    Entry("gate_value", "solvers.gates:gate_value", ("weights", "h", "x"),
          ("bias", "activation", "gate", "concat"), "real", "one gate: act(W·[h, x] + b)"),
    Entry("lstm_update", "solvers.gates:lstm_update", ("f", "i", "g", "o", "c_prev"), (), "vector",
          "LSTM c_t and h_t from given gates"),
    Entry("vanishing_steps", "solvers.gradients:vanishing_steps", ("gamma", "epsilon"), (), "integer",
          "steps until γ^k falls below ε"),
    Entry("exploding_steps", "solvers.gradients:exploding_steps", ("gamma", "bound"), (), "integer",
          "steps until γ^k exceeds a bound"),
    Entry("norm_bound", "solvers.gradients:norm_bound", ("w_norm", "t", "k"), (), "real",
          "the bound ‖W_hh‖^(t−k)"),
    Entry("scalar_bptt", "solvers.gradients:scalar_bptt", ("w", "h"), (), "real",
          "∏ w(1 − h_i²) for a scalar RNN"),
    Entry("forget_product", "solvers.gradients:forget_product", ("f",), (), "real",
          "∂C_t/∂C_k as a product of forget gates"),
    Entry("clip_by_norm", "solvers.gradients:clip_by_norm", ("g", "threshold"), (), "vector",
          "gradient clipping by norm"),
    Entry("clip_by_value", "solvers.gradients:clip_by_value", ("g", "limit"), (), "vector",
          "gradient clipping by value"),
    Entry("tbptt_segments", "solvers.gradients:tbptt_segments", ("T", "k"), (), "integer",
          "segments of truncated BPTT"),
    Entry("keras_output_shape", "solvers.shapes:keras_output_shape", ("cell", "units"),
          ("batch", "timesteps", "return_sequences", "return_state", "bidirectional", "merge_mode"),
          "shape", "output shape of a Keras recurrent layer"),
    Entry("pytorch_output_shapes", "solvers.shapes:pytorch_output_shapes", ("cell", "hidden"),
          ("batch", "seq_len", "num_layers", "bidirectional", "batch_first", "proj_size"), "shape",
          "shapes of output, h_n and c_n of a PyTorch RNN"),
    Entry("windows", "solvers.sequences:windows", ("length", "lookback"), ("train_fraction",), "integer",
          "samples and split sizes of a windowed series"),
    Entry("softmax", "solvers.sequences:softmax", ("logits",), ("temperature",), "vector",
          "softmax with temperature"),
    Entry("cross_entropy", "solvers.sequences:cross_entropy", ("probs", "target"), (), "real",
          "cross-entropy of one prediction"),
    Entry("attention", "solvers.sequences:attention", ("scores", "values"), (), "vector",
          "attention weights and context vector"),
    Entry("rnn_with_output", "solvers.counting:rnn_with_output", ("hidden", "input_size", "outputs"), ("steps",),
          "integer", "parameters of a vanilla RNN with a dense output layer"),
    Entry("gru_update", "solvers.gates:gru_update", ("z", "h_prev", "h_cand"), ("r",), "vector",
          "textbook GRU state update from given gates"),
    Entry("scalar_bptt_weight_grad", "solvers.gradients:scalar_bptt_weight_grad", ("w", "u", "x", "y"), (),
          "real", "∂L/∂w of a scalar tanh RNN by BPTT"),
    Entry("clip_global_norm", "solvers.gradients:clip_global_norm", ("tensors", "threshold"), (), "vector",
          "clipping several tensors by their global norm"),
    Entry("inverted_dropout", "solvers.training:inverted_dropout", ("a", "mask", "rate"), (), "vector",
          "inverted dropout at training time"),
    Entry("exponential_decay", "solvers.training:exponential_decay",
          ("initial", "rate", "decay_steps", "epoch", "steps_per_epoch"), ("staircase",), "real",
          "Keras ExponentialDecay learning rate"),
    Entry("scaled_dot_attention", "solvers.attention:scaled_dot", ("query", "keys", "values"), ("scale",),
          "vector", "scaled dot-product attention weights and context"),
    Entry("additive_attention", "solvers.attention:additive", ("s", "H", "W_s", "W_h", "v"), (), "vector",
          "additive (Bahdanau) scores and attention weights"),
    Entry("esn_leaky_step", "solvers.esn:leaky_step", ("x", "h0", "W_x", "W_h", "leak"), (), "vector",
          "leaky-integrator reservoir update"),
    Entry("spectral_rescale", "solvers.esn:spectral_rescale", ("W", "radius"), (), "matrix",
          "W_h rescaled to a spectral radius"),
    Entry("perplexity", "solvers.sequences:perplexity", ("probs",), (), "real",
          "perplexity from the probabilities of the true tokens"),
    Entry("top_k", "solvers.sequences:top_k", ("probs", "k"), (), "vector", "top-k sampling distribution"),
    Entry("minmax_inverse", "solvers.sequences:minmax_inverse", ("scaled", "data_min", "data_max"), (), "real",
          "inverse MinMax scaling"),
    Entry("forecast_windows", "solvers.sequences:forecast_windows", ("length", "lookback", "horizon"),
          ("stride",), "integer", "samples of a multi-step forecasting window"),
    Entry("teacher_forcing_tokens", "solvers.sequences:teacher_forcing_tokens", ("lengths",), (), "integer",
          "predicted tokens of a teacher-forced decoder batch"),
    Entry("keras_model", "solvers.models:keras_model", ("layers",), ("ask",), "integer",
          "parameters, output shape or output size of a Keras model given as a list of layers"),
    Entry("model_params", "solvers.summary:summarize_layers", ("layers",), (), "integer",
          "total parameters of a Keras or PyTorch Sequential model"),
    # Known slips, for naming a student's mistake.
    Entry("vanishing_steps_mistake", "solvers.variants:vanishing_steps", ("gamma", "epsilon", "mistake"),
          (), "integer", "vanishing steps with a slip"),
    Entry("exploding_steps_mistake", "solvers.variants:exploding_steps", ("gamma", "bound", "mistake"),
          (), "integer", "exploding steps with a slip"),
    Entry("scalar_bptt_mistake", "solvers.variants:scalar_bptt", ("w", "h", "mistake"), (), "real",
          "scalar BPTT product with a slip"),
    Entry("tbptt_segments_mistake", "solvers.variants:tbptt_segments", ("T", "k", "mistake"), (), "integer",
          "truncated BPTT segments with a slip"),
    Entry("windows_mistake", "solvers.variants:windows", ("length", "lookback", "mistake"),
          ("train_fraction",), "integer", "windowed samples with a slip"),
    Entry("softmax_mistake", "solvers.variants:softmax", ("logits", "mistake"), ("temperature",), "vector",
          "softmax with a slip"),
    Entry("cross_entropy_mistake", "solvers.variants:cross_entropy", ("probs", "target", "mistake"), (),
          "real", "cross-entropy with a slip"),
    Entry("attention_mistake", "solvers.variants:attention", ("scores", "values", "mistake"), (), "vector",
          "attention with a slip"),
    Entry("lstm_update_mistake", "solvers.variants:lstm_update", ("f", "i", "g", "o", "c_prev", "mistake"),
          (), "vector", "LSTM update with a slip"),
    Entry("birnn_mistake", "solvers.variants:birnn",
          ("x", "W_xh", "W_hh", "W_xh_back", "W_hh_back", "t", "mistake"), ("nonlinearity",), "vector",
          "bidirectional RNN output with a slip"),
    Entry("norm_bound_mistake", "solvers.variants:norm_bound", ("w_norm", "t", "k", "mistake"), (), "real",
          "norm bound with a slip"),
    Entry("forget_product_mistake", "solvers.variants:forget_product", ("f", "mistake"), (), "real",
          "forget-gate product with a slip"),
    Entry("clip_by_norm_mistake", "solvers.variants:clip_by_norm", ("g", "threshold", "mistake"), (), "vector",
          "clipping by norm with a slip"),
    Entry("clip_by_value_mistake", "solvers.variants:clip_by_value", ("g", "limit", "mistake"), (), "vector",
          "clipping by value with a slip"),
    Entry("embedding_params_mistake", "solvers.variants:embedding_params", ("vocab", "dim", "mistake"), (),
          "integer", "embedding parameters with a slip"),
    Entry("gru_savings_mistake", "solvers.variants:gru_savings", ("hidden", "input_size", "mistake"),
          ("convention",), "real", "GRU savings with a slip"),
    Entry("lstm_macs_mistake", "solvers.variants:lstm_macs", ("hidden", "input_size", "mistake"), (), "integer",
          "LSTM multiply-adds with a slip"),
    Entry("esn_trainable_mistake", "solvers.variants:esn_trainable", ("reservoir", "outputs", "mistake"),
          ("input_size", "bias"), "integer", "ESN trainable parameters with a slip"),
    Entry("keras_output_shape_mistake", "solvers.variants:keras_output_shape", ("cell", "units", "mistake"),
          ("batch", "timesteps", "return_sequences", "return_state", "bidirectional", "merge_mode"), "shape",
          "Keras output shape with a slip"),
    Entry("rnn_with_output_mistake", "solvers.variants:rnn_with_output", ("hidden", "input_size", "outputs", "mistake"),
          ("steps",), "integer", "RNN parameters with a slip"),
    Entry("gru_update_mistake", "solvers.variants:gru_update", ("z", "h_prev", "h_cand", "mistake"), ("r",),
          "vector", "GRU update with a slip"),
    Entry("scalar_bptt_weight_grad_mistake", "solvers.variants:scalar_bptt_weight_grad",
          ("w", "u", "x", "y", "mistake"), (), "real", "BPTT weight gradient with a slip"),
    Entry("clip_global_norm_mistake", "solvers.variants:clip_global_norm", ("tensors", "threshold", "mistake"), (),
          "vector", "global-norm clipping with a slip"),
    Entry("inverted_dropout_mistake", "solvers.variants:inverted_dropout", ("a", "mask", "rate", "mistake"), (),
          "vector", "dropout with a slip"),
    Entry("exponential_decay_mistake", "solvers.variants:exponential_decay",
          ("initial", "rate", "decay_steps", "epoch", "steps_per_epoch", "mistake"), ("staircase",), "real",
          "learning-rate decay with a slip"),
    Entry("scaled_dot_attention_mistake", "solvers.variants:scaled_dot", ("query", "keys", "values", "mistake"),
          ("scale",), "vector", "dot-product attention with a slip"),
    Entry("additive_attention_mistake", "solvers.variants:additive_attention",
          ("s", "H", "W_s", "W_h", "v", "mistake"), (), "vector", "additive attention with a slip"),
    Entry("esn_leaky_step_mistake", "solvers.variants:leaky_step", ("x", "h0", "W_x", "W_h", "leak", "mistake"),
          (), "vector", "reservoir update with a slip"),
    Entry("spectral_rescale_mistake", "solvers.variants:spectral_rescale", ("W", "radius", "mistake"), (),
          "matrix", "rescaling by another size of W_h"),
    Entry("perplexity_mistake", "solvers.variants:perplexity", ("probs", "mistake"), (), "real",
          "perplexity with a slip"),
    Entry("top_k_mistake", "solvers.variants:top_k", ("probs", "k", "mistake"), (), "vector", "top-k with a slip"),
    Entry("minmax_inverse_mistake", "solvers.variants:minmax_inverse", ("scaled", "data_min", "data_max", "mistake"),
          (), "real", "inverse scaling with a slip"),
    Entry("forecast_windows_mistake", "solvers.variants:forecast_windows",
          ("length", "lookback", "horizon", "mistake"), ("stride",), "integer", "forecast windows with a slip"),
    Entry("teacher_forcing_tokens_mistake", "solvers.variants:teacher_forcing_tokens", ("lengths", "mistake"),
          ("padded_to",), "integer", "teacher-forced tokens with a slip"),
    Entry("keras_model_mistake", "solvers.variants:keras_model", ("layers", "mistake"), ("ask",), "integer",
          "a Keras model counted with a slip"),
    Entry("pytorch_output_shapes_mistake", "solvers.variants:pytorch_output_shapes",
          ("cell", "hidden", "mistake"),
          ("batch", "seq_len", "num_layers", "bidirectional", "batch_first", "proj_size"), "shape",
          "PyTorch shapes with a slip"),
)

REGISTRY: dict[str, Entry] = {e.name: e for e in ENTRIES}


# ----------------------------------------------------------------------------- adapters


def _weights(**named) -> dict:
    return {k: v for k, v in named.items() if v is not None}


def rnn_forward(x, W_xh, W_hh, b_h=None, h0=None, nonlinearity="tanh") -> Solution:
    """The answer holds ``h`` (the last state) and ``states`` (h_1 … h_T one after another)."""
    import numpy as np

    from solvers.forward import forward

    solution = forward("rnn", x, [{"forward": _weights(W_xh=W_xh, W_hh=W_hh, b_h=b_h)}],
                       nonlinearity=nonlinearity, h0=h0)
    solution.answer["states"] = np.concatenate(list(solution.details["outputs"]))
    return solution


def lstm_forward(x, W_f, W_i, W_c, W_o, b_f=None, b_i=None, b_c=None, b_o=None, h0=None, c0=None):
    from solvers.forward import forward

    weights = _weights(W_f=W_f, W_i=W_i, W_c=W_c, W_o=W_o, b_f=b_f, b_i=b_i, b_c=b_c, b_o=b_o)
    return forward("lstm", x, [{"forward": weights}], h0=h0, c0=c0)


def gru_forward(x, W_z, W_r, W_h, b_z=None, b_r=None, b_h=None, h0=None) -> Solution:
    from solvers.forward import forward

    weights = _weights(W_z=W_z, W_r=W_r, W_h=W_h, b_z=b_z, b_r=b_r, b_h=b_h)
    return forward("gru", x, [{"forward": weights}], h0=h0)


def gru_forward_pytorch(x, weight_ih, weight_hh, bias_ih=None, bias_hh=None, h0=None) -> Solution:
    from solvers.forward import forward

    weights = _weights(weight_ih=weight_ih, weight_hh=weight_hh, bias_ih=bias_ih, bias_hh=bias_hh)
    return forward("gru", x, [{"forward": weights}], convention="pytorch", h0=h0)


def birnn_output(x, W_xh, W_hh, W_xh_back, W_hh_back, t, nonlinearity="tanh") -> Solution:
    """The bidirectional output y_t = [h→_t ; h←_t] at one step t (1-based)."""
    from solvers.errors import SolverError
    from solvers.forward import forward

    solution = forward("rnn", x, [{"forward": {"W_xh": W_xh, "W_hh": W_hh},
                                   "backward": {"W_xh": W_xh_back, "W_hh": W_hh_back}}],
                       nonlinearity=nonlinearity)
    outputs = solution.details["outputs"]
    if isinstance(t, bool) or not isinstance(t, int) or not 1 <= t <= len(outputs):
        raise SolverError(f"t must be a step from 1 to {len(outputs)}", ("t",))
    solution.answer = outputs[t - 1]
    solution.title = f"Bidirectional RNN output at t = {t}"
    return solution
