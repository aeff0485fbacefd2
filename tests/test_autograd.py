"""The scalar autograd of lesson 07: gradients against sympy and central differences, the
fork rule, and the backward pass one step at a time equal to the whole of it."""

from __future__ import annotations

import math
import random

import pytest
import sympy as sp

from nnlesson.errors import ParameterError
from nnlesson.maths.autograd import Value
from nnlesson.maths.differences import central


def expression(a, b, c, sigmoid):
    """A small expression with every operation, a fork (a is used three times) and constants."""
    s = sigmoid(a * b + c)
    return 0.5 * (s - a) ** 2 + a * c - (b - 3.0) * a


def as_values(numbers):
    return [Value(x, name=n) for n, x in zip("abc", numbers, strict=True)]


def sympy_gradient(numbers):
    symbols = sp.symbols("a b c", real=True)
    f = expression(*symbols, sigmoid=lambda x: 1 / (1 + sp.exp(-x)))
    at = dict(zip(symbols, (sp.Rational(repr(x)) for x in numbers), strict=True))
    return [float(sp.diff(f, s).subs(at).evalf(30)) for s in symbols]


POINTS = [(0.15, -0.4, 0.35), (2.0, -3.0, 0.5), (-1.25, 0.75, -2.0)] + [
    tuple(random.Random(seed).uniform(-3, 3) for _ in range(3)) for seed in range(10)]


@pytest.mark.parametrize("numbers", POINTS)
def test_gradients_equal_sympys_derivatives(numbers):
    a, b, c = as_values(numbers)
    f = expression(a, b, c, sigmoid=Value.sigmoid)
    f.backward()
    # float64 against 30 digits: a dozen operations of condition at most a few.
    assert [a.grad, b.grad, c.grad] == pytest.approx(sympy_gradient(numbers), rel=1e-12,
                                                     abs=1e-14)
    plain = expression(*numbers, sigmoid=lambda x: 1 / (1 + math.exp(-x)))
    assert f.data == pytest.approx(plain, rel=1e-14)


@pytest.mark.parametrize("numbers", POINTS)
def test_gradients_equal_central_differences(numbers):
    values = as_values(numbers)
    f = expression(*values, sigmoid=Value.sigmoid)
    f.backward()
    for k, v in enumerate(values):
        def moved(h, k=k):
            shifted = list(numbers)
            shifted[k] += h
            return expression(*as_values(shifted), sigmoid=Value.sigmoid).data
        # The four-point stencil with h = 1e-3 leaves about 1e-12 of truncation and rounding.
        assert v.grad == pytest.approx(central(moved, 1e-3, points=4), rel=1e-8, abs=1e-9)


def test_a_fork_adds_the_gradients_that_come_back():
    x = Value(3.0, name="x")
    y = (x * x + x).named("y")      # dy/dx = 2x + 1: x reaches y along three uses
    y.backward()
    assert x.grad == 7.0
    steps = list(y.backward_steps())
    # The multiply sends x a gradient twice in one step; the second use is a fork.
    product = next(s for s in steps if s.rule == "multiply")
    assert product.before[0] is not None and product.before[1] is not None
    assert "at a fork the gradients add" in product.explanation
    assert x.grad == 7.0            # a second backward pass starts again from 0


def test_the_step_by_step_backward_pass_equals_backward():
    numbers = (0.7, -1.1, 0.2)
    whole = as_values(numbers)
    f = expression(*whole, sigmoid=Value.sigmoid)
    f.backward()
    stepped = as_values(numbers)
    g = expression(*stepped, sigmoid=Value.sigmoid)
    steps = list(g.backward_steps())
    assert [v.grad for v in stepped] == [v.grad for v in whole]
    assert steps[0].rule == "start" and steps[0].grad == 1.0 and steps[0].node is g
    assert [s.index for s in steps] == list(range(len(steps)))
    # Reverse topological order: a node passes its gradient on after every node that uses it.
    when = {id(s.node): s.index for s in steps[1:]}
    for s in steps[1:]:
        for x, local, sent in zip(s.inputs, s.local, s.sent, strict=True):
            assert sent == s.grad * local
            if id(x) in when:
                assert when[id(x)] > s.index
    # Each step's gradients, added up, are the final ones.
    arrived: dict[int, float] = {}
    for s in steps[1:]:
        for x, sent in zip(s.inputs, s.sent, strict=True):
            arrived[id(x)] = arrived.get(id(x), 0.0) + sent
    assert [arrived[id(v)] for v in stepped] == [v.grad for v in stepped]


def test_each_rule_says_what_it_does():
    a, b = Value(2.0, name="a"), Value(-3.0, name="b")
    e = ((a * b).named("c") - a).named("d").sigmoid().named("s").square().named("e")
    e = (e + b).named("f")
    said = {s.rule: s.explanation for s in e.backward_steps()}
    assert said["start"].startswith("The backward pass starts at f")
    assert "passes its gradient 1 on unchanged to each input (e, b)" in said["add"]
    assert "a subtraction passes its gradient" in said["subtract"]
    assert "and its negative" in said["subtract"]
    assert "a multiply swaps its inputs" in said["multiply"]
    assert "s(1 − s)" in said["sigmoid"]
    assert "a square multiplies by 2 × s" in said["square"]
    assert "(-3)" in said["multiply"]           # a negative factor in brackets


def test_operations_and_their_local_derivatives():
    a, b = Value(2.0), Value(5.0)
    assert (a * b).local == (5.0, 2.0)           # a product swaps its inputs
    assert (a - b).local == (1.0, -1.0)
    assert (1 - a).data == -1.0 and (3 * a).data == 6.0 and (a + 1).data == 3.0
    assert (-a).data == -2.0
    assert Value.sum(a, b, 1.0).local == (1.0, 1.0, 1.0) and Value.sum(a, b, 1.0).data == 8.0
    assert (a ** 2).op == "square" and a.square().local == (4.0,)
    with pytest.raises(ParameterError, match="exponent = 3"):
        a ** 3
    # No overflow at either end of the sigmoid.
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0


def test_repr_is_short_and_stable():
    w5 = Value(0.4, name="w5")
    y = w5 * 2
    assert repr(w5) == "Value(w5: data=0.4, grad=0)"
    assert repr(y) == "Value(*: data=0.8, grad=0)"
    y.backward()
    assert repr(w5) == "Value(w5: data=0.4, grad=2)"
    assert repr(next(iter(y.backward_steps()))) == "BackwardStep(0: *, start)"


def test_a_deep_chain_needs_no_recursion():
    x = Value(0.1, name="x")
    y = x
    for _ in range(5000):
        y = y + 0.0
    y.backward()
    assert x.grad == 1.0
