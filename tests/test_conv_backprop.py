"""Backpropagation through a convolution (lesson 20): against central differences, the loops of
the definition, the forward convolution run on δ, and PyTorch."""

import json
from pathlib import Path

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.maths.differences import central
from nnlesson.topics import convolution as conv

ORACLE = Path(__file__).resolve().parent / "data" / "pytorch-oracle.json"


def random_layer(seed=0, *, C=3, N=2, k=3, size=(7, 6)):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(C, *size)), rng.normal(size=(N, C, k, k)), rng.normal(size=N))


def by_loops(x, kernels, delta, stride, padding):
    """dW, db and dx straight from the chain rule, one product at a time."""
    N, C, k, _ = kernels.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    dW, db, dxp = np.zeros_like(kernels), np.zeros(N), np.zeros_like(xp)
    for n in range(N):
        for i in range(delta.shape[1]):
            for j in range(delta.shape[2]):
                db[n] += delta[n, i, j]
                for c in range(C):
                    for u in range(k):
                        for v in range(k):
                            dW[n, c, u, v] += delta[n, i, j] * xp[c, i * stride + u,
                                                                  j * stride + v]
                            dxp[c, i * stride + u, j * stride + v] += delta[n, i, j] * \
                                kernels[n, c, u, v]
    return dW, db, dxp[:, padding:xp.shape[1] - padding, padding:xp.shape[2] - padding]


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (2, 1), (3, 2), (2, 0)])
def test_the_backward_pass_is_the_chain_rule_one_product_at_a_time(stride, padding):
    x, kernels, biases = random_layer(stride)
    out = conv.convolve(x, kernels, biases, stride=stride, padding=padding)
    delta = np.random.default_rng(9).normal(size=out.shape)
    dW, db, dx = conv.conv_backward(x, kernels, delta, stride=stride, padding=padding)
    for mine, theirs in zip((dW, db, dx), by_loops(x, kernels, delta, stride, padding),
                            strict=True):
        # Sums of a few dozen products in another order: rounding apart.
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)


def test_every_gradient_agrees_with_central_differences_with_stride_and_padding():
    x, kernels, biases = random_layer(1)
    target = np.random.default_rng(2).normal(size=conv.convolve(x, kernels, biases, stride=2,
                                                                padding=1).shape)
    g = conv.conv_gradients(x, kernels, biases, target, stride=2, padding=1)
    for array, gradient in ((kernels, g.dW), (biases, g.db), (x, g.dx)):
        for index in list(np.ndindex(array.shape))[::7]:
            def moved(h, index=index, array=array):
                changed = array.copy()
                changed[index] += h
                parts = {id(kernels): (x, changed, biases), id(biases): (x, kernels, changed),
                         id(x): (changed, kernels, biases)}[id(array)]
                return conv.conv_error(*parts, target, stride=2, padding=1)
            # E is quadratic in each number: the central difference is exact up to rounding.
            assert gradient[index] == pytest.approx(central(moved, 1e-3), rel=1e-8, abs=1e-9)


def test_lesson_20s_check_and_the_bias_as_a_sum():
    e = conv.small_example()
    check = conv.conv_gradient_check(e.x, e.kernels, e.biases, conv.small_target())
    g = check.gradients
    assert all(check.agreement(name) for name in ("dW", "db", "dx"))
    np.testing.assert_array_equal(g.db, g.delta.sum(axis=(1, 2)))
    # Whole numbers throughout, so the forward convolution run on δ gives dW exactly.
    np.testing.assert_array_equal(check.by_correlation, g.dW)
    terms = conv.weight_gradient_terms(e.x, g.delta, n=0, c=0, u=1, v=2)
    assert terms.value == g.dW[0, 0, 1, 2] and terms.inputs.shape == g.delta.shape[1:]
    assert g.E == pytest.approx(0.5 * np.sum((g.out - g.target) ** 2))
    with pytest.raises(ParameterError, match="not a gradient of the layer"):
        check.agreement("dZ")


def test_the_input_gradient_is_a_full_convolution_with_the_flipped_filters():
    x, kernels, biases = random_layer(3, size=(6, 6))
    delta = np.random.default_rng(4).normal(size=conv.convolve(x, kernels, biases).shape)
    _, _, dx = conv.conv_backward(x, kernels, delta)
    k = kernels.shape[2]
    padded = np.pad(delta, ((0, 0), (k - 1, k - 1), (k - 1, k - 1)))
    flipped = kernels[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)     # (C, N, k, k)
    full = conv.convolve(padded, flipped, np.zeros(x.shape[0]))
    np.testing.assert_allclose(dx, full, rtol=1e-12, atol=1e-12)


def conv_case():
    """A seeded layer and target for the PyTorch comparison (tools/pytorch_oracle.py)."""
    x, kernels, biases = random_layer(5)
    target = np.random.default_rng(6).normal(size=conv.convolve(x, kernels, biases, stride=2,
                                                                padding=1).shape)
    return x, kernels, biases, target


def test_the_gradients_are_pytorchs():
    # torch.nn.functional.conv2d's gradients for the same layer, stored by
    # tools/pytorch_oracle.py (PyTorch is not a dependency; see there why).
    torch_says = json.loads(ORACLE.read_text())["conv"]
    x, kernels, biases, target = conv_case()
    g = conv.conv_gradients(x, kernels, biases, target, stride=2, padding=1)
    np.testing.assert_allclose(g.dW, torch_says["dW"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g.db, torch_says["db"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g.dx, torch_says["dx"], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda e: conv.conv_backward(e.x, e.kernels, np.zeros((2, 2, 2))),
     r"delta = an array of shape \(2, 2, 2\): wrong shape"),
    (lambda e: conv.conv_gradients(e.x, e.kernels, e.biases, np.zeros((1, 3, 3))),
     "target = an array of shape"),
    (lambda e: conv.weight_gradient_terms(e.x, np.zeros((2, 3, 3)), n=0, c=2, u=0, v=0),
     "c = 2: outside the filter"),
])
def test_bad_backward_requests_are_refused_by_name(call, pattern):
    with pytest.raises(ParameterError, match=pattern):
        call(conv.small_example())
