"""The widgets, driven headless: set .value, click buttons, assert on the model and the HTML.

Every expected number comes from the engine (nnlesson.example.trace / nnlesson.train),
never from the widgets' own output.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest
import sympy
import traitlets

from nnlesson import CLASSIC, DEFAULT, Options, fmt, trace, train
from nnlesson.example.formulas import mathml_number
from nnlesson.example.steps import PHASE_TITLES
from nnlesson.widgets import (
    BiasExplorer,
    Dashboard,
    Exercise,
    LessonModel,
    ParameterEditor,
    Stepper,
    SymbolicView,
    Trainer,
)
from nnlesson.widgets.stepper import DIAGRAM_TEXT_SCALE

EXPECTED = trace()
#: Long numbers everywhere: the largest page a stepper makes.
MODEL_WIDE = LessonModel(CLASSIC.replace(i1=-0.123456789, i2=-0.987654321, w1=-0.731234567,
                                         w5=-0.612345678, b1=-0.312345678, b2=-0.712345678))


def _attr(markup: str, name: str) -> str:
    return re.search(rf'{name}="([^"]*)"', markup)[1]


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _fill(template, table):
    return "".join(table[p] if k % 2 else p for k, p in enumerate(template))


def _card_shows(stepper: Stepper, t, index: int) -> None:
    """The page is told step `index`, and its card and drawing for it hold trace t's numbers."""
    assert stepper.index == index == stepper.model.index
    frames = stepper.frames
    k = [s[0] for s in frames["card"]["steps"]].index(index)
    _, name, phase, with_numbers, _chain, uses, template = frames["card"]["steps"][k]
    step = t[index]
    assert (name, phase) == (step.name, step.phase)
    numbers = frames["values"]["card"]
    assert frames["values"]["why"][k] == html.escape(t[index].explanation, quote=False)
    assert numbers[name] == mathml_number(fmt(step.value))
    # The row with numbers shows the same numbers, in the same order, as the LaTeX does.
    assert with_numbers == (step.substituted != step.formula)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", _fill(template, numbers)))
    assert NUMBER.findall(shown) == NUMBER.findall(step.substituted), (shown, step.substituted)
    for used, used_index, used_phase in uses:   # each factor with its own value and step
        assert numbers[used] == mathml_number(fmt(t[used].value))
        assert (used_index, used_phase) == (t[used].index, t[used].phase)
    assert [u[0] for u in uses] == list(step.uses)
    flow, edges, nodes, _labels = frames["diagram"]["steps"][k]
    assert (flow, set(edges), set(nodes)) == (step.flow, step.edges, step.nodes)


# --- Stepper --------------------------------------------------------------------------------

def test_an_edit_sends_the_numbers_alone_and_an_option_change_both():
    ui = Stepper()
    sent: list[str] = []
    ui.observe(lambda change: sent.append(change.name), names=["data", "numbers"])
    ui.model.set_number("w5", "0.41")
    assert sent == ["numbers"]
    assert json.loads(ui.numbers)["card"]["w5"] == mathml_number("0.41")
    sent.clear()
    ui.model.set_option("order", "output-first")
    assert sorted(sent) == ["data", "numbers"]
    sent.clear()
    ui.model.set_number("w5", "0.4")   # the layout of these options is kept, not sent again
    assert sent == ["numbers"]


def test_a_new_layout_reaches_the_page_before_its_numbers(monkeypatch):
    # One message; the page handles its changes in the order they are written.
    ui = Stepper()
    sent = []
    monkeypatch.setattr(type(ui), "_send",
                        lambda self, msg, buffers=None: sent.append(list(msg["state"])))
    for order in ("output-first", "simultaneous", "output-first"):
        ui.model.set_option("order", order)
    assert sent == [["data", "numbers"]] * 3


