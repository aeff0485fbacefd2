"""The error surface over two weights of the 2-2-2 network, and the paths descent takes on it.

Taught in lesson 19, "Gradient descent and the learning rate". E_total is
drawn as a function of two weights with every other number held at the
classic example's value; descent then trains those two weights only, so its
path lies on the surface drawn. Both are computed with the sweep's
vectorized copies: one copy per grid point, or one per learning rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral, Real

import numpy as np

from ..errors import Described, ParameterError
from ..language import _
from .copies import SLOT, Copies, check_rates, check_steps
from .params import CLASSIC, DEFAULT, Options, Params

__all__ = ["Curvature", "PAIR", "Paths", "Section", "Surface", "curvature", "descent_paths",
           "section", "surface"]

#: The pair lesson 19 draws: w5 feeds o1 and w8 feeds o2, so the bowl is stretched
#: differently along each axis, and a large step zig-zags along the steep one.
PAIR = ("w5", "w8")


def _check_pair(weights) -> tuple[str, str]:
    if not isinstance(weights, tuple | list) or len(weights) != 2 or weights[0] == weights[1] \
            or any(w not in SLOT for w in weights):
        raise ParameterError("weights", weights, _("not two different weights"),
                             _("two names from w1..w8, such as ('w5', 'w8')"))
    return tuple(weights)


@dataclass(frozen=True, eq=False, kw_only=True)
class Surface:
    """E_total on a grid: `E[r, c]` at weights[0] = `a[c]` and weights[1] = `b[r]`."""

    weights: tuple[str, str]
    a: np.ndarray
    b: np.ndarray
    E: np.ndarray

    def __repr__(self) -> str:
        return (f"Surface(E_total over {self.weights[0]} x {self.weights[1]}, "
                f"{self.E.shape[1]}x{self.E.shape[0]} points)")


def surface(params: Params = CLASSIC, *, weights=PAIR, span: float = 3.0,
            resolution: int = 81, options: Options = DEFAULT) -> Surface:
    """E_total over a square of half-width `span` around the current values of two weights."""
    weights = _check_pair(weights)
    if isinstance(span, bool) or not isinstance(span, Real) or not 0 < span <= 100:
        raise ParameterError("span", span, _("not a usable half-width"),
                             _("a number from 0 to 100"))
    if isinstance(resolution, bool) or not isinstance(resolution, Integral) \
            or not 2 <= resolution <= 1000:
        raise ParameterError("resolution", resolution, _("not a usable grid size"),
                             _("a whole number from 2 to 1000"))
    centre = [getattr(params, w) for w in weights]
    a = np.linspace(centre[0] - span, centre[0] + span, resolution)
    b = np.linspace(centre[1] - span, centre[1] + span, resolution)
    grid_a, grid_b = np.meshgrid(a, b)
    copies = Copies(params, options, np.ones(grid_a.size))
    copies.P[SLOT[weights[0]]] = grid_a.ravel()
    copies.P[SLOT[weights[1]]] = grid_b.ravel()
    with np.errstate(all="ignore"):
        copies.forward()
        E = copies.error().reshape(grid_a.shape)
    return Surface(weights=weights, a=a, b=b, E=E)


@dataclass(frozen=True, eq=False, kw_only=True)
class Paths:
    """Where descent takes the two weights: `a[s, k]`, `b[s, k]`, `E[s, k]` after s updates
    with `learning_rates[k]` (s = 0 .. steps)."""

    weights: tuple[str, str]
    learning_rates: np.ndarray
    a: np.ndarray
    b: np.ndarray
    E: np.ndarray

    def __repr__(self) -> str:
        return (f"Paths({self.learning_rates.size} learning rates, {self.a.shape[0] - 1} "
                f"updates of {self.weights[0]} and {self.weights[1]})")


def descent_paths(learning_rates, *, params: Params = CLASSIC, weights=PAIR,
                  steps: int = 50, options: Options = DEFAULT) -> Paths:
    """Train only the two weights, once per learning rate, and keep every position."""
    weights = _check_pair(weights)
    rates = check_rates(learning_rates)
    steps = check_steps(steps)
    copies = Copies(params, options, rates, trainable=weights)
    a = np.empty((steps + 1, rates.size))
    b = np.empty((steps + 1, rates.size))
    E = np.empty((steps + 1, rates.size))
    with np.errstate(all="ignore"):
        for s in range(steps + 1):
            a[s], b[s] = copies.P[SLOT[weights[0]]], copies.P[SLOT[weights[1]]]
            copies.forward()
            E[s] = copies.error()
            if s < steps:
                copies.step()
    return Paths(weights=weights, learning_rates=rates, a=a, b=b, E=E)


@dataclass(frozen=True, kw_only=True)
class Curvature:
    """The second derivatives of E_total in two weights, and what they say about the step size.

    Along the direction of the largest eigenvalue `largest` of the Hessian, one
    update multiplies the distance to the valley floor by (1 - learning_rate *
    largest): descent oscillates above 1 / largest and runs away above
    `critical` = 2 / largest. Exact for a quadratic error (an identity output),
    a local statement otherwise.
    """

    weights: tuple[str, str]
    hessian: tuple[tuple[float, float], tuple[float, float]]
    largest: float
    smallest: float

    @property
    def critical(self) -> float:
        return 2.0 / self.largest

    @property
    def fastest(self) -> float:
        """1 / largest: the step that lands on the valley floor in one update."""
        return 1.0 / self.largest

    def regimes(self) -> dict[str, float]:
        """Lesson 19's four learning rates, named: well below 1 / largest, 1 / largest itself,
        one between it and `critical` (descent zig-zags) and one above `critical` (it runs away)."""
        return {_("too small"): 0.15 * self.fastest, _("good"): self.fastest,
                _("too large: zig-zag"): 1.8 * self.fastest,
                _("too large: runaway"): 2.1 * self.fastest}


def curvature(params: Params = CLASSIC, *, weights=PAIR, options: Options = DEFAULT
              ) -> Curvature:
    """The Hessian of E_total in two weights at `params`, from sympy's exact derivatives."""
    return _curvature(params, _check_pair(weights), options)


