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


def test_a_lesson_exported_by_nbconvert_steps_with_no_kernel(browser, tmp_path):
    # `jupyter nbconvert --to html` keeps the stepper's HTML fallback: a page of its own that
    # steps with nothing fetched. (nbconvert's template asks its CDN for MathJax and
    # require.js, for the Markdown's formulas; here those requests are refused, and the
    # stepper, whose formulas are MathML, works without them.)
    import subprocess
    import sys

    from labdriver import NOTEBOOKS

    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                    str(NOTEBOOKS / "03_forward_pass.ipynb"), "--output-dir", str(tmp_path)],
                   check=True, capture_output=True)
    out = tmp_path / "03_forward_pass.html"
    context = browser.new_context(viewport=VIEWPORT)
    stepper_asked = []

    def only_the_file(route):
        url = route.request.url
        if url.startswith("file://") and url.endswith(out.name):
            route.continue_()
        else:
            if "cdnjs.cloudflare.com" not in url:   # the template's own, not the stepper's
                stepper_asked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", only_the_file)
    page = context.new_page()
    try:
        page.goto(out.as_uri())
        forward = [s for s in EXPECTED if s.phase == "forward"]
        assert card_mismatches(wait_card(page, forward[0].index), EXPECTED,
                               forward[0].index, fmt) == []
        page.locator("button.nnl-next").first.click()
        assert card_mismatches(wait_card(page, forward[1].index), EXPECTED,
                               forward[1].index, fmt) == []
    finally:
        context.close()
    assert stepper_asked == []
