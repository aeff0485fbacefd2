"""In-browser latencies: from the input event to the painted result, in Chromium, in JupyterLab.

The dashboard of lesson 01 runs in a private JupyterLab (tools/labserver.py, the one the
browser tests start) and each figure is timed inside the page: performance.now() before
the event, then after the frame that paints its result (requestAnimationFrame, then a
task: the paint happens between the two).
- Next: one click on the stepper's Next; the page steps on its own (target: median
  under 33 ms, two frames).
- A parameter edit: w5 typed and Enter; the kernel re-traces and re-renders the whole
  trace; done when the card shows the new value (target: median under 60 ms).
- Train: 10,000 updates, done when the final E_total and the plot are shown
  (target: median under 150 ms).
Baseline measured in the same run: a button that only relabels itself, the cost of
one input event and one painted frame on this machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from nnlesson import CLASSIC, fmt, trace

from .common import Result

ROOT = Path(__file__).resolve().parent.parent
CLICKS = 40
EDITS = 30
TRAINS = 30

NOTEBOOK_SOURCE = "from nnlesson.widgets import Dashboard\n\nDashboard()"

_AFTER_PAINT = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"

_RELABEL = """async (n) => {
  const b = document.createElement('button');
  b.textContent = 'a'; document.body.append(b);
  const times = [];
  b.addEventListener('click', () => { b.textContent = b.textContent === 'a' ? 'b' : 'a'; });
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    b.click();
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 30));
  }
  b.remove();
  return times;
}"""

_NEXT = """async (n) => {
  const sp = document.querySelector('.nnl-sp');
  const next = sp.querySelector('button.nnl-next'), first = sp.querySelector('button.nnl-first');
  const times = [];
  for (let i = 0; i < n; i++) {
    if (next.disabled) { first.click(); await new Promise(r => setTimeout(r, 50)); }
    const before = sp.querySelector('.nnl-card-body').dataset.step;
    const t0 = performance.now();
    next.click();
    if (sp.querySelector('.nnl-card-body').dataset.step === before) throw new Error('no step');
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 30));
  }
  return times;
}"""

# Resolves once the page shows what `ok` looks for, after the frame that paints it: a
# MutationObserver on `root` sees the change in the task that makes it (the kernel's message),
# then one frame is painted, as after Next's click. (Polling once a frame instead would
# see it in the frame that paints it and count one more frame.)
_PAINTED = """(ok, t0, what, root) => new Promise((resolve, reject) => {
  const done = () => requestAnimationFrame(
    () => setTimeout(() => resolve(performance.now() - t0), 0));
  if (ok()) { done(); return; }
  const seen = new MutationObserver(() => {
    if (ok()) { seen.disconnect(); clearTimeout(late); done(); }
  });
  seen.observe(root,
               {subtree: true, childList: true, characterData: true, attributes: true});
  const late = setTimeout(() => {
    seen.disconnect(); reject(new Error(what + ' never shown'));
  }, 60000);
})"""

# Each edit alternates between two values whose card values are known in advance.
_EDIT = """async ([n, texts, shown]) => {
  const painted = """ + _PAINTED + """;
  const input = document.querySelector('.nnl-field-w5 input');
  const card = () => document.querySelector('.nnl-card-body');
  const plain = () => card().textContent.replace(/\\u2212/g, '-').replace(/\\s/g, '');
  const says = (v) => plain().includes('=' + v);
  const times = [];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    input.focus();
    input.value = texts[k];
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const t0 = performance.now();
    // What Enter does in a text field: the browser commits it with a change event.
    input.dispatchEvent(new Event('change', {bubbles: true}));
    const where = document.querySelector('.nnl-sp .nnl-card');
    times.push(await painted(() => says(shown[k]), t0, 'edit ' + texts[k], where));
    await new Promise(r => setTimeout(r, 100));
  }
  return times;
}"""

_TRAIN = """async ([n, final]) => {
  const painted = """ + _PAINTED + """;
  const button = document.querySelector('button.nnl-train');
  const run = () => { const b = document.querySelector('.nnl-trainer-result [data-run]');
                      return b ? Number(b.dataset.run) : 0; };
  const times = [];
  for (let i = 0; i < n; i++) {
    const before = run();
    const t0 = performance.now();
    button.click();
    const shown = () => run() > before && document.querySelector('.nnl-trainer-plot svg')
      && document.querySelector('.nnl-trainer-result').textContent.includes(final);
    times.push(await painted(shown, t0, 'training', document.querySelector('.nnl-trainer')));
    while (button.disabled) await new Promise(r => setTimeout(r, 20));
    await new Promise(r => setTimeout(r, 100));
  }
  return times;
}"""


def _result(name: str, times_ms: list[float], target: str, baseline: float | None = None
            ) -> Result:
    median = statistics.median(times_ms) / 1000
    p90 = statistics.quantiles(times_ms, n=10)[-1]
    ratio = (baseline / median) if baseline else None
    return Result("browser", name, median, len(times_ms),
                  "a button relabelling itself" if baseline else "", ratio,
                  f"p90 {p90:.1f} ms; {target}" if target else f"p90 {p90:.1f} ms")


def run() -> list[Result]:
    sys.path.insert(0, str(ROOT / "tools"))
    import find_chromium
    import labserver
    from playwright.sync_api import sync_playwright

    from nnlesson import train

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from labdriver import GuardedPage, Lab, make_notebook

    chromium = find_chromium.find()
    step = trace()["dE_dw5"]
    shown = [fmt(trace(CLASSIC.replace(w5=w)).value("dE_dw5")) for w in (0.41, 0.4)]
    final = fmt(train(CLASSIC, steps=10_000).E_total[-1])
    with tempfile.TemporaryDirectory(prefix="nnlesson-bench-") as folder:
        base = Path(folder)
        root = base / "notebooks"
        root.mkdir()
        make_notebook(root / "bench_dashboard.ipynb", NOTEBOOK_SOURCE)
        server = labserver.start_lab(base, root)
        try:
            with sync_playwright() as playwright:
                browser = labserver.launch_chromium(playwright, chromium)
                guarded = GuardedPage(browser)
                page = guarded.page
                lab = Lab(page, server, guarded.errors).start()
                lab.open("bench_dashboard.ipynb")
                lab.restart_run_all()
                lab.wait_widgets_rendered(1)
                page.wait_for_selector(".nnl-card-body[data-step='0']")
                page.evaluate("() => document.querySelector('.nnl-sp').scrollIntoView()")
                relabel = page.evaluate(_RELABEL, CLICKS)
                nexts = page.evaluate(_NEXT, CLICKS)
                # The edits are timed on the step whose value they change: dE/dw5.
                page.locator(".nnl-slider").fill(str(step.index + 1))
                page.wait_for_selector(f".nnl-card-body[data-step='{step.index}']")
                time.sleep(0.5)   # the page has told the kernel the step
                edits = page.evaluate(_EDIT, [EDITS, ["0.41", "0.4"], shown])
                page.locator(".nnl-trainer").scroll_into_view_if_needed()
                trains = page.evaluate(_TRAIN, [TRAINS, final])
                guarded.close()
                browser.close()
        finally:
            server.stop()
    base_ms = statistics.median(relabel) / 1000
    return [
        _result("baseline: a button relabelling itself (one frame)", relabel, ""),
        _result("Next: card and diagram painted", nexts, "target < 33 ms", base_ms),
        _result("edit w5: re-trace, card painted", edits, "target < 60 ms", base_ms),
        _result("Train 10,000: E_total and plot painted", trains, "target < 150 ms", base_ms),
    ]


if __name__ == "__main__":  # pragma: no cover
    from .common import table

    print(table(run()))
