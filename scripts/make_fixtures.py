"""Generate the reference fixtures in tests/fixtures/ from real PyTorch and Keras.

Run by hand, never by the test suite:

    pip install torch==2.13.0 keras
    KERAS_BACKEND=torch python scripts/make_fixtures.py

It writes params.json (parameter counts), summaries.json (model summaries) and
forward.json (forward passes with random weights), each stamped with the framework
versions. Weights are rounded to two decimals so that the specs read like exam data.
The model texts below are our own; they are evaluated here, in this script only, to
build the real Keras and PyTorch models they describe.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from keras import layers as K  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
RNG = np.random.default_rng(20261122)

keras.config.set_floatx("float64")
torch.set_default_dtype(torch.float64)


def stamp() -> dict:
    return {"torch": torch.__version__, "keras": keras.__version__,
            "keras_backend": keras.backend.backend(), "numpy": np.__version__}


def write(name: str, data: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps({"generated_with": stamp(), **data}, indent=1) + "\n")
    print(f"wrote {path} ({len(data.get('cases', []))} cases)")


# ----------------------------------------------------------------------------- parameter counts

SIZES = [(128, 64), (3, 5), (20, 7), (64, 1), (256, 300)]
TORCH_CLASSES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
KERAS_CLASSES = {"rnn": K.SimpleRNN, "lstm": K.LSTM, "gru": K.GRU}


def torch_count(cell, n, d, layers, bidirectional, bias, proj=0) -> int:
    kwargs = {"num_layers": layers, "bidirectional": bidirectional, "bias": bias}
    if proj:
        kwargs["proj_size"] = proj
    module = TORCH_CLASSES[cell](d, n, **kwargs)
    return sum(p.numel() for p in module.parameters())


def keras_count(cell, n, d, layers, bidirectional, bias, reset_after=None) -> int:
    stack = [keras.Input((None, d))]
    for k in range(layers):
        kwargs = {"use_bias": bias, "return_sequences": k < layers - 1}
        if cell == "gru":
            kwargs["reset_after"] = reset_after
        layer = KERAS_CLASSES[cell](n, **kwargs)
        stack.append(K.Bidirectional(layer) if bidirectional else layer)
    return keras.Sequential(stack).count_params()


def params_cases() -> list[dict]:
    cases = []
    for cell, (n, d), layers, bidir, bias in itertools.product(
            ("rnn", "lstm", "gru"), SIZES, (1, 2, 3), (False, True), (True, False)):
        cases.append({"cell": cell, "hidden": n, "input": d, "layers": layers, "bidirectional": bidir,
                      "bias": bias, "convention": "pytorch", "source": "torch",
                      "expected": torch_count(cell, n, d, layers, bidir, bias)})
        if cell == "lstm" and n > 3:
            proj = n // 4
            cases.append({"cell": cell, "hidden": n, "input": d, "layers": layers,
                          "bidirectional": bidir, "bias": bias, "convention": "pytorch",
                          "proj_size": proj, "source": "torch",
                          "expected": torch_count(cell, n, d, layers, bidir, bias, proj)})
    for cell, (n, d), layers, bidir, bias in itertools.product(
            ("rnn", "lstm", "gru"), SIZES[:4], (1, 2), (False, True), (True, False)):
        for reset_after in ((True, False) if cell == "gru" else (None,)):
            count = keras_count(cell, n, d, layers, bidir, bias, reset_after)
            case = {"cell": cell, "hidden": n, "input": d, "layers": layers, "bidirectional": bidir,
                    "bias": bias, "convention": "keras", "source": "keras", "expected": count}
            if reset_after is not None:
                case["reset_after"] = reset_after
            cases.append(case)
            if cell != "gru" or reset_after is False:
                # The textbook form is Keras's SimpleRNN, LSTM and GRU(reset_after=False).
                textbook = {k: v for k, v in case.items() if k != "reset_after"}
                textbook.update(convention="textbook", source="keras (textbook form)")
                cases.append(textbook)
    return cases


# ----------------------------------------------------------------------------- model summaries

KERAS_TEXTS = [
    "Embedding(1000, 64), GRU(256, return_sequences=True), SimpleRNN(128), Dense(10)",
    "Embedding(66, 256), GRU(1024, return_sequences=True), Dense(66)",
    "LSTM(50, return_sequences=True, input_shape=(60, 1)), LSTM(50), Dense(1)",
    "LSTM(64, return_sequences=True, input_shape=(60, 1)), Dropout(0.2), LSTM(64, return_sequences=True), "
    "Dropout(0.2), LSTM(32), Dropout(0.2), Dense(16, activation='relu'), Dense(1)",
    "Embedding(10000, 128), Bidirectional(LSTM(64, return_sequences=True)), Bidirectional(LSTM(32)), "
    "Dense(64, activation='relu'), Dropout(0.5), Dense(1, activation='sigmoid')",
    "GRU(64, return_sequences=True, input_shape=(60, 1)), Dropout(0.2), GRU(32), Dropout(0.2), Dense(1)",
    "Input(shape=(None, 13)), Bidirectional(LSTM(128, return_sequences=True)), "
    "Bidirectional(LSTM(128, return_sequences=True)), Dense(29, activation='softmax')",
    "Embedding(5000, 128), Bidirectional(LSTM(64, return_sequences=True)), "
    "TimeDistributed(Dense(9, activation='softmax'))",
    "Input((20, 8)), Bidirectional(GRU(16), merge_mode='sum'), Dense(4)",
    "Input((20, 8)), Bidirectional(SimpleRNN(12, return_sequences=True), merge_mode='ave'), "
    "Bidirectional(LSTM(5), merge_mode='mul'), Dense(3)",
    "Input((30, 4)), SimpleRNN(8, use_bias=False, return_sequences=True), GRU(6, reset_after=False), "
    "Dense(2, use_bias=False)",
    "LSTM(256, input_shape=(40, 1), return_sequences=True), Dropout(0.3), LSTM(256), Dropout(0.3), "
    "Dense(128, activation='relu'), Dense(66, activation='softmax')",
    "Embedding(10000, 128), LSTM(128, return_sequences=True, dropout=0.2), "
    "LSTM(64, return_sequences=True, dropout=0.2), LSTM(32, dropout=0.2), Dense(1, activation='sigmoid')",
    "Input((None, 10)), LSTM(16, return_state=True)",
    "Input((12, 3)), GRU(7, return_sequences=True, return_state=True)",
    "Input((12, 3)), Bidirectional(LSTM(4, return_state=True))",
    "Input((7,)), Dense(5), Dropout(0.1), Dense(2)",
]

TORCH_TEXTS_NEW = [
    "nn.Conv1d(13, 32, 5), nn.BatchNorm1d(32), nn.ReLU(), nn.Conv1d(32, 16, 3, stride=2, padding=1, bias=False), "
    "nn.Conv1d(16, 16, 3, groups=4, dilation=2), nn.BatchNorm1d(16, affine=False), nn.Tanh()",
    "nn.Embedding(100, 24), nn.LayerNorm(24), nn.LSTM(24, 10, batch_first=True)",
    "nn.Linear(20, 30), nn.LayerNorm(30, elementwise_affine=False), nn.LayerNorm((30,), bias=False), nn.Dropout(0.2), "
    "nn.Identity(), nn.Linear(30, 5), nn.LogSoftmax(dim=-1), nn.Softmax(dim=1), nn.BatchNorm1d(5, bias=False)",
]

TORCH_TEXTS = [
    "nn.Embedding(5000, 100), nn.LSTM(100, 128, batch_first=True), nn.Linear(128, 2)",
    "nn.LSTM(1, 100), nn.Linear(100, 1)",
    "nn.GRU(32, 64, num_layers=2, bidirectional=True), nn.Linear(128, 10)",
    "nn.RNN(10, 20, 2, 'relu', False), nn.Dropout(0.1), nn.Linear(20, 5, bias=False)",
    "nn.LSTM(40, 64, num_layers=2, proj_size=16, bidirectional=True), nn.Linear(32, 3)",
]

# Every layer added with the model-file reader, in chains that exercise its options.
KERAS_TEXTS += [
    "Input((7, 5)), LSTM(16), RepeatVector(3), LSTM(8, return_sequences=True), "
    "TimeDistributed(Dense(5, activation='softmax'))",
    "Input((50, 8)), Conv1D(32, 5), Conv1D(16, 3, padding='same', strides=2), "
    "Conv1D(8, 3, padding='causal', dilation_rate=2, use_bias=False), Conv1D(8, 2, groups=4)",
    "Input((40, 6)), MaxPooling1D(), MaxPooling1D(3, strides=2, padding='same'), AveragePooling1D(2), "
    "GlobalMaxPooling1D()",
    "Input((30, 6)), GlobalAveragePooling1D(keepdims=True), Flatten(), Dense(3)",
    "Input((12, 10)), LayerNormalization(), LayerNormalization(center=False), "
    "LayerNormalization(scale=False, center=False), Flatten()",
    "Input((12, 10)), BatchNormalization(), BatchNormalization(center=False, scale=False), GRU(4)",
    "Input((None, 9)), Masking(mask_value=0.0), LSTM(6, return_sequences=True), Activation('relu'), "
    "TimeDistributed(Dropout(0.5)), TimeDistributed(Dense(4)), GlobalMaxPooling1D()",
    "Input((20, 4)), TimeDistributed(BatchNormalization()), TimeDistributed(LayerNormalization()), "
    "TimeDistributed(Flatten()), TimeDistributed(RepeatVector(2)), TimeDistributed(Activation('tanh'))",
]

# Functional graphs: each is the Python a model file holds (ours), run here with real Keras.
KERAS_GRAPHS = {
    "merge_layers": """
