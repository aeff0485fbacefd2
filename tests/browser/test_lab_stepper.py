"""The stepper in JupyterLab: what the card shows is the engine's trace, step by step.

Each expectation is computed here, in the test process, with nnlesson.example.trace:
the browser must show exactly the numbers the engine computed. The page steps on
its own (no kernel round trip), so every wait is for the card's data-step; the
kernel learns the step afterwards, which one test checks through the model.
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
    # The slider and the "k / n" readout follow, and the slider says the step, 1-based.
    assert page.locator(".nnl-position").inner_text() == f"{WALK + 1} / {len(EXPECTED)}"
    slider = page.locator(".nnl-slider")
    assert slider.input_value() == str(WALK + 1)
    assert slider.get_attribute("aria-valuetext").startswith(f"Step {WALK + 1} of ")
    # The diagram lights the step's own edges and writes its value.
    lit = page.eval_on_selector_all(".nnl-diagram [data-edge][data-highlight=true]",
                                    "ns => ns.map(n => n.dataset.edge)")
    assert set(lit) == set(EXPECTED[WALK].edges)
    current = page.locator(".nnl-diagram [data-current=true]").text_content()
    assert current.endswith(fmt(EXPECTED[WALK].value, 6))
    page.locator(".nnl-stepper").scroll_into_view_if_needed()
    stepper.screenshot(screenshots / "browser-stepper-dE_dw5.png")


def kernel_says(page, code: str) -> str:
    """What `code` prints in the notebook's kernel (asked directly, as a console would)."""
    return page.evaluate("""async (code) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        let out = '';
        const future = kernel.requestExecute({code, silent: false, store_history: false});
        future.onIOPub = (msg) => {
          if (msg.header.msg_type === 'stream') out += msg.content.text; };
        await future.done;
        return out.trim(); }""", code)


def test_the_kernel_follows_the_page(stepper):
    page = stepper.page
    for _ in range(3):
        page.locator("button.nnl-next").click()
    wait_card(page, 3)
    # The page tells the kernel which step it shows, without waiting for it.
    deadline = 50
    while kernel_says(page, "print(stepper.model.index)") != "3" and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert kernel_says(page, "print(stepper.model.index)") == "3"
    # And the kernel moves the page: the model's step is shown at once.
    kernel_says(page, "stepper.model.go(20)")
    wait_card(page, 20)


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


def test_play_advances_and_pause_stays_where_it_is(stepper):
    page = stepper.page
    wait_card(page, 0)
    play = page.locator("button.nnl-play")
    assert play.get_attribute("aria-pressed") == "false"
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and "Pause" in play.inner_text()
    assert card_mismatches(wait_card(page, 1), EXPECTED, 1, fmt) == []
    play.click()   # pause: the step stays
    assert play.get_attribute("aria-pressed") == "false" and "Play" in play.inner_text()
    shown = page.locator(".nnl-card-body").get_attribute("data-step")
    page.wait_for_timeout(2500)   # longer than one Play interval: nothing moves
    assert page.locator(".nnl-card-body").get_attribute("data-step") == shown != "0"
    page.locator("button.nnl-next").click()
    wait_card(page, int(shown) + 1)


@pytest.mark.parametrize("phase", ["hidden-gradients", "update", "forward"])
def test_phase_menu_jumps_to_the_phase(stepper, phase):
    page = stepper.page
    wait_card(page, 0)
    if phase == "forward":
        page.locator("button.nnl-last").click()
        wait_card(page, len(EXPECTED) - 1)
    page.locator(".nnl-phase select").select_option(label=_title(phase))
    start = EXPECTED.phase_start(phase)
    card = wait_card(page, start)
    assert card["phase"] == phase
    assert card_mismatches(card, EXPECTED, start, fmt) == []


def test_arrow_keys_step_and_stay_in_the_widget(stepper):
    page = stepper.page
    wait_card(page, 0)
    active_cell = """() => { const p = window.jupyterapp.shell.currentWidget;
                             return p.content.activeCellIndex; }"""
    cell = page.evaluate(active_cell)
    page.locator("button.nnl-next").focus()
    page.keyboard.press("ArrowRight")
    wait_card(page, 1)
    page.keyboard.press("ArrowRight")
    wait_card(page, 2)
    page.keyboard.press("ArrowLeft")
    wait_card(page, 1)
    page.keyboard.press("End")
    wait_card(page, len(EXPECTED) - 1)
    page.keyboard.press("Home")
    wait_card(page, 0)
    # JupyterLab's notebook never saw the keys: the same cell is active, still one notebook.
    assert page.evaluate(active_cell) == cell
    # The focus ring is visible when moving by keyboard: 3 px, a dark blue (over 3:1 on white).
    page.locator("button.nnl-next").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert outline[0] != "none" and outline[1] >= 3


def test_controls_have_names_and_the_card_is_announced(stepper):
    page = stepper.page
    names = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.nnl-sp button, .nnl-sp input, .nnl-sp select')).map(n => {
          const label = n.getAttribute('aria-label') || n.textContent.trim()
                        || (n.closest('label') ? n.closest('label').textContent.trim() : '');
          return [n.className || n.tagName, label]; })""")
    assert names and all(label for _, label in names), names
    assert page.locator(".nnl-card").get_attribute("aria-live") == "polite"
    assert page.locator(".nnl-sp").get_attribute("data-lm-suppress-shortcuts") is not None


def _title(phase: str) -> str:
    from nnlesson.example.steps import PHASE_TITLES

    return PHASE_TITLES[phase]
