"""Stepper: page through the trace one step at a time, with the diagram and the formula card.

Taught in lessons 03, 04, 05, 06 and 08 (each shows one phase: `Stepper(phase="forward")`)
and used whole in the dashboard. Every control moves `model.index`; the
diagram and the card are redrawn from the model by replacing their HTML, so
the widgets on screen are never rebuilt.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..errors import ParameterError
from ..example.steps import PHASE_TITLES
from ..example.symbolic import PHASES
from ..show.diagram import draw, values_so_far
from .card import card_html
from .model import LessonModel
from .view import View, scaled

__all__ = ["PLAY_INTERVAL", "Stepper"]

#: Milliseconds between steps when Play runs: time to read a formula aloud.
PLAY_INTERVAL = 2000


class Stepper(View[LessonModel], widgets.VBox):
    """First / previous / next / last, a step slider, Play, a phase menu, the diagram and card."""

    def __init__(self, model: LessonModel | None = None, *, phase: str | None = None):
        model = self._attach(LessonModel() if model is None else model)
        if phase is not None and phase not in PHASES:
            raise ParameterError("phase", phase, "not a phase", "one of " + ", ".join(PHASES))
        self.only = phase
        self.first = _button("First", "step-backward", "nnl-first", "the first step")
        self.previous = _button("Previous", "chevron-left", "nnl-prev", "the step before")
        self.next = _button("Next", "chevron-right", "nnl-next", "the next step")
        self.last = _button("Last", "step-forward", "nnl-last", "the last step")
        self.slider = widgets.IntSlider(readout=False, continuous_update=True,
                                        description="Step", layout=widgets.Layout(
                                            flex="1 1 240px", min_width="160px"))
        self.slider.add_class("nnl-slider")
        self.play = widgets.Play(interval=PLAY_INTERVAL, show_repeat=False,
                                 description="Play", tooltip="advance one step every 2 s")
        self.play.add_class("nnl-play")
        # Kernel-side link (not jslink): the kernel sees every step Play takes, and tests can too.
        self._play_link = widgets.link((self.play, "value"), (self.slider, "value"))
        self.position = widgets.HTML(layout=widgets.Layout(min_width="5.5em"))
        self.phase = widgets.Dropdown(description="Phase", layout=widgets.Layout(width="auto"))
        self.phase.add_class("nnl-phase")
        self.diagram = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.diagram.add_class("nnl-diagram")
        self.card = widgets.HTMLMath(layout=widgets.Layout(width="100%"))
        self.card.add_class("nnl-card")
        controls = widgets.HBox(
            [self.first, self.previous, self.next, self.last, self.play, self.slider,
             self.position, self.phase],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        # The card comes first: at 1280x800 (and larger on a projector) the formula a
        # class is reading must be on screen without scrolling; the drawing follows.
        super().__init__([controls, self.card, self.diagram])
        self.add_class("nnl-stepper")
        self._own(self.first, self.previous, self.next, self.last, self.slider, self.play,
                  self.position, self.phase, self.diagram, self.card, controls)

        self._syncing = False
        self.first.on_click(lambda _: self.model.go(self._range()[0]))
        self.last.on_click(lambda _: self.model.go(self._range()[1]))
        self.previous.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(+1))
        self.slider.observe(self._slid, names="value")
        self.phase.observe(self._phase_chosen, names="value")
        self._watch(self._render, "index", "trace", "font_scale")
        lo, hi = self._range()
        if not lo <= model.index <= hi:
            model.go(lo)
        self._render()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Stepper(step {self.model.index}: {self.model.step.name})"

    # --- from the controls to the model ---------------------------------------------------------

    def _range(self) -> tuple[int, int]:
        trace = self.model.trace
        if self.only is None:
            return 0, len(trace) - 1
        steps = trace.in_phase(self.only)
        return steps[0].index, steps[-1].index

    def _move(self, by: int) -> None:
        lo, hi = self._range()
        self.model.go(min(hi, max(lo, self.model.index + by)))

    def _slid(self, change) -> None:
        if not self._syncing:
            self.model.go(change.new)

    def _phase_chosen(self, change) -> None:
        if not self._syncing and change.new is not None:
            self.model.go_phase(change.new)

    # --- from the model to the screen -----------------------------------------------------------

    def _render(self, change=None) -> None:
        model = self.model
        trace, index, scale = model.trace, model.index, model.font_scale
        lo, hi = self._range()
        step = trace[index]
        self._syncing = True
        try:
            for control in (self.slider, self.play):
                # Validation waits until all three are set, so a range change never clamps.
                with control.hold_trait_notifications():
                    control.min, control.max = lo, hi
                    control.value = min(hi, max(lo, index))
            phases = ((self.only,) if self.only else
                      tuple(dict.fromkeys(s.phase for s in trace.steps)))
            options = tuple((PHASE_TITLES[p], p) for p in phases)
            if tuple(self.phase.options) != options:
                self.phase.options = options
            self.phase.value = step.phase if step.phase in phases else phases[0]
            self.phase.disabled = len(phases) == 1
            self.first.disabled = self.previous.disabled = index <= lo
            self.next.disabled = self.last.disabled = index >= hi
        finally:
            self._syncing = False
        # A one-phase stepper counts within its phase ("3 / 8"), as its slider does.
        self.position.value = (f'<span style="font-size:{scaled(15, scale)}">'
                               f"{index - lo + 1} / {hi - lo + 1}</span>")
        for button in (self.first, self.previous, self.next, self.last):
            button.style.font_size = scaled(14, scale)
        self.diagram.value = draw(step, values_so_far(trace, index), scale=scale)
        self.card.value = card_html(trace, index, scale=scale)

    def close(self) -> None:
        link = getattr(self, "_play_link", None)   # absent if __init__ refused its arguments
        if link is not None:
            link.unlink()
            self._play_link = None
        super().close()


def _button(label: str, icon: str, css: str, tooltip: str) -> widgets.Button:
    button = widgets.Button(description=label, icon=icon, tooltip=f"Go to {tooltip}",
                            layout=widgets.Layout(width="auto"))
    button.add_class(css)
    return button