def test_next_previous_first_last_move_the_model_and_the_page():
    ui = Stepper()
    assert ui.model.index == 0
    _card_shows(ui, EXPECTED, 0)
    for k in range(1, 17):
        ui.next.click()
        assert ui.model.index == k == ui.index
        _card_shows(ui, EXPECTED, k)
    ui.previous.click()
    assert ui.model.index == 15
    _card_shows(ui, EXPECTED, 15)   # dE_dw5: its three chain-rule factors on the card
    assert EXPECTED[15].name == "dE_dw5" and len(EXPECTED[15].uses) == 3
    ui.last.click()
    assert ui.model.index == len(EXPECTED) - 1 and ui.next.disabled and ui.last.disabled
    ui.next.click()
    assert ui.model.index == len(EXPECTED) - 1
    ui.first.click()
    assert ui.model.index == 0 and ui.previous.disabled and ui.first.disabled
    ui.previous.click()
    assert ui.model.index == 0


def test_the_page_steps_alone_and_the_kernel_follows():
    ui = Stepper()
    sent = ui.data, ui.numbers
    ui.index = 7            # what the page sends after stepping on its own
    assert ui.model.index == 7
    assert ui.data is sent[0] and ui.numbers is sent[1]   # nothing re-rendered
    _card_shows(ui, EXPECTED, 7)
    ui.model.go(3)          # and back: the model moves the page
    assert ui.index == 3
    ui.index = 999          # out of range: clamped to the last step
    assert ui.model.index == len(EXPECTED) - 1


@pytest.mark.parametrize("phase", ["forward", "error", "output-gradients", "hidden-gradients",
                                   "update"])
def test_choosing_a_phase_jumps_to_its_first_step(phase):
    ui = Stepper()
    ui.model.go(len(EXPECTED) - 1 if phase != "update" else 0)
    ui.go_phase(phase)
    assert ui.model.index == EXPECTED.phase_start(phase)
    _card_shows(ui, EXPECTED, EXPECTED.phase_start(phase))
    assert ui.frames["phases"][phase] == PHASE_TITLES[phase]


def test_a_phase_stepper_stays_in_its_phase():
    ui = Stepper(phase="hidden-gradients")
    steps = EXPECTED.in_phase("hidden-gradients")
    first, last = steps[0].index, steps[-1].index
    assert ui.model.index == first
    assert [s[0] for s in ui.frames["card"]["steps"]] == [s.index for s in steps]
    ui.previous.click()
    assert ui.model.index == first
    ui.last.click()
    assert ui.model.index == last
    ui.next.click()
    assert ui.model.index == last
    ui.index = 0            # a step outside the phase is never shown
    assert ui.model.index == first
    with pytest.raises(ValueError, match="phase = 'backward': not a phase"):
        Stepper(phase="backward")


def test_an_edit_rerenders_the_trace_once_and_never_rebuilds_the_widget():
    ui = Stepper()
    before = ui.data, ui.numbers
    ui.next.click()
    assert (ui.data, ui.numbers) == before and ui.numbers is before[1]   # nothing from the kernel
    ui.model.set_number("w5", "0.3")
    assert ui.data is before[0] and ui.numbers != before[1] and ui.index == 1
    _card_shows(ui, trace(CLASSIC.replace(w5=0.3)), 1)


def test_the_page_fits_in_a_stored_output():
    # The widget's HTML fallback (script, style and every step) is stored in the notebook.
    for ui in (Stepper(), Stepper(phase="forward"), Stepper(MODEL_WIDE)):
        data, _ = ui._repr_mimebundle_()
        assert len(data["text/html"].encode()) < 64_000, len(data["text/html"])
        page = data["text/html"]
        # Nothing fetched: no address to load (the SVG namespace is a name, not a request).
        assert "<script" in page and not re.search(r"\b(src|href)=|url\(|@import|fetch\(", page)


# --- ParameterEditor ------------------------------------------------------------------------

