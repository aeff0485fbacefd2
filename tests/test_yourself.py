"""Write it yourself (lessons 12, 16, 17): the checker passes the reference solutions, names each
purpose-made slip, and turns every other mistake into a diagnosis, never a traceback."""

import dataclasses

import numpy as np
import pytest

from nnlesson import CLASSIC, example, mlp
from nnlesson.maths.compare import agree
from nnlesson.practice import (
    Blank,
    Diagnosis,
    blank,
    check_matrix_form,
    check_three_four_two,
    check_two_two_two,
    questions,
    solutions,
    yourself,
)
from nnlesson.practice.yourself import (
    LEARNER_FLOOR,
    LEARNER_TOLERANCE,
    MATRIX_QUANTITIES,
    SLIPS,
    TWO_TWO_TWO,
    _named,
    _slipped,
    _Variant,
    inputs_three_four_two,
    inputs_two_two_two,
)

CHECKS = {"2-2-2": check_two_two_two, "3-4-2": check_three_four_two,
          "matrix form": check_matrix_form}
REFERENCES = {"2-2-2": solutions.two_two_two, "3-4-2": solutions.three_four_two,
              "matrix form": solutions.over_m_examples}


def random_params(seed: int) -> example.Params:
    rng = np.random.default_rng(seed)
    return yourself._random_params(rng)


def close(a, b) -> bool:
    """The checker's own tolerance (LEARNER_TOLERANCE: rounding, never a slip)."""
    return bool(agree(a, b, to=LEARNER_TOLERANCE, scale=LEARNER_FLOOR))


# -- the reference solutions pass -------------------------------------------------------------


@pytest.mark.parametrize("exercise", list(CHECKS))
def test_the_reference_solution_passes(exercise):
    d = CHECKS[exercise](REFERENCES[exercise])
    assert isinstance(d, Diagnosis) and d.ok and bool(d) and d.kind == "agree"
    assert d.quantity == d.slip == ""
    count = len(TWO_TWO_TWO if exercise == "2-2-2" else MATRIX_QUANTITIES)
    assert repr(d).startswith(f"All {count} quantities agree") and "central differences" in repr(d)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_2_2_2_reference_passes_at_random_numbers(seed):
    assert check_two_two_two(solutions.two_two_two, random_params(seed), seed=seed).ok


def test_the_reference_solutions_are_the_lessons_numbers():
    # Independent of the checker: the reference against the engine and the general network.
    got = solutions.two_two_two(**inputs_two_two_two())
    g = example.gradients(CLASSIC)
    assert got["dE_dw5"] == pytest.approx(g.dE_dw5, rel=1e-12)
    assert got["dE_dw1"] == pytest.approx(g.dE_dw1, rel=1e-12)
    assert got["w5_new"] == pytest.approx(example.update(CLASSIC).after.w5, rel=1e-12)
    numbers = inputs_three_four_two(m=5, seed=17)
    network = mlp.Network((3, 4, 2), hidden="sigmoid", output="sigmoid", loss="half-squared")
    params = mlp.Parameters.from_arrays(network, numbers["W"], numbers["b"])
    mine = solutions.over_m_examples(**numbers)
    right = mlp.gradients(network, params, numbers["X"], numbers["Y"])
    assert close(mine["dW[1]"], right.dW[1]) and close(mine["db[2]"], right.db[2])
    assert close(mine["J"], right.cost)


# -- every purpose-made slip is named ---------------------------------------------------------


SLIPPED = [(exercise, slip) for exercise, slips in solutions.SLIPPED.items() for slip in slips]


@pytest.mark.parametrize(("exercise", "slip"), SLIPPED)
def test_each_purpose_made_slip_is_diagnosed_with_its_name(exercise, slip):
    d = CHECKS[exercise](solutions.SLIPPED[exercise][slip])
    assert not d.ok and d.slip == slip, d
    assert d.kind in ("differs", "shape", "error")
    assert "Likely slip: " in d.message and d.quantity in d.message


@pytest.mark.parametrize("slip", list(solutions.SLIPPED["2-2-2"]))
@pytest.mark.parametrize("seed", [7, 8])
def test_each_2_2_2_slip_is_named_at_random_numbers(slip, seed):
    d = check_two_two_two(solutions.SLIPPED["2-2-2"][slip], random_params(seed))
    assert d.slip == slip, d


