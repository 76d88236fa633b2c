"""Reference summaries of the example model files, built with real Keras and PyTorch.

Used by make_fixtures.py. Each Keras example is rebuilt here with the same layers, in the
same order, with the values its ``--set`` options give; each PyTorch example's class
definitions are taken from the file itself (only the ``class`` statements are run) and
instantiated as the file does.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _classes(path: str, torch) -> dict:
    tree = ast.parse((ROOT / path).read_text())
    body = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    scope = {"nn": torch.nn, "torch": torch}
    exec(compile(ast.Module(body=body, type_ignores=[]), path, "exec"), scope)  # noqa: S102 - our file
    return scope


def _torch_rows(model) -> list[dict]:
    return [{"name": name, "class": type(m).__name__,
             "params": sum(p.numel() for p in m.parameters(recurse=False))}
            for name, m in model.named_modules() if name and not list(m.children())]


def model_file_cases(keras, torch, keras_rows) -> list[dict]:
    K = keras.layers
    cases = []

    def add_keras(path, model, settings=None, name=None):
        cases.append({"file": path, "settings": settings or [], "name": name, "framework": "keras",
                      "rows": keras_rows(model), "total": model.count_params()})

    def add_torch(path, model, settings=None):
        cases.append({"file": path, "settings": settings or [], "name": None, "framework": "pytorch",
                      "rows": _torch_rows(model), "total": sum(p.numel() for p in model.parameters())})

    keras.backend.clear_session()
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = K.Embedding(20000, 128)(inputs)
    x = K.Bidirectional(K.LSTM(64, return_sequences=True))(x)
    x = K.Bidirectional(K.LSTM(64))(x)
    add_keras("examples/models/imdb_bidirectional_lstm.py",
              keras.Model(inputs, K.Dense(1, activation="sigmoid")(x)))

    keras.backend.clear_session()
    model = keras.Sequential()
    model.add(K.Input((7, 12)))
    model.add(K.LSTM(128))
    model.add(K.RepeatVector(4))
    model.add(K.LSTM(128, return_sequences=True))
    model.add(K.TimeDistributed(K.Dense(12, activation="softmax")))
    add_keras("tests/models/addition_rnn.py", model)

    keras.backend.clear_session()
    encoder_inputs = keras.Input(shape=(None, 71))
    _, h, c = K.LSTM(256, return_state=True)(encoder_inputs)
    decoder_inputs = keras.Input(shape=(None, 93))
    out, _, _ = K.LSTM(256, return_sequences=True, return_state=True)(decoder_inputs, initial_state=[h, c])
    out = K.Dense(93, activation="softmax")(out)
    add_keras("tests/models/char_seq2seq.py", keras.Model([encoder_inputs, decoder_inputs], out),
              ["num_encoder_tokens=71", "num_decoder_tokens=93"])

    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input(shape=(100,)), K.Embedding(20000, 128), K.Dropout(0.25),
        K.Conv1D(64, 5, padding="valid", activation="relu", strides=1), K.MaxPooling1D(pool_size=4),
        K.LSTM(70), K.Dense(1), K.Activation("sigmoid")])
    add_keras("tests/models/cnn_lstm_sentiment.py", model)

    keras.backend.clear_session()
    model = keras.Sequential(name="forecaster")
    model.add(K.Input(shape=(168, 4)))
    model.add(K.BatchNormalization())
    for i, units in enumerate([128, 64, 32]):
        model.add(K.LSTM(units, return_sequences=i < 2))
        model.add(K.Dropout(0.2))
    model.add(K.LayerNormalization())
    model.add(K.Dense(16, activation="relu"))
    model.add(K.Dense(1))
    add_keras("tests/models/stacked_forecast.py", model)

    keras.backend.clear_session()
    source = keras.Input(shape=(None,), dtype="int64", name="source")
    target = keras.Input(shape=(None,), dtype="int64", name="target")
    embed = K.Embedding(8000, 128)
    source_vectors, target_vectors = embed(source), embed(target)
    encoder = K.Bidirectional(K.GRU(256, return_sequences=True, return_state=True), merge_mode="sum")
    encoder_seq, forward_h, backward_h = encoder(source_vectors)
    state = K.Add()([forward_h, backward_h])
    decoder_seq = K.GRU(256, return_sequences=True)(target_vectors, initial_state=state)
    context = K.Attention(use_scale=True)([decoder_seq, encoder_seq])
    merged = K.LayerNormalization()(K.Concatenate()([decoder_seq, context]))
    probs = K.Activation("softmax")(K.TimeDistributed(K.Dense(8000))(merged))
    add_keras("tests/models/attention_translator.py",
              keras.Model(inputs=[source, target], outputs=probs, name="translator"))

    keras.backend.clear_session()
    model = keras.Sequential([K.Embedding(65, 256), K.GRU(1024, return_sequences=True, return_state=False),
                              K.Dense(65)])
    model.build(input_shape=(64, 100))
    add_keras("tests/models/text_generation.ipynb", model, ["vocab_size=65"])

    scope = _classes("examples/models/name_classifier.py", torch)
    n_letters = len("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'")
    add_torch("examples/models/name_classifier.py", scope["CharRNN"](n_letters, 128, 18), ["n_categories=18"])

    scope = _classes("tests/models/lstm_tagger.py", torch)
    add_torch("tests/models/lstm_tagger.py", scope["LSTMTagger"](6, 6, 9, 3), ["vocab_size=9"])

    scope = _classes("tests/models/conv_gru_classifier.py", torch)
    add_torch("tests/models/conv_gru_classifier.py", scope["KeywordNet"](n_features=13, n_classes=10,
                                                                         num_layers=3))
    return cases
