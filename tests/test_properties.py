"""Correct three ways, for any parameters: the numeric chain rule, sympy's exact derivative,
and central differences agree, for every combination of activation, loss, bias and order.

Tolerances: numeric vs symbolic 1e-12 relative; numeric vs central differences 1e-6
relative (fourth-order stencil, h = 1e-3). Each has an absolute floor for values that
are themselves the difference of nearly equal numbers (a gradient near a minimum, or
out - target when out is almost the target): there float64 can only promise
about 1e-16 times the size of the terms, so the floor is set from those terms.
"""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnlesson import Params, symbolic, trace
from nnlesson.gradcheck import central_difference
from nnlesson.params import INPUTS, LAYER_BIASES, NEURON_BIASES, WEIGHTS, parameter_names

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


@PROPERTY
@given(cases())
def test_numeric_equals_symbolic_for_every_step(case):
    params, options = case
    numeric = trace(params, options=options)
    exact = symbolic.evaluate(params, options=options)
    floor = 1e-15 * _scale(numeric)
    for step in numeric:
        assert step.value == pytest.approx(exact[step.name], rel=1e-12, abs=floor), step.name


def _kink_free(t) -> bool:
    # A ReLU's slope jumps at 0; a difference quotient straddling the jump measures neither side.
    names = []
    if t.options.hidden_activation == "relu":
        names += ["net_h1", "net_h2"]
    if t.options.output_activation == "relu":
        names += ["net_o1", "net_o2"]
    return all(abs(t.value(n)) > 0.05 for n in names)


@PROPERTY
@given(cases())
def test_backpropagation_equals_central_differences(case):
    params, options = case
    t = trace(params, options=options)
    assume(_kink_free(t))
    floor = 1e-9 * max(1.0, abs(t.value("E_total")))
    for name in parameter_names(options):
        fd = central_difference(params, name, options=options, h=1e-3, points=4)
        assert t.value(f"dE_d{name}") == pytest.approx(fd, rel=1e-6, abs=floor), name


@settings(max_examples=100, deadline=None)
@given(cases())
def test_updates_move_against_the_gradient(case):
    params, options = case
    t = trace(params, options=options)
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