def test_every_slip_has_a_purpose_made_solution_and_a_name():
    made = {slip for slips in solutions.SLIPPED.values() for slip in slips}
    assert made == set(SLIPS)


def test_the_messages_name_the_slip_as_the_lessons_do():
    missing = check_two_two_two(solutions.SLIPPED["2-2-2"]["missing-path"])
    assert missing.quantity == "dE_total_dout_h1"
    assert "dE_total_dout_h1 is missing the path through o2" in repr(missing)
    g = example.gradients(CLASSIC)
    assert missing.yours == pytest.approx(g.dE_o1_dout_h1, rel=1e-12)   # the path through o1
    assert missing.expected == pytest.approx(g.dE_total_dout_h1, rel=1e-12)
    late = check_two_two_two(solutions.SLIPPED["2-2-2"]["updated-weight"])
    assert "uses w5, w6, w7, w8 after the update" in repr(late)
    transposed = check_three_four_two(solutions.SLIPPED["3-4-2"]["dW-orientation"])
    assert transposed.kind == "shape" and "dW needs A_prev transposed" in repr(transposed)
    average = check_matrix_form(solutions.three_four_two)   # lesson 16's, with m = 5
    assert average.slip == "forgot-1/m" and "forgot the 1/m" in repr(average)


def test_a_product_that_does_not_fit_names_its_line_and_slip():
    def outer_product(W, b, X, Y):
        result = solutions.over_m_examples(W, b, X, Y)
        dZ2, A1 = result["dZ[2]"], result["A[1]"]
        dW2 = dZ2 * A1.T        # right for one example only
        return {**result, "dW[2]": dW2}

    assert check_three_four_two(outer_product).ok
    d = check_matrix_form(outer_product)
    assert d.kind == "error" and d.slip == "dW-orientation" and d.quantity == "dW[2]"
    assert "`dW2 = dZ2 * A1.T`" in d.message and "do not fit" in d.message


def test_the_first_quantity_in_lesson_order_is_named():
    def two_wrong(**inputs):
        result = solutions.two_two_two(**inputs)
        return {**result, "dE_dw4": 0.0, "E_o2": result["E_o2"] + 0.1}

    d = check_two_two_two(two_wrong)
    assert d.kind == "differs" and d.quantity == "E_o2" and d.slip == ""
    assert repr(d).startswith("E_o2 differs first: yours ")
    assert "the slip is in the line that computes E_o2" in repr(d)

    def one_entry(W, b, X, Y):
        result = solutions.over_m_examples(W, b, X, Y)
        dW1 = result["dW[1]"].copy()
        dW1[2, 1] += 1.0
        return {**result, "dW[1]": dW1}

    d = check_matrix_form(one_entry)
    assert d.quantity == "dW[1]" and "at entry [2, 1]" in repr(d)
    assert "central differences" in repr(d)


def test_a_number_typed_from_the_post_fails_at_random_numbers():
    typed = solutions.two_two_two(**inputs_two_two_two())["out_h1"]

    def typed_in(**inputs):
        return {**solutions.two_two_two(**inputs), "out_h1": typed}

    d = check_two_two_two(typed_in)
    assert d.quantity == "out_h1" and "random numbers, set 1 of seed 12" in repr(d)


def test_an_m_typed_into_the_function_fails_with_another_m():
    def five(W, b, X, Y):
        result = solutions.over_m_examples(W, b, X, Y)
        return {**result, "J": np.sum(0.5 * (Y - result["A[2]"]) ** 2) / 5}

    d = check_matrix_form(five)
    assert d.quantity == "J" and "m = 3" in repr(d)


# -- no traceback, ever ------------------------------------------------------------------------


def test_a_blank_gives_a_diagnosis_naming_it():
    def half_written(**inputs):
        result = solutions.two_two_two(**inputs)
        result["delta_h1"] = blank("delta_h1")
        return result

    d = check_two_two_two(half_written)
    assert d.kind == "blank" and d.quantity == "delta_h1" and not d.ok
    assert repr(d).startswith("Fill in this line: delta_h1, the delta of h1")
    assert "first blank" in repr(d)


def test_a_blank_raises_a_friendly_message():
    with pytest.raises(Blank, match=r"^Fill in this line: dW\[2\], ∂J/∂W\[2\]") as caught:
        blank("dW[2]")
    assert isinstance(caught.value, NotImplementedError)
    assert caught.value._render_traceback_() == [f"Blank: {caught.value}"]   # what IPython shows
    for name in (*TWO_TWO_TWO, *MATRIX_QUANTITIES, "m", "something else"):
        with pytest.raises(Blank, match=r"^Fill in this line: "):
            blank(name)