def test_an_edited_weight_retraces_with_the_engines_values_at_the_same_step():
    model = LessonModel()
    editor, stepper = ParameterEditor(model), Stepper(model)
    model.go(EXPECTED["dE_dw5"].index)
    editor.fields["w5"].value = "0.3"
    expected = trace(CLASSIC.replace(w5=0.3))
    assert model.params.w5 == 0.3 and model.message == ""
    assert model.trace.values == expected.values
    assert model.index == expected["dE_dw5"].index
    _card_shows(stepper, expected, model.index)
    assert _attr(editor.summary.value, "data-etotal") == repr(expected["E_total"].value)
    assert fmt(expected["E_total"].value) in editor.summary.value


def test_every_number_and_option_has_a_control():
    editor = ParameterEditor()
    assert set(editor.fields) >= {"i1", "i2", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8",
                                  "b1", "b2", "target_o1", "target_o2", "learning_rate"}
    assert set(editor.options) == {"hidden_activation", "output_activation", "loss", "bias",
                                   "order"}
    assert editor.fields["w5"].value == "0.4" and editor.fields["learning_rate"].value == "0.5"
    assert not editor.fields["w5"].continuous_update   # applied on Enter or blur
    for name, text in editor.fields.items():
        assert f"nnl-field-{name}" in text._dom_classes
        assert f"nnl-message-{name}" in editor.messages[name]._dom_classes
    assert "nnl-reset" in editor.reset._dom_classes and "nnl-summary" in editor.summary._dom_classes


