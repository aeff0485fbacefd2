"""The activations, losses and their derivatives as numpy kernels that write into buffers.

Taught in lesson 15, "The matrix form". ``lambdify`` turns ``1/(1 + exp(-x))``
into Python that allocates a fresh array for every operation; on a layer of
50 neurons times 100,000 examples that allocation costs as much as the
arithmetic. So the general network's training loop calls these small kernels
instead, which write into buffers allocated once. Each kernel is the sympy
definition in `nnlesson.maths.activations` / `losses` / `softmax`, written
out operation by operation in the order sympy prints it; tests/test_kernels.py
checks every kernel against ``lambdify`` of its definition, so the two cannot
drift apart.

Every kernel takes its inputs, then `out` and a `Scratch` of buffers shaped
like `out`; `out` must not be one of the inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .activations import ACTIVATIONS, y
from .losses import LOSSES, o
from .softmax import SOFTMAX_CROSS_ENTROPY

__all__ = ["ACTIVATION", "BACKWARD", "LOSS", "Scratch", "output_delta", "output_delta_expr"]


@dataclass(frozen=True, eq=False)
class Scratch:
    """Two float buffers and a boolean one shaped like a kernel's output: allocate once, reuse."""

    floats: np.ndarray
    more: np.ndarray
    mask: np.ndarray

    @classmethod
    def like(cls, out: np.ndarray) -> Scratch:
        return cls(np.empty_like(out), np.empty_like(out), np.empty(out.shape, dtype=bool))


Kernel = Callable[..., None]


# -- A = g(Z) ------------------------------------------------------------------------------------

