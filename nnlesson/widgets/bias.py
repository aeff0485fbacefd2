"""BiasExplorer: why a neuron has a bias, by moving w and b of sigmoid(w x + b).

Taught in lesson 02, "The network and its notation". Without a bias every
curve sigmoid(w x) passes through (0, 1/2): the weight only tilts it. The
bias slides it sideways, so the neuron can switch on at any input.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from ..formatting import fmt
from ..language import _
from .controls import Slider
from .view import PlotImage, View

__all__ = ["BiasExplorer", "BiasModel"]


class BiasModel(traitlets.HasTraits):
    """The weight and bias of one sigmoid neuron with one input x."""

    #: the weight: how steep the curve is
    w = traitlets.Float(1.0)
    #: the bias: where the curve crosses 1/2
    b = traitlets.Float(0.0)

    @property
    def threshold(self) -> float | None:
        """The input at which sigmoid(w x + b) = 1/2, or None when w = 0."""
        from ..show import curves

        return curves.threshold(self.w, self.b)


class BiasExplorer(View[BiasModel], widgets.VBox):
    """Sliders for w and b, and the plot of sigmoid(w x + b) redrawn in place."""

    def __init__(self, model: BiasModel | None = None, *, w: float = 1.0, b: float = 0.0):
        from ..show import curves  # matplotlib loads when an explorer is built

        model = self._attach(BiasModel(w=w, b=b) if model is None else model)
        self.w = Slider(value=model.w, min=-5.0, max=5.0, step=0.1, description=_("weight w"),
                        layout=widgets.Layout(width="28em"))
        self.w.add_class("nnl-bias-w")
        self.b = Slider(value=model.b, min=-8.0, max=8.0, step=0.1, description=_("bias b"),
                        layout=widgets.Layout(width="28em"))
        self.b.add_class("nnl-bias-b")
        self._figure = PlotImage(7.6, 3.8)
        self.plot = self._figure.image
        self.plot.layout.max_width = "760px"
        self.plot.add_class("nnl-bias-plot")
        self.readout = widgets.HTML()
        self.readout.add_class("nnl-bias-readout")
        self._artists = curves.sigmoid_curve(self._figure.axes[0], model.w, model.b)
        self._link((self.w, "value"), (model, "w"))
        self._link((self.b, "value"), (model, "b"))
        sliders = widgets.HBox([self.w, self.b], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([sliders, self.readout, self.plot])
        self.add_class("nnl-bias-explorer")
        self._own(self.w, self.b, self.plot, self.readout, sliders)
        self._watch(self._redraw, "w", "b")
        self._redraw()

    def __repr__(self) -> str:
        return f"BiasExplorer(w={fmt(self.model.w)}, b={fmt(self.model.b)})"

    def _redraw(self, change=None) -> None:
        from ..show import curves

        w, b = self.model.w, self.model.b
        curves.move_sigmoid(self._artists, w, b)
        self._figure.render(_("The output sigmoid(w·x + b) against x, for w = {w} and b = {b}",
                              w=fmt(w), b=fmt(b)))
        crossing = self.model.threshold
        sign = "−" if b < 0 else "+"  # "x − 2" as written on a board, not "x + -2"
        curve = f"σ({fmt(w)}·x {sign} {fmt(abs(b))})"
        said = (_("{curve} crosses 1/2 never: with w = 0 the output is the same for every x.",
                  curve=curve) if crossing is None
                else _("{curve} crosses 1/2 at x = -b/w = {x}.", curve=curve, x=fmt(crossing)))
        self.readout.value = (f'<div class="nnl-bias-readout-body" style="font-size:17px">'
                              f"{said}</div>")
