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
    assert f"E_total = {fmt(final)}" in shown
    assert f"out_o1 = {fmt(expected.out_o1[-1])}" in shown
    assert f"out_o2 = {fmt(expected.out_o2[-1])}" in shown
    assert f"after {STEPS} updates" in shown

    # The plot is an image the browser decoded, wide enough to read.
    plot = page.locator(".nnl-trainer-plot")
    plot.scroll_into_view_if_needed()
    page.wait_for_function("""() => {
        const img = document.querySelector('img.nnl-trainer-plot, .nnl-trainer-plot img');
        return img && img.complete && img.naturalWidth > 0; }""")
    size = plot.evaluate("""n => { const img = n.tagName === 'IMG' ? n : n.querySelector('img');
        return [img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width]; }""")
    assert size[0] >= 600 and size[1] >= 200 and size[2] >= 600, size
    assert not page.locator(".nnl-trainer-message [role=alert]").count()
    widget_notebook.screenshot(screenshots / "browser-trainer.png")
