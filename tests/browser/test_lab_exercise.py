"""An exercise clicked through in JupyterLab: new numbers, a named mistake, a hint, the answer.

Every expectation is computed here with nnlesson itself (the numbers a seed gives,
check_answer's verdicts, the hints) and the page must show the same. Widget updates
from the browser are throttled, so each step waits for what the kernel renders back
(the seed shown, the feedback's data attributes) before the next click.
"""

from __future__ import annotations

import re

from nnlesson import fmt, trace
from nnlesson.example import numbers
from nnlesson.example.exercises import check_answer, hints, mistaken_values

STEP = "dE_dw1"  # a hidden-layer gradient: the exercise where every listed mistake can happen

WIDGET_NOTEBOOK = ("browser_exercise.ipynb", f"""\
from nnlesson.widgets import Exercise

Exercise({STEP!r})""")

FEEDBACK = ".nnl-feedback [data-correct]"


def computed_values(t) -> set[str]:
    given = {fmt(v) for v in t.params.values().values()}
    return {fmt(s.value) for s in t} - given


def shown_numbers(page) -> set[str]:
    text = page.locator(".nnl-exercise").inner_text()
    svg = page.locator(".nnl-exercise svg").text_content()
    return set(re.findall(r"-?\d+\.\d+", (text + " " + svg).replace("\u2212", "-")))


def button(page, name: str):
    """The exercise's button whose accessible name is exactly `name`."""
    return page.locator(".nnl-exercise").get_by_role("button", name=name, exact=True)


def wait_feedback(page, t, answer: str, checks: int):
    """Wait for the kernel's feedback to `answer` (check number `checks`)."""
    expected = check_answer(t, STEP, answer)
    page.wait_for_selector(
        f'{FEEDBACK}[data-checks="{checks}"][data-correct="{str(expected.correct).lower()}"]'
        f'[data-mistake="{expected.mistake}"]', state="attached")
    return expected


def test_nothing_is_shown_before_it_is_asked_for(widget_notebook):
    page = widget_notebook.page
    classic = trace()
    assert page.locator(".nnl-question [data-name]").get_attribute("data-name") == STEP
    assert page.locator(FEEDBACK).get_attribute("data-checked") == "false"
    assert page.locator(FEEDBACK).get_attribute("data-hints") == "0"
    placeholder = page.locator(".nnl-answer input").get_attribute("placeholder") or ""
    assert not re.search(r"\d", placeholder)
    assert not shown_numbers(page) & computed_values(classic)
    # The network shows the given numbers; every control can be found by its name.
    assert fmt(classic.params.w5) in page.locator(".nnl-exercise svg").text_content()
    for name in ("New numbers", "Classic numbers", "Check", "Next hint"):
        assert button(page, name).count() == 1, name
    assert page.locator(".nnl-exercise svg[role=img]").get_attribute("aria-label")


def test_new_numbers_a_named_mistake_a_hint_and_the_right_answer(widget_notebook, screenshots):
    page = widget_notebook.page
    # New numbers: the kernel draws them and shows the seed they came from.
    seed = numbers.next_seed(None)
    button(page, "New numbers").click()
    page.wait_for_selector(f'.nnl-seed[data-seed="{seed}"]', state="attached")
    t = trace(numbers.drawn(seed))
    assert f"Numbers from seed {seed}" in page.locator(".nnl-numbers").inner_text()
    assert fmt(t.params.w1) in page.locator(".nnl-exercise svg").text_content()
    assert not shown_numbers(page) & computed_values(t)

    # A wrong answer, made with the path through o2 left out: the mistake is named.
    checks = int(page.locator(FEEDBACK).get_attribute("data-checks"))
    answer = fmt(mistaken_values(t, STEP)["missing-path"])
    field = page.locator(".nnl-answer input")
    field.fill(answer)
    field.press("Enter")
    expected = wait_feedback(page, t, answer, checks + 1)
    assert expected.mistake == "missing-path"
    assert page.locator(".nnl-verdict").inner_text().strip() == "✘ " + expected.message

    # One hint, on request: the first step only.
    button(page, "Next hint").click()
    page.wait_for_selector(f'{FEEDBACK}[data-hints="1"]', state="attached")
    shown = page.locator(".nnl-hint-body").all_inner_texts()
    first = hints(t, STEP)[0]
    assert len(shown) == 1 and shown[0].strip() == f"Hint 1 of 4: {first}"
    assert fmt(t.value(STEP)) not in page.locator(".nnl-exercise").inner_text()

    # The right answer. Widget updates are throttled, so a click on Check can reach the
    # kernel before the typed value: leave the field (it is graded when its value arrives),
    # wait for the kernel's feedback to it, then Check grades it once more.
    answer = fmt(t.value(STEP))
    field.fill(answer)
    field.press("Tab")
    expected = wait_feedback(page, t, answer, checks + 2)
    button(page, "Check").click()
    page.wait_for_selector(f'{FEEDBACK}[data-checks="{checks + 3}"][data-correct="true"]',
                           state="attached")
    assert expected.correct
    assert page.locator(".nnl-verdict").inner_text().strip() == "✔ " + expected.message
    page.locator(".nnl-exercise").scroll_into_view_if_needed()
    widget_notebook.screenshot(screenshots / "browser-exercise.png")


def test_classic_numbers_come_back(widget_notebook):
    page = widget_notebook.page
    button(page, "Classic numbers").click()
    page.wait_for_selector('.nnl-seed[data-seed="classic"]', state="attached")
    assert page.locator(FEEDBACK).get_attribute("data-checked") == "false"
    assert page.locator(".nnl-answer input").input_value() == ""


def test_the_keyboard_focus_is_drawn_3_px_wide(widget_notebook):
    # ipywidgets' own ring is 1 px at 2.2:1; every nnlesson view draws web/views.css's.
    page = widget_notebook.page
    button(page, "Check").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                       return [s.outlineStyle, parseFloat(s.outlineWidth),
                                               s.outlineColor]; }""")
    assert outline[0] == "solid" and outline[1] >= 3 and outline[2] == "rgb(11, 87, 208)", outline
