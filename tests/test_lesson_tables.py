"""What lessons 13-20 show: each helper's plain text carries the computed facts."""

import re
import struct

from nnlesson import CLASSIC
from nnlesson import show as lt
from nnlesson.example.copies import sweep
from nnlesson.example.error_surface import curvature
from nnlesson.example.params import Options
from nnlesson.maths.activations import ACTIVATIONS
from nnlesson.mlp.matrix_form import correspondence, prove_matrix_form
from nnlesson.topics.convolution import (
    LENET_C1,
    LENET_C1_PUBLISHED,
    check_step,
    one_output,
    small_example,
)


def test_relu_slopes_either_side_of_zero():
    assert "just left of 0: 0; just right of 0: 1; the convention used at exactly 0: 0" in \
        lt.relu_at_zero().text


def test_sigmoid_slope_bound_is_derived():
    text = lt.sigmoid_slope_bound(10).text
    assert "at x = 0, where it is 1/4" in text and "0.000000953674" in text


def test_equations_carry_sympy_forms():
    assert "y*(1 - y)" in lt.activation_equations().text
    assert "dL/dz_j = o - t" in lt.softmax_equations().text
    assert lt.softmax_values([0.0, 0.0]).text.splitlines()[1].endswith("0.5")


def test_correspondence_and_proof_tables():
    table = lt.correspondence_table(correspondence(CLASSIC)).text
    assert table.count("yes") == 29 and "ulp apart" not in table
    assert "DIFFERENT" not in lt.proof_table(prove_matrix_form()).text


def test_curvature_summary_shows_a_rounding_zero_as_zero():
    c = curvature(weights=("w5", "w6"), options=Options(output_activation="identity"))
    text = lt.curvature_summary(c).text
    assert "and 0 (to rounding)" in text and "e-17" not in text


def test_sweep_summary_and_conv_tables():
    result = sweep([0.1, 1.0], steps=20)
    text = " ".join(lt.sweep_summary(result).text.split())
    assert "copies trained 2" in text and "diverged 0" in text
    assert "122,304" in lt.conv_summary(LENET_C1).text
    checked = lt.published_check(LENET_C1, LENET_C1_PUBLISHED).text
    assert checked.count("yes") == 2 and "NO" not in checked
    e = small_example()
    one = one_output(e.x, e.kernels, e.biases, n=1, i=0, j=1)
    shown = lt.conv_check(check_step(e.x, e.kernels, e.biases, one)).text
    assert "NO" not in shown and "bias added at every position of map 1 -2" in " ".join(
        shown.split())


def test_figures_are_pictures_with_a_description():
    shown = lt.activations_figure()
    assert shown.png.startswith(b"\x89PNG\r\n\x1a\n") and shown.png[12:16] == b"IHDR"
    # The IHDR chunk comes first: width and height, 4 bytes each, big-endian.
    width, height = struct.unpack(">II", shown.png[16:24])
    # One 3.0 x 2.8 inch panel per activation, saved at 80 dpi.
    assert (width, height) == (round(3.0 * len(ACTIVATIONS) * 80), round(2.8 * 80))
    # The words say what the picture shows: every activation, by name.
    assert set(ACTIVATIONS) <= set(re.findall(r"[a-z_]+", shown.text)), shown.text
