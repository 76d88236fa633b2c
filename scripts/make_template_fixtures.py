"""Generate tests/fixtures/templates.json: numeric template answers computed by real frameworks.

Run by hand, never by the test suite (the frameworks are not quizrnn dependencies):

    pip install torch==2.13.0 keras scikit-learn   # Keras on the torch backend, no TensorFlow
    pip install -e .
    KERAS_BACKEND=torch python scripts/make_template_fixtures.py

For each template listed below and each of the first SEEDS seeds, the script takes the
parameter values quizrnn draws (the numbers a student reads in the prompt) and computes
the answer on its own: Keras builds the model and counts its weights or runs it on a
dummy batch, PyTorch runs the recurrence, differentiates, clips or scales, scikit-learn
undoes a MinMax scaling. The quizrnn solvers are never called here; tests compare them
with what this script wrote. A second part evaluates the parameter-count formulas of
every cell and convention at a few sizes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
from keras import layers as K  # noqa: E402

from quizrnn import bank  # noqa: E402
from quizrnn.templates import instantiate  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "templates.json"
SEEDS = 20

keras.config.set_floatx("float64")
torch.set_default_dtype(torch.float64)


def t(x) -> torch.Tensor:
    return torch.tensor(x, dtype=torch.float64)


def count(*stack) -> int:
    return keras.Sequential(list(stack)).count_params()


def shape_of(model, batch) -> list:
    out = model(batch)
    return [None] + list(out.shape[1:])


# ----------------------------------------------------------------------------- parameter counts (Keras, PyTorch)


def params_model_total_keras(v):
    return count(keras.Input((None,)), K.Embedding(v["vocab"], v["dim"]), K.LSTM(v["units"]), K.Dense(v["classes"]))


def params_embedding_table(v):
    return count(keras.Input((None,)), K.Embedding(v["vocab"], v["dim"], mask_zero=True))


def params_stacked_keras_lstm(v):
    return count(keras.Input((60, v["d"])), K.LSTM(v["n"], return_sequences=True), K.LSTM(v["n"]))


def params_lstm_pytorch_deep_bidirectional(v):
    lstm = torch.nn.LSTM(v["d"], v["n"], num_layers=2, bidirectional=True)
    return sum(p.numel() for p in lstm.parameters())


def stacked_pytorch_gru_params(v):
    return sum(p.numel() for p in torch.nn.GRU(v["d"], v["n"], num_layers=v["L"]).parameters())


def stacked_keras_funnel_params(v):
    return count(keras.Input((v["T"], v["d"])), K.LSTM(v["n1"], return_sequences=True),
                 K.LSTM(v["n2"], return_sequences=True), K.LSTM(v["n3"]), K.Dense(1))


def rnn_params_with_output(v):
    # Keras's SimpleRNN keeps one bias, as the prompt's h_t = tanh(W_hh·h + W_xh·x + b_h).
    return count(keras.Input((v["T"], v["d"])), K.SimpleRNN(v["n"], return_sequences=True), K.Dense(v["k"]))


def seq2seq_keras_encoder_decoder_params(v):
    enc_in = keras.Input((None,))
    _, h, c = K.LSTM(v["u"], return_state=True)(K.Embedding(v["V_in"], v["e"])(enc_in))
    dec_in = keras.Input((None,))
    seq = K.LSTM(v["u"], return_sequences=True)(K.Embedding(v["V_out"], v["e"])(dec_in), initial_state=[h, c])
    out = K.Dense(v["V_out"], activation="softmax")(seq)
    return keras.Model([enc_in, dec_in], out).count_params()


def architectures_per_step_dense_params(v):
    return count(keras.Input((v["T"], v["d"])), K.LSTM(v["u"], return_sequences=True),
                 K.Dense(v["k"], activation="softmax"))


def architectures_one_to_many_params(v):
    return count(keras.Input((v["f"],)), K.Dense(v["u"], activation="relu"), K.RepeatVector(v["T"]),
                 K.LSTM(v["u"], return_sequences=True), K.Dense(v["V"], activation="softmax"))


def applications_sentiment_model_params(v):
    return count(keras.Input((None,)), K.Embedding(v["V"], v["e"], mask_zero=True),
                 K.Bidirectional(K.LSTM(v["u"])), K.Dense(v["h"], activation="relu"), K.Dense(1))


def applications_ctc_output_layer(v):
    model = keras.Sequential([keras.Input((None, 13)),
                              K.Bidirectional(K.LSTM(v["u"], return_sequences=True)),
                              K.Bidirectional(K.LSTM(v["u"], return_sequences=True)),
                              K.Dense(v["letters"] + 3, activation="softmax")])
    return model.layers[-1].count_params()


def applications_ner_bio_tagger_params(v):
    model = keras.Sequential([keras.Input((None, v["e"])),
                              K.Bidirectional(K.LSTM(v["u"], return_sequences=True)),
                              K.Dense(2 * v["E"] + 1, activation="softmax")])
    return model.layers[-1].count_params()


# ----------------------------------------------------------------------------- shapes (Keras, run on a batch)


def keras_lstm_output_shape(v):
    model = keras.Sequential([keras.Input((v["T"],)), K.Embedding(v["V"], v["e"]),
                              K.LSTM(v["units"], return_sequences=v["rs"])])
    return shape_of(model, np.zeros((2, v["T"]), dtype="int32"))


def keras_bidirectional_output_shape(v):
    layer = K.Bidirectional(K.LSTM(v["units"]), merge_mode=v["mode"])
    return shape_of(layer, np.zeros((2, v["T"], v["d"])))


def seq2seq_teacher_forcing_output_shape(v):
    target = np.ones((2, v["L"]), dtype="int32")
    decoder_input = target[:, :-1]
    source_state = [keras.ops.zeros((2, v["u"])), keras.ops.zeros((2, v["u"]))]
    x = K.Embedding(v["V"], v["e"])(decoder_input)
    x = K.LSTM(v["u"], return_sequences=True)(x, initial_state=source_state)
    out = K.Dense(v["V"], activation="softmax")(x)
    return [None] + list(out.shape[1:])


def architectures_output_values_per_batch(v):
    model = keras.Sequential([keras.Input((v["T"], v["d"])),
                              K.GRU(v["u"], return_sequences=v["mode"]["rs"]), K.Dense(v["k"])])
    return int(np.prod(model(np.zeros((v["B"], v["T"], v["d"]))).shape))


# ----------------------------------------------------------------------------- forward values (PyTorch)


def _rnn(weights_ih, weights_hh, nonlinearity="tanh", bias_ih=None, bidirectional=False, back=None):
    rnn = torch.nn.RNN(2, 2, nonlinearity=nonlinearity, bias=bias_ih is not None, batch_first=True,
                       bidirectional=bidirectional)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(t(weights_ih))
        rnn.weight_hh_l0.copy_(t(weights_hh))
        if bias_ih is not None:
            rnn.bias_ih_l0.copy_(t(bias_ih))
            rnn.bias_hh_l0.zero_()
        if back is not None:
            rnn.weight_ih_l0_reverse.copy_(t(back[0]))
            rnn.weight_hh_l0_reverse.copy_(t(back[1]))
    return rnn


def rnn_forward_steps(v):
    out, _ = _rnn(v["W_xh"], v["W_hh"])(t(v["x"])[None])
    return out[0, -1].tolist()


def rnn_forward_relu_steps(v):
    out, _ = _rnn(v["W_xh"], v["W_hh"], "relu", v["b_h"])(t(v["x"])[None])
    return out[0].reshape(-1).tolist()


def birnn_output_at_step(v):
    rnn = _rnn(v["W_xh"], v["W_hh"], bidirectional=True, back=(v["W_xh_back"], v["W_hh_back"]))
    out, _ = rnn(t(v["x"])[None])
    return out[0, v["t"] - 1].tolist()


def bptt_scalar_weight_gradient(v):
    w = t(v["w"]).requires_grad_()
    h = t(0.0)
    for x in v["x"]:
        h = torch.tanh(w * h + v["u"] * x)
    loss = 0.5 * (h - v["y"]) ** 2
    loss.backward()
    return float(w.grad)


def attention_scaled_dot_product(v):
    q, k, val = t(v["q"])[None, None], t(v["K"])[None], t(v["V"])[None]
    return torch.nn.functional.scaled_dot_product_attention(q, k, val)[0, 0].tolist()


def attention_additive_weights(v):
    Ws = torch.nn.Linear(2, 2, bias=False)
    Wh = torch.nn.Linear(2, 2, bias=False)
    vv = torch.nn.Linear(2, 1, bias=False)
    with torch.no_grad():
        Ws.weight.copy_(t(v["W_s"]))
        Wh.weight.copy_(t(v["W_h"]))
        vv.weight.copy_(t([v["v"]]))
        scores = vv(torch.tanh(Ws(t(v["s"]))[None] + Wh(t(v["H"]))))[:, 0]
        return torch.softmax(scores, 0).tolist()


def esn_spectral_radius_rescale(v):
    W = t([[v["a"], v["b"]], [v["b"], v["c"]]])
    rho = torch.linalg.eigvals(W).abs().max().item()
    return (W * v["rho"] / rho).tolist()


def training_global_norm_clipping(v):
    params = [torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))]
    params[0].grad, params[1].grad = t(v["gW"]), t(v["gb"])
    total = torch.nn.utils.clip_grad_norm_(params, max_norm=v["tau"])
    # clip_grad_norm_ divides by (norm + 1e-6); undo that epsilon to get the textbook rule.
    factor = (total.item() + 1e-6) / total.item() if total.item() > v["tau"] else 1.0
    return (torch.cat([p.grad for p in params]) * factor).tolist()


def training_inverted_dropout(v):
    torch.manual_seed(0)
    drop = torch.nn.functional.dropout(torch.ones(10_000), p=v["p"], training=True)
    kept_scale = drop.max().item()  # what PyTorch multiplies a kept unit by
    return (t(v["a"]) * t(v["m"]) * kept_scale).tolist()


def training_lr_exponential_decay(v):
    schedule = keras.optimizers.schedules.ExponentialDecay(v["lr0"], v["D"], v["r"], staircase=True)
    return float(keras.ops.convert_to_numpy(schedule(v["E"] * v["B"])))


def timeseries_minmax_inverse(v):
    from sklearn.preprocessing import MinMaxScaler

    scaler = MinMaxScaler(feature_range=(0, 1)).fit(np.array([[v["mn"]], [v["mx"]]]))
    return float(scaler.inverse_transform([[v["s"]]])[0, 0])


def timeseries_multistep_windows(v):
    # Tensor.unfold cuts every complete window of L inputs + H targets, one every s steps.
    return int(torch.arange(v["N"]).unfold(0, v["L"] + v["H"], v["s"]).shape[0])


def textgen_perplexity(v):
    logp = torch.log(t(v["p"]))[:, None]
    nll = torch.nn.functional.nll_loss(logp.expand(-1, 1), torch.zeros(len(v["p"]), dtype=torch.long))
    return float(torch.exp(nll))


def timeseries_window_samples(v):
    # Each sample is L inputs followed by its one target.
    return int(torch.arange(v["N"]).unfold(0, v["L"] + 1, 1).shape[0])


ANSWERS = {
    "params-model-total-keras": params_model_total_keras,
    "params-embedding-table": params_embedding_table,
    "params-stacked-keras-lstm": params_stacked_keras_lstm,
    "params-lstm-pytorch-deep-bidirectional": params_lstm_pytorch_deep_bidirectional,
    "stacked-pytorch-gru-params": stacked_pytorch_gru_params,
    "stacked-keras-funnel-params": stacked_keras_funnel_params,
    "rnn-params-with-output": rnn_params_with_output,
    "seq2seq-keras-encoder-decoder-params": seq2seq_keras_encoder_decoder_params,
    "architectures-per-step-dense-params": architectures_per_step_dense_params,
    "architectures-one-to-many-params": architectures_one_to_many_params,
    "applications-sentiment-model-params": applications_sentiment_model_params,
    "applications-ctc-output-layer": applications_ctc_output_layer,
    "applications-ner-bio-tagger-params": applications_ner_bio_tagger_params,
    "keras-lstm-output-shape": keras_lstm_output_shape,
    "keras-bidirectional-output-shape": keras_bidirectional_output_shape,
    "seq2seq-teacher-forcing-output-shape": seq2seq_teacher_forcing_output_shape,
    "architectures-output-values-per-batch": architectures_output_values_per_batch,
    "rnn-forward-steps": rnn_forward_steps,
    "rnn-forward-relu-steps": rnn_forward_relu_steps,
    "birnn-output-at-step": birnn_output_at_step,
    "bptt-scalar-weight-gradient": bptt_scalar_weight_gradient,
    "attention-scaled-dot-product": attention_scaled_dot_product,
    "attention-additive-weights": attention_additive_weights,
    "esn-spectral-radius-rescale": esn_spectral_radius_rescale,
    "training-global-norm-clipping": training_global_norm_clipping,
    "training-inverted-dropout": training_inverted_dropout,
    "training-lr-exponential-decay": training_lr_exponential_decay,
    "timeseries-minmax-inverse": timeseries_minmax_inverse,
    "timeseries-multistep-windows": timeseries_multistep_windows,
    "timeseries-window-samples": timeseries_window_samples,
    "textgen-perplexity": textgen_perplexity,
}


# ----------------------------------------------------------------------------- parameter-count formulas

FORMULA_SIZES = [(3, 5), (16, 7), (64, 1), (50, 128)]


def formula_points() -> list[dict]:
    """Counts of one layer per (cell, convention), for checking the formula templates."""
    rows = []
    for n, d in FORMULA_SIZES:
        for cell, cls in (("rnn", torch.nn.RNN), ("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU)):
            rows.append({"cell": cell, "convention": "pytorch", "n": n, "d": d,
                         "count": sum(p.numel() for p in cls(d, n).parameters())})
        for cell, make in (("rnn", lambda n: K.SimpleRNN(n)), ("lstm", lambda n: K.LSTM(n)),
                           ("gru", lambda n: K.GRU(n, reset_after=False))):
            # Keras's SimpleRNN, LSTM and GRU(reset_after=False) keep one bias per block: the textbook count.
            rows.append({"cell": cell, "convention": "textbook", "n": n, "d": d,
                         "count": count(keras.Input((None, d)), make(n))})
        rows.append({"cell": "gru", "convention": "keras", "n": n, "d": d,
                     "count": count(keras.Input((None, d)), K.GRU(n))})
    return rows


def main() -> int:
    items = bank.load().by_id
    cases = {}
    for item_id, compute in ANSWERS.items():
        rows = []
        for seed in range(SEEDS):
            values = instantiate(items[item_id], seed, with_mistakes=True).values
            rows.append({"seed": seed, "values": values, "expected": compute(values)})
        cases[item_id] = rows
        print(f"{item_id}: {len(rows)} variants")
    data = {
        "generated_with": {"torch": torch.__version__, "keras": keras.__version__,
                           "keras_backend": keras.backend.backend(), "scikit-learn": sklearn.__version__,
                           "numpy": np.__version__},
        "seeds": SEEDS,
        "cases": cases,
        "formulas": formula_points(),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
