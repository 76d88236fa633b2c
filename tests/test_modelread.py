"""Model files read as people write them: functional Keras, loops, nn.Module classes, notebooks.

Every total and row is compared with what real Keras 3 and PyTorch report
(tests/fixtures/graphs.json and model_files.json, made by scripts/make_fixtures.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import load_fixture
from quizrnn import modelread, solve
from quizrnn.errors import InputError
from solvers.summary import summarize

ROOT = Path(__file__).resolve().parent.parent
GRAPHS = load_fixture("graphs.json")["cases"]
FILES = load_fixture("model_files.json")["cases"]


def _shape(value):
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        return [list(v) for v in value]
    return list(value)


def _compare(sol, case):
    rows = sol.details["layers"]
    expected = case["rows"]
    assert [r["name"] for r in rows] == [r["name"] for r in expected]
    assert [r["class"] for r in rows] == [r["class"] for r in expected]
    assert [r["params"] for r in rows] == [r["params"] for r in expected]
    if case["framework"] == "keras":
        assert [_shape(r["output_shape"]) for r in rows] == [_shape(r["output_shape"]) for r in expected]
        if "connected_to" in expected[0]:
            assert [r["connected_to"] for r in rows] == [r["connected_to"] for r in expected]
    assert sol.answer == case["total"]


@pytest.mark.parametrize("case", GRAPHS, ids=[c["file"] for c in GRAPHS])
def test_functional_graphs_match_keras(case, tmp_path):
    path = tmp_path / case["file"]
    path.write_text(case["code"])
    _compare(summarize(modelread.parse(str(path))), case)


@pytest.mark.parametrize("case", FILES, ids=[c["file"].rsplit("/", 1)[1] for c in FILES])
def test_example_files_match_the_frameworks(case):
    sol = solve.model(str(ROOT / case["file"]), case["name"], case["settings"])
    _compare(sol, case)


@pytest.mark.parametrize("case", [c for c in FILES if c["settings"]],
                         ids=[c["file"].rsplit("/", 1)[1] for c in FILES if c["settings"]])
def test_example_files_say_which_set_is_missing(case):
    name = case["settings"][0].split("=")[0]
    with pytest.raises(InputError) as info:
        solve.model(str(ROOT / case["file"]), case["name"], case["settings"][1:])
    assert info.value.message.endswith(f": {name} is computed from data; add --set {name}=N")


def _file(tmp_path, text: str, name: str = "model.py") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _total(tmp_path, text, *settings, name=None):
    return solve.model(_file(tmp_path, text), name, list(settings)).answer


# ----------------------------------------------------------------------------- forms


def test_exact_messages_for_data_sizes(tmp_path):
    path = _file(tmp_path, "import keras\nvocab = sorted(set(open('t.txt').read()))\n"
                           "vocab_size = len(vocab) + 1\n"
                           "model = keras.Sequential([keras.layers.Embedding(vocab_size, 8), keras.layers.GRU(4)])\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == f"{path}:3: vocab_size is computed from data; add --set vocab_size=N"
    assert solve.model(path, settings=["vocab_size=100"]).answer == 800 + 3 * 4 * (4 + 8 + 2)


def test_anonymous_data_size_names_the_expression(tmp_path):
    path = _file(tmp_path, "import keras\nimport numpy as np\nx_train = np.load('x.npy')\n"
                           "model = keras.Sequential([keras.Input((x_train.shape[1], 3)), keras.layers.LSTM(2)])\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:4: x_train.shape[1] is computed from data (x_train, line 3); "
                                  "add --set \"x_train.shape[1]=N\"")
    assert solve.model(path, settings=["x_train.shape[1]=10"]).details["layers"][0]["output_shape"] == \
        (None, 2)


def test_unused_set_is_refused(tmp_path):
    path = _file(tmp_path, "from keras import layers, Sequential\nvocab_size = 10\n"
                           "model = Sequential([layers.Embedding(vocab_size, 4)])\n")
    with pytest.raises(InputError) as info:
        solve.model(path, settings=["vocab_sise=3"])
    assert info.value.message == f"--set vocab_sise: {path} never uses vocab_sise; did you mean vocab_size?"
    with pytest.raises(InputError, match="write NAME=VALUE"):
        solve.model(path, settings=["vocab_size"])
    with pytest.raises(InputError, match="--set gives values to names in a model file"):
        solve.model("LSTM(4, input_shape=(2, 3))", settings=["a=1"])


def test_loops_ifs_and_derived_constants(tmp_path):
    text = (
        "import string\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
        "chars = string.ascii_lowercase + string.digits + ' '\n"
        "N_LAYERS = max(1, 2)\nUSE_DROPOUT = len('ab') == 2\nBIG = False\n"
        "model = keras.Sequential()\nmodel.add(layers.Input((10, len(chars))))\n"
        "for i in range(N_LAYERS):\n    model.add(layers.LSTM(8, return_sequences=i < N_LAYERS - 1))\n"
        "    if USE_DROPOUT:\n        model.add(layers.Dropout(0.1))\n"
        "if BIG:\n    model.add(layers.Dense(1000))\nelse:\n    model.add(layers.Dense(min(3, 7)))\n"
        "for epoch in range(100000):\n    model.fit(x, y)\n"
    )
    sol = solve.model(_file(tmp_path, text))
    assert [r["class"] for r in sol.details["layers"]] == ["LSTM", "Dropout", "LSTM", "Dropout", "Dense"]
    assert sol.answer == 4 * 8 * (8 + 37 + 1) + 4 * 8 * (8 + 8 + 1) + 8 * 3 + 3


def test_loop_over_data_that_adds_layers_is_refused(tmp_path):
    path = _file(tmp_path, "import keras\nsizes = load_sizes()\nmodel = keras.Sequential([keras.Input((5, 3))])\n"
                           "for n in sizes:\n    model.add(keras.layers.LSTM(n, return_sequences=True))\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:5: layers are added under a condition or in a loop that quizrnn "
                                  "cannot follow (line 4); give the names it depends on with --set, or "
                                  "write the layers out")
    assert solve.model(path, settings=["sizes=(4, 2)"]).answer == \
        4 * 4 * (4 + 3 + 1) + 4 * 2 * (2 + 4 + 1)


def test_functional_return_state_unpacking_and_shared_layers(tmp_path):
    text = ("from keras.layers import Input, LSTM, Dense\nfrom keras.models import Model\n"
            "x = Input(shape=(None, 5))\nout, h, c = LSTM(4, return_state=True)(x)\n"
            "shared = Dense(3)\ny = shared(h)\nz = shared(c)\nmodel = Model(inputs=x, outputs=[y, z])\n")
    sol = solve.model(_file(tmp_path, text))
    rows = sol.details["layers"]
    assert [r["name"] for r in rows] == ["input_layer", "lstm", "dense"]
    assert rows[2]["connected_to"] == ["lstm[0][1]", "lstm[0][2]"]
    assert sol.answer == 4 * 4 * (4 + 5 + 1) + 15
    assert any("called 2 times" in n for n in sol.notes)


def test_functional_unpacking_mismatch(tmp_path):
    path = _file(tmp_path, "import keras\nx = keras.Input((None, 5))\n"
                           "out, h = keras.layers.LSTM(4, return_state=True)(x)\nmodel = keras.Model(x, out)\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:3: the call returns 3 tensor(s) but 2 names are unpacked; "
                                  "return_state=True adds the states (h, and c for an LSTM) after the output")


def test_functional_graph_disconnected(tmp_path):
    path = _file(tmp_path, "import keras\na = keras.Input((3,))\nb = keras.Input((3,))\n"
                           "model = keras.Model(a, keras.layers.Add()([a, b]))\n")
    with pytest.raises(InputError, match=r":4: the outputs depend on the input made at .*:3, which is not "
                                         r"among the model's inputs"):
        solve.model(path)


def test_user_function_that_builds_the_model(tmp_path):
    text = ("import tensorflow as tf\n"
            "def build_model(vocab_size, embedding_dim=16, units=8):\n"
            "    model = tf.keras.Sequential([\n"
            "        tf.keras.layers.Embedding(vocab_size, embedding_dim),\n"
            "        tf.keras.layers.GRU(units, return_sequences=True),\n"
            "        tf.keras.layers.Dense(vocab_size)])\n"
            "    return model\n")
    path = _file(tmp_path, text)
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:2: vocab_size is a parameter of build_model with no value here; "
                                  "add --set vocab_size=N")
    assert solve.model(path, settings=["vocab_size=50"]).answer == 800 + 3 * 8 * (8 + 16 + 2) + 8 * 50 + 50
    called = _total(tmp_path, text + "model = build_model(vocab_size=20, units=4)\n")
    assert called == 320 + 3 * 4 * (4 + 16 + 2) + 4 * 20 + 20


def test_torch_module_defaults_keywords_and_nesting(tmp_path):
    text = ("import torch.nn as nn\n"
            "class Encoder(nn.Module):\n"
            "    def __init__(self, vocab, dim, hidden, layers=1):\n"
            "        super().__init__()\n"
            "        self.embed = nn.Embedding(vocab, dim)\n"
            "        self.rnn = nn.LSTM(dim, hidden, num_layers=layers, bidirectional=True)\n"
            "class Tagger(nn.Module):\n"
            "    def __init__(self, vocab, tags, dim=8, hidden=16):\n"
            "        super(Tagger, self).__init__()\n"
            "        self.encoder = Encoder(vocab, dim, hidden, layers=2)\n"
            "        self.heads = nn.ModuleList([nn.Linear(2 * hidden, tags) for _ in range(2)])\n"
            "        self.tied = self.heads[0]\n"
            "model = Tagger(100, tags=5).to('cpu')\n")
    sol = solve.model(_file(tmp_path, text))
    rows = sol.details["layers"]
    assert [r["name"] for r in rows] == ["encoder.embed", "encoder.rnn", "heads.0", "heads.1"]
    lstm = 2 * 4 * 16 * (16 + 8 + 2) + 2 * 4 * 16 * (16 + 32 + 2)
    assert sol.answer == 800 + lstm + 2 * (32 * 5 + 5)


def test_torch_sequential_attribute_and_unused_class(tmp_path):
    text = ("from torch import nn\n"
            "class Net(nn.Module):\n"
            "    def __init__(self, n_in=10, n_out=2):\n"
            "        super().__init__()\n"
            "        self.body = nn.Sequential(nn.Linear(n_in, 4), nn.ReLU(), nn.LayerNorm(4))\n"
            "        self.out = nn.Linear(4, n_out)\n")
    sol = solve.model(_file(tmp_path, text))
    assert sol.details["model"] == "Net"
    assert [r["name"] for r in sol.details["layers"]] == ["body.0", "body.1", "body.2", "out"]
    assert sol.answer == 44 + 8 + 10


def test_several_models_and_name(tmp_path):
    text = ("import keras\nfrom torch import nn\n"
            "small = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
            "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            "        self.fc = nn.Linear(3, 2)\n"
            "net = Net()\n")
    path = _file(tmp_path, text)
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == f"{path}: holds 2 models (small, net); pick one with --name"
    assert solve.model(path, "net").answer == 8
    with pytest.raises(InputError) as info:
        solve.model(path, "big")
    assert info.value.message == f"{path}: no model named 'big'; found small, net"


def test_unreadable_second_model_is_noted(tmp_path):
    text = ("import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
            "model = keras.models.load_model('m.keras')\n"
            "encoder = keras.Model(model.input, model.layers[0].output)\n")
    sol = solve.model(_file(tmp_path, text))
    assert sol.answer == 8
    assert any("also builds encoder" in n for n in sol.notes)


def test_subclassed_keras_model_is_explained(tmp_path):
    path = _file(tmp_path, "import keras\nclass MyModel(keras.Model):\n    def __init__(self):\n"
                           "        super().__init__()\n        self.d = keras.layers.Dense(3)\n"
                           "    def call(self, x):\n        return self.d(x)\nmodel = MyModel()\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:2: MyModel subclasses keras.Model, whose call() quizrnn does not "
                                  "run; build the same layers with keras.Sequential or the functional API "
                                  "(keras.Input, layer calls, keras.Model)")


def test_no_model_points_to_the_text_form(tmp_path):
    path = _file(tmp_path, "import numpy as np\nprint(np.zeros(3))\n")
    with pytest.raises(InputError, match=r"no model found \(looked for keras.Sequential.*describe the layers "
                                         r"as text instead, e.g. \"Input\(\(None, 71\)\), LSTM\(256\); "):
        solve.model(path)


def test_file_layer_errors_name_the_line(tmp_path):
    path = _file(tmp_path, "import keras\nx = keras.Input((None, 4))\ny = keras.layers.lstm(8)(x)\n"
                           "model = keras.Model(x, y)\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == f"{path}:3: unknown layer keras.layers.lstm; did you mean LSTM?"
    path = _file(tmp_path, "import keras\nx = keras.Input((None, 4))\ny = lstm(8)(x)\nmodel = keras.Model(x, y)\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == f"{path}:3: unknown layer lstm; did you mean LSTM?"
    path = _file(tmp_path, "import keras\nx = keras.Input((None, 4))\n"
                           "y = keras.layers.Lambda(lambda t: t * 2)(x)\nmodel = keras.Model(x, y)\n")
    with pytest.raises(InputError, match=":3: unknown layer keras.layers.Lambda; quizrnn knows Keras"):
        solve.model(path)


def test_summary_errors_name_file_and_line(tmp_path):
    path = _file(tmp_path, "import keras\nx = keras.Input((None, 4))\nh = keras.layers.LSTM(8)(x)\n"
                           "y = keras.layers.LSTM(2)(h)\nmodel = keras.Model(x, y)\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:4: LSTM: expects a 3-D input (batch, timesteps, features) but gets "
                                  "(None, 8)")


# ----------------------------------------------------------------------------- notebooks


def _notebook(tmp_path, *cells, name="nb.ipynb") -> str:
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": src} for kind, src in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def test_notebook_cells_and_positions(tmp_path):
    path = _notebook(tmp_path, ("markdown", "# Title"), ("code", ["%matplotlib inline\n", "import keras\n"]),
                     ("code", "units = 4\nmodel = keras.Sequential()\nmodel.add(keras.Input((3, 2)))"),
                     ("markdown", "text"), ("code", "model.add(keras.layers.GRU(units, reset_after=1))"))
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == f"{path}, code cell 3, line 1: GRU: reset_after must be True or False, got 1"
    bad = _notebook(tmp_path, ("code", "x = 1"), ("code", "y = (\n"), name="bad.ipynb")
    with pytest.raises(InputError) as info:
        solve.model(bad)
    assert info.value.message.startswith(f"{bad}, code cell 2, line ")
    assert "not valid Python" in info.value.message
    with pytest.raises(InputError, match="not a Jupyter notebook"):
        solve.model(_file(tmp_path, "[1, 2]", "x.ipynb"))


# ----------------------------------------------------------------------------- reading files safely


def test_folder_fifo_and_devices_are_refused(tmp_path):
    import os

    with pytest.raises(InputError) as info:
        solve.model(str(tmp_path))
    assert info.value.message == f"{tmp_path}: is a folder; give the .py or .ipynb file that builds the model"
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        solve.model(str(fifo))
    assert info.value.message == f"{fifo}: not a regular file (a device, pipe or socket); give a model file"
    if os.path.exists("/dev/zero"):
        with pytest.raises(InputError, match="not a regular file"):
            solve.model("/dev/zero")


def test_giant_integer_literal(tmp_path):
    with pytest.raises(InputError) as info:
        solve.model("LSTM(" + "9" * 5000 + ")")
    assert info.value.message == ("model text, col 6: a whole number with more than 4,300 digits is far too "
                                  "large to be a layer size")
    path = _file(tmp_path, "import keras\nunits = 1\nx = " + "7" * 4500 + "\n")
    with pytest.raises(InputError) as info:
        solve.model(path)
    assert info.value.message == (f"{path}:3: a whole number with more than 4,300 digits is far too large to be "
                                  "a layer size")
    assert "set_int_max_str_digits" not in info.value.message


# ----------------------------------------------------------------------------- never run


@pytest.mark.parametrize("code", [
    "import os\nos.system('touch {m}')\n",
    "open('{m}', 'w').write('x')\n",
    "class Net(__import__('torch').nn.Module):\n    def __init__(self):\n        open('{m}', 'w')\nnet = Net()\n",
    "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.fc = nn.Linear(2, 2)\n        exec(\"open('{m}', 'w')\")\nnet = Net()\n",
    "import keras\nx = keras.Input((3,))\ny = keras.layers.Dense(eval(\"open('{m}', 'w') and 2\"))(x)\n"
    "model = keras.Model(x, y)\n",
    "def build():\n    __import__('pathlib').Path('{m}').touch()\nbuild()\n",
    "for _ in range(3):\n    getattr(__builtins__, 'open')('{m}', 'w')\n",
    "import keras\nmodel = keras.Sequential([keras.layers.Dense(open('{m}', 'w') and 3)])\n",
])
def test_model_files_are_never_run(tmp_path, code):
    marker = tmp_path / "pwned"
    path = _file(tmp_path, code.replace("{m}", str(marker)))
    try:
        solve.model(path)
    except InputError:
        pass
    assert not marker.exists()


def test_notebook_cells_are_never_run(tmp_path):
    marker = tmp_path / "pwned"
    path = _notebook(tmp_path, ("code", f"!touch {marker}\nimport os\nos.system('touch {marker}')"),
                     ("code", f"%%bash\ntouch {marker}"),
                     ("code", "import keras\nmodel = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])"))
    assert solve.model(path).answer == 3
    assert not marker.exists()


def test_runaway_code_is_bounded(tmp_path):
    import time

    text = ("def f(n):\n    return f(n + 1) + f(n + 2)\nx = f(0)\n"
            "s = 'a'\nfor _ in range(10000):\n    s = s + s\n"
            "big = [0] * 10 ** 9\n"
            "for i in range(10000):\n    for j in range(10000):\n        k = i * j\n"
            "import keras\nmodel = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n")
    start = time.monotonic()
    assert solve.model(_file(tmp_path, text)).answer == 3
    assert time.monotonic() - start < 5


# ----------------------------------------------------------------------------- the command


def test_cli_set_and_errors(run, tmp_path):
    path = ROOT / "examples" / "models" / "name_classifier.py"
    res = run("solve", "model", str(path))
    assert res.code == 1
    assert res.err.strip() == f"Error: {path}:23: n_categories is computed from data; add --set n_categories=N"
    assert "Traceback" not in res.err
    res = run("solve", "model", str(path), "--set", "n_categories=18", "--json")
    data = json.loads(res.out)
    assert res.code == 0 and data["answer"] == 80_466
    assert [r["name"] for r in data["layers"]] == ["embedding", "rnn", "h2o", "softmax"]
    res = run("solve", "model", str(ROOT / "examples" / "models" / "imdb_bidirectional_lstm.py"))
    assert "input_layer (InputLayer)" in res.out and "Total params: 2,757,761" in res.out


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINES = st.sampled_from([
    "import keras", "from keras import layers", "import torch.nn as nn", "x = keras.Input((None, 4))",
    "x = layers.LSTM(3, return_sequences=True)(x)", "h = layers.GRU(2)(x)", "out, a, b = layers.LSTM(2, return_state=True)(x)",
    "model = keras.Model(x, h)", "model = keras.Sequential()", "model.add(layers.Dense(2))", "n = len('abc') * 2",
    "for _ in range(n):", "    model.add(layers.Dense(n))", "if n > 3:", "else:", "    pass", "def f(a, b=2):",
    "    return keras.Sequential([layers.Input((a,)), layers.Dense(b)])", "m = f(3)", "class Net(nn.Module):",
    "    def __init__(self, k=4):", "        super().__init__()", "        self.fc = nn.Linear(k, unknown)",
    "net = Net()", "while True:", "y = data.shape[1]", "model.add(layers.Dense(y))", "z = [1] * 10 ** 8",
])


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINES, max_size=14))
def test_any_model_file_gives_a_summary_or_one_clear_error(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("h") / "m.py"
    path.write_text("\n".join(lines) + "\n")
    try:
        solve.model(str(path))
    except InputError as exc:
        assert exc.message and "\n" not in exc.message
