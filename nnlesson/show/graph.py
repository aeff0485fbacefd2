"""The computational graph drawn as an SVG string: each node's value, and its gradient once reached.

Taught in lesson 07, "The computational graph". Nodes stand in columns, from the
inputs and parameters on the left to E_total on the right; each shows its name, the
operation that made it (in a circle on its top left corner), its value and, once the
backward pass has reached it, its gradient. The current backward step is lit: its
node in a thick vermillion frame, dashed arrows back to the inputs it sends gradients
to, and those gradients underlined in dashed frames. Colours are `show.diagram`'s
Okabe-Ito palette, and colour is never the only signal (frame width, dashes and
underlining say it too).

Every id in a drawing starts with a token of its own, so two drawings on one page
never share a marker; the drawing names itself (role="img", <title>, <desc>).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from functools import cache
from html import escape

from ..errors import ParameterError
from ..example.engine import Gradients
from ..example.graph import Graph, GraphNode
from ..formatting import fmt
from ..language import _, join
from .diagram import COLOURS, DASHES, IDLE, INK, TEXT_COLOURS
from .shown import Shown, table

__all__ = ["GRAPH_HEIGHT", "GRAPH_WIDTH", "OP_SYMBOLS", "graph_gradients", "graph_picture",
           "graph_step", "graph_svg", "graph_table"]

#: The drawing's own coordinates; it scales to the width it is given. In JupyterLab on a
#: 1280 px screen it is drawn about 1080 px wide: names 13 px, numbers 12 px.
GRAPH_WIDTH, GRAPH_HEIGHT = 1500, 700

#: How each operation is written in the circle on its node's corner.
OP_SYMBOLS = {"+": "+", "-": "−", "*": "×", "sigmoid": "σ", "square": "x²"}

_MARGIN_X = 80          # the centre of the first and the last column from the edges
_MIDDLE = 330           # the middle of every column: room for six nodes below the caption
_ROW = 94               # vertical distance between the nodes of one column
_BOX_W, _BOX_H = 114, 76  # three lines: name, value, gradient
_LINE = 22
_NAME_FONT, _FONT, _GRAD_FONT = 18, 17, 16
_DECIMALS = 6           # in the boxes; the lesson's sentences and tables use all nine
_FILL = {"input": "#EDEDED", "target": "#EDEDED", "constant": "#EDEDED",
         "parameter": "#FFFFFF", "operation": "#FFFFFF"}
_BACK = COLOURS["backward"]
_BACK_TEXT = TEXT_COLOURS["backward"]
_tokens = itertools.count(1)


def graph_svg(graph: Graph, index: int | None = None, *, scale: float = 1.0,
              token: str | None = None) -> str:
    """The graph as an SVG string, after backward step `index` (None: the forward pass only).

    `token` starts every id in the drawing; by default a new one for each drawing.
    `scale` is the lesson's font scale (1.5 on a projector).
    """
    at = -1 if index is None else max(-1, min(index, len(graph.steps) - 1))
    where = _layout(tuple(n.name for n in graph.nodes), graph.edges)
    grads = graph.grads_at(at)
    step = graph.steps[at] if at >= 0 else None
    current = step.node.name if step is not None else ""
    receiving = {x.name for x in step.inputs} if step is not None else set()
    # Edges whose consumer has passed its gradient back already, the current step's included.
    passed = {s.node.name for s in graph.steps[1: at + 1]}
    title, description = _alternative(graph, at)
    body = [_caption(title)]
    for src, dst in graph.edges:
        state = ("current" if dst == current and step is not None and step.rule != "start"
                 else "passed" if dst in passed else "idle")
        body.append(_edge(where[src], where[dst], state, f"{src}→{dst}"))
    for node in graph.nodes:
        state = ("current" if node.name == current else
                 "receiving" if node.name in receiving else "")
        body.append(_node(node, where[node.name], grads.get(node.name), state))
    body.append(_legend())
    content = "".join(body)
    if token is None:
        digest = hashlib.sha1(f"{content}{title}{description}".encode()).hexdigest()[:6]
        token = f"nnlg{next(_tokens)}-{digest}"
    t = escape(token)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRAPH_WIDTH} '
            f'{GRAPH_HEIGHT}" class="nnl-graph" role="img" aria-labelledby="{t}-title" '
            f'aria-describedby="{t}-desc" data-step="{at}" data-node="{escape(current)}" '
            f'style="width:100%;max-width:{GRAPH_WIDTH * scale:.0f}px;height:auto;'
            f"font-family:Arial,Helvetica,'Liberation Sans',sans-serif\">"
            f'<title id="{t}-title">{escape(title)}</title>'
            f'<desc id="{t}-desc">{escape(description)}</desc>{_defs(t)}'
            + content.replace(_TOKEN, t) + "</svg>")


def graph_picture(graph: Graph, index: int | None = None) -> Shown:
    """The drawing for a lesson cell, with the same numbers as plain text for nbval."""
    at = -1 if index is None else index
    title, description = _alternative(graph, at)
    grads = graph.grads_at(at)
    lines = [title, description]
    for node in graph.nodes:
        if node.op:
            lines.append(_("{name} = {value}, gradient {grad}", name=node.name,
                           value=fmt(node.value), grad=fmt(grads[node.name]))
                         if node.name in grads else
                         _("{name} = {value}", name=node.name, value=fmt(node.value)))
    return Shown("\n".join(lines), svg=graph_svg(graph, index))


def graph_table(graph: Graph, names: tuple[str, ...] | list[str] | None = None, *,
                gradients: bool = True) -> Shown:
    """Nodes of the graph: how each is computed, its value and (with `gradients`) its gradient."""
    chosen = [graph[n] for n in names] if names is not None else list(graph.nodes)
    header = [_("node"), _("computed as"), _("value")]
    if gradients:
        header.append(_("gradient ∂E_total/∂node"))
    rows = []
    for node in chosen:
        row = [node.name, _formula(node), fmt(node.value)]
        if gradients:
            row.append(fmt(node.grad))
        rows.append(row)
    return table(header, [[f"`{r[0]}`", *r[1:]] for r in rows], text_rows=rows)


def graph_gradients(graph: Graph, engine: Gradients) -> Shown:
    """Each parameter's gradient from the graph beside the engine's chain rule (lessons 05, 06)."""
    rows = [[name, fmt(grad), fmt(engine.of(name))] for name, grad in graph.gradients.items()]
    header = [_("parameter"), _("the graph's backward pass"), _("the engine's chain rule")]
    return table(header, [[f"`{r[0]}`", *r[1:]] for r in rows], text_rows=rows)


def graph_step(graph: Graph, node: str) -> Shown:
    """The backward step at `node` (where its gradient is passed on), and its rule in words."""
    found = [s for s in graph.steps if s.node.name == node and s.rule != "start"]
    if not found:
        names = [s.node.name for s in graph.steps[1:]]
        raise ParameterError("node", node, _("not a node that passes a gradient back"),
                             _("one of {names}", names=join(names)))
    step = found[0]
    heading = _("Backward step {number} of {count}, at {node}:", number=step.index + 1,
                count=len(graph.steps), node=node)
    return Shown(f"{heading}\n{step.explanation}",
                 markdown=f"**{escape(heading)}** {escape(step.explanation)}")


# --- words ----------------------------------------------------------------------------------

def _alternative(graph: Graph, at: int) -> tuple[str, str]:
    """The drawing's accessible name and description."""
    operations = sum(1 for n in graph.nodes if n.op)
    if at < 0:
        return (_("The computational graph of the 2-2-2 network: {nodes} nodes, {operations} of "
                  "them operations, from the inputs and parameters to E_total.",
                  nodes=len(graph.nodes), operations=operations),
                _("The forward pass: each node shows its value; E_total = {E_total}.",
                  E_total=fmt(graph["E_total"].value)))
    step = graph.steps[at]
    return (_("The computational graph at backward step {number} of {count}: {node}.",
              number=at + 1, count=len(graph.steps), node=step.node.name),
            step.explanation)


