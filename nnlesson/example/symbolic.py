"""The symbolic engine: the 2-2-2 example with sympy, exactly.

Taught in lessons 05 and 06 (the chain rule, factor by factor, with sympy's
proof). Every quantity of the worked example has a *local* definition in
terms of the quantities before it, written the way the post writes it
(``dE_dw5 = dE_total_dout_o1 * dout_o1_dnet_o1 * dnet_o1_dw5``); each
derivative in those definitions is derived with ``sympy.diff`` from the
definitions of the activation, the loss and the net inputs, never retyped.

Composing the local definitions gives every quantity as a *full* expression
of the fifteen parameters. Gradients get a second, independent expression:
sympy's own derivative of E_total. `prove` checks that the two are equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from ..errors import NumericError, ParameterError
from ..language import _, join
from ..maths import activations, losses
from ..maths.activations import ACTIVATIONS
from ..maths.losses import LOSSES
from .engine import Context, moved
from .params import (
    CLASSIC,
    DEFAULT,
    FIELDS,
    HIDDEN,
    LAYER_BIAS_OF,
    NEURON_BIASES,
    OUTPUT,
    OUTPUT_PARAMETERS,
    WEIGHTS,
    Options,
    Params,
    check,
)

__all__ = ["ARGUMENTS", "AT_UPDATED", "PARAMETER_SYMBOLS", "PHASES", "Proof", "Quantity",
           "SymbolicSteps", "WIRING", "chain_product", "evaluate", "exact", "full_expressions",
           "prove", "quantities", "same"]

#: The parameters as sympy symbols with LaTeX names.
PARAMETER_SYMBOLS: dict[str, sp.Symbol] = {
    "i1": sp.Symbol("i_1"), "i2": sp.Symbol("i_2"),
    **{w: sp.Symbol(f"w_{w[1]}") for w in WEIGHTS},
    "b1": sp.Symbol("b_1"), "b2": sp.Symbol("b_2"),
    **{b: sp.Symbol(f"b_{{{b[2:]}}}") for b in NEURON_BIASES},
    "target_o1": sp.Symbol("target_{o1}"), "target_o2": sp.Symbol("target_{o2}"),
    "learning_rate": sp.Symbol("eta"),
}
#: The order in which evaluated functions take their arguments.
ARGUMENTS = FIELDS + NEURON_BIASES

#: Which hidden neuron a weight leaves from (w5: h1 -> o1) and where it arrives.
WIRING = {
    "w1": ("i1", "h1"), "w2": ("i2", "h1"), "w3": ("i1", "h2"), "w4": ("i2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h2", "o1"), "w7": ("h1", "o2"), "w8": ("h2", "o2"),
}

PHASES = ("forward", "error", "output-gradients", "hidden-gradients", "update")

#: Stands for "E_total computed again with the updated parameters".
AT_UPDATED = sp.Symbol("E_total_at_updated")


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """One named quantity of the worked example and its local definition."""

    name: str
    phase: str
    symbol: sp.Symbol
    definition: sp.Expr

    def __repr__(self) -> str:
        return f"Quantity({self.name} = {self.definition})"


def _net_name(neuron: str) -> str:
    return f"net_{neuron}"


def _sym(name: str) -> sp.Symbol:
    """The symbol standing for an intermediate quantity inside later definitions."""
    return sp.Symbol(name)


def _bias_symbol(neuron: str, options: Options) -> sp.Symbol:
    if options.bias == "per-neuron":
        return PARAMETER_SYMBOLS[f"b_{neuron}"]
    return PARAMETER_SYMBOLS[LAYER_BIAS_OF[neuron]]


def _product(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _sum(*terms: sp.Expr) -> sp.Expr:
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


@cache
def quantities(options: Options = DEFAULT) -> tuple[Quantity, ...]:
    """Every quantity the trace shows, in lesson order, with its local definition."""
    act_h = ACTIVATIONS[options.hidden_activation]
    act_o = ACTIVATIONS[options.output_activation]
    loss = LOSSES[options.loss]
    P = PARAMETER_SYMBOLS
    out: list[Quantity] = []

    def add(name: str, phase: str, definition: sp.Expr) -> sp.Symbol:
        symbol = _sym(name)
        out.append(Quantity(name=name, phase=phase, symbol=symbol, definition=definition))
        return symbol

    def activation_of(act, neuron):
        with sp.evaluate(False):
            return act.expr.xreplace({activations.x: _sym(_net_name(neuron))})

    def slope_of(act, neuron):
        if act.derivative_of_output is not None:
            return act.derivative_of_output.xreplace({activations.y: _sym(f"out_{neuron}")})
        return act.derivative.xreplace({activations.x: _sym(_net_name(neuron))})

    # Forward pass: net = sum of weight * input, plus bias; out = activation(net).
    sources = {"h1": ("w1", "i1", "w2", "i2"), "h2": ("w3", "i1", "w4", "i2"),
               "o1": ("w5", "out_h1", "w6", "out_h2"), "o2": ("w7", "out_h1", "w8", "out_h2")}
    nets: dict[str, sp.Expr] = {}
    for neuron in HIDDEN + OUTPUT:
        wa, xa, wb, xb = sources[neuron]
        terms = [_product(P[wa], P.get(xa, _sym(xa))), _product(P[wb], P.get(xb, _sym(xb))),
                 _bias_symbol(neuron, options)]
        nets[neuron] = sp.Add(*terms, evaluate=False)
        add(_net_name(neuron), "forward", nets[neuron])
        add(f"out_{neuron}", "forward", activation_of(act_h if neuron in HIDDEN else act_o,
                                                      neuron))

    # Error of each output, and their sum.
    for neuron in OUTPUT:
        with sp.evaluate(False):
            e = loss.expr.xreplace({losses.t: P[f"target_{neuron}"],
                                    losses.o: _sym(f"out_{neuron}")})
        add(f"E_{neuron}", "error", e)
    add("E_total", "error", _sum(_sym("E_o1"), _sym("E_o2")))

    def d_net(neuron: str, wrt: sp.Symbol) -> sp.Expr:
        # d net / d (weight, bias or incoming output), derived from the net's definition.
        return sp.diff(nets[neuron], wrt)

    # Output layer: dE/dw = dE/dout * dout/dnet * dnet/dw.
    for neuron, weights in (("o1", ("w5", "w6")), ("o2", ("w7", "w8"))):
        dE_dout = add(f"dE_total_dout_{neuron}", "output-gradients",
                      loss.derivative.xreplace({losses.t: P[f"target_{neuron}"],
                                                losses.o: _sym(f"out_{neuron}")}))
        dout_dnet = add(f"dout_{neuron}_dnet_{neuron}", "output-gradients",
                        slope_of(act_o, neuron))
        add(f"delta_{neuron}", "output-gradients", _product(dE_dout, dout_dnet))
        for w in weights:
            dnet_dw = add(f"dnet_{neuron}_d{w}", "output-gradients", d_net(neuron, P[w]))
            add(f"dE_d{w}", "output-gradients", _product(dE_dout, dout_dnet, dnet_dw))

    # Hidden layer: h reaches E_total through both outputs; the two paths add up.
    for neuron, weights in (("h1", ("w1", "w2")), ("h2", ("w3", "w4"))):
        paths = [add(f"dE_{o}_dout_{neuron}", "hidden-gradients",
                     _product(_sym(f"delta_{o}"), d_net(o, _sym(f"out_{neuron}"))))
                 for o in OUTPUT]
        dE_dout = add(f"dE_total_dout_{neuron}", "hidden-gradients", _sum(*paths))
        dout_dnet = add(f"dout_{neuron}_dnet_{neuron}", "hidden-gradients",
                        slope_of(act_h, neuron))
        add(f"delta_{neuron}", "hidden-gradients", _product(dE_dout, dout_dnet))
        for w in weights:
            dnet_dw = add(f"dnet_{neuron}_d{w}", "hidden-gradients", d_net(neuron, P[w]))
            add(f"dE_d{w}", "hidden-gradients", _product(dE_dout, dout_dnet, dnet_dw))

    # Biases: dnet/db = 1, so a bias's gradient is the sum of the deltas it feeds.
    for layer, phase in ((OUTPUT, "output-gradients"), (HIDDEN, "hidden-gradients")):
        for bias in options.bias_names:
            fed = [n for n in layer if _bias_symbol(n, options) == P[bias]]
            if fed:
                add(f"dE_d{bias}", phase,
                    _sum(*[sp.Mul(_sym(f"delta_{n}"), d_net(n, P[bias])) for n in fed]))
    out.sort(key=lambda q: PHASES.index(q.phase))  # bias gradients join their layer's phase

    # Update: every trainable parameter moves against its gradient.
    trained = WEIGHTS + options.trained_biases
    eta = P["learning_rate"]

    def step(name: str, gradient: sp.Symbol) -> None:
        add(f"{name}_new", "update",
            sp.Add(P[name], sp.Mul(-1, eta, gradient, evaluate=False), evaluate=False))

    for name in trained:
        if name in OUTPUT_PARAMETERS:
            step(name, _sym(f"dE_d{name}"))
    if options.order == "output-first":
        # The hidden layer's chain is evaluated again with w5..w8 already updated.
        new_w = {P[w]: _sym(f"{w}_new") for w in ("w5", "w6", "w7", "w8")}
        for neuron, weights in (("h1", ("w1", "w2")), ("h2", ("w3", "w4"))):
            paths = [add(f"dE_{o}_dout_{neuron}_plus", "update",
                         _product(_sym(f"delta_{o}"),
                                  d_net(o, _sym(f"out_{neuron}")).xreplace(new_w)))
                     for o in OUTPUT]
            dE_dout = add(f"dE_total_dout_{neuron}_plus", "update", _sum(*paths))
            dout_dnet = _sym(f"dout_{neuron}_dnet_{neuron}")
            add(f"delta_{neuron}_plus", "update", _product(dE_dout, dout_dnet))
            for w in weights:
                add(f"dE_d{w}_plus", "update",
                    _product(dE_dout, dout_dnet, _sym(f"dnet_{neuron}_d{w}")))
        for bias in options.trained_biases:
            fed = [n for n in HIDDEN if _bias_symbol(n, options) == P[bias]]
            if fed:
                add(f"dE_d{bias}_plus", "update",
                    _sum(*[_sym(f"delta_{n}_plus") for n in fed]))
    for name in trained:
        if name not in OUTPUT_PARAMETERS:
            plus = "_plus" if options.order == "output-first" else ""
            step(name, _sym(f"dE_d{name}{plus}"))
    # A fresh forward pass with every updated parameter; shown as one step.
    add("E_total_new", "update", AT_UPDATED)
    return tuple(out)


@cache
def full_expressions(options: Options = DEFAULT) -> dict[str, sp.Expr]:
    """Every quantity as an expression of the parameters alone.

    Activations appear as opaque functions (sigma(net) rather than
    1/(1 + exp(-net))), which keeps the expressions readable and lets sympy's
    chain rule meet ours factor for factor. Gradients (dE_dw1 .. dE_db2) are
    sympy's own derivative of the full E_total, not the composed chain-rule
    product, so the two stay independent.
    """
    act = {"h": ACTIVATIONS[options.hidden_activation], "o": ACTIVATIONS[options.output_activation]}
    full: dict[sp.Symbol, sp.Expr] = {}
    result: dict[str, sp.Expr] = {}
    for q in quantities(options):
        gradient_of = q.name[4:] if q.name.startswith("dE_d") else None
        if q.name == "E_total_new":
            updated = {PARAMETER_SYMBOLS[n[:-4]]: e for n, e in result.items()
                       if n.endswith("_new")}
            expr = result["E_total"].xreplace(updated)
        elif gradient_of in PARAMETER_SYMBOLS:
            expr = sp.diff(result["E_total"], PARAMETER_SYMBOLS[gradient_of])
        elif q.name.startswith("out_"):
            neuron = q.name[4:]
            expr = act[neuron[0]].function(full[_sym(_net_name(neuron))])
        else:
            expr = q.definition.xreplace(full)
        full[q.symbol] = expr
        result[q.name] = expr
    return result


def chain_product(parameter: str, options: Options = DEFAULT) -> sp.Expr:
    """The chain-rule product for dE_total/d`parameter`, written out in the parameters."""
    full = _composed(options)
    return full[f"dE_d{parameter}"]


@cache
def _composed(options: Options) -> dict[str, sp.Expr]:
    # Like full_expressions, but gradients are the composed chain-rule products.
    act = {"h": ACTIVATIONS[options.hidden_activation], "o": ACTIVATIONS[options.output_activation]}
    full: dict[sp.Symbol, sp.Expr] = {}
    result: dict[str, sp.Expr] = {}
    for q in quantities(options):
        if q.phase == "update":
            break
        if q.name.startswith("out_"):
            expr = act[q.name[4]].function(full[_sym(_net_name(q.name[4:]))])
        else:
            expr = q.definition.xreplace(full)
        full[q.symbol] = expr
        result[q.name] = expr
    return result


@dataclass(frozen=True, kw_only=True)
class Proof:
    """The chain-rule product and sympy's own derivative for one parameter."""

    parameter: str
    derivative: sp.Expr  # sympy.diff(E_total, parameter)
    chain: sp.Expr       # the named factors, multiplied and written out in the parameters
    equal: bool
    options: Options = DEFAULT

    def __repr__(self) -> str:
        verdict = "equal" if self.equal else "DIFFERENT"
        return f"Proof(dE_total/d{self.parameter}: chain rule and sympy.diff are {verdict})"