@pytest.mark.parametrize(("name", "typed", "says"), [
    ("w5", "abc", "w5 = 'abc': not a number. Allowed: a number from -1000 to 1000."),
    ("w5", "1e9", "w5 = 1000000000.0: out of range"),
    ("i1", "nan", "not a finite number"),
    ("learning_rate", "0", "learning_rate = 0.0: out of range. Allowed: a number greater than 0"),
    ("w1", "__import__('os').getcwd()", "not a number"),
    ("w2", "9**9**9", "not a number"),
])
def test_a_bad_value_shows_the_message_and_keeps_the_last_good_state(name, typed, says,
                                                                     monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("typed text reached sympy")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr("sympy.parsing.sympy_parser.parse_expr", forbidden)
    model = LessonModel()
    editor, stepper = ParameterEditor(model), Stepper(model)
    model.go(12)
    kept = (model.params, model.trace, model.index, stepper.frames, stepper.index,
            editor.summary.value)
    editor.fields[name].value = typed
    assert says in model.message and model.message_name == name
    assert says in html.unescape(editor.messages[name].value)
    assert (model.params, model.trace, model.index, stepper.frames, stepper.index,
            editor.summary.value) == kept
    assert model.trace is kept[1]
    others = [n for n in editor.messages if n != name]
    assert all(editor.messages[n].value == "" for n in others)
    # The next good edit clears the message and puts the refused field back in step.
    editor.fields["w8"].value = "0.5"
    assert model.message == "" and editor.messages[name].value == ""
    assert editor.fields[name].value == {"learning_rate": "0.5", "w5": "0.4", "i1": "0.05",
                                         "w1": "0.15", "w2": "0.2"}[name]


def test_a_combination_the_engine_refuses_keeps_the_last_good_state():
    model = LessonModel()
    editor = ParameterEditor(model)
    editor.options["output_activation"].value = "relu"
    assert model.options.output_activation == "relu"
    editor.options["loss"].value = "cross-entropy"        # needs a sigmoid output
    assert model.options.loss == "half-squared"
    assert "cross-entropy needs outputs between 0 and 1" in model.message
    assert "binary cross-entropy" in html.unescape(editor.messages["loss"].value)


def test_a_numeric_error_keeps_the_last_good_state():
    model = LessonModel(loss="cross-entropy")
    editor = ParameterEditor(model)
    kept = model.trace
    editor.fields["w5"].value = "1000"       # out_o1 rounds to 1: log(1 - out) is infinite
    assert model.trace is kept and model.params.w5 == 0.4
    assert "cross-entropy is infinite" in html.unescape(editor.messages["w5"].value)


def test_an_option_change_keeps_the_same_step_by_name():
    model = LessonModel()
    editor, stepper = ParameterEditor(model), Stepper(model)
    model.go(EXPECTED["w1_new"].index)
    editor.options["order"].value = "output-first"
    output_first = trace(order="output-first")
    assert model.step.name == "w1_new" and model.index == output_first["w1_new"].index
    assert model.trace.values == output_first.values
    # The page now steps through the longer trace, and sits on the same step.
    assert len(stepper.frames["card"]["steps"]) == len(output_first)
    assert stepper.index == model.index
    _card_shows(stepper, output_first, model.index)
    assert editor.summary.value.count(repr(output_first["E_total"].value)) == 1


def test_reset_returns_to_the_classic_example_and_keeps_the_step():
    model = LessonModel()
    editor = ParameterEditor(model)
    model.go(20)
    editor.fields["w5"].value = "0.1"
    editor.options["bias"].value = "shared"
    editor.fields["target_o1"].value = "0.2"
    editor.reset.click()
    assert model.params == CLASSIC and model.options == DEFAULT
    assert model.index == 20 and model.trace.values == EXPECTED.values
    assert editor.fields["w5"].value == "0.4" and editor.options["bias"].value == "frozen"


def test_per_neuron_bias_fields_appear_only_in_per_neuron_mode():
    model = LessonModel()
    editor = ParameterEditor(model)
    hidden = editor._neuron_group.layout.display
    editor.options["bias"].value = "per-neuron"
    assert hidden == "none" and editor._neuron_group.layout.display == ""
    editor.fields["b_h1"].value = "0.1"
    assert model.trace.values == trace(CLASSIC.replace(b_h1=0.1), bias="per-neuron").values
    editor.fields["b_h1"].value = ""          # empty: back to starting from b1
    assert model.params.b_h1 is None


def test_direct_assignment_is_validated_like_an_edit():
    model = LessonModel()
    model.params = CLASSIC.replace(w5=0.2)
    assert model.trace.values == trace(CLASSIC.replace(w5=0.2)).values
    model.options = Options(loss="cross-entropy")
    assert model.trace.options.loss == "cross-entropy"
    kept = model.trace
    with pytest.raises(traitlets.TraitError, match="out of range for binary cross-entropy"):
        model.params = CLASSIC.replace(target_o1=2.0)
    assert model.params.w5 == 0.2 and model.trace is kept


# --- Trainer --------------------------------------------------------------------------------

def test_the_trainers_history_is_the_engines():
    ui = Trainer(steps=300)
    assert ui.plot.value == ""  # nothing drawn before the first run
    assert ui.compare.value == "" and ui.compare.label == "nothing"
    ui.train.click()
    expected = train(CLASSIC, steps=300)
    for name in ("E_total", "out_o1", "out_o2"):
        assert np.array_equal(getattr(ui.history, name), getattr(expected, name))
    assert _attr(ui.result.value, "data-etotal") == repr(float(expected.E_total[-1]))
    assert fmt(expected.out_o1[-1]) in ui.result.value
    svg = ui.plot.value
    assert svg.startswith("<svg") and 'role="img"' in svg and " id=" not in svg
    # The text alternative says what the chart shows, with the engine's numbers.
    label = html.unescape(_attr(svg, "aria-label"))
    assert fmt(expected.E_total[-1]) in label and fmt(expected.out_o2[-1]) in label
    assert ui.progress.layout.visibility == "hidden"
    assert ui.compared is None


def test_the_trainer_compares_two_settings_side_by_side():
    ui = Trainer(steps=200)
    ui.compare.value = ("order", "output-first")
    ui.train.click()
    assert np.array_equal(ui.history.E_total, train(CLASSIC, steps=200).E_total)
    other = train(CLASSIC, steps=200, order="output-first")
    assert np.array_equal(ui.compared.E_total, other.E_total)
    assert fmt(other.E_total[-1]) in ui.result.value and "output-first" in ui.result.value
    ui.compare.value = ("bias", "per-neuron")
    ui.train.click()
    assert np.array_equal(ui.compared.E_total, train(CLASSIC, steps=200,
                                                     bias="per-neuron").E_total)


def test_the_trainer_trains_the_models_settings():
    model = LessonModel()
    editor, ui = ParameterEditor(model), Trainer(model, steps=50)
    editor.fields["learning_rate"].value = "2"
    editor.options["order"].value = "output-first"
    ui.train.click()
    expected = train(CLASSIC.replace(learning_rate=2.0), steps=50, order="output-first")
    assert np.array_equal(ui.history.E_total, expected.E_total)
    editor.fields["w1"].value = "0.1"
    assert "press Train" in ui.message.value   # the plot on screen is from the old numbers


@pytest.mark.parametrize("steps", [-1, 2_000_000])
def test_a_bad_number_of_updates_shows_a_message_and_keeps_the_last_run(steps):
    ui = Trainer(steps=20)
    ui.train.click()
    last, plot = ui.history, ui.plot.value
    ui.steps.value = steps
    ui.train.click()
    assert f"steps = {steps}: out of range" in html.unescape(ui.message.value)
    assert ui.history is last and ui.plot.value == plot


def test_divergence_is_reported_not_drawn():
    model = LessonModel(CLASSIC.replace(learning_rate=1000.0), output_activation="identity")
    ui = Trainer(model, steps=100)
    ui.train.click()
    assert "diverged" in ui.message.value and ui.history is None


def test_progress_shows_only_when_training_takes_a_while(monkeypatch):
    import nnlesson.widgets.trainer as trainer

    seen = []
    ui = Trainer(steps=400)
    ui.progress.observe(lambda change: seen.append(change.new), names="layout")
    ui.progress.layout.observe(lambda change: seen.append(change.new), names="visibility")
    ui.train.click()
    assert seen == []                       # quick: never shown
    monkeypatch.setattr(trainer, "A_MOMENT", 0.0)
    ui.train.click()
    assert "visible" in seen and ui.progress.layout.visibility == "hidden"
    assert ui.progress.value == ui.progress.max == 400


# --- Exercise -------------------------------------------------------------------------------

def test_an_exercise_accepts_a_right_answer():
    ui = Exercise("dE_dw5")
    # Neither the answer nor the factors that make it are handed over: the learner finds the path.
    for hidden in ("dE_dw5", "dE_total_dout_o1", "dout_o1_dnet_o1"):
        assert fmt(EXPECTED.value(hidden)) not in ui.question.value
    assert _attr(ui.feedback.value, "data-checks") == "0"
    ui.answer.value = "0.08217"                     # graded when it arrives ...
    assert _attr(ui.feedback.value, "data-checks") == "1"
    ui.check.click()                                # ... and again with Check
    assert _attr(ui.feedback.value, "data-correct") == "true"
    assert _attr(ui.feedback.value, "data-mistake") == ""
    assert _attr(ui.feedback.value, "data-checks") == "2"


@pytest.mark.parametrize(("name", "answer", "kind"), [
    ("dE_total_dout_h1", EXPECTED.value("dE_o1_dout_h1"), "missing-path"),
    ("dE_dw5", 2 * EXPECTED.value("dE_dw5"), "half-factor"),
    ("dE_total_dout_o1", -EXPECTED.value("dE_total_dout_o1"), "sign"),
    ("dE_total_dout_h1", EXPECTED.value("delta_o1") * EXPECTED.value("w5_new")
     + EXPECTED.value("delta_o2") * EXPECTED.value("w7_new"), "updated-weight"),
])
def test_an_exercise_gives_the_matching_hint(name, answer, kind):
    ui = Exercise(name)
    ui.answer.value = repr(answer)
    assert _attr(ui.feedback.value, "data-correct") == "false"
    assert _attr(ui.feedback.value, "data-mistake") == kind


def test_an_exercise_hint_and_bad_text():
    ui = Exercise("delta_o1")
    ui.answer.value = "twelve"
    assert "Not a number" in ui.feedback.value
    assert _attr(ui.feedback.value, "data-correct") == "false"
    ui.hint.click()
    assert "Hint 1 of" in ui.feedback.value
    assert fmt(EXPECTED.value("delta_o1")) not in ui.feedback.value
    with pytest.raises(ValueError, match="not a step of this trace"):
        Exercise("dE_dw9")


def test_an_exercise_whose_step_the_options_remove_says_so():
    model = LessonModel()
    ui = Exercise("dE_db1", model)
    model.set_option("bias", "per-neuron")     # b1 has no gradient of its own in this mode
    assert "do not compute" in ui.question.value
    ui.answer.value = "0.1"
    assert ui.result is None
    model.reset()
    assert "Your turn" in ui.question.value


def test_an_exercise_follows_the_models_numbers():
    model = LessonModel()
    ui = Exercise("net_h1", model)
    model.set_number("w1", "0.5")
    ui.answer.value = fmt(trace(CLASSIC.replace(w1=0.5)).value("net_h1"))
    assert _attr(ui.feedback.value, "data-correct") == "true"


# --- SymbolicView, BiasExplorer, Dashboard ---------------------------------------------------

def test_symbolic_view_shows_the_proof_for_the_chosen_parameter():
    ui = SymbolicView("w5")
    assert _attr(ui.view.value, "data-parameter") == "w5"
    assert _attr(ui.view.value, "data-equal") == "true"
    assert "out_{h1} out_{o1}" in ui.view.value   # written in the lesson's names
    ui.parameter.value = "w1"
    assert _attr(ui.view.value, "data-parameter") == "w1" and "w_{7}" in ui.view.value
    assert list(ui.parameter.options) == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8",
                                          "b1", "b2"]
    with pytest.raises(ValueError, match="has no gradient"):
        SymbolicView("b_h1")