@lru_cache(maxsize=32)
def _curvature(params: Params, weights: tuple[str, str], options: Options) -> Curvature:
    # sympy takes a second or so; the same question is asked again by every explorer.
    import sympy as sp

    from ..maths.activations import ACTIVATIONS, x
    from . import symbolic

    E = symbolic.full_expressions(options)["E_total"]
    for activation in ACTIVATIONS.values():
        E = E.replace(activation.function, lambda arg, a=activation: a.expr.subs(x, arg))
    symbols = [symbolic.PARAMETER_SYMBOLS[w] for w in weights]
    H = sp.hessian(E, symbols).subs(symbolic.exact(params, options))
    values = [[float(sp.N(H[i, j], 30)) for j in range(2)] for i in range(2)]
    eigen = np.linalg.eigvalsh(np.array(values))
    return Curvature(
        weights=weights,
        hessian=((values[0][0], values[0][1]), (values[1][0], values[1][1])),
        largest=float(eigen[-1]),
        smallest=float(eigen[0]),
    )


@dataclass(frozen=True, eq=False, kw_only=True)
class Section:
    """E_total along one straight line through the weights: the surface cut open.

    The line starts at the weights' current values (`origin`) and runs along the
    unit vector `direction`; `E[k]` is the error at distance `s[k]` along it.
    Descent over two weights that feed the same neuron moves along such a line
    (the gradient always points the same way), so its steps can be drawn on it.
    """

    weights: tuple[str, str]
    origin: tuple[float, float]
    direction: tuple[float, float]
    s: np.ndarray
    E: np.ndarray

    def position(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """How far along the line the points (a, b) are (their projection onto it)."""
        return (np.asarray(a) - self.origin[0]) * self.direction[0] + (
            np.asarray(b) - self.origin[1]
        ) * self.direction[1]


def section(
    paths: Paths,
    *,
    params: Params = CLASSIC,
    options: Options = DEFAULT,
    low: float | None = None,
    high: float | None = None,
    resolution: int = 401,
) -> Section:
    """E_total along the line of the first step of `paths` (the direction of steepest descent).

    Without `low` and `high` the cut spans every point of the paths that is no
    higher than where they started, with a margin: a run that flies off is
    left to leave the picture.
    """
    weights = paths.weights
    step = np.array([paths.a[1, 0] - paths.a[0, 0], paths.b[1, 0] - paths.b[0, 0]])
    length = float(np.hypot(*step))
    if not np.isfinite(length) or length == 0:
        raise ParameterError(
            "paths",
            Described(_("paths whose first step is zero")),
            _("no direction to cut along"),
            _("paths that move"),
        )
    direction = step / length
    origin = (float(paths.a[0, 0]), float(paths.b[0, 0]))
    if low is None or high is None:
        where = (paths.a - origin[0]) * direction[0] + (paths.b - origin[1]) * direction[1]
        kept = where[paths.E <= paths.E[0:1, :] * (1 + 1e-12)]
        span = float(kept.max() - kept.min()) or 1.0
        low = float(kept.min()) - 0.15 * span if low is None else low
        high = float(kept.max()) + 0.15 * span if high is None else high
    s = np.linspace(low, high, resolution)
    copies = Copies(params, options, np.ones(resolution))
    copies.P[SLOT[weights[0]]] = origin[0] + s * direction[0]
    copies.P[SLOT[weights[1]]] = origin[1] + s * direction[1]
    with np.errstate(all="ignore"):
        copies.forward()
        E = copies.error()
    return Section(
        weights=weights,
        origin=origin,
        direction=(float(direction[0]), float(direction[1])),
        s=s,
        E=E,
    )
