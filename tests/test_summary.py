"""Model summaries agree with Keras 3 and PyTorch; model text is read, never run."""

from __future__ import annotations

import pytest

from conftest import load_fixture
from quizrnn import modeltext
from quizrnn.errors import InputError
from solvers.errors import SolverError
from solvers.summary import summarize

CASES = load_fixture("summaries.json")["cases"]


def _summary(text: str):
    return summarize(modeltext.parse(text))


def _shape(value):
    if isinstance(value, list) and value and isinstance(value[0], (list, tuple)):
        return [list(v) for v in value]
    return list(value)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_summary_matches_framework(case):
    sol = _summary(case["text"])
    assert sol.answer == case["total"]
    rows = sol.details["layers"]
    expected = case["rows"]
    if case.get("compare_by_name"):
        rows = sorted(rows, key=lambda r: r["name"])
        expected = sorted(expected, key=lambda r: r["name"])
    assert [r["name"] for r in rows] == [r["name"] for r in expected]
    assert [r["class"] for r in rows] == [r["class"] for r in expected]
    assert [r["params"] for r in rows] == [r["params"] for r in expected]
    if case["framework"] == "keras":
        assert [_shape(r["output_shape"]) for r in rows] == [_shape(r["output_shape"]) for r in expected]
    else:
        assert [r["output_shape"][-1] for r, e in zip(rows, expected) if e["features"] is not None] == \
            [e["features"] for e in expected if e["features"] is not None]


@pytest.mark.parametrize("text, total", [
    # The three summaries printed in chapter 002.
    ("Embedding(input_dim=1000, output_dim=64), GRU(256, return_sequences=True), SimpleRNN(128), Dense(10)",
     361_866),
    ("Embedding(1000, 64), LSTM(64, return_state=True, name='encoder'); "
     "Embedding(2000, 64), LSTM(64, name='decoder'), Dense(10)", 258_698),
    ("Embedding(66, 256), GRU(1024, return_sequences=True), Dense(66)", 4_022_850),
])
def test_course_material_summaries(text, total):
    assert _summary(text).answer == total


def test_material_layer_figures():
    rows = _summary("Embedding(66, 256), GRU(1024, return_sequences=True), Dense(66)").details["layers"]
    assert [r["params"] for r in rows] == [16_896, 3_938_304, 67_650]