def _formula(node: GraphNode) -> str:
    x = node.inputs
    if node.op == "+":
        return " + ".join(x)
    if node.op == "-":
        return f"{x[0]} − {x[1]}"
    if node.op == "*":
        return f"{x[0]} × {x[1]}"
    if node.op == "sigmoid":
        return f"σ({x[0]})"
    if node.op == "square":
        return f"{x[0]}²"
    return {"input": _("an input"), "target": _("a target"), "constant": _("a constant"),
            "parameter": _("a parameter")}[node.kind]


def _caption(title: str) -> str:
    return (f'<text x="20" y="32" font-size="22" font-weight="bold" fill="{INK}" '
            f'aria-hidden="true">{escape(title)}</text>')


# --- layout ---------------------------------------------------------------------------------

@cache
def _layout(names: tuple[str, ...], edges: tuple[tuple[str, str], ...]
            ) -> dict[str, tuple[float, float]]:
    """Each node's centre: a column per depth, leaves just left of where they are used."""
    inputs: dict[str, list[str]] = defaultdict(list)
    users: dict[str, list[str]] = defaultdict(list)
    for src, dst in edges:
        inputs[dst].append(src)
        users[src].append(dst)
    column: dict[str, int] = {}
    for name in names:      # forward order: inputs before the nodes made from them
        column[name] = 1 + max((column[x] for x in inputs[name]), default=-1)
    for name in names:
        if not inputs[name] and users[name]:
            column[name] = min(column[u] for u in users[name]) - 1
    count = max(column.values()) + 1
    stacks: list[list[str]] = [[n for n in names if column[n] == c] for c in range(count)]
    def ys() -> dict[str, float]:
        return {n: _MIDDLE + (k - (len(stack) - 1) / 2) * _ROW
                for stack in stacks for k, n in enumerate(stack)}

    # A few sweeps of the barycentre rule: each node moves towards the nodes it is joined to,
    # which keeps most edges short and uncrossed.
    y = ys()
    for _sweep in range(4):
        for stack in stacks:
            now = y
            stack.sort(key=lambda n: _mean([now[j] for j in inputs[n] or users[n]], now[n]))
            y = ys()
    step = (GRAPH_WIDTH - 2 * _MARGIN_X) / max(1, count - 1)
    return {n: (_MARGIN_X + column[n] * step, y[n]) for n in names}