import keras
from keras import layers
a = keras.Input((10, 8))
b = keras.Input((10, 8))
c = keras.Input((10, 4))
added = layers.Add()([a, b])
sub = layers.Subtract()([a, b])
mul = layers.Multiply()([added, sub])
avg = layers.Average()([a, b, mul])
cat = layers.Concatenate()([avg, c])
cat_time = layers.Concatenate(axis=1)([a, b])
out = layers.Dense(3)(cat)
model = keras.Model([a, b, c], [out, cat_time])
""",
    "attention": """
import keras
from keras import layers
query = keras.Input((5, 16))
value = keras.Input((9, 16))
key = keras.Input((9, 16))
dot = layers.Attention()([query, value])
scaled, scores = layers.Attention(use_scale=True, score_mode="concat")([query, value, key],
                                                                      return_attention_scores=True)
additive = layers.AdditiveAttention()([query, value])
plain = layers.AdditiveAttention(use_scale=False)([query, value, key])
both = layers.concatenate([dot, scaled, additive, plain])
pooled = layers.GlobalAveragePooling1D()(both)
model = keras.Model(inputs=[query, value, key], outputs=[pooled, scores])
""",
    "shared_and_states": """
import keras
from keras import layers
left = keras.Input(shape=(None,), name="left")
right = keras.Input(shape=(None,), name="right")
embed = layers.Embedding(500, 16)
encoder = layers.LSTM(12, return_state=True)
out_l, h_l, c_l = encoder(embed(left))
out_r, h_r, c_r = encoder(embed(right))
merged = layers.add([h_l, h_r])
decoder = layers.GRU(12, return_sequences=True)
seq = decoder(embed(right), initial_state=merged)
score = layers.Dense(1)(layers.Flatten()(layers.RepeatVector(3)(out_l)))
model = keras.Model([left, right], [seq, score, c_r])
""",
}

KERAS_NAMESPACE = {name: getattr(K, name) for name in (
    "Embedding", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "Dense", "Dropout", "TimeDistributed",
    "RepeatVector", "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling1D",
    "GlobalMaxPooling1D", "Flatten", "LayerNormalization", "BatchNormalization", "Masking", "Activation")}
KERAS_NAMESPACE["Input"] = keras.Input


def _keras_output(layer, relevant=None):
    nodes = [n for n in layer._inbound_nodes if relevant is None or n in relevant]
    outputs = nodes[-1].output_tensors
    if len(outputs) == 1:
        return list(outputs[0].shape)
    return [list(t.shape) for t in outputs]


def keras_rows(model) -> list[dict]:
    """The rows Keras 3's model.summary() prints: name, class, output shape, params (and the
    'Connected to' column of a functional model)."""
    functional = not isinstance(model, keras.Sequential)
    relevant = [n for nodes in model._nodes_by_depth.values() for n in nodes] if functional else None
    layers = model._operations if functional else model.layers
    rows = []
    for layer in layers:
        row = {"name": layer.name, "class": type(layer).__name__,
               "output_shape": _keras_output(layer, relevant), "params": layer.count_params()}
        if functional:
            row["connected_to"] = [f"{kt._keras_history.operation.name}[{kt._keras_history.node_index}]"
                                   f"[{kt._keras_history.tensor_index}]"
                                   for node in layer._inbound_nodes if node in relevant
                                   for kt in node.input_tensors]
        rows.append(row)
    return rows


def keras_graph_summary(key: str, code: str) -> dict:
    keras.backend.clear_session()
    scope: dict = {}
    exec(code, scope)  # noqa: S102 - our own model code, run here only
    model = scope["model"]
    return {"file": f"{key}.py", "code": code, "framework": "keras", "rows": keras_rows(model),
            "total": model.count_params()}


def _shape(value):
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], keras.KerasTensor):
        return [list(v.shape) for v in value]
    return list(value.shape)


def keras_summary(text: str) -> dict:
    keras.backend.clear_session()
    items = list(eval(f"[{text}]", {"__builtins__": {}}, KERAS_NAMESPACE))  # noqa: S307 - our own text
    if not isinstance(items[0], keras.KerasTensor) and isinstance(items[0], K.Embedding):
        items.insert(0, keras.Input((None,)))
    model = keras.Sequential(items)
    rows = [{"name": layer.name, "class": type(layer).__name__, "output_shape": _shape(layer.output),
             "params": layer.count_params()} for layer in model.layers]
    return {"text": text, "framework": "keras", "rows": rows, "total": model.count_params()}


def seq2seq_summary() -> dict:
    """The encoder-decoder of the course material, built with the functional API."""
    keras.backend.clear_session()
    enc_in = keras.Input(shape=(None,))
    enc = K.Embedding(input_dim=1000, output_dim=64)(enc_in)
    _, h, c = K.LSTM(64, return_state=True, name="encoder")(enc)
    dec_in = keras.Input(shape=(None,))
    dec = K.Embedding(input_dim=2000, output_dim=64)(dec_in)
    out = K.LSTM(64, name="decoder")(dec, initial_state=[h, c])
    out = K.Dense(10)(out)
    model = keras.Model([enc_in, dec_in], out)
    rows = [{"name": layer.name, "class": type(layer).__name__, "output_shape": _shape(layer.output),
             "params": layer.count_params()}
            for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    text = ("Embedding(1000, 64), LSTM(64, return_state=True, name='encoder'); "
            "Embedding(2000, 64), LSTM(64, name='decoder'), Dense(10)")
    return {"text": text, "framework": "keras", "rows": rows, "total": model.count_params(),
            "compare_by_name": True}


def torch_summary(text: str) -> dict:
    modules = eval(f"[{text}]", {"__builtins__": {}}, {"nn": torch.nn})  # noqa: S307 - our own text
    rows = []
    features = None
    for i, module in enumerate(modules):
        count = sum(p.numel() for p in module.parameters())
        if not isinstance(module, (torch.nn.Embedding, torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU,
                                   torch.nn.Linear, torch.nn.Dropout)):
            features = None  # not compared: these act on (N, C, L) or keep their input's shape
        elif isinstance(module, torch.nn.Embedding):
            features = module(torch.zeros(2, 3, dtype=torch.long)).shape[-1]
        elif isinstance(module, (torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU)):
            features = module(torch.zeros(3, 2, module.input_size))[0].shape[-1]
        elif isinstance(module, torch.nn.Linear):
            features = module(torch.zeros(2, module.in_features)).shape[-1]
        rows.append({"name": str(i), "class": type(module).__name__,
                     "features": None if features is None else int(features), "params": count})
    return {"text": text, "framework": "pytorch", "rows": rows, "total": sum(r["params"] for r in rows)}


# ----------------------------------------------------------------------------- forward passes


def rnd(*shape, scale=1.0):
    return np.round(RNG.uniform(-scale, scale, size=shape), 2)


def lists(a: np.ndarray):
    return a.tolist()


def torch_forward_cases() -> list[dict]:
    configs = [
        # cell, nonlinearity, n, d, T, layers, bidirectional, bias, proj, initial state
        ("rnn", "tanh", 3, 2, 4, 1, False, True, 0, False),
        ("rnn", "relu", 3, 2, 3, 1, False, True, 0, True),
        ("rnn", "tanh", 2, 3, 3, 2, True, True, 0, True),
        ("lstm", None, 3, 2, 4, 1, False, True, 0, False),
        ("lstm", None, 2, 2, 3, 1, False, True, 0, True),
        ("lstm", None, 2, 3, 3, 2, True, True, 0, True),
        ("lstm", None, 4, 2, 2, 1, False, False, 0, False),
        ("lstm", None, 4, 3, 3, 2, True, True, 2, True),
        ("gru", None, 3, 2, 4, 1, False, True, 0, False),
        ("gru", None, 2, 2, 3, 1, False, True, 0, True),
        ("gru", None, 2, 3, 3, 2, True, True, 0, True),
        ("gru", None, 3, 1, 5, 1, False, False, 0, False),
    ]
    cases = []
    for cell, nonlin, n, d, T, L, bidir, bias, proj, init in configs:
        kwargs = {"num_layers": L, "bidirectional": bidir, "bias": bias, "batch_first": True}
        if cell == "rnn":
            kwargs["nonlinearity"] = nonlin
        if proj:
            kwargs["proj_size"] = proj
        module = TORCH_CLASSES[cell](d, n, **kwargs)
        state = {}
        with torch.no_grad():
            for key, p in module.state_dict().items():
                value = torch.tensor(rnd(*p.shape, scale=0.8))
                module.state_dict()[key].copy_(value)
                state[key] = value.numpy()
        x = rnd(T, d, scale=1.0)
        D = 2 if bidir else 1
        h_size = proj or n
        h0 = rnd(L * D, h_size, scale=0.5) if init else np.zeros((L * D, h_size))
        c0 = rnd(L * D, n, scale=0.5) if init else np.zeros((L * D, n))
        with torch.no_grad():
            xt = torch.tensor(x)[None]
            if cell == "lstm":
                out, (hn, cn) = module(xt, (torch.tensor(h0)[:, None], torch.tensor(c0)[:, None]))
            else:
                out, hn = module(xt, torch.tensor(h0)[:, None])
                cn = None
        single = L == 1 and not bidir
        spec = {"cell": cell, "convention": "pytorch", "x": lists(x)}
        if cell == "rnn":
            spec["nonlinearity"] = nonlin
        for key, value in state.items():
            name = key.replace("_l0", "") if single else key
            spec[name] = lists(value)
        if init:
            spec["h0"] = lists(h0[0]) if single else lists(h0)
            if cell == "lstm":
                spec["c0"] = lists(c0[0]) if single else lists(c0)
        expected = {"outputs": lists(out[0].numpy())}
        expected["h"] = lists(hn[:, 0].numpy()[0]) if single else lists(hn[:, 0].numpy())
        if cn is not None:
            expected["c"] = lists(cn[:, 0].numpy()[0]) if single else lists(cn[:, 0].numpy())
        name = f"torch {cell}{'-' + nonlin if nonlin else ''} n={n} d={d} T={T} L={L}" \
               f"{' bidirectional' if bidir else ''}{'' if bias else ' no-bias'}" \
               f"{f' proj={proj}' if proj else ''}"
        cases.append({"name": name, "source": "torch", "spec": spec, "expected": expected,
                      "atol": 1e-9})
    return cases


def keras_textbook_weights(cell: str, weights: list[np.ndarray], n: int) -> dict:
    """Keras kernels as textbook matrices acting on [h_{t-1}, x_t]."""
    kernel, recurrent = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else None
    if cell == "rnn":
        out = {"W_xh": lists(kernel.T), "W_hh": lists(recurrent.T)}
        if bias is not None:
            out["b_h"] = lists(bias)
        return out
    blocks = (("i", "f", "c", "o") if cell == "lstm" else ("z", "r", "h"))
    out = {}
    for k, gate in enumerate(blocks):
        cols = slice(k * n, (k + 1) * n)
        W = np.concatenate([recurrent[:, cols].T, kernel[:, cols].T], axis=1)
        b = bias[cols] if bias is not None else np.zeros(n)
        if cell == "gru" and gate == "z":
            # Keras keeps z for the old state (h = z*h + (1-z)*h~); the textbook for the new
            # one. sigma(-a) = 1 - sigma(a), so negating the update gate's weights maps one
            # onto the other.
            W, b = -W, -b
        out[f"W_{gate}"] = lists(W)
        out[f"b_{gate}"] = lists(b)
    return out


def keras_pytorch_gru_weights(weights: list[np.ndarray], n: int) -> dict:
    """Keras GRU(reset_after=True) in PyTorch's state_dict layout (gate order r, z, n)."""
    kernel, recurrent, bias = weights
    order = (1, 0, 2)  # Keras z, r, h  ->  PyTorch r, z, n

    def stack(matrix):
        return np.concatenate([matrix[:, k * n:(k + 1) * n].T for k in order], axis=0)

    def stack_bias(vec):
        return np.concatenate([vec[k * n:(k + 1) * n] for k in order])

    return {"weight_ih": lists(stack(kernel)), "weight_hh": lists(stack(recurrent)),
            "bias_ih": lists(stack_bias(bias[0])), "bias_hh": lists(stack_bias(bias[1]))}


