"""The interactive parts of lessons 11 to 16: small models that tests drive, and views over them.

Each explorer is a `traitlets.HasTraits` model that holds and validates the
state and computes with the package (never in a callback), and a VBox view
whose controls are linked to the model kernel-side (`widgets.link`), so a
test can set `.value` on a control and read the model and the rendered text
without a browser. A refused value leaves a message and the last good state.

- ActivationExplorer (lesson 11): an activation and its derivative, with a slider for x.
- SoftmaxExplorer (lesson 11): softmax of three net inputs.
- InitScaleExplorer (lesson 12): gradient size per layer as the initial weights are scaled.
- EpochExplorer (lesson 14): the decision boundary as it forms, epoch by epoch.
- LearningRateExplorer (lesson 15): descent on the error surface for one learning rate.
- ConvCalculator (lesson 16): parameters and connections of a convolutional layer.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import sympy as sp
import traitlets

from ..errors import ParameterError
from ..example import surface
from ..example.params import Options, check_number
from ..formatting import fmt
from ..maths.activations import ACTIVATIONS
from ..maths.softmax import softmax
from ..mlp.datasets import Dataset
from ..mlp.network import INITS, Network
from ..mlp.training import History
from ..show import lesson_plots, plots
from ..topics import convolution as conv
from ..topics import recipes


def _message(text: str) -> str:
    return f'<span style="color:#D55E00">{escape(text)}</span>' if text else ""


class _Figure:
    """One matplotlib figure kept for the life of a view, rendered to PNG on each change."""

    def __init__(self, width: float, height: float, columns: int = 1):
        self.fig, self.axes = lesson_plots.figure(width, height, columns=columns)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%",
                                                                       max_width="900px"))

    def render(self) -> None:
        self.image.value = plots.png(self.fig, dpi=80)


# -- lesson 11: activation functions ---------------------------------------------------------

class ActivationModel(traitlets.HasTraits):
    """An activation and a point x on its curve; value and slope come from sympy's definitions."""

    activation = traitlets.Unicode("sigmoid")
    x = traitlets.Float(0.0)

    @traitlets.validate("activation")
    def _known(self, proposal):
        if proposal["value"] not in ACTIVATIONS:
            raise traitlets.TraitError(f"{proposal['value']!r} is not one of "
                                       + ", ".join(ACTIVATIONS))
        return proposal["value"]

    @property
    def value(self) -> float:
        return float(ACTIVATIONS[self.activation](float(self.x)))

    @property
    def slope(self) -> float:
        net = np.array([float(self.x)])
        return float(lesson_plots.slope(self.activation, net)[0])

    def latex(self) -> str:
        """g(x) and g'(x) as sympy writes them."""
        a = ACTIVATIONS[self.activation]
        return (rf"$g(x) = {sp.latex(a.expr)}$, &nbsp; "
                rf"$g'(x) = {sp.latex(a.derivative)}$")


class ActivationExplorer(widgets.VBox):
    """Lesson 11: choose an activation, move x, read g(x) and g'(x); the plot follows."""

    def __init__(self, model: ActivationModel | None = None):
        self.model = model or ActivationModel()
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), description="activation")
        self.x = widgets.FloatSlider(min=-5.0, max=5.0, step=0.05, description="x",
                                     continuous_update=True, readout_format=".2f")
        self.readout = widgets.HTMLMath()
        self._figure = _Figure(7, 3.4)
        self.plot = self._figure.image
        widgets.link((self.activation, "value"), (self.model, "activation"))
        widgets.link((self.x, "value"), (self.model, "x"))
        self._artists = lesson_plots.activation_curves(self._figure.axes[0],
                                                       self.model.activation, self.model.x)
        self.model.observe(self._redraw, names=["activation", "x"])
        super().__init__([widgets.HBox([self.activation, self.x]), self.readout, self.plot])
        self._redraw()

    def __repr__(self) -> str:
        return f"ActivationExplorer({self.model.activation} at x = {fmt(self.model.x)})"

    def _redraw(self, change=None) -> None:
        m = self.model
        lesson_plots.move_activation(self._figure.axes[0], self._artists, m.activation, m.x)
        self._figure.render()
        note = ACTIVATIONS[m.activation].note
        self.readout.value = (f"{m.latex()}<br>at x = {fmt(m.x)}: g(x) = <b>{fmt(m.value)}</b>, "
                              f"g'(x) = <b>{fmt(m.slope)}</b> &nbsp; <i>({escape(note)})</i>")


