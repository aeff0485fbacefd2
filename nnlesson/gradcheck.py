"""Finite differences: the check that needs no calculus at all.

Taught in lesson 10, "Check yourself". Nudge one parameter up and down by h,
see how E_total moves, and compare the slope with backpropagation's gradient.
"""

from __future__ import annotations

from . import engine
from .params import CLASSIC, NEURON_BIASES, Options, ParameterError, Params, check, parameter_names


def _nudged(params: Params, name: str, delta: float) -> Params:
    if name in NEURON_BIASES:
        return params.replace(**{name: params.bias(name[2:]) + delta})
    return params.replace(**{name: getattr(params, name) + delta})


def central_difference(params: Params = CLASSIC, parameter: str = "w5", *,
                       options: Options | None = None, h: float = 1e-6, **choices) -> float:
    """(E_total(p + h) - E_total(p - h)) / 2h for one parameter.

    The error of this estimate shrinks like h^2, and rounding grows like 1/h;
    h = 1e-6 balances the two for numbers of this size (about 1e-10 absolute).
    """
    opts = Options.resolve(options, choices)
    check(params, opts)
    names = parameter_names(opts)
    if parameter not in names:
        raise ParameterError("parameter", parameter, "has no gradient in this bias mode",
                             "one of " + ", ".join(names))
    if opts.bias == "per-neuron":
        params = params.replace(**{n: params.bias(n[2:]) for n in NEURON_BIASES})
    up = engine.forward(_nudged(params, parameter, h), options=opts).E_total
    down = engine.forward(_nudged(params, parameter, -h), options=opts).E_total
    return (up - down) / (2 * h)


def gradcheck(params: Params = CLASSIC, *, options: Options | None = None, h: float = 1e-6,
              **choices) -> dict[str, tuple[float, float, float]]:
    """For every parameter: (backpropagation's gradient, central difference, relative error)."""
    opts = Options.resolve(options, choices)
    grads = engine.gradients(params, options=opts)
    out = {}
    for name in parameter_names(opts):
        analytic = grads.of(name)
        numeric = central_difference(params, name, options=opts, h=h)
        scale = max(abs(analytic), abs(numeric), 1e-300)
        out[name] = (analytic, numeric, abs(analytic - numeric) / scale)
    return out
