"""The two famous simplifications, derived step by step by sympy.

Taught in lesson 13, "Activation functions". A sigmoid output with binary
cross-entropy, and softmax outputs with cross-entropy, both leave the output
layer the same error signal, output minus target: dE/dz = a - t and
dE/dz_j = s_j - t_j. Each derivation starts from the package's one definition
of each function (`activations.sigmoid`, `losses.cross_entropy`,
`softmax.softmax_exprs`), never a retyped formula: the derivative as sympy
computes it, the chain rule's factors, the product cancelled and multiplied
out, and sympy's verdict that the short form equals the derivative.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from .activations import sigmoid, x, y
from .losses import cross_entropy, o, t
from .softmax import LOSS_TERM, K, in_all_outputs, loss_expr, softmax_exprs, symbols

__all__ = ["STEP_KINDS", "Simplification", "sigmoid_cross_entropy", "softmax_cross_entropy"]

#: What each step after the chain rule does, in the order they can come.
STEP_KINDS = ("cancelled", "multiplied out", "collected", "targets sum to 1")

#: The error of one example, the symbol both derivations differentiate.
E = sp.Symbol("E")


@dataclass(frozen=True, eq=False, kw_only=True)
class Simplification:
    """One derivation: definitions, sympy's derivative, the chain rule, the steps, the verdict.

    `terms` is the chain rule, a sum of products of two factors, each factor a
    symbol named like ∂E/∂a (its LaTeX in `latex_names`); `factors` pairs each
    with its form derived from the definitions, and `chain` is their product
    as sympy multiplies it; `steps` pairs each step's kind (one of `STEP_KINDS`)
    with the expression after it, the last being `result`; `equal` is sympy's
    verdict that `derived`, the derivative of the definitions composed, is
    `result` with every output written out in the net inputs (`outputs`).
    `abbreviations` name long subexpressions for display only (softmax's sum
    of exponentials, Σ); every check is made on the full expressions.
    """

    name: str
    variable: sp.Symbol
    definitions: tuple[tuple[sp.Symbol, sp.Expr], ...]
    derivative: sp.Derivative
    derived: sp.Expr
    terms: tuple[tuple[sp.Symbol, sp.Symbol], ...]
    factors: tuple[tuple[sp.Symbol, sp.Expr], ...]
    chain: sp.Expr
    steps: tuple[tuple[str, sp.Expr], ...]
    uses: sp.Eq | None
    result: sp.Expr
    outputs: tuple[tuple[sp.Symbol, sp.Expr], ...]
    latex_names: tuple[tuple[sp.Symbol, str], ...]
    equal: bool
    abbreviations: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()

    def __repr__(self) -> str:
        verdict = "equal" if self.equal else "NOT equal"
        return f"Simplification({self.name}: dE/d{self.variable} = {self.result}, sympy: {verdict})"


def _partial(top: sp.Symbol, bottom: sp.Symbol) -> tuple[sp.Symbol, str]:
    """A chain-rule factor as a symbol: plain name ∂top/∂bottom, and its LaTeX."""
    latex = rf"\frac{{\partial {sp.latex(top)}}}{{\partial {sp.latex(bottom)}}}"
    return sp.Symbol(f"∂{top}/∂{bottom}"), latex


def _cancelled(first: sp.Expr, second: sp.Expr) -> sp.Expr:
    """first * second, with first's denominator cancelled against second.

    (1 - t)/(1 - a) times a(1 - a) becomes a(1 - t): the factor that cancels is
    found by sympy (`cancel`), and what remains is left unexpanded.
    """
    top, bottom = sp.fraction(sp.together(first))
    rest = sp.cancel(second / bottom)
    if sp.denom(rest) != 1:
        return sp.cancel(first * second)
    return top * rest


def _tidy(slope: sp.Expr, output: sp.Symbol) -> sp.Expr:
    # s_1(1 - s_1) reads better than -s_1(s_1 - 1); the factor is checked, not assumed.
    rest = sp.cancel(slope / output)
    if rest.is_polynomial(output) and sp.Poly(rest, output).degree() == 1:
        return sp.Mul(output, rest, evaluate=False)
    return slope


def _verdict(derived: sp.Expr, result: sp.Expr, outputs, constraint: dict | None = None) -> bool:
    # Every output written out in the net inputs; cancel treats each exp(...) as a variable,
    # so a difference that is 0 as a rational function of them cancels to 0 (no simplify()).
    difference = derived - result.xreplace(dict(outputs))
    if constraint:
        difference = difference.xreplace(constraint)
    return sp.cancel(sp.expand(difference)) == 0


@cache
def sigmoid_cross_entropy() -> Simplification:
    """dE/dz = a - t for one sigmoid output a = sigma(z) with binary cross-entropy E."""
    z = sp.Symbol("z", real=True)
    a = sp.Symbol("a", positive=True)
    a_of_z = sigmoid.expr.xreplace({x: z})
    E_of_a = cross_entropy.expr.xreplace({o: a})
    derivative = sp.Derivative(cross_entropy.expr.xreplace({o: a_of_z}), z)
    derived = derivative.doit()

    (dE_da, dE_da_latex), (da_dz, da_dz_latex) = _partial(E, a), _partial(a, z)
    dE_da_form = cross_entropy.derivative.xreplace({o: a})
    assert sigmoid.derivative_of_output is not None  # the sigmoid is invertible
    da_dz_form = sigmoid.derivative_of_output.xreplace({y: a})
    cancelled = sp.Add(*(_cancelled(term, da_dz_form) for term in sp.Add.make_args(dE_da_form)))
    result = sp.expand(cancelled)
    outputs = ((a, a_of_z),)
    return Simplification(
        name="sigmoid-cross-entropy", variable=z,
        definitions=((a, a_of_z), (E, E_of_a)),
        derivative=derivative, derived=derived,
        terms=((dE_da, da_dz),), factors=((dE_da, dE_da_form), (da_dz, da_dz_form)),
        chain=dE_da_form * da_dz_form,
        steps=(("cancelled", cancelled), ("multiplied out", result)), uses=None,
        result=result, outputs=outputs,
        latex_names=((dE_da, dE_da_latex), (da_dz, da_dz_latex)),
        equal=_verdict(derived, result, outputs))


@cache
def softmax_cross_entropy(classes: int = K) -> Simplification:
    """dE/dz_1 = s_1 - t_1 for softmax outputs s_i with cross-entropy E = -sum t_i log s_i.

    Class 1 stands for every class: the definitions treat the classes alike.
    """
    z, targets, s = symbols(classes)
    exprs = softmax_exprs(classes)
    E_of_s = sp.Add(*(LOSS_TERM.xreplace({t: ti, o: si})
                      for ti, si in zip(targets, s, strict=True)))
    derivative = sp.Derivative(loss_expr(classes), z[0])
    derived = derivative.doit()

    factors, names, terms, chain, cancelled = [], [], [], [], []
    for si, expr in zip(s, exprs, strict=True):
        (dE_ds, dE_ds_latex), (ds_dz, ds_dz_latex) = _partial(E, si), _partial(si, z[0])
        dE_ds_form = sp.diff(E_of_s, si)
        ds_dz_form = _tidy(in_all_outputs(sp.diff(expr, z[0]), classes), si)
        factors += [(dE_ds, dE_ds_form), (ds_dz, ds_dz_form)]
        names += [(dE_ds, dE_ds_latex), (ds_dz, ds_dz_latex)]
        terms.append((dE_ds, ds_dz))
        chain.append(dE_ds_form * ds_dz_form)
        cancelled.append(_cancelled(dE_ds_form, ds_dz_form))
    multiplied = sp.expand(sp.Add(*cancelled))
    collected = sp.collect(multiplied, s[0])
    total = sp.Add(*targets)
    result = collected.xreplace({total: sp.Integer(1)})
    outputs = tuple(zip(s, exprs, strict=True))
    # For display: the denominator every output shares, the sum of the exponentials, as Σ.
    sigma = sp.Symbol("Σ", positive=True)
    return Simplification(
        name="softmax-cross-entropy", variable=z[0],
        definitions=(*outputs, (E, E_of_s)),
        derivative=derivative, derived=derived,
        terms=tuple(terms), factors=tuple(factors), chain=sp.Add(*chain),
        steps=(("cancelled", sp.Add(*cancelled)), ("multiplied out", multiplied),
               ("collected", collected), ("targets sum to 1", result)),
        uses=sp.Eq(total, 1), result=result, outputs=outputs,
        latex_names=(*names, (sigma, r"\Sigma")), abbreviations=((sigma, sp.denom(exprs[0])),),
        equal=_verdict(derived, result, outputs,
                       {targets[-1]: 1 - sp.Add(*targets[:-1])}))