class SoftmaxModel(traitlets.HasTraits):
    """Three net inputs z1, z2, z3 and their softmax."""

    z1 = traitlets.Float(1.0)
    z2 = traitlets.Float(0.0)
    z3 = traitlets.Float(-1.0)

    @property
    def z(self) -> np.ndarray:
        return np.array([self.z1, self.z2, self.z3])

    @property
    def outputs(self) -> np.ndarray:
        return softmax(self.z.reshape(3, 1))[:, 0]


class SoftmaxExplorer(widgets.VBox):
    """Lesson 11: move three net inputs; the softmax outputs always sum to 1."""

    def __init__(self, model: SoftmaxModel | None = None):
        self.model = model or SoftmaxModel()
        self.sliders = {}
        for name in ("z1", "z2", "z3"):
            slider = widgets.FloatSlider(value=getattr(self.model, name), min=-5, max=5,
                                         step=0.1, description=name)
            widgets.link((slider, "value"), (self.model, name))
            self.sliders[name] = slider
        self.readout = widgets.HTML()
        self._figure = _Figure(5, 3)
        self.plot = self._figure.image
        self.model.observe(self._redraw, names=["z1", "z2", "z3"])
        super().__init__([widgets.HBox(list(self.sliders.values())), self.readout, self.plot])
        self._redraw()

    def __repr__(self) -> str:
        z = ", ".join(fmt(v) for v in self.model.z)
        return f"SoftmaxExplorer(z = {z})"

    def _redraw(self, change=None) -> None:
        ax = self._figure.axes[0]
        ax.clear()
        lesson_plots.softmax_bars(ax, self.model.z)
        self._figure.render()
        s = self.model.outputs
        parts = ", ".join(f"s{i + 1} = {fmt(v)}" for i, v in enumerate(s))
        self.readout.value = f"{parts}; their sum is {fmt(float(s.sum()))}"


# -- lesson 12: vanishing and exploding gradients --------------------------------------------

