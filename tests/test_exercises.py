"""Exercises: right answers accepted, each usual mistake named, hints one step at a time,
and the Exercise widget driven headless: new numbers, hints, mistakes, nothing leaked.

The mistaken values here are worked out independently of nnlesson.example.exercises
(which gets them from the engine), from the trace's own factors: if either side is
wrong, the kinds do not match.
"""

from __future__ import annotations

import html
import re

import pytest
import sympy

from nnlesson import CLASSIC, Options, fmt, trace
from nnlesson.example import numbers
from nnlesson.example.exercises import (
    HINT_STEPS,
    MISTAKES,
    PRACTICE_STEPS,
    ROUNDING_BAND,
    check_answer,
    close_enough,
    hint,
    hints,
    mistaken_values,
    reference_point,
)
from nnlesson.widgets import Exercise, LessonModel

T = trace()
V = T.values

#: The exercises of lesson 11, in its order.
LESSON_11 = ("out_h1", "E_total", "dE_dw5", "dE_dw1", "w5_new")


@pytest.mark.parametrize("name", ["net_h1", "out_o1", "E_total", "dE_dw5", "delta_h1", "dE_dw1",
                                  "E_total_new"])
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


def test_an_updated_weight_is_judged_by_its_change():
    # w1 moves by 0.000219284: judged by its own size, "forgot to update" (0.15) would be
    # within 0.15 % and a wrong gradient would pass unnoticed.
    assert reference_point(T, "w1_new") == CLASSIC.w1 and reference_point(T, "dE_dw1") == 0
    assert check_answer(T, "w1_new", fmt(V["w1_new"])).correct
    assert check_answer(T, "w1_new", "0.1497807").correct
    not_updated = check_answer(T, "w1_new", "0.15")
    assert not not_updated.correct and not_updated.mistake == ""
    rounded = check_answer(T, "w1_new", "0.14978")    # the change, 0.00022, is 0.3 % off
    assert not rounded.correct and rounded.mistake == "rounding"
    assert "change" in rounded.message
    assert check_answer(T, "w5_new", f"{V['w5_new']:.4g}").correct   # a large change: 4 digits


# (step, the mistaken answer, the mistake it is): independent arithmetic on the trace's factors.
MISTAKEN = [
    # Used w5+ and w7+ (the updated weights) in the hidden-layer chain.
    ("dE_total_dout_h1", V["delta_o1"] * V["w5_new"] + V["delta_o2"] * V["w7_new"],
     "updated-weight"),
    ("dE_dw1", (V["delta_o1"] * V["w5_new"] + V["delta_o2"] * V["w7_new"])
     * V["dout_h1_dnet_h1"] * CLASSIC.i1, "updated-weight"),
    ("w1_new", CLASSIC.w1 - CLASSIC.learning_rate * (V["delta_o1"] * V["w5_new"]
                                                     + V["delta_o2"] * V["w7_new"])
     * V["dout_h1_dnet_h1"] * CLASSIC.i1, "updated-weight"),
    # Dropped the 1/2 of E (so the error doubles), or did not cancel the 2 with it (halves).
    ("E_o1", (CLASSIC.target_o1 - V["out_o1"]) ** 2, "half-factor"),
    ("E_total", 2 * V["E_total"], "half-factor"),
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
    ("w1_new", CLASSIC.w1 - CLASSIC.learning_rate * V["dE_o1_dout_h1"] * V["dout_h1_dnet_h1"]
     * CLASSIC.i1, "missing-path"),
    # Close, but outside the tolerance.
    ("dE_dw1", V["dE_dw1"] * 1.01, "rounding"),
    ("out_h1", float(f"{V['out_h1']:.2f}"), "rounding"),
]


@pytest.mark.parametrize(("name", "answer", "kind"), MISTAKEN)
def test_each_usual_mistake_is_named(name, answer, kind):
    feedback = check_answer(T, name, answer)
    assert not feedback.correct
    assert feedback.mistake == kind, feedback
    assert kind in MISTAKES
    # The feedback does not give the answer away.
    assert fmt(V[name]) not in feedback.message + feedback.hint


