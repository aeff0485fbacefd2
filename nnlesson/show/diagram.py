"""The 2-2-2 network drawn as an SVG string: the step's nodes and edges lit, its values written on.

Taught in lesson 02, "The network and its notation", and shown beside every
step of the stepper. `draw` is a pure function of one `Step` and the values
known when that step is reached (`values_so_far`): every value so far is
written on, for a lesson's still picture. The stepper draws with `frames`
instead: one base drawing for a whole trace and, per step, what is lit and
the few labels that step needs (its own value and the numbers its formula
uses), which the page applies without asking the kernel.

Flow is told apart by colour AND by line style and arrow direction
(colour-blind safe, Okabe-Ito palette): forward is blue, solid, arrows to the
right; backward is vermillion, dashed, arrows to the left; an update is
bluish green and dotted. Arrowheads are drawn as paths, not markers: a marker
needs an id, and two drawings on one page (two lessons open) would share it.
Labels sit on white pills, so crossing lines never cut through digits.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from unicodedata import east_asian_width

from ..example.params import NEURON_BIASES, Params
from ..example.topology import EDGES, NODES
from ..formatting import fmt
from ..language import _

__all__ = ["BOLD", "COLOURS", "COMPACT", "DASHES", "FONT", "HEIGHT", "IDLE", "INK", "LABEL_AT",
           "LINE", "Layout", "Line", "NAME_FONT", "POSITIONS", "RADIUS", "TAG_SIDE",
           "TEXT_COLOURS", "WIDE", "WIDTH", "draw", "edge_label_at", "frames", "label_numbers",
           "place", "tag_position", "values_so_far"]

#: Okabe & Ito's colour-blind-safe palette: strokes, and darker shades of the same
#: hues for text so that small digits keep enough contrast on white.
COLOURS = {"forward": "#0072B2", "backward": "#D55E00", "update": "#009E73"}
TEXT_COLOURS = {"forward": "#005A8C", "backward": "#A8480A", "update": "#00704F"}
DASHES = {"forward": "", "backward": "10 6", "update": "3 5"}
IDLE = "#9A9A9A"
INK = "#1A1A1A"

#: Where each node's values go: centred above it, below it, or to its right.
TAG_SIDE = {"i1": "above", "i2": "below", "h1": "above", "h2": "below", "o1": "above",
            "o2": "below", "E": "below", "b1": "right", "b2": "right"}

#: Where along each edge (0 = source, 1 = target) its label sits. The crossing
#: diagonals are labelled nearer their targets so that their labels do not meet.
LABEL_AT = {"w2": 0.7, "w3": 0.7, "w6": 0.7, "w7": 0.7, "e_o1": 0.4, "e_o2": 0.4}


@dataclass(frozen=True, kw_only=True)
class Layout:
    """Where the nodes are and how large the text is, in the drawing's own units."""

    width: float
    height: float
    positions: Mapping[str, tuple[float, float]]
    radius: float
    font: float         # value labels
    name_font: float    # node names inside the circles, weight names on the edges
    line: float         # line height of a label

    def scaled(self, scale: float) -> Layout:
        """The same drawing with its text `scale` times larger (projector mode)."""
        return Layout(width=self.width, height=self.height, positions=self.positions,
                      radius=self.radius, font=self.font * scale,
                      name_font=self.name_font * scale, line=self.line * scale)


#: The still picture of a lesson: wide, every value so far written on.
WIDE = Layout(width=1280, height=580, radius=36, font=18, name_font=26, line=23, positions={
    "i1": (90, 160), "i2": (90, 370), "h1": (430, 160), "h2": (430, 370),
    "o1": (770, 160), "o2": (770, 370), "E": (1160, 265), "b1": (200, 535), "b2": (560, 535)})

#: The stepper's drawing: compact, beside the card, with only the labels a step needs.
COMPACT = Layout(width=600, height=300, radius=24, font=19, name_font=19, line=24, positions={
    "i1": (40, 40), "i2": (40, 200), "h1": (220, 40), "h2": (220, 200),
    "o1": (400, 40), "o2": (400, 200), "E": (560, 120), "b1": (130, 270), "b2": (310, 270)})

