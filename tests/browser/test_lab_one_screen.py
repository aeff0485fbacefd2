"""Lesson 01's dashboard in JupyterLab at 1280x800 with the file browser open: at every
step the stepper's controls, card and whole diagram are on screen together; and two
lessons open at once both draw their arrowheads.
"""

from __future__ import annotations

from labdriver import VIEWPORT, wait_card

from nnlesson import trace

EXPECTED = trace()
LESSON = "01_start_here.ipynb"
#: The card in the notebook tab on show (another tab's stays in the page, hidden).
VISIBLE_CARD = ".jp-NotebookPanel:not(.lm-mod-hidden) .nnl-card [data-step]"

_PARTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
  const view = outer.getBoundingClientRect();
  const stepper = panel.content.node.querySelector('.nnl-sp');
  const box = (n) => { const r = n.getBoundingClientRect();
                       return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {view: box(outer), controls: box(stepper.querySelector('.nnl-sp-controls')),
          card: box(stepper.querySelector('.nnl-card')),
          diagram: box(stepper.querySelector('.nnl-diagram svg')),
          step: Number(stepper.querySelector('.nnl-card-body').dataset.step)};
}"""


def _outside(part: dict, view: dict) -> list[str]:
    sides = []
    for side, inside in (("top", part["top"] >= view["top"] - 0.5),
                         ("bottom", part["bottom"] <= view["bottom"] + 0.5),
                         ("left", part["left"] >= view["left"] - 0.5),
                         ("right", part["right"] <= view["right"] + 0.5)):
        if not inside:
            sides.append(side)
    return sides


def test_every_step_fits_on_one_screen_with_the_file_browser_open(lab, screenshots):
    page = lab.page
    lab.open(LESSON)
    lab.restart_run_all()
    lab.wait_widgets_rendered(lab.widget_count(lab.state()))
    page.evaluate("""async () => { const app = window.jupyterapp;
        await app.commands.execute('filebrowser:activate'); app.shell.expandLeft(); }""")
    page.wait_for_function("() => document.querySelector('#filebrowser') && "
                           "document.querySelector('#filebrowser').offsetWidth > 150")
    wait_card(page, 0)
    # A reader scrolls the stepper to the top of the notebook, as far as it goes.
    page.evaluate("""() => document.querySelector('.nnl-sp').scrollIntoView(
                       {block: 'start'})""")
    page.wait_for_timeout(300)
    heights = set()
    problems = []
    for index in range(len(EXPECTED)):
        if index:
            page.locator("button.nnl-next").click()
        wait_card(page, index)
        parts = page.evaluate(_PARTS)
        window = {"top": 0, "left": 0, "bottom": VIEWPORT["height"], "right": VIEWPORT["width"]}
        for name in ("controls", "card", "diagram"):
            for view in (parts["view"], window):
                out = _outside(parts[name], view)
                if out:
                    problems.append((EXPECTED[index].name, name, out, parts[name], view))
        heights.add(round(parts["diagram"]["top"] - parts["controls"]["top"]))
        if index == EXPECTED["dE_dw5"].index:
            lab.screenshot(screenshots / "dashboard-lab-file-browser.png")
    assert not problems, problems[:5]
    # A stable height: the diagram never jumps as the card changes from step to step.
    assert len(heights) == 1, heights
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")


def test_two_lessons_open_at_once_both_draw_arrowheads(lab):
    page = lab.page
    shown = []
    for name, phase in (("05_output_layer_gradients.ipynb", "output-gradients"),
                        ("06_hidden_layer_gradients.ipynb", "hidden-gradients")):
        lab.open(name)
        lab.restart_run_all()
        lab.wait_widgets_rendered(lab.widget_count(lab.state()))
        wait_card(page, EXPECTED.phase_start(phase), selector=VISIBLE_CARD)
        shown.append(name)
    # Both notebooks stay open (two tabs); in each, the lit edges carry a drawn arrowhead.
    for name in shown:
        page.evaluate("""(path) => { const app = window.jupyterapp;
            for (const w of app.shell.widgets('main')) if (w.context && w.context.path === path)
              app.shell.activateById(w.id); }""", name)
        page.wait_for_timeout(200)
        heads = page.evaluate("""(path) => {
            const app = window.jupyterapp;
            let panel = null;
            for (const w of app.shell.widgets('main'))
              if (w.context && w.context.path === path) panel = w;
            return Array.from(panel.node.querySelectorAll('.nnl-diagram path[data-head]'))
              .filter(p => p.getAttribute('d'))
              .map(p => { const b = p.getBBox(); return [p.dataset.head, b.width * b.height,
                          getComputedStyle(p).fill]; }); }""", name)
        assert heads and all(area > 20 and fill != "none" for _, area, fill in heads), (name, heads)
    # No element in either drawing has an id another could collide with.
    assert page.evaluate("() => document.querySelectorAll('.nnl-diagram [id]').length") == 0