def test_bias_explorer_moves_the_curve():
    ui = BiasExplorer()
    first = ui.plot.value
    assert "at x = -b/w = 0" in ui.readout.value
    ui.b.value = 2.0
    assert "at x = -b/w = -2" in ui.readout.value and ui.plot.value != first
    assert "σ(1·x + 2)" in ui.readout.value
    ui.b.value = -2.0
    assert "σ(1·x − 2) crosses 1/2 at x = -b/w = 2" in ui.readout.value
    ui.w.value = 0.0
    assert "never" in ui.readout.value


def test_dashboard_shares_one_model_and_the_projector_scales_the_text():
    ui = Dashboard()
    assert ui.stepper.model is ui.editor.model is ui.trainer.model is ui.model
    ui.editor.fields["w6"].value = "0.6"
    assert ui.stepper.model.params.w6 == 0.6
    normal = ui.stepper.frames["diagram"]["text"]["font"]
    assert not ui.stepper.frames["big"] and "nnl-big" not in ui._dom_classes
    ui.trainer.run()
    ui.projector.value = True
    assert ui.model.font_scale == 1.5
    assert ui.stepper.frames["big"] and "nnl-big" in ui._dom_classes
    assert ui.stepper.frames["diagram"]["text"]["font"] == pytest.approx(
        DIAGRAM_TEXT_SCALE * normal, abs=0.1)
    # Every text the kernel sizes is at least 24 px: summary, result, the plot's text.
    for markup in (ui.editor.summary.value, ui.trainer.result.value, ui._title.value):
        assert int(re.search(r"font-size:(\d+)px", markup)[1]) >= 24
    sizes = {float(v) for v in re.findall(r'font-size="([\d.]+)"', ui.trainer.plot.value)}
    assert sizes and min(sizes) >= 24
    ui.projector.value = False
    assert ui.model.font_scale == 1.0 and not ui.stepper.frames["big"]
    assert "nnl-projector" in ui.projector._dom_classes
    assert Dashboard(font_scale=1.5).projector.value


