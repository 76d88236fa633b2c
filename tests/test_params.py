"""Parameter counts agree with PyTorch and Keras, and with the course material's table."""

from __future__ import annotations

import pytest

from conftest import load_fixture
from solvers.errors import SolverError
from solvers.params import count_params

CASES = load_fixture("params.json")["cases"]


def _id(case: dict) -> str:
    parts = [case["convention"], case["cell"], f"n{case['hidden']}", f"d{case['input']}",
             f"L{case['layers']}"]
    if case["bidirectional"]:
        parts.append("bi")
    if not case["bias"]:
        parts.append("nobias")
    if case.get("proj_size"):
        parts.append(f"P{case['proj_size']}")
    if "reset_after" in case:
        parts.append(f"ra{int(case['reset_after'])}")
    return "-".join(parts)


def test_fixtures_cover_every_convention_and_option():
    seen = {(c["convention"], c["cell"]) for c in CASES}
    assert seen == {(conv, cell) for conv in ("textbook", "keras", "pytorch")
                    for cell in ("rnn", "lstm", "gru")}
    assert any(c["bidirectional"] and c["layers"] > 1 for c in CASES)
    assert any(not c["bias"] for c in CASES)
    assert any(c.get("proj_size") for c in CASES)
    assert {c.get("reset_after") for c in CASES if c["convention"] == "keras" and c["cell"] == "gru"} \
        == {True, False}


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_count_matches_framework(case):
    solution = count_params(
        case["cell"], case["hidden"], case["input"], layers=case["layers"],
        bidirectional=case["bidirectional"], bias=case["bias"], convention=case["convention"],
        reset_after=case.get("reset_after"), proj_size=case.get("proj_size", 0),
    )
    assert solution.answer == case["expected"], case["source"]
    # The per-layer breakdown adds up to the answer.
    assert sum(row["params"] for row in solution.details["layers"]) == solution.answer


@pytest.mark.parametrize("cell, expected", [("rnn", 24_704), ("lstm", 98_816), ("gru", 74_112)])
def test_course_material_table(cell, expected):
    """The table of chapter 000 (n=128, d=64), textbook convention."""
    assert count_params(cell, 128, 64).answer == expected


def test_keras_gru_default_has_two_biases():
    assert count_params("gru", 128, 64, convention="keras").answer == 3 * 128 * (128 + 64 + 2)
    assert count_params("gru", 128, 64, convention="keras", reset_after=False).answer == 74_112


def test_steps_show_block_then_gates_then_directions():
    sol = count_params("lstm", 128, 64, bidirectional=True, convention="pytorch")
    titles = [s.title for s in sol.steps]
    assert titles[:2] == ["Input size", "One gate block"]
    assert titles[2].startswith("× 4 gate blocks (i, f, g, o)")
    assert titles[3].startswith("× 2 directions")
    block = sol.steps[1]
    assert block.result == 128 * (128 + 64 + 2)
    assert block.formula.endswith("n(n + d + 2)")
    assert sol.answer == 2 * 4 * block.result


def test_stacked_layers_see_the_previous_output():
    sol = count_params("gru", 32, 10, layers=3, bidirectional=True)
    inputs = [row["input_size"] for row in sol.details["layers"]]
    assert inputs == [10, 64, 64]


@pytest.mark.parametrize("kwargs, field, text", [
    ({"cell": "cnn"}, "cell", "unknown cell 'cnn'"),
    ({"convention": "tensorflow"}, "convention", "unknown convention 'tensorflow'"),
    ({"hidden": 0}, "hidden", "hidden size must be a positive whole number, got 0"),
    ({"input_size": -3}, "input_size", "input size must be a positive whole number, got -3"),
    ({"layers": 0}, "layers", "number of layers must be a positive whole number, got 0"),
    ({"proj_size": 4}, "proj_size", "exists only for PyTorch's nn.LSTM"),
    ({"cell": "lstm", "convention": "pytorch", "proj_size": 200}, "proj_size", "smaller than the hidden"),
    ({"cell": "lstm", "reset_after": False}, "reset_after", "GRU layers only"),
    ({"convention": "pytorch", "reset_after": False}, "reset_after", "always applies the reset gate after"),
    ({"hidden": 10**9}, "hidden", "too large"),
])
def test_bad_input_names_the_field(kwargs, field, text):
    args = {"cell": "gru", "hidden": 128, "input_size": 64} | kwargs
    with pytest.raises(SolverError) as info:
        count_params(args.pop("cell"), args.pop("hidden"), args.pop("input_size"), **args)
    assert info.value.field == (field,)
    assert text in str(info.value)
