"""The command line: output, JSON, exit codes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def test_help_lists_commands_with_examples(run):
    res = run("--help")
    assert res.code == 0
    assert "solve" in res.out and "Examples:" in res.out


def test_version(run):
    from quizrnn import __version__

    res = run("--version")
    assert res.code == 0 and __version__ in res.out


def test_params_worked_solution(run):
    res = run("solve", "params", "lstm", "--hidden", "128", "--input", "64")
    assert res.code == 0
    assert "One gate block" in res.out
    assert "128·64 + 128·128 + 128" in res.out
    assert "Answer: 98,816" in res.out
    assert "\x1b[" not in res.out  # no colour codes when not a terminal


def test_params_json(run):
    res = run("solve", "params", "gru", "-n", "128", "-d", "64", "--convention", "keras", "--json")
    data = json.loads(res.out)
    assert data["answer"] == 74_496  # 3·128·(128 + 64 + 2)
    assert data["formula"] == "3n(n + d + 2)"
    assert [s["title"] for s in data["steps"]][:2] == ["Input size", "One gate block"]


@pytest.mark.parametrize("args, message", [
    (["cnn", "-n", "4", "-d", "4"], "Error: CELL: unknown cell 'cnn': choose one of rnn, lstm, gru"),
    (["lstm", "-n", "0", "-d", "4"], "Error: --hidden: hidden size must be a positive whole number, got 0"),
    (["lstm", "-n", "4", "-d", "-1"], "Error: --input: input size must be a positive whole number, got -1"),
    (["lstm", "-n", "4", "-d", "4", "-l", "0"], "Error: --layers: number of layers must be a positive"),
    (["lstm", "-n", "4", "-d", "4", "-c", "caffe"], "Error: --convention: unknown convention 'caffe'"),
    (["lstm", "-n", "4", "-d", "4", "--proj-size", "2"], "Error: --proj-size: a projection (proj_size)"),
    (["lstm", "-n", "4", "-d", "4", "--no-reset-after"], "Error: --reset-after: reset_after applies to GRU"),
])
def test_params_errors_are_one_line(run, args, message):
    res = run("solve", "params", *args)
    assert res.code == 1
    assert res.err.startswith(message)
    assert res.err.count("\n") == 1
    assert "Traceback" not in res.err
    assert res.out == ""


def test_usage_errors_exit_2(run):
    res = run("solve", "params", "lstm", "--hidden", "many", "--input", "4")
    assert res.code == 2
    assert "Invalid value for '--hidden'" in res.err


def test_model_json(run):
    res = run("solve", "model", "Embedding(1000, 64), GRU(256, return_sequences=True), SimpleRNN(128), "
                                "Dense(10)", "--json")
    data = json.loads(res.out)
    assert data["answer"] == 361_866
    assert data["layers"][1] == {"name": "gru", "class": "GRU", "output_shape": [None, None, 256],
                                 "params": 247_296}


def test_model_table(run):
    res = run("solve", "model", "LSTM(50, return_sequences=True, input_shape=(60, 1)), LSTM(50), Dense(1)")
    assert res.code == 0
    assert "lstm_1 (LSTM)" in res.out and "(None, 60, 50)" in res.out
    assert "Total params: 30,651" in res.out


def test_model_code_is_never_run(run, tmp_path):
    marker = tmp_path / "pwned"
    res = run("solve", "model", f"__import__('os').system('touch {marker}')")
    assert res.code == 1
    assert "not a layer" in res.err and res.err.count("\n") == 1
    res = run("solve", "model", f"LSTM(4, input_shape=(2, 3), name=open('{marker}', 'w'))")
    assert res.code == 1
    assert not marker.exists()


def test_model_file(run, tmp_path):
    path = tmp_path / "model.py"
    path.write_text("import keras\nmodel = keras.Sequential([keras.layers.Input((5, 3)), "
                    "keras.layers.GRU(4), keras.layers.Dense(2)])\n")
    res = run("solve", "model", str(path), "--json")
    assert json.loads(res.out)["answer"] == 3 * 4 * (4 + 3 + 2) + 10
    res = run("solve", "model", str(tmp_path / "missing.py"))
    assert res.code == 1 and "no such model file" in res.err


def test_forward_worked_solution(run):
    res = run("solve", "forward", "--spec", str(EXAMPLES / "lstm_one_step.yaml"))
    assert res.code == 0
    assert "Forget gate f₁" in res.out
    assert "σ([0.8500, 0.7500]) = [0.7006, 0.6792]" in res.out
    assert "h = [0.1535, 0.1033]" in res.out


def test_forward_json(run):
    res = run("solve", "forward", "--spec", str(EXAMPLES / "rnn_three_steps.yaml"), "--json")
    data = json.loads(res.out)
    assert [round(v, 4) for v in data["answer"]["h"]] == [0.7292, 0.6144]
    assert [e["t"] for e in data["trace"]] == [1, 2, 3]
    assert set(data["trace"][0]["pre"]) == {"h"}
    assert data["steps"]


def test_forward_error_is_one_line_with_file_and_line(run, tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("cell: rnn\nx: [[1, 2]]\nW_xh: [[1, 2, 3]]\nW_hh: [[1]]\n")
    res = run("solve", "forward", "--spec", str(spec))
    assert res.code == 1
    assert res.err == f"Error: {spec}:3: W_xh has shape 1×3 but must be 1×2 (n×d, with n=1 hidden units and d=2 inputs)\n"


def test_debug_shows_the_traceback(run, tmp_path):
    res = run("--debug", "solve", "forward", "--spec", str(tmp_path / "none.yaml"))
    assert res.code == 1
    assert "Traceback" in res.err and "no such spec file" in res.err


def test_internal_errors_are_one_line_without_debug(run, monkeypatch):
    import solvers.params

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(solvers.params, "count_params", broken)
    res = run("solve", "params", "lstm", "-n", "2", "-d", "2")
    assert res.code == 1
    assert res.err == "Error: internal error: RuntimeError: boom (run with --debug for the traceback)\n"


def test_ctrl_c_exits_130(run, monkeypatch):
    import solvers.params

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(solvers.params, "count_params", interrupted)
    res = run("solve", "params", "lstm", "-n", "2", "-d", "2")
    assert res.code == 130


def test_python_dash_m_and_no_traceback_in_a_real_process(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "quizrnn", "solve", "params", "rnn", "-n", "2", "-d", "3",
                         "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0 and json.loads(ok.stdout)["answer"] == 12
    bad = subprocess.run([sys.executable, "-m", "quizrnn", "solve", "model", "LSTM(4)"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_help_does_not_import_numpy_or_sympy():
    code = ("import sys; from quizrnn.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'sympy', 'rich', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_params_does_not_import_numpy_or_sympy():
    code = ("import sys; from quizrnn.cli import main\n"
            "try:\n    main(['solve', 'params', 'lstm', '-n', '4', '-d', '4'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
