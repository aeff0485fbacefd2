"""The SVG network drawing: the step's nodes and edges lit, values so far, no overlaps, no ids.

`draw` is a lesson's still picture; `frames` is the stepper's drawing (one base, a
state per step, applied by the page). The page places the stepper's labels; that they
never overlap is checked in a browser (tests/browser/test_diagram_labels.py).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from nnlesson import CLASSIC, fmt, trace
from nnlesson.example.formulas import formulas
from nnlesson.example.topology import EDGES, NODES
from nnlesson.show.diagram import (
    COLOURS,
    HEIGHT,
    WIDTH,
    draw,
    frames,
    label_numbers,
    values_so_far,
)

from combos import DRAWING_SETTINGS

SVG = "{http://www.w3.org/2000/svg}"

SETTINGS = DRAWING_SETTINGS


def _svg(t, index):
    return ET.fromstring(draw(t[index], values_so_far(t, index)))


def _lit(root, kind):
    return {el.get(f"data-{kind}") for el in root.iter()
            if el.get(f"data-{kind}") and el.get("data-highlight") == "true"}


def _texts(root):
    """Every label's lines, by the node (data-tag) or edge (data-label) it belongs to."""
    out = {}
    for group in root.iter(f"{SVG}g"):
        key = group.get("data-tag") or group.get("data-label")
        if key:
            out[key] = [t.text for t in group.iter(f"{SVG}text")]
    return out


@pytest.mark.parametrize("setting", SETTINGS)
def test_exactly_the_steps_nodes_and_edges_are_highlighted(setting):
    params, choices = SETTINGS[setting]
    t = trace(params, **choices)
    for step in t:
        root = _svg(t, step.index)
        assert _lit(root, "node") == set(step.nodes), step.name
        assert _lit(root, "edge") == set(step.edges), step.name
        # Every node and edge is drawn, lit or not.
        assert {el.get("data-node") for el in root.iter() if el.get("data-node")} == set(NODES)
        assert {el.get("data-edge") for el in root.iter() if el.get("data-edge")} == set(EDGES)
        assert root.get("data-step") == str(step.index) and root.get("data-name") == step.name


def test_flows_differ_in_colour_and_in_line_style():
    t = trace()
    seen = {}
    for name in ("net_o1", "dE_dw5", "w5_new"):
        step = t[name]
        root = _svg(t, step.index)
        lit = [el for el in root.iter(f"{SVG}line") if el.get("data-highlight") == "true"]
        assert lit, name
        assert {el.get("stroke") for el in lit} == {COLOURS[step.flow]}
        heads = {el.get("data-head"): el for el in root.iter(f"{SVG}path") if el.get("data-head")}
        head = heads[lit[0].get("data-edge")]
        assert head.get("fill") == COLOURS[step.flow]
        seen[step.flow] = (lit[0].get("stroke-dasharray"),
                           head.get("d") == head.get("data-start"),
                           head.get("d") == head.get("data-end"))
        # Only lit edges carry an arrowhead.
        assert all(h.get("d") == "" for e, h in heads.items() if e not in step.edges)
    # Not by colour alone: solid vs dashed vs dotted, and backward arrows point the other way.
    assert len({style for style, _, _ in seen.values()}) == 3
    assert seen["forward"][2] and not seen["forward"][1]
    assert seen["backward"][1] and not seen["backward"][2]
    # Okabe-Ito blue, vermillion and bluish green.
    assert COLOURS == {"forward": "#0072B2", "backward": "#D55E00", "update": "#009E73"}


def test_no_ids_so_any_number_of_drawings_share_a_page():
    # A marker's id is global to the page: two lessons open at once, and url(#...) in one
    # drawing resolved to the other's (hidden) marker. Arrowheads are paths instead.
    t = trace()
    svgs = [draw(step, values_so_far(t, step.index)) for step in t]
    svgs.append(_frames(t)["svg"])
    for svg in svgs:
        assert not re.search(r"\sid=", svg) and "url(#" not in svg and "<marker" not in svg


