"""Lesson 11: without a non-linearity, layers collapse into one affine map."""

import numpy as np
import pytest
import sympy as sp

from nnlesson.linearity import collapsed, example, symbolic_collapse
from nnlesson.network import Network, init
from nnlesson.params import ParameterError


@pytest.mark.parametrize("layers", [1, 2, 3, 5])
def test_stacked_linear_neurons_are_one_neuron(layers):
    proof = symbolic_collapse(layers)
    assert proof.equal
    assert proof.weight == sp.Mul(*(sp.Symbol(f"w_{l}") for l in range(1, layers + 1)))
    assert sp.Symbol(f"b_{layers}") in proof.bias.free_symbols


def test_an_identity_network_is_one_affine_map():
    network, params, X = example()
    result = collapsed(network, params, X)
    assert result.W.shape == (1, 2) and result.b.shape == (1, 1)
    assert result.max_difference < 1e-12
    # The map is really W3 W2 W1: a wrong product would not match.
    wrong = params.W[1].T @ params.W[2].T
    assert not np.allclose(wrong.shape, result.W.shape) or not np.allclose(wrong, result.W)


def test_a_network_with_a_nonlinearity_is_refused():
    network = Network((2, 3, 1), hidden="relu", output="identity", loss="squared")
    with pytest.raises(ParameterError, match="does not collapse"):
        collapsed(network, init(network, np.random.default_rng(0)), np.zeros((2, 3)))
