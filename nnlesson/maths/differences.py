"""Central differences: a slope measured from function values alone, with no calculus.

Taught in lesson 11, "Check yourself". The one routine behind both gradient
checks: the 2-2-2 example's (`nnlesson.example.gradcheck`) and the general
network's (`nnlesson.mlp.gradcheck`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ParameterError
from ..language import _

__all__ = ["STENCILS", "central"]

#: How many points a central difference may use.
STENCILS = (2, 4)


def central(f: Callable[[float], float], h: float, *, points: int = 2) -> float:
    """The slope at 0 of `f`, a function of how far the point is moved.

    points=2 is the lesson's formula, (f(h) - f(-h)) / 2h: its error shrinks
    like h^2 while rounding grows like 1/h, so h = 1e-6 leaves about 1e-10.
    points=4 adds f(+-2h) and cancels the h^2 term as well, which with h = 1e-3
    gets to about 1e-13: the tests' independent oracle.
    """
    if points == 2:
        return (f(h) - f(-h)) / (2 * h)
    if points == 4:
        return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)
    raise ParameterError("points", points, _("not a supported stencil"),
                         _("{a} or {b}", a=STENCILS[0], b=STENCILS[1]))
