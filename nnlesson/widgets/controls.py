"""Sliders everyone can use: a native range input inside its label, and a named Play button.

ipywidgets 8.1's sliders give their handle no accessible name (a screen reader
says "slider" and nothing else; axe: aria-input-field-name), and its Play
widget's buttons have no name at all (axe: button-name). These controls are an
<input type="range"> inside a <label> with the description, the value as text
beside it (also its aria-valuetext), and optionally a Play/Pause button that
says what it does. They keep ipywidgets' names for what they share (value,
min, max, step, description, readout, continuous_update, disabled), so a view
and a test drive them the same way. Taught wherever a lesson has a slider,
first in lesson 02, "The network and its notation".
"""

from __future__ import annotations

import anywidget
import traitlets

from ..formatting import fmt
from ..language import _
from .stepper import web_asset

__all__ = ["IntSlider", "LogSlider", "Slider"]


class Slider(anywidget.AnyWidget):
    """A slider over real numbers from `min` to `max` in steps of `step`."""

    _esm = web_asset("slider.js")
    _css = web_asset("slider.css")

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    #: Show the value as text beside the slider (a screen reader hears it either way).
    readout = traitlets.Bool(True).tag(sync=True)
    #: A Python format spec for the value ("" means nnlesson's fmt).
    readout_format = traitlets.Unicode("")
    #: The value as the page shows and a screen reader says it; made kernel-side.
    text = traitlets.Unicode("").tag(sync=True)
    #: Send the value while the thumb moves (True) or when it is let go (False).
    continuous_update = traitlets.Bool(True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    #: Milliseconds between the Play button's steps; 0 leaves the button out.
    play_interval = traitlets.Int(0).tag(sync=True)
    play_label = traitlets.Unicode("").tag(sync=True)
    pause_label = traitlets.Unicode("").tag(sync=True)
    #: The range input works on log10 of the value (LogSlider).
    log = traitlets.Bool(False).tag(sync=True)
    #: What each whole position says ("Step 3 of 24"), for sliders whose position is not
    #: the thing it stands for; empty: the value itself.
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.play_label, self.pause_label = _("Play"), _("Pause")
        self.observe(self._show, names=["value", "readout_format", "labels"])
        self.observe(self._clamp, names=["min", "max"])
        self._clamp()   # a default value outside the ends given (0 for min=10)
        self._show()

    def _bounds(self) -> tuple[float, float]:
        return self.min, self.max

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        # As ipywidgets does: a value outside the range is moved to its nearer end.
        low, high = self._bounds()
        return type(proposal["value"])(min(max(proposal["value"], low), high))

    def _clamp(self, _change=None) -> None:
        # New ends: the value moves inside them, as when it is set.
        self.value = self._validate_value({"value": self.value})

    def _show(self, _change=None) -> None:
        position = int(round(self.value - self.min))
        if self.labels and 0 <= position < len(self.labels):
            self.text = self.labels[position]
        else:
            self.text = format(self.value, self.readout_format) if self.readout_format \
                else fmt(self.value)


class IntSlider(Slider):
    """A slider over whole numbers."""

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)


class LogSlider(Slider):
    """A slider whose steps are equal factors: `min`, `max` and `step` are powers of ten
    (as ipywidgets' FloatLogSlider with base 10); `value` is the number itself."""

    value = traitlets.Float(1.0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(log=True, **kwargs)

    def _bounds(self) -> tuple[float, float]:
        return 10.0 ** self.min, 10.0 ** self.max
