"""ConvCalculator: type the sizes of a convolutional layer; read its weights, biases, connections.
ConvStepExplorer: choose one output value of the small example and read its sum.

Taught in lesson 20, "Weights and bias in a convolution"
(`nnlesson.topics.convolution` does the counting and the sums).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _
from ..show import plots
from ..topics import convolution as conv
from .controls import IntSlider
from .view import PlotImage, View, refusal_html

__all__ = ["CONV_FIELDS", "ConvCalculator", "ConvModel", "ConvStepExplorer", "ConvStepModel",
           "parse_whole"]


def parse_whole(name: str, text: str, *, minimum: int, blank_ok: bool = False) -> int | None:
    """A whole number typed by a learner (int() only, never eval); '' may mean 'not given'."""
    cleaned = str(text).strip().replace(",", "").replace("_", "")
    if blank_ok and cleaned == "":
        return None
    try:
        value = int(cleaned)
    except ValueError:
        raise ParameterError(name, text, _("not a whole number"),
                             _("a whole number from {minimum} to {maximum}", minimum=minimum,
                               maximum=conv.MAX_SIZE)) from None
    if not minimum <= value <= conv.MAX_SIZE:
        raise ParameterError(name, text, _("out of range"),
                             _("a whole number from {minimum} to {maximum}", minimum=minimum,
                               maximum=conv.MAX_SIZE))
    return value


CONV_FIELDS = {"k": 1, "C": 1, "N": 1, "height": 1, "width": 1, "stride": 1, "padding": 0}


class ConvModel(traitlets.HasTraits):
    """The sizes of a convolutional layer; `layer` is always a valid ConvLayer."""

    #: always a valid layer
    layer = traitlets.Instance(conv.ConvLayer)
    #: why the last value was refused, or ''
    message = traitlets.Unicode("")

    def __init__(self, layer: conv.ConvLayer = conv.LENET_C1, **kwargs):
        super().__init__(layer=layer, **kwargs)

    def set_size(self, name: str, text) -> bool:
        """Change one size from typed text; on a refusal keep the layer and say why."""
        if name not in CONV_FIELDS:
            self.message = _("{name}: not a size of a convolutional layer", name=name)
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


class ConvCalculator(View[ConvModel], widgets.VBox):
    """Type k, C, N (and the input size); read weights, biases, connections."""

    def __init__(self, model: ConvModel | None = None):
        model = self._attach(ConvModel() if model is None else model)
        self.fields = {}
        for name in CONV_FIELDS:
            value = getattr(model.layer, name)
            field = widgets.Text(value="" if value is None else str(value),
                                 description=_size_label(name),
                                 continuous_update=False, layout=widgets.Layout(width="11em"))
            field.observe(lambda change, name=name: self.model.set_size(name, change["new"]),
                          names="value")
            self.fields[name] = field
        self.lenet = widgets.Button(description=_("LeNet-5, first layer"))
        self.lenet.on_click(lambda _: self.load(conv.LENET_C1))
        self.message = widgets.HTML()
        self.result = widgets.HTML()
        rows = [widgets.HBox([self.fields[n] for n in ("k", "C", "N")]),
                widgets.HBox([self.fields[n] for n in ("height", "width", "stride", "padding")]),
                self.lenet, self.message, self.result]
        super().__init__(rows)
        self._own(*self.fields.values(), *rows)
        self._watch(self._redraw, "layer", "message")
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
        self.message.value = refusal_html(self.model.message)
        layer = self.model.layer
        rows = "".join(f"<tr><td>{escape(q)}</td><td>{escape(f)}</td><td><b>{escape(v)}</b>"
                       f"</td></tr>" for q, f, v in layer.summary())
        self.result.value = (f'<table data-parameters="{layer.parameters}">{rows}</table>')


def _size_label(name: str) -> str:
    """A size's label: k, C and N are the lesson's symbols; the others are words."""
    words = {"height": _("height"), "width": _("width"), "stride": _("stride"),
             "padding": _("padding")}
    return words.get(name, name)


class ConvStepModel(traitlets.HasTraits):
    """Which output value of lesson 20's small example is written out: out[n, i, j]."""

    #: the filter, and so the output map
    n = traitlets.Int(0)
    #: the output row
    i = traitlets.Int(1)
    #: the output column
    j = traitlets.Int(2)
    #: why the last value was refused, or ''
    message = traitlets.Unicode("")

    def __init__(self, example: conv.Example | None = None, **kwargs):
        self.example = conv.small_example() if example is None else example
        self.step = conv.one_output(self.example.x, self.example.kernels, self.example.biases,
                                    n=0, i=1, j=2)
        super().__init__(**kwargs)
        self.step = self._computed(self.n, self.i, self.j)

    def _computed(self, n: int, i: int, j: int) -> conv.ConvStep:
        e = self.example
        return conv.one_output(e.x, e.kernels, e.biases, n=n, i=i, j=j)

    @traitlets.validate("n", "i", "j")
    def _inside(self, proposal):
        where = {"n": self.n, "i": self.i, "j": self.j, proposal["trait"].name: proposal["value"]}
        try:
            self._next = self._computed(**where)
        except ParameterError as exc:
            self.message = str(exc)
            return getattr(self, proposal["trait"].name)
        self.message = ""
        return proposal["value"]

    @traitlets.observe("n", "i", "j")
    def _moved(self, change) -> None:
        self.step = self._next

    @property
    def shape(self) -> tuple[int, int, int]:
        """(N, out_h, out_w) of the example's output."""
        e = self.example
        return conv.convolve(e.x, e.kernels, e.biases).shape


class ConvStepExplorer(View[ConvStepModel], widgets.VBox):
    """Sliders for the map and the position; the patch, the filter and the sum follow.

    Taught in lesson 20, "Weights and bias in a convolution".
    """

    def __init__(self, model: ConvStepModel | None = None):
        model = self._attach(ConvStepModel() if model is None else model)
        N, out_h, out_w = model.shape
        self.n = IntSlider(value=model.n, min=0, max=N - 1, description=_("filter n"))
        self.i = IntSlider(value=model.i, min=0, max=out_h - 1, description=_("row i"))
        self.j = IntSlider(value=model.j, min=0, max=out_w - 1, description=_("column j"))
        for name in ("n", "i", "j"):
            self._link((getattr(self, name), "value"), (model, name))
        self.message = widgets.HTML()
        self.sum = widgets.HTML()
        C = model.example.x.shape[0]
        self._figure = PlotImage(2.6 * 2 * C, 2.8, columns=2 * C)
        self.plot = self._figure.image
        sliders = widgets.HBox([self.n, self.i, self.j])
        super().__init__([sliders, self.message, self.sum, self.plot])
        self._own(self.n, self.i, self.j, self.message, self.sum, self.plot, sliders)
        self._watch(self._redraw, "n", "i", "j", "message")
        self._redraw()

    def __repr__(self) -> str:
        m = self.model
        return f"ConvStepExplorer(out[{m.n}, {m.i}, {m.j}] = {fmt(m.step.value)})"

    def _redraw(self, change=None) -> None:
        step = self.model.step
        self.message.value = refusal_html(self.model.message)
        self.sum.value = f"<code>{escape(step.text)}</code>"
        for ax in self._figure.axes:
            ax.clear()
        plots.conv_grids(self._figure.axes, step, self.model.example.x)
        self._figure.render(_("The input channels and filter {n}, the window of output row "
                              "{i}, column {j} marked: {sum}", n=self.model.n, i=self.model.i,
                              j=self.model.j, sum=step.text))
