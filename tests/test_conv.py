"""Weights and biases of a convolution: the counts, and one step checked against the definition."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.topics.convolution import (
    LENET_C1,
    conv_layer,
    convolve,
    convolve_direct,
    one_output,
    small_example,
)


def test_lenet_first_layer():
    assert (LENET_C1.weights, LENET_C1.biases, LENET_C1.parameters) == (150, 6, 156)
    assert LENET_C1.output_shape == (28, 28, 6)
    assert LENET_C1.connections == 122_304
    assert LENET_C1.dense_parameters == (32 * 32 + 1) * 28 * 28 * 6


@pytest.mark.parametrize(("k", "C", "N"), [(3, 3, 64), (1, 64, 32), (7, 3, 96), (5, 6, 16)])
def test_parameter_count_is_k_k_C_N_plus_N(k, C, N):
    layer = conv_layer(k, C, N)
    assert layer.parameters == k * k * C * N + N and layer.output_shape is None
    # The input size changes the connections, never the parameters.
    assert conv_layer(k, C, N, height=64).parameters == layer.parameters


def test_stride_and_padding_set_the_output_size():
    assert conv_layer(3, 1, 1, height=32, padding=1).output_size == (32, 32)
    assert conv_layer(3, 1, 1, height=32, stride=2, padding=1).output_size == (16, 16)
    assert conv_layer(11, 3, 96, height=227, stride=4).output_shape == (55, 55, 96)


def test_the_output_size_formula_names_padding_stride_and_rounding_down():
    # (size + 2p - k) / s + 1 rounded down: 32 + 2 - 3 = 31 positions, every other one.
    layer = conv_layer(3, 1, 1, height=32, stride=2, padding=1)
    formula = dict((q, f) for q, f, _ in layer.summary())["output"]
    assert formula.startswith("⌊(size + 2p − k) / s⌋ + 1") and layer.output_size == (16, 16)


def test_vectorized_convolution_is_the_definition():
    rng = np.random.default_rng(0)
    x, kernels, biases = rng.normal(size=(3, 9, 8)), rng.normal(size=(4, 3, 3, 3)), rng.normal(
        size=4)
    for stride, padding in ((1, 0), (2, 1), (3, 2)):
        np.testing.assert_allclose(convolve(x, kernels, biases, stride=stride, padding=padding),
                                   convolve_direct(x, kernels, biases, stride=stride,
                                                   padding=padding), rtol=1e-12, atol=1e-12)


def test_one_step_with_its_bias():
    e = small_example()
    out = convolve(e.x, e.kernels, e.biases)
    one = one_output(e.x, e.kernels, e.biases, n=1, i=2, j=0)
    direct = sum(e.kernels[1, c, u, v] * e.x[c, 2 + u, v]
                 for c in range(2) for u in range(3) for v in range(3))
    assert one.weighted_sum == direct and one.value == direct + e.biases[1] == out[1, 2, 0]
    assert one.bias == -2.0 and one.patch.shape == (2, 3, 3)
    # The bias is the same at every position of a map: subtracting it leaves the products.
    no_bias = convolve(e.x, e.kernels, np.zeros(2))
    np.testing.assert_array_equal(out - no_bias, np.broadcast_to(e.biases[:, None, None],
                                                                 out.shape))
    assert one.text.endswith(f"= {int(direct)} + (-2) = {int(direct - 2)}")


@pytest.mark.parametrize(("make", "pattern"), [
    (lambda: conv_layer(0, 1, 1), "k = 0: not a usable size"),
    (lambda: conv_layer(3, 1, 1, stride=0), "stride = 0"),
    (lambda: conv_layer(3, 1, 1, padding=-1), "padding = -1"),
    (lambda: conv_layer(7, 1, 1, height=5), "the filter is larger than the padded height"),
    (lambda: conv_layer(3.5, 1, 1), r"k = 3.5"),
    (lambda: convolve(np.zeros((2, 5, 5)), np.zeros((1, 3, 3, 3)), np.zeros(1)),
     r"kernels = an array of shape \(1, 3, 3, 3\): wrong shape"),
    (lambda: convolve(np.zeros((1, 5, 5)), np.zeros((2, 1, 3, 3)), np.zeros(3)),
     "one bias per filter"),
    (lambda: one_output(*vars(small_example()).values(), n=2, i=0, j=0),
     "n = 2: outside the output"),
])
def test_bad_layers_are_refused_by_name(make, pattern):
    with pytest.raises(ParameterError, match=pattern):
        make()
