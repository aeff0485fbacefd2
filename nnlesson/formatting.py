"""The one number formatter every view uses (lesson text, widgets, command line).

The classic post prints nine decimals (0.593269992) and drops trailing zeros
(0.75136507); `fmt` does the same, and keeps six significant digits for small
numbers (0.0000351019) so that a trained error never prints as 0. Fewer
decimals (a table's 4) keep fewer of those digits, but never fewer than two.
"""

from __future__ import annotations

import math

__all__ = ["DECIMALS", "fmt"]

DECIMALS = 9


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """`value` as the lessons print it: 0.593269992, 0.3775, -0.019049118, 3.51019e-05 never."""
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
    if magnitude < 10.0 ** -(decimals - digits + 1):
        places = digits - 1 - math.floor(math.log10(magnitude))
        if places > 20:
            return f"{x:.6e}"
        text = f"{x:.{places}f}"
    else:
        text = f"{x:.{decimals}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text