def test_values_appear_when_computed_and_not_before():
    t = trace()
    shown = {  # step name -> (the label it appears in, its line)
        "net_h1": ("h1", "net = {}"), "out_h1": ("h1", "out = {}"),
        "net_o2": ("o2", "net = {}"), "out_o2": ("o2", "out = {}"),
        "E_o1": ("e_o1", "E_o1 = {}"), "E_total": ("E", "E_total = {}"),
        "dE_total_dout_o1": ("e_o1", "∂E/∂out = {}"), "delta_o1": ("o1", "δ = {}"),
        "dE_dw5": ("w5", "∂E/∂w5 = {}"), "delta_h2": ("h2", "δ = {}"),
        "dE_dw3": ("w3", "∂E/∂w3 = {}"), "dE_db1": ("b1", "∂E/∂b1 = {}"),
        "w5_new": ("w5", "w5⁺ = {}"), "w1_new": ("w1", "w1⁺ = {}"),
        "E_total_new": ("E", "E_total⁺ = {}"),
    }
    for index in range(len(t)):
        texts = _texts(_svg(t, index))
        for name, (where, line) in shown.items():
            text = line.format(fmt(t[name].value))
            present = text in texts.get(where, [])
            assert present == (t[name].index <= index), (index, name, texts.get(where))
    # The parameters are known from the start.
    first = _texts(_svg(t, 0))
    assert "w5 = 0.4" in first["w5"] and "i2 = 0.1" in first["i2"]
    assert "target = 0.01" in first["o1"] and "b2 = 0.6" in first["b2"]


def test_the_steps_own_value_is_marked_and_nothing_repeats_the_card():
    t = trace()
    for name in ("out_h1", "dE_dw5", "w5_new", "delta_h1"):
        step = t[name]
        root = _svg(t, step.index)
        current = [el.text for el in root.iter(f"{SVG}text") if el.get("data-current") == "true"]
        assert len(current) == 1 and current[0].endswith(fmt(step.value)), (name, current)
        # No caption line repeating the card's "with the numbers" row.
        assert not [el for el in root.iter(f"{SVG}text") if el.get("data-caption")]


def test_per_neuron_biases_are_shown_by_name():
    t = trace(bias="per-neuron")
    texts = _texts(_svg(t, len(t) - 1))
    assert texts["b1"] == [f"b_h1⁺ = {fmt(t.value('b_h1_new'))}",
                           f"b_h2⁺ = {fmt(t.value('b_h2_new'))}"]


def test_output_first_shows_the_recomputed_gradient():
    t = trace(order="output-first")
    texts = _texts(_svg(t, len(t) - 1))
    assert f"∂E/∂w1⁺ = {fmt(t.value('dE_dw1_plus'))}" in texts["w1"]


def _boxes(root):
    boxes = []
    for group in root.iter(f"{SVG}g"):
        key = group.get("data-tag") or group.get("data-label")
        if key:
            rect = group.find(f"{SVG}rect")
            boxes.append((key, *(float(rect.get(k)) for k in ("x", "y", "width", "height"))))
        elif group.get("data-node"):
            shape = group.find(f"{SVG}circle")
            name = group.get("data-node")
            if shape is not None:
                r, x, y = (float(shape.get(k)) for k in ("r", "cx", "cy"))
                boxes.append((name, x - r, y - r, 2 * r, 2 * r))
            else:
                rect = group.find(f"{SVG}rect")
                boxes.append((name, *(float(rect.get(k)) for k in ("x", "y", "width",
                                                                    "height"))))
    return boxes


def _overlap(a, b):
    _, ax, ay, aw, ah = a
    _, bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@pytest.mark.parametrize("setting", SETTINGS)
def test_no_label_overlaps_another_label_or_a_node(setting):
    # Each label sits on a white pill sized for Arial/Liberation Sans with a margin; no two
    # pills (or a pill and a node) may touch, at any step, so no digit is ever hidden.
    params, choices = SETTINGS[setting]
    t = trace(params, **choices)
    for index in range(len(t)):
        boxes = _boxes(_svg(t, index))
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (index, a, b)
        for name, x, y, w, h in boxes:
            assert 0 <= x and x + w <= WIDTH and 0 <= y and y + h <= HEIGHT, (index, name)


def test_labels_are_big_enough_for_a_classroom():
    root = _svg(trace(), 15)
    sizes = {float(el.get("font-size")) for el in root.iter(f"{SVG}text") if el.get("font-size")}
    sizes |= {float(el.get("font-size")) for el in root.iter(f"{SVG}g") if el.get("font-size")}
    assert min(sizes) >= 18
    # Drawn at natural size up to the full width of a 1280-pixel screen.
    assert re.search(r"max-width:\s*1280px", root.get("style"))


# --- the stepper's drawing --------------------------------------------------------------------

