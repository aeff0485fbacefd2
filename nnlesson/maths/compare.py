"""Whether two computations of the same numbers agree, and to what tolerance.

Taught in lesson 15 ("The matrix form") and lesson 19 (the sweep). Two routes
to one number (Python's math.exp and numpy's vectorised exp, a scalar loop and
a matrix product) may round differently in the last bits, and which bits
differ depends on the processor: numpy picks AVX-512 code where it exists.
So a lesson states a tolerance and shows the verdict, never the residue, and
what it shows is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from ..language import _

__all__ = ["Agreement", "EPS", "ROUNDING", "agree", "tolerance"]

#: The spacing of float64 numbers near 1.
EPS = float(np.finfo(np.float64).eps)

#: How far two float64 routes to one quantity of the 2-2-2 network may drift apart:
#: each elementary function may differ by an ulp or two between the C library and
#: numpy's SIMD code, a BLAS product may fuse or reorder its additions, and about ten
#: operations of condition at most a few carry that to the gradients. Measured: at most
#: 18.6 EPS over 232,000 values (tests/test_network.py's random parameters, AVX-512,
#: AVX2 and baseline code paths); 64 EPS leaves a margin of three.
ROUNDING = 64 * EPS


@dataclass(frozen=True, kw_only=True)
class Agreement:
    """The verdict of `agree`: do two sets of numbers agree to `to`?"""

    to: float
    agree: bool
    count: int
    largest: float  # the largest scaled difference: machine-dependent, so never in the repr

    def __repr__(self) -> str:
        # The verdict a lesson shows (lesson 15 prints it), so in the learner's language.
        to = tolerance(self.to)
        return _("agree to {to}: yes", to=to) if self.agree else _("agree to {to}: NO", to=to)

    def __bool__(self) -> bool:
        return self.agree


def tolerance(to: float) -> str:
    """A tolerance as a lesson writes it: 64 × 2⁻⁵² for a whole multiple of EPS (the
    rounding it is made of, lesson 15), else 1e-12."""
    multiple = to / EPS
    if multiple == round(multiple) and 1 <= multiple <= 4096:
        return f"{round(multiple)} × 2⁻⁵²"
    return f"{to:.2g}".replace("e-0", "e-")


def agree(a, b, *, to: float, scale: float = 1.0) -> Agreement:
    """Whether |a - b| <= to * max(|a|, |b|, scale) for every pair of numbers.

    Relative for numbers larger than `scale`, absolute below it: a difference
    such as target - out may cancel to almost nothing, and then only its
    absolute rounding means anything. scale=0 makes it purely relative.
    """
    if not (isinstance(to, float | int) and 0 < to < 1):
        raise ParameterError("to", to, _("not a tolerance"), _("a number between 0 and 1"))
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError(_("shapes {a} and {b} differ: nothing to compare", a=x.shape,
                           b=y.shape))
    with np.errstate(invalid="ignore", divide="ignore"):
        size = np.maximum(np.maximum(np.abs(x), np.abs(y)), scale)
        scaled = np.where(x == y, 0.0, np.abs(x - y) / size)
    # A NaN or an overflow on either side is a failure, not an agreement.
    finite = bool(np.all(np.isfinite(x)) and np.all(np.isfinite(y)))
    largest = float(np.max(scaled, initial=0.0)) if finite else float("inf")
    return Agreement(
        to=float(to), agree=finite and largest <= to, count=int(x.size), largest=largest
    )