class InitScaleModel(traitlets.HasTraits):
    """The scale of the initial weights of a deep network, and the gradient size per layer."""

    gain = traitlets.Float(1.0)
    scheme = traitlets.Unicode("uniform")
    message = traitlets.Unicode("")
    activations = ("sigmoid", "tanh", "relu")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sizes = self._compute(self.gain, self.scheme)

    def _compute(self, gain: float, scheme: str) -> dict:
        return {name: recipes.gradient_sizes(name, gain=gain, scheme=scheme)
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


class InitScaleExplorer(widgets.VBox):
    """Lesson 12: scale the initial weights; watch the gradient shrink or grow layer by layer."""

    def __init__(self, model: InitScaleModel | None = None):
        self.model = model or InitScaleModel()
        self.gain = widgets.FloatLogSlider(value=self.model.gain, base=10, min=-1, max=1,
                                           step=0.05, description="gain")
        self.scheme = widgets.Dropdown(options=list(INITS), value=self.model.scheme,
                                       description="scheme")
        widgets.link((self.gain, "value"), (self.model, "gain"))
        widgets.link((self.scheme, "value"), (self.model, "scheme"))
        self.readout = widgets.HTML()
        self._figure = _Figure(7 + lesson_plots.GRADIENT_LEGEND_WIDTH, 3.4)
        self.plot = self._figure.image
        self.model.observe(self._redraw, names=["gain", "scheme", "message"])
        super().__init__([widgets.HBox([self.scheme, self.gain]), self.readout, self.plot])
        self._redraw()

    def __repr__(self) -> str:
        return f"InitScaleExplorer({self.model.scheme}, gain {fmt(self.model.gain, 4)})"

    def _redraw(self, change=None) -> None:
        ax = self._figure.axes[0]
        ax.clear()
        lesson_plots.gradient_sizes(ax, self.model.sizes)
        self._figure.render()
        rows = "".join(f"<li>{name}: last layer / first layer = "
                       f"{fmt(self.model.shrinkage(name), 4)}</li>"
                       for name in self.model.activations)
        self.readout.value = _message(self.model.message) + f"<ul>{rows}</ul>"


# -- lesson 14: the decision boundary as it forms ---------------------------------------------

class EpochModel(traitlets.HasTraits):
    """Which of the recorded snapshots is shown."""

    index = traitlets.Int(0)

    def __init__(self, history: History, **kwargs):
        super().__init__(**kwargs)
        self.history = history
        self.epochs = tuple(sorted(history.snapshots))
        if not self.epochs:
            raise ParameterError("history", history, "has no snapshots",
                                 "train(..., snapshots=(0, 10, 20, ...))")

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


class EpochExplorer(widgets.VBox):
    """Lesson 14: a slider (and a Play button) over epochs; the boundary and curves follow."""

    def __init__(self, network: Network, history: History, training: Dataset,
                 held_out: Dataset | None = None, *, resolution: int = 81):
        self.model = EpochModel(history)
        self.network = network
        grid = lesson_plots.Grid.around(training, resolution)
        # Every snapshot's predictions up front: moving the slider then only redraws.
        self._values = [lesson_plots.predictions(network, history.snapshots[e], grid)
                        for e in self.model.epochs]
        last = len(self.model.epochs) - 1
        self.slider = widgets.IntSlider(min=0, max=last, value=0, description="snapshot",
                                        readout=False)
        self.play = widgets.Play(min=0, max=last, interval=400, description="play")
        widgets.link((self.play, "value"), (self.slider, "value"))
        widgets.link((self.slider, "value"), (self.model, "index"))
        self.readout = widgets.HTML()
        self._figure = _Figure(11, 3.6, columns=3)
        self.plot = self._figure.image
        ax_b, ax_c, ax_a = self._figure.axes
        self._boundary = lesson_plots.decision_boundary(ax_b, grid, self._values[0], training,
                                                        held_out)
        lesson_plots.training_curves(ax_c, ax_a, history)
        self._marks = [ax.axvline(0, color=plots.GREY, linestyle=":") for ax in (ax_c, ax_a)]
        self.model.observe(self._redraw, names=["index"])
        super().__init__([widgets.HBox([self.play, self.slider]), self.readout, self.plot])
        self._redraw()

    def __repr__(self) -> str:
        return (f"EpochExplorer({len(self.model.epochs)} snapshots of {self.network!r}, "
                f"showing epoch {self.model.epoch})")

    def _redraw(self, change=None) -> None:
        m = self.model
        lesson_plots.move_boundary(self._boundary, self._values[m.index], f"epoch {m.epoch}")
        for mark in self._marks:
            mark.set_xdata([m.epoch, m.epoch])
        self._figure.render()
        values = ", ".join(f"{name} {fmt(v, 4)}" for name, v in m.measured().items())
        self.readout.value = f"<b>epoch {m.epoch}</b>: {values}"


# -- lesson 15: the learning rate on the error surface ----------------------------------------

#: Lesson 15's surface: an identity output makes E_total a parabola in w5 and w6.
SURFACE_OPTIONS = Options(output_activation="identity")
SURFACE_WEIGHTS = ("w5", "w6")


class LearningRateModel(traitlets.HasTraits):
    """One learning rate, and where descent takes w5 and w6 with it."""

    learning_rate = traitlets.Float(0.3)
    steps = traitlets.Int(20)
    message = traitlets.Unicode("")

    def __init__(self, *, options: Options = SURFACE_OPTIONS, weights=SURFACE_WEIGHTS, **kwargs):
        self.options, self.weights = options, tuple(weights)  # validation needs them
        super().__init__(**kwargs)
        self.curvature = surface.curvature(weights=self.weights, options=options)
        self.paths = self._paths(self.learning_rate)
        # The cut through the surface: from the start to well past the valley floor, which
        # one step of the one-step rate reaches.
        one_step = surface.descent_paths([self.curvature.fastest], weights=self.weights,
                                         steps=1, options=options)
        reach = float(np.hypot(one_step.a[1, 0] - one_step.a[0, 0],
                               one_step.b[1, 0] - one_step.b[0, 0]))
        self.cut = surface.section(one_step, options=options, low=-0.6 * reach,
                                   high=2.6 * reach)

    def _paths(self, rate: float) -> surface.Paths:
        return surface.descent_paths([rate], weights=self.weights, steps=self.steps,
                                     options=self.options)

    @traitlets.validate("learning_rate")
    def _valid(self, proposal):
        # Refused here rather than undone after (see InitScaleModel).
        try:
            # By the name the learner knows, not the sweep's learning_rates[0].
            self._computed = self._paths(check_number("learning_rate", proposal["value"]))
        except ParameterError as exc:
            self.message = str(exc)
            return self.learning_rate
        self.message = ""
        return proposal["value"]

    @traitlets.observe("learning_rate")
    def _changed(self, change) -> None:
        self.paths = self._computed

    @property
    def verdict(self) -> str:
        """What this rate does, from the curvature along the steepest direction."""
        rate, c = self.learning_rate, self.curvature
        if rate >= c.critical:
            return "too large: every step overshoots further, descent runs away"
        if rate > c.fastest:
            return "large: each step overshoots the valley floor, descent zig-zags in"
        if rate > 0.5 * c.fastest:
            return "good: close to the one-step rate 1 / curvature"
        return "small: safe, but it creeps towards the floor"


class LearningRateExplorer(widgets.VBox):
    """Lesson 15: a log slider for the learning rate; the path on the surface follows."""

    def __init__(self, model: LearningRateModel | None = None):
        self.model = model or LearningRateModel()
        self.learning_rate = widgets.FloatLogSlider(value=self.model.learning_rate, base=10,
                                                    min=-2, max=0.6, step=0.01,
                                                    description="η", readout_format=".3f")
        widgets.link((self.learning_rate, "value"), (self.model, "learning_rate"))
        self.readout = widgets.HTML()
        self._surface = surface.surface(weights=self.model.weights, options=self.model.options,
                                        span=2.5, resolution=61)
        self._figure = _Figure(13, 3.6, columns=3)
        self.plot = self._figure.image
        self.model.observe(self._redraw, names=["learning_rate", "message"])
        super().__init__([self.learning_rate, self.readout, self.plot])
        self._redraw()

    def __repr__(self) -> str:
        return f"LearningRateExplorer(η = {fmt(self.model.learning_rate, 4)}: {self.model.verdict})"

    def _redraw(self, change=None) -> None:
        ax_s, ax_c, ax_e = self._figure.axes
        for ax in self._figure.axes:
            ax.clear()
        lesson_plots.surface_paths(ax_s, self._surface, self.model.paths)
        lesson_plots.section_paths(ax_c, self.model.cut, self.model.paths)
        lesson_plots.path_errors(ax_e, self.model.paths)
        self._figure.render()
        m = self.model
        E = m.paths.E[:, 0]
        self.readout.value = (
            _message(m.message)
            + f"η = {fmt(m.learning_rate, 4)}: E_total {fmt(E[0])} → {fmt(E[-1])} after "
              f"{m.steps} updates. <b>{escape(m.verdict)}</b> (one-step rate 1/λ = "
              f"{fmt(m.curvature.fastest, 4)}, runaway above 2/λ = "
              f"{fmt(m.curvature.critical, 4)})")


# -- lesson 16: the convolution calculator ----------------------------------------------------

def parse_whole(name: str, text: str, *, minimum: int, blank_ok: bool = False) -> int | None:
    """A whole number typed by a learner (int() only, never eval); '' may mean 'not given'."""
    cleaned = str(text).strip().replace(",", "").replace("_", "")
    if blank_ok and cleaned == "":
        return None
    try:
        value = int(cleaned)
    except ValueError:
        raise ParameterError(name, text, "not a whole number",
                             f"a whole number from {minimum} to {conv.LIMIT}") from None
    if not minimum <= value <= conv.LIMIT:
        raise ParameterError(name, text, "out of range",
                             f"a whole number from {minimum} to {conv.LIMIT}")
    return value


CONV_FIELDS = {"k": 1, "C": 1, "N": 1, "height": 1, "width": 1, "stride": 1, "padding": 0}


class ConvModel(traitlets.HasTraits):
    """The sizes of a convolutional layer; `layer` is always a valid ConvLayer."""

    layer = traitlets.Instance(conv.ConvLayer)
    message = traitlets.Unicode("")

    def __init__(self, layer: conv.ConvLayer = conv.LENET_C1, **kwargs):
        super().__init__(layer=layer, **kwargs)

    def set_size(self, name: str, text) -> bool:
        """Change one size from typed text; on a refusal keep the layer and say why."""
        if name not in CONV_FIELDS:
            self.message = f"{name}: not a size of a convolutional layer"
            return False
        current = {f: getattr(self.layer, f) for f in CONV_FIELDS}
        try:
            current[name] = parse_whole(name, text, minimum=CONV_FIELDS[name],
                                        blank_ok=name in ("height", "width"))
            if name == "height" and current["height"] is None:
                current["width"] = None
            layer = conv.conv_layer(current["k"], current["C"], current["N"],
                                    height=current["height"], width=current["width"],
                                    stride=current["stride"], padding=current["padding"])
        except ParameterError as exc:
            self.message = str(exc)
            return False
        self.message = ""
        self.layer = layer
        return True


class ConvCalculator(widgets.VBox):
    """Lesson 16: type k, C, N (and the input size); read weights, biases, connections."""

    def __init__(self, model: ConvModel | None = None):
        self.model = model or ConvModel()
        self.fields = {}
        for name in CONV_FIELDS:
            value = getattr(self.model.layer, name)
            field = widgets.Text(value="" if value is None else str(value), description=name,
                                 continuous_update=False, layout=widgets.Layout(width="11em"))
            field.observe(lambda change, name=name: self.model.set_size(name, change["new"]),
                          names="value")
            self.fields[name] = field
        self.lenet = widgets.Button(description="LeNet-5, first layer")
        self.lenet.on_click(lambda _: self.load(conv.LENET_C1))
        self.message = widgets.HTML()
        self.result = widgets.HTML()
        self.model.observe(self._redraw, names=["layer", "message"])
        rows = [widgets.HBox([self.fields[n] for n in ("k", "C", "N")]),
                widgets.HBox([self.fields[n] for n in ("height", "width", "stride", "padding")]),
                self.lenet, self.message, self.result]
        super().__init__(rows)
        self._redraw()

    def __repr__(self) -> str:
        layer = self.model.layer
        return (f"ConvCalculator({layer.k}x{layer.k}x{layer.C} filters, N = {layer.N}: "
                f"{layer.parameters:,} parameters)")

    def load(self, layer: conv.ConvLayer) -> None:
        """Show a given layer (fields and result)."""
        self.model.layer = layer
        self.model.message = ""
        for name, field in self.fields.items():
            value = getattr(layer, name)
            field.value = "" if value is None else str(value)

    def _redraw(self, change=None) -> None:
        self.message.value = _message(self.model.message)
        layer = self.model.layer
        rows = "".join(f"<tr><td>{escape(q)}</td><td>{escape(f)}</td><td><b>{escape(v)}</b>"
                       f"</td></tr>" for q, f, v in layer.summary())
        self.result.value = (f'<table data-parameters="{layer.parameters}">{rows}</table>')


__all__ = ["ActivationExplorer", "ActivationModel", "ConvCalculator", "ConvModel",
           "EpochExplorer", "EpochModel", "InitScaleExplorer", "InitScaleModel",
           "LearningRateExplorer", "LearningRateModel", "SoftmaxExplorer", "SoftmaxModel",
           "parse_whole"]
