"""What lessons 13-20 show: each helper's plain text carries the computed facts."""

import json
import re
import struct
from pathlib import Path

import pytest

from nnlesson import CLASSIC
from nnlesson import show as lt
from nnlesson.example.copies import sweep
from nnlesson.example.error_surface import curvature
from nnlesson.example.params import Options
from nnlesson.maths.activations import ACTIVATIONS
from nnlesson.mlp.matrix_form import correspondence, prove_matrix_form
from nnlesson.mlp.network import Network
from nnlesson.practice import questions
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
    assert "at x = 0, where it is 1/4" in text and "(1/4)^10 = 9.53674e-07" in text


def test_equations_carry_sympy_forms():
    assert "y*(1 - y)" in lt.activation_equations().text
    assert "dE/dz_j = s_j - t_j" in lt.softmax_equations().text
    assert r"\frac{\partial E}{\partial z_j} &= s_{j} - t_{j}" in lt.softmax_equations().latex
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


# -- lessons 13 to 15 as a learner reads them -------------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NEXT = {13: "lesson 14, vanishing and exploding gradients",
        14: "lesson 15, the matrix form",
        15: "lesson 16, write it yourself: the 3-4-2 network"}


def lesson(number: int) -> list[dict]:
    path = next(NOTEBOOKS.glob(f"{number:02d}_*.ipynb"))
    return json.loads(path.read_text())["cells"]


def markdown(cells) -> list[str]:
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("number", sorted(NEXT))
def test_each_lesson_links_the_notation_sheet_and_the_next_lesson(number):
    text = markdown(lesson(number))
    assert "[notation sheet](notation.ipynb)" in text[0]
    assert text[-1].rstrip().splitlines()[-1].startswith(f"Continue with **{NEXT[number]}**")


@pytest.mark.parametrize("number", sorted(NEXT))
def test_no_jargon_before_it_is_explained(number):
    text = "\n".join(markdown(lesson(number)))
    for word in ("fused multiply", "units in the last place", r"\bulps?\b", "lambdify",
                 "30 digits"):
        assert not re.search(word, text), word
    if "BLAS" in text:
        assert "BLAS, a library" in text
    if number == 13:  # the first lesson after the worked example to lean on sympy says what it is
        assert text.index("sympy") == text.index("sympy**, a Python library")


@pytest.mark.parametrize("number", [14, 15])
def test_the_cost_J_is_defined_where_it_first_appears(number):
    text = markdown(lesson(number))
    first = next(t for t in text if re.search(r"(\$J\$|\\partial J)", t))
    assert "**cost** $J$" in first and "averaged over" in first


@pytest.mark.parametrize("number", sorted(NEXT))
def test_one_to_three_predictions_each_asked_before_its_answer(number):
    cells = lesson(number)
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    asked = [m for c in code for m in re.findall(r'widgets\.Predict\("([^"]+)"\)', c)]
    assert 1 <= len(asked) <= 3
    for id in asked:
        assert id.startswith(f"{number}-") and id in questions.QUESTIONS
    # The cell that shows an answer comes after its question.
    shows = {"13-slope-at-zero": "show.activations_figure()",
             "13-softmax-shift": "maths.softmax.shift_invariant()",
             "13-sigmoid-delta": "simplifications.sigmoid_cross_entropy()",
             "14-smallest-gradient": "show.gradient_size_table(small)",
             "14-sigmoid-xavier": "show.gradient_size_table(matched)",
             "15-shape-of-dW": "show.shape_table(net342, 5)",
             "15-gradient-count": "mlp.gradient_check("}
    for id in asked:
        question_at = next(k for k, c in enumerate(code) if f'Predict("{id}")' in c)
        answer_at = next(k for k, c in enumerate(code) if shows[id] in c)
        assert question_at < answer_at, id
    # ... and no output before a question gives its answer away (lesson 15's Parameters repr
    # counts the numbers, so the lesson shows the network instead).
    at = next(k for k, c in enumerate(cells) if 'Predict("15-gradient-count")' in
              "".join(c["source"])) if number == 15 else 0
    earlier = "".join("".join(o.get("data", {}).get("text/plain", ""))
                      for c in cells[:at] if c["cell_type"] == "code" for o in c["outputs"])
    assert "26 numbers" not in earlier


def test_lesson_15_gives_db_and_broadcasts_biases_that_are_not_zero():
    cells = lesson(15)
    text = "\n".join(markdown(cells))
    assert r"db^{[l]} = \tfrac{1}{m} \sum_{i=1}^{m} dZ^{[l]}_{:,i}" in text
    assert "softmax" in text and "A^{[L]} - Y" in text
    steps = next(c for c in cells if "show.forward_steps(net342" in "".join(c["source"]))
    latex = "".join(steps["outputs"][0]["data"]["text/latex"])
    column = r"\\underbrace\{\\begin\{bmatrix\}([^}]*)\\end\{bmatrix\}\}_\{\d\\times 1\}"
    biases = re.findall(column, latex)
    assert len(biases) == 2
    for column in biases:
        assert any(float(v) != 0 for v in column.split(r"\\"))


def test_the_matrix_questions_are_the_networks_own():
    network = Network((3, 4, 2))
    shape = dict(network.shapes(5))["dW[1]"]
    assert questions.question("15-shape-of-dW").shown_answer == f"{shape[0]} × {shape[1]}"
    assert questions.question("15-gradient-count").answer == network.parameter_count == 26
    assert questions.question("13-slope-at-zero").answer == 4
    assert questions.question("13-softmax-shift").shown_answer == "They do not change."
