"""The classroom page in Voila: no code, the dashboard works, projector mode two ways.

Voila serves a temporary copy of notebooks/ as `make present` does (loopback,
token); the page is notebooks/presentation.ipynb. The first tests share one
page load (each load starts a kernel); the query tests load their own.
"""

from __future__ import annotations

import pytest
from labdriver import GuardedPage, card_mismatches, wait_card

from nnlesson import fmt, trace
from nnlesson.widgets.view import PROJECTOR_SCALE

EXPECTED = trace()
SOURCE = "from nnlesson.present import page"


def open_page(page, server, query: str = "") -> None:
    page.goto(f"{server.url}/voila/render/presentation.ipynb?token={server.token}{query}")
    wait_card(page, 0, timeout=90)


def card_font(page) -> float:
    return page.locator(".nnl-card [data-step]").evaluate(
        "n => parseFloat(getComputedStyle(n).fontSize)")


def projector_pressed(page) -> bool:
    return "mod-active" in page.locator("button.nnl-projector").get_attribute("class").split()


@pytest.fixture(scope="module")
def shared(browser, voila_server):
    """One presentation page for the tests that do not need a fresh load."""
    guarded = GuardedPage(browser)
    open_page(guarded.page, voila_server)
    NORMAL["font"] = card_font(guarded.page)
    yield guarded.page
    guarded.close()
    guarded.check_offsite()


NORMAL = {}


def test_page_shows_the_dashboard_without_code(shared, screenshots):
    page = shared
    assert page.locator(".nnl-dashboard").count() == 1
    for selector in (".nnl-stepper", ".nnl-editor", ".nnl-trainer", "button.nnl-projector"):
        assert page.locator(selector).is_visible(), selector
    # Voila strips the code: no editor, no input area, not the source text.
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    assert SOURCE not in page.locator("body").inner_text()
    assert page.locator(".jp-OutputArea-output [data-mime-type*=error]").count() == 0
    assert not projector_pressed(page)
    page.screenshot(path=str(screenshots / "presentation-01.png"))


def test_click_through_steps_and_the_editor(shared, screenshots):
    page = shared
    assert card_mismatches(wait_card(page, 0), EXPECTED, 0, fmt) == []
    for index in range(1, 6):
        page.locator("button.nnl-next").click()
        assert card_mismatches(wait_card(page, index), EXPECTED, index, fmt) == []
    page.locator(".nnl-phase select").select_option(label="Output-layer gradients")
    start = EXPECTED.phase_start("output-gradients")
    assert card_mismatches(wait_card(page, start), EXPECTED, start, fmt) == []
    # The editor on the same page drives the same model.
    field = page.locator(".nnl-field-w5 input")
    field.fill("0.3")
    field.press("Enter")
    changed = trace(EXPECTED.params.replace(w5=0.3))
    page.wait_for_selector(
        f'.nnl-summary [data-etotal="{changed.value("E_total")!r}"]', state="attached")
    card = wait_card(page, start, value=fmt(changed[start].value))
    assert card_mismatches(card, changed, start, fmt) == []
    page.locator(".nnl-card").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "presentation-02-card.png"))
    page.locator("button.nnl-reset").click()
    page.wait_for_selector(
        f'.nnl-summary [data-etotal="{EXPECTED.value("E_total")!r}"]', state="attached")
    page.locator("button.nnl-first").click()
    wait_card(page, 0, value=fmt(EXPECTED[0].value))
    page.evaluate("() => window.scrollTo(0, 0)")


def test_projector_button_enlarges_and_restores(shared, screenshots):
    page = shared
    normal = NORMAL["font"]
    assert card_font(page) == normal
    page.locator("button.nnl-projector").click()
    # Wait for the kernel's redraw of the card at the projector scale.
    page.wait_for_function(
        "normal => parseFloat(getComputedStyle(document.querySelector("
        "'.nnl-card [data-step]')).fontSize) > normal", arg=normal)
    assert card_font(page) == pytest.approx(normal * PROJECTOR_SCALE, abs=1)
    assert projector_pressed(page)
    page.screenshot(path=str(screenshots / "presentation-03-projector.png"))
    page.locator("button.nnl-projector").click()
    page.wait_for_function(
        "normal => parseFloat(getComputedStyle(document.querySelector("
        "'.nnl-card [data-step]')).fontSize) === normal", arg=normal)
    assert not projector_pressed(page)