def test_css_classes_of_the_contract():
    ui = Dashboard()
    s, t = ui.stepper, ui.trainer
    pairs = [(s, "nnl-stepper"), (t.steps, "nnl-steps"), (t.train, "nnl-train"),
             (t.progress, "nnl-progress"), (t.plot, "nnl-trainer-plot"),
             (t.result, "nnl-trainer-result"), (t.compare, "nnl-compare")]
    for name in ("hidden_activation", "output_activation", "loss", "bias", "order"):
        pairs.append((ui.editor.options[name], f"nnl-option-{name}"))
    ex = Exercise("net_h1")
    pairs += [(ex.answer, "nnl-answer"), (ex.check, "nnl-check"), (ex.feedback, "nnl-feedback"),
              (SymbolicView().view, "nnl-symbolic")]
    for widget, css in pairs:
        assert css in widget._dom_classes, css


def test_a_widget_not_yet_run_says_to_run_its_cell():
    # The HTML beside each widget view is what a notebook shows before its kernel has run
    # (scripts stripped) and what nbconvert's HTML shows (scripts run: a working stepper).
    for ui, words in ((Stepper(), "Run this cell"), (Dashboard(), "Run this cell"),
                      (Trainer(), "Run this cell to train")):
        bundle = ui._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert words in data["text/html"]
        assert data["text/plain"] == repr(ui)


