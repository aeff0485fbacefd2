"""Predict, then check, clicked in JupyterLab: nothing revealed before Check, the answer after.

The question and its answer are computed here with nnlesson.practice. The Predict
widget renders nothing when a choice reaches the kernel, and a click on Check can
arrive before the choice (widget updates are throttled): so Check is clicked until
the kernel answers with a verdict on the choice, never with a fixed wait.
"""

from __future__ import annotations

from nnlesson.practice import questions

QUESTION = "11-best-step"

WIDGET_NOTEBOOK = ("browser_predict.ipynb", f"""\
from nnlesson import widgets

widgets.Predict({QUESTION!r})""")

FEEDBACK = ".nnl-predict-feedback"


def test_the_answer_is_revealed_only_after_check(widget_notebook, screenshots):
    page = widget_notebook.page
    q = questions.question(QUESTION)
    view = page.locator(".nnl-predict")
    assert q.prompt in view.inner_text()
    before = view.inner_text()
    assert "The answer" not in before and q.why not in before
    assert page.locator(FEEDBACK).inner_text().strip() == ""
    for choice in q.choices:
        assert view.get_by_role("radio", name=choice).count() == 1

    view.get_by_role("radio", name=q.shown_answer).check()
    check = view.get_by_role("button", name="Check")
    for _ in range(20):
        check.click()
        # The kernel's answer: a verdict with the reveal, or "choose first" when the click
        # arrived before the choice did.
        page.wait_for_function(
            "(sel) => document.querySelector(sel).textContent.trim() !== ''", arg=FEEDBACK)
        if "The answer" in page.locator(FEEDBACK).inner_text():
            break
        page.wait_for_timeout(250)
    text = page.locator(FEEDBACK).inner_text()
    assert text.startswith("Right.")
    assert f"The answer: {q.shown_answer}." in text and q.why in text
    view.scroll_into_view_if_needed()
    widget_notebook.screenshot(screenshots / "browser-predict.png")
