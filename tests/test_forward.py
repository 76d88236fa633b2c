"""Forward passes agree with PyTorch and Keras; the course material's examples are recomputed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from conftest import load_fixture
from quizrnn import forwardspec
from quizrnn.errors import InputError

CASES = load_fixture("forward.json")["cases"]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _write(tmp_path: Path, spec: dict, as_json: bool) -> Path:
    path = tmp_path / ("spec.json" if as_json else "spec.yaml")
    path.write_text(json.dumps(spec) if as_json else yaml.safe_dump(spec))
    return path


def test_fixtures_cover_every_cell_and_layout():
    kinds = {(c["spec"]["cell"], c["spec"]["convention"], c["source"]) for c in CASES}
    for cell in ("rnn", "lstm", "gru"):
        assert (cell, "pytorch", "torch") in kinds
        assert (cell, "textbook", "keras") in kinds
    names = " ".join(c["name"] for c in CASES)
    for word in ("bidirectional", "L=2", "no-bias", "proj=", "relu", "stacked", "reset_after=True"):
        assert word in names


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("as_json", [False, True], ids=["yaml", "json"])
def test_forward_matches_framework(case, as_json, tmp_path):
    sol = forwardspec.solve(_write(tmp_path, case["spec"], as_json))
    expected, atol = case["expected"], case["atol"]
    assert atol <= 1e-6
    np.testing.assert_allclose(sol.answer["h"], expected["h"], rtol=0, atol=atol)
    if "c" in expected:
        np.testing.assert_allclose(sol.answer["c"], expected["c"], rtol=0, atol=atol)
    else:
        assert "c" not in sol.answer
    np.testing.assert_allclose(sol.details["outputs"], expected["outputs"], rtol=0, atol=atol)


def test_trace_has_every_gate_at_every_step():
    case = next(c for c in CASES if c["name"].startswith("torch lstm n=3 d=2 T=4"))
    from solvers.forward import forward

    spec = case["spec"]
    weights = {k: v for k, v in spec.items() if k.startswith(("weight", "bias"))}
    sol = forward("lstm", spec["x"], [{"forward": weights}], convention="pytorch")
    trace = sol.details["trace"]
    assert [e["t"] for e in trace] == [1, 2, 3, 4]
    for entry in trace:
        assert set(entry["pre"]) == set(entry["act"]) == {"i", "f", "g", "o"}
        assert np.allclose(entry["act"]["f"], 1 / (1 + np.exp(-entry["pre"]["f"])))
        assert np.allclose(entry["act"]["g"], np.tanh(entry["pre"]["g"]))
    np.testing.assert_allclose(trace[-1]["h"], case["expected"]["h"], atol=1e-9)
    data = sol.to_dict()
    assert set(data["trace"][0]) == {"t", "layer", "direction", "pre", "act", "h", "c"}
    json.dumps(data)  # everything is plain JSON


def _r4(values) -> list[float]:
    return [round(float(v), 4) for v in values]


def _step(sol, name):
    return next(s for s in sol.steps if s.name == name)


def test_material_rnn_example_and_its_slips():
    """Chapter 000, Example 1 (RNN over three steps).

    The material prints h2 = [0.3828, 0.5068] and h3 = [0.7286, 0.6143]; tanh(0.4024) is
    0.3820, so its h2 is mis-rounded and the slip carries into W_hh·h2 = [0.1273, 0.2162]
    (right: [0.1271, 0.2160]) and into h3.
    """
    sol = forwardspec.solve(EXAMPLES / "rnn_three_steps.yaml")
    assert _r4(_step(sol, "h₁").result) == [0.4621, 0.0997]       # the material agrees
    assert _r4(_step(sol, "z₂").result) == [0.4024, 0.5586]       # the material agrees
    h2 = _r4(_step(sol, "h₂").result)
    assert h2 == [0.3820, 0.5069] and h2 != [0.3828, 0.5068]
    recurrent = next(s for s in sol.steps if s.title == "Recurrent term W_hh·h₂")
    assert _r4(recurrent.result) == [0.1271, 0.2160]
    h3 = _r4(sol.answer["h"])
    assert h3 == [0.7292, 0.6144] and h3 != [0.7286, 0.6143]


def test_material_lstm_example_and_its_slips():
    """Chapter 000, Example 2 (one LSTM step).

    The material never gives W_f; its working f1 = σ([0.3+0.05+0.5, 0.1+0.15+0.5]) fixes the
    x-columns of W_f to [[0.3, 0.1], [0.1, 0.3]] and b_f to 0.5 (the h-columns meet h0 = 0).
    σ(0.85) is 0.7006, not the printed 0.7003; tanh(C1) is [0.2377, 0.1692], not [0.2379,
    0.1693]; so h1 is [0.1535, 0.1033], not [0.1536, 0.1034]. Its C1 = [0.2424, 0.1709] is right.
    """
    sol = forwardspec.solve(EXAMPLES / "lstm_one_step.yaml")
    f1 = _r4(_step(sol, "f₁").result)
    assert f1 == [0.7006, 0.6792] and f1 != [0.7003, 0.6792]
    assert _r4(_step(sol, "i₁").result) == [0.5744, 0.5866]
    assert _r4(_step(sol, "C̃₁").result) == [0.4219, 0.2913]
    assert _r4(_step(sol, "o₁").result) == [0.6457, 0.6106]
    assert _r4(sol.answer["c"]) == [0.2424, 0.1709]
    assert _r4(np.tanh(sol.answer["c"])) == [0.2377, 0.1692]
    h1 = _r4(sol.answer["h"])
    assert h1 == [0.1535, 0.1033] and h1 != [0.1536, 0.1034]


def test_material_lstm_example_without_w_f_is_refused(tmp_path):
    """Copying the example as printed (no W_f) is an error, not a silent zero matrix."""
    spec = yaml.safe_load((EXAMPLES / "lstm_one_step.yaml").read_text())
    del spec["W_f"], spec["b_f"]
    with pytest.raises(InputError, match="W_f is missing"):
        forwardspec.solve(_write(tmp_path, spec, False))


def test_step_working_expands_small_products():
    sol = forwardspec.solve(EXAMPLES / "lstm_one_step.yaml")
    f_step = _step(sol, "f₁")
    assert "0.3·1 + 0.1·0.5 + 0.5 = 0.8500" in f_step.substitution
    assert "σ([0.8500, 0.7500]) = [0.7006, 0.6792]" in f_step.substitution


def test_pytorch_gru_uses_reset_after_the_product():
    """r multiplies (W_hn h + b_hn), not h: the two GRU forms give different answers."""
    sol = forwardspec.solve(EXAMPLES / "gru_pytorch.yaml")
    w = yaml.safe_load((EXAMPLES / "gru_pytorch.yaml").read_text())
    Wi, Wh = np.array(w["weight_ih"]), np.array(w["weight_hh"])
    bi, bh = np.array(w["bias_ih"]), np.array(w["bias_hh"])
    x, h = np.array(w["x"][0]), np.array(w["h0"])
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    r = sig(Wi[0:2] @ x + bi[0:2] + Wh[0:2] @ h + bh[0:2])
    z = sig(Wi[2:4] @ x + bi[2:4] + Wh[2:4] @ h + bh[2:4])
    n = np.tanh(Wi[4:6] @ x + bi[4:6] + r * (Wh[4:6] @ h + bh[4:6]))
    np.testing.assert_allclose(sol.answer["h"], (1 - z) * n + z * h, atol=1e-12)
    wrong = np.tanh(Wi[4:6] @ x + bi[4:6] + Wh[4:6] @ (r * h) + bh[4:6])
    assert not np.allclose(sol.answer["h"], (1 - z) * wrong + z * h, atol=1e-4)


def _bad(tmp_path, text: str, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as info:
        forwardspec.solve(path)
    return info.value.message


def test_shape_mismatch_names_matrix_expected_shape_and_line(tmp_path):
    message = _bad(tmp_path, "cell: lstm\nx: [[1, 0.5]]\nW_f: [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]]\n"
                             "W_i: [[0, 0, 0, 0], [0, 0, 0, 0]]\nW_c: [[0, 0, 0, 0], [0, 0, 0, 0]]\n"
                             "W_o: [[0, 0, 0, 0], [0, 0, 0, 0]]\n")
    assert message == (f"{tmp_path / 'spec.yaml'}:3: W_f has shape 2×3 but must be 2×4 "
                       "(n×(n+d), acting on [h_{t−1}, x_t], with n=2 hidden units and d=2 inputs)")


def test_pytorch_shape_mismatch(tmp_path):
    message = _bad(tmp_path, "cell: gru\nconvention: pytorch\nx: [[1]]\nweight_ih: [[1], [1], [1]]\n"
                             "weight_hh: [[1, 2], [1, 2], [1, 2]]\n")
    assert message.endswith(":5: weight_hh has shape 3×2 but must be 3×1 (3n×n, with n=1 hidden units "
                            "and d=1 inputs)")


@pytest.mark.parametrize("text, expected", [
    ("cell: lstm\nx: [[1, 'a']]\n", ":2: x row 1, entry 2: 'a' is not a number"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[true]]\n", ":4: W_hh row 1, entry 1: True is not a number"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[.nan]]\n", ":4:9: .nan is not a finite number"),
    ("cell: rnn\nx:\n  - [1, 2]\n  - [1]\n", ":4: x row 2 has 1 entries but row 1 has 2"),
    ("cell: lstm\nx: [1, 0.5]\n", ":2: x needs one row per time step"),
    ("cell: cnn\nx: [[1]]\nW_xh: [[1]]\n", ":1: unknown cell 'cnn'"),
    ("cell: rnn\nconvention: keras\nx: [[1]]\n", ":2: unknown convention 'keras' for a forward pass"),
    ("cell: rnn\nnonlinearity: sigmoid\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[1]]\n", "unknown nonlinearity"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[1]]\nW_hy: [[1]]\n", ":5: unknown weight 'W_hy'"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[1]]\nh0: [1, 2]\n", ":5: h0 must be a vector of 1"),
    ("cell: gru\nx: [[1]]\nW_z: [[1, 1]]\nW_r: [[1, 1]]\nW_h: [[1, 1]]\nc0: [0]\n", "c0 is only for an LSTM"),
    ("x: [[1]]\n", ":1: cell is missing"),
    ("cell: rnn\n", "x is missing"),
    ("cell: rnn\nx: [[1]]\nW_xh: [[1]]\nW_hh: [[1]]\ncell: lstm\n", ":5:1: duplicate key 'cell'"),
    ("cell: rnn\nx: [[1\n", "spec.yaml:3:1:"),
    ("cell: rnn\nx: &a [[1]]\nW_xh: *a\n", "aliases (*name) are not supported"),
    ("- 1\n- 2\n", "a forward spec is a mapping"),
    ("cell: lstm\nconvention: pytorch\nx: [[1]]\nweight_ih_l0: [[1], [1], [1], [1]]\n"
     "weight_hh_l0: [[1], [1], [1], [1]]\nweight_ih_l1: [[1], [1], [1], [1]]\n",
     "layer 2 forward: weight_hh is missing"),
    ("cell: lstm\nconvention: pytorch\nx: [[1]]\nweight_ih_l0: [[1], [1], [1], [1]]\n"
     "weight_hh_l0: [[1], [1], [1], [1]]\nfoo: 1\n", ":6: unknown key 'foo'"),
    ("cell: rnn\nx: [[1]]\nlayers:\n  - {W_xh: [[1]], W_hh: [[1]], backward: {W_xh: [[1]]}}\n",
     "'W_xh' must sit under forward: or backward:"),
])
def test_bad_specs_get_one_clear_line(tmp_path, text, expected):
    message = _bad(tmp_path, text)
    assert expected in message
    assert "\n" not in message


def test_malformed_json_reports_line_and_column(tmp_path):
    """Python 3.13 places a trailing comma's error on the comma (2:12), earlier versions after it (3:1)."""
    import re

    message = _bad(tmp_path, '{"cell": "rnn",\n "x": [[1]],\n}', "spec.json")
    assert re.match(re.escape(str(tmp_path / "spec.json")) + r":(3:1|2:12): \S", message), message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such spec file"):
        forwardspec.solve(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder"):
        forwardspec.solve(tmp_path)


def test_layers_layout_matches_state_dict_layout(tmp_path):
    """The same stacked bidirectional GRU written both ways gives the same answer."""
    case = next(c for c in CASES if c["name"].startswith("torch gru n=2 d=3 T=3 L=2 bidirectional"))
    spec = case["spec"]
    layers = []
    for k in range(2):
        layer = {}
        for direction, suffix in (("forward", ""), ("backward", "_reverse")):
            layer[direction] = {base: spec[f"{base}_l{k}{suffix}"]
                                for base in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
        layers.append(layer)
    other = {"cell": "gru", "convention": "pytorch", "x": spec["x"], "h0": spec["h0"], "layers": layers}
    a = forwardspec.solve(_write(tmp_path, spec, False))
    b = forwardspec.solve(_write(tmp_path, other, True))
    np.testing.assert_allclose(a.answer["h"], b.answer["h"], atol=1e-12)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SPEC_PIECES = st.sampled_from(["cell: lstm\n", "cell: rnn\n", "cell: gru\n", "convention: pytorch\n", "x: [[1, 2]]\n",
                               "x: [1]\n", "W_xh: [[1, 2]]\n", "W_hh: [[0.5]]\n", "h0: [0]\n", "c0: [[1]]\n",
                               "layers: [{}]\n", "layers: [{forward: {W_xh: [[1]]}}]\n", "weight_ih_l0: [[1]]\n",
                               "weight_hh_l3_reverse: [[1]]\n", "W_f: [[1, 2, 3]]\n", "- 1\n", "{", "x: !!python/object:os.system\n",
                               "x: .nan\n", "b_h: [1e400]\n", "  nested: 1\n", "nonlinearity: relu\n", "x: &a [[1]]\n"])


@settings(max_examples=300, deadline=None)
@given(text=st.lists(SPEC_PIECES, max_size=8).map("".join))
def test_any_spec_file_gives_a_solution_or_one_clear_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("spec") / "spec.yaml"
    path.write_text(text)
    try:
        forwardspec.solve(path)
    except InputError as exc:
        assert exc.message and "\n" not in exc.message


def test_negative_factors_are_bracketed_and_signs_folded():
    from solvers import numfmt

    assert numfmt.dot([0.3, -0.2, 0.1], [1, -0.5, 2], -0.4) == "0.3·1 − 0.2·(−0.5) + 0.1·2 − 0.4"
    assert numfmt.dot([-1], [3]) == "−1·3"


@pytest.mark.parametrize("text, expected", [
    ("cell: lstm\nconvention: pytorch\nx: [[1, 0.5]]\nW_f: [[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]]\n",
     ":4: W_f is a textbook weight name; with convention: pytorch an LSTM takes weight_ih, weight_hh "
     "(gate blocks stacked i, f, g, o), or set convention: textbook"),
    ("cell: gru\nx: [[1, 0.5]]\nW_f: [[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]]\n",
     ":3: W_f is an LSTM weight, not a GRU one: a textbook GRU takes W_z, W_r, W_h, or set cell: lstm"),
    ("cell: lstm\nx: [[1, 0.5]]\nweight_ih: [[0.1, 0.2]]\n",
     ":3: weight_ih is a pytorch weight name; with convention: textbook an LSTM takes W_f, W_i, W_c, W_o, "
     "or set convention: pytorch"),
])
def test_weights_of_another_convention_or_cell_are_named_as_such(tmp_path, text, expected):
    """Newcomer review m12: these said 'weight_ih is missing' or 'no weight matrices given'."""
    assert _bad(tmp_path, text).endswith(expected)
