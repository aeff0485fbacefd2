"""Softmax and softmax cross-entropy, defined once and differentiated by sympy.

Taught in lesson 13, "Activation functions" (softmax), and used by the general
network (lesson 18) for more than two classes. Softmax is not an activation
of one neuron: each output depends on every net input of its layer,

    s_i = exp(z_i) / sum_j exp(z_j),

so it lives here rather than in ``nnlesson.maths.activations``. Its loss, the
error of one example, is E = -sum_i t_i log(s_i). sympy derives the Jacobian
ds_i/dz_j and the gradient dE/dz_j = s_j - t_j from these two definitions
(``nnlesson.maths.simplifications`` shows the steps); the network's output
layer uses the derived gradient, output minus target (``nnlesson.maths.kernels``,
checked against it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy as sp

from ..language import _
from .losses import o, t

__all__ = ["K", "SOFTMAX_CROSS_ENTROPY", "SoftmaxCrossEntropy", "class_symbols", "in_all_outputs",
           "in_outputs", "loss_expr", "shift_invariant", "softmax", "softmax_exprs", "symbols"]

#: Classes used for the derivation. Three are enough to have a class whose
#: derivative is taken, another class, and a third that is eliminated with the
#: constraints; tests repeat the derivation for 2 to 5 classes.
K = 3


def symbols(classes: int = K):
    """z_1..z_K (net inputs), t_1..t_K (targets), s_1..s_K (softmax outputs)."""
    z = sp.symbols(f"z_1:{classes + 1}", real=True)
    targets = sp.symbols(f"t_1:{classes + 1}", real=True)
    s = sp.symbols(f"s_1:{classes + 1}", positive=True)
    return z, targets, s


def class_symbols() -> tuple[sp.Symbol, sp.Symbol]:
    """s_j and t_j: the output and the target of any one class j."""
    return sp.Symbol("s_j", positive=True), sp.Symbol("t_j", real=True)


#: The loss of one output: the target times minus the log of the output.
#: Softmax cross-entropy is its sum over the classes.
with sp.evaluate(False):
    LOSS_TERM = sp.Mul(-1, sp.Mul(t, sp.log(o)))


def softmax_exprs(classes: int = K) -> tuple[sp.Expr, ...]:
    """s_i = exp(z_i) / sum_j exp(z_j) for every class i."""
    z, _, _ = symbols(classes)
    total = sp.Add(*(sp.exp(v) for v in z))
    return tuple(sp.exp(v) / total for v in z)


def loss_expr(classes: int = K) -> sp.Expr:
    """E = -sum_i t_i log(s_i), with s_i the softmax of the z's."""
    _, targets, _ = symbols(classes)
    return sp.Add(*(LOSS_TERM.subs({t: ti, o: si})
                    for ti, si in zip(targets, softmax_exprs(classes), strict=True)))


def in_outputs(expr: sp.Expr, classes: int = K) -> sp.Expr:
    """`expr` in terms of the outputs s_i and targets t_i, using sum s = 1 and sum t = 1.

    Softmax does not change when every z_i is shifted by the same number, so
    the z's may be taken as log(s_i), which makes exp(z_i) = s_i; then the last
    output and target are eliminated with the two constraints.
    """
    z, targets, s = symbols(classes)
    expr = sp.cancel(expr.subs({zi: sp.log(si) for zi, si in zip(z, s, strict=True)}))
    expr = expr.subs(s[-1], 1 - sp.Add(*s[:-1]))
    expr = expr.subs(targets[-1], 1 - sp.Add(*targets[:-1]))
    return sp.factor(sp.expand(expr))


def in_all_outputs(expr: sp.Expr, classes: int = K) -> sp.Expr:
    """`expr` in terms of the outputs s_i, using sum s = 1 but keeping every output.

    As in `in_outputs`, the z's are taken as log(s_i); the sum of the outputs
    is then replaced by 1 where it appears. Unlike `in_outputs`, no output is
    eliminated, so ds_3/dz_1 reads -s_1 s_3 rather than s_1 (s_1 + s_2 - 1).
    """
    z, _, s = symbols(classes)
    with_logs = expr.subs({zi: sp.log(si) for zi, si in zip(z, s, strict=True)})
    return sp.factor(sp.expand(with_logs.xreplace({sp.Add(*s): sp.Integer(1)})))


