"""SoftmaxExplorer: three net inputs and their softmax, which always sums to 1.

Taught in lesson 13, "Activation functions" (softmax turns a layer into
probabilities; `nnlesson.maths.softmax`).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import traitlets

from ..formatting import fmt
from ..language import _, join
from ..maths.softmax import softmax
from ..show import curves
from .controls import Slider
from .view import PlotImage, View

__all__ = ["SoftmaxExplorer", "SoftmaxModel"]


class SoftmaxModel(traitlets.HasTraits):
    """Three net inputs z1, z2, z3 and their softmax."""

    #: net input of class 1
    z1 = traitlets.Float(1.0)
    #: net input of class 2
    z2 = traitlets.Float(0.0)
    #: net input of class 3
    z3 = traitlets.Float(-1.0)

    @property
    def z(self) -> np.ndarray:
        return np.array([self.z1, self.z2, self.z3])

    @property
    def outputs(self) -> np.ndarray:
        return softmax(self.z.reshape(3, 1))[:, 0]


class SoftmaxExplorer(View[SoftmaxModel], widgets.VBox):
    """Move three net inputs; the softmax outputs always sum to 1."""

    def __init__(self, model: SoftmaxModel | None = None):
        model = self._attach(SoftmaxModel() if model is None else model)
        self.sliders = {}
        for name in ("z1", "z2", "z3"):
            slider = Slider(value=getattr(model, name), min=-5, max=5, step=0.1,
                            description=name)
            self._link((slider, "value"), (model, name))
            self.sliders[name] = slider
        self.readout = widgets.HTML()
        self._figure = PlotImage(5, 3)
        self.plot = self._figure.image
        controls = widgets.HBox(list(self.sliders.values()))
        super().__init__([controls, self.readout, self.plot])
        self._own(*self.sliders.values(), self.readout, self.plot, controls)
        self._watch(self._redraw, "z1", "z2", "z3")
        self._redraw()

    def __repr__(self) -> str:
        z = ", ".join(fmt(v) for v in self.model.z)
        return f"SoftmaxExplorer(z = {z})"

    def _redraw(self, change=None) -> None:
        ax = self._figure.axes[0]
        ax.clear()
        curves.softmax_bars(ax, self.model.z)
        self._figure.render(_("Bars of the softmax outputs {values} for net inputs {z}",
                              values=join(fmt(v) for v in self.model.outputs),
                              z=join(fmt(v) for v in self.model.z)))
        s = self.model.outputs
        parts = join([f"s{i + 1} = {fmt(v)}" for i, v in enumerate(s)])
        self.readout.value = escape(_("{outputs}; their sum is {total}", outputs=parts,
                                      total=fmt(float(s.sum()))))
