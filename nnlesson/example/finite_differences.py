"""Finite differences: the check that needs no calculus at all.

Taught in lesson 11, "Check yourself". Nudge one parameter up and down by h,
see how E_total moves, and compare the slope with backpropagation's gradient.
"""

from __future__ import annotations

from numbers import Real

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _, join
from ..maths import differences
from ..maths.differences import STENCILS
from . import engine, symbolic
from .params import CLASSIC, LIMIT, NEURON_BIASES, Options, Params, check, parameter_names

__all__ = ["EVALUATIONS", "central_difference", "gradcheck"]


def _nudged(params: Params, name: str, delta: float) -> Params:
    if name in NEURON_BIASES:
        return params.replace(**{name: params.bias(name[2:]) + delta})
    return params.replace(**{name: getattr(params, name) + delta})


#: How E_total is computed at the nudged points: by the numeric engine in float64, or
#: exactly (30 digits, nnlesson.example.symbolic) and then rounded once to float64.
EVALUATIONS = ("float64", "exact")


def central_difference(params: Params = CLASSIC, parameter: str = "w5", *,
                       options: Options | None = None, h: float = 1e-6, points: int = 2,
                       evaluate: str = "float64", **choices) -> float:
    """The slope of E_total along one parameter, from E_total alone.

    points=2 is the lesson's formula, (E(p + h) - E(p - h)) / 2h; points=4 is
    the tests' more accurate oracle (`nnlesson.maths.differences`).

    evaluate="exact" rounds each E_total once, correctly: the best float64 can
    do, and the same digits on every machine (the float64 engine's last bits
    depend on the C library's exp), which is what a lesson's stored table needs.
    """
    opts = Options.resolve(options, choices)
    check(params, opts)
    names = parameter_names(opts)
    if parameter not in names:
        raise ParameterError(
            "parameter",
            parameter,
            _("has no gradient when bias={bias!r}", bias=opts.bias),
            _("one of {choices}", choices=join(names)),
        )
    if points not in STENCILS:
        raise ParameterError(
            "points", points, _("not a supported stencil"),
            _("{a} or {b}", a=STENCILS[0], b=STENCILS[1])
        )
    if evaluate not in EVALUATIONS:
        raise ParameterError(
            "evaluate",
            evaluate,
            _("not a known way to compute E_total"),
            _("one of {choices}", choices=join(EVALUATIONS)),
        )
    if isinstance(h, bool) or not isinstance(h, Real) or not 0 < h <= 0.1:
        raise ParameterError(
            "h", h, _("not a small step"), _("a number greater than 0, at most 0.1")
        )
    if opts.bias == "per-neuron":
        params = params.replace(**{n: params.bias(n[2:]) for n in NEURON_BIASES})

    def E(delta: float) -> float:
        try:
            nudged = _nudged(params, parameter, delta)
        except ParameterError as exc:
            raise ParameterError(
                "h",
                h,
                _(
                    "moves {parameter} to {moved}, {problem}",
                    parameter=parameter,
                    moved=fmt(getattr(params, parameter) + delta),
                    problem=exc.problem,
                ),
                _(
                    "a parameter at least {half}h inside -{limit:g}..{limit:g}",
                    half=points // 2,
                    limit=LIMIT,
                ),
            ) from None
        if evaluate == "exact":
            return symbolic.evaluate(nudged, options=opts)["E_total"]
        return engine.forward(nudged, options=opts).E_total

    return differences.central(E, h, points=points)


def gradcheck(
    params: Params = CLASSIC,
    *,
    options: Options | None = None,
    h: float = 1e-6,
    points: int = 2,
    evaluate: str = "float64",
    **choices,
) -> dict[str, tuple[float, float, float]]:
    """For every parameter: (backpropagation's gradient, central difference, relative error)."""
    opts = Options.resolve(options, choices)
    grads = engine.gradients(params, options=opts)
    out = {}
    for name in parameter_names(opts):
        analytic = grads.of(name)
        numeric = central_difference(
            params, name, options=opts, h=h, points=points, evaluate=evaluate
        )
        scale = max(abs(analytic), abs(numeric), 1e-300)
        out[name] = (analytic, numeric, abs(analytic - numeric) / scale)
    return out
