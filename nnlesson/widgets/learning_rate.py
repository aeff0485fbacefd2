"""LearningRateExplorer: one learning rate, and where descent takes two weights on the surface.

Taught in lesson 19, "Gradient descent and the learning rate". The surface,
the paths and the curvature come from `nnlesson.example.error_surface`. η is
kept to three significant digits and printed by `fmt` both beside the slider
and in the text, so the two always agree.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import traitlets

from ..errors import ParameterError
from ..example import error_surface
from ..example.params import Options, check_number
from ..formatting import fmt
from ..language import _
from ..show import landscape
from .controls import LogSlider
from .view import PlotImage, View, refusal_html

__all__ = ["LearningRateExplorer", "LearningRateModel", "RATE_DIGITS"]

#: The significant digits the model keeps of η (what the slider's value and the text show).
RATE_DIGITS = 3


#: Lesson 19's surface: an identity output makes E_total a parabola in w5 and w6.
SURFACE_OPTIONS = Options(output_activation="identity")
SURFACE_WEIGHTS = ("w5", "w6")


class LearningRateModel(traitlets.HasTraits):
    """One learning rate, and where descent takes w5 and w6 with it."""

    #: the step size of descent
    learning_rate = traitlets.Float(0.3)
    #: how many updates the path shows
    steps = traitlets.Int(20)
    #: why the last value was refused, or ''
    message = traitlets.Unicode("")

    def __init__(self, *, options: Options = SURFACE_OPTIONS, weights=SURFACE_WEIGHTS, **kwargs):
        self.options, self.weights = options, tuple(weights)  # validation needs them
        super().__init__(**kwargs)
        self.curvature = error_surface.curvature(weights=self.weights, options=options)
        self.paths = self._paths(self.learning_rate)
        # The cut through the surface: from the start to well past the valley floor, which
        # one step of the one-step rate reaches.
        one_step = error_surface.descent_paths([self.curvature.fastest], weights=self.weights,
                                         steps=1, options=options)
        reach = float(np.hypot(one_step.a[1, 0] - one_step.a[0, 0],
                               one_step.b[1, 0] - one_step.b[0, 0]))
        self.cut = error_surface.section(one_step, options=options, low=-0.6 * reach,
                                   high=2.6 * reach)

    def _paths(self, rate: float) -> error_surface.Paths:
        return error_surface.descent_paths([rate], weights=self.weights, steps=self.steps,
                                     options=self.options)

    @traitlets.validate("learning_rate")
    def _valid(self, proposal):
        # Refused here rather than undone after (see InitScaleModel).
        try:
            # By the name the learner knows, not the sweep's learning_rates[0].
            rate = check_number("learning_rate", proposal["value"])
            # Three significant digits, as the slider shows it: the η the text names, the
            # path drawn and the slider's readout are then one number.
            rate = float(f"{rate:.{RATE_DIGITS}g}")
            self._computed = self._paths(rate)
        except ParameterError as exc:
            self.message = str(exc)
            return self.learning_rate
        self.message = ""
        return rate

    @traitlets.observe("learning_rate")
    def _changed(self, change) -> None:
        self.paths = self._computed

    @property
    def verdict(self) -> str:
        """What this rate does, from the curvature along the steepest direction."""
        rate, c = self.learning_rate, self.curvature
        if rate >= c.critical:
            return _("too large: every step overshoots further, descent runs away")
        if rate > c.fastest:
            return _("large: each step overshoots the valley floor, descent zig-zags in")
        if rate > 0.5 * c.fastest:
            return _("good: close to the one-step rate 1 / curvature")
        return _("small: safe, but it creeps towards the floor")


class LearningRateExplorer(View[LearningRateModel], widgets.VBox):
    """A log slider for the learning rate; the path on the surface follows."""

    def __init__(self, model: LearningRateModel | None = None):
        model = self._attach(LearningRateModel() if model is None else model)
        # The slider's own readout is the browser's formatting of its raw value; instead the
        # value beside it is the model's rounded η through `fmt`, like the text below.
        self.learning_rate = LogSlider(value=model.learning_rate, min=-2, max=0.6, step=0.01,
                                       description="η", readout=False)
        self._link((self.learning_rate, "value"), (model, "learning_rate"))
        self.value = widgets.HTML()
        self.readout = widgets.HTML()
        self._surface = error_surface.surface(weights=model.weights, options=model.options,
                                        span=2.5, resolution=61)
        self._figure = PlotImage(13, 3.6, columns=3)
        self.plot = self._figure.image
        row = widgets.HBox([self.learning_rate, self.value])
        super().__init__([row, self.readout, self.plot])
        self._own(self.learning_rate, self.value, self.readout, self.plot, row)
        self._watch(self._redraw, "learning_rate", "message")
        self._redraw()

    def __repr__(self) -> str:
        return f"LearningRateExplorer(η = {fmt(self.model.learning_rate, 4)}: {self.model.verdict})"

    def _redraw(self, change=None) -> None:
        ax_s, ax_c, ax_e = self._figure.axes
        for ax in self._figure.axes:
            ax.clear()
        landscape.surface_paths(ax_s, self._surface, self.model.paths)
        landscape.section_paths(ax_c, self.model.cut, self.model.paths)
        landscape.path_errors(ax_e, self.model.paths)
        self._figure.render(_("Descent at η = {rate} on the error surface, across the valley, "
                              "and E_total after each update: {verdict}",
                              rate=fmt(self.model.learning_rate, 4), verdict=self.model.verdict))
        m = self.model
        E = m.paths.E[:, 0]
        self.value.value = f"<b>{fmt(m.learning_rate, 4)}</b>"
        self.readout.value = (
            refusal_html(m.message)
            + escape(_("η = {rate}: E_total {first} → {last} after {steps} updates.",
                       rate=fmt(m.learning_rate, 4), first=fmt(E[0]), last=fmt(E[-1]),
                       steps=m.steps))
            + f" <b>{escape(m.verdict)}</b> "
            + escape(_("(one-step rate 1/λ = {fastest}, runaway above 2/λ = {critical})",
                       fastest=fmt(m.curvature.fastest, 4),
                       critical=fmt(m.curvature.critical, 4))))
