"""The trace: one ordered list of steps that every view shows."""

import pytest

from nnlesson import CLASSIC, fmt, trace
from nnlesson.errors import ParameterError
from nnlesson.example.symbolic import PHASES
from nnlesson.example.topology import EDGES, NODES

from combos import ALL_OPTIONS, label


def test_phases_come_in_lesson_order():
    t = trace()
    phases = [s.phase for s in t]
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p] == list(PHASES)
    assert [s.index for s in t] == list(range(len(t)))


def test_every_step_names_what_it_uses_and_those_come_earlier():
    t = trace(order="output-first", bias="per-neuron")
    for step in t:
        for used in step.uses:
            assert t[used].index < step.index, (step.name, used)


def test_gradient_steps_list_their_chain_factors():
    t = trace()
    assert t["dE_dw5"].uses == ("dE_total_dout_o1", "dout_o1_dnet_o1", "dnet_o1_dw5")
    assert t["dE_total_dout_h1"].uses == ("dE_o1_dout_h1", "dE_o2_dout_h1")
    assert t["w5_new"].uses == ("dE_dw5",)


def test_substituted_formula_shows_the_numbers_of_its_factors():
    t = trace()
    step = t["dE_dw5"]
    assert step.substituted == " \\cdot ".join(fmt(t.value(n)) for n in step.uses)
    assert t["E_o2"].substituted == r"\frac{\left(0.99 - 0.772928465\right)^{2}}{2}"
    assert t["dE_o2_dout_h1"].substituted == r"\left(-0.038098237\right) \cdot 0.5"


def test_the_diagram_parts_of_a_step():
    t = trace()
    assert t["net_h1"].nodes == {"i1", "i2", "b1", "h1"}
    assert t["net_h1"].edges == {"w1", "w2", "b_h1"}
    assert t["dE_dw5"].edges == {"w5", "e_o1"} and t["dE_dw5"].flow == "backward"
    assert t["dE_o2_dout_h1"].edges == {"w7"} and t["dE_o2_dout_h1"].nodes == {"h1", "o2"}
    for step in t:
        assert step.nodes <= set(NODES) and step.edges <= set(EDGES), step.name


@pytest.mark.parametrize("options", ALL_OPTIONS, ids=label)
def test_every_option_traces_with_formulas_and_explanations(options):
    t = trace(options=options)
    for step in t:
        assert step.formula and step.substituted and step.explanation, step.name
        assert "nan" not in step.text
    assert len(t.gradients) == (12 if options.bias == "per-neuron" else 10)
    plus = [s.name for s in t if s.name.endswith("_plus")]
    assert bool(plus) == (options.order == "output-first")


def test_frozen_biases_have_gradients_but_no_update_step():
    t = trace()
    assert "dE_db1" in t and "b1_new" not in t
    assert t.updated["b1"] == CLASSIC.b1
    assert "computed but not applied" in t["dE_db1"].explanation


def test_edits_change_the_trace():
    a, b = trace(), trace(CLASSIC.replace(w5=0.1))
    assert a.value("net_h1") == b.value("net_h1") and a.value("E_total") != b.value("E_total")
    assert "0.1 \\cdot 0.593269992" in b["net_o1"].substituted


def test_lookup_errors_are_clear():
    t = trace()
    with pytest.raises(KeyError, match="no step named 'dE_dw9'"):
        t["dE_dw9"]
    with pytest.raises(ParameterError, match="phase = 'backward': not a phase"):
        t.phase_start("backward")
    with pytest.raises(ParameterError, match="engine = 'fast'"):
        trace(engine="fast")


def test_latex_line_and_repr():
    t = trace()
    assert t["net_h1"].latex == (r"net_{h1} = w_{1} \cdot i_{1} + w_{2} \cdot i_{2} + b_{1} = "
                                 r"0.15 \cdot 0.05 + 0.2 \cdot 0.1 + 0.35 = 0.3775")
    assert repr(t) == "Trace(54 steps, engine='numeric', E_total=0.298371109)"


def test_relu_reads_as_a_learner_writes_it_in_text():
    t = trace(hidden_activation="relu")
    assert t["out_h1"].text == ("out_h1 = (0 if net_h1 <= 0 else net_h1) = "
                                "(0 if 0.3775 <= 0 else 0.3775) = 0.3775")
    assert t["dout_h1_dnet_h1"].text.startswith("dout_h1/dnet_h1 = (0 if net_h1 <= 0 else 1)")


def test_a_shared_bias_adds_up_its_deltas_and_a_neurons_own_bias_does_not():
    # Issue 12: lesson 10's per-neuron captions said "added up", against "no sum" in its text.
    shared, own = trace(bias="shared"), trace(bias="per-neuron")
    for bias, deltas in (("b1", ("delta_h1", "delta_h2")), ("b2", ("delta_o1", "delta_o2"))):
        sentence = shared[f"dE_d{bias}"].explanation
        assert "added up" in sentence and " + ".join(deltas) in sentence
        assert shared.value(f"dE_d{bias}") == pytest.approx(sum(shared.value(d) for d in deltas),
                                                            rel=1e-15)
    for neuron in ("h1", "h2", "o1", "o2"):
        sentence = own[f"dE_db_{neuron}"].explanation
        assert "added up" not in sentence and "nothing to add up" in sentence
        assert f"{neuron}'s delta" in sentence
        assert own.value(f"dE_db_{neuron}") == own.value(f"delta_{neuron}")


@pytest.mark.parametrize("options", ALL_OPTIONS, ids=label)
def test_the_update_rule_is_said_once_and_each_update_says_which_way_it_moves(options):
    t = trace(options=options)
    updates = [s for s in t.in_phase("update")
               if s.name.endswith("_new") and s.name != "E_total_new"]
    rule = "Gradient descent: move"
    assert rule in updates[0].explanation
    assert all(rule not in s.explanation for s in updates[1:])
    assert len({s.explanation for s in updates}) > 1 or len(updates) == 1
    for step in updates:
        parameter = step.name.removesuffix("_new")
        gradient = t.value(f"dE_d{parameter}_plus" if f"dE_d{parameter}_plus" in t
                           else f"dE_d{parameter}")
        moved = t.value(step.name) - (t.params.bias(parameter[2:]) if parameter.startswith("b_")
                                      else getattr(t.params, parameter))
        expected = "moves down" if gradient > 0 else "moves up" if gradient < 0 else "stays"
        assert expected in step.explanation, step.name
        assert (moved < 0) == (gradient > 0) and (moved > 0) == (gradient < 0), step.name


def test_the_bias_regex_leaves_recomputed_bias_gradients_to_the_output_first_sentence():
    t = trace(bias="shared", order="output-first")
    assert t["dE_db1_plus"].explanation.startswith("Output-first order")
