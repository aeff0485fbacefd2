"""Lesson 13's two famous simplifications: derived from the one definitions, step by step, and
sympy's proofs hold."""

import numpy as np
import pytest
import sympy as sp

from nnlesson import show
from nnlesson.maths.activations import sigmoid, x, y
from nnlesson.maths.losses import cross_entropy, o, t
from nnlesson.maths.simplifications import (
    STEP_KINDS,
    sigmoid_cross_entropy,
    softmax_cross_entropy,
)
from nnlesson.maths.softmax import loss_expr, softmax_exprs, symbols
from nnlesson.practice import questions


def test_sigmoid_with_cross_entropy_is_output_minus_target():
    d = sigmoid_cross_entropy()
    a, a_of_z = d.outputs[0]
    assert d.equal
    assert d.result == a - t
    # The definitions are the package's own, not retyped: sigma(z) and E(t, a).
    z = d.variable
    assert dict(d.definitions)[a] == sigmoid.expr.xreplace({x: z})
    assert dict(d.definitions)[sp.Symbol("E")] == cross_entropy.expr.xreplace({o: a})
    # The proof, independently: differentiate E(sigma(z)) and compare with sigma(z) - t.
    E_of_z = cross_entropy.expr.xreplace({o: sigmoid.expr.xreplace({x: z})})
    assert sp.simplify(sp.diff(E_of_z, z) - (a_of_z - t)) == 0
    # ... and numerically, at points where the factors themselves are large.
    f = sp.lambdify((z, t), sp.diff(E_of_z, z))
    for zv, tv in [(-3.0, 1.0), (0.0, 0.0), (2.5, 0.3)]:
        assert f(zv, tv) == pytest.approx(1 / (1 + np.exp(-zv)) - tv, rel=1e-12, abs=1e-15)


def test_the_sigmoid_steps_follow_from_each_other():
    d = sigmoid_cross_entropy()
    a = d.outputs[0][0]
    forms = dict(d.factors)
    (dE_da, da_dz), = d.terms
    # Each chain-rule factor is derived from its definition.
    assert forms[dE_da] == cross_entropy.derivative.xreplace({o: a})
    assert forms[da_dz] == sigmoid.derivative_of_output.xreplace({y: a})
    assert sp.cancel(d.chain - forms[dE_da] * forms[da_dz]) == 0
    kinds = [kind for kind, _ in d.steps]
    assert kinds == ["cancelled", "multiplied out"] and set(kinds) <= set(STEP_KINDS)
    previous = d.chain
    for _kind, expr in d.steps:
        assert sp.cancel(expr - previous) == 0
        previous = expr
    # The cancelled step really has no fraction left: a(1 - a) cancelled both denominators.
    assert sp.denom(sp.together(d.steps[0][1])) == 1
    assert d.derivative.doit() == d.derived


@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_softmax_with_cross_entropy_is_output_minus_target(classes):
    d = softmax_cross_entropy(classes)
    z, targets, s = symbols(classes)
    assert d.equal
    assert d.result == s[0] - targets[0]
    assert len(d.terms) == classes  # z_1 reaches E through every output
    # Independently: sympy's derivative of the definitions, with the targets adding up to 1.
    difference = sp.diff(loss_expr(classes), z[0]) - (softmax_exprs(classes)[0] - targets[0])
    difference = difference.subs(targets[-1], 1 - sp.Add(*targets[:-1]))
    assert sp.simplify(difference) == 0


def test_the_softmax_steps_follow_from_each_other():
    d = softmax_cross_entropy()
    z, targets, s = symbols()
    forms = dict(d.factors)
    for (dE_ds, ds_dz), si, expr in zip(d.terms, s, softmax_exprs(), strict=True):
        assert forms[dE_ds] == -sp.Symbol(f"t_{si.name[2:]}", real=True) / si
        # The Jacobian entry in the outputs equals sympy's derivative of the definition.
        back = forms[ds_dz].xreplace({sj: e for sj, e in zip(s, softmax_exprs(), strict=True)})
        assert sp.simplify(back - sp.diff(expr, z[0])) == 0
    kinds = [kind for kind, _ in d.steps]
    assert kinds == list(STEP_KINDS)
    previous = d.chain
    for kind, expr in d.steps:
        if kind == "targets sum to 1":
            # Only this step uses the constraint: equal once t_3 = 1 - t_1 - t_2.
            assert d.uses == sp.Eq(sp.Add(*targets), 1)
            rule = {targets[-1]: 1 - sp.Add(*targets[:-1])}
            assert sp.expand((expr - previous).xreplace(rule)) == 0
            assert sp.expand(expr - previous) != 0
        else:
            assert sp.cancel(expr - previous) == 0
        previous = expr


def test_the_verdict_is_not_vacuous():
    # The same check that says "equal" says "not equal" for a wrong short form.
    from nnlesson.maths.simplifications import _verdict

    d = sigmoid_cross_entropy()
    a = d.outputs[0][0]
    assert not _verdict(d.derived, t - a, d.outputs)
    assert not _verdict(d.derived, a * (1 - a) * (a - t), d.outputs)


def test_the_lesson_shows_every_step_and_the_verdict():
    for d in (sigmoid_cross_entropy(), softmax_cross_entropy()):
        shown = show.derivation(d)
        for _kind, expr in d.steps:
            assert sp.sstr(expr) in shown.text and sp.latex(expr) in shown.latex
        # Derivative(...) shown, then .doit(); a long sum shown by its name (softmax's Σ).
        short = {full: name for name, full in d.abbreviations}
        names = dict(d.latex_names)
        for expr in (d.derivative, d.derived):
            assert sp.latex(expr.xreplace(short), symbol_names=names) in shown.latex
            back = expr.xreplace(short).xreplace(dict(d.abbreviations))
            assert sp.cancel(back.doit() - expr.doit()) == 0
        assert shown.text.splitlines()[-1] == \
            "sympy's verdict: its derivative and the short form are equal."
        assert r"\frac{\partial E}{\partial " in shown.latex
    text = show.derivation(softmax_cross_entropy()).text
    assert "(the targets add up to 1: t_1 + t_2 + t_3 = 1)" in text
    assert "Σ = exp(z_1) + exp(z_2) + exp(z_3)" in text


def test_the_prediction_is_the_chain_rule_at_those_numbers():
    q = questions.question("13-sigmoid-delta")
    d = sigmoid_cross_entropy()
    a = d.outputs[0][0]
    from nnlesson.practice.questions.network import OUTPUT, TARGET

    assert q.answer == pytest.approx(float(d.result.xreplace({a: OUTPUT, t: TARGET})), abs=1e-15)
    assert q.answer == pytest.approx(float(OUTPUT - TARGET), abs=1e-15)
