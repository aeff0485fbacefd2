"""The one number formatter every view uses (lesson text, widgets, command line).

The classic post prints nine decimals (0.593269992) and drops trailing zeros
(0.75136507); `fmt` does the same, and keeps six significant digits for small
numbers (0.0000351019) so that a trained error never prints as 0. Fewer
decimals (a table's 4) keep fewer of those digits, but never fewer than two.
Below one millionth a learner cannot count the zeros any more, so those
numbers are written in scientific notation (3.54255e-15), as Python reads them.
"""

from __future__ import annotations

import math

__all__ = ["DECIMALS", "SCIENTIFIC_BELOW", "fmt"]

DECIMALS = 9

#: Numbers smaller than this are written as 3.54255e-15 rather than with their zeros.
SCIENTIFIC_BELOW = 1e-6


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """`value` as the lessons print it: 0.593269992, 0.3775, -0.019049118, 3.54255e-15."""
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude >= 1e6:
        return f"{x:.6e}"
    # Below this size `decimals` places would show fewer than `digits` significant
    # digits: keep those digits instead of rounding a small error away.
    digits = min(6, max(2, decimals - 3))
    if magnitude < SCIENTIFIC_BELOW:
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    if magnitude < 10.0 ** -(decimals - digits + 1):
        places = digits - 1 - math.floor(math.log10(magnitude))
        text = f"{x:.{places}f}"
    else:
        text = f"{x:.{decimals}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text