def test_an_exception_gives_a_diagnosis_with_its_line():
    def divides(**inputs):
        result = solutions.two_two_two(**inputs)
        zero = 0
        result["E_total"] = 1 / zero
        return result

    d = check_two_two_two(divides)
    assert d.kind == "error" and not d.ok
    assert "ZeroDivisionError: division by zero" in repr(d)
    assert '`result["E_total"] = 1 / zero`' in repr(d)


@pytest.mark.parametrize(("returned", "kind", "words"), [
    (None, "result", "returned NoneType, not a dict"),
    ((1.0, 2.0), "result", "returned tuple, not a dict"),
    ({"net_h1": 0.3775}, "result", "has no out_h1"),
])
def test_a_wrong_result_gives_a_diagnosis(returned, kind, words):
    d = check_two_two_two(lambda **inputs: returned)
    assert d.kind == kind and words in repr(d)


@pytest.mark.parametrize(("value", "kind", "words"), [
    ("0.59", "result", "out_h1 is '0.59', not a number"),
    (np.array([0.5, 0.6]), "shape", "out_h1 is an array of shape (2,), not one number"),
    (float("nan"), "not-finite", "out_h1 is not a finite number (nan)"),
    (np.inf, "not-finite", "out_h1 is not a finite number (inf)"),
    (True, "result", "not a number"),
])
def test_a_wrong_value_gives_a_diagnosis(value, kind, words):
    def wrong(**inputs):
        return {**solutions.two_two_two(**inputs), "out_h1": value}

    d = check_two_two_two(wrong)
    assert d.kind == kind and d.quantity == "out_h1" and words in repr(d), d


def test_one_number_may_come_in_any_container():
    def wrapped(**inputs):
        result = solutions.two_two_two(**inputs)
        return {name: np.array([[value]]) for name, value in result.items()}

    assert check_two_two_two(wrapped).ok


def test_wrong_shapes_and_nan_in_the_matrix_form_give_a_diagnosis():
    def flat(W, b, X, Y):
        result = solutions.three_four_two(W, b, X, Y)
        return {**result, "Z[1]": result["Z[1]"].ravel()}

    d = check_three_four_two(flat)
    assert d.kind == "shape" and "Z[1] has shape (4,); it should have shape (4, 1)" in repr(d)

    def nan(W, b, X, Y):
        result = solutions.over_m_examples(W, b, X, Y)
        return {**result, "dA[1]": result["dA[1]"] * np.nan}

    d = check_matrix_form(nan)
    assert d.kind == "not-finite" and d.quantity == "dA[1]"


def test_a_wrong_call_gives_a_diagnosis():
    result = solutions.two_two_two(**inputs_two_two_two())
    assert "without brackets" in repr(check_two_two_two(result))
    d = check_three_four_two(lambda weights, biases, X, Y: {})
    assert d.kind == "error" and "names every input" in repr(d)


def test_the_learner_gets_fresh_copies():
    def in_place(W, b, X, Y):
        result = solutions.over_m_examples(W, b, X, Y)
        W[2] -= 0.5 * result["dW[2]"]       # an update in place, after the backward pass
        X[:] = 0
        return result

    assert check_matrix_form(in_place).ok
    a, b = inputs_three_four_two(seed=3), inputs_three_four_two(seed=3)
    a["W"][1][0, 0] = 99.0
    assert b["W"][1][0, 0] != 99.0 and a["W"][1].flags.writeable


def test_a_diagnosis_is_a_frozen_record():
    d = check_two_two_two(solutions.two_two_two)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.kind = "differs"  # type: ignore[misc]
    assert repr(d) == d.message


# -- what a slip gives is anchored: no slip is the general network; slips are the engine's -----


def matrices(params):
    _, parameters, X, Y = mlp.from_params(params)
    return list(parameters.W), list(parameters.b), X, Y


