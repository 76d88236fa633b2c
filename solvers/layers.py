"""The Keras and PyTorch layers quizrnn can summarise: their signatures and defaults.

This is the catalogue a model description is checked against. A parser binds the
positional arguments of a layer call to these names; :mod:`solvers.summary` then
computes shapes and parameter counts from the bound arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KERAS = "keras"
PYTORCH = "pytorch"

# Arguments every Keras layer accepts; only input_shape / input_dim / name matter here.
_KERAS_BASE = ("name", "dtype", "trainable", "input_shape", "input_dim", "batch_size", "autocast")

_RNN_COMMON = (
    "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
    "go_backwards", "stateful", "unroll", "use_cudnn", "time_major",
)


@dataclass(frozen=True)
class LayerClass:
    """What a layer's constructor accepts.

    ``positional`` lists the parameters in signature order (they can be passed by
    position or by keyword), ``defaults`` the values of the optional ones. Keywords in
    ``ignored`` are accepted and have no bearing on shapes or parameter counts.
    """

    name: str
    framework: str
    positional: tuple[str, ...]
    defaults: dict = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    auto_name: str = ""
    wrapper: bool = False
    any_args: bool = False  # nn.Identity, nn.Tanh...: accept and ignore any arguments

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p for p in self.positional if p not in self.defaults)

    @property
    def keywords(self) -> frozenset[str]:
        extra = _KERAS_BASE if self.framework == KERAS else ()
        return frozenset(self.positional) | frozenset(self.defaults) | frozenset(self.ignored) | frozenset(extra)

    @property
    def display(self) -> str:
        return f"nn.{self.name}" if self.framework == PYTORCH else self.name


def _k(name, positional, defaults=None, ignored=(), auto_name="", wrapper=False):
    return LayerClass(name, KERAS, tuple(positional), dict(defaults or {}), tuple(ignored),
                      auto_name, wrapper)


def _t(name, positional, defaults=None, ignored=(), any_args=False):
    return LayerClass(name, PYTORCH, tuple(positional), dict(defaults or {}), tuple(ignored),
                      any_args=any_args)


_INIT = ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
         "activity_regularizer", "kernel_constraint", "bias_constraint")
_NORM = ("beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer",
         "beta_constraint", "gamma_constraint")


KERAS_LAYERS: dict[str, LayerClass] = {
    c.name: c
    for c in (
        _k("Input", ("shape",), {"shape": None, "batch_size": None, "batch_shape": None},
           ("dtype", "sparse", "ragged", "name", "tensor", "optional"), "input_layer"),
        _k("InputLayer", ("shape",), {"shape": None, "batch_size": None, "batch_shape": None},
           ("dtype", "sparse", "ragged", "input_tensor", "optional", "name"), "input_layer"),
        _k("Embedding", ("input_dim", "output_dim"), {"input_length": None},
           ("embeddings_initializer", "embeddings_regularizer", "embeddings_constraint",
            "mask_zero", "weights", "lora_rank", "lora_alpha", "quantization_config"),
           "embedding"),
        _k("SimpleRNN", ("units",),
           {"activation": "tanh", "use_bias": True, "return_sequences": False, "return_state": False},
           _RNN_COMMON, "simple_rnn"),
        _k("LSTM", ("units",),
           {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
            "return_sequences": False, "return_state": False},
           _RNN_COMMON + ("unit_forget_bias",), "lstm"),
        _k("GRU", ("units",),
           {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
            "return_sequences": False, "return_state": False, "reset_after": True},
           _RNN_COMMON, "gru"),
        _k("Bidirectional", ("layer", "merge_mode"), {"merge_mode": "concat"},
           ("weights", "backward_layer"), "bidirectional", wrapper=True),
        _k("Dense", ("units",), {"activation": None, "use_bias": True},
           ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
            "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank",
            "lora_alpha", "quantization_config"), "dense"),
        _k("Dropout", ("rate",), {"noise_shape": None, "seed": None}, (), "dropout"),
        _k("TimeDistributed", ("layer",), {}, (), "time_distributed", wrapper=True),
        _k("RepeatVector", ("n",), {}, (), "repeat_vector"),
        _k("Conv1D", ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                      "groups", "activation", "use_bias"),
           {"strides": 1, "padding": "valid", "data_format": None, "dilation_rate": 1, "groups": 1,
            "activation": None, "use_bias": True}, _INIT + ("lora_rank", "lora_alpha"), "conv1d"),
        _k("MaxPooling1D", ("pool_size", "strides", "padding", "data_format"),
           {"pool_size": 2, "strides": None, "padding": "valid", "data_format": None}, (),
           "max_pooling1d"),
        _k("AveragePooling1D", ("pool_size", "strides", "padding", "data_format"),
           {"strides": None, "padding": "valid", "data_format": None}, (), "average_pooling1d"),
        _k("GlobalAveragePooling1D", ("data_format", "keepdims"), {"data_format": None, "keepdims": False},
           (), "global_average_pooling1d"),
        _k("GlobalMaxPooling1D", ("data_format", "keepdims"), {"data_format": None, "keepdims": False},
           (), "global_max_pooling1d"),
        _k("Flatten", ("data_format",), {"data_format": None}, (), "flatten"),
        _k("LayerNormalization", ("axis", "epsilon", "center", "scale"),
           {"axis": -1, "epsilon": 0.001, "center": True, "scale": True, "rms_scaling": False},
           _NORM, "layer_normalization"),
        _k("BatchNormalization", ("axis", "momentum", "epsilon", "center", "scale"),
           {"axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True},
           _NORM + ("moving_mean_initializer", "moving_variance_initializer", "renorm",
                    "renorm_clipping", "renorm_momentum", "synchronized"), "batch_normalization"),
        _k("Attention", ("use_scale", "score_mode", "dropout", "seed"),
           {"use_scale": False, "score_mode": "dot", "dropout": 0.0, "seed": None}, (), "attention"),
        _k("AdditiveAttention", ("use_scale", "dropout"), {"use_scale": True, "dropout": 0.0}, (),
           "additive_attention"),
        _k("Concatenate", ("axis",), {"axis": -1}, (), "concatenate"),
        _k("Add", (), {}, (), "add"),
        _k("Subtract", (), {}, (), "subtract"),
        _k("Multiply", (), {}, (), "multiply"),
        _k("Average", (), {}, (), "average"),
        _k("Masking", ("mask_value",), {"mask_value": 0.0}, (), "masking"),
        _k("Activation", ("activation",), {}, (), "activation"),
    )
}

PYTORCH_LAYERS: dict[str, LayerClass] = {
    c.name: c
    for c in (
        _t("Embedding", ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type",
                         "scale_grad_by_freq", "sparse"),
           {"padding_idx": None, "max_norm": None, "norm_type": 2.0, "scale_grad_by_freq": False,
            "sparse": False}, ("_weight", "_freeze", "device", "dtype")),
        _t("RNN", ("input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first",
                   "dropout", "bidirectional"),
           {"num_layers": 1, "nonlinearity": "tanh", "bias": True, "batch_first": False,
            "dropout": 0.0, "bidirectional": False}, ("device", "dtype")),
        _t("LSTM", ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
                    "bidirectional", "proj_size"),
           {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0,
            "bidirectional": False, "proj_size": 0}, ("device", "dtype")),
        _t("GRU", ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
                   "bidirectional"),
           {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0,
            "bidirectional": False}, ("device", "dtype")),
        _t("Linear", ("in_features", "out_features", "bias"), {"bias": True}, ("device", "dtype")),
        _t("Dropout", ("p", "inplace"), {"p": 0.5, "inplace": False}),
        _t("Conv1d", ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
                      "groups", "bias", "padding_mode"),
           {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True, "padding_mode": "zeros"},
           ("device", "dtype")),
        _t("LayerNorm", ("normalized_shape", "eps", "elementwise_affine", "bias"),
           {"eps": 1e-5, "elementwise_affine": True, "bias": True}, ("device", "dtype")),
        _t("BatchNorm1d", ("num_features", "eps", "momentum", "affine", "track_running_stats"),
           {"eps": 1e-5, "momentum": 0.1, "affine": True, "track_running_stats": True, "bias": True},
           ("device", "dtype")),
        _t("LogSoftmax", ("dim",), {"dim": None}),
        _t("Softmax", ("dim",), {"dim": None}),
        _t("ReLU", ("inplace",), {"inplace": False}),
        _t("Tanh", (), any_args=True),
        _t("Sigmoid", (), any_args=True),
        _t("Identity", (), any_args=True),
    )
}

#: Module paths under which each framework's layers are written in code.
KERAS_PREFIXES = ("", "layers", "keras.layers", "tf.keras.layers", "tensorflow.keras.layers", "keras",
                  "tf.keras")
PYTORCH_PREFIXES = ("nn", "torch.nn")


def lookup(dotted: str) -> LayerClass | None:
    """The layer class written as ``dotted`` (``LSTM``, ``layers.GRU``, ``nn.Linear``...)."""
    prefix, _, name = dotted.rpartition(".")
    if prefix in PYTORCH_PREFIXES:
        return PYTORCH_LAYERS.get(name)
    if prefix in KERAS_PREFIXES:
        if prefix in ("keras", "tf.keras") and name not in ("Input",):
            return None
        return KERAS_LAYERS.get(name)
    return None


#: Keras's functional helpers: ``layers.concatenate([a, b])`` makes and calls the layer.
KERAS_HELPERS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract",
                 "multiply": "Multiply", "average": "Average"}


def close_name(name: str) -> str | None:
    """The catalogue's spelling of a layer name typed in the wrong case or with a slip."""
    import difflib

    names = list(KERAS_LAYERS) + list(PYTORCH_LAYERS)
    lower = {n.lower(): n for n in names}
    if name.lower() in lower:
        return lower[name.lower()]
    digits = [c for c in name if c.isdigit()]
    options = [n for n in lower if [c for c in n if c.isdigit()] == digits]
    close = difflib.get_close_matches(name.lower(), options, n=1, cutoff=0.75)
    return lower[close[0]] if close else None


def known_names() -> str:
    keras = ", ".join(KERAS_LAYERS)
    torch = ", ".join(f"nn.{n}" for n in PYTORCH_LAYERS)
    return f"Keras: {keras}; PyTorch: {torch}"
