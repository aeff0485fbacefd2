"""The parameter editor in JupyterLab, sharing its model with a stepper.

A typed weight must change the E_total shown to the engine's value for it; a
bad value must show its message and leave everything else at the last good
state; Reset must bring back the classic example. Every wait is for what the
kernel rendered back (the summary's data-etotal, the message, the card).
"""

from __future__ import annotations

import pytest
from labdriver import card_mismatches, wait_card

from nnlesson import CLASSIC, fmt, trace
from nnlesson.errors import ParameterError
from nnlesson.example.params import parse_number

WIDGET_NOTEBOOK = ("browser_editor.ipynb", """\
import ipywidgets as widgets
from nnlesson.widgets import LessonModel, ParameterEditor, Stepper

model = LessonModel()
editor = ParameterEditor(model)
stepper = Stepper(model)
widgets.VBox([editor, stepper])""")

SUMMARY = ".nnl-summary [data-etotal]"
# The step the stepper shows during these tests: net_o1 = w5*out_h1 + w6*out_h2 + b2 uses w5.
SHOWN = trace()["net_o1"].index


def etotal(page) -> float:
    return float(page.locator(SUMMARY).get_attribute("data-etotal"))


def wait_etotal(page, expected: float) -> None:
    """Wait until the kernel has drawn the summary for `expected` (its repr, as the contract)."""
    page.wait_for_selector(f'{SUMMARY}[data-etotal="{expected!r}"]', state="attached")


def type_into(page, name: str, text: str) -> None:
    """Type into a parameter's field and press Enter, which sends it to the kernel."""
    field = page.locator(f".nnl-field-{name} input")
    field.fill(text)
    field.press("Enter")


@pytest.fixture
def editor(widget_notebook):
    """Editor and stepper at the classic example, the stepper on net_o1."""
    page = widget_notebook.page
    classic = trace()
    if etotal(page) != classic.value("E_total"):
        page.locator("button.nnl-reset").click()
        wait_etotal(page, classic.value("E_total"))
    first = page.locator("button.nnl-first")
    if not first.is_disabled():
        first.click()
    wait_card(page, 0)
    for index in range(1, SHOWN + 1):
        page.locator("button.nnl-next").click()
        wait_card(page, index)
    return widget_notebook


def test_starts_at_the_classic_example(editor):
    page = editor.page
    classic = trace()
    assert etotal(page) == classic.value("E_total")
    assert f"E_total = {fmt(classic.value('E_total'))}" in page.locator(SUMMARY).inner_text()
    assert page.locator(".nnl-field-w5 input").input_value() == fmt(CLASSIC.w5)


@pytest.mark.parametrize("name, text", [("w5", "0.3"), ("w1", "-1.25"), ("i2", "2"),
                                        ("learning_rate", "0.1")])
def test_typed_number_gives_the_engines_e_total(editor, name, text):
    page = editor.page
    expected = trace(CLASSIC.replace(**{name: parse_number(name, text)}))
    type_into(page, name, text)
    wait_etotal(page, expected.value("E_total"))
    assert etotal(page) == pytest.approx(expected.value("E_total"), rel=1e-15)
    assert f"E_total = {fmt(expected.value('E_total'))}" in page.locator(SUMMARY).inner_text()
    # The stepper follows the same model: the card shows the new numbers at the same step.
    card = wait_card(page, SHOWN, value=fmt(expected[SHOWN].value))
    assert card_mismatches(card, expected, SHOWN, fmt) == []


@pytest.mark.parametrize("text, problem", [("abc", "not a number"), ("1e9", "out of range"),
                                           ("nan", "not a finite number")])
