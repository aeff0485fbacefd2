"""The computational graph of lesson 07: its gradients are the engine's, its drawing names
itself and keeps its ids apart, and the graph stepper moves one backward step at a time."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest

from nnlesson import CLASSIC, Options, ParameterError, Params, forward, gradients, trace, widgets
from nnlesson.example.graph import HALF, computational_graph, matching_step
from nnlesson.maths.compare import ROUNDING, agree
from nnlesson.show.graph import graph_gradients, graph_picture, graph_step, graph_svg, graph_table


def random_params(seed: int) -> Params:
    rng = random.Random(seed)
    return CLASSIC.replace(
        **{name: rng.uniform(0, 1) for name in ("i1", "i2", "target_o1", "target_o2")},
        **{f"w{k}": rng.uniform(-3, 3) for k in range(1, 9)},
        b1=rng.uniform(-2, 2), b2=rng.uniform(-2, 2))


def assert_same_as_engine(params: Params) -> None:
    graph = computational_graph(params)
    engine = gradients(params)
    names = list(graph.gradients)
    assert names == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]
    # Two float64 routes to one gradient (math.exp here, the engine's lambdified sigmoid
    # there): ROUNDING is the stated drift of such routes (nnlesson.maths.compare).
    assert agree([graph.gradients[n] for n in names], [engine.of(n) for n in names],
                 to=ROUNDING), params
    fwd = forward(params)
    named = [n for n in vars(fwd)]
    assert agree([graph[n].value for n in named], [getattr(fwd, n) for n in named], to=ROUNDING)


def test_the_classic_graphs_gradients_are_the_engines():
    assert_same_as_engine(CLASSIC)


@pytest.mark.parametrize("seed", range(50))
def test_the_graphs_gradients_are_the_engines_for_random_numbers(seed):
    assert_same_as_engine(random_params(seed))


def test_every_node_is_named_once_and_the_graph_is_the_posts():
    graph = computational_graph()
    names = [n.name for n in graph.nodes]
    assert all(names) and len(set(names)) == len(names)
    for name in ("w5", "net_o1", "out_o1", "E_o1", "E_total", "w5·out_h1", "diff_o1", HALF):
        assert name in names
    assert names[-1] == "E_total" and graph["E_total"].inputs == ("E_o1", "E_o2")
    assert graph["net_h1"].inputs == ("w1·i1", "w2·i2", "b1") and graph["net_h1"].op == "+"
    assert graph["E_o1"].inputs == (HALF, "diff_o1²") and graph[HALF].kind == "constant"
    assert graph["diff_o1"].inputs == ("target_o1", "out_o1") and graph["diff_o1"].op == "-"
    assert {n.op for n in graph.nodes} == {"", "+", "-", "*", "sigmoid", "square"}
    # Forward order: every node comes after the nodes it is computed from.
    position = {name: k for k, name in enumerate(names)}
    assert all(position[x] < position[n.name] for n in graph.nodes for x in n.inputs)
    assert len(graph.edges) == sum(len(n.inputs) for n in graph.nodes)
    assert repr(graph) == "Graph(38 nodes, 24 backward steps, E_total=0.298371109)"
    with pytest.raises(KeyError, match="no node named"):
        graph["net_h3"]


def test_gradients_so_far_grow_to_the_final_ones():
    graph = computational_graph()
    assert graph.grads_at(-1) == {}
    assert graph.grads_at(0) == {"E_total": 1.0}
    final = graph.grads_at(len(graph.steps) - 1)
    assert final == {n.name: n.grad for n in graph.nodes}
    # out_h1 has one path of two after the step at w5·out_h1, both after the one at w7·out_h1.
    first = next(s.index for s in graph.steps if s.node.name == "w5·out_h1")
    second = next(s.index for s in graph.steps if s.node.name == "w7·out_h1")
    t = trace()
    assert graph.grads_at(first)["out_h1"] == pytest.approx(t.value("dE_o1_dout_h1"), rel=1e-15)
    assert graph.grads_at(second)["out_h1"] == pytest.approx(t.value("dE_total_dout_h1"),
                                                             rel=1e-15)


def test_each_backward_step_matches_a_trace_step_with_the_same_quantity():
    graph = computational_graph()
    t = trace()
    assert len(graph.matches) == len(graph.steps)
    for k, name in enumerate(graph.matches):
        assert matching_step(graph, k, t).name == name
    at = {s.node.name: graph.matches[s.index] for s in graph.steps[1:]}
    assert at["out_o1"] == "delta_o1" and at["diff_o1"] == "dE_total_dout_o1"
    assert at["w5·out_h1"] == "dE_dw5" and at["w7·out_h1"] == "dE_total_dout_h1"
    assert at["w1·i1"] == "dE_dw1" and graph.matches[0] == "E_total"
    # Where a step completes a trace quantity, the two have the same value.
    for s in graph.steps:
        name = graph.matches[s.index]
        received = graph.grads_at(s.index)
        same = [x.name for x in s.inputs if x.name in received
                and received[x.name] == pytest.approx(t.value(name), rel=1e-15)]
        if name.startswith(("dE_d", "delta_", "dE_total_dout")) and s.node.name not in (
                "net_o1", "net_o2", "net_h1", "net_h2"):
            assert same, (s, name)
    with pytest.raises(ParameterError, match="not a step of the backward pass"):
        matching_step(graph, len(graph.steps))


@pytest.mark.parametrize("choice", [{"hidden_activation": "tanh"}, {"loss": "squared"},
                                    {"output_activation": "identity"}, {"bias": "shared"}])
def test_other_options_are_refused_by_name(choice):
    (name, value), = choice.items()
    with pytest.raises(ParameterError) as refused:
        computational_graph(**choice)
    assert refused.value.name == name and refused.value.value == value
    assert "lesson 07" in str(refused.value) and "(the post's choice)" in str(refused.value)
    with pytest.raises(ParameterError):
        computational_graph(options=Options(**choice))


def ids(svg: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', svg)


def test_svg_ids_are_unique_across_two_drawings_and_every_reference_resolves():
    graph = computational_graph()
    one, two = graph_svg(graph, 5), graph_svg(graph, 5)
    both = ids(one) + ids(two)
    assert both and len(both) == len(set(both))
    for svg in (one, two):
        references = set(re.findall(r"url\(#([^)]+)\)", svg))
        labels = set(re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', svg))
        assert references and references | labels <= set(ids(svg))
    assert ids(graph_svg(graph, 5, token="mine"))[0].startswith("mine-")


def test_the_drawing_names_what_it_shows():
    graph = computational_graph()
    svg = graph_svg(graph)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title = root.find(f"{ns}title")
    assert title is not None and "computational graph of the 2-2-2 network" in title.text
    assert root.get("aria-labelledby") == title.get("id")
    assert "E_total = 0.298371109" in root.find(f"{ns}desc").text
    # The forward pass alone: values, no gradients, nothing lit.
    assert 'data-grad="true"' not in svg and 'data-highlight="current"' not in svg
    assert ">0.593270<" not in svg and ">0.59327<" in svg          # out_h1 at six decimals
    step = graph.steps[5]
    lit = ET.fromstring(graph_svg(graph, 5))
    assert lit.get("data-node") == step.node.name == "out_o1"
    current = [g.get("data-node") for g in lit.iter(f"{ns}g")
               if g.get("data-highlight") == "current"]
    receiving = [g.get("data-node") for g in lit.iter(f"{ns}g")
                 if g.get("data-highlight") == "receiving"]
    assert current == ["out_o1"] and receiving == ["net_o1"]
    assert step.explanation in lit.find(f"{ns}desc").text
    assert len([e for e in lit.iter(f"{ns}line") if e.get("data-highlight") == "true"]) == 1


def test_lesson_helpers_show_the_packages_numbers():
    graph = computational_graph()
    picture = graph_picture(graph)
    assert "E_total = 0.298371109" in picture.text and picture.svg
    assert "gradient" not in picture.text.split("\n", 2)[2]
    table = graph_table(graph, ["net_h1", "E_o1"])
    assert "w1·i1 + w2·i2 + b1" in table.text and "½ × diff_o1²" in table.text
    compared = graph_gradients(graph, gradients(CLASSIC))
    assert compared.text.count("0.082167041") == 2
    assert "a multiply swaps its inputs" in graph_step(graph, "w5·out_h1").text
    with pytest.raises(ParameterError, match="not a node that passes a gradient back"):
        graph_step(graph, "w5")


def test_the_graph_stepper_moves_one_backward_step_at_a_time():
    ui = widgets.GraphStepper()
    model = ui.model
    assert model.index == 0 and ui.first.disabled and ui.previous.disabled
    for button, name in ((ui.first, "First"), (ui.previous, "Previous"), (ui.next, "Next"),
                         (ui.last, "Last")):
        assert button.description == name and button.tooltip
    rule, picture = ui.rule.value, ui.graph.value
    ui.next.click()
    assert model.index == 1 and ui.slider.value == 1
    assert ui.rule.value != rule and "E_total is a sum" in ui.rule.value
    assert 'data-node="E_total"' in ui.graph.value and ui.graph.value != picture
    # Four more: the step at out_o1, whose sigmoid turns its gradient into delta_o1.
    for _ in range(4):
        ui.next.click()
    assert model.step.node.name == "out_o1" and "s(1 − s)" in ui.rule.value
    assert 'data-node="out_o1"' in ui.graph.value
    assert 'data-name="delta_o1"' in ui.diagram.value        # the network at the same quantity
    model.go(next(s.index for s in model.graph.steps if s.node.name == "w7·out_h1"))
    assert 'data-name="dE_total_dout_h1"' in ui.diagram.value
    assert "trace step 29: dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1" in ui.matched.value
    assert "at a fork the gradients add" in ui.rule.value
    assert model.matching.name == "dE_total_dout_h1"
    ui.last.click()
    assert model.index == len(model.graph.steps) - 1 and ui.next.disabled
    model.index = 999
    assert model.index == model.last
    model.index = -5
    assert model.index == 0
    ui.slider.value = 3
    assert model.index == 3
    assert repr(ui) == "GraphStepper(step 3: diff_o1²)"
    ui.close()


def test_a_graph_model_starts_where_it_is_told():
    model = widgets.GraphModel(CLASSIC.replace(w5=-1.0), index=7)
    ui = widgets.GraphStepper(model)
    assert ui.slider.value == 7 and model.step.node.name == "w5·out_h1"
    assert repr(model).startswith("GraphModel(step 7: w5·out_h1, Graph(38 nodes")
    with pytest.raises(ParameterError):
        widgets.GraphModel(CLASSIC.replace(b_h1=0.1))