def shift_invariant(classes: int = K) -> bool:
    """sympy's proof that softmax(z - c) = softmax(z): why subtracting max(z) is allowed."""
    z, _, _ = symbols(classes)
    c = sp.Symbol("c", real=True)
    shifted = tuple(e.subs({zi: zi - c for zi in z}, simultaneous=True)
                    for e in softmax_exprs(classes))
    return all(sp.simplify(a - b) == 0 for a, b in zip(shifted, softmax_exprs(classes),
                                                       strict=True))


@dataclass(frozen=True, eq=False)
class SoftmaxCrossEntropy:
    """Softmax outputs with the cross-entropy loss, and what sympy derives from them."""

    name: str = "softmax-cross-entropy"

    def __repr__(self) -> str:
        return f"SoftmaxCrossEntropy(E = -sum t_i log s_i, dE/dz_j = {self.class_delta})"

    @property
    def note(self) -> str:
        """What the loss is, in one line, in the language chosen now."""
        return _("softmax outputs with cross-entropy; the derived delta is out - target")

    @property
    def expr(self) -> sp.Expr:
        """The loss of one output, -t log(o); the network sums it over the classes."""
        return LOSS_TERM

    @cached_property
    def gradient(self) -> sp.Expr:
        """dE/dz_1 as sympy's diff gives it, in the z's and t's."""
        z, _, _ = symbols()
        return sp.diff(loss_expr(), z[0])

    @cached_property
    def class_delta(self) -> sp.Expr:
        """dE/dz_j in the output s_j and target t_j of class j: sympy derives s_j - t_j."""
        _, targets, s = symbols()
        s_j, t_j = class_symbols()
        return in_outputs(self.gradient).subs({s[0]: s_j, targets[0]: t_j})

    @cached_property
    def delta(self) -> sp.Expr:
        """The same in the loss's own symbols, output o and target t (o - t), for the kernels."""
        s_j, t_j = class_symbols()
        return self.class_delta.subs({s_j: o, t_j: t})

    @cached_property
    def jacobian(self) -> tuple[sp.Expr, sp.Expr]:
        """ds_i/dz_i and ds_i/dz_j (i != j) in terms of the outputs: s_i(1 - s_i), -s_i s_j."""
        z, _, s = symbols()
        s1 = softmax_exprs()[0]
        same = in_outputs(sp.diff(s1, z[0]))
        # s_1(1 - s_1) reads better than -s_1(s_1 - 1); the factor s_1 is checked, not assumed.
        if sp.cancel(same / s[0]).is_polynomial(s[0]):
            same = sp.Mul(s[0], sp.cancel(same / s[0]), evaluate=False)
        return (same, in_outputs(sp.diff(s1, z[1])))


SOFTMAX_CROSS_ENTROPY = SoftmaxCrossEntropy()


def softmax(Z: np.ndarray, *, out: np.ndarray | None = None,
            column: np.ndarray | None = None) -> np.ndarray:
    """softmax of each column of Z (shape (K, m): K classes, m examples).

    Computed as exp(z - max z) / sum exp(z - max z), equal to the definition by
    `shift_invariant`, so that exp never overflows. `out` (like Z) and `column`
    (shape (1, m)) are optional buffers for the training loop.
    """
    if out is None:
        out = np.empty_like(Z)
    if column is None:
        column = np.empty((1, Z.shape[1]), dtype=Z.dtype)
    np.max(Z, axis=0, keepdims=True, out=column)
    np.subtract(Z, column, out=out)
    np.exp(out, out=out)
    np.sum(out, axis=0, keepdims=True, out=column)
    np.divide(out, column, out=out)
    return out
