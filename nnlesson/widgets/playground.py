"""Playground: a classifier of the circles that retrains, while you watch, whenever a control moves.

Taught in lesson 18, "Training a classifier", in the spirit of TensorFlow
Playground: the learning rate, the noise of the data, the width and depth of
the network, its activation, the optimiser, the batch size and the number of
epochs. Each change trains a fresh network from the same seeds
(`nnlesson.topics.classifier.playground_frames`); the progress bar, the
decision boundary and the cost curves follow as it trains. A run that
diverges is refused: the last setting that trained stays, with the reason.
"""

from __future__ import annotations

import dataclasses
from html import escape

import ipywidgets as widgets
import traitlets

from ..errors import NumericError, ParameterError
from ..formatting import fmt
from ..language import _
from ..mlp.training import OPTIMIZERS
from ..show import progress
from ..topics.classifier import (
    PLAYGROUND_ACTIVATIONS,
    PlaygroundFrame,
    PlaygroundSetup,
    playground_frames,
)
from ..topics.dead_relus import dead_units
from .controls import IntSlider, LogSlider, Slider
from .view import PlotImage, View, refusal_html

__all__ = ["PLAYGROUND_SETTINGS", "Playground", "PlaygroundModel"]

#: The choices a learner changes, by the name PlaygroundSetup gives them.
PLAYGROUND_SETTINGS = ("learning_rate", "noise", "width", "depth", "activation", "optimizer",
                       "batch_size", "epochs")
#: The significant digits the model keeps of η (what the text beside the slider shows).
PLAYGROUND_RATE_DIGITS = 3
_DEFAULT = PlaygroundSetup()


class PlaygroundModel(traitlets.HasTraits):
    """The playground's settings, and where training has got to.

    Setting a trait retrains at once (in its validation, so that a run that
    diverges can be refused): `frame` moves along as training goes, `progress`
    counts the epochs done, and `setup` is the last setting that trained.
    """

    #: η, the step size
    learning_rate = traitlets.Float(_DEFAULT.learning_rate)
    #: the standard deviation of the points' noise
    noise = traitlets.Float(_DEFAULT.noise)
    #: neurons in each hidden layer
    width = traitlets.Int(_DEFAULT.width)
    #: how many hidden layers
    depth = traitlets.Int(_DEFAULT.depth)
    #: the hidden layers' activation
    activation = traitlets.Unicode(_DEFAULT.activation)
    #: plain, momentum or adam
    optimizer = traitlets.Unicode(_DEFAULT.optimizer)
    #: examples per update
    batch_size = traitlets.Int(32)
    #: passes over the training set
    epochs = traitlets.Int(_DEFAULT.epochs)
    #: the latest picture
    frame = traitlets.Instance(PlaygroundFrame, allow_none=True)
    #: epochs trained so far in this run
    progress = traitlets.Int(0)
    #: epochs of the run in progress
    total = traitlets.Int(_DEFAULT.epochs)
    #: why the last value was refused, or ''
    message = traitlets.Unicode("")

    def __init__(self, setup: PlaygroundSetup = _DEFAULT, **kwargs):
        self.setup = setup
        self._building = True          # the traits take the set-up's values without training
        values = {name: getattr(setup, name) for name in PLAYGROUND_SETTINGS}
        values["batch_size"] = setup.batch_size or setup.examples - setup.held_out
        super().__init__(**values, **kwargs)
        self._building = False
        self._good = self._train(setup)

    def _train(self, setup: PlaygroundSetup) -> PlaygroundFrame:
        """Train `setup` to the end, handing out each frame as it comes."""
        self.progress = 0
        self.total = setup.epochs
        frame = None
        for frame in playground_frames(setup):
            self.progress = frame.epoch
            self.frame = frame
        assert frame is not None        # playground_frames hands out epoch 0 at least
        return frame

    @traitlets.validate(*PLAYGROUND_SETTINGS)
    def _retrain(self, proposal):
        name, value = proposal["trait"].name, proposal["value"]
        if self._building:
            return value
        try:
            if name == "learning_rate":
                value = float(f"{float(value):.{PLAYGROUND_RATE_DIGITS}g}")
            if value == getattr(self.setup, name):
                return value          # nothing changed (a link set it again): no retraining
            setup = dataclasses.replace(self.setup, **{name: value})
            self._good = self._train(setup)
        except (ParameterError, NumericError) as exc:
            # The last setting that trained stays, and its picture with it.
            self.message = _("{problem} Kept the last setting that trained.", problem=str(exc))
            self.frame = self._good
            self.total = self._good.setup.epochs
            self.progress = self._good.epoch
            return getattr(self, name)
        self.setup = setup
        self.message = ""
        return value

    def retrain(self) -> PlaygroundFrame:
        """Train the current setting again (the same seeds: the same run)."""
        self._good = self._train(self.setup)
        return self._good


