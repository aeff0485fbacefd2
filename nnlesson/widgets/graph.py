"""GraphStepper: the backward pass through the computational graph, one node at a time.

Taught in lesson 07, "The computational graph". Beside the graph (below it when the
screen is too narrow for both to stay readable) the network diagram shows the trace step
that computes the same quantity, so the two pictures of one backward pass can be read
together. A line under the buttons says which local rule the step applies, with its
numbers, and one more names the matching trace step in words.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from ..example.graph import Graph, computational_graph, matching_step
from ..example.params import CLASSIC, Params
from ..example.steps import Step, Trace, trace
from ..language import _
from ..maths.autograd import BackwardStep
from ..show.diagram import draw, values_so_far
from ..show.graph import graph_svg
from .controls import IntSlider
from .view import View, scaled

__all__ = ["GraphModel", "GraphStepper"]


class GraphModel(traitlets.HasTraits):
    """The graph of one worked example, its trace, and the backward step on screen."""

    #: the recorded graph and its backward steps
    graph = traitlets.Instance(Graph)
    #: the trace of the same numbers, for the network view
    worked = traitlets.Instance(Trace)
    #: the backward step on screen, from 0 (the start at E_total)
    index = traitlets.Int(0)
    #: 1.0 normally; 1.5 for a classroom projector
    font_scale = traitlets.Float(1.0)

    def __init__(self, params: Params = CLASSIC, *, index: int = 0, font_scale: float = 1.0):
        graph = computational_graph(params)    # bad numbers raise ParameterError here
        super().__init__(graph=graph, worked=trace(params), font_scale=font_scale)
        self.index = index

    def __repr__(self) -> str:
        return f"GraphModel(step {self.index}: {self.step.node.name}, {self.graph!r})"

    @traitlets.validate("index")
    def _clamp_index(self, proposal):
        return max(0, min(int(proposal.value), self.last))

    @property
    def last(self) -> int:
        """The index of the last backward step."""
        return len(self.graph.steps) - 1

    @property
    def step(self) -> BackwardStep:
        """The backward step on screen."""
        return self.graph.steps[self.index]

    @property
    def matching(self) -> Step:
        """The trace step that shows the same quantity: what the network view shows."""
        return matching_step(self.graph, self.index, self.worked)

    def go(self, index: int) -> None:
        """Show backward step `index` (clamped to the backward pass)."""
        self.index = index


class GraphStepper(View[GraphModel], widgets.VBox):
    """First / previous / next / last, the rule of the step, the graph and the network beside it."""

    def __init__(self, model: GraphModel | None = None):
        model = self._attach(GraphModel() if model is None else model)
        self.first = _button(_("First"), "step-backward", "nnl-graph-first",
                             _("Go to the start of the backward pass"))
        self.previous = _button(_("Previous"), "chevron-left", "nnl-graph-prev",
                                _("Go to the backward step before"))
        self.next = _button(_("Next"), "chevron-right", "nnl-graph-next",
                            _("Go to the next backward step"))
        self.last = _button(_("Last"), "step-forward", "nnl-graph-last",
                            _("Go to the last backward step"))
        self.slider = IntSlider(min=0, max=model.last, readout=False,
                                        description=_("Step"),
                                        labels=[_("Step {number} of {count}", number=k + 1,
                                                  count=model.last + 1)
                                                for k in range(model.last + 1)],
                                        layout=widgets.Layout(flex="1 1 200px",
                                                              min_width="160px"))
        self.slider.add_class("nnl-graph-slider")
        self.position = widgets.HTML(layout=widgets.Layout(min_width="7em"))
        self.rule = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.rule.add_class("nnl-graph-rule")
        self.matched = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.matched.add_class("nnl-graph-matched")
        self.graph = widgets.HTML(layout=widgets.Layout(flex="3 1 900px", min_width="0"))
        self.graph.add_class("nnl-graph")
        self.diagram = widgets.HTML(layout=widgets.Layout(flex="2 1 480px", min_width="0",
                                                          max_width="900px"))
        self.diagram.add_class("nnl-graph-diagram")
        controls = widgets.HBox(
            [self.first, self.previous, self.next, self.last, self.slider, self.position],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        # Side by side where the screen is wide enough; otherwise the network goes below,
        # so that neither drawing shrinks past reading.
        pictures = widgets.HBox([self.graph, self.diagram], layout=widgets.Layout(
            flex_flow="row wrap", align_items="flex-start"))
        super().__init__([controls, self.rule, self.matched, pictures])
        self.add_class("nnl-graph-stepper")
        self._own(self.first, self.previous, self.next, self.last, self.slider, self.position,
                  self.rule, self.matched, self.graph, self.diagram, controls, pictures)
        self._link((model, "index"), (self.slider, "value"))
        self.first.on_click(lambda _button: self.model.go(0))
        self.previous.on_click(lambda _button: self.model.go(self.model.index - 1))
        self.next.on_click(lambda _button: self.model.go(self.model.index + 1))
        self.last.on_click(lambda _button: self.model.go(self.model.last))
        self._watch(self._render, "index", "font_scale")
        self._render()

    def __repr__(self) -> str:
        return f"GraphStepper(step {self.model.index}: {self.model.step.node.name})"

    def _render(self, change=None) -> None:
        model = self.model
        index, scale, step = model.index, model.font_scale, model.step
        self.first.disabled = self.previous.disabled = index <= 0
        self.next.disabled = self.last.disabled = index >= model.last
        for button in (self.first, self.previous, self.next, self.last):
            button.style.font_size = scaled(14, scale)
        self.position.value = (f'<span style="font-size:{scaled(15, scale)}">'
                               + escape(_("Step {number} of {count}", number=index + 1,
                                          count=model.last + 1)) + "</span>")
        self.rule.value = (f'<p role="status" aria-live="polite" style="margin:0.3em 0;'
                           f'font-size:{scaled(16, scale)}">{escape(step.explanation)}</p>')
        # Wide enough to read; on a narrow screen the drawing scrolls sideways instead.
        self.graph.value = ('<div style="overflow-x:auto"><div style="min-width:980px">'
                            + graph_svg(model.graph, index, scale=scale) + "</div></div>")
        shown = model.matching
        # Said in words too: on a narrow screen the network is below the graph, out of sight.
        self.matched.value = (f'<p style="margin:0 0 0.3em 0;color:#555;'
                              f'font-size:{scaled(15, scale)}">'
                              + escape(_("In the network (lessons 05 and 06), trace step "
                                         "{number}: {text}", number=shown.index + 1,
                                         text=shown.text)) + "</p>")
        self.diagram.value = draw(shown, values_so_far(model.worked, shown.index), scale=scale)


def _button(label: str, icon: str, css: str, tooltip: str) -> widgets.Button:
    # The description is the button's accessible name; the tooltip says where it goes.
    button = widgets.Button(description=label, icon=icon, tooltip=tooltip,
                            layout=widgets.Layout(width="auto"))
    button.add_class(css)
    return button
