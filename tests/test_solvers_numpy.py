"""Templates and named slips with no framework to ask, checked against plain NumPy written here.

Each check recomputes a template's answer (or a declared mistake's value) from the values
the student reads, in the most direct way: building the padded arrays, running the loop,
applying the rule to the numbers. None of it calls the solvers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizrnn import bank
from quizrnn.templates import instantiate
from solvers import attention, esn, gradients, models, sequences, training
from solvers.errors import SolverError

BANK = bank.load()
SEEDS = range(40)


def variants(item_id):
    item = BANK.by_id[item_id]
    return [instantiate(item, seed) for seed in SEEDS]


def mistakes(variant) -> dict:
    return {m.name: value for m, value in variant.mistakes}


def close(a, b, tol=1e-9):
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ----------------------------------------------------------------------------- answers


def test_gru_update_gate_mix():
    for v in variants("gru-update-gate-mix"):
        z, r, h, c = (np.array(v.values[k]) for k in ("z", "r", "h_prev", "h_cand"))
        assert close(v.expected, (1 - z) * h + z * c)
        wrong = mistakes(v)
        assert close(wrong["z on the old state"], z * h + (1 - z) * c)
        assert close(wrong["used the reset gate"], (1 - r) * h + r * c)


def test_esn_leaky_state_update():
    for v in variants("esn-leaky-state-update"):
        x, h0 = np.array([v.values["x"]]), np.array(v.values["h0"])
        Wx, Wh, a = np.array(v.values["W_x"]), np.array(v.values["W_h"]), v.values["a"]
        new = np.tanh(Wh @ h0 + Wx @ x)
        assert close(v.expected, (1 - a) * h0 + a * new)
        assert close(mistakes(v)["no leak"], new)
        assert close(mistakes(v)["leak on the wrong term"], a * h0 + (1 - a) * new)


def test_top_k_renormalise():
    for v in variants("textgen-top-k-renormalise"):
        p, k = np.array(v.values["p"]), v.values["k"]
        keep = np.zeros_like(p, dtype=bool)
        keep[np.argsort(p)[::-1][:k]] = True
        want = np.where(keep, p, 0) / p[keep].sum()
        assert close(v.expected, want)
        assert math.isclose(sum(v.expected), 1.0)
        assert close(mistakes(v)["did not renormalise"], np.where(keep, p, 0))


def test_masked_loss_tokens_by_building_the_batch():
    start, end, pad = 1, 2, 0
    for v in variants("seq2seq-masked-loss-tokens"):
        P = v.values["P"]
        rng = np.random.default_rng(v.seed)
        batch = np.full((4, P), pad)
        for row, key in enumerate(("l1", "l2", "l3", "l4")):
            words = rng.integers(3, 100, size=v.values[key])
            seq = [start, *words, end]
            batch[row, :len(seq)] = seq
        labels = batch[:, 1:]  # decoder input is batch[:, :-1]
        assert v.expected == int(np.sum(labels != pad))
        assert mistakes(v)["counted the padding"] == labels.size


def test_inverted_dropout_keeps_the_expected_activation():
    for v in variants("training-inverted-dropout"):
        a, m, p = np.array(v.values["a"]), np.array(v.values["m"]), v.values["p"]
        assert close(v.expected, a * m / (1 - p))
    # Over many masks the mean output is the input: the point of the 1 / (1 − p) scaling.
    from solvers.training import inverted_dropout

    rng = np.random.default_rng(1)
    a = np.array([0.5, 1.5, 2.0])
    outs = [inverted_dropout(a, (rng.random(3) > 0.25).astype(float), 0.25).answer for _ in range(20000)]
    assert np.allclose(np.mean(outs, axis=0), a, atol=0.03)


def test_lstm_forget_gate_product_and_its_slips():
    for v in variants("lstm-forget-gate-product"):
        f = np.array(v.values["f"])
        assert close(v.expected, np.prod(f))
        assert close(mistakes(v)["used 1 − f"], np.prod(1 - f))
        assert close(mistakes(v)["added the gates"], np.sum(f))


def test_rnn_params_with_output_does_not_grow_with_T():
    for v in variants("rnn-params-with-output"):
        n, d, k, T = (v.values[x] for x in ("n", "d", "k", "T"))
        W_xh, W_hh, b_h, W_hy, b_y = np.zeros((n, d)), np.zeros((n, n)), np.zeros(n), np.zeros((k, n)), np.zeros(k)
        assert v.expected == sum(w.size for w in (W_xh, W_hh, b_h, W_hy, b_y))
        assert mistakes(v)["counted the weights at every step"] == T * v.expected


# ----------------------------------------------------------------------------- declared slips


def _rnn(Wx, Wh, xs, act=np.tanh):
    h, out = np.zeros(Wh.shape[0]), []
    for x in xs:
        h = act(Wh @ h + Wx @ x)
        out.append(h)
    return out


def test_birnn_slips():
    for v in variants("birnn-output-at-step"):
        x = np.array(v.values["x"])
        t = v.values["t"]
        fwd = _rnn(np.array(v.values["W_xh"]), np.array(v.values["W_hh"]), x)
        back_weights = (np.array(v.values["W_xh_back"]), np.array(v.values["W_hh_back"]))
        back = _rnn(*back_weights, x[::-1])[::-1]  # back[t-1] has read x_T down to x_t
        assert close(v.expected, np.concatenate([fwd[t - 1], back[t - 1]]))
        unflipped = _rnn(*back_weights, x[::-1])
        assert close(mistakes(v)["backward states not flipped back"], np.concatenate([fwd[t - 1], unflipped[t - 1]]))
        wrong_end = _rnn(*back_weights, x)
        assert close(mistakes(v)["backward RNN started at x_1"], np.concatenate([fwd[t - 1], wrong_end[t - 1]]))


def test_rnn_transposed_slip():
    for v in variants("rnn-forward-steps"):
        Wx, Wh, x = (np.array(v.values[k]) for k in ("W_xh", "W_hh", "x"))
        assert close(v.expected, _rnn(Wx, Wh, x)[-1])
        assert close(mistakes(v)["transposed weight matrices"], _rnn(Wx.T, Wh.T, x)[-1])
        assert close(mistakes(v)["sigmoid instead of tanh"], _rnn(Wx, Wh, x, sigmoid)[-1])


def test_relu_template_always_has_relu_at_work():
    for v in variants("rnn-forward-relu-steps"):
        Wx, Wh, x, b = (np.array(v.values[k]) for k in ("W_xh", "W_hh", "x", "b_h"))
        pre1 = Wx @ x[0] + b
        h1 = np.maximum(pre1, 0)
        pre2 = Wh @ h1 + Wx @ x[1] + b
        assert close(v.expected, np.concatenate([h1, np.maximum(pre2, 0)]))
        assert (pre1 < 0).any() or (pre2 < 0).any(), "ReLU never acts: the draw is plain linear algebra"
        assert (h1 > 0).any(), "h_1 = 0 would make the recurrence vanish"


def test_global_norm_slips():
    for v in variants("training-global-norm-clipping"):
        gW, gb, tau = np.array(v.values["gW"]), np.array(v.values["gb"]), v.values["tau"]
        norm = math.sqrt(np.sum(gW ** 2) + np.sum(gb ** 2))
        assert norm > tau  # a draw that needs no clipping cannot tell the slips apart and is redrawn
        per = np.concatenate([g * min(1, tau / np.linalg.norm(g)) for g in (gW, gb)])
        assert close(mistakes(v)["clipped each tensor by its own norm"], per)


def test_cross_entropy_slips():
    for v in variants("textgen-cross-entropy"):
        p, y = np.array(v.values["probs"]), v.values["target"]
        assert close(v.expected, -np.log(p[y]))
        assert close(mistakes(v)["used the predicted class"], -np.log(p.max()))
        assert close(mistakes(v)["summed over all classes"], -np.log(p).sum())


def test_seq2seq_states_as_input_slip():
    for v in variants("seq2seq-keras-encoder-decoder-params"):
        Vi, Vo, e, u = (v.values[k] for k in ("V_in", "V_out", "e", "u"))
        lstm = lambda d: 4 * u * (u + d + 1)  # noqa: E731
        assert mistakes(v)["counted the states as decoder inputs"] == Vi * e + lstm(e) + Vo * e + lstm(e + u) + u * Vo + Vo


def test_spectral_rescale_reaches_the_target_radius():
    for v in variants("esn-spectral-radius-rescale"):
        W = np.array(v.expected)
        assert math.isclose(max(abs(np.linalg.eigvals(W))), v.values["rho"], rel_tol=1e-9)
        frob = np.array(mistakes(v)["divided by the Frobenius norm"])
        assert max(abs(np.linalg.eigvals(frob))) < v.values["rho"] + 1e-12


# ----------------------------------------------------------------------------- solver input checks


def _keras_stack_without_sequences():
    models.keras_model([{"layer": "input", "shape": [5, 3]}, {"layer": "lstm", "units": 4},
                        {"layer": "lstm", "units": 4}])


@pytest.mark.parametrize("call, field", [
    (lambda: esn.spectral_rescale([[0.5, 0.9], [-0.9, 0.5]], 0.9), "W"),  # complex eigenvalues
    (lambda: esn.leaky_step([1], [0, 0], [[1], [1]], [[0, 0], [0, 0]], 1.5), "leak"),
    (lambda: sequences.top_k([0.4, 0.3, 0.3], 2), "probs"),  # a tie at the cut
    (lambda: sequences.forecast_windows(10, 8, 5), "length"),
    (lambda: training.inverted_dropout([1, 2], [1, 0.5], 0.5), "mask"),
    (_keras_stack_without_sequences, "layers"),
    (lambda: attention.scaled_dot([1, 2], [[1, 2, 3]], [[1]]), "keys"),
    (lambda: gradients.clip_global_norm([], 1.0), "tensors"),
])
def test_bad_input_names_the_argument(call, field):
    with pytest.raises(SolverError) as info:
        call()
    assert info.value.field[0] == field
