"""EpochExplorer: the decision boundary as it forms, epoch by epoch, with a Play button.

Taught in lesson 18, "Training a classifier". Every snapshot's predictions are
computed when the explorer is built, so moving the slider only redraws.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import traitlets

from ..errors import Described, ParameterError
from ..formatting import fmt
from ..language import _, join
from ..mlp.datasets import Dataset
from ..mlp.network import Network
from ..mlp.training import History
from ..show import plots, progress
from .controls import IntSlider
from .view import PlotImage, View

__all__ = ["EpochExplorer", "EpochModel"]


class EpochModel(traitlets.HasTraits):
    """Which of the recorded snapshots is shown."""

    #: position among the history's snapshots
    index = traitlets.Int(0)

    def __init__(self, history: History, **kwargs):
        super().__init__(**kwargs)
        self.history = history
        self.epochs = tuple(sorted(history.snapshots))
        if not self.epochs:
            raise ParameterError("history", Described(repr(history)), _("has no snapshots"),
                                 _("a history trained with snapshots, such as train(..., "
                                   "snapshots=(0, 10, 20, ...))"))

    @traitlets.validate("index")
    def _in_range(self, proposal):
        return min(max(int(proposal["value"]), 0), len(self.epochs) - 1)

    @property
    def epoch(self) -> int:
        return self.epochs[self.index]

    def measured(self) -> dict[str, float]:
        """Cost and accuracies at this epoch (from the history's records)."""
        h = self.history
        k = int(np.searchsorted(h.epoch, self.epoch))
        out = {"cost": float(h.cost[k])}
        if h.accuracy is not None:
            out["accuracy"] = float(h.accuracy[k])
        if h.test_accuracy is not None:
            out["test accuracy"] = float(h.test_accuracy[k])
        return out


class EpochExplorer(View[EpochModel], widgets.VBox):
    """A slider (and a Play button) over epochs; the boundary and curves follow."""

    def __init__(self, network: Network, history: History, training: Dataset,
                 held_out: Dataset | None = None, *, resolution: int = 81):
        model = self._attach(EpochModel(history))
        self.network = network
        grid = progress.Grid.around(training, resolution)
        self._values = [progress.predictions(network, history.snapshots[e], grid)
                        for e in model.epochs]
        last = len(model.epochs) - 1
        # One control steps through the snapshots by hand or, with its named Play button, on
        # a timer (ipywidgets' Play has unnamed buttons).
        self.slider = IntSlider(min=0, max=last, value=0, description=_("snapshot"),
                                readout=False, play_interval=400,
                                labels=[_("epoch {epoch}", epoch=e) for e in model.epochs])
        self._link((self.slider, "value"), (model, "index"))
        self.readout = widgets.HTML()
        self._figure = PlotImage(11, 3.6, columns=3)
        self.plot = self._figure.image
        ax_b, ax_c, ax_a = self._figure.axes
        self._boundary = progress.decision_boundary(ax_b, grid, self._values[0], training,
                                                    held_out)
        progress.training_curves(ax_c, ax_a, history)
        self._marks = [ax.axvline(0, color=plots.GREY, linestyle=":") for ax in (ax_c, ax_a)]
        controls = widgets.HBox([self.slider])
        super().__init__([controls, self.readout, self.plot])
        self._own(self.slider, self.readout, self.plot, controls)
        self._watch(self._redraw, "index")
        self._redraw()

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.network.sizes))
        return (f"EpochExplorer({len(self.model.epochs)} snapshots of the {shape} network, "
                f"showing epoch {self.model.epoch})")

    def _redraw(self, change=None) -> None:
        m = self.model
        progress.move_boundary(self._boundary, self._values[m.index],
                               _("epoch {epoch}", epoch=m.epoch))
        for mark in self._marks:
            mark.set_xdata([m.epoch, m.epoch])
        self._figure.render(_("The decision boundary after epoch {epoch}, and the cost and "
                              "accuracy curves with that epoch marked", epoch=m.epoch))
        measured = m.measured()
        said = {"cost": _("cost {value}", value=fmt(measured["cost"], 4))}
        if "accuracy" in measured:
            said["accuracy"] = _("accuracy {value}", value=fmt(measured["accuracy"], 4))
        if "test accuracy" in measured:
            said["test accuracy"] = _("test accuracy {value}",
                                      value=fmt(measured["test accuracy"], 4))
        self.readout.value = _("<b>epoch {epoch}</b>: {values}", epoch=m.epoch,
                               values=join(said.values()))
