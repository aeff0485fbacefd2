"""Softmax and its cross-entropy: what sympy derives, and the numbers the network uses."""

import numpy as np
import pytest
import sympy as sp

from nnlesson.maths.losses import o, t
from nnlesson.maths.softmax import (
    SOFTMAX_CROSS_ENTROPY,
    class_symbols,
    in_all_outputs,
    in_outputs,
    loss_expr,
    shift_invariant,
    softmax,
    softmax_exprs,
    symbols,
)


def test_sympy_derives_delta_as_output_minus_target():
    assert sp.simplify(SOFTMAX_CROSS_ENTROPY.delta - (o - t)) == 0
    # The raw derivative is much longer: the simple form is derived, not typed.
    assert len(sp.srepr(SOFTMAX_CROSS_ENTROPY.gradient)) > 10 * len(sp.srepr(o - t))


def test_the_lesson_writes_it_with_the_class_index():
    # Lesson 13 shows dE/dz_j = s_j - t_j: the letters of softmax, with the index.
    s_j, t_j = class_symbols()
    assert SOFTMAX_CROSS_ENTROPY.class_delta == s_j - t_j
    assert SOFTMAX_CROSS_ENTROPY.delta == SOFTMAX_CROSS_ENTROPY.class_delta.subs({s_j: o, t_j: t})
    assert "dE/dz_j = s_j - t_j" in repr(SOFTMAX_CROSS_ENTROPY)


@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_the_jacobian_keeping_every_output(classes):
    z, _, s = symbols(classes)
    for i in range(classes):
        for j in range(classes):
            entry = in_all_outputs(sp.diff(softmax_exprs(classes)[i], z[j]), classes)
            expected = s[i] * ((1 if i == j else 0) - s[j])
            assert sp.expand(entry - expected) == 0, (i, j)


@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_the_derivation_does_not_depend_on_the_number_of_classes(classes):
    z, targets, s = symbols(classes)
    for j in range(classes - 1):  # the last class is the one eliminated
        derived = in_outputs(sp.diff(loss_expr(classes), z[j]), classes)
        assert sp.expand(derived - (s[j] - targets[j])) == 0


def test_the_jacobian_in_terms_of_the_outputs():
    _, _, s = symbols()
    same, other = SOFTMAX_CROSS_ENTROPY.jacobian
    assert sp.expand(same - s[0] * (1 - s[0])) == 0
    assert sp.expand(other + s[0] * s[1]) == 0


def test_shifting_every_input_leaves_softmax_unchanged():
    assert shift_invariant(2) and shift_invariant(3)


def test_numeric_softmax_equals_the_definition():
    z_symbols, _, _ = symbols(3)
    definition = sp.lambdify(z_symbols, list(softmax_exprs(3)), "numpy")
    Z = np.random.default_rng(3).standard_normal((3, 50)) * 4
    np.testing.assert_allclose(softmax(Z), np.array(definition(*Z)), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(softmax(Z).sum(axis=0), 1.0, rtol=1e-15)


def test_large_inputs_do_not_overflow():
    Z = np.array([[1000.0, -1000.0], [999.0, -1001.0], [0.0, 5000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        S = softmax(Z)
    assert np.all(np.isfinite(S))
    np.testing.assert_allclose(S[:, 0], [1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0)), 0.0],
                               atol=1e-15)


def test_the_delta_kernel_is_output_minus_target():
    from nnlesson.maths.kernels import Scratch, output_delta

    T, O = np.eye(3), softmax(np.arange(9.0).reshape(3, 3))
    out = np.empty_like(O)
    output_delta("softmax", "softmax-cross-entropy")(T, None, O, out, Scratch.like(out))
    np.testing.assert_array_equal(out, O - T)
    assert SOFTMAX_CROSS_ENTROPY.delta == o - t
