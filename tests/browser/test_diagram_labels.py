"""The stepper's drawing as the page lays it out (nnlesson/web/stepper.js, `placeLabels`).

The kernel sends which values each step labels and the numbers apart; the page sizes
each label to its number and stacks the labels in the bands above and below the
network. Checked here in Chromium, from what it drew, at every step of several
settings on one page, one of them in projector mode (`page_html`, opened from a file:
no kernel, nothing fetched): no label overlaps another label, a node or the legend,
every label lies inside the drawing's view box, every number fits inside its white
pill, as rendered, and the step's own value is written once, in bold.
"""

from __future__ import annotations

import sys
from pathlib import Path

from labdriver import VIEWPORT

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/, for combos
from nnlesson import CLASSIC, fmt, trace
from nnlesson.widgets.stepper import page_html, stepper_frames
from nnlesson.widgets.view import PROJECTOR_SCALE

from combos import DRAWING_SETTINGS  # noqa: E402

SETTINGS = {
    **DRAWING_SETTINGS,   # the unit tests' settings (tests/combos.py)
    # Tiny numbers, in scientific notation: outputs already on their targets.
    "tiny numbers": (CLASSIC.replace(target_o1=0.7511, target_o2=0.7731), {}),
}

# Walks every step of every stepper on the page with its Next button and reports, in the
# drawing's own units, every pair of boxes that meet, every box outside the view box and
# every text wider than its pill.
_WALK = """(expected) => {
  const problems = [], walked = [];
  const box = (el) => ({ x: +el.getAttribute('x'), y: +el.getAttribute('y'),
                         w: +el.getAttribute('width'), h: +el.getAttribute('height') });
  const meet = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  document.querySelectorAll('.nnl-sp').forEach((sp, s) => {
    const next = sp.querySelector('button.nnl-next');
    const total = sp.querySelectorAll('.nnl-slider')[0].max;
    sp.querySelector('button.nnl-first').click();
    let steps = 0;
    for (;;) {
      const svg = sp.querySelector('.nnl-diagram svg'), name = svg.dataset.name;
      const [vx, vy, vw, vh] = svg.getAttribute('viewBox').split(' ').map(Number);
      const boxes = [];
      // The step's own value, once, in bold, with this trace's number.
      const own = [...svg.querySelectorAll('[data-labels] [data-current]')]
        .map((t) => t.textContent);
      if (own.length !== 1 || !own[0].endsWith(expected[s][steps]))
        problems.push(`${s}/${name}: its own label says ${JSON.stringify(own)}`);
      // The legend, below every label (its group is moved down by the page).
      const legend = svg.querySelector('[data-legend]'), lb = legend.getBBox();
      const shift = legend.transform.baseVal.consolidate().matrix.f;
      boxes.push(['legend', { x: lb.x, y: lb.y + shift, w: lb.width, h: lb.height }]);
      svg.querySelectorAll('[data-labels] > g').forEach((g) => {
        const pill = box(g.querySelector('rect'));
        boxes.push([g.dataset.label || g.dataset.tag, pill]);
        g.querySelectorAll('text').forEach((t) => {
          const b = t.getBBox();
          if (b.x < pill.x || b.x + b.width > pill.x + pill.w)
            problems.push(`${s}/${name}: "${t.textContent}" is ${b.width.toFixed(1)} wide `
                          + `in a pill of ${pill.w}`);
        });
      });
      svg.querySelectorAll('[data-node]').forEach((g) => {
        const shape = g.firstElementChild, c = shape.tagName === 'circle';
        const r = c ? +shape.getAttribute('r') : 0;
        const x = +shape.getAttribute('cx'), y = +shape.getAttribute('cy');
        boxes.push([g.dataset.node, c ? { x: x - r, y: y - r, w: 2 * r, h: 2 * r } : box(shape)]);
      });
      for (let i = 0; i < boxes.length; i++) {
        const [a, p] = boxes[i];
        if (p.x < vx || p.y < vy || p.x + p.w > vx + vw || p.y + p.h > vy + vh)
          problems.push(`${s}/${name}: ${a} lies outside the view box`);
        for (let j = i + 1; j < boxes.length; j++)
          if (meet(p, boxes[j][1])) problems.push(`${s}/${name}: ${a} meets ${boxes[j][0]}`);
      }
      steps += 1;
      if (next.disabled) break;
      next.click();
    }
    walked.push([steps, Number(total)]);
  });
  return { problems, walked };
}"""


def test_no_label_overlaps_another_label_or_a_node_and_every_number_fits(browser, tmp_path):
    traces = {name: trace(params, **choices) for name, (params, choices) in SETTINGS.items()}
    assert "e-" in fmt(traces["tiny numbers"].value("E_total"))   # the setting does its job
    pages = [(name, t, 1.0) for name, t in traces.items()]
    pages.append(("projector", traces["wide numbers"], PROJECTOR_SCALE))   # larger letters
    out = tmp_path / "labels.html"
    out.write_text("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>labels"
                   "</title></head><body>"
                   + "".join(page_html(stepper_frames(t, scale=scale), title=name)
                             for name, t, scale in pages)
                   + "</body></html>", encoding="utf-8")
    expected = [[f"= {fmt(step.value, 6)}" for step in t] for _name, t, _scale in pages]
    page = browser.new_page(viewport=VIEWPORT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(out.as_uri())
        page.wait_for_selector(".nnl-sp .nnl-diagram svg")
        result = page.evaluate(_WALK, expected)
    finally:
        page.close()
    assert errors == []
    assert result["walked"] == [[len(t), len(t)] for _name, t, _scale in pages]
    assert result["problems"] == []
