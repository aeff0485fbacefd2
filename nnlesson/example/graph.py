"""The 2-2-2 worked example as a computational graph, recorded one operation at a time.

Taught in lesson 07, "The computational graph". The post's forward pass and error are
computed with `maths.autograd.Value`: every multiply, add, sigmoid, subtraction and
square is one node, named by the post where the post names it. The backward pass is
kept step by step, and each step is matched with the step of the trace that shows the
same quantity, so a lesson can show the network and the graph at the same step.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _
from ..maths.autograd import BackwardStep, Value
from .params import CLASSIC, DEFAULT, INPUTS, LAYER_BIASES, TARGETS, WEIGHTS, Options, Params, check
from .steps import Step, Trace, trace
from .symbolic import WIRING

__all__ = ["Graph", "GraphNode", "HALF", "NODE_KINDS", "computational_graph", "matching_step"]

#: The name of the constant ½ in E_o1 = ½ (target_o1 − out_o1)².
HALF = "½"

#: What a node is: a number typed in (input, parameter, target, constant) or computed.
NODE_KINDS = ("input", "parameter", "target", "constant", "operation")


@dataclass(frozen=True, kw_only=True)
class GraphNode:
    """One node: a number typed in (a leaf) or the result of one operation."""

    name: str
    op: str                     # "" for a leaf; "+", "-", "*", "sigmoid" or "square"
    kind: str                   # one of NODE_KINDS
    value: float
    grad: float                 # dE_total / d(this node), once the backward pass is done
    inputs: tuple[str, ...]     # the names of the nodes it is computed from

    def __repr__(self) -> str:
        return f"GraphNode({self.name} = {fmt(self.value)}, grad {fmt(self.grad)})"


@dataclass(frozen=True, kw_only=True)
class Graph:
    """The recorded graph of one worked example: nodes, edges and the backward pass.

    `matches[k]` names the trace step that shows what backward step k computes.
    """

    params: Params
    nodes: tuple[GraphNode, ...]        # forward order: the leaves, then each operation
    edges: tuple[tuple[str, str], ...]  # (input, node), one per use
    steps: tuple[BackwardStep, ...]
    matches: tuple[str, ...]
    _index: dict[str, GraphNode] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {n.name: n for n in self.nodes})

    def __repr__(self) -> str:
        return (f"Graph({len(self.nodes)} nodes, {len(self.steps)} backward steps, "
                f"E_total={fmt(self['E_total'].value)})")

    def __getitem__(self, name: str) -> GraphNode:
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(_("no node named {name!r}; nodes are named like 'w5', 'w5·out_h1', "
                             "'net_o1', 'E_total'", name=name)) from None

    @property
    def gradients(self) -> dict[str, float]:
        """dE_total/d(parameter) for the weights and the two biases, as the engine names them."""
        return {name: self[name].grad for name in WEIGHTS + LAYER_BIASES}

    def grads_at(self, index: int) -> dict[str, float]:
        """The gradient each node has received by the end of backward step `index`.

        Nodes the backward pass has not reached yet are missing; index -1 is the
        forward pass alone, with no gradients.
        """
        known: dict[str, float] = {}
        for step in self.steps[: index + 1]:
            if step.rule == "start":
                known[step.node.name] = step.grad
            for x, sent in zip(step.inputs, step.sent, strict=True):
                known[x.name] = known.get(x.name, 0.0) + sent
        return known


def computational_graph(params: Params = CLASSIC, *, options: Options | None = None,
                        **choices) -> Graph:
    """The worked example for `params`, one node per operation, with its backward pass."""
    opts = Options.resolve(options, choices)
    _refuse_other_options(opts)
    check(params, opts)
    made: list[Value] = []

    def keep(value: Value, name: str) -> Value:
        made.append(value.named(name))
        return value

    leaf = {n: keep(Value(getattr(params, n)), n) for n in INPUTS + WEIGHTS + LAYER_BIASES
            + TARGETS}
    half = keep(Value(0.5), HALF)
    out = {name: leaf[name] for name in INPUTS}
    # net = w·x + w·x + b, as the post writes it: two multiplies and one add of three terms.
    for neuron, weights, bias in (("h1", ("w1", "w2"), "b1"), ("h2", ("w3", "w4"), "b1"),
                                  ("o1", ("w5", "w6"), "b2"), ("o2", ("w7", "w8"), "b2")):
        terms = []
        for w in weights:
            source = WIRING[w][0]
            x = out[source if source in INPUTS else f"out_{source}"]
            terms.append(keep(leaf[w] * x, f"{w}·{x.name}"))
        net = keep(Value.sum(*terms, leaf[bias]), f"net_{neuron}")
        out[f"out_{neuron}"] = keep(net.sigmoid(), f"out_{neuron}")
    errors = []
    for o in ("o1", "o2"):
        # E_o1 = ½ (target_o1 − out_o1)²: a subtraction, a square, a multiply by ½.
        diff = keep(leaf[f"target_{o}"] - out[f"out_{o}"], f"diff_{o}")
        square = keep(diff.square(), f"diff_{o}²")
        errors.append(keep(half * square, f"E_{o}"))
    E_total = keep(errors[0] + errors[1], "E_total")

    steps = tuple(E_total.backward_steps())
    nodes = tuple(GraphNode(name=v.name, op=v.op, kind=_kind(v.name, v.op), value=v.data,
                            grad=v.grad, inputs=tuple(x.name for x in v.inputs)) for v in made)
    edges = tuple((x, n.name) for n in nodes for x in n.inputs)
    return Graph(params=params, nodes=nodes, edges=edges, steps=steps, matches=_matches(steps))


def matching_step(graph: Graph, index: int, worked: Trace | None = None) -> Step:
    """The step of the worked example's trace that shows what backward step `index` computes."""
    if not 0 <= index < len(graph.steps):
        raise ParameterError("index", index, _("not a step of the backward pass"),
                             _("a whole number from 0 to {last}", last=len(graph.steps) - 1))
    worked = trace(graph.params) if worked is None else worked
    return worked[graph.matches[index]]