def test_python_file_with_constants_and_sequential(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(
        "import tensorflow as tf\n"
        "vocab_size = 10000\n"
        "max_length = 200\n"
        "units = 32 * 2\n"
        "model = tf.keras.Sequential([\n"
        "    tf.keras.layers.Embedding(vocab_size, 128),\n"
        "    tf.keras.layers.LSTM(units, return_sequences=True),\n"
        "    tf.keras.layers.LSTM(units // 2),\n"
        "    tf.keras.layers.Dense(1, activation='sigmoid'),\n"
        "])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    )
    sol = summarize(modeltext.parse(str(path)))
    assert [r["params"] for r in sol.details["layers"]] == [1_280_000, 49_408, 12_416, 33]


def test_python_file_with_model_add(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(
        "from keras import layers\nimport keras\n"
        "model = keras.Sequential()\n"
        "model.add(layers.Embedding(input_dim=1000, output_dim=64))\n"
        "model.add(layers.GRU(256, return_sequences=True))\n"
        "model.add(layers.SimpleRNN(128))\n"
        "model.add(layers.Dense(10))\n"
    )
    assert summarize(modeltext.parse(str(path))).answer == 361_866


def test_file_with_several_models_needs_a_name(tmp_path):
    path = tmp_path / "models.py"
    path.write_text(
        "import tensorflow as tf\n"
        "lstm_model = tf.keras.Sequential([tf.keras.layers.Embedding(100, 8), tf.keras.layers.LSTM(4)])\n"
        "gru_model = tf.keras.Sequential([tf.keras.layers.Embedding(100, 8), tf.keras.layers.GRU(4)])\n"
    )
    with pytest.raises(InputError, match=r"holds 2 models \(lstm_model, gru_model\); pick one with --name"):
        modeltext.parse(str(path))
    assert summarize(modeltext.parse(str(path), "gru_model")).answer == 800 + 3 * 4 * (4 + 8 + 2)
    with pytest.raises(InputError, match="no model named 'cnn'"):
        modeltext.parse(str(path), "cnn")


def test_file_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential([\n"
        "    tf.keras.layers.Embedding(len(chars), 128),\n"
        "])\n"
    )
    with pytest.raises(InputError) as info:
        modeltext.parse(str(path))
    assert info.value.message == (f"{path}:3: len(chars) is computed from data (chars is not defined in "
                                  "this file); add --set \"len(chars)=N\"")


def test_material_embedding_keyword_slip(tmp_path):
    """Chapter 003 writes Embedding(vocab_size=..., embedding_dim=...): Keras has no such arguments."""
    with pytest.raises(InputError, match="Embedding has no argument 'vocab_size'"):
        modeltext.parse("Embedding(vocab_size=10000, embedding_dim=128, input_length=100), LSTM(64)")


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('echo hacked')", "is a function call, not a layer"),
    ("os.system('echo hacked')", "os.system(...) is code, not a layer"),
    ("LSTM(64, return_sequences=__import__('os').system('x'))", "is a function call"),
    ("LSTM(64).__class__", "is attribute access"),
    ("lambda: LSTM(64)", "is a lambda"),
    ("[LSTM(n) for n in (1, 2)]", "is a comprehension"),
    ("LSTM(64, activation=tf.nn.relu)", "is attribute access"),
    ("LSTM(*sizes)", "is unpacking"),
    ("LSTM(**kw)", "**kwargs cannot be read"),
    ("LSTM(10 ** 10 ** 10)", "is code"),
    ("import os", "only layer calls are read"),
    ("LSTM(64, input_shape=(10, 8)); x = 1", "only layer calls are read"),
    ("Conv2D(64, 3)", "unknown layer Conv2D; quizrnn knows Keras: Input"),
    ("lstm(64)", "unknown layer lstm; did you mean LSTM?"),
    ("LTSM(64)", "did you mean LSTM?"),
    ("LSTM(64, retrun_sequences=True)", "did you mean return_sequences?"),
    ("LSTM()", "LSTM needs units"),
    ("LSTM(1, 2, 3)", "takes at most 1 positional argument"),
    ("LSTM(64, units=3)", "got 'units' twice"),
    ("", "empty"),
    ("LSTM(64", "not valid layer syntax"),
])
def test_text_that_is_not_a_model_is_refused(text, message):
    with pytest.raises(InputError, match=pytest_escape(message)):
        modeltext.parse(text)


def pytest_escape(text: str) -> str:
    import re

    return re.escape(text)


@pytest.mark.parametrize("text, message", [
    ("LSTM(64)", "layer 1: LSTM: the size of its input is unknown"),
    ("Input((10, 8)), LSTM(64), LSTM(32)", "did the previous layer forget return_sequences=True?"),
    ("Input((10, 8)), LSTM(0)", "units must be positive, got 0"),
    ("Input((10, 8)), LSTM(-4)", "units must be positive"),
    ("Input((10, 8)), LSTM(4.5)", "units must be a whole number"),
    ("Input((10, 8)), LSTM('big')", "units must be a whole number"),
    ("Input((10, 8)), LSTM(4, return_sequences='yes')", "return_sequences must be True or False"),
    ("Input((10, 8)), LSTM(4, return_state=True), Dense(1)",
     "layer 3: Dense: layer 2 (LSTM) returns several tensors (return_state=True), which a chain of layers "
     "cannot pass on; drop return_state=True there; it does not change the count"),
    ("Input((10, 8)), Bidirectional(LSTM(4), merge_mode=None), Dense(1)", "cannot pass a list on"),
    ("Input((10, 8)), Bidirectional(Dense(4))", "wraps a recurrent layer"),
    ("Input((10, 8)), Bidirectional(LSTM(4), merge_mode='max')", "unknown merge_mode 'max'"),
    ("Input((10, 8)), Dropout(1.5)", "rate must be a number from 0"),
    ("Input((10, 8)), LSTM(4), Input((3,))", "an Input layer can only come first"),
    ("LSTM(4, input_shape=(10, 8)), LSTM(4, input_shape=(10, 8))", "input_shape is only read on the first layer"),
    ("Input((10, 8)), TimeDistributed(LSTM(3))", "LSTM: expects a 3-D input"),
    ("Input((10, 8)), TimeDistributed(Concatenate())", "cannot summarise TimeDistributed(Concatenate)"),
    ("nn.LSTM(10, 20), nn.Linear(30, 2)", "in_features=30 but the previous layer gives 20 features"),
    ("nn.RNN(10, 20, nonlinearity='sigmoid')", "nonlinearity must be 'tanh' or 'relu'"),
    ("nn.LSTM(10, 20, proj_size=20)", "proj_size must be smaller than the hidden size"),
    ("nn.LSTM(10, 20), Dense(3)", "Keras and PyTorch layers are mixed"),
])
def test_models_that_cannot_be_built_are_explained(text, message):
    with pytest.raises((SolverError, InputError)) as info:
        summarize(modeltext.parse(text))
    assert message in str(info.value)


def test_timedistributed_needs_a_sequence():
    with pytest.raises(SolverError, match="expects an input of at least 3 dimensions but gets"):
        summarize(modeltext.parse("Input((8,)), TimeDistributed(Dense(3))"))


def test_input_length_is_noted_not_used():
    sol = _summary("Embedding(10000, 128, input_length=200), LSTM(8)")
    assert sol.details["layers"][0]["output_shape"] == (None, None, 128)
    assert any("input_length" in note for note in sol.notes)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["LSTM(", "GRU(", "Dense(", "Input((", "Bidirectional(", "nn.LSTM(", "64", "0", "-1",
                          ", ", ")", "))", "return_sequences=True", "merge_mode='x'", "name='[/b]'", ";", "__import__",
                          ".system", "lambda", "(", "[", "]", "'", "1e9", "True", "None", "input_shape=(3, 4)",
                          "TimeDistributed(", "Embedding(", "**", "*", "//", "10 ** 10"])


@settings(max_examples=300, deadline=None)
@given(text=st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=60))
def test_any_model_text_gives_a_summary_or_one_clear_error(text):
    try:
        summarize(modeltext.parse(text))
    except (InputError, SolverError) as exc:
        assert str(exc) and "\n" not in str(exc)
