"""ActivationExplorer: an activation and its derivative, with a slider for the net input x.

Taught in lesson 13, "Activation functions". g(x) and g'(x) come from the one
sympy definition of each activation (`nnlesson.maths.activations`), the same
functions the engines use.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import sympy as sp
import traitlets

from ..formatting import fmt
from ..language import _, join
from ..maths.activations import ACTIVATIONS
from ..show import curves
from .controls import Slider
from .view import PlotImage, View

__all__ = ["ActivationExplorer", "ActivationModel"]


class ActivationModel(traitlets.HasTraits):
    """An activation and a point x on its curve; value and slope come from sympy's definitions."""

    #: the name of an activation
    activation = traitlets.Unicode("sigmoid")
    #: the neuron's net input
    x = traitlets.Float(0.0)

    @traitlets.validate("activation")
    def _known(self, proposal):
        if proposal["value"] not in ACTIVATIONS:
            raise traitlets.TraitError(_("{value} is not one of {choices}",
                                         value=repr(proposal["value"]),
                                         choices=join(ACTIVATIONS)))
        return proposal["value"]

    @property
    def value(self) -> float:
        return float(ACTIVATIONS[self.activation](float(self.x)))

    @property
    def slope(self) -> float:
        return float(curves.slope(self.activation, np.array([float(self.x)]))[0])

    def latex(self) -> str:
        """g(x) and g'(x) as sympy writes them."""
        a = ACTIVATIONS[self.activation]
        return (rf"$g(x) = {sp.latex(a.expr)}$, &nbsp; "
                rf"$g'(x) = {sp.latex(a.derivative)}$")


class ActivationExplorer(View[ActivationModel], widgets.VBox):
    """Choose an activation, move x, read g(x) and g'(x); the plot follows."""

    def __init__(self, model: ActivationModel | None = None):
        model = self._attach(ActivationModel() if model is None else model)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=model.activation,
                                           description=_("activation"))
        self.x = Slider(value=model.x, min=-5.0, max=5.0, step=0.05, description="x",
                        readout_format=".2f")
        self.readout = widgets.HTMLMath()
        self._figure = PlotImage(7, 3.4)
        self.plot = self._figure.image
        self._link((self.activation, "value"), (model, "activation"))
        self._link((self.x, "value"), (model, "x"))
        self._artists = curves.activation_curves(self._figure.axes[0], model.activation, model.x)
        controls = widgets.HBox([self.activation, self.x])
        super().__init__([controls, self.readout, self.plot])
        self._own(self.activation, self.x, self.readout, self.plot, controls)
        self._watch(self._redraw, "activation", "x")
        self._redraw()

    def __repr__(self) -> str:
        return f"ActivationExplorer({self.model.activation} at x = {fmt(self.model.x)})"

    def _redraw(self, change=None) -> None:
        m = self.model
        curves.move_activation(self._figure.axes[0], self._artists, m.activation, m.x)
        self._figure.render(_("{activation} and its slope from -5 to 5, marked at x = {x}",
                              activation=m.activation, x=fmt(m.x)))
        note = ACTIVATIONS[m.activation].note
        values = _("at x = {x}: g(x) = {value}, g'(x) = {slope}", x=fmt(m.x),
                   value=f"<b>{fmt(m.value)}</b>", slope=f"<b>{fmt(m.slope)}</b>")
        self.readout.value = (f"{m.latex()}<br>{values} &nbsp; "
                              f"<i>{escape(_('({note})', note=note))}</i>")