@pytest.mark.parametrize("params", [CLASSIC, random_params(11), random_params(12)])
def test_no_slip_is_the_engine_and_the_general_network(params):
    W, b, X, Y = matrices(params)
    mine = _named(_slipped(W, b, X, Y, params.learning_rate))
    after = example.update(params).after
    engine = {**vars(example.forward(params)), **example.gradients(params).as_dict(),
              **{f"{w}_new": getattr(after, w) for w in example.params.WEIGHTS}}
    for name in TWO_TWO_TWO:
        assert close(mine[name], engine[name]), name
    numbers = inputs_three_four_two(m=5, seed=4)
    network = mlp.Network((3, 4, 2), hidden="sigmoid", output="sigmoid", loss="half-squared")
    g = mlp.gradients(network, mlp.Parameters.from_arrays(network, numbers["W"], numbers["b"]),
                      numbers["X"], numbers["Y"])
    values = _slipped(numbers["W"], numbers["b"], numbers["X"], numbers["Y"], 0.5)
    for l in (1, 2):
        assert close(values[f"dW[{l}]"], g.dW[l]) and close(values[f"db[{l}]"], g.db[l])
    assert close(values["dA[1]"], g.dA[1]) and close(values["J"], g.cost)


def engine_values(params, **choices):
    g = example.gradients(params, **choices)
    return {**vars(example.forward(params, **choices)), **g.as_dict()}


BACKWARD = [n for n in TWO_TWO_TWO if n.startswith(("delta", "dE_"))]


@pytest.mark.parametrize("params", [CLASSIC, random_params(21)])
def test_each_slip_is_what_the_engine_gives_when_an_input_makes_it(params):
    W, b, X, Y = matrices(params)
    f = example.forward(params)

    def slipped(**variant):
        return _named(_slipped(W, b, X, Y, params.learning_rate, _Variant(**variant)))

    # The sign: targets mirrored about the outputs, so that out - t' = t - out.
    mirrored = engine_values(params.replace(target_o1=2 * f.out_o1 - params.target_o1,
                                            target_o2=2 * f.out_o2 - params.target_o2))
    sign = slipped(slip="sign", parts=frozenset({"dA"}))
    # Doubled: the squared loss, without the ½ (the error and every gradient).
    squared = engine_values(params, loss="squared")
    doubled = slipped(slip="doubled", parts=frozenset({"J", "dA"}))
    # Halved: targets moved halfway to the outputs, so that out - t' = (out - t) / 2.
    halfway = engine_values(params.replace(target_o1=(params.target_o1 + f.out_o1) / 2,
                                           target_o2=(params.target_o2 + f.out_o2) / 2))
    halved = slipped(slip="halved", parts=frozenset({"dA"}))
    # The path through o2 left out: o2's target equal to its output makes its delta 0.
    no_o2 = engine_values(params.replace(target_o2=f.out_o2))
    missing = slipped(slip="missing-path", output=1)
    for name in BACKWARD:
        assert close(sign[name], mirrored[name]), name
        assert close(doubled[name], squared[name]), name
        assert close(halved[name], halfway[name]), name
        if name.startswith(("delta_h", "dE_total_dout_h", "dE_dw1", "dE_dw2", "dE_dw3",
                            "dE_dw4")):
            assert close(missing[name], no_o2[name]), name
    assert close(doubled["E_total"], squared["E_total"])
    # An updated weight: the output-first order recomputes the hidden layer with w5+ .. w8+.
    first = example.update(params, order="output-first")
    early = slipped(slip="updated-weight", updated=((0, 0), (0, 1), (1, 0), (1, 1)))
    for name in ("dE_total_dout_h1", "delta_h1", "dE_dw1", "dE_dw2", "dE_total_dout_h2",
                 "delta_h2", "dE_dw3", "dE_dw4"):
        assert close(early[name], getattr(first.recomputed, name)), name
    for w in example.params.WEIGHTS:
        assert close(early[f"{w}_new"], getattr(first.after, w)), w


def test_the_predict_questions_agree_with_the_checker():
    slipped = solutions.SLIPPED["2-2-2"]
    right = solutions.two_two_two(**inputs_two_two_two())
    for id, slip in (("12-missing-path", "missing-path"), ("12-updated-weight", "updated-weight")):
        q = questions.question(id)
        wrong = slipped[slip](**inputs_two_two_two())
        larger = abs(wrong["dE_dw1"]) > abs(right["dE_dw1"])
        assert q.shown_answer == ("larger" if larger else "smaller")
    assert questions.question("16-gradient-count").answer == 26
    assert questions.question("17-shape-dW1").shown_answer == "4 × 3"
    assert questions.question("17-shape-dZ1").shown_answer == "4 × 5"
