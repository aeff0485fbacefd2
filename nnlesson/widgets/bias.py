"""BiasExplorer: why a neuron has a bias, by moving w and b of sigmoid(w x + b).

Taught in lesson 02, "The network and its notation". Without a bias every
curve sigmoid(w x) passes through (0, 1/2): the weight only tilts it. The
bias slides it sideways, so the neuron can switch on at any input.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..formatting import fmt


class BiasExplorer(widgets.VBox):
    """Sliders for w and b, and the plot of sigmoid(w x + b) redrawn in place."""

    def __init__(self, *, w: float = 1.0, b: float = 0.0):
        self.w = widgets.FloatSlider(value=w, min=-5.0, max=5.0, step=0.1, description="weight w",
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="28em"))
        self.w.add_class("nnl-bias-w")
        self.b = widgets.FloatSlider(value=b, min=-8.0, max=8.0, step=0.1, description="bias b",
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="28em"))
        self.b.add_class("nnl-bias-b")
        self.plot = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.plot.add_class("nnl-bias-plot")
        self.readout = widgets.HTML()
        self.readout.add_class("nnl-bias-readout")
        from ..show import plots  # matplotlib loads when an explorer is built, not on import

        self._plots = plots
        self._figure, (ax,) = plots.figure(7.6, 3.8)
        self._artists = plots.sigmoid_curve(ax, w, b)
        super().__init__([widgets.HBox([self.w, self.b], layout=widgets.Layout(
            flex_flow="row wrap")), self.readout, self.plot])
        self.add_class("nnl-bias-explorer")
        for slider in (self.w, self.b):
            slider.observe(lambda change: self._redraw(), names="value")
        self._redraw()

    def __repr__(self) -> str:
        return f"BiasExplorer(w={fmt(self.w.value)}, b={fmt(self.b.value)})"

    def _redraw(self) -> None:
        w, b = self.w.value, self.b.value
        plots = self._plots
        plots.move_sigmoid(self._artists, w, b)
        self.plot.value = plots.png(self._figure)
        crossing = plots.threshold(w, b)
        sign = "−" if b < 0 else "+"  # "x − 2" as written on a board, not "x + -2"
        where = ("never: with w = 0 the output is the same for every x" if crossing is None
                 else f"at x = -b/w = {fmt(crossing)}")
        self.readout.value = (f'<div class="nnl-bias-readout-body" style="font-size:17px">'
                              f"σ({fmt(w)}·x {sign} {fmt(abs(b))}) crosses 1/2 {where}.</div>")

    def close(self) -> None:
        for child in (self.w, self.b, self.plot, self.readout):
            child.close()  # all built before anything that can fail
        super().close()
