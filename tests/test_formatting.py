"""fmt: the one number formatter every view uses."""

import pytest

from nnlesson.formatting import fmt


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (0.593269992, 9, "0.593269992"),
    (0.75136507, 9, "0.75136507"),     # trailing zeros dropped, as the post prints
    (0.3775, 9, "0.3775"),
    (-0.0190491182, 9, "-0.019049118"),
    (0.0000351019, 9, "0.0000351019"),  # six significant digits, not 0.000035102
    (0.000123456789, 9, "0.000123457"),
    (0.123456789, 4, "0.1235"),         # the number of decimals asked for
    (1.23456789, 4, "1.2346"),
    (99.87654, 3, "99.877"),
    (0.000123456, 4, "0.00012"),        # small: two significant digits, never 0
    (0.00123456, 4, "0.0012"),
    (0.0000123456, 6, "0.0000123"),
    (2.0, 9, "2"),
    (0.0, 9, "0"),
    (-1e-30, 9, "-1e-30"),
    (3.54255e-15, 9, "3.54255e-15"),    # too small to count zeros: scientific
    (0.00000354255, 9, "0.00000354255"),  # one millionth and above: still decimals
    (9.999996e-7, 9, "1e-06"),
    (1.23456e-7, 4, "1.2e-07"),
    (1234567.0, 9, "1.234567e+06"),
])
def test_fmt(value, decimals, text):
    assert fmt(value, decimals) == text


def test_fmt_names_what_is_not_finite():
    assert (fmt(float("nan")), fmt(float("inf")), fmt(-float("inf"))) == ("nan", "inf", "-inf")