def test_projector_query_opens_in_projector_mode(shared, page, voila_server, screenshots):
    normal = NORMAL["font"]
    open_page(page, voila_server, "&projector=1")
    assert projector_pressed(page)
    assert card_font(page) == pytest.approx(normal * PROJECTOR_SCALE, abs=1)
    # Still a working page: Next moves on at the large size.
    page.locator("button.nnl-next").click()
    assert card_mismatches(wait_card(page, 1), EXPECTED, 1, fmt) == []
    page.screenshot(path=str(screenshots / "presentation-04-query.png"))


def test_bad_projector_query_says_so_and_keeps_the_page(page, voila_server):
    open_page(page, voila_server, "&projector=maybe")
    message = page.locator(".nnl-query-message").inner_text()
    assert message.startswith("projector = 'maybe'") and "projector=1" in message
    assert not projector_pressed(page)


# --- one screen, large text, no accessibility violation ----------------------------------------

_PARTS = """() => {
  const s = document.querySelector('.nnl-sp');
  const box = (n) => { const r = n.getBoundingClientRect();
                       return [r.top, r.bottom, r.left, r.right]; };
  return {controls: box(s.querySelector('.nnl-sp-controls')),
          card: box(s.querySelector('.nnl-card')),
          diagram: box(s.querySelector('.nnl-diagram svg'))};
}"""

# The smallest text on the dashboard as drawn: CSS font size, times the SVG's own scale
# for the diagram's labels and the plot's text. Text that is not rendered is skipped.
_SMALLEST = """() => {
  const root = document.querySelector('.nnl-dashboard');
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('.nnl-probe, option, script, style')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    if (!el.getClientRects().length) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
    found.push([size, el.tagName + ': ' + node.textContent.trim().slice(0, 40)]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.slice(0, 8);
}"""


def _off_screen(page) -> list:
    parts = page.evaluate(_PARTS)
    return [(name, box) for name, box in parts.items()
            if box[0] < -0.5 or box[1] > 800.5 or box[2] < -0.5 or box[3] > 1280.5]


def _walk_on_one_screen(page) -> list:
    page.evaluate("() => document.querySelector('.nnl-sp').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(200)
    problems = []
    for index in range(len(EXPECTED)):
        if index:
            page.locator("button.nnl-next").click()
        wait_card(page, index)
        problems += [(EXPECTED[index].name, *p) for p in _off_screen(page)]
    page.locator("button.nnl-first").click()
    wait_card(page, 0)
    return problems


def test_every_step_on_one_screen_normal_and_projector(page, voila_server, screenshots):
    open_page(page, voila_server)
    assert _walk_on_one_screen(page) == []
    page.locator("button.nnl-next").click()
    wait_card(page, 1)
    page.screenshot(path=str(screenshots / "dashboard-voila-normal.png"))
    open_page(page, voila_server, "&projector=1")
    assert _walk_on_one_screen(page) == []


def test_projector_text_is_at_least_24_px_everywhere(page, voila_server, screenshots):
    open_page(page, voila_server, "&projector=1")
    page.locator("button.nnl-train").click()
    page.wait_for_selector(".nnl-trainer-plot svg", state="attached", timeout=120_000)
    for index in (EXPECTED["dE_dw5"].index, EXPECTED["w5_new"].index):
        page.locator(".nnl-slider").fill(str(index + 1))
        wait_card(page, index)
        smallest = page.evaluate(_SMALLEST)
        assert smallest[0][0] >= 23.5, smallest
    page.evaluate("() => document.querySelector('.nnl-sp').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshots / "dashboard-voila-projector.png"))


def test_the_page_has_no_accessibility_violation(page, voila_server):
    from axecheck import describe, violations

    open_page(page, voila_server)
    page.locator("button.nnl-train").click()
    page.wait_for_selector(".nnl-trainer-plot svg", state="attached", timeout=120_000)
    found = violations(page, include=["main"])
    assert page.locator("main").count() == 1
    assert not found, describe(found)


def test_the_chinese_page_speaks_chinese_and_passes_axe(page, voila_server, screenshots):
    from axecheck import describe, violations

    page.goto(f"{voila_server.url}/voila/render/zh/presentation.ipynb?token={voila_server.token}")
    wait_card(page, 0, timeout=90)
    assert page.locator("button", has_text="下一步").count() >= 1
    assert "第 1 步" in page.locator(".nnl-sp").inner_text()
    # A CJK font is there to draw the labels (no empty boxes): the browser can use one.
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '下一步')")
    found = violations(page, include=["main"])
    page.screenshot(path=str(screenshots / "dashboard-voila-zh.png"))
    assert not found, describe(found)
