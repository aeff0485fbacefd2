"""The general network's gradient check: every entry of dW and db against a central difference.

Taught in lesson 15, "The matrix form" (lesson 11 does the same for the
2-2-2 example with `nnlesson.example.gradcheck`); both use the one routine in
`nnlesson.maths.differences`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from numbers import Real

import numpy as np

from ..errors import NumericError, ParameterError
from ..language import _
from ..maths.differences import central
from . import passes
from .checks import checked
from .network import Network, Parameters
from .workspace import Workspace

__all__ = ["GradientCheck", "gradient_check"]


@dataclass(frozen=True, eq=False, kw_only=True)
class GradientCheck:
    """Backpropagation's gradient beside central differences (J(p + h) - J(p - h)) / 2h.

    Central differences carry an error of about 1e-10 (rounding in J, divided
    by 2h), so an entry whose gradient is itself tiny can show a large relative
    error without anything being wrong: `max_scaled_error` measures each
    difference against the largest gradient instead.
    """

    analytic: np.ndarray
    numeric: np.ndarray
    epsilon: float
    max_relative_error: float
    max_scaled_error: float
    worst: str

    def __repr__(self) -> str:
        return (f"GradientCheck({self.analytic.size} numbers, max relative error "
                f"{self.max_relative_error:.3g} at {self.worst}, "
                f"scaled {self.max_scaled_error:.3g})")


def gradient_check(network: Network, params: Parameters, X, Y, *,
                   epsilon: float = 1e-6) -> GradientCheck:
    """Compare every entry of dW and db with a central difference of the cost.

    The relative error is |a - n| / max(|a| + |n|, 1e-12) per entry; the scaled
    error is |a - n| / max|n|. Use float64: in float32 the differences
    themselves are only good to about 1e-3.
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, Real) or not 0 < epsilon < 1:
        raise ParameterError(
            "epsilon", epsilon, _("not a small step"), _("a number between 0 and 1")
        )
    g = passes.gradients(network, params, X, Y)
    X, Y = checked(network, params, X, Y)
    base = params.vector()
    names = [
        f"{kind}[{l}][{i}, {j}]"
        for l in range(1, network.L + 1)
        for kind, a in (("W", params.W[l]), ("b", params.b[l]))
        for i, j in np.ndindex(a.shape)
    ]
    ws = Workspace(network, X.shape[1])

    def J(k: int, delta: float) -> float:
        moved = base.copy()
        moved[k] += delta
        p = params.with_vector(moved)
        ws.forward(p.W, p.b, X)
        return ws.cost(Y)

    with np.errstate(all="ignore"):
        numeric = np.array([central(partial(J, k), epsilon) for k in range(base.size)])
    if not np.isfinite(numeric).all():
        raise NumericError(
            _(
                "a central difference is not finite (overflow in the nudged forward passes): "
                "use smaller weights or inputs."
            )
        )
    analytic = g.vector()
    difference = np.abs(analytic - numeric)
    error = difference / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12)
    scale = max(float(np.max(np.abs(numeric))), 1e-12)
    k = int(np.argmax(error))
    return GradientCheck(
        analytic=analytic,
        numeric=numeric,
        epsilon=float(epsilon),
        max_relative_error=float(error[k]),
        max_scaled_error=float(np.max(difference)) / scale,
        worst=names[k],
    )
