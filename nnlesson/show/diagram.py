"""The 2-2-2 network drawn as an SVG string: the step's nodes and edges lit, values so far shown.

Taught in lesson 02, "The network and its notation", and shown beside every
step of the stepper. `draw` is a pure function of one `Step` and the values
known when that step is reached (`values_so_far`), so the stepper redraws by
replacing one string: a few hundred microseconds, no plotting library.

Readable from the back of a classroom at 1280x800: labels are 18-28 px at
natural size and sit on white pills, so crossing lines never cut through
digits. Flow is told apart by colour AND by line style and arrow direction
(colour-blind safe, Okabe-Ito palette): forward is blue, solid, arrows to the
right; backward is vermillion, dashed, arrows to the left; an update is
bluish green and dotted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from ..example.params import NEURON_BIASES, Params
from ..example.topology import EDGES, NODES
from ..formatting import fmt

__all__ = ["CAPTION_FONT", "COLOURS", "DASHES", "FONT", "HEIGHT", "IDLE", "INK", "LABEL_AT",
           "LEGEND_AT", "LINE", "Line", "NAME_FONT", "POSITIONS", "RADIUS", "TAG_SIDE",
           "TEXT_COLOURS", "WIDTH", "caption", "draw", "edge_label_at", "tag_position",
           "values_so_far"]


#: The drawing's own coordinate system; the SVG scales to the width it is given.
WIDTH, HEIGHT = 1280, 620
RADIUS = 36
LINE = 23          # line height of a label, in drawing units
FONT = 18          # value labels
NAME_FONT = 26     # the node names inside the circles

#: Okabe & Ito's colour-blind-safe palette: strokes, and darker shades of the same
#: hues for text so that small digits keep enough contrast on white.
COLOURS = {"forward": "#0072B2", "backward": "#D55E00", "update": "#009E73"}
TEXT_COLOURS = {"forward": "#005A8C", "backward": "#A8480A", "update": "#00704F"}
DASHES = {"forward": "", "backward": "10 6", "update": "3 5"}
IDLE = "#9A9A9A"
INK = "#1A1A1A"

POSITIONS: dict[str, tuple[float, float]] = {
    "i1": (90, 200), "i2": (90, 410),
    "h1": (430, 200), "h2": (430, 410),
    "o1": (770, 200), "o2": (770, 410),
    "E": (1160, 305),
    "b1": (200, 575), "b2": (560, 575),
}

#: Where each node's values go: centred above it, below it, or to its right.
TAG_SIDE = {"i1": "above", "i2": "below", "h1": "above", "h2": "below", "o1": "above",
            "o2": "below", "E": "below", "b1": "right", "b2": "right"}

#: Where along each edge (0 = source, 1 = target) its label sits. The crossing
#: diagonals are labelled nearer their targets so that their labels do not meet.
LABEL_AT = {"w2": 0.7, "w3": 0.7, "w6": 0.7, "w7": 0.7, "e_o1": 0.4, "e_o2": 0.4}


@dataclass(frozen=True, kw_only=True)
class Line:
    """One line of a label: its text, the flow that produced it, and whether it is the step's."""

    text: str
    flow: str = ""          # "" for a parameter the learner typed
    current: bool = False


def values_so_far(trace, index: int) -> dict[str, float]:
    """The parameters and every value computed up to and including step `index`."""
    params: Params = trace.params
    known: dict[str, float] = params.to_dict()
    if trace.options.bias == "per-neuron":
        known.update({name: params.bias(name[2:]) for name in NEURON_BIASES})
    for step in trace.steps[: index + 1]:
        known[step.name] = step.value
    return known


def draw(step, values: Mapping[str, float], *, scale: float = 1.0) -> str:
    """The network as an SVG string, with `step`'s nodes and edges highlighted.

    `values` maps names (parameters and step names) to the numbers known so far;
    `scale` is the lesson's font scale (1.5 on a projector).
    """
    flow = step.flow
    lit_nodes, lit_edges = step.nodes, step.edges
    per_neuron = "b_h1" in values
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="nnl-svg" data-step="{step.index}" data-name="{escape(step.name)}" '
        f'data-flow="{flow}" role="img" aria-label="{escape(_caption(step))}" '
        f'style="width:100%;max-width:{WIDTH * scale:.0f}px;height:auto;'
        f'font-family:Arial,Helvetica,\'Liberation Sans\',sans-serif">',
        _DEFS,
    ]
    for name, (src, dst) in EDGES.items():
        out.append(_edge(name, src, dst, name in lit_edges, flow))
    for name in NODES:
        out.append(_node(name, name in lit_nodes, flow))
    for name, lines in _edge_labels(values, step.name).items():
        out.append(_label(edge_label_at(name), lines, f'data-label="{name}"'))
    for name, lines in _node_tags(values, step.name, per_neuron).items():
        out.append(_label(tag_position(name, lines), lines, f'data-tag="{name}"'))
    out.append(_caption_line(step))
    out.append(_LEGEND)
    out.append("</svg>")
    return "".join(out)