def test_the_feedback_says_what_went_wrong():
    assert "ORIGINAL" in check_answer(T, "dE_total_dout_h1", V["delta_o1"] * V["w5_new"]
                                      + V["delta_o2"] * V["w7_new"]).message
    assert "½" in check_answer(T, "dE_dw5", 2 * V["dE_dw5"]).message
    assert "out - target" in check_answer(T, "dE_total_dout_o1", -V["dE_total_dout_o1"]).message
    assert "through o1" in check_answer(T, "dE_total_dout_h1", V["dE_o1_dout_h1"]).message
    assert "more digits" in check_answer(T, "dE_dw1", V["dE_dw1"] * 1.005).message
    assert set(MISTAKES) == {"missing-path", "updated-weight", "half-factor", "sign", "rounding"}


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


def test_a_mistake_within_rounding_reach_is_not_named():
    # Every value offered as a mistake lies outside the rounding band of the right value.
    for name in PRACTICE_STEPS:
        start = reference_point(T, name)
        for kind, value in mistaken_values(T, name).items():
            assert abs(value - V[name]) > ROUNDING_BAND * abs(V[name] - start), (name, kind)


# --- hints, one step at a time ----------------------------------------------------------------

def _computed(t, *, besides=()) -> dict[str, str]:
    """fmt of every value the trace computes that is not also a number it was given."""
    given = {fmt(v) for v in t.params.values().values()}
    return {s.name: fmt(s.value) for s in t
            if fmt(s.value) not in given and s.name not in besides}


@pytest.mark.parametrize("name", PRACTICE_STEPS)
def test_hints_come_in_four_steps_and_only_the_last_gives_the_answer(name):
    texts = hints(T, name)
    assert len(texts) == len(HINT_STEPS) == 4
    answer = fmt(V[name])
    assert all(answer not in text for text in texts[:3]) and answer in texts[3]
    # The shape and the pieces carry no computed number; the third hint exactly one.
    computed = _computed(T, besides=(name,))
    for text in texts[:2]:
        assert not [n for n, v in computed.items() if v in text], (name, text)
    assert len({v for v in computed.values() if v in texts[2]}) <= 1, texts[2]
    assert [hint(T, name, level) for level in range(4)] == list(texts)


def test_the_hints_name_the_paths_for_a_hidden_weight():
    shape, pieces, one_value, worked = hints(T, "dE_dw1")
    assert shape.startswith("Chain rule") and "w1" in shape
    assert "dE_total/dout_h1 · dout_h1/dnet_h1 · dnet_h1/dw1" in pieces
    assert "dE_o1/dout_h1 + dE_o2/dout_h1" in pieces           # both paths, on request
    slope = fmt(V["dout_h1_dnet_h1"])
    assert one_value == f"One of the values it needs: dout_h1/dnet_h1 = {slope}."
    assert fmt(V["dE_total_dout_h1"]) in worked and fmt(V["dE_dw1"]) in worked


def test_not_this_one_comes_with_the_next_hint_but_never_the_worked_answer():
    texts = hints(T, "dE_dw1")
    for seen, level in ((0, 0), (1, 1), (2, 2), (3, 2), (9, 2)):
        feedback = check_answer(T, "dE_dw1", 0.5, hints_seen=seen)
        assert not feedback.correct and feedback.mistake == ""
        assert feedback.message == "Not this one."
        assert feedback.hint_level == level and feedback.hint == texts[level]
    assert check_answer(T, "dE_dw1", V["dE_dw1"]).hint == ""


def test_a_step_without_a_usual_mistake():
    assert mistaken_values(T, "net_h1") == {}
    feedback = check_answer(T, "net_h1", 0.5)
    assert not feedback.correct and feedback.mistake == ""
    assert "w1 · i1 + w2 · i2 + b1" in hint(T, "net_h1", 1)


@pytest.mark.parametrize("typed", ["abc", "", "1/2", "__import__('os').getcwd()", "9**9**9",
                                   "nan", "1e400"])
