"""Correct three ways, for any parameters: the numeric chain rule, sympy's exact derivative,
and central differences agree, for every combination of activation, loss, bias and order.

Tolerances: numeric vs symbolic 1e-12 relative; numeric vs central differences 1e-6
relative (fourth-order stencil, h = 1e-3). Each has an absolute floor for values that
are themselves the difference of nearly equal numbers (a gradient near a minimum, or
out - target when out is almost the target): there float64 can only promise
about 1e-16 times the size of the terms, so the floor is set from those terms.

The cross-entropy takes log(1 - out), and 1 - out is such a difference when a sigmoid
output saturates: out = 0.99999989 carries a rounding of 1e-16, which is 1e-9 of
1 - out. No float64 computation from out does better, so there the relative tolerance
is 1e-15 times the conditioning 1/(1 - out) (or 1/out). When an output rounds to
exactly 0 or 1 the engine refuses with a NumericError; the tests check that the exact
output really is that close before they accept the refusal.
"""

import math

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from nnlesson import Params, trace
from nnlesson.errors import NumericError
from nnlesson.example import engine, symbolic
from nnlesson.example.finite_differences import central_difference
from nnlesson.example.params import (
    INPUTS,
    LAYER_BIASES,
    NEURON_BIASES,
    WEIGHTS,
    Options,
    parameter_names,
)

from combos import ALL_OPTIONS

value = st.floats(-2, 2, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw):
    options = draw(st.sampled_from(ALL_OPTIONS))
    numbers = {n: draw(value) for n in INPUTS + WEIGHTS + LAYER_BIASES}
    unit = st.floats(0, 1) if options.loss == "cross-entropy" else st.floats(-1, 1)
    numbers["target_o1"], numbers["target_o2"] = draw(unit), draw(unit)
    numbers["learning_rate"] = draw(st.floats(0.01, 2))
    if options.bias == "per-neuron" and draw(st.booleans()):
        numbers.update({n: draw(value) for n in NEURON_BIASES})
    return Params(**numbers), options


PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _scale(t) -> float:
    return max(1.0, max(abs(v) for v in t.values.values()))


def _conditioning(t) -> float:
    """1, or for the cross-entropy the largest 1/out and 1/(1 - out), before and after the
    update (E_total_new is computed from the outputs after it)."""
    if t.options.loss != "cross-entropy":
        return 1.0
    after = engine.update(t.params, options=t.options).forward_after
    outs = (t.value("out_o1"), t.value("out_o2"), after.out_o1, after.out_o2)
    return max(1.0, *(max(1 / o, 1 / (1 - o)) for o in outs))


def _saturated(params, options) -> bool:
    """Whether an exact output, before or after the update, is too close to 0 or 1 for
    float64: 1 - out below 2**-52 (the sigmoid rounds to 1), or out below 1e-300."""
    states = [params]
    try:
        states.append(engine.update(params, options=options).after)
    except NumericError:
        pass  # the forward pass before the update refused: states[0] must show why
    for p in states:
        exact = symbolic.evaluate(p, options=options)
        if any(1 - exact[n] < 2**-52 or exact[n] < 1e-300 for n in ("out_o1", "out_o2")):
            return True
    return False


def _numeric_trace(params, options):
    """The numeric trace, or None when float64 cannot hold an output (checked, not assumed)."""
    try:
        return trace(params, options=options)
    except NumericError as exc:
        assert "cross-entropy is infinite" in str(exc), exc
        assert _saturated(params, options), f"refused without saturation: {exc}"
        return None


# Found by hypothesis: after the update out_o2 = 0.99999989 (log(1 - out) loses 1e-9 of
# its digits), and with target 1 it rounds to exactly 1 (the engine refuses).
_SATURATING = Params(i1=0, i2=1, w1=0, w2=0, w3=0, w4=0, w5=0, w6=0, w7=0, w8=0, b1=2, b2=-1,
                     target_o1=0, target_o2=0.75, learning_rate=2)
_RELU_CROSS_ENTROPY = Options(hidden_activation="relu", loss="cross-entropy",
                              order="output-first")


