"""Activation functions, each defined once as a sympy expression.

Taught in lesson 13, "Activation functions". The derivative is derived from
that one definition with ``sympy.diff`` and both are turned into numpy
functions with ``lambdify``, so the numbers, the formulas on screen and the
symbolic proofs cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from ..language import _, join
from .bridge import Numeric

__all__ = ["ACTIVATIONS", "Activation", "LEAKY_SLOPE", "get", "identity", "leaky_relu", "relu",
           "sigmoid", "tanh", "x", "y"]

#: The variables of every activation: x is the neuron's net input, y its output.
x = sp.Symbol("x")
y = sp.Symbol("y")

#: Leaky ReLU's slope for negative inputs (the common default of 0.01).
LEAKY_SLOPE = sp.Rational(1, 100)


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function: its definition and what sympy derives from it.

    `inverse` (x in terms of y, for invertible functions) lets the derivative be
    written in terms of the neuron's output, as the classic post writes
    out(1 - out) for the sigmoid; tests check that it really inverts `expr`.
    `note` says in one line what it does, in the current language.
    """

    name: str
    expr: sp.Expr
    inverse: sp.Expr | None = None
    latex_name: str = ""

    def __repr__(self) -> str:
        return f"Activation({self.name!r}: {self.expr})"

    @property
    def note(self) -> str:
        """What the activation does, in one line, in the language chosen now."""
        return _notes().get(self.name, "")

    @cached_property
    def derivative(self) -> sp.Expr:
        """d expr / dx, derived by sympy."""
        return sp.diff(self.expr, x)

    @cached_property
    def derivative_of_output(self) -> sp.Expr | None:
        """The derivative as a function of the output y, or None when it needs x."""
        if self.inverse is None:
            return None
        # exp(-log(z)) and tanh(atanh(z)) collapse on their own; cancel tidies the fraction.
        in_y = sp.cancel(self.derivative.subs(x, self.inverse))
        if in_y.free_symbols - {y}:
            return None
        quotient = sp.cancel(in_y / y)
        if quotient.is_polynomial(y) and quotient != 0:
            # y(1 - y) reads better than y - y^2, and is the post's form.
            return sp.Mul(y, quotient, evaluate=False)
        return in_y

    @cached_property
    def function(self) -> type[sp.Function]:
        """The activation as an opaque sympy function, e.g. sigma(net_o1).

        Composed expressions stay readable (sigma(w_5 sigma(...) + ...)) and sympy's
        chain rule produces exactly the derived factors: its derivative is
        `derivative_of_output` of itself, or `derivative` at its argument.
        """
        activation = self

        def fdiff(self, argindex=1):
            if activation.derivative_of_output is not None:
                return activation.derivative_of_output.xreplace({y: self})
            return activation.derivative.xreplace({x: self.args[0]})

        def _latex(self, printer, exp=None):
            body = rf"{activation.latex_name}\left({printer._print(self.args[0])}\right)"
            return body if exp is None else rf"{body}^{{{exp}}}"

        return type(self.name, (sp.Function,), {"nargs": 1, "fdiff": fdiff, "_latex": _latex})

    @cached_property
    def numeric(self) -> Numeric:
        """The activation as a function of numbers (scalars or arrays)."""
        return Numeric((x,), self.expr)

    @cached_property
    def numeric_slope(self) -> Numeric:
        """d out / d net as a function of (net, out): from the output when it can be."""
        if self.derivative_of_output is not None:
            return Numeric((x, y), self.derivative_of_output)
        return Numeric((x, y), self.derivative)

    def __call__(self, net):
        """The output for a net input (a number or an array)."""
        return self.numeric(net)

    def slope(self, net, out):
        """d out / d net at a neuron, given its net input and its output."""
        return self.numeric_slope(net, out)


def _notes() -> dict[str, str]:
    # Built when asked, so that each note is in the language chosen by then.
    return {
        "sigmoid": _("squashes any number into (0, 1); the classic post's choice"),
        "tanh": _("squashes into (-1, 1) and is centred on 0"),
        "relu": _("max(0, x); its derivative at 0 is taken to be 0, as PyTorch and "
                  "TensorFlow do"),
        "leaky_relu": _("like ReLU, but a small slope (0.01) below 0 keeps some gradient "
                        "flowing"),
        "identity": _("no squashing: the output layer of a regression network"),
    }


sigmoid = Activation(
    "sigmoid", 1 / (1 + sp.exp(-x)), inverse=sp.log(y / (1 - y)), latex_name=r"\sigma")
tanh = Activation("tanh", sp.tanh(x), inverse=sp.atanh(y), latex_name=r"\tanh")
relu = Activation(
    "relu", sp.Piecewise((0, x <= 0), (x, True)), latex_name=r"\operatorname{ReLU}")
leaky_relu = Activation(
    "leaky_relu", sp.Piecewise((LEAKY_SLOPE * x, x <= 0), (x, True)),
    latex_name=r"\operatorname{LeakyReLU}")
identity = Activation("identity", x, inverse=y, latex_name=r"\operatorname{id}")

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (sigmoid, tanh, relu, leaky_relu, identity)
}


def get(name: str) -> Activation:
    """The activation called `name`, or a clear error listing the known ones."""
    from ..errors import ParameterError

    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ParameterError("activation", name, _("not a known activation"),
                             _("one of {choices}", choices=join(ACTIVATIONS))) from None
