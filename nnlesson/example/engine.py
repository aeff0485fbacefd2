"""The numeric engine: the 2-2-2 example by the post's names, with numpy.

Taught in lessons 03 to 06 and 08 to 10: the forward pass, the error, the output-layer and
hidden-layer gradients factor by factor, the update and training. Every
function returns a frozen record and prints nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..errors import NumericError
from ..language import _
from ..maths.activations import ACTIVATIONS
from ..maths.losses import LOSSES
from .params import (
    CLASSIC,
    HIDDEN_PARAMETERS,
    NEURON_BIASES,
    WEIGHTS,
    Options,
    Params,
    check,
)

__all__ = ["ChainRuleSteps", "DIVERGED", "Forward", "Gradients", "HiddenLayer", "OutputLayer",
           "Update", "forward", "gradients", "moved", "update", "with_neuron_biases"]


@dataclass(frozen=True, kw_only=True)
class Forward:
    """The forward pass and the error (lessons 03 and 04)."""

    net_h1: float
    out_h1: float
    net_h2: float
    out_h2: float
    net_o1: float
    out_o1: float
    net_o2: float
    out_o2: float
    E_o1: float
    E_o2: float
    E_total: float


@dataclass(frozen=True, kw_only=True)
class OutputLayer:
    """Gradients of the output layer with each chain-rule factor (lesson 05)."""

    dE_total_dout_o1: float
    dout_o1_dnet_o1: float
    delta_o1: float
    dnet_o1_dw5: float
    dE_dw5: float
    dnet_o1_dw6: float
    dE_dw6: float
    dE_total_dout_o2: float
    dout_o2_dnet_o2: float
    delta_o2: float
    dnet_o2_dw7: float
    dE_dw7: float
    dnet_o2_dw8: float
    dE_dw8: float
    dE_db_o1: float
    dE_db_o2: float
    dE_db2: float


@dataclass(frozen=True, kw_only=True)
class HiddenLayer:
    """Gradients of the hidden layer: two paths into each hidden neuron (lesson 06)."""

    dE_o1_dout_h1: float
    dE_o2_dout_h1: float
    dE_total_dout_h1: float
    dout_h1_dnet_h1: float
    delta_h1: float
    dnet_h1_dw1: float
    dE_dw1: float
    dnet_h1_dw2: float
    dE_dw2: float
    dE_o1_dout_h2: float
    dE_o2_dout_h2: float
    dE_total_dout_h2: float
    dout_h2_dnet_h2: float
    delta_h2: float
    dnet_h2_dw3: float
    dE_dw3: float
    dnet_h2_dw4: float
    dE_dw4: float
    dE_db_h1: float
    dE_db_h2: float
    dE_db1: float


@dataclass(frozen=True, kw_only=True)
class Gradients:
    """dE_total with respect to every parameter, with all chain-rule factors.

    Bias gradients exist in every mode (the post computes none): dE_db1 is the
    sum of dE_db_h1 and dE_db_h2 because b1 feeds both hidden neurons.
    """

    output: OutputLayer
    hidden: HiddenLayer

    def __getattr__(self, name: str) -> float:
        # Reached only for names that are not fields: the factors of either layer.
        for layer in ("output", "hidden"):
            record = object.__getattribute__(self, layer)
            if name in record.__dataclass_fields__:
                return getattr(record, name)
        raise AttributeError(name)

    def of(self, parameter: str) -> float:
        """dE_total/d`parameter`, e.g. ``g.of("w5")`` or ``g.of("b_h1")``."""
        name = f"dE_d{parameter}"
        found = vars(self.output).get(name)
        return vars(self.hidden)[name] if found is None else found

    def as_dict(self) -> dict[str, float]:
        """Every factor and gradient by name."""
        return {**vars(self.output), **vars(self.hidden)}


@dataclass(frozen=True, kw_only=True)
class Update:
    """One gradient-descent update (lesson 08).

    `applied` is the gradient each parameter was moved by. In "output-first"
    order the hidden layer's are in `recomputed`: its chain was evaluated with
    w5..w8 already updated, as the post's first companion script did.
    """

    before: Params
    options: Options
    forward: Forward
    gradients: Gradients
    after: Params
    applied: Mapping[str, float]
    recomputed: HiddenLayer | None = None

    @cached_property
    def forward_after(self) -> Forward:
        """The forward pass with the updated parameters (the error after one update)."""
        return _forward(self.after, self.options, _("after the update"))


def forward(params: Params = CLASSIC, *, options: Options | None = None, **choices) -> Forward:
    """The forward pass and error for `params`; choices as in `Options`."""
    opts = Options.resolve(options, choices)
    check(params, opts)
    return _forward(params, opts)


def gradients(params: Params = CLASSIC, *, options: Options | None = None, **choices) -> Gradients:
    """Every gradient of E_total with its chain-rule factors, at `params`."""
    opts = Options.resolve(options, choices)
    check(params, opts)
    fwd = _forward(params, opts)
    return _gradients(params, opts, fwd)


def update(params: Params = CLASSIC, *, options: Options | None = None, **choices) -> Update:
    """One update of every trainable parameter by learning_rate times its gradient."""
    opts = Options.resolve(options, choices)
    check(params, opts)
    fwd = _forward(params, opts)
    return _update(params, opts, fwd, _gradients(params, opts, fwd))


def with_neuron_biases(p: Params, o: Options) -> Params:
    """`p` with every per-neuron bias set, in per-neuron mode (training moves each on its own)."""
    if o.bias != "per-neuron":
        return p
    return p.replace(**{f"b_{n}": p.bias(n) for n in ("h1", "h2", "o1", "o2")})


def _biases(p: Params, o: Options) -> tuple[float, float, float, float]:
    if o.bias == "per-neuron":
        return p.bias("h1"), p.bias("h2"), p.bias("o1"), p.bias("o2")
    return p.b1, p.b1, p.b2, p.b2


#: Where a computation happens, for a message: a phrase, or a function that makes it when needed.
Context = str | Callable[[], str]


def _where(context: Context) -> str:
    return context() if callable(context) else context


def _forward(p: Params, o: Options, context: Context = "") -> Forward:
    act_h = ACTIVATIONS[o.hidden_activation]
    act_o = ACTIVATIONS[o.output_activation]
    loss = LOSSES[o.loss]
    b_h1, b_h2, b_o1, b_o2 = _biases(p, o)
    net_h1 = p.w1 * p.i1 + p.w2 * p.i2 + b_h1
    out_h1 = act_h(net_h1)
    net_h2 = p.w3 * p.i1 + p.w4 * p.i2 + b_h2
    out_h2 = act_h(net_h2)
    net_o1 = p.w5 * out_h1 + p.w6 * out_h2 + b_o1
    out_o1 = act_o(net_o1)
    net_o2 = p.w7 * out_h1 + p.w8 * out_h2 + b_o2
    out_o2 = act_o(net_o2)
    if o.loss == "cross-entropy":
        _check_open_unit(out_o1=out_o1, out_o2=out_o2, context=context)
    E_o1 = loss(p.target_o1, out_o1)
    E_o2 = loss(p.target_o2, out_o2)
    E_total = E_o1 + E_o2
    return _finite(Forward(net_h1=net_h1, out_h1=out_h1, net_h2=net_h2, out_h2=out_h2,
                           net_o1=net_o1, out_o1=out_o1, net_o2=net_o2, out_o2=out_o2,
                           E_o1=E_o1, E_o2=E_o2, E_total=E_total), context)


def _output_layer(p: Params, o: Options, f: Forward) -> OutputLayer:
    act_o = ACTIVATIONS[o.output_activation]
    loss = LOSSES[o.loss]
    dE_total_dout_o1 = loss.slope(p.target_o1, f.out_o1)
    dout_o1_dnet_o1 = act_o.slope(f.net_o1, f.out_o1)
    delta_o1 = dE_total_dout_o1 * dout_o1_dnet_o1
    dnet_o1_dw5 = f.out_h1
    dE_dw5 = dE_total_dout_o1 * dout_o1_dnet_o1 * dnet_o1_dw5
    dnet_o1_dw6 = f.out_h2
    dE_dw6 = dE_total_dout_o1 * dout_o1_dnet_o1 * dnet_o1_dw6
    dE_total_dout_o2 = loss.slope(p.target_o2, f.out_o2)
    dout_o2_dnet_o2 = act_o.slope(f.net_o2, f.out_o2)
    delta_o2 = dE_total_dout_o2 * dout_o2_dnet_o2
    dnet_o2_dw7 = f.out_h1
    dE_dw7 = dE_total_dout_o2 * dout_o2_dnet_o2 * dnet_o2_dw7
    dnet_o2_dw8 = f.out_h2
    dE_dw8 = dE_total_dout_o2 * dout_o2_dnet_o2 * dnet_o2_dw8
    # dnet/db = 1, so a bias's gradient is its neuron's delta; b2 feeds both outputs.
    dE_db_o1 = delta_o1
    dE_db_o2 = delta_o2
    dE_db2 = dE_db_o1 + dE_db_o2
    return OutputLayer(
        dE_total_dout_o1=dE_total_dout_o1, dout_o1_dnet_o1=dout_o1_dnet_o1, delta_o1=delta_o1,
        dnet_o1_dw5=dnet_o1_dw5, dE_dw5=dE_dw5, dnet_o1_dw6=dnet_o1_dw6, dE_dw6=dE_dw6,
        dE_total_dout_o2=dE_total_dout_o2, dout_o2_dnet_o2=dout_o2_dnet_o2, delta_o2=delta_o2,
        dnet_o2_dw7=dnet_o2_dw7, dE_dw7=dE_dw7, dnet_o2_dw8=dnet_o2_dw8, dE_dw8=dE_dw8,
        dE_db_o1=dE_db_o1, dE_db_o2=dE_db_o2, dE_db2=dE_db2)


def _hidden_layer(p: Params, o: Options, f: Forward, out: OutputLayer,
                  w5: float, w6: float, w7: float, w8: float) -> HiddenLayer:
    act_h = ACTIVATIONS[o.hidden_activation]
    # h1 reaches E_total along two paths, through o1 (weight w5) and o2 (weight w7).
    dE_o1_dout_h1 = out.delta_o1 * w5
    dE_o2_dout_h1 = out.delta_o2 * w7
    dE_total_dout_h1 = dE_o1_dout_h1 + dE_o2_dout_h1
    dout_h1_dnet_h1 = act_h.slope(f.net_h1, f.out_h1)
    delta_h1 = dE_total_dout_h1 * dout_h1_dnet_h1
    dnet_h1_dw1 = p.i1
    dE_dw1 = dE_total_dout_h1 * dout_h1_dnet_h1 * dnet_h1_dw1
    dnet_h1_dw2 = p.i2
    dE_dw2 = dE_total_dout_h1 * dout_h1_dnet_h1 * dnet_h1_dw2
    dE_o1_dout_h2 = out.delta_o1 * w6
    dE_o2_dout_h2 = out.delta_o2 * w8
    dE_total_dout_h2 = dE_o1_dout_h2 + dE_o2_dout_h2
    dout_h2_dnet_h2 = act_h.slope(f.net_h2, f.out_h2)
    delta_h2 = dE_total_dout_h2 * dout_h2_dnet_h2
    dnet_h2_dw3 = p.i1
    dE_dw3 = dE_total_dout_h2 * dout_h2_dnet_h2 * dnet_h2_dw3
    dnet_h2_dw4 = p.i2
    dE_dw4 = dE_total_dout_h2 * dout_h2_dnet_h2 * dnet_h2_dw4
    dE_db_h1 = delta_h1
    dE_db_h2 = delta_h2
    dE_db1 = dE_db_h1 + dE_db_h2
    return HiddenLayer(
        dE_o1_dout_h1=dE_o1_dout_h1, dE_o2_dout_h1=dE_o2_dout_h1,
        dE_total_dout_h1=dE_total_dout_h1, dout_h1_dnet_h1=dout_h1_dnet_h1, delta_h1=delta_h1,
        dnet_h1_dw1=dnet_h1_dw1, dE_dw1=dE_dw1, dnet_h1_dw2=dnet_h1_dw2, dE_dw2=dE_dw2,
        dE_o1_dout_h2=dE_o1_dout_h2, dE_o2_dout_h2=dE_o2_dout_h2,
        dE_total_dout_h2=dE_total_dout_h2, dout_h2_dnet_h2=dout_h2_dnet_h2, delta_h2=delta_h2,
        dnet_h2_dw3=dnet_h2_dw3, dE_dw3=dE_dw3, dnet_h2_dw4=dnet_h2_dw4, dE_dw4=dE_dw4,
        dE_db_h1=dE_db_h1, dE_db_h2=dE_db_h2, dE_db1=dE_db1)


def _gradients(p: Params, o: Options, f: Forward) -> Gradients:
    out = _output_layer(p, o, f)
    hidden = _hidden_layer(p, o, f, out, p.w5, p.w6, p.w7, p.w8)
    # The context is made only when a value is not finite (it is a sentence to translate).
    return Gradients(output=_finite(out, lambda: _("in the output-layer gradients")),
                     hidden=_finite(hidden, lambda: _("in the hidden-layer gradients")))


#: A parameter this far from 0 means descent has run away (inputs are limited to
#: params.LIMIT; descent may go further, but not this far).
DIVERGED = 1e6


def _update(p: Params, o: Options, f: Forward, g: Gradients) -> Update:
    lr = p.learning_rate
    applied = {name: g.of(name) for name in WEIGHTS + o.trained_biases}
    recomputed = None
    if o.order == "output-first":
        w5, w6, w7, w8 = (p.w5 - lr * g.dE_dw5, p.w6 - lr * g.dE_dw6,
                          p.w7 - lr * g.dE_dw7, p.w8 - lr * g.dE_dw8)
        recomputed = _finite(_hidden_layer(p, o, f, g.output, w5, w6, w7, w8),
                             lambda: _("in the recomputed hidden-layer gradients"))
        for name in applied:
            if name in HIDDEN_PARAMETERS:
                applied[name] = getattr(recomputed, f"dE_d{name}")
    new = {name: _value(p, name) - lr * grad for name, grad in applied.items()}
    return Update(before=p, options=o, forward=f, gradients=g, after=moved(p, new),
                  applied=applied, recomputed=recomputed)


def _finite(record, context: Context):
    """`record`, or a NumericError naming its first value that is not finite, and where.

    `context` ("after the update", ...) is a phrase in the current language, or a function
    that makes it: a record that is finite, as nearly all are, then translates nothing.
    """
    values = vars(record)
    # One sum is cheaper than a check per field; only a non-finite sum needs the search.
    if math.isfinite(sum(values.values())):
        return record
    where = _where(context)
    for name, value in values.items():
        if not math.isfinite(value):
            if where:
                raise NumericError(_(
                    "{name} is {value} {where}: the numbers are too large for float64. Use "
                    "smaller weights or inputs, or a smaller learning rate.",
                    name=name, value=value, where=where))
            raise NumericError(_(
                "{name} is {value}: the numbers are too large for float64. Use smaller weights "
                "or inputs, or a smaller learning rate.", name=name, value=value))
    return record


def _check_open_unit(*, context: Context, **outputs: float) -> None:
    for name, value in outputs.items():
        if not 0.0 < value < 1.0:
            if where := _where(context):
                raise NumericError(_(
                    "{name} = {value:.17g} {where}, so log({name}) or log(1 - {name}) in the "
                    "cross-entropy is infinite. Use smaller weights, or the half-squared loss.",
                    name=name, value=value, where=where))
            raise NumericError(_(
                "{name} = {value:.17g}, so log({name}) or log(1 - {name}) in the cross-entropy "
                "is infinite. Use smaller weights, or the half-squared loss.",
                name=name, value=value))


def _value(p: Params, name: str) -> float:
    return p.bias(name[2:]) if name in NEURON_BIASES else getattr(p, name)


def moved(p: Params, new: Mapping[str, float]) -> Params:
    """`p` with the parameters in `new` moved there by an update (lessons 08 and 09).

    A value past DIVERGED means descent ran away: a NumericError that says so.
    Otherwise the input checks are skipped: that saves most of a training step,
    and lets descent carry a weight past the limit on what may be typed in.
    """
    for name, value in new.items():
        if not -DIVERGED <= value <= DIVERGED:
            raise NumericError(
                _(
                    "the update takes {name} to {value:.6g}: training has diverged. Try a "
                    "smaller learning rate (now {learning_rate:g}).",
                    name=name,
                    value=value,
                    learning_rate=p.learning_rate,
                )
            )
    after = object.__new__(Params)
    after.__dict__.update(vars(p))
    after.__dict__.update(new)
    return after


class ChainRuleSteps:
    """One training update after another by the chain rule (lesson 09; see example.training).

    `measure` runs the forward pass and keeps it; `advance` uses it for the
    gradients and the update, so each update costs one forward pass.
    """

    def __init__(self, options: Options):
        self.options = options
        self._forward: Forward | None = None

    def measure(self, p: Params, context: Context) -> tuple[float, float, float]:
        """E_total, out_o1 and out_o2 at `p`; `context` says where, should a value overflow."""
        f = self._forward = _forward(p, self.options, context)
        return f.E_total, f.out_o1, f.out_o2

    def advance(self, p: Params) -> Params:
        """The parameters after one update from `p` (just measured)."""
        assert self._forward is not None, "measure() comes first"
        return _update(
            p, self.options, self._forward, _gradients(p, self.options, self._forward)
        ).after
