"""In-place numpy programs compiled from sympy: the same numbers as lambdify, bit for bit."""

import tracemalloc

import numpy as np
import pytest
import sympy as sp

from nnlesson.maths.activations import ACTIVATIONS, x, y
from nnlesson.maths.inplace import as_max_min, compile_inplace
from nnlesson.maths.losses import LOSSES, o, t

RNG = np.random.default_rng(7)
#: Ordinary values, both zeros, tiny and huge values, infinities and NaN.
EDGES = np.array([0.0, -0.0, 1e-300, -1e-300, 5e-324, 1.0, -1.0, 30.0, -30.0, 700.0, -700.0,
                  800.0, -800.0, np.inf, -np.inf, np.nan])
POINTS = np.concatenate([RNG.standard_normal(2000) * 6, EDGES])


def slope_of(activation):
    expr = activation.derivative_of_output
    return activation.derivative if expr is None else expr


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_matches_lambdify_bit_for_bit(name):
    activation = ACTIVATIONS[name]
    program = compile_inplace(activation.expr, (x,))
    with np.errstate(all="ignore"):
        assert np.array_equal(program(POINTS), activation(POINTS), equal_nan=True)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_derivative_matches_lambdify_bit_for_bit(name):
    activation = ACTIVATIONS[name]
    with np.errstate(all="ignore"):
        outputs = activation(POINTS)
        program = compile_inplace(slope_of(activation), (x, y))
        assert np.array_equal(program(POINTS, outputs), activation.slope(POINTS, outputs),
                              equal_nan=True)


@pytest.mark.parametrize("name", list(LOSSES))
def test_every_loss_and_its_derivative_match_lambdify(name):
    loss = LOSSES[name]
    targets, outputs = RNG.random(500), RNG.uniform(0.001, 0.999, 500)
    assert np.array_equal(compile_inplace(loss.expr, (t, o))(targets, outputs),
                          loss(targets, outputs))
    assert np.array_equal(compile_inplace(loss.derivative, (t, o))(targets, outputs),
                          loss.slope(targets, outputs))


def test_relu_becomes_maximum_and_its_derivative_a_mask_multiply():
    relu = ACTIVATIONS["relu"]
    assert "np.maximum(0.0, x, out=out)" in compile_inplace(relu.expr, (x,)).source
    d = sp.Symbol("d")
    backward = compile_inplace(sp.Mul(d, relu.derivative, evaluate=False), (d, x))
    assert "copyto" not in backward.source and "np.multiply(d, m0, out" in backward.source
    assert backward.scratch == 0 and backward.masks == 1


def test_max_and_min_are_proved_not_assumed():
    assert as_max_min(ACTIVATIONS["relu"].expr) == sp.Max(0, x, evaluate=False)
    assert as_max_min(ACTIVATIONS["leaky_relu"].expr) == sp.Max(x / 100, x, evaluate=False)
    assert as_max_min(sp.Piecewise((x, x <= 0), (0, True))) == sp.Min(x, 0, evaluate=False)
    # x^2 below 0 and 1 above is neither the larger nor the smaller branch everywhere.
    assert as_max_min(sp.Piecewise((x**2, x <= 0), (1, True))) is None
    # Wrong way round: 0 where x > 0 and x elsewhere is Min, never Max.
    assert as_max_min(sp.Piecewise((0, x > 0), (x, True))) == sp.Min(0, x, evaluate=False)


def test_a_general_piecewise_keeps_lambdify_semantics_even_for_nan():
    expr = sp.Piecewise((3 * x, x < 1), (x**2 + 1, True))
    values = np.array([-2.0, 0.5, 1.0, 3.0, np.nan])
    assert np.array_equal(compile_inplace(expr, (x,))(values), sp.lambdify(x, expr)(values),
                          equal_nan=True)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_float32_stays_float32(name):
    activation = ACTIVATIONS[name]
    values = (RNG.standard_normal(100) * 3).astype(np.float32)
    out = np.empty_like(values)
    program = compile_inplace(activation.expr, (x,))
    result = program(values, out=out, buffers=program.buffers(out))
    assert result is out and out.dtype == np.float32
    np.testing.assert_allclose(out, activation(values.astype(np.float64)), rtol=1e-6, atol=1e-6)


def _peak_bytes(call) -> int:
    """The most memory `call()` held at once beyond what was allocated before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


D = sp.Symbol("d")
#: A loss that needs float scratch buffers, and ReLU's backward step that needs a mask.
REUSED = {"cross-entropy": (LOSSES["cross-entropy"].expr, (t, o),
                            lambda a, b: LOSSES["cross-entropy"](a, b)),
          "relu backward": (sp.Mul(D, ACTIVATIONS["relu"].derivative, evaluate=False), (D, x),
                            lambda a, b: a * ACTIVATIONS["relu"].slope(b, b))}


@pytest.mark.parametrize("name", REUSED)
def test_buffers_are_reused_not_reallocated(name):
    expr, args, reference = REUSED[name]
    program = compile_inplace(expr, args)
    assert program.scratch + program.masks > 0, program.source
    n = 1_000_000
    out = np.empty(n)
    buffers = program.buffers(out)
    assert len(buffers) == program.scratch + program.masks
    addresses = [a.ctypes.data for a in (out, *buffers)]
    # Sentinels: NaN in the float buffers, all True in the masks; the call must overwrite them.
    for buffer in buffers:
        buffer.fill(True if buffer.dtype == bool else np.nan)
    rng = np.random.default_rng(3)
    for _ in range(3):
        # Fresh numbers each call: nothing left in a buffer from the last call may leak.
        first = rng.uniform(0.05, 0.95, n)
        second = rng.uniform(0.05, 0.95, n) if name == "cross-entropy" else rng.uniform(-1, 1, n)
        result = program(first, second, out=out, buffers=buffers)
        assert result is out
        assert np.array_equal(out, reference(first, second))
    assert [a.ctypes.data for a in (out, *buffers)] == addresses
    for buffer in buffers:
        assert not (buffer.all() if buffer.dtype == bool else np.isnan(buffer).all())
    # With its buffers given, a call allocates no array: at most numpy's own casting buffer
    # of 8192 elements (64 KiB, whatever n is), well below the smallest buffer, a mask of
    # n bytes. Without them it allocates each buffer afresh, which the same measurement sees.
    given = _peak_bytes(lambda: program(first, second, out=out, buffers=buffers))
    fresh = _peak_bytes(lambda: program(first, second, out=out))
    assert given < n / 4, given
    assert fresh >= len(buffers) * n, fresh


def test_what_cannot_be_compiled_is_refused_by_name():
    with pytest.raises(ValueError, match="sin"):
        compile_inplace(sp.sin(x), (x,))
    with pytest.raises(ValueError, match="not among the arguments"):
        compile_inplace(x + y, (x,))
    with pytest.raises(TypeError, match="takes 1 arrays"):
        compile_inplace(x, (x,))(np.ones(2), np.ones(2))