def _caption(step) -> str:
    return f"Step {step.index + 1}: {step.text}"


CAPTION_FONT = 22


def caption(step) -> str:
    """The step in one line, as the top of the drawing shows it: name = numbers = value."""
    pieces = step.text.split(" = ")
    if len(pieces) >= 3:
        pieces = [pieces[0], *pieces[-2:]]
    return " = ".join(pieces).replace("*", " · ")


def _caption_line(step) -> str:
    # The one line a class reads from afar, so that the picture carries the step's arithmetic.
    return (f'<text data-caption="true" x="20" y="34" font-size="{CAPTION_FONT}" '
            f'font-weight="bold" fill="{TEXT_COLOURS[step.flow]}">{escape(caption(step))}</text>')


# --- geometry -------------------------------------------------------------------------------

def _trim(src: str, dst: str) -> tuple[float, float, float, float]:
    """The edge from circle to circle, not centre to centre (arrowheads stay visible)."""
    (x1, y1), (x2, y2) = POSITIONS[src], POSITIONS[dst]
    d = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / d, (y2 - y1) / d
    return x1 + ux * RADIUS, y1 + uy * RADIUS, x2 - ux * RADIUS, y2 - uy * RADIUS


def edge_label_at(name: str) -> tuple[float, float]:
    src, dst = EDGES[name]
    (x1, y1), (x2, y2) = POSITIONS[src], POSITIONS[dst]
    t = LABEL_AT.get(name, 0.5)
    return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t


def tag_position(node: str, lines: list[Line]) -> tuple[float, float]:
    """The centre of `node`'s value tag holding `lines`."""
    x, y = POSITIONS[node]
    side = TAG_SIDE[node]
    half = len(lines) * LINE / 2
    if side == "above":
        return x, y - RADIUS - 8 - half
    if side == "below":
        return x, y + RADIUS + 8 + half
    return x + RADIUS + 10 + _label_width(lines) / 2, y


# --- pieces ---------------------------------------------------------------------------------

_DEFS = "<defs>" + "".join(
    f'<marker id="nnl-arrow-{flow}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="3.2" '
    f'markerHeight="3.2" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
    f'fill="{colour}"/></marker>'
    for flow, colour in COLOURS.items()) + "</defs>"


def _edge(name: str, src: str, dst: str, lit: bool, flow: str) -> str:
    x1, y1, x2, y2 = _trim(src, dst)
    if not lit:
        return (f'<line data-edge="{name}" data-highlight="false" x1="{x1:.1f}" y1="{y1:.1f}" '
                f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="{IDLE}" stroke-width="2"/>')
    dash = f' stroke-dasharray="{DASHES[flow]}"' if DASHES[flow] else ""
    # Forward flow points from source to target; the backward pass points the other way.
    marker = ("marker-end" if flow != "backward" else "marker-start")
    return (f'<line data-edge="{name}" data-highlight="true" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="{COLOURS[flow]}" stroke-width="6"{dash} '
            f'{marker}="url(#nnl-arrow-{flow})"/>')


def _node(name: str, lit: bool, flow: str) -> str:
    x, y = POSITIONS[name]
    stroke, width, fill = (COLOURS[flow], 6, "#FFFFFF") if lit else (INK, 2, "#F4F4F4")
    shape = (f'<rect x="{x - RADIUS}" y="{y - RADIUS}" width="{2 * RADIUS}" '
             f'height="{2 * RADIUS}" rx="8"' if name in ("b1", "b2", "E") else
             f'<circle cx="{x}" cy="{y}" r="{RADIUS}"')
    return (f'<g data-node="{name}" data-highlight="{str(lit).lower()}">{shape} fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"/><text x="{x}" y="{y + 9}" '
            f'text-anchor="middle" font-size="{NAME_FONT}" font-weight="bold" fill="{INK}">'
            f'{name}</text></g>')


def _label(centre: tuple[float, float], lines: list[Line], attrs: str) -> str:
    x, y = centre
    top = y - len(lines) * LINE / 2
    width = _label_width(lines)
    parts = [f'<g {attrs}><rect x="{x - width / 2:.1f}" y="{top - 2:.1f}" width="{width:.1f}" '
             f'height="{len(lines) * LINE + 4}" rx="6" fill="#FFFFFF" fill-opacity="0.92"/>']
    for k, line in enumerate(lines):
        colour = TEXT_COLOURS.get(line.flow, INK)
        weight = ' font-weight="bold" text-decoration="underline"' if line.current else ""
        current = ' data-current="true"' if line.current else ""
        parts.append(f'<text x="{x:.1f}" y="{top + (k + 1) * LINE - 6:.1f}" text-anchor="middle" '
                     f'font-size="{FONT}" fill="{colour}"{weight}{current}>'
                     f'{escape(line.text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _label_width(lines: list[Line]) -> float:
    return max(_text_width(line.text, bold=line.current) for line in lines) + 14


def _text_width(text: str, *, bold: bool = False) -> float:
    """The drawn width of `text`, a little generous: Arial / Liberation Sans advance widths."""
    em = sum(0.3 if c in _NARROW else 0.8 if c in _WIDE else 0.58 for c in text)
    return em * FONT * (1.08 if bold else 1.0)


_NARROW = frozenset(" .,:;/()[]'ijlftrI-")
_WIDE = frozenset("mwWMEBCD")


def _legend() -> str:
    # Bottom right, the one corner no label reaches.
    parts = ['<g data-legend="true">']
    for k, (flow, text) in enumerate((("forward", "forward pass"),
                                      ("backward", "backward pass (gradients)"),
                                      ("update", "update"))):
        x, y = LEGEND_AT[0], LEGEND_AT[1] + 30 * k
        dash = f' stroke-dasharray="{DASHES[flow]}"' if DASHES[flow] else ""
        marker = "marker-start" if flow == "backward" else "marker-end"
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x + 56}" y2="{y}" '
                     f'stroke="{COLOURS[flow]}" stroke-width="6"{dash} '
                     f'{marker}="url(#nnl-arrow-{flow})"/><text x="{x + 68}" y="{y + 6}" '
                     f'font-size="{FONT}" fill="{INK}">{text}</text>')
    parts.append("</g>")
    return "".join(parts)


