"""Live checks of the newer solvers against PyTorch (and Keras when it is there), with random sizes.

They run only where the frameworks are installed; the committed fixtures cover CI. Random
sizes and values each run reach corners that the template draws do not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from solvers import attention, esn, gradients, models, sequences  # noqa: E402

torch.set_default_dtype(torch.float64)


@pytest.mark.parametrize("seed", range(8))
def test_scaled_dot_product(seed):
    rng = np.random.default_rng(seed)
    d, m, dv = int(rng.integers(1, 7)), int(rng.integers(1, 6)), int(rng.integers(1, 4))
    q, K, V = rng.normal(size=d), rng.normal(size=(m, d)), rng.normal(size=(m, dv))
    want = torch.nn.functional.scaled_dot_product_attention(
        torch.tensor(q)[None, None], torch.tensor(K)[None], torch.tensor(V)[None])[0, 0].numpy()
    assert np.allclose(attention.scaled_dot(q, K, V).answer["context"], want, atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_bptt_weight_gradient(seed):
    rng = np.random.default_rng(seed)
    w, u, y = (float(v) for v in rng.uniform(-1.5, 1.5, size=3))
    xs = rng.uniform(-1, 1, size=int(rng.integers(1, 7))).tolist()
    wt = torch.tensor(w, requires_grad=True)
    h = torch.tensor(0.0)
    for x in xs:
        h = torch.tanh(wt * h + u * x)
    (0.5 * (h - y) ** 2).backward()
    assert math.isclose(gradients.scalar_bptt_weight_grad(w, u, xs, y).answer, wt.grad.item(), abs_tol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_clip_global_norm(seed):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(scale=3, size=int(rng.integers(1, 5))) for _ in range(int(rng.integers(1, 4)))]
    tau = float(rng.uniform(0.5, 6))
    params = [torch.nn.Parameter(torch.zeros(len(g))) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    total = torch.nn.utils.clip_grad_norm_(params, tau).item()
    factor = (total + 1e-6) / total if total > tau else 1.0  # undo PyTorch's epsilon
    want = torch.cat([p.grad for p in params]).numpy() * factor
    assert np.allclose(gradients.clip_global_norm([g.tolist() for g in grads], tau).answer, want, atol=1e-10)


@pytest.mark.parametrize("seed", range(8))
def test_spectral_rescale(seed):
    rng = np.random.default_rng(seed)
    a, b, c = rng.uniform(-1, 1, size=3)
    W = [[a, b], [b, c]]
    out = torch.tensor(esn.spectral_rescale(W, 0.9).answer)
    assert math.isclose(torch.linalg.eigvals(out).abs().max().item(), 0.9, rel_tol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_windows_match_unfold(seed):
    rng = np.random.default_rng(seed)
    N, L, H, s = int(rng.integers(50, 400)), int(rng.integers(1, 30)), int(rng.integers(1, 12)), int(rng.integers(1, 9))
    want = torch.arange(N).unfold(0, L + H, s).shape[0]
    assert sequences.forecast_windows(N, L, H, s).answer == want


@pytest.mark.parametrize("seed", range(6))
def test_keras_model_counts(seed):
    keras = pytest.importorskip("keras")
    K = keras.layers
    rng = np.random.default_rng(seed)
    T, d = int(rng.integers(2, 9)), int(rng.integers(1, 9))
    spec, stack = [{"layer": "input", "shape": [T, d]}], [keras.Input((T, d))]
    for _ in range(int(rng.integers(1, 4))):
        kind = ("simplernn", "lstm", "gru")[int(rng.integers(3))]
        units, bi = int(rng.integers(1, 9)), bool(rng.integers(2))
        merge = ("concat", "sum", "ave", "mul")[int(rng.integers(4))]
        entry = {"layer": kind, "units": units, "return_sequences": True, "bidirectional": bi, "merge_mode": merge}
        layer = {"simplernn": K.SimpleRNN, "lstm": K.LSTM, "gru": K.GRU}[kind](units, return_sequences=True)
        spec.append(entry)
        stack.append(K.Bidirectional(layer, merge_mode=merge) if bi else layer)
    units = int(rng.integers(1, 6))
    spec.append({"layer": "dense", "units": units})
    stack.append(K.Dense(units))
    model = keras.Sequential(stack)
    solved = models.keras_model(spec).answer["params"]
    assert solved == model.count_params()
    out = model(np.zeros((2, T, d)))
    assert list(models.keras_model(spec, ask="shape").answer["shape"]) == [None, *out.shape[1:]]
