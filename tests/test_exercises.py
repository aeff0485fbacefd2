"""Answer checking: right answers accepted, each usual mistake recognised with its own hint.

The mistaken values here are worked out independently of nnlesson.example.exercises
(which gets them from the engine), from the trace's own factors: if either
side is wrong, the kinds do not match.
"""

from __future__ import annotations

import pytest
import sympy

from nnlesson import CLASSIC, Options, fmt, trace
from nnlesson.example.exercises import MISTAKES, check_answer, close_enough, hint, mistaken_values

T = trace()
V = T.values


@pytest.mark.parametrize("name", ["net_h1", "out_o1", "E_total", "dE_dw5", "delta_h1", "dE_dw1",
                                  "w5_new", "w1_new", "E_total_new"])
def test_right_answers_are_accepted_as_typed(name):
    value = V[name]
    for typed in (value, fmt(value), f"{value:.4g}", f"  {value:.6f} ".replace(".", ",")):
        feedback = check_answer(T, name, typed)
        assert feedback.correct, (name, typed, feedback)
        assert feedback.mistake == "" and fmt(value) in feedback.message


def test_tolerance_is_a_tenth_of_a_percent():
    value = V["dE_dw5"]
    assert close_enough(value * 1.0009, value)
    assert not close_enough(value * 1.0011, value)
    assert not check_answer(T, "dE_dw5", 0.0821 * 0.98).correct


# (step, the mistaken answer, the mistake it is): independent arithmetic on the trace's factors.
MISTAKEN = [
    # Used w5+ and w7+ (the updated weights) in the hidden-layer chain.
    ("dE_total_dout_h1", V["delta_o1"] * V["w5_new"] + V["delta_o2"] * V["w7_new"],
     "updated-weight"),
    ("dE_dw1", (V["delta_o1"] * V["w5_new"] + V["delta_o2"] * V["w7_new"])
     * V["dout_h1_dnet_h1"] * CLASSIC.i1, "updated-weight"),
    # Dropped the 1/2 of E (so the error doubles), or did not cancel the 2 with it (halves).
    ("E_o1", (CLASSIC.target_o1 - V["out_o1"]) ** 2, "half-factor"),
    ("dE_total_dout_o1", 2 * (V["out_o1"] - CLASSIC.target_o1), "half-factor"),
    ("dE_dw5", 2 * V["dE_dw5"], "half-factor"),
    ("dE_dw5", V["dE_dw5"] / 2, "half-factor"),
    ("w5_new", CLASSIC.w5 - CLASSIC.learning_rate * 2 * V["dE_dw5"], "half-factor"),
    # (target - out) instead of (out - target).
    ("dE_total_dout_o1", CLASSIC.target_o1 - V["out_o1"], "sign"),
    ("delta_o2", -V["delta_o2"], "sign"),
    ("dE_dw7", -V["dE_dw7"], "sign"),
    ("w5_new", CLASSIC.w5 + CLASSIC.learning_rate * V["dE_dw5"], "sign"),
    # Only one of the two paths into h1 / h2.
    ("dE_total_dout_h1", V["dE_o1_dout_h1"], "missing-path"),
    ("dE_total_dout_h1", V["dE_o2_dout_h1"], "missing-path"),
    ("delta_h2", V["dE_o1_dout_h2"] * V["dout_h2_dnet_h2"], "missing-path"),
    ("dE_dw4", V["dE_o1_dout_h2"] * V["dout_h2_dnet_h2"] * CLASSIC.i2, "missing-path"),
]


@pytest.mark.parametrize(("name", "answer", "kind"), MISTAKEN)
def test_each_usual_mistake_gets_its_own_hint(name, answer, kind):
    feedback = check_answer(T, name, answer)
    assert not feedback.correct
    assert feedback.mistake == kind, feedback
    # The hint does not give the answer away (beyond echoing what the learner typed).
    assert fmt(V[name]) not in feedback.message.replace(fmt(answer), "")