def _set_random(layer) -> list[np.ndarray]:
    values = [rnd(*w.shape, scale=0.8) for w in layer.get_weights()]
    layer.set_weights(values)
    return values


# Keras's torch backend returns float32 from ops.matmul even for float64 tensors, so its
# SimpleRNN and GRU(reset_after=False) loops agree with float64 arithmetic to about 1e-8;
# its LSTM and reset-after GRU run in float64 throughout.
KERAS_ATOL = 1e-6


def keras_forward_cases() -> list[dict]:
    cases = []
    configs = [
        # cell, activation, n, d, T, use_bias, initial state
        ("rnn", "tanh", 3, 2, 4, True, False),
        ("rnn", "relu", 2, 3, 3, True, True),
        ("lstm", "tanh", 3, 2, 3, True, False),
        ("lstm", "tanh", 2, 2, 2, True, True),
        ("gru", "tanh", 3, 2, 4, True, False),
        ("gru", "tanh", 2, 3, 3, True, True),
        ("gru", "tanh", 2, 2, 2, False, False),
    ]
    for cell, act, n, d, T, use_bias, init in configs:
        keras.backend.clear_session()
        kwargs = {"use_bias": use_bias, "return_sequences": True, "return_state": True}
        if cell == "rnn":
            kwargs["activation"] = act
        if cell == "gru":
            kwargs["reset_after"] = False
        layer = KERAS_CLASSES[cell](n, **kwargs)
        x = rnd(T, d)
        states = [rnd(n, scale=0.5) for _ in range(2 if cell == "lstm" else 1)] if init else None
        inputs = keras.Input((T, d))
        layer(inputs)
        weights = _set_random(layer)
        args = {"initial_state": [keras.ops.convert_to_tensor(s[None]) for s in states]} if init else {}
        result = layer(keras.ops.convert_to_tensor(x[None]), **args)
        seq = keras.ops.convert_to_numpy(result[0])[0]
        h = keras.ops.convert_to_numpy(result[1])[0]
        spec = {"cell": cell, "convention": "textbook", "x": lists(x)}
        if cell == "rnn":
            spec["nonlinearity"] = act
        spec.update(keras_textbook_weights(cell, weights, n))
        if init:
            spec["h0"] = lists(states[0])
            if cell == "lstm":
                spec["c0"] = lists(states[1])
        expected = {"outputs": lists(seq), "h": lists(h)}
        if cell == "lstm":
            expected["c"] = lists(keras.ops.convert_to_numpy(result[2])[0])
        name = f"keras {cell}{'-' + act if cell == 'rnn' else ''} n={n} d={d} T={T}" \
               f"{'' if use_bias else ' no-bias'} (textbook form)"
        cases.append({"name": name, "source": "keras", "spec": spec, "expected": expected})

    # A bidirectional LSTM and a stack of two GRUs, in the textbook form.
    keras.backend.clear_session()
    n, d, T = 2, 3, 3
    bi = K.Bidirectional(K.LSTM(n, return_sequences=True, return_state=True))
    bi(keras.Input((T, d)))
    fw = _set_random(bi.forward_layer)
    bw = _set_random(bi.backward_layer)
    x = rnd(T, d)
    out = bi(keras.ops.convert_to_tensor(x[None]))
    seq = keras.ops.convert_to_numpy(out[0])[0]
    hf, cf, hb, cb = (keras.ops.convert_to_numpy(v)[0] for v in out[1:])
    spec = {"cell": "lstm", "convention": "textbook", "x": lists(x),
            "layers": [{"forward": keras_textbook_weights("lstm", fw, n),
                        "backward": keras_textbook_weights("lstm", bw, n)}]}
    cases.append({"name": "keras bidirectional lstm n=2 d=3 T=3 (textbook form)", "source": "keras",
                  "spec": spec, "expected": {"outputs": lists(seq), "h": [lists(hf), lists(hb)],
                                             "c": [lists(cf), lists(cb)]}})

    keras.backend.clear_session()
    n, d, T = 3, 2, 4
    first = K.GRU(n, return_sequences=True, reset_after=False)
    second = K.GRU(n, return_sequences=True, return_state=True, reset_after=False)
    inp = keras.Input((T, d))
    second(first(inp))
    w1, w2 = _set_random(first), _set_random(second)
    x = rnd(T, d)
    h1_seq = first(keras.ops.convert_to_tensor(x[None]))
    seq2, h2 = second(h1_seq)
    h1 = keras.ops.convert_to_numpy(h1_seq)[0][-1]
    spec = {"cell": "gru", "convention": "textbook", "x": lists(x),
            "layers": [keras_textbook_weights("gru", w1, n), keras_textbook_weights("gru", w2, n)]}
    cases.append({"name": "keras stacked gru (2 layers) n=3 d=2 T=4 (textbook form)", "source": "keras",
                  "spec": spec, "expected": {"outputs": lists(keras.ops.convert_to_numpy(seq2)[0]),
                                             "h": [lists(h1), lists(keras.ops.convert_to_numpy(h2)[0])]}})

    # Keras's default GRU (reset_after=True) is PyTorch's GRU with the gates reordered.
    keras.backend.clear_session()
    n, d, T = 3, 2, 3
    layer = K.GRU(n, return_sequences=True, return_state=True)
    layer(keras.Input((T, d)))
    weights = _set_random(layer)
    x = rnd(T, d)
    seq, h = layer(keras.ops.convert_to_tensor(x[None]))
    spec = {"cell": "gru", "convention": "pytorch", "x": lists(x)}
    spec.update(keras_pytorch_gru_weights(weights, n))
    cases.append({"name": "keras gru reset_after=True n=3 d=2 T=3 (pytorch form)", "source": "keras",
                  "spec": spec, "expected": {"outputs": lists(keras.ops.convert_to_numpy(seq)[0]),
                                             "h": lists(keras.ops.convert_to_numpy(h)[0])}})
    return cases


def main() -> int:
    write("params.json", {"cases": params_cases()})
    summaries = [keras_summary(t) for t in KERAS_TEXTS] + [seq2seq_summary()]
    summaries += [torch_summary(t) for t in TORCH_TEXTS + TORCH_TEXTS_NEW]
    write("summaries.json", {"cases": summaries})
    graphs = [keras_graph_summary(k, code) for k, code in KERAS_GRAPHS.items()]
    write("graphs.json", {"cases": graphs})
    from model_files import model_file_cases

    write("model_files.json", {"cases": model_file_cases(keras, torch, keras_rows)})
    keras_cases = keras_forward_cases()
    for case in keras_cases:
        case["atol"] = KERAS_ATOL
    write("forward.json", {"cases": torch_forward_cases() + keras_cases})
    return 0


if __name__ == "__main__":
    sys.exit(main())