def test_text_that_is_not_a_number_is_refused_without_evaluating_it(typed, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("typed text reached sympy")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr("sympy.parsing.sympy_parser.parse_expr", forbidden)
    feedback = check_answer(T, "dE_dw5", typed)
    assert not feedback.correct and feedback.mistake == ""
    assert feedback.message.startswith("Not a number")


def test_a_right_answer_beyond_the_parameters_range_is_accepted():
    big = trace(CLASSIC.replace(w1=1000, i1=1000))   # net_h1 = 1,000,000.37
    assert check_answer(big, "net_h1", "1000000.37").correct


def test_a_per_neuron_bias_left_at_its_layers_value_is_in_the_numbers():
    per_neuron = trace(options=Options(bias="per-neuron"))
    pieces, with_numbers = hint(per_neuron, "net_h1", 1), hint(per_neuron, "net_h1", 2)
    assert "b_h1" in pieces and "0.35" in with_numbers


def test_unknown_step_is_refused_by_name():
    with pytest.raises(KeyError, match="no step named 'dE_dw9'"):
        check_answer(T, "dE_dw9", 0.1)


@pytest.mark.parametrize("seed", [1, 2, 4821])
def test_with_drawn_numbers_every_listed_mistake_is_named(seed):
    t = trace(numbers.drawn(seed))
    named = set()
    for name in PRACTICE_STEPS:
        right, start = t.value(name), reference_point(t, name)
        for kind, value in mistaken_values(t, name).items():
            assert check_answer(t, name, repr(value)).mistake == kind
            named.add(kind)
        near = start + (right - start) * (1 + ROUNDING_BAND / 2)
        assert check_answer(t, name, repr(near)).mistake == "rounding"
        assert check_answer(t, name, fmt(right)).correct
    assert named == set(MISTAKES) - {"rounding"}


# --- the widget, driven headless ---------------------------------------------------------------

def _attr(markup: str, name: str) -> str:
    return re.search(rf'{name}="([^"]*)"', markup)[1]


def _page(*views: Exercise) -> str:
    """Everything a learner can read in these views: text, attributes, labels, placeholders."""
    parts = []
    for ui in views:
        parts += [ui.question.value, ui.diagram.value, ui.numbers.value, ui.feedback.value,
                  ui.answer.value, ui.answer.placeholder, ui.answer.description]
        parts += [f"{b.description} {b.tooltip}" for b in (ui.check, ui.hint, ui.new_numbers,
                                                            ui.classic)]
    return html.unescape(" ".join(parts))


def _lesson(model=None) -> list[Exercise]:
    model = LessonModel() if model is None else model
    return [Exercise(name, model) for name in LESSON_11]


def _leaks(page: str, t) -> list[str]:
    return sorted(name for name, shown in _computed(t).items()
                  if re.search(rf"(?<![\d.]){re.escape(shown)}(?!\d)", page))


def test_nothing_is_on_the_page_before_it_is_asked_for():
    views = _lesson()
    model = views[0].model
    assert _leaks(_page(*views), model.trace) == []
    for ui in views:
        assert ui.answer.placeholder and not re.search(r"\d", ui.answer.placeholder)
        assert "$" in ui.question.value and "Your turn" in ui.question.value
        assert _attr(ui.diagram.value, "data-name") == ui.step_name
    # The same with fresh numbers, after the other exercises were answered: nothing of
    # one exercise's answer appears in another.
    views[0].new_numbers.click()
    views[0].answer.value = fmt(model.trace.value("out_h1"))
    assert _attr(views[0].feedback.value, "data-correct") == "true"
    assert _leaks(_page(*views[1:]), model.trace) == []


def test_the_network_shows_the_given_numbers_and_lights_only_the_quantity():
    ui = Exercise("dE_dw1")
    svg = ui.diagram.value
    for name in ("i1", "i2", "w1", "w5", "w8", "b1", "b2", "target_o1"):
        assert fmt(getattr(CLASSIC, name)) in svg, name
    lit = set(re.findall(r'data-edge="(\w+)"[^>]*data-highlight="true"', svg))
    lit |= set(re.findall(r'data-highlight="true"[^>]*data-edge="(\w+)"', svg))
    assert lit == {"w1"}        # the quantity itself, not the paths to it
    assert "dE_total/dw1 = ?" in html.unescape(svg)


def test_hints_appear_one_step_at_a_time():
    ui = Exercise("dE_dw1")
    texts = hints(ui.model.trace, "dE_dw1")
    assert ui.hints_shown == 0 and "nnl-hint-body" not in ui.feedback.value
    for k in range(4):
        ui.hint.click()
        page = html.unescape(ui.feedback.value)
        assert ui.hints_shown == k + 1 and _attr(ui.feedback.value, "data-hints") == str(k + 1)
        assert all(text in page for text in texts[:k + 1])
        assert all(text not in page for text in texts[k + 1:])
        assert f"Hint {k + 1} of 4" in page
        assert (fmt(V["dE_dw1"]) in page) == (k == 3)
    assert ui.hint.disabled
    ui.hint.click()
    assert ui.hints_shown == 4


def test_a_wrong_answer_gets_not_this_one_and_the_next_hint():
    ui = Exercise("dE_dw5")
    ui.answer.value = "0.5"
    assert "Not this one" in ui.feedback.value and ui.hints_shown == 1
    ui.answer.value = "0.6"
    assert ui.hints_shown == 2
    ui.check.click()
    ui.check.click()
    assert ui.hints_shown == 3                # the worked answer only when asked for
    assert fmt(V["dE_dw5"]) not in html.unescape(ui.feedback.value)


WIDGET_MISTAKES = [("dE_dw1", kind) for kind in MISTAKES] + [
    ("E_total", "half-factor"), ("dE_dw5", "sign"), ("w5_new", "half-factor"),
    ("out_h1", "rounding")]


@pytest.mark.parametrize(("name", "kind"), WIDGET_MISTAKES)
def test_the_widget_names_each_listed_mistake(name, kind):
    ui = Exercise(name)
    t = ui.model.trace
    if kind == "rounding":
        answer = t.value(name) * (1 + ROUNDING_BAND / 2)
    else:
        answer = mistaken_values(t, name)[kind]
    ui.answer.value = repr(answer)
    assert _attr(ui.feedback.value, "data-correct") == "false"
    assert _attr(ui.feedback.value, "data-mistake") == kind
    assert ui.result is not None and ui.result.mistake == kind


def test_new_numbers_come_from_a_seed_that_is_shown_and_classic_ones_come_back():
    views = _lesson()
    ui, model = views[3], views[3].model
    assert _attr(ui.numbers.value, "data-seed") == "classic"
    ui.hint.click()
    ui.answer.value = "0.5"
    ui.new_numbers.click()
    seed = numbers.next_seed(None)
    assert model.params == numbers.drawn(seed)
    for view in views:   # every exercise on the page shows the new numbers and its seed
        assert _attr(view.numbers.value, "data-seed") == str(seed)
        assert f"Numbers from seed {seed}" in view.numbers.value
        assert fmt(model.params.w1) in view.diagram.value
    # New numbers, a new exercise: nothing typed or hinted before remains.
    assert ui.answer.value == "" and ui.hints_shown == 0 and ui.result is None
    assert _attr(ui.feedback.value, "data-checked") == "false"
    ui.new_numbers.click()
    assert model.params == numbers.drawn(numbers.next_seed(seed))
    ui.classic.click()
    assert model.params == CLASSIC and _attr(ui.numbers.value, "data-seed") == "classic"
    model.set_number("w1", "0.3")
    assert "Numbers of your own" in ui.numbers.value


def test_a_seed_given_in_code_and_the_right_answer_for_those_numbers():
    ui = Exercise("dE_dw1", seed=4821)
    assert ui.model.params == numbers.drawn(4821) and "4821" in ui.numbers.value
    ui.answer.value = fmt(trace(numbers.drawn(4821)).value("dE_dw1"))
    assert _attr(ui.feedback.value, "data-correct") == "true"


def test_every_control_has_a_text_description():
    ui = Exercise("E_total")
    for button in (ui.check, ui.hint, ui.new_numbers, ui.classic):
        assert button.description.strip() and button.tooltip.strip()
    assert ui.answer.description == "Answer"
    assert _attr(ui.diagram.value, "role") == "img" and _attr(ui.diagram.value, "aria-label")
    pairs = [(ui.answer, "nnl-answer"), (ui.check, "nnl-check"), (ui.hint, "nnl-hint"),
             (ui.feedback, "nnl-feedback"), (ui.new_numbers, "nnl-new-numbers"),
             (ui.classic, "nnl-classic-numbers"), (ui.numbers, "nnl-numbers")]
    for widget, css in pairs:
        assert css in widget._dom_classes, css


def test_an_exercise_whose_step_the_options_remove_says_so():
    model = LessonModel()
    ui = Exercise("dE_db1", model)
    model.set_option("bias", "per-neuron")     # b1 has no gradient of its own in this mode
    assert "do not compute" in ui.question.value and ui.diagram.value == ""
    ui.answer.value = "0.1"
    assert ui.result is None
    model.reset()
    assert "Your turn" in ui.question.value


def test_the_repr_is_short_and_stable():
    assert repr(Exercise("dE_dw1")) == "Exercise('dE_dw1')"
    with pytest.raises(ValueError, match="not a step of this trace"):
        Exercise("dE_dw9")