def prove(parameter: str, options: Options = DEFAULT) -> Proof:
    """Check symbolically that the chain-rule product equals sympy's derivative of E_total."""
    name = f"dE_d{parameter}"
    full = full_expressions(options)
    if name not in full or parameter not in PARAMETER_SYMBOLS:
        known = [n[4:] for n in full if n.startswith("dE_d") and n[4:] in PARAMETER_SYMBOLS]
        raise ParameterError(
            "parameter",
            parameter,
            _("has no gradient when bias={bias!r}", bias=options.bias),
            _("one of {choices}", choices=join(known)),
        )
    derivative = full[name]
    chain = chain_product(parameter, options)
    return Proof(
        parameter=parameter,
        derivative=derivative,
        chain=chain,
        equal=same(derivative, chain),
        options=options,
    )


def same(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether two expressions are identically equal (the test `prove` applies)."""
    # Both are polynomials in the same activation atoms, so expanding decides
    # equality; cross-entropy brings fractions in them, which cancel decides.
    difference = a - b
    return bool(sp.expand(difference) == 0 or sp.expand(sp.cancel(difference)) == 0)


def exact(params: Params, options: Options = DEFAULT) -> dict[sp.Symbol, sp.Rational]:
    """The parameters as exact rationals: 0.15 becomes 3/20, not the nearest float."""
    return {PARAMETER_SYMBOLS[n]: _rational(v) for n, v in params.values().items()}


def _rational(value: float) -> sp.Rational:
    # The shortest decimal that reads back as this float: what the learner typed.
    return sp.Rational(repr(float(value)))


def _lambdify(args, exprs, options: Options, module: str):
    # Each opaque activation (sigmoid(z), ...) is called as its own definition,
    # lambdified for the same module; nothing about it is typed twice.
    used = {options.hidden_activation, options.output_activation}
    functions = {name: sp.lambdify(activations.x, ACTIVATIONS[name].expr, module) for name in used}
    return sp.lambdify(args, exprs, [functions, module], cse=True)


@cache
def _evaluator(options: Options, module: str):
    full = full_expressions(options)
    names = tuple(full)
    args = [PARAMETER_SYMBOLS[n] for n in ARGUMENTS]
    return names, _lambdify(args, [full[n] for n in names], options, module)


def evaluate(
    params: Params = CLASSIC, *, options: Options | None = None, digits: int = 30, **choices
) -> dict[str, float]:
    """Every quantity from the symbolic engine, computed with `digits` digits, as floats.

    The parameters enter as exact rationals, so the only rounding is mpmath's
    at `digits` digits and the final one to float64.
    """
    opts = Options.resolve(options, choices)
    check(params, opts)
    names, f = _evaluator(opts, "mpmath")
    values = params.values()
    with mpmath.workdps(digits):
        args = [mpmath.mpf(r.p) / r.q for r in (_rational(values[n]) for n in ARGUMENTS)]
        results = f(*args)
        return dict(zip(names, (float(r) for r in results), strict=True))


@cache
def _training_function(options: Options):
    full = full_expressions(options)
    trained = WEIGHTS + options.trained_biases
    # In output-first order the hidden layer moves by the chain recomputed with w5..w8 updated.
    grads = [full.get(f"dE_d{n}_plus", full[f"dE_d{n}"]) for n in trained]
    args = [PARAMETER_SYMBOLS[n] for n in ARGUMENTS]
    exprs = [full["E_total"], full["out_o1"], full["out_o2"], *grads]
    return (
        trained,
        _lambdify(args, exprs, options, "math"),
        _lambdify(args, exprs, options, "numpy"),
    )


class SymbolicSteps:
    """One training update after another with sympy's own derivative, lambdified (lesson 09).

    The same protocol as `nnlesson.example.engine.ChainRuleSteps`, so `nnlesson.example.train`
    runs either engine in one loop and the two can be compared update by update.
    """

    def __init__(self, options: Options):
        self.options = options
        self.trained, self._fast, self._safe = _training_function(options)
        self._gradients: tuple[float, ...] = ()

    def measure(self, p: Params, context: Context) -> tuple[float, float, float]:
        """E_total, out_o1 and out_o2 at `p`; the gradients are kept for `advance`."""
        # Per-neuron biases left unset (None) appear in no expression of the other modes.
        args = [getattr(p, n) for n in ARGUMENTS]
        try:
            results = self._fast(*args)
        except (OverflowError, ValueError, ZeroDivisionError):
            with np.errstate(all="ignore"):
                results = [float(r) for r in self._safe(*args)]
        if not all(map(math.isfinite, results)):
            if where := (context() if callable(context) else context):
                raise NumericError(_(
                    "E_total or a gradient is not finite {where}: training has diverged. Try a "
                    "smaller learning rate (now {learning_rate:g}).",
                    where=where, learning_rate=p.learning_rate))
            raise NumericError(_(
                "E_total or a gradient is not finite: training has diverged. Try a smaller "
                "learning rate (now {learning_rate:g}).", learning_rate=p.learning_rate))
        self._gradients = tuple(results[3:])
        return results[0], results[1], results[2]

    def advance(self, p: Params) -> Params:
        """The parameters after one update from `p` (just measured)."""
        lr = p.learning_rate
        return moved(
            p,
            {n: getattr(p, n) - lr * g for n, g in zip(self.trained, self._gradients, strict=True)},
        )
