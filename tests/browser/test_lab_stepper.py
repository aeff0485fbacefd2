"""The stepper in JupyterLab: what the card shows is the engine's trace, step by step.

Each expectation is computed here, in the test process, with nnlesson.example.trace:
the browser must show exactly the numbers the engine computed. Every wait is
for the card's data-step (rendered by the kernel) and for MathJax to finish.
"""

from __future__ import annotations

import pytest
from labdriver import card_mismatches, wait_card

from nnlesson import fmt, trace

EXPECTED = trace()
# The forward pass, the error, then the output-layer gradients up to the first
# weight's gradient: dE/dw5 and the factors it is made of.
WALK = EXPECTED["dE_dw5"].index


WIDGET_NOTEBOOK = ("browser_stepper.ipynb",
                   "from nnlesson.widgets import Stepper\n\nstepper = Stepper()\nstepper")


@pytest.fixture
def stepper(widget_notebook):
    """The stepper, back at the first step (its tests share one notebook)."""
    page = widget_notebook.page
    first = page.locator("button.nnl-first")
    if not first.is_disabled():
        first.click()
    wait_card(page, 0)
    return widget_notebook


def test_next_walks_the_forward_pass_and_first_gradients(stepper, screenshots):
    page = stepper.page
    card = wait_card(page, 0)
    assert card_mismatches(card, EXPECTED, 0, fmt) == []
    next_button = page.locator("button.nnl-next")
    seen = [card["name"]]
    for index in range(1, WALK + 1):
        next_button.click()
        card = wait_card(page, index)
        assert card_mismatches(card, EXPECTED, index, fmt) == [], EXPECTED[index].text
        seen.append(card["name"])
    # The walk covered every phase up to the first weight gradient, in the trace's order.
    assert seen == [s.name for s in EXPECTED.steps[:WALK + 1]]
    assert {"net_h1", "out_o2", "E_total", "delta_o1", "dE_dw5"} <= set(seen)
    # The slider and the "k / n" readout followed the kernel.
    assert page.locator(".nnl-stepper").get_by_text(f"{WALK + 1} / {len(EXPECTED)}").count() == 1
    page.locator(".nnl-stepper").scroll_into_view_if_needed()
    stepper.screenshot(screenshots / "browser-stepper-dE_dw5.png")


def test_previous_first_and_last(stepper):
    page = stepper.page
    wait_card(page, 0)
    assert page.locator("button.nnl-prev").is_disabled()
    assert page.locator("button.nnl-first").is_disabled()
    page.locator("button.nnl-last").click()
    last = len(EXPECTED) - 1
    assert card_mismatches(wait_card(page, last), EXPECTED, last, fmt) == []
    assert page.locator("button.nnl-next").is_disabled()
    page.locator("button.nnl-prev").click()
    assert card_mismatches(wait_card(page, last - 1), EXPECTED, last - 1, fmt) == []
    page.locator("button.nnl-first").click()
    wait_card(page, 0)


def test_play_advances_and_stop_rewinds(stepper):
    page = stepper.page
    wait_card(page, 0)
    play, stop = page.locator(".nnl-play button").nth(0), page.locator(".nnl-play button").nth(1)
    play.click()
    # Two steps taken by Play, each echoed by the kernel onto the card.
    assert card_mismatches(wait_card(page, 1), EXPECTED, 1, fmt) == []
    assert card_mismatches(wait_card(page, 2), EXPECTED, 2, fmt) == []
    # Stop sets Play back to its first value. Play's own messages reach the kernel in
    # order, so once the card is back at step 0 no earlier tick can overtake it.
    stop.click()
    wait_card(page, 0)
    assert page.locator(".nnl-play i").first.get_attribute("class").split()[-1] == "fa-play"
    page.locator("button.nnl-next").click()
    assert card_mismatches(wait_card(page, 1), EXPECTED, 1, fmt) == []


@pytest.mark.parametrize("phase", ["hidden-gradients", "update", "forward"])
def test_phase_menu_jumps_to_the_phase(stepper, phase):
    page = stepper.page
    wait_card(page, 0)
    if phase == "forward":
        page.locator("button.nnl-last").click()
        wait_card(page, len(EXPECTED) - 1)
    page.locator(".nnl-phase select").select_option(value=None, label=_title(phase))
    start = EXPECTED.phase_start(phase)
    card = wait_card(page, start)
    assert card["phase"] == phase
    assert card_mismatches(card, EXPECTED, start, fmt) == []


def _title(phase: str) -> str:
    from nnlesson.example.steps import PHASE_TITLES

    return PHASE_TITLES[phase]