def _mean(numbers: list[float], otherwise: float) -> float:
    return sum(numbers) / len(numbers) if numbers else otherwise


# --- pieces ---------------------------------------------------------------------------------

_TOKEN = "\x00token\x00"    # stands for the drawing's token until the drawing is complete


def _defs(token: str) -> str:
    return "<defs>" + "".join(
        f'<marker id="{token}-{kind}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="{size}" '
        f'markerHeight="{size}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colour}"/></marker>'
        for kind, colour, size in (("idle", IDLE, 6), ("back", _BACK, 4))) + "</defs>"


def _edge(a: tuple[float, float], b: tuple[float, float], state: str, name: str) -> str:
    x1, y1 = a[0] + _BOX_W / 2, a[1]
    x2, y2 = b[0] - _BOX_W / 2 - 2, b[1]
    if state == "current":
        return (f'<line data-edge="{escape(name)}" data-highlight="true" x1="{x1:.1f}" '
                f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_BACK}" stroke-width="5" '
                f'stroke-dasharray="{DASHES["backward"]}" '
                f'marker-start="url(#{_TOKEN}-back)"/>')
    if state == "passed":
        return (f'<line data-edge="{escape(name)}" data-highlight="false" x1="{x1:.1f}" '
                f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_BACK}" stroke-width="2" '
                f'stroke-dasharray="4 4" stroke-opacity="0.7"/>')
    return (f'<line data-edge="{escape(name)}" data-highlight="false" x1="{x1:.1f}" '
            f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{IDLE}" stroke-width="1.6" '
            f'marker-end="url(#{_TOKEN}-idle)"/>')


