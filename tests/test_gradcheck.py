"""Finite differences (lesson 11): the check that needs no calculus, and its bad inputs."""

import pytest

from nnlesson import CLASSIC
from nnlesson.errors import ParameterError
from nnlesson.example import engine
from nnlesson.example.copies import check_rates
from nnlesson.example.finite_differences import central_difference, gradcheck


def test_both_stencils_agree_with_backpropagation():
    dE_dw5 = engine.gradients().of("w5")
    assert central_difference() == pytest.approx(dE_dw5, rel=1e-8)
    assert central_difference(points=4, h=1e-3) == pytest.approx(dE_dw5, rel=1e-11)
    assert all(error < 1e-6 for _, _, error in gradcheck().values())   # small gradients: ~1e-7


@pytest.mark.parametrize(("call", "needle"), [
    (lambda: central_difference(h=0), "h = 0: not a small step"),
    (lambda: central_difference(h="a"), "h = 'a': not a small step"),
    (lambda: central_difference(h=1.0), "at most 0.1"),
    (lambda: central_difference(points=3), "points = 3: not a supported stencil"),
    (lambda: central_difference(CLASSIC.replace(w5=1000)),
     r"h = 1e-06: moves w5 to 1000.000001, out of range.*at least 1h inside -1000..1000"),
    (lambda: central_difference(CLASSIC.replace(w5=-1000), points=4, h=1e-3),
     "moves w5 to -1000.001, out of range.*at least 2h inside"),
    (lambda: central_difference(parameter="b_h1"), "parameter = 'b_h1': has no gradient"),
    (lambda: check_rates(["a"]), r"learning_rates = \['a'\]: not numbers"),
])
def test_bad_input_is_refused_by_name(call, needle):
    with pytest.raises(ParameterError, match=needle):
        call()
