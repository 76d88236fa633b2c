"""Live checks against PyTorch, run only where torch is installed (the fixtures cover CI).

Random sizes and weights each run, so these reach corners the committed fixtures do not.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from solvers.forward import forward  # noqa: E402
from solvers.params import count_params  # noqa: E402

CLASSES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


@pytest.mark.parametrize("seed", range(12))
def test_random_parameter_counts(seed):
    rng = np.random.default_rng(seed)
    cell = ("rnn", "lstm", "gru")[seed % 3]
    n, d = int(rng.integers(1, 60)), int(rng.integers(1, 60))
    layers, bidir, bias = int(rng.integers(1, 4)), bool(rng.integers(2)), bool(rng.integers(2))
    proj = int(rng.integers(1, n)) if cell == "lstm" and n > 1 and rng.integers(2) else 0
    kwargs = {"num_layers": layers, "bidirectional": bidir, "bias": bias}
    if proj:
        kwargs["proj_size"] = proj
    module = CLASSES[cell](d, n, **kwargs)
    expected = sum(p.numel() for p in module.parameters())
    got = count_params(cell, n, d, layers=layers, bidirectional=bidir, bias=bias, convention="pytorch",
                       proj_size=proj).answer
    assert got == expected


@pytest.mark.parametrize("seed", range(12))
def test_random_forward_passes(seed):
    rng = np.random.default_rng(100 + seed)
    cell = ("rnn", "lstm", "gru")[seed % 3]
    n, d, T = int(rng.integers(1, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 6))
    layers, bidir = int(rng.integers(1, 3)), bool(rng.integers(2))
    kwargs = {"num_layers": layers, "bidirectional": bidir, "batch_first": True, "dtype": torch.float64}
    if cell == "rnn":
        kwargs["nonlinearity"] = ("tanh", "relu")[seed % 2]
    module = CLASSES[cell](d, n, **kwargs)
    x = rng.normal(size=(T, d))
    with torch.no_grad():
        out = module(torch.tensor(x)[None])
    spec_layers = []
    for k in range(layers):
        layer = {}
        for direction, suffix in (("forward", ""), ("backward", "_reverse")):
            if direction == "backward" and not bidir:
                continue
            layer[direction] = {base: getattr(module, f"{base}_l{k}{suffix}").detach().numpy()
                                for base in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
        spec_layers.append(layer)
    sol = forward(cell, x, spec_layers, convention="pytorch", nonlinearity=kwargs.get("nonlinearity", "tanh"))
    np.testing.assert_allclose(sol.details["outputs"], out[0][0].numpy(), atol=1e-10)
    h_n = out[1][0] if cell == "lstm" else out[1]
    expected_h = h_n[:, 0].numpy()
    got_h = sol.answer["h"] if expected_h.shape[0] > 1 else sol.answer["h"][None]
    np.testing.assert_allclose(got_h, expected_h, atol=1e-10)