LEGEND_AT = (915, 530)
_LEGEND = _legend()


# --- what each label says -------------------------------------------------------------------

_GRADIENT_OF_EDGE = {w: w for w in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")}


def _pick(values: Mapping[str, float], *names: str) -> tuple[str, float] | None:
    """The last of `names` that is known: a recomputed (_plus) value wins over the first one."""
    for name in reversed(names):
        if name in values and values[name] is not None:
            return name, values[name]
    return None


def _line(values, current: str, flow: str, label: str, *names: str) -> Line | None:
    found = _pick(values, *names)
    if found is None:
        return None
    name, value = found
    # A hidden-layer factor recomputed with the updated w5..w8 (output-first order) gets a +.
    mark = "⁺" if name.endswith("_plus") else ""
    return Line(text=f"{label}{mark} = {fmt(value)}", flow=flow, current=name == current)


def _parameter(values, current: str, name: str, label: str) -> Line:
    new = f"{name}_new"
    if new in values:
        return Line(text=f"{label}⁺ = {fmt(values[new])}", flow="update", current=current == new)
    return Line(text=f"{label} = {fmt(values[name])}", flow="", current=False)


def _edge_labels(values, current: str) -> dict[str, list[Line]]:
    labels: dict[str, list[Line]] = {}
    for w in _GRADIENT_OF_EDGE:
        lines = [_parameter(values, current, w, w),
                 _line(values, current, "backward", f"∂E/∂{w}", f"dE_d{w}", f"dE_d{w}_plus")]
        labels[w] = [line for line in lines if line is not None]
    for o in ("o1", "o2"):
        lines = [_line(values, current, "forward", f"E_{o}", f"E_{o}"),
                 _line(values, current, "backward", "∂E/∂out", f"dE_total_dout_{o}")]
        labels[f"e_{o}"] = [line for line in lines if line is not None]
    return {name: lines for name, lines in labels.items() if lines}


def _node_tags(values, current: str, per_neuron: bool) -> dict[str, list[Line]]:
    tags: dict[str, list[Line]] = {
        "i1": [Line(text=f"i1 = {fmt(values['i1'])}")],
        "i2": [Line(text=f"i2 = {fmt(values['i2'])}")],
    }
    for n in ("h1", "h2", "o1", "o2"):
        lines = [_line(values, current, "forward", "net", f"net_{n}"),
                 _line(values, current, "forward", "out", f"out_{n}"),
                 Line(text=f"target = {fmt(values[f'target_{n}'])}") if n[0] == "o" else None,
                 _line(values, current, "backward", "δ", f"delta_{n}", f"delta_{n}_plus")]
        tags[n] = [line for line in lines if line is not None]
    lines = [_line(values, current, "forward", "E_total", "E_total"),
             _line(values, current, "update", "E_total⁺", "E_total_new")]
    tags["E"] = [line for line in lines if line is not None]
    for b, neurons in (("b1", ("h1", "h2")), ("b2", ("o1", "o2"))):
        if per_neuron:
            tags[b] = [_parameter(values, current, f"b_{n}", f"b_{n}") for n in neurons]
        else:
            lines = [_parameter(values, current, b, b),
                     _line(values, current, "backward", f"∂E/∂{b}", f"dE_d{b}")]
            tags[b] = [line for line in lines if line is not None]
    return {name: lines for name, lines in tags.items() if lines}
