"""Lesson 13: without a non-linearity, layers collapse into one affine map."""

import numpy as np
import pytest
import sympy as sp

from nnlesson.errors import ParameterError
from nnlesson.mlp.network import Network, init
from nnlesson.mlp.passes import forward
from nnlesson.topics.linearity import collapsed, identity_network, symbolic_collapse


@pytest.mark.parametrize("layers", [1, 2, 3, 5])
def test_stacked_linear_neurons_are_one_neuron(layers):
    proof = symbolic_collapse(layers)
    x = sp.Symbol("x")
    w = [sp.Symbol(f"w_{l}") for l in range(1, layers + 1)]
    b = [sp.Symbol(f"b_{l}") for l in range(1, layers + 1)]
    # Written out independently of the module: the weight is w_1 ... w_L, and bias b_l
    # reaches the output through every later weight, b_l w_{l+1} ... w_L.
    weight = sp.Mul(*w)
    bias = sp.Add(*(b[l] * sp.Mul(*w[l + 1:]) for l in range(layers)))
    assert proof.weight == weight
    assert sp.expand(proof.bias - bias) == 0
    # `equal` is the module's own check of composed == weight x + bias, true by how it
    # reads the two off; so check the composition itself against the formula above too.
    assert proof.equal
    assert sp.expand(proof.composed - (weight * x + bias)) == 0
    assert proof.composed.free_symbols == {x, *w, *b}


def test_an_identity_network_is_one_affine_map():
    network, params, X = identity_network()
    W1, W2, W3 = params.W[1:]
    b1, b2, b3 = params.b[1:]
    result = collapsed(network, params, X)
    assert result.W.shape == (1, 2) and result.b.shape == (1, 1)
    np.testing.assert_allclose(result.W, W3 @ W2 @ W1, rtol=1e-12, atol=0)
    np.testing.assert_allclose(result.b, W3 @ (W2 @ b1 + b2) + b3, rtol=1e-12, atol=0)
    assert result.agreement
    # A same-shape wrong product (one wire crossed: W2's columns reversed) is a different
    # map, and the network's outputs tell it apart.
    wrong = W3 @ W2[:, ::-1] @ W1
    assert wrong.shape == result.W.shape
    assert not np.allclose(wrong, result.W, rtol=1e-3, atol=0)
    out = forward(network, params, X).output
    assert np.max(np.abs(out - (wrong @ X + result.b))) > 1e-2


def test_a_network_with_a_nonlinearity_is_refused():
    network = Network((2, 3, 1), hidden="relu", output="identity", loss="squared")
    with pytest.raises(ParameterError, match="does not collapse"):
        collapsed(network, init(network, np.random.default_rng(0)), np.zeros((2, 3)))
