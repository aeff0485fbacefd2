"""InitScaleExplorer: scale the first weights of a deep network; watch the gradient per layer.

Taught in lesson 14, "Vanishing and exploding gradients"
(`nnlesson.topics.vanishing` computes the gradient sizes).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _
from ..mlp.network import INITS
from ..show import curves
from ..topics import vanishing
from .controls import LogSlider
from .view import PlotImage, View, refusal_html

__all__ = ["InitScaleExplorer", "InitScaleModel"]


class InitScaleModel(traitlets.HasTraits):
    """The scale of the initial weights of a deep network, and the gradient size per layer."""

    #: multiplies every initial weight
    gain = traitlets.Float(1.0)
    #: one of nnlesson.mlp.network.INITS
    scheme = traitlets.Unicode("uniform")
    #: why the last value was refused, or ''
    message = traitlets.Unicode("")
    activations = ("sigmoid", "tanh", "relu")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sizes = self._compute(self.gain, self.scheme)

    def _compute(self, gain: float, scheme: str) -> dict:
        return {name: vanishing.gradient_sizes(name, gain=gain, scheme=scheme)
                for name in self.activations}

    # Refused in validation, not undone after: a value set and then reset would run the
    # observers twice, clear the message and break the link to the slider.
    @traitlets.validate("gain", "scheme")
    def _valid(self, proposal):
        name = proposal["trait"].name
        values = {"gain": self.gain, "scheme": self.scheme, name: proposal["value"]}
        try:
            self._computed = self._compute(**values)
        except ParameterError as exc:
            self.message = str(exc)
            return getattr(self, name)   # keep the last good value
        self.message = ""
        return proposal["value"]

    @traitlets.observe("gain", "scheme")
    def _changed(self, change) -> None:
        self.sizes = self._computed

    def shrinkage(self, name: str) -> float:
        """Gradient size in the last layer divided by that in the first."""
        rms = self.sizes[name].rms
        return float(rms[-1] / rms[0]) if rms[0] > 0 else float("inf")


class InitScaleExplorer(View[InitScaleModel], widgets.VBox):
    """Scale the initial weights; watch the gradient shrink or grow layer by layer."""

    def __init__(self, model: InitScaleModel | None = None):
        model = self._attach(InitScaleModel() if model is None else model)
        self.gain = LogSlider(value=model.gain, min=-1, max=1, step=0.05, description=_("gain"))
        self.scheme = widgets.Dropdown(options=list(INITS), value=model.scheme,
                                       description=_("scheme"))
        self._link((self.gain, "value"), (model, "gain"))
        self._link((self.scheme, "value"), (model, "scheme"))
        self.readout = widgets.HTML()
        self._figure = PlotImage(7 + curves.GRADIENT_LEGEND_WIDTH, 3.4)
        self.plot = self._figure.image
        controls = widgets.HBox([self.scheme, self.gain])
        super().__init__([controls, self.readout, self.plot])
        self._own(self.gain, self.scheme, self.readout, self.plot, controls)
        self._watch(self._redraw, "gain", "scheme", "message")
        self._redraw()

    def __repr__(self) -> str:
        return f"InitScaleExplorer({self.model.scheme}, gain {fmt(self.model.gain, 4)})"

    def _redraw(self, change=None) -> None:
        ax = self._figure.axes[0]
        ax.clear()
        curves.gradient_size_lines(ax, self.model.sizes)
        self._figure.render(_("Gradient size per layer (log scale), {scheme} initialisation "
                              "with gain {gain}", scheme=self.model.scheme,
                              gain=fmt(self.model.gain, 4)))
        rows = "".join("<li>" + escape(_("{name}: last layer / first layer = {ratio}", name=name,
                                         ratio=fmt(self.model.shrinkage(name), 4))) + "</li>"
                       for name in self.model.activations)
        self.readout.value = refusal_html(self.model.message) + f"<ul>{rows}</ul>"