def _sigmoid(z, out, s: Scratch) -> None:
    # 1/(1 + exp(-x))
    np.negative(z, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    np.divide(1.0, out, out=out)


def _tanh(z, out, s: Scratch) -> None:
    np.tanh(z, out=out)


def _relu(z, out, s: Scratch) -> None:
    # Piecewise((0, x <= 0), (x, True)) is max(0, x) (0 at a net input of exactly 0).
    np.maximum(0.0, z, out=out)


def _leaky_relu(z, out, s: Scratch) -> None:
    # Piecewise((x/100, x <= 0), (x, True)) is max(x/100, x): x/100 is the larger below 0.
    np.divide(z, 100.0, out=s.floats)
    np.maximum(s.floats, z, out=out)


def _identity(z, out, s: Scratch) -> None:
    np.copyto(out, z)


#: A[l] = g(Z[l]) for each activation, by name.
ACTIVATION: dict[str, Kernel] = {"sigmoid": _sigmoid, "tanh": _tanh, "relu": _relu,
                                 "leaky_relu": _leaky_relu, "identity": _identity}


# -- dZ = dA * g'(Z), with g' from the output y where sympy writes it so ------------------------

def _sigmoid_back(dA, z, y_, out, s: Scratch) -> None:
    # dA*y*(1 - y)
    np.subtract(1.0, y_, out=s.floats)
    np.multiply(dA, y_, out=out)
    np.multiply(out, s.floats, out=out)


def _tanh_back(dA, z, y_, out, s: Scratch) -> None:
    # dA*(1 - y**2)
    np.square(y_, out=s.floats)
    np.subtract(1.0, s.floats, out=s.floats)
    np.multiply(dA, s.floats, out=out)


def _relu_back(dA, z, y_, out, s: Scratch) -> None:
    # dA * Piecewise((0, x <= 0), (1, True)): the mask "not x <= 0", so that a NaN net
    # input takes the second branch, as the Piecewise does.
    np.less_equal(z, 0.0, out=s.mask)
    np.logical_not(s.mask, out=s.mask)
    np.multiply(dA, s.mask, out=out)


def _leaky_relu_back(dA, z, y_, out, s: Scratch) -> None:
    # dA * Piecewise((1/100, x <= 0), (1, True))
    np.less_equal(z, 0.0, out=s.mask)
    s.floats.fill(1.0)
    np.copyto(s.floats, 0.01, where=s.mask)
    np.multiply(dA, s.floats, out=out)


def _identity_back(dA, z, y_, out, s: Scratch) -> None:
    np.copyto(out, dA)


#: dZ[l] = dA[l] * g'(Z[l]) for each activation, by name; arguments (dA, Z, A).
BACKWARD: dict[str, Kernel] = {"sigmoid": _sigmoid_back, "tanh": _tanh_back,
                               "relu": _relu_back, "leaky_relu": _leaky_relu_back,
                               "identity": _identity_back}


# -- E(t, o) of every output -----------------------------------------------------------------

def _half_squared(t_, o_, out, s: Scratch) -> None:
    # (t - o)**2/2
    np.subtract(t_, o_, out=out)
    np.square(out, out=out)
    np.divide(out, 2.0, out=out)


def _squared(t_, o_, out, s: Scratch) -> None:
    np.subtract(t_, o_, out=out)
    np.square(out, out=out)


def _cross_entropy(t_, o_, out, s: Scratch) -> None:
    # -(t*log(o) + (1 - t)*log(1 - o))
    np.log(o_, out=s.floats)
    np.multiply(t_, s.floats, out=s.floats)
    np.subtract(1.0, t_, out=s.more)
    np.subtract(1.0, o_, out=out)
    np.log(out, out=out)
    np.multiply(s.more, out, out=out)
    np.add(s.floats, out, out=out)
    np.negative(out, out=out)


def _softmax_cross_entropy(t_, o_, out, s: Scratch) -> None:
    # -t*log(o) for every class; the cost sums over the classes.
    np.log(o_, out=out)
    np.multiply(t_, out, out=out)
    np.negative(out, out=out)


#: E(t, o) of each output, by loss name.
LOSS: dict[str, Kernel] = {"half-squared": _half_squared, "squared": _squared,
                           "cross-entropy": _cross_entropy,
                           "softmax-cross-entropy": _softmax_cross_entropy}


# -- dZ[L] = dE/dA[L] * g'(Z[L]) -----------------------------------------------------------------

def output_delta_expr(output: str, loss: str) -> sp.Expr:
    """dZ[L] as sympy derives it, in t (target), x (= Z[L]) and y (= A[L]).

    When the product has a removable singularity, as binary cross-entropy's
    (1 - t)/(1 - y) - t/y times the sigmoid's y(1 - y), sympy's cancelled form
    (y - t) is used: the same function, and finite when y is 0 or 1.
    """
    if loss == SOFTMAX_CROSS_ENTROPY.name:
        return SOFTMAX_CROSS_ENTROPY.delta.subs(o, y)
    activation = ACTIVATIONS[output]
    slope = activation.derivative_of_output
    slope = activation.derivative if slope is None else slope
    dE_dout = LOSSES[loss].derivative.subs(o, y)
    product = sp.Mul(dE_dout, slope, evaluate=False)
    if sp.denom(sp.together(dE_dout)).has(y):
        fused = sp.factor(sp.cancel(product))
        if not sp.denom(fused).has(y):
            return fused
    return product


def _minus_target(t_, z, y_, out, s: Scratch) -> None:
    np.subtract(y_, t_, out=out)


def _twice_minus_target(t_, z, y_, out, s: Scratch) -> None:
    np.subtract(y_, t_, out=out)
    np.multiply(out, 2.0, out=out)


#: dE/do of each loss whose delta is not fused: o - t and 2(o - t).
_SLOPE: dict[str, Kernel] = {"half-squared": _minus_target, "squared": _twice_minus_target}


def output_delta(output: str, loss: str) -> Kernel:
    """The kernel (t, Z, A, out, scratch) -> dZ[L] for this output activation and loss."""
    if loss in ("cross-entropy", "softmax-cross-entropy"):
        # y - t: what output_delta_expr derives for a sigmoid with binary cross-entropy and
        # for softmax with cross-entropy; finite even where y rounds to 0 or 1.
        return _minus_target
    slope, back = _SLOPE[loss], BACKWARD[output]

    def delta(t_, z, y_, out, s: Scratch) -> None:
        slope(t_, z, y_, out, s)
        back(out, z, y_, out, s)

    return delta
