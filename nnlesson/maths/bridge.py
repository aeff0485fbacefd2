"""The one bridge from sympy expressions to numbers: ``lambdify``.

Scalars go through Python's math module (on one float it skips numpy's
per-call overhead, which adds up over 10,000 training updates); arrays, and the rare
scalar that overflows math.exp, go through numpy, whose exp saturates to inf
and so gives the right limits (a sigmoid of -1000 is 0).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import sympy as sp

__all__ = ["Numeric"]


class Numeric:
    """A sympy expression as a function of numbers, scalars or numpy arrays."""

    def __init__(self, args: tuple[sp.Symbol, ...], expr: sp.Expr):
        self.args, self.expr = args, expr
        self._math = sp.lambdify(args, expr, "math")

    @cached_property
    def _numpy(self):
        # Made when first asked for: sympy's numpy namespace imports most of numpy's
        # submodules (0.2 s at a lesson's first trace, which needs only floats).
        return sp.lambdify(self.args, self.expr, "numpy")

    def __repr__(self) -> str:
        return f"Numeric({', '.join(map(str, self.args))} -> {self.expr})"

    def __call__(self, *values):
        for v in values:
            if type(v) is not float and type(v) is not int:
                break
        else:
            try:
                return float(self._math(*values))
            except (OverflowError, ValueError, ZeroDivisionError):
                pass
        with np.errstate(all="ignore"):
            # A constant derivative (identity's 1) must still take the shape of its input.
            result = np.broadcast_to(self._numpy(*values), np.broadcast(*values).shape)
        return float(result) if result.ndim == 0 else np.array(result, dtype=float)