def _frames(t, scale=1.0, text_scale=None):
    fs = formulas(t.options)
    return frames(t, range(len(t)), names={i: fs[i].mathml.names for i in range(len(t))},
                  scale=scale, text_scale=text_scale)


def test_the_steppers_drawing_is_the_same_for_every_step_but_its_state():
    t = trace()
    data = _frames(t)
    assert len(data["steps"]) == len(t)
    for k, step in enumerate(t):
        flow, edges, nodes, labels = data["steps"][k]
        assert flow == step.flow and set(edges) == set(step.edges)
        assert set(nodes) == set(step.nodes)
        # The step's own value is always on the drawing.
        assert step.name in [name for _anchor, names in labels for name in names]
    # dE/dw5 shows its three factors beside its own value, each by its name in the drawing.
    places = data["text"]["places"]
    names = [n for _anchor, ns in data["steps"][t["dE_dw5"].index][3] for n in ns]
    assert sorted((n, places[n][0]) for n in names) == sorted([
        ("dE_total_dout_o1", "∂E/∂out = "), ("dout_o1_dnet_o1", "∂out/∂net = "),
        ("dnet_o1_dw5", "∂net/∂w5 = "), ("dE_dw5", "∂E/∂w5 = ")])


@pytest.mark.parametrize("setting", SETTINGS)
def test_the_steppers_drawing_does_not_depend_on_the_numbers(setting):
    # An edit sends the numbers alone: the drawing and its label states must not change.
    params, choices = SETTINGS[setting]
    assert _frames(trace(params, **choices)) == _frames(trace(CLASSIC, **choices))
    numbers = label_numbers(trace(params, **choices))
    t = trace(params, **choices)
    assert all(numbers[s.name] == fmt(s.value, 6) for s in t)
    # Every name a label shows has a number, and every character of it a width.
    widths = _frames(t)["text"]["ems"]
    for _flow, _edges, _nodes, labels in _frames(t)["steps"]:
        for _anchor, names in labels:
            for name in names:
                assert set(numbers[name]) <= set(widths), numbers[name]


def test_projector_labels_are_larger_in_the_same_drawing():
    t = trace()
    normal, big = _frames(t), _frames(t, scale=1.5)
    assert big["text"]["font"] == pytest.approx(1.5 * normal["text"]["font"])  # as asked
    # The same network, node for node: only the letters and their lines grow.
    where = lambda d: [(c.get("cx"), c.get("cy"), c.get("r"))  # noqa: E731
                       for c in ET.fromstring(d["svg"]).iter(f"{SVG}circle")]
    assert where(big) == where(normal) and len(where(normal)) == 6
    assert big["text"]["anchors"] == normal["text"]["anchors"]
    # Larger letters in the same bands (projector mode keeps the drawing on one screen).
    letters = _frames(t, scale=1.25, text_scale=1.35)
    assert letters["text"]["font"] == pytest.approx(1.35 * normal["text"]["font"], abs=0.1)
    assert letters["text"]["line"] == pytest.approx(1.25 * normal["text"]["line"])


def _escaped_and_read_back(step, svg):
    """Parse `svg` (it must be well-formed) and check the step's words survive unchanged."""
    root = ET.fromstring(svg)
    assert root.get("aria-label") == f"Step {step.index + 1}: {step.text}"
    assert root.get("data-name") == step.name
    return [el.text or "" for el in root.iter(f"{SVG}text")] + [root.get("aria-label")]


def test_text_is_escaped():
    # ReLU's formulas print as (0 if net_h1 <= 0 else net_h1): a raw "<" in the text.
    t = trace(hidden_activation="relu")
    special = []
    for index in range(len(t)):
        step = t[index]
        svg = draw(step, values_so_far(t, index))
        texts = _escaped_and_read_back(step, svg)
        if any("<" in text for text in texts):
            special.append(index)
            # In the markup itself the character is written as an entity, never raw.
            assert "&lt;=" in svg and "<=" not in svg and "< " not in svg, index
    # The check above ran on real special characters, not on none.
    assert special and special == [i for i in range(len(t)) if "<" in t[i].text]
    # Every character XML treats specially, in the text alternative and the name.
    step = dataclasses.replace(t[1], name='out_h1 <"&\'>',
                               text='out_h1 = a < b && c > "d" = <script>x</script> = 1')
    svg = draw(step, values_so_far(t, 1))
    _escaped_and_read_back(step, svg)
    assert "<script" not in svg and "&&" not in svg and "&lt;script&gt;" in svg