class Playground(View[PlaygroundModel], widgets.VBox):
    """Controls on the left; progress, decision boundary and cost curves as it trains."""

    def __init__(self, model: PlaygroundModel | None = None, *, resolution: int = 41):
        model = self._attach(PlaygroundModel() if model is None else model)
        self.resolution = resolution
        wide = {"description_width": "initial"}
        # The controls' column is narrower than ipywidgets' 300-px menus: they fit it instead.
        fitted = {"style": wide, "layout": widgets.Layout(width="auto")}
        # Sliders send their value when let go, not while dragged: each value is a retrain.
        once = {"continuous_update": False}
        self.learning_rate = LogSlider(value=model.learning_rate, min=-3, max=0.5, step=0.1,
                                       readout=False, description=_("learning rate η"), **once)
        self.rate_value = widgets.HTML()
        self.noise = Slider(value=model.noise, min=0.0, max=0.5, step=0.05,
                            description=_("noise"), **once)
        self.width = IntSlider(value=model.width, min=1, max=16,
                               description=_("neurons per hidden layer"), **once)
        self.depth = IntSlider(value=model.depth, min=1, max=4,
                               description=_("hidden layers"), **once)
        self.activation = widgets.Dropdown(options=PLAYGROUND_ACTIVATIONS, value=model.activation,
                                           description=_("activation"), **fitted)
        self.optimizer = widgets.Dropdown(options=OPTIMIZERS, value=model.optimizer,
                                          description=_("optimiser"), **fitted)
        full = model.setup.examples - model.setup.held_out
        self.batch_size = widgets.Dropdown(
            options=[("8", 8), ("32", 32), (_("all {m} (full batch)", m=full), full)],
            value=model.batch_size, description=_("batch size"), **fitted)
        self.epochs = IntSlider(value=model.epochs, min=10, max=500, step=10,
                                description=_("epochs"), **once)
        for name in PLAYGROUND_SETTINGS:
            self._link((getattr(self, name), "value"), (model, name))
        self.retrain = widgets.Button(description=_("Train again"),
                                      tooltip=_("the same setting and seeds: the same run"))
        self.retrain.on_click(lambda _button: self.model.retrain())
        self.progress = widgets.IntProgress(value=model.progress, min=0, max=model.total,
                                            description=_("training progress"), style=wide)
        self.readout = widgets.HTML()
        self._figure = PlotImage(10, 4.2, columns=2)
        self.plot = self._figure.image
        rate_row = widgets.HBox([self.learning_rate, self.rate_value])
        controls = widgets.VBox([rate_row, self.noise, self.width, self.depth, self.activation,
                                 self.optimizer, self.batch_size, self.epochs, self.retrain])
        # May shrink below the picture's own width (it scales down), so nothing scrolls sideways.
        shown = widgets.VBox([self.progress, self.readout, self.plot],
                             layout=widgets.Layout(min_width="0", flex="1 1 auto"))
        super().__init__([widgets.HBox([controls, shown])])
        self.add_class("nnl-playground")
        self._own(*(getattr(self, name) for name in PLAYGROUND_SETTINGS), self.rate_value,
                  self.retrain, self.progress, self.readout, self.plot, rate_row, controls,
                  shown, *self.children)
        self._grids: dict[float, progress.Grid] = {}
        self._artists: dict | None = None
        self._drawn: tuple[float, int] | None = None
        self._watch(self._redraw, "frame")
        self._watch(self._advance, "progress", "total")
        self._watch(self._settings, "message", *PLAYGROUND_SETTINGS)
        self._settings()
        self._redraw()

    def __repr__(self) -> str:
        s = self.model.setup
        shape = "-".join(map(str, s.network.sizes))
        return (f"Playground({shape} {s.activation}, {s.optimizer}, η = "
                f"{fmt(s.learning_rate, 4)}, noise {fmt(s.noise, 4)}, {s.epochs} epochs)")

    def _advance(self, change=None) -> None:
        # The bar's length first: a value past the old maximum would be cut to it.
        self.progress.max = self.model.total
        self.progress.value = self.model.progress

    def _settings(self, change=None) -> None:
        self.rate_value.value = f"<b>{fmt(self.model.learning_rate, 4)}</b>"
        self._readout()

    def _readout(self) -> None:
        m, frame = self.model, self.model.frame
        text = ""
        if frame is not None:
            text = escape(_(
                "Epoch {epoch} of {epochs}: cost J {cost} on the training set, {test_cost} on "
                "the held-out set; accuracy {accuracy} and {test_accuracy}.", epoch=frame.epoch,
                epochs=frame.setup.epochs, cost=fmt(frame.cost[-1], 4),
                test_cost=fmt(frame.test_cost[-1], 4), accuracy=fmt(frame.accuracy, 4),
                test_accuracy=fmt(frame.test_accuracy, 4)))
            if frame.finished:
                units = dead_units(frame.setup.network, frame.params, frame.training.X)
                text += " " + escape(_(
                    "Hidden units that never activate: {never} of {total} ({dead} of them "
                    "dead, with no gradient).", never=units.never_active, total=units.total,
                    dead=units.dead))
        self.readout.value = (refusal_html(m.message) + (" " if m.message else "")
                              + f'<span role="status">{text}</span>')

    def _redraw(self, change=None) -> None:
        frame = self.model.frame
        if frame is None:
            return
        grid = self._grids.get(frame.setup.noise)
        if grid is None:
            grid = self._grids[frame.setup.noise] = progress.Grid.around(frame.training,
                                                                         self.resolution)
        values = progress.predictions(frame.setup.network, frame.params, grid)
        title = _("epoch {epoch}", epoch=frame.epoch)
        # Drawn afresh only when the data or the length of the run changed; otherwise the
        # shading, the boundary and the curves move in place (quicker: lesson 18 needs < 2 s).
        key = (frame.setup.noise, frame.setup.epochs)
        if self._artists is None or self._drawn != key:
            ax_b, ax_c = self._figure.axes
            self._artists = progress.playground_drawing(ax_b, ax_c, grid, values, frame.training,
                                                        frame.held_out, frame.setup.epochs,
                                                        frame.cost, frame.test_cost)
            self._drawn = key
        progress.move_playground(self._artists, values, title, frame.cost, frame.test_cost)
        self._figure.render(_("The decision boundary after epoch {epoch} and the training and "
                              "held-out cost curves", epoch=frame.epoch))
        self._readout()