def test_a_comparison_across_losses_says_the_errors_differ():
    ui = Trainer(steps=100)
    ui.compare.value = ("loss", "cross-entropy")
    ui.train.click()
    assert "different losses" in ui.result.value and "target" in ui.result.value
    ui.compare.value = ("order", "output-first")
    ui.train.click()
    assert "different losses" not in ui.result.value


def test_train_is_disabled_while_it_runs_and_clears_the_last_message(monkeypatch):
    import nnlesson.widgets.trainer as trainer

    ui = Trainer(steps=50)
    ui.steps.value = -1
    ui.train.click()
    assert "out of range" in ui.message.value
    seen = []

    def spy(*args, **kwargs):
        seen.append((ui.train.disabled, ui.message.value))
        return train(*args, **kwargs)

    monkeypatch.setattr(trainer, "train", spy)
    ui.steps.value = 50
    ui.train.click()
    assert seen == [(True, "")] and not ui.train.disabled


# --- no accumulated state --------------------------------------------------------------------

def _observers(model: LessonModel) -> int:
    return sum(len(handlers) for by_type in model._trait_notifiers.values()
               for handlers in by_type.values())


def test_rerunning_a_cell_closes_the_views_it_built_before():
    model = LessonModel()
    alone = _observers(model)
    first = Stepper(model)
    model.adopt(first, cell="cell-1", run="run-1")
    with_one = _observers(model)
    assert with_one > alone
    second = Stepper(model)
    model.adopt(second, cell="cell-1", run="run-2")    # the same cell, executed again
    assert _observers(model) == with_one and first.comm is None
    other = ParameterEditor(model)
    model.adopt(other, cell="cell-2", run="run-3")     # another cell keeps its view
    assert second.comm is not None and other.comm is not None
    second.next.click()
    assert model.index == 1


def test_views_without_a_model_do_not_share_state():
    a, b = Stepper(), Stepper()
    a.next.click()
    assert a.model is not b.model and b.model.index == 0


def test_reprs_name_the_state_without_addresses():
    ui = Dashboard()
    for text in (repr(ui), repr(ui.stepper), repr(ui.editor), repr(ui.trainer), repr(ui.model),
                 repr(Exercise("net_h1")), repr(BiasExplorer()), repr(SymbolicView())):
        assert "0x" not in text
    assert repr(ui.model) == ("LessonModel(step 0: net_h1, Trace(54 steps, engine='numeric', "
                              "E_total=0.298371109))")


def test_a_one_phase_stepper_counts_within_its_phase():
    ui = Stepper(phase="forward")
    frames = ui.frames
    # The page numbers a step (index - start of its phase + 1) of (steps in the phase).
    assert frames["one_phase"] and frames["starts"]["forward"] == 0
    assert frames["sizes"]["forward"] == 8 == len(frames["card"]["steps"])
    assert "{number}" in frames["words"]["head"] and "{total}" in frames["words"]["head"]
    assert not Stepper().frames["one_phase"]
