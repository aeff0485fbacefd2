"""The numpy kernels of the general network: each is its sympy definition, as lambdify computes it.

The kernels write the definitions out operation by operation in sympy's printed
order, so in practice they give lambdify's numbers bit for bit; the tests allow
4 ulps, because two differently written programs are not guaranteed to round
alike (that is the lesson of tests/test_network.py), and a wrong kernel misses
by far more.
"""

import tracemalloc

import numpy as np
import pytest
import sympy as sp

from nnlesson.maths.activations import ACTIVATIONS, x, y
from nnlesson.maths.kernels import (
    ACTIVATION,
    BACKWARD,
    LOSS,
    Scratch,
    output_delta,
    output_delta_expr,
)
from nnlesson.maths.losses import LOSSES, o, t
from nnlesson.maths.softmax import LOSS_TERM

RNG = np.random.default_rng(7)
#: Ordinary values, both zeros, tiny and huge values, infinities and NaN.
EDGES = np.array([0.0, -0.0, 1e-300, -1e-300, 5e-324, 1.0, -1.0, 30.0, -30.0, 700.0, -700.0,
                  800.0, -800.0, np.inf, -np.inf, np.nan])
POINTS = np.concatenate([RNG.standard_normal(2000) * 6, EDGES])
ULPS = 4


def close(a, b) -> bool:
    """Equal to within ULPS units in the last place, NaN where the other is NaN."""
    a, b = np.asarray(a, dtype=float), np.broadcast_to(np.asarray(b, dtype=float), np.shape(a))
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= ULPS * np.spacing(np.maximum(np.abs(a), np.abs(b)))
    return bool(np.all(same | near))


def run(kernel, *inputs, shape=None):
    out = np.empty(np.shape(inputs[0]) if shape is None else shape)
    with np.errstate(all="ignore"):
        kernel(*inputs, out, Scratch.like(out))
    return out


def lambdified(expr, args, *values):
    with np.errstate(all="ignore"):
        return sp.lambdify(args, expr, "numpy")(*values)


def test_every_activation_has_its_kernels():
    assert set(ACTIVATION) == set(ACTIVATIONS) == set(BACKWARD)
    assert set(LOSS) == {*LOSSES, "softmax-cross-entropy"}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_kernel_is_its_definition(name):
    activation = ACTIVATIONS[name]
    assert close(run(ACTIVATION[name], POINTS), lambdified(activation.expr, x, POINTS))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_backward_kernel_is_dA_times_the_derived_slope(name):
    activation = ACTIVATIONS[name]
    with np.errstate(all="ignore"):
        outputs = activation(POINTS)
    dA = RNG.standard_normal(POINTS.size)
    slope = activation.derivative_of_output
    slope = activation.derivative if slope is None else slope
    dA_symbol = sp.Symbol("dA")
    expected = lambdified(sp.Mul(dA_symbol, slope, evaluate=False), (dA_symbol, x, y), dA,
                          POINTS, outputs)
    assert close(run(BACKWARD[name], dA, POINTS, outputs), expected)


@pytest.mark.parametrize("name", [*LOSSES, "softmax-cross-entropy"])
def test_every_loss_kernel_is_its_definition(name):
    targets, outputs = RNG.random(500), RNG.uniform(0.001, 0.999, 500)
    expr = LOSS_TERM if name == "softmax-cross-entropy" else LOSSES[name].expr
    assert close(run(LOSS[name], targets, outputs), lambdified(expr, (t, o), targets, outputs))


@pytest.mark.parametrize(("output", "loss"), [
    ("sigmoid", "cross-entropy"), ("softmax", "softmax-cross-entropy"),
    *((a, loss) for a in ACTIVATIONS for loss in ("half-squared", "squared"))])
def test_every_output_delta_is_what_sympy_derives(output, loss):
    targets = RNG.random(500)
    net = RNG.standard_normal(500) * 3
    if output == "softmax":
        outputs = RNG.dirichlet(np.ones(500))
    else:
        outputs = ACTIVATIONS[output](net)
    expected = lambdified(output_delta_expr(output, loss), (t, x, y), targets, net, outputs)
    assert close(run(output_delta(output, loss), targets, net, outputs), expected)


def test_the_cross_entropy_delta_is_finite_where_the_output_saturates():
    # Where a sigmoid rounds to exactly 0 or 1, dE/dout * dout/dnet is 0 * inf; sympy's
    # cancelled form y - t is what the kernel computes.
    targets, outputs = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert output_delta_expr("sigmoid", "cross-entropy") == y - t
    assert run(output_delta("sigmoid", "cross-entropy"), targets, None, outputs).tolist() == \
        [-1.0, 1.0]


def test_a_wrong_kernel_would_be_caught():
    # The oracle can fail: tanh's derivative written with the wrong sign is far outside 4 ulps.
    outputs = np.tanh(POINTS[:2000])
    wrong = lambdified(1 + y**2, y, outputs)
    assert not close(run(BACKWARD["tanh"], np.ones(2000), POINTS[:2000], outputs), wrong)


def test_kernels_write_into_the_buffers_they_are_given():
    out = np.empty((200, 1000))
    scratch = Scratch.like(out)
    z, a, dA = (RNG.standard_normal(out.shape) for _ in range(3))
    targets, outputs = np.zeros_like(z), np.full_like(z, 0.5)
    addresses = [a.ctypes.data for a in (out, scratch.floats, scratch.more, scratch.mask)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        for name in ACTIVATIONS:
            ACTIVATION[name](z, out, scratch)
            BACKWARD[name](dA, z, a, out, scratch)
        for name in LOSS:
            LOSS[name](targets, outputs, out, scratch)
        output_delta("tanh", "squared")(targets, z, a, out, scratch)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A fresh 200x1000 array would be 1.6 MB; numpy's fixed-size buffer for casting the
    # boolean masks (64 kB, whatever the array's size) is all that may be allocated.
    assert peak - before < 100_000
    assert [a.ctypes.data for a in (out, scratch.floats, scratch.more, scratch.mask)] == addresses
