"""The trainer in JupyterLab: Train draws the plot and shows the engine's final E_total."""

from __future__ import annotations

from nnlesson import CLASSIC, fmt, train

STEPS = 10000  # the classic post's 10,000 updates (the Trainer's default)

WIDGET_NOTEBOOK = ("browser_trainer.ipynb", f"""\
from nnlesson.widgets import Trainer

trainer = Trainer(steps={STEPS})
trainer""")

RESULT = ".nnl-trainer-result [data-etotal]"


def test_train_draws_the_plot_and_shows_the_engines_e_total(widget_notebook, screenshots):
    page = widget_notebook.page
    assert page.locator(RESULT).get_attribute("data-etotal") == ""
    expected = train(CLASSIC, steps=STEPS)
    final = float(expected.E_total[-1])

    page.locator("button.nnl-train").click()
    page.wait_for_selector(f'{RESULT}[data-etotal="{final!r}"]', state="attached",
                           timeout=120_000)
    shown = page.locator(RESULT).inner_text()
    assert fmt(final) in shown
    assert f"{fmt(expected.out_o1[-1])} (target" in shown
    assert f"{fmt(expected.out_o2[-1])} (target" in shown
    assert str(STEPS) in shown
    # The table has headers, for a screen reader and for the eye.
    assert page.locator(".nnl-trainer-result th[scope=col]").count() == 5

    # The plot is an SVG chart drawn by the kernel, wide enough to read, with a text
    # alternative that says what it shows.
    plot = page.locator(".nnl-trainer-plot svg")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    assert box["width"] >= 600 and box["height"] >= 200, box
    label = plot.get_attribute("aria-label")
    assert plot.get_attribute("role") == "img" and fmt(final) in label
    assert not page.locator(".nnl-trainer-message [role=alert]").count()
    assert not page.locator("button.nnl-train").is_disabled()
    widget_notebook.screenshot(screenshots / "browser-trainer.png")