# The names other modules read (plots.network_drawing draws the wide picture).
WIDTH, HEIGHT, POSITIONS = WIDE.width, WIDE.height, WIDE.positions
RADIUS, FONT, NAME_FONT, LINE = WIDE.radius, WIDE.font, WIDE.name_font, WIDE.line

_FAMILY = "font-family:Arial,Helvetica,'Liberation Sans',sans-serif"


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


# --- what each label says, and where ------------------------------------------------------

@cache
def place(name: str) -> tuple[str, int, str, str] | None:
    """Where the value `name` is written: (node or edge, order in the label, text, flow).

    None for a name the drawing has no place for.
    """
    plus = "⁺" if name.endswith(("_plus", "_new")) else ""
    base = re.sub(r"_(plus|new)$", "", name)
    flow = "update" if name.endswith("_new") else ""
    if base in ("i1", "i2"):
        return base, 0, base, ""
    if re.fullmatch(r"w\d", base):
        return base, 0 if not plus else 2, base + plus, flow
    if base in ("b1", "b2"):
        return base, 0 if not plus else 2, base + plus, flow
    if base in NEURON_BIASES:
        node = "b1" if base[-2] == "h" else "b2"
        return node, 0 if not plus else 2, base + plus, flow
    if m := re.fullmatch(r"dE_d(w\d)", base):
        return m[1], 1, f"∂E/∂{m[1]}{plus}", "backward"
    if m := re.fullmatch(r"dE_d(b\d)", base):
        return m[1], 1, f"∂E/∂{m[1]}", "backward"
    if m := re.fullmatch(r"dE_d(b_[ho]\d)", base):
        return ("b1" if m[1][-2] == "h" else "b2"), 1, f"∂E/∂{m[1]}", "backward"
    if m := re.fullmatch(r"dnet_([ho]\d)_d(w\d)", base):
        return m[2], 1, f"∂net/∂{m[2]}", "backward"
    if m := re.fullmatch(r"dE_(o\d)_dout_(h\d)", base):
        edge = next(e for e, ends in EDGES.items() if set(ends) == {m[1], m[2]})
        return edge, 1, f"∂E_{m[1]}/∂out{plus}", "backward"
    if m := re.fullmatch(r"(net|out)_([ho]\d)", base):
        return m[2], 0 if m[1] == "net" else 1, m[1], "forward"
    if m := re.fullmatch(r"target_(o\d)", base):
        return m[1], 2, "target", ""
    if m := re.fullmatch(r"dout_([ho]\d)_dnet_\1", base):
        return m[1], 3, "∂out/∂net", "backward"
    if m := re.fullmatch(r"dE_total_dout_(h\d)", base):
        return m[1], 2, f"∂E/∂out{plus}", "backward"
    if m := re.fullmatch(r"delta_([ho]\d)", base):
        return m[1], 4, f"δ{plus}", "backward"
    if m := re.fullmatch(r"E_(o\d)", base):
        return f"e_{m[1]}", 0, base, "forward"
    if m := re.fullmatch(r"dE_total_dout_(o\d)", base):
        return f"e_{m[1]}", 1, "∂E/∂out", "backward"
    if base == "E_total":
        return "E", 0 if not plus else 1, f"E_total{plus}", "forward" if not plus else "update"
    if base == "learning_rate":
        return "eta", 0, "η", ""
    return None


def _labels(values: Mapping[str, float], current: str, names: Iterable[str]
            ) -> dict[str, list[Line]]:
    """The lines of every label that shows one of `names`, by node or edge."""
    placed: dict[str, list[tuple[int, Line]]] = {}
    for name in names:
        where = place(name)
        if where is None or values.get(name) is None:
            continue
        anchor, order, text, flow = where
        line = Line(text=f"{text} = {fmt(values[name])}", flow=flow, current=name == current)
        placed.setdefault(anchor, []).append((order, line))
    return {anchor: [line for _, line in sorted(lines, key=lambda p: p[0])]
            for anchor, lines in placed.items()}


#: Factors the still picture leaves to the card: only the stepper's labels show them.
_FACTORS = re.compile(r"dout_|dnet_|dE_o\d_dout|dE_total_dout_h|dE_db_[ho]")


