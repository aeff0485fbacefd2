"""Loss functions of one output, each defined once as a sympy expression.

Taught in lesson 04, "The error". As with the activations, dE/dout is derived
by ``sympy.diff`` from the one definition and bridged to numpy by ``lambdify``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from ..language import _
from .bridge import Numeric

__all__ = ["LOSSES", "Loss", "cross_entropy", "half_squared", "o", "squared", "t"]

#: The variables of every loss: the target t and the neuron's output o.
t = sp.Symbol("t")
o = sp.Symbol("o")

with sp.evaluate(False):
    # Built unevaluated so it prints as the post writes it: 1/2 (t - o)^2.
    _half_squared = sp.Mul(sp.Rational(1, 2), sp.Pow(sp.Add(t, sp.Mul(-1, o)), 2))
    _squared = sp.Pow(sp.Add(t, sp.Mul(-1, o)), 2)
    _cross_entropy = sp.Mul(-1, sp.Add(sp.Mul(t, sp.log(o)),
                                       sp.Mul(sp.Add(1, sp.Mul(-1, t)),
                                              sp.log(sp.Add(1, sp.Mul(-1, o))))))


@dataclass(frozen=True, eq=False)
class Loss:
    """One loss of a single output: E(t, o) and the derived dE/do; `note`: what it is."""

    name: str
    expr: sp.Expr

    def __repr__(self) -> str:
        return f"Loss({self.name!r}: {self.expr})"

    @property
    def note(self) -> str:
        """What the loss is, in one line, in the language chosen now."""
        return _notes().get(self.name, "")

    @cached_property
    def derivative(self) -> sp.Expr:
        """dE/do, derived by sympy (common factors pulled out: 2(o - t), not 2o - 2t)."""
        return sp.factor_terms(sp.diff(self.expr, o))

    @cached_property
    def numeric(self) -> Numeric:
        return Numeric((t, o), self.expr)

    @cached_property
    def numeric_slope(self) -> Numeric:
        return Numeric((t, o), self.derivative)

    def __call__(self, target, out):
        """The error of one output."""
        return self.numeric(target, out)

    def slope(self, target, out):
        """dE/dout for one output."""
        return self.numeric_slope(target, out)


def _notes() -> dict[str, str]:
    # Built when asked, so that each note is in the language chosen by then.
    return {
        "half-squared": _("the post's error; the 1/2 cancels the 2 that differentiating brings "
                          "down"),
        "squared": _("the same without the 1/2: every gradient doubles"),
        "cross-entropy": _("binary cross-entropy; with a sigmoid output, delta = out - target"),
    }


half_squared = Loss("half-squared", _half_squared)
squared = Loss("squared", _squared)
cross_entropy = Loss("cross-entropy", _cross_entropy)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (half_squared, squared, cross_entropy)}
