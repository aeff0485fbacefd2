"""Agreement to a stated tolerance: the verdict lessons print instead of a residue."""

import numpy as np
import pytest

from nnlesson.maths.compare import EPS, ROUNDING, agree


def test_the_verdict_reads_the_same_on_every_machine():
    assert repr(agree([1.0, 2.0], [1.0, 2.0 + 2e-13], to=1e-12)) == "agree to 1e-12: yes"
    assert repr(agree(0.5, 0.5 + 1e-6, to=1e-12)) == "agree to 1e-12: NO"
    # Rounding's own tolerance is named as what it is, the same on every machine.
    assert repr(agree(1.0, 1.0, to=ROUNDING)) == "agree to 64 × 2⁻⁵²: yes"
    assert repr(agree(1.0, 1.0, to=3 * ROUNDING / 64)) == "agree to 3 × 2⁻⁵²: yes"


def test_relative_above_the_scale_and_absolute_below_it():
    assert agree(1e6, 1e6 * (1 + 5e-13), to=1e-12)          # relative to 1e6
    assert not agree(1e6, 1e6 + 1e-3, to=1e-12)
    assert agree(1e-20, 3e-20, to=1e-12)                     # both below the scale of 1
    assert not agree(1e-20, 3e-20, to=1e-12, scale=0.0)      # purely relative: 3x apart
    assert agree(0.0, 0.0, to=1e-12, scale=0.0)


def test_a_last_bit_difference_agrees_to_rounding_and_a_real_one_does_not():
    value = 0.7234592010718481
    assert agree(value, np.nextafter(value, 1), to=ROUNDING)
    assert not agree(value, value * (1 + 1e-12), to=ROUNDING)
    assert ROUNDING == 64 * EPS


def test_nan_and_inf_never_agree():
    assert not agree(np.nan, np.nan, to=0.5)
    assert not agree([1.0, np.inf], [1.0, np.inf], to=0.5)


@pytest.mark.parametrize(("a", "b", "to", "pattern"), [
    ([1.0, 2.0], [1.0], 1e-12, "shapes"),
    (1.0, 1.0, 0, "not a tolerance"),
    (1.0, 1.0, 2.0, "not a tolerance"),
])
def test_bad_comparisons_are_refused(a, b, to, pattern):
    with pytest.raises(ValueError, match=pattern):
        agree(a, b, to=to)
