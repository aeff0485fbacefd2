"""The exported page (`python -m nnlesson html`) opened from a file:// address with every
other request blocked: it steps with its Next button, no Python running, and has no
accessibility violation."""

from __future__ import annotations

import argparse

from axecheck import describe, violations
from labdriver import VIEWPORT, card_mismatches, wait_card

from nnlesson import fmt, trace
from nnlesson.example.params import DEFAULT, Options
from nnlesson.export import run_html

EXPECTED = trace()


def test_the_page_steps_from_a_file_with_nothing_fetched(browser, tmp_path, screenshots):
    out = tmp_path / "stepper.html"
    args = argparse.Namespace(out=str(out), params=None,
                              **{n: getattr(DEFAULT, n) for n in Options.CHOICES})
    assert run_html(args) == 0
    context = browser.new_context(viewport=VIEWPORT)
    asked = []

    def only_the_file(route):
        if route.request.url.startswith("file://") and route.request.url.endswith(out.name):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_the_file)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(out.as_uri())
        assert card_mismatches(wait_card(page, 0), EXPECTED, 0, fmt) == []
        for index in range(1, 6):
            page.locator("button.nnl-next").click()
            assert card_mismatches(wait_card(page, index), EXPECTED, index, fmt) == []
        page.screenshot(path=str(screenshots / "export-page.png"))
        found = violations(page, include=["main"])
    finally:
        context.close()
    assert asked == [] and errors == []
    assert not found, describe(found)
