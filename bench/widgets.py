"""Widget figures, measured in-process by driving the widget objects as the browser would.

Kernel side only: the model update, the re-trace, building the HTML and the
widget state messages (sent to a dummy comm here); the browser's own drawing
is not included. Baselines measured in the same run:
- a matplotlib re-render of the same network drawing (plots.network_drawing to PNG)
  for the SVG diagram and for one "next" step;
- rebuilding the whole Dashboard (new widgets) for a parameter edit, which
  updates the existing widgets in place;
- the engine's train() alone for the trainer (plotting and reporting on top);
- `import nnlesson` plus one trace in a fresh interpreter for a lesson's first render.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from nnlesson import CLASSIC, trace, train
from nnlesson.show.diagram import draw, values_so_far

from .common import Result, median_time

FIRST_RENDER = """
import time
start = time.perf_counter()
import nnlesson.widgets
nnlesson.widgets.Dashboard()
print(time.perf_counter() - start)
"""

ENGINE_ONLY = """
import time
start = time.perf_counter()
import nnlesson
nnlesson.trace()
print(time.perf_counter() - start)
"""


def run() -> list[Result]:
    from nnlesson.show import plots
    from nnlesson.widgets import Dashboard, Stepper, Trainer

    results = []
    t = trace()
    step = t["dE_dw5"]
    values = values_so_far(t, step.index)

    # The network drawing alone: SVG string vs a matplotlib figure rendered to PNG.
    svg = median_time(lambda: draw(step, values), runs=500)
    fig, (ax,) = plots.figure(12.8, 6.2)

    def matplotlib_network():
        ax.clear()
        plots.network_drawing(ax, step, values)
        plots.png(fig, dpi=100)

    mpl = median_time(matplotlib_network, runs=15)
    results.append(Result("widgets", "diagram: SVG string for one step", svg, 500,
                          "matplotlib network to PNG", mpl / svg))
    results.append(Result("widgets", "baseline: matplotlib network to PNG", mpl, 15))

    # One "next" click: model.index moves, the diagram and the card are rebuilt as HTML.
    ui = Stepper()

    def next_step():
        (ui.first if ui.next.disabled else ui.next).click()

    step_time = median_time(next_step, runs=200, warmup=5)
    results.append(Result("widgets", "next step (model + diagram + card)", step_time, 200,
                          "matplotlib network to PNG", mpl / step_time, "target < 30 ms"))

    # One parameter edit in the dashboard: re-trace, then stepper, editor and trainer update.
    dash = Dashboard()
    dash.model.go(t["dE_dw5"].index)
    field = dash.editor.fields["w5"]
    texts = iter(["0.41", "0.4"] * 1000)

    def edit():
        field.value = next(texts)

    edit_time = median_time(edit, runs=60, warmup=2)
    rebuild = median_time(lambda: Dashboard(dash.model.__class__(CLASSIC.replace(w5=0.41))),
                          runs=10)
    assert dash.model.message == "", dash.model.message
    results.append(Result("widgets", "parameter edit (re-trace + redraw all views)", edit_time,
                          60, "rebuilding the Dashboard", rebuild / edit_time, "target < 60 ms"))
    results.append(Result("widgets", "baseline: rebuilding the Dashboard", rebuild, 10))

    # An option change, once each option's formulas are cached (the first costs 0.1-0.3 s).
    order = dash.editor.options["order"]
    orders = iter(["output-first", "simultaneous"] * 1000)
    option_time = median_time(lambda: setattr(order, "value", next(orders)), runs=30, warmup=2)
    results.append(Result("widgets", "option change (order), formulas cached", option_time, 30))

    # The trainer: 10,000 updates, the plot and the result, against train() alone.
    trainer = Trainer(steps=10_000)
    trained = median_time(trainer.run, runs=3)
    engine_only = median_time(lambda: train(CLASSIC, steps=10_000), runs=3)
    results.append(Result("widgets", "Trainer: 10,000 updates + plot + result", trained, 3,
                          "engine train() alone", engine_only / trained))

    # A lesson's first render: import nnlesson.widgets and build a Dashboard, fresh interpreter.
    first, engine_first = _fresh(FIRST_RENDER, ENGINE_ONLY, runs=7)
    results.append(Result("widgets", "first render: import widgets + Dashboard()", first, 7,
                          "import nnlesson + trace()", engine_first / first,
                          "fresh interpreter, start-up excluded"))
    results.append(Result("widgets", "baseline: import nnlesson + trace()", engine_first, 7))
    return results


def _fresh(*codes: str, runs: int) -> list[float]:
    """For each code, the median of what it prints (seconds it measured itself).

    Each run starts a fresh interpreter per code, taking the codes in turn, so
    that a slower spell of this shared machine falls on all of them alike.
    """
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(runs):
        for k, code in enumerate(codes):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, timeout=300)
            times[k].append(float(out.stdout.strip().splitlines()[-1]))
    return [statistics.median(t) for t in times]


if __name__ == "__main__":  # pragma: no cover
    from .common import table

    start = time.perf_counter()
    print(table(run()))
    print(f"{time.perf_counter() - start:.1f} s")