@PROPERTY
@given(cases())
@example((_SATURATING, _RELU_CROSS_ENTROPY))
@example((_SATURATING.replace(target_o2=1.0), _RELU_CROSS_ENTROPY))
@example((Params(i1=0, i2=5.684104534273452e-306, w1=0, w2=0, w3=0, w4=5.684104534273452e-306,
                 w5=0, w6=0, w7=0, w8=0, b1=0, b2=0, target_o1=0, target_o2=0, learning_rate=1),
          Options(hidden_activation="relu", output_activation="relu")))   # net_h2 underflows
def test_numeric_equals_symbolic_for_every_step(case):
    params, options = case
    numeric = _numeric_trace(params, options)
    assume(numeric is not None)
    exact = symbolic.evaluate(params, options=options)
    assume(_clear_of_kinks(numeric))
    floor = 1e-15 * _scale(numeric)
    rel = max(1e-12, 1e-15 * _conditioning(numeric))
    for step in numeric:
        assert step.value == pytest.approx(exact[step.name], rel=rel, abs=floor), step.name


def _relu_nets(options) -> list[str]:
    names = []
    if options.hidden_activation == "relu":
        names += ["net_h1", "net_h2"]
    if options.output_activation == "relu":
        names += ["net_o1", "net_o2"]
    return names


def _kink_free(t) -> bool:
    # A ReLU's slope jumps at 0; a difference quotient straddling the jump measures neither side.
    return all(abs(t.value(n)) > 0.05 for n in _relu_nets(t.options))


#: The terms of each net input: (weight, input) pairs, then the neuron.
_TERMS = {"net_h1": ((("w1", "i1"), ("w2", "i2")), "h1"),
          "net_h2": ((("w3", "i1"), ("w4", "i2")), "h2"),
          "net_o1": ((("w5", "out_h1"), ("w6", "out_h2")), "o1"),
          "net_o2": ((("w7", "out_h1"), ("w8", "out_h2")), "o2")}


def _clear_of_kinks(t) -> bool:
    # A net input within rounding of 0 (5.7e-306 * 5.7e-306 underflows to 0) can fall on
    # the other side of ReLU's jump in float64 than in exact arithmetic: its slope is then
    # 0 in one and 1 in the other, and no tolerance covers that. Rounding is at most about
    # 1e-16 of the terms' size, and below 1e-300 products underflow.
    p = t.params
    known = {**p.values(), **t.values}
    for name in _relu_nets(t.options):
        pairs, neuron = _TERMS[name]
        size = sum(abs(known[w] * known[x]) for w, x in pairs) + abs(p.bias(neuron))
        if abs(t.value(name)) <= 1e-15 * size + 1e-300:
            return False
    return True


@PROPERTY
@given(cases())
def test_backpropagation_equals_central_differences(case):
    params, options = case
    t = _numeric_trace(params, options)
    assume(t is not None and _kink_free(t))
    # Rounding in E (1e-16 times its conditioning) divided by h = 1e-3.
    floor = max(1e-9, 1e-13 * _conditioning(t)) * max(1.0, abs(t.value("E_total")))
    for name in parameter_names(options):
        fd = central_difference(params, name, options=options, h=1e-3, points=4)
        assert t.value(f"dE_d{name}") == pytest.approx(fd, rel=1e-6, abs=floor), name


@settings(max_examples=100, deadline=None)
@given(cases())
def test_updates_move_against_the_gradient(case):
    params, options = case
    t = _numeric_trace(params, options)
    assume(t is not None)
    for name, after in t.updated.items():
        before = params.bias(name[2:]) if name in NEURON_BIASES else getattr(params, name)
        trained = name in WEIGHTS or name in options.trained_biases
        if not trained:
            assert after == before
        elif options.order == "simultaneous" or name in ("w5", "w6", "w7", "w8", "b2", "b_o1",
                                                          "b_o2"):
            expected = before - params.learning_rate * t.value(f"dE_d{name}")
            assert after == pytest.approx(expected, rel=1e-15, abs=1e-300)
        else:
            expected = before - params.learning_rate * t.value(f"dE_d{name}_plus")
            assert after == pytest.approx(expected, rel=1e-15, abs=1e-300)
    assert math.isfinite(t.value("E_total_new"))
