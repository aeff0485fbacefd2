"""Stepper: page through the trace one step at a time, with the diagram and the formula card.

Taught in lessons 03, 04, 05, 06 and 08 (each shows one phase: `Stepper(phase="forward")`)
and used whole in the dashboard. The kernel renders every step of the trace once
(`data`: each card's MathML template, the diagram's base drawing and what each step
lights and labels; made once per options, language and scale) with its numbers apart
(`numbers`), and the page steps through them itself (nnlesson/web/stepper.js, an
anywidget module): First, Previous, Next, Last, Play/Pause, the slider, the phase
menu and the arrow keys never wait for the kernel. The kernel is asked again only
when a number or an option changes; a new number sends the numbers alone.

The page tells the kernel which step it shows (`index`), so the model, a test, or
another view over the same model follows. `next.click()` and its siblings do in
the kernel what the page's buttons do, for tests and scripts with no browser.

The same page, with its data inline, is the widget's text/html fallback
(`page_html`): a lesson exported with nbconvert, or opened before it is run,
shows a stepper that works with no kernel (or says to run the cell, where
scripts are not allowed).
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from importlib.resources import files

import anywidget
import traitlets

from ..errors import ParameterError
from ..example.formulas import formulas
from ..example.steps import Trace, phase_title
from ..example.symbolic import PHASES
from ..language import _, current_language, join
from ..show.diagram import frames as diagram_frames
from ..show.diagram import label_numbers
from .card import card_data, card_numbers, card_words
from .model import LessonModel
from .view import View

__all__ = ["DIAGRAM_SCALE", "DIAGRAM_TEXT_SCALE", "PLAY_INTERVAL", "Action", "Stepper",
           "page_html", "stepper_frames", "stepper_layout", "stepper_values", "web_asset"]

#: Milliseconds between steps when Play runs: time to read a formula aloud.
PLAY_INTERVAL = 2000

#: How much larger the diagram's labels and their line height are in projector mode.
DIAGRAM_SCALE = 1.25
#: How much larger the diagram's letters are in projector mode: 1.25 drew 22.7-px labels
#: beside the card at 1280x800 in Voila; this makes them 24.5 px, in the same line height
#: (a taller drawing pushes its legend off the screen; tests/browser/test_voila_presentation).
DIAGRAM_TEXT_SCALE = 1.35


@cache
def web_asset(name: str) -> str:
    """The text of a file shipped in nnlesson/web (the stepper's script and style)."""
    return files("nnlesson").joinpath("web", name).read_text(encoding="utf-8")


def stepper_frames(trace: Trace, phase: str | None = None, *, scale: float = 1.0) -> dict:
    """Everything the page needs to show every step of `trace` (of one `phase`, if given).

    The numbers are apart, under "values": a new number sends those alone
    (`stepper_layout` is the rest, which only options, language and scale change).
    """
    return {**stepper_layout(trace, phase, scale=scale)[0],
            "values": stepper_values(trace, phase)}


def stepper_values(trace: Trace, phase: str | None = None) -> dict:
    """What the page shows that depends on the numbers: the cards' numbers and sentences,
    and the numbers on the drawing's labels."""
    steps = trace.in_phase(phase) if phase else trace.steps
    card = card_numbers(trace, [s.index for s in steps])
    return {"card": card["numbers"], "why": card["why"], "diagram": label_numbers(trace)}


#: The layouts made so far, by what they depend on (kept few: a lesson uses a handful).
_LAYOUTS: dict[tuple, tuple[dict, str]] = {}


def stepper_layout(trace: Trace, phase: str | None = None, *, scale: float = 1.0
                   ) -> tuple[dict, str]:
    """The part of `stepper_frames` that numbers never change, and its JSON.

    Made once per options, phase, scale and language: an edit re-renders no card
    template, drawing or label position (the page places the labels).
    """
    key = (trace.options, phase, scale, current_language())
    if key not in _LAYOUTS:
        if len(_LAYOUTS) > 32:
            _LAYOUTS.clear()
        layout = _layout(trace, phase, scale)
        _LAYOUTS[key] = layout, _json(layout)
    return _LAYOUTS[key]


def _layout(trace: Trace, phase: str | None, scale: float) -> dict:
    steps = trace.in_phase(phase) if phase else trace.steps
    indices = [s.index for s in steps]
    fs = formulas(trace.options)
    phases = tuple(dict.fromkeys(s.phase for s in trace.steps))
    return {
        "card": card_data(trace, indices),
        # The drawing's labels grow less than the text beside them: the drawing is wide
        # already, and it must stay on one screen beside the card.
        "diagram": diagram_frames(trace, indices, scale=min(scale, DIAGRAM_SCALE),
                                  text_scale=min(scale, DIAGRAM_TEXT_SCALE) if scale > 1
                                  else None,
                                  names={i: fs[i].mathml.names for i in indices}),
        "words": {**card_words(), "first": _("First"), "previous": _("Previous"),
                  "next": _("Next"), "last": _("Last"), "play": _("Play"), "pause": _("Pause"),
                  "slider": _("Step"), "phase": _("Phase"),
                  "position": _("Step {number} of {total}: {name}"),
                  "region": _("Step through the worked example"),
                  "diagram": _("Network diagram, step {number}: {name} = {value}")},
        "phases": {p: phase_title(p) for p in phases},
        "starts": {p: trace.phase_start(p) for p in phases},
        "sizes": {p: len(trace.in_phase(p)) for p in phases},
        "total": len(trace), "one_phase": phase is not None,
        # The cards' layout depends on the options, not on the numbers.
        "shape": f"{trace.options!r}/{phase}",
        "interval": PLAY_INTERVAL, "big": scale > 1,
    }


class Action:
    """What one of the page's buttons does, done in the kernel: `click()`, and `disabled`."""

    def __init__(self, stepper: Stepper, target):
        self._stepper, self._target = stepper, target

    def click(self) -> None:
        self._stepper.model.go(self._target())

    @property
    def disabled(self) -> bool:
        return self._target() == self._stepper.model.index


class Stepper(View[LessonModel], anywidget.AnyWidget):
    """First / previous / next / last, Play, a step slider, a phase menu, the card and diagram."""

    _esm = web_asset("stepper.js")
    _css = web_asset("stepper.css")
    #: The rendered trace (stepper_layout) as JSON, sent to the page when options change.
    #: One string: ipywidgets would otherwise walk every nested list for binary data.
    data = traitlets.Unicode("").tag(sync=True)
    #: The numbers (stepper_values) as JSON: all an edit sends.
    numbers = traitlets.Unicode("").tag(sync=True)
    #: The step the page shows (an index into the trace); the page sets it as it steps.
    index = traitlets.Int(0).tag(sync=True)

    def __init__(self, model: LessonModel | None = None, *, phase: str | None = None):
        if phase is not None and phase not in PHASES:
            raise ParameterError("phase", phase, _("not a phase"),
                                 _("one of {choices}", choices=join(PHASES)))
        model = self._attach(LessonModel() if model is None else model)
        self.only = phase
        super().__init__()
        self.add_class("nnl-stepper")
        self.first = Action(self, lambda: self._range()[0])
        self.previous = Action(self, lambda: max(self._range()[0], self.model.index - 1))
        self.next = Action(self, lambda: min(self._range()[1], self.model.index + 1))
        self.last = Action(self, lambda: self._range()[1])
        self.observe(self._page_moved, names="index")
        self._closed = False
        self._watch(self._render, "trace", "font_scale")
        self._watch(self._follow, "index")
        lo, hi = self._range()
        if not lo <= model.index <= hi:
            model.go(lo)
        self._render()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Stepper(step {self.model.index}: {self.model.step.name})"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        assert bundle is not None   # a view always has a view name
        data, metadata = bundle
        # Shown where the widget cannot be: an exported page, a notebook not yet run.
        data["text/html"] = page_html(self.frames, note=_(
            "Run this cell to step through the example with your own numbers."))
        return data, metadata

    # --- from the page to the model ---------------------------------------------------------------

    def _range(self) -> tuple[int, int]:
        trace = self.model.trace
        if self.only is None:
            return 0, len(trace) - 1
        steps = trace.in_phase(self.only)
        return steps[0].index, steps[-1].index

    def _page_moved(self, change) -> None:
        lo, hi = self._range()
        self.model.go(min(hi, max(lo, change.new)))

    def go_phase(self, phase: str) -> None:
        """Show the first step of `phase`, as the page's phase menu does."""
        self.model.go_phase(phase)

    # --- from the model to the page -------------------------------------------------------------

    def _follow(self, change=None) -> None:
        self.index = self.model.index

    @property
    def frames(self) -> dict:
        """What the page shows: every step of the trace, rendered (stepper_frames); a copy."""
        return {**json.loads(self.data), "values": json.loads(self.numbers)}

    def _render(self, change=None) -> None:
        model = self.model
        _layout, layout_json = stepper_layout(model.trace, self.only, scale=model.font_scale)
        values = stepper_values(model.trace, self.only)
        with self.hold_sync():   # one message; an unchanged layout is not sent again
            self.data = layout_json
            self.numbers = _json(values)
        lo, hi = self._range()
        if not lo <= model.index <= hi:
            model.go(lo)
        self.index = model.index

    def send_state(self, key=None) -> None:
        # hold_sync gathers the changed names in a set, whose order changes from kernel to
        # kernel, and the page handles them in the order sent: layout first, always.
        if isinstance(key, set):
            key = sorted(key, key=lambda name: (name != "data", name))
        super().send_state(key)

    def close(self) -> None:
        if getattr(self, "_closed", True):   # never built, or already closed
            return
        self._closed = True
        self.unobserve(self._page_moved, names="index")
        super().close()


def page_html(frames: dict, *, note: str = "", title: str = "") -> str:
    """A self-contained stepper for `frames`: script, style and data inline, nothing fetched.

    With scripts allowed it is the working stepper; without, `note` says what to do.
    Any number of them can share one page (nothing in them has an id).
    """
    data = _json(frames)
    # A script element ends at the first "</": written as "<\/" the JSON reads the same.
    data = data.replace("</", "<\\/")
    script = _compact(web_asset("stepper.js")).replace("export default { render };",
                                                       "return { render };")
    heading = f"<h2>{escape(title)}</h2>" if title else ""
    style = re.sub(r"/\*.*?\*/", "", _compact(web_asset("stepper.css")), flags=re.S)
    return (f'<div class="nnl-page">{heading}<style>{style}</style>'
            f'<div class="nnl-page-stepper"><p class="nnl-run">{escape(note)}</p></div>'
            f'<script type="application/json">{data}</script>'
            "<script>(function () {"
            "const here = document.currentScript;"
            "const box = here.previousElementSibling.previousElementSibling;"
            "const data = here.previousElementSibling.textContent, first = JSON.parse(data);"
            "const widget = (function () {" + script + "})();"
            "const values = JSON.stringify(first.values);"
            "const model = {get: (k) => (k === 'data' ? data : k === 'numbers' ? values : "
            "model.index), index: "
            "first.card.steps[0][0], set: (k, v) => { model.index = v; }, save_changes() {}, "
            "on() {}, off() {}};"
            "box.textContent = ''; widget.render({model, el: box});"
            "})();</script></div>")



def _json(frames: dict) -> str:
    return json.dumps(frames, ensure_ascii=False, separators=(",", ":"))


def _compact(text: str) -> str:
    """Script or style without indentation and whole-line comments: a smaller stored page."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))
