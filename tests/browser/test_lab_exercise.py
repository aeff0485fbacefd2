"""An exercise in JupyterLab: right and wrong answers get the engine's feedback.

The expected feedback is computed here with nnlesson.example.exercises.check_answer on
the same trace; the page must show the same verdict, mistake and message.
"""

from __future__ import annotations

import pytest

from nnlesson import fmt, trace
from nnlesson.example.exercises import check_answer, mistaken_values

EXPECTED = trace()
STEP = "dE_dw1"  # a hidden-layer gradient: the exercise with the most recognised mistakes

WIDGET_NOTEBOOK = ("browser_exercise.ipynb", f"""\
from nnlesson.widgets import Exercise

Exercise({STEP!r})""")

FEEDBACK = ".nnl-feedback [data-correct]"


def wait_feedback(page, answer: str):
    """Wait for the kernel's feedback to `answer`; return what check_answer says it must be."""
    expected = check_answer(EXPECTED, STEP, answer)
    page.wait_for_selector(
        f'{FEEDBACK}[data-checked="true"][data-correct="{str(expected.correct).lower()}"]'
        f'[data-mistake="{expected.mistake}"]', state="attached")
    return expected


def type_answer(page, text: str) -> None:
    field = page.locator(".nnl-answer input")
    field.fill(text)
    field.press("Enter")


def test_the_question_names_the_step(widget_notebook):
    page = widget_notebook.page
    assert page.locator(".nnl-question [data-name]").get_attribute("data-name") == STEP
    assert page.locator(FEEDBACK).get_attribute("data-checked") == "false"


@pytest.mark.parametrize("mistake", ["missing-path", "sign", "half-factor", "updated-weight"])
def test_a_wrong_answer_names_the_mistake(widget_notebook, mistake):
    page = widget_notebook.page
    answer = fmt(mistaken_values(EXPECTED, STEP)[mistake])
    type_answer(page, answer)
    expected = wait_feedback(page, answer)
    assert not expected.correct and expected.mistake == mistake
    assert page.locator(FEEDBACK).inner_text().strip() == "✘ " + expected.message


def test_an_unrecognised_wrong_answer_gets_a_hint(widget_notebook):
    page = widget_notebook.page
    type_answer(page, "0.5")
    expected = wait_feedback(page, "0.5")
    assert not expected.correct and expected.mistake == ""
    assert page.locator(FEEDBACK).inner_text().strip() == "✘ " + expected.message


def test_the_right_answer_with_the_check_button(widget_notebook, screenshots):
    page = widget_notebook.page
    answer = fmt(EXPECTED.value(STEP))
    checks = int(page.locator(FEEDBACK).get_attribute("data-checks"))
    field = page.locator(".nnl-answer input")
    field.fill(answer)
    # Widget updates are throttled, so a click on Check can reach the kernel before the
    # typed value. Leave the field (it is graded when its value arrives) and wait for the
    # kernel's feedback to it; then Check must grade it once more.
    field.press("Tab")
    expected = wait_feedback(page, answer)
    page.wait_for_selector(f'{FEEDBACK}[data-checks="{checks + 1}"]', state="attached")
    page.locator("button.nnl-check").click()
    page.wait_for_selector(f'{FEEDBACK}[data-checks="{checks + 2}"][data-correct="true"]',
                           state="attached")
    assert expected.correct
    assert page.locator(FEEDBACK).inner_text().strip() == "✔ " + expected.message
    widget_notebook.screenshot(screenshots / "browser-exercise.png")


def test_text_that_is_not_a_number_is_explained(widget_notebook):
    page = widget_notebook.page
    type_answer(page, "0.0004 + 1")
    expected = wait_feedback(page, "0.0004 + 1")
    assert not expected.correct
    assert "not a number" in expected.message.lower()
    assert page.locator(FEEDBACK).inner_text().strip() == "✘ " + expected.message