def _so_far(values: Mapping[str, float]) -> list[str]:
    """Every known value once: an updated parameter (w5_new) replaces its old value, a
    recomputed factor (_plus, output-first order) the first one; per-neuron biases replace
    the layer biases they start from."""
    known = {n for n, v in values.items() if v is not None}
    per_neuron = "b_h1" in known
    return [n for n in values if n in known and n != "learning_rate"
            and not _FACTORS.match(n) and f"{n}_plus" not in known
            and not (f"{n}_new" in known and re.fullmatch(r"[wb]\w*", n))
            and not (per_neuron and n in ("b1", "b2"))]


# --- geometry -------------------------------------------------------------------------------

def _trim(layout: Layout, src: str, dst: str) -> tuple[float, float, float, float]:
    """The edge from circle to circle, not centre to centre (arrowheads stay visible)."""
    (x1, y1), (x2, y2) = layout.positions[src], layout.positions[dst]
    d = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / d, (y2 - y1) / d
    r = layout.radius
    return x1 + ux * r, y1 + uy * r, x2 - ux * r, y2 - uy * r


def edge_label_at(name: str, layout: Layout = WIDE) -> tuple[float, float]:
    """The centre of edge `name`'s label."""
    src, dst = EDGES[name]
    (x1, y1), (x2, y2) = layout.positions[src], layout.positions[dst]
    t = LABEL_AT.get(name, 0.5)
    return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t


def tag_position(node: str, lines: list[Line], layout: Layout = WIDE) -> tuple[float, float]:
    """The centre of `node`'s value tag holding `lines`."""
    if node == "eta":   # the learning rate has no node: top right, above E
        x, y = layout.positions["E"]
        return x - _label_width(lines, layout) / 2 + layout.radius, layout.radius
    x, y = layout.positions[node]
    side = TAG_SIDE[node]
    half = len(lines) * layout.line / 2
    if side == "above":
        return x, y - layout.radius - 8 - half
    if side == "below":
        return x, y + layout.radius + 8 + half
    return x + layout.radius + 10 + _label_width(lines, layout) / 2, y


def _arrowhead(layout: Layout, name: str, at_end: bool) -> str:
    """The path of an arrowhead on edge `name`, at its target (at_end) or at its source."""
    x1, y1, x2, y2 = _trim(layout, *EDGES[name])
    if not at_end:
        x1, y1, x2, y2 = x2, y2, x1, y1
    d = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / d, (y2 - y1) / d
    length, half = 17.0, 8.0
    bx, by = x2 - ux * length, y2 - uy * length
    return (f"M{x2:.0f},{y2:.0f}L{bx - uy * half:.0f},{by + ux * half:.0f}"
            f"L{bx + uy * half:.0f},{by - ux * half:.0f}Z")


# --- pieces ---------------------------------------------------------------------------------

def _edge_attrs(lit: bool, flow: str) -> str:
    if not lit:
        return f'stroke="{IDLE}" stroke-width="2" stroke-dasharray="none"'
    dash = DASHES[flow] or "none"
    return f'stroke="{COLOURS[flow]}" stroke-width="6" stroke-dasharray="{dash}"'


def _edge(layout: Layout, name: str, lit: bool, flow: str) -> str:
    x1, y1, x2, y2 = _trim(layout, *EDGES[name])
    # Forward flow and updates point from source to target; the backward pass the other way.
    end, start = _arrowhead(layout, name, True), _arrowhead(layout, name, False)
    head = (end if flow != "backward" else start) if lit else ""
    fill = COLOURS[flow] if lit else "none"
    return (f'<line data-edge="{name}" data-highlight="{str(lit).lower()}" x1="{x1:.1f}" '
            f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {_edge_attrs(lit, flow)}/>'
            f'<path data-head="{name}" data-end="{end}" data-start="{start}" d="{head}" '
            f'fill="{fill}"/>')


def _node_attrs(lit: bool, flow: str) -> str:
    stroke, width, fill = (COLOURS[flow], 6, "#FFFFFF") if lit else (INK, 2, "#F4F4F4")
    return f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"'