def _node(node: GraphNode, centre: tuple[float, float], grad: float | None, state: str) -> str:
    x, y = centre
    left, top = x - _BOX_W / 2, y - _BOX_H / 2
    stroke, width, dash = INK, 1.6, ""
    if state == "current":
        stroke, width = _BACK, 5
    elif state == "receiving":
        stroke, width, dash = _BACK, 3, f' stroke-dasharray="{DASHES["backward"]}"'
    tip = (_("{name} = {value}, gradient {grad}", name=node.name, value=fmt(node.value),
             grad=fmt(grad)) if grad is not None else
           _("{name} = {value}", name=node.name, value=fmt(node.value)))
    parts = [f'<g data-node="{escape(node.name)}" data-kind="{node.kind}" '
             f'data-highlight="{state or "false"}"><title>{escape(tip)}</title>'
             f'<rect x="{left:.1f}" y="{top:.1f}" width="{_BOX_W}" height="{_BOX_H}" rx="8" '
             f'fill="{_FILL[node.kind]}" stroke="{stroke}" stroke-width="{width}"{dash}/>',
             _text(x, top + _LINE, node.name, size=_NAME_FONT, bold=True),
             _text(x, top + 2 * _LINE + 2, fmt(node.value, _DECIMALS))]
    if grad is not None:
        parts.append(_text(x, top + 3 * _LINE + 4, _("grad {grad}", grad=fmt(grad, _DECIMALS)),
                           size=_GRAD_FONT, colour=_BACK_TEXT,
                           underline=state == "receiving", data='data-grad="true"'))
    if node.op:
        # The operation that made the node, in a circle on its top left corner.
        parts.append(f'<circle cx="{left + 4:.1f}" cy="{top + 2:.1f}" r="13" fill="#FFFFFF" '
                     f'stroke="{INK}" stroke-width="1.6"/>'
                     + _text(left + 4, top + 7, OP_SYMBOLS[node.op], size=14, bold=True))
    parts.append("</g>")
    return "".join(parts)


def _text(x: float, y: float, text: str, *, size: int = _FONT, bold: bool = False,
          underline: bool = False, colour: str = INK, data: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    line = ' text-decoration="underline"' if underline else ""
    extra = f" {data}" if data else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" '
            f'fill="{colour}"{weight}{line}{extra}>{escape(text)}</text>')


def _legend() -> str:
    y = GRAPH_HEIGHT - 52
    back = (f'<line x1="20" y1="{y + 28}" x2="70" y2="{y + 28}" stroke="{_BACK}" '
            f'stroke-width="5" stroke-dasharray="{DASHES["backward"]}" '
            f'marker-start="url(#{_TOKEN}-back)"/>')
    idle = (f'<line x1="20" y1="{y}" x2="70" y2="{y}" stroke="{IDLE}" stroke-width="1.6" '
            f'marker-end="url(#{_TOKEN}-idle)"/>')
    texts = [
        (84, y, _("forward: each value is used by the node it points to")),
        (84, y + 28, _("this step: the node in the thick frame sends gradients back to its "
                       "inputs (dashed frames)")),
        (760, y, _("grad = ∂E_total/∂node, shown once the backward pass reaches the node")),
    ]
    return ('<g data-legend="true">' + idle + back + "".join(
        f'<text x="{x}" y="{ty + 5}" font-size="{_FONT}" fill="{INK}">{escape(text)}</text>'
        for x, ty, text in texts) + "</g>")