def test_hints_say_what_went_wrong():
    assert "ORIGINAL" in check_answer(T, "dE_total_dout_h1", V["delta_o1"] * V["w5_new"]
                                      + V["delta_o2"] * V["w7_new"]).message
    assert "1/2" in check_answer(T, "dE_dw5", 2 * V["dE_dw5"]).message
    assert "out - target" in check_answer(T, "dE_total_dout_o1", -V["dE_total_dout_o1"]).message
    assert "through o1" in check_answer(T, "dE_total_dout_h1", V["dE_o1_dout_h1"]).message
    assert set(MISTAKES) == {"updated-weight", "half-factor", "sign", "missing-path"}


def test_mistakes_follow_the_options():
    # With the squared loss, the "1/2" mistake is adding one: half of the right value.
    squared = trace(loss="squared")
    assert check_answer(squared, "dE_dw5", squared.value("dE_dw5") / 2).mistake == "half-factor"
    # Cross-entropy has no 1/2 to drop. The sign mistake is the engine run with each target
    # mirrored about its output, which cross-entropy allows only while that stays in [0, 1].
    ce = trace(loss="cross-entropy")
    assert "half-factor" not in mistaken_values(ce, "dE_dw5")
    assert "sign" not in mistaken_values(ce, "dE_dw5")     # 2 * 0.751 - 0.01 > 1
    near = trace(CLASSIC.replace(target_o1=0.6, target_o2=0.7), loss="cross-entropy")
    assert check_answer(near, "dE_dw5", -near.value("dE_dw5")).mistake == "sign"
    # In output-first order, the updated weights ARE the method: no such mistake for _plus steps.
    of = trace(order="output-first")
    assert check_answer(of, "dE_dw1_plus", of.value("dE_dw1_plus")).correct
    assert "updated-weight" not in mistaken_values(of, "dE_total_dout_h1_plus")


def test_steps_without_a_usual_mistake():
    assert mistaken_values(T, "net_h1") == {}
    feedback = check_answer(T, "net_h1", 0.5)
    assert not feedback.correct and feedback.mistake == ""
    assert "w1*i1 + w2*i2 + b1" in feedback.message   # the generic hint: the formula


def test_an_unknown_wrong_answer_gets_the_formula_and_its_inputs():
    text = hint(T, "dE_dw5")
    assert "dE_total/dout_o1*dout_o1/dnet_o1*dnet_o1/dw5" in text
    assert fmt(V["dE_total_dout_o1"]) in text and fmt(V["dnet_o1_dw5"]) in text
    assert fmt(V["dE_dw5"]) not in text
    assert "w5 = 0.4" in hint(T, "dE_o1_dout_h1")   # parameters it needs are listed too


@pytest.mark.parametrize("typed", ["abc", "", "1/2", "__import__('os').getcwd()", "9**9**9",
                                   "nan", "1e400"])
def test_text_that_is_not_a_number_is_refused_without_evaluating_it(typed, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("typed text reached sympy")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr("sympy.parsing.sympy_parser.parse_expr", forbidden)
    feedback = check_answer(T, "dE_dw5", typed)
    assert not feedback.correct and feedback.mistake == ""
    assert "type a number" in feedback.message


def test_a_right_answer_beyond_the_parameters_range_is_accepted():
    big = trace(CLASSIC.replace(w1=1000, i1=1000))   # net_h1 = 1,000,000.37
    assert check_answer(big, "net_h1", "1000000.37").correct


def test_the_hint_lists_a_per_neuron_bias_left_at_its_layers_value():
    per_neuron = trace(options=Options(bias="per-neuron"))
    assert "b_h1 = 0.35" in hint(per_neuron, "net_h1")


def test_unknown_step_is_refused_by_name():
    with pytest.raises(KeyError, match="no step named 'dE_dw9'"):
        check_answer(T, "dE_dw9", 0.1)
