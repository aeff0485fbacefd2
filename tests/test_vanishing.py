"""Lesson 14: every claim its text makes about the gradients of the deep network, measured."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.mlp.datasets import circles
from nnlesson.mlp.network import init
from nnlesson.mlp.passes import gradients
from nnlesson.practice import check_prediction, questions
from nnlesson.topics.vanishing import MEASURED, deep_network, gradient_sizes, xavier_gain


def ratio(sizes) -> float:
    """The lesson's "last / first" row."""
    return float(sizes.rms[-1] / sizes.rms[0])


def test_the_sigmoid_gradient_vanishes_towards_the_inputs():
    sizes = gradient_sizes("sigmoid")
    assert np.all(np.diff(sizes.rms) > 0)  # smaller in every layer closer to the inputs
    assert ratio(sizes) > 1e6
    q = questions.question("14-smallest-gradient")
    assert q.shown_answer == "layer 1, next to the inputs"


def test_tanh_and_relu_keep_it_at_a_similar_size():
    for name in ("tanh", "relu"):
        assert 0.5 < ratio(gradient_sizes(name)) < 2


def test_the_gain_scales_every_relu_layer_alike():
    base = gradient_sizes("relu").rms
    for gain in (0.5, 2.0, 4.0):
        sizes = gradient_sizes("relu", gain=gain)
        assert 0.5 < ratio(sizes) < 2                       # about equal in every layer ...
        factor = sizes.rms / base
        assert factor.max() / factor.min() < 2              # ... changed by about one factor,
        L = sizes.network.L
        # ... within a factor 3 of gain^(L-1): the lesson's "high power of the gain" (the
        # output's error A - Y grows too, from about 1/2 to about 1 as the output saturates).
        assert gain ** (L - 1) / 3 < np.median(factor) < gain ** (L - 1) * 3
    assert np.all(gradient_sizes("relu", gain=0.5).rms < 1e-5)   # tiny
    assert np.all(gradient_sizes("relu", gain=4.0).rms > 100)    # huge


def test_the_error_signal_explodes_while_the_inputs_grow_the_other_way():
    dZ, A, dW = (gradient_sizes("relu", gain=2.0, of=of) for of in ("dZ", "A[l-1]", "dW"))
    assert ratio(dZ) < 0.1                  # grows from the output back to layer 1
    assert ratio(A) > 10                    # grows from the inputs to the output
    assert 1 / 3 < ratio(dZ) * ratio(A) < 3  # by a similar factor
    assert 0.5 < ratio(dW) < 2
    # With sigmoids the inputs stay between 0 and 1: nothing makes up for the error signal.
    A_sigmoid = gradient_sizes("sigmoid", of="A[l-1]")
    assert np.all(A_sigmoid.rms[1:] < 1) and 0.5 < ratio(A_sigmoid) < 2


def test_dW_is_what_the_passes_compute():
    network = deep_network("tanh")
    data = circles(200, rng=0)
    g = gradients(network, init(network, np.random.default_rng(0), scheme="uniform"),
                  data.X, data.Y)
    rms = gradient_sizes("tanh").rms
    np.testing.assert_allclose(rms, [np.sqrt(np.mean(g.dW[l] ** 2))
                                     for l in range(1, network.L + 1)], rtol=1e-12)
    assert MEASURED == ("dW", "dZ", "A[l-1]")
    with pytest.raises(ParameterError, match="not a quantity measured here"):
        gradient_sizes("tanh", of="db")


def test_the_sigmoid_bound_is_four_times_tanhs():
    assert xavier_gain("sigmoid") == 4.0 and xavier_gain("tanh") == 1.0
    with pytest.raises(ParameterError, match="no gain makes up for"):
        xavier_gain("relu")
    with pytest.raises(ParameterError, match="not a known activation"):
        xavier_gain("swish")


def test_the_wider_bound_helps_the_sigmoid_but_it_still_vanishes():
    narrow = ratio(gradient_sizes("sigmoid", scheme="xavier"))
    wide = ratio(gradient_sizes("sigmoid", scheme="xavier", gain=xavier_gain("sigmoid")))
    # The figures: 9.0e6 and about 2.9e3.
    assert narrow == pytest.approx(9.0e6, rel=0.01)
    assert wide == pytest.approx(2.9e3, rel=0.02)
    assert 0.5 < ratio(gradient_sizes("tanh", scheme="xavier")) < 2
    q = questions.question("14-sigmoid-xavier")
    assert q.answer == 1 and check_prediction(q, q.choices[1]).correct


def test_larger_weights_push_the_sigmoid_onto_its_flat_parts():
    # Lesson 14's reason the wider bound does not fully work: the mean slope of the hidden
    # layers falls well below 1/4, and the outputs are about 1/2 on average, not 0.
    network = deep_network("sigmoid")
    data = circles(200, rng=0)

    def hidden_slopes(gain):
        params = init(network, np.random.default_rng(0), scheme="xavier", gain=gain)
        A = gradients(network, params, data.X, data.Y).forward.A
        return [float(np.mean(A[l] * (1 - A[l]))) for l in range(1, network.L)], \
            [float(np.mean(A[l])) for l in range(1, network.L)]

    narrow, _ = hidden_slopes(1.0)
    wide, means = hidden_slopes(xavier_gain("sigmoid"))
    assert min(narrow) > 0.2 and np.mean(wide) < 0.2
    assert all(0.3 < m < 0.8 for m in means)