def _node(layout: Layout, name: str, lit: bool, flow: str) -> str:
    x, y = layout.positions[name]
    r = layout.radius
    shape = (f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" rx="8"'
             if name in ("b1", "b2", "E") else f'<circle cx="{x}" cy="{y}" r="{r}"')
    return (f'<g data-node="{name}" data-highlight="{str(lit).lower()}">{shape} '
            f'{_node_attrs(lit, flow)}/><text x="{x}" y="{y + layout.name_font * 0.35:.1f}" '
            f'text-anchor="middle" font-size="{layout.name_font:.0f}" font-weight="bold" '
            f'fill="{INK}">{name}</text></g>')


def _weight_name(layout: Layout, name: str) -> str:
    # The weight's name on its edge: where the stepper's drawing writes no value, it still
    # says which weight a line is.
    x, y = edge_label_at(name, layout)
    size = layout.name_font
    width = _text_width(name, size) + 8
    return (f'<g data-weight="{name}"><rect x="{x - width / 2:.1f}" y="{y - size * 0.65:.1f}" '
            f'width="{width:.1f}" height="{size * 1.3:.1f}" rx="5" fill="#FFFFFF"/>'
            f'<text x="{x:.1f}" y="{y + size * 0.35:.1f}" text-anchor="middle" '
            f'font-size="{size:.0f}" fill="{INK}">{name}</text></g>')