def _refuse_other_options(opts: Options) -> None:
    for option in dataclasses.fields(Options):
        value, default = getattr(opts, option.name), getattr(DEFAULT, option.name)
        if value != default:
            raise ParameterError(
                option.name, value,
                _("the computational graph of lesson 07 records the post's stated method only"),
                _("{default} (the post's choice)", default=repr(default)))


def _kind(name: str, op: str) -> str:
    if op:
        return "operation"
    if name in INPUTS:
        return "input"
    if name in TARGETS:
        return "target"
    return "constant" if name == HALF else "parameter"


# --- which trace step shows what a backward step computes -----------------------------------

#: dE_total/d(node) by the trace's name for it.
_GRADIENT_NAMES = {
    **{f"out_{n}": f"dE_total_dout_{n}" for n in ("h1", "h2", "o1", "o2")},
    **{f"net_{n}": f"delta_{n}" for n in ("h1", "h2", "o1", "o2")},
    **{p: f"dE_d{p}" for p in WEIGHTS + LAYER_BIASES},
}
#: The forward quantity of the trace that a node of the error is part of.
_PART_OF = {"diff_o1": "E_o1", "diff_o1²": "E_o1", "diff_o2": "E_o2", "diff_o2²": "E_o2"}


def _matches(steps: tuple[BackwardStep, ...]) -> tuple[str, ...]:
    # A step matches the trace quantity it completes: a node's whole gradient first (the
    # fork's sum at out_h1 is such a moment), then a weight's or bias's, then one path
    # (dE_o1_dout_h1). A step that completes none matches the gradient it passes on
    # (delta_o1 at net_o1), else the part of the error it differentiates (E_o1).
    last = {x.name: s.index for s in steps for x in s.inputs}
    out = []
    for s in steps:
        done = [_GRADIENT_NAMES[x.name] for x in s.inputs
                if last[x.name] == s.index and x.name in _GRADIENT_NAMES]
        paths = [f"dE_{WIRING[w][1]}_dout_{x.name[4:]}" for x in s.inputs
                 if x.name.startswith("out_h") and (w := s.node.name.split("·")[0]) in WIRING]
        ranked = ([n for n in done if not n.startswith("dE_d")]
                  + [n for n in done if n.startswith("dE_d")] + paths
                  + [_GRADIENT_NAMES.get(s.node.name, ""),
                     _PART_OF.get(s.node.name, s.node.name)])
        out.append(next(n for n in ranked if n))
    return tuple(out)