def test_bad_value_shows_the_message_and_keeps_the_last_good_state(editor, text, problem):
    page = editor.page
    good = trace(CLASSIC.replace(w5=0.3))
    type_into(page, "w5", "0.3")
    wait_etotal(page, good.value("E_total"))
    wait_card(page, SHOWN, value=fmt(good[SHOWN].value))

    with pytest.raises(ParameterError) as refused:
        CLASSIC.replace(w5=parse_number("w5", text))
    type_into(page, "w5", text)
    message = page.locator(".nnl-message-w5 [role=alert]")
    message.wait_for()
    shown = message.inner_text()
    assert shown == str(refused.value)
    assert shown.startswith("w5 = ") and problem in shown and "Allowed:" in shown
    # Read after the kernel drew the message, which it does after refusing the value: the
    # summary and the stepper still show w5 = 0.3.
    assert etotal(page) == good.value("E_total")
    card = wait_card(page, SHOWN)
    assert card_mismatches(card, good, SHOWN, fmt) == []
    assert page.locator(".nnl-field-w1 input").input_value() == fmt(CLASSIC.w1)

    # A good value clears the message.
    better = trace(CLASSIC.replace(w5=0.35))
    type_into(page, "w5", "0.35")
    wait_etotal(page, better.value("E_total"))
    assert page.locator(".nnl-message-w5 [role=alert]").count() == 0


def test_reset_brings_back_the_classic_example(editor):
    page = editor.page
    changed = trace(CLASSIC.replace(w5=0.1))
    type_into(page, "w5", "0.1")
    wait_etotal(page, changed.value("E_total"))
    type_into(page, "w8", "oops")
    page.locator(".nnl-message-w8 [role=alert]").wait_for()

    page.locator("button.nnl-reset").click()
    classic = trace()
    wait_etotal(page, classic.value("E_total"))
    assert page.locator(".nnl-field-w5 input").input_value() == fmt(CLASSIC.w5)
    assert page.locator(".nnl-field-w8 input").input_value() == fmt(CLASSIC.w8)
    assert page.locator(".nnl-message-w8 [role=alert]").count() == 0
    card = wait_card(page, SHOWN, value=fmt(classic[SHOWN].value))
    assert card_mismatches(card, classic, SHOWN, fmt) == []


def test_an_option_menu_retraces(editor):
    page = editor.page
    expected = trace(loss="squared")
    page.locator(".nnl-option-loss select").select_option(label="squared")
    wait_etotal(page, expected.value("E_total"))
    page.locator("button.nnl-reset").click()
    wait_etotal(page, trace().value("E_total"))
    menu = page.locator(".nnl-option-loss select")
    assert menu.evaluate("s => s.options[s.selectedIndex].textContent") == "half-squared"


def test_an_option_that_removes_the_shown_step_keeps_the_stepper_working(editor):
    # Output-first order adds the recomputed (_plus) steps. Going back while one is shown
    # sends a layout without it and its numbers in one message, whose two change events
    # may come in either order: the page must build the new layout before the new numbers.
    page = editor.page
    errors = len(editor.page_errors())
    output_first = trace(order="output-first")
    plus = next(s for s in output_first if s.name.endswith("_plus"))
    page.locator(".nnl-option-order select").select_option(label="output-first")
    wait_etotal(page, output_first.value("E_total"))
    page.wait_for_function("n => document.querySelector('.nnl-slider').max == n",
                           arg=len(output_first))
    page.locator(".nnl-slider").fill(str(plus.index + 1))
    assert card_mismatches(wait_card(page, plus.index), output_first, plus.index, fmt) == []

    page.locator(".nnl-option-order select").select_option(label="simultaneous")
    simultaneous = trace()
    page.wait_for_function("n => document.querySelector('.nnl-slider').max == n",
                           arg=len(simultaneous))
    page.wait_for_function("name => document.querySelector('.nnl-card [data-step]').dataset.name"
                           " !== name", arg=plus.name)
    shown = int(page.locator(".nnl-card [data-step]").get_attribute("data-step"))
    assert card_mismatches(wait_card(page, shown), simultaneous, shown, fmt) == []
    assert editor.page_errors()[errors:] == []
    # And it still steps.
    page.locator("button.nnl-first").click()
    assert card_mismatches(wait_card(page, 0), simultaneous, 0, fmt) == []