def _label(layout: Layout, centre: tuple[float, float], lines: list[Line], attrs: str) -> str:
    x, y = centre
    line = layout.line
    top = y - len(lines) * line / 2
    width = _label_width(lines, layout)
    parts = [f'<g {attrs}><rect x="{x - width / 2:.1f}" y="{top - 2:.1f}" width="{width:.1f}" '
             f'height="{len(lines) * line + 4:.1f}" rx="6" fill="#FFFFFF" fill-opacity="0.94"/>']
    for k, ln in enumerate(lines):
        colour = TEXT_COLOURS.get(ln.flow, INK)
        weight = ' font-weight="bold" text-decoration="underline"' if ln.current else ""
        current = ' data-current="true"' if ln.current else ""
        parts.append(f'<text x="{x:.1f}" y="{top + (k + 1) * line - line * 0.27:.1f}" '
                     f'text-anchor="middle" font-size="{layout.font:.0f}" fill="{colour}"'
                     f'{weight}{current}>{escape(ln.text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _label_width(lines: list[Line], layout: Layout) -> float:
    return max(_text_width(ln.text, layout.font, bold=ln.current) for ln in lines) + 14


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The drawn width of `text`, a little generous: Arial / Liberation Sans advance widths."""
    return _ems(text) * size * (BOLD if bold else 1.0)


@cache
def _ems(text: str) -> float:
    # A Chinese character (or full-width punctuation) is a whole em wide.
    return sum(0.3 if c in _NARROW else 0.8 if c in _WIDE
               else 1.0 if east_asian_width(c) in "WF" else 0.58 for c in text)


_NARROW = frozenset(" .,:;/()[]'ijlftrI-")
_WIDE = frozenset("mwWMEBCD")


def _label_markup(layout: Layout, labels: dict[str, list[Line]]) -> str:
    out = []
    for anchor, lines in labels.items():
        if anchor in EDGES:
            out.append(_label(layout, edge_label_at(anchor, layout), lines,
                              f'data-label="{anchor}"'))
        else:
            out.append(_label(layout, tag_position(anchor, lines, layout), lines,
                              f'data-tag="{anchor}"'))
    return "".join(out)


def _legend(layout: Layout, at: tuple[float, float]) -> str:
    parts = ['<g data-legend="true">']
    step = layout.line * 1.2
    for k, (flow, text) in enumerate((("forward", _("forward pass")),
                                      ("backward", _("backward pass (gradients)")),
                                      ("update", _("update")))):
        x, y = at[0], at[1] + step * k
        dash = f' stroke-dasharray="{DASHES[flow]}"' if DASHES[flow] else ""
        tip = x + 46 if flow != "backward" else x
        sign = -1 if flow != "backward" else 1
        head = (f"M{tip},{y}L{tip + sign * 14},{y - 7}L{tip + sign * 14},{y + 7}Z")
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x + 46}" y2="{y}" stroke="{COLOURS[flow]}" '
                     f'stroke-width="5"{dash}/><path d="{head}" fill="{COLOURS[flow]}"/>'
                     f'<text x="{x + 56}" y="{y + layout.font * 0.35:.1f}" '
                     f'font-size="{layout.font:.0f}" fill="{INK}">{escape(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _svg_open(view: tuple[float, float, float, float], attrs: str, style: str) -> str:
    x, y, w, h = view
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.0f} {y:.0f} {w:.0f} {h:.0f}" '
            f'class="nnl-svg" {attrs} style="{style};{_FAMILY}">')


# --- the still picture ------------------------------------------------------------------------

def draw(step, values: Mapping[str, float], *, scale: float = 1.0) -> str:
    """The network as an SVG string, with `step`'s nodes and edges lit and the values so far.

    `values` maps names (parameters and step names) to the numbers known so far;
    `scale` is the lesson's font scale (1.5 on a projector).
    """
    layout = WIDE
    flow = step.flow
    label = _("Step {number}: {text}", number=step.index + 1, text=step.text)
    out = [_svg_open((0, 0, layout.width, layout.height),
                     f'data-step="{step.index}" data-name="{escape(step.name)}" '
                     f'data-flow="{flow}" role="img" aria-label="{escape(label)}"',
                     f"width:100%;max-width:{layout.width * scale:.0f}px;height:auto")]
    for name in EDGES:
        out.append(_wide_edge(name, name in step.edges, flow))
    for name in NODES:
        out.append(_wide_node(name, name in step.nodes, flow))
    out.append(_label_markup(layout, _labels(values, step.name, _so_far(values))))
    out.append(_legend(layout, (layout.width - 350, layout.height - 75)))
    out.append("</svg>")
    return "".join(out)


@cache
def _wide_edge(name: str, lit: bool, flow: str) -> str:
    # A still picture's edge is the same in every picture that lights it alike.
    return _edge(WIDE, name, lit, flow)


@cache
def _wide_node(name: str, lit: bool, flow: str) -> str:
    return _node(WIDE, name, lit, flow)


# --- the stepper's drawing: one base, a state per step -----------------------------------------

def _focus(step, template_names: Iterable[str]) -> list[str]:
    """What a step's labels show: the numbers its formula uses, and its own value."""
    return list(dict.fromkeys([*template_names, step.name]))


#: Which band above or below the network a value's label goes to in the stepper's drawing.
_TOP = frozenset({"i1", "h1", "o1", "E", "eta", "w1", "w2", "w5", "w6", "e_o1"})


def _anchor_point(layout: Layout, anchor: str) -> tuple[float, float]:
    """The point a label's leader line ends at: an edge's label point, a node's rim."""
    if anchor in EDGES:
        return edge_label_at(anchor, layout)
    if anchor == "eta":
        x, y = layout.positions["E"]
        return x, y - layout.radius
    x, y = layout.positions[anchor]
    return x, y + (-layout.radius if anchor in _TOP else layout.radius)


def frames(trace, indices: Iterable[int], *, names: Mapping[int, Iterable[str]],
           scale: float = 1.0, text_scale: float | None = None) -> dict:
    """The stepper's drawing of `trace`'s steps `indices`: one base SVG, and what each step shows.

    `scale` enlarges the text and its line height; `text_scale`, when given, sets the text's
    size alone (projector mode: larger letters in the same bands).
    A step's state is what the page changes: the flow, the edges and nodes lit, and its
    labels (the values in `names[index]` and the step's own), by the node or edge they
    belong to (`text.anchors`: the point a leader line goes to, and whether the label sits
    in the band above or below the network; `text.places`: what a label calls a value).
    None of it depends on the numbers (`label_numbers` gives those): the page writes the
    numbers in, sizes each label to its text and stacks the labels in their bands
    (nnlesson/web/stepper.js, `placeLabels`), so a new number sends only numbers.
    """
    layout = COMPACT.scaled(scale)
    if text_scale is not None:
        layout = dataclasses.replace(layout, font=COMPACT.font * text_scale,
                                     name_font=COMPACT.name_font * text_scale)
    steps, places, anchors = [], {}, {}
    for index in indices:
        step = trace[index]
        labels: dict[str, list[tuple[int, str]]] = {}
        for name in _focus(step, names[index]):
            where = place(name)
            if where is None:
                continue
            anchor, order, text, flow = where
            labels.setdefault(anchor, []).append((order, name))
            places[name] = [f"{text} = ", flow, round(_ems(f"{text} = "), 4)]
            anchors[anchor] = [*(round(v, 1) for v in _anchor_point(layout, anchor)),
                               int(anchor in _TOP)]
        steps.append([step.flow, sorted(step.edges), sorted(step.nodes),
                      [[anchor, [name for _, name in sorted(lines, key=_first)]]
                       for anchor, lines in labels.items()]])
    legend, legend_bottom = _legend_row(layout, 0.0)
    ys = [y for _x, y in layout.positions.values()]
    base = [_svg_open((0, 0, layout.width, layout.height), 'role="img" aria-label=""',
                      "display:block;width:100%;height:auto")]
    base += [_edge(layout, name, False, "forward") for name in EDGES]
    base += [_weight_name(layout, name) for name in EDGES if name.startswith("w")]
    base += [_node(layout, name, False, "forward") for name in NODES]
    base.append('<g data-labels="true"></g>')
    base.append(legend)
    base.append("</svg>")
    looks: dict[str, dict[str, object]] = {"idle": {"edge": _attr_map(_edge_attrs(False, "")),
                      "node": _attr_map(_node_attrs(False, ""))}}
    for flow in COLOURS:
        looks[flow] = {"edge": _attr_map(_edge_attrs(True, flow)),
                       "node": _attr_map(_node_attrs(True, flow)), "head": COLOURS[flow],
                       "at": "start" if flow == "backward" else "end"}
    return {"svg": "".join(base), "looks": looks, "steps": steps,
            "text": {"font": round(layout.font, 1), "line": round(layout.line, 1),
                     "colours": {"": INK, **TEXT_COLOURS}, "edges": list(EDGES),
                     # What the page needs to size and stack the labels.
                     "width": layout.width, "height": layout.height,
                     "top": min(ys) - layout.radius - 10, "bottom": max(ys) + layout.radius + 10,
                     "legend": round(legend_bottom, 1), "bold": BOLD,
                     "ems": {c: _ems(c) for c in _NUMBER_CHARACTERS},
                     # Each name's words and flow, and each anchor's leader point and band.
                     "places": places, "anchors": anchors}}


def label_numbers(trace, decimals: int = 6) -> dict[str, str]:
    """The numbers the stepper's drawing writes on its labels, formatted, by name."""
    known = values_so_far(trace, len(trace) - 1)
    return {name: fmt(value, decimals) for name, value in known.items()
            if value is not None and place(name) is not None}


#: How much wider bold text is (a step's own value is bold in its label).
BOLD = 1.08
#: Every character `fmt` writes: the page adds their widths to a label's name.
_NUMBER_CHARACTERS = "0123456789.-+einaf"


def _first(pair):
    return pair[0]


def _legend_row(layout: Layout, top: float) -> tuple[str, float]:
    """The legend in as few rows as fit the drawing's width; returns it and its bottom."""
    items = (("forward", _("forward pass")), ("backward", _("backward pass (gradients)")),
             ("update", _("update")))
    parts, x, y = ['<g data-legend="true">'], 8.0, top + layout.line * 0.5
    for flow, text in items:
        width = 56 + _text_width(text, layout.font) + 24
        if x > 8 and x + width > layout.width:
            x, y = 8.0, y + layout.line * 1.1
        dash = f' stroke-dasharray="{DASHES[flow]}"' if DASHES[flow] else ""
        tip, sign = (x + 44, -1) if flow != "backward" else (x, 1)
        parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 44:.1f}" y2="{y:.1f}" '
                     f'stroke="{COLOURS[flow]}" stroke-width="5"{dash}/>'
                     f'<path d="M{tip:.1f},{y:.1f}L{tip + sign * 13:.1f},{y - 7:.1f}'
                     f'L{tip + sign * 13:.1f},{y + 7:.1f}Z" fill="{COLOURS[flow]}"/>'
                     f'<text x="{x + 52:.1f}" y="{y + layout.font * 0.35:.1f}" '
                     f'font-size="{layout.font:.0f}" fill="{INK}">{escape(text)}</text>')
        x += width
    parts.append("</g>")
    return "".join(parts), y + layout.line * 0.6


def _attr_map(attrs: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
