"""The symbolic engine: exact numbers, derived derivatives, and the chain rule proved."""

import numpy as np
import pytest
import sympy as sp

from nnlesson import CLASSIC, Options
from nnlesson.errors import ParameterError
from nnlesson.example import symbolic
from nnlesson.example.params import parameter_names
from nnlesson.example.training import train
from nnlesson.maths.activations import ACTIVATIONS, x, y

from combos import GRADIENT_OPTIONS, label


@pytest.mark.parametrize("options", GRADIENT_OPTIONS, ids=label)
def test_chain_rule_product_equals_sympys_derivative(options):
    for parameter in parameter_names(options):
        proof = symbolic.prove(parameter, options)
        assert proof.equal, (label(options), parameter)


def test_a_wrong_chain_would_be_caught():
    # The check `prove` applies is not vacuous: drop a factor and it must say so.
    proof = symbolic.prove("w5")
    assert proof.equal and symbolic.same(proof.derivative, proof.chain) is True
    wrong = proof.chain / proof.chain.args[0]
    assert symbolic.same(proof.derivative, wrong) is False


def test_proof_refuses_a_parameter_without_gradient():
    with pytest.raises(ParameterError, match="'b_h1': has no gradient when bias='frozen'"):
        symbolic.prove("b_h1")


def test_classic_numbers_are_exact_rationals():
    exact = symbolic.exact(CLASSIC)
    assert exact[symbolic.PARAMETER_SYMBOLS["w1"]] == sp.Rational(3, 20)
    assert exact[symbolic.PARAMETER_SYMBOLS["learning_rate"]] == sp.Rational(1, 2)


def test_symbols_have_latex_names():
    assert sp.latex(symbolic.PARAMETER_SYMBOLS["w5"]) == "w_{5}"
    assert sp.latex(symbolic.PARAMETER_SYMBOLS["target_o1"]) == "target_{o1}"


def test_derivatives_are_derived_not_typed():
    # The output-form derivative equals sympy's derivative of the definition.
    for act in ACTIVATIONS.values():
        if act.derivative_of_output is not None:
            back = act.derivative_of_output.subs(y, act.expr)
            assert sp.simplify(back - act.derivative) == 0, act.name
        if act.inverse is not None:
            assert sp.simplify(act.expr.subs(x, act.inverse) - y) == 0, act.name
    assert ACTIVATIONS["sigmoid"].derivative_of_output == y * (1 - y)


def test_relu_derivative_at_zero_is_zero():
    relu = ACTIVATIONS["relu"]
    assert relu.derivative.subs(x, 0) == 0 and relu.slope(0.0, 0.0) == 0.0


def test_the_exact_value_of_E_total():
    exact = sp.N(symbolic.full_expressions()["E_total"].subs(symbolic.exact(CLASSIC)).replace(
        lambda e: isinstance(e, ACTIVATIONS["sigmoid"].function),
        lambda e: 1 / (1 + sp.exp(-e.args[0]))), 30)
    assert float(exact) == symbolic.evaluate()["E_total"]
    assert str(exact).startswith("0.29837110876000")


@pytest.mark.parametrize(
    "options",
    [
        Options(),
        Options(order="output-first", bias="per-neuron"),
        Options(
            hidden_activation="tanh", output_activation="identity", loss="squared", bias="shared"
        ),
    ],
    ids=label,
)
def test_training_with_sympys_gradient_matches_the_numeric_engine(options):
    params = CLASSIC.replace(learning_rate=0.05)  # slow enough for the identity output to settle
    sym = train(params, steps=2000, options=options, engine="symbolic")
    num = train(params, steps=2000, options=options)
    # E_total falls to 1e-10 here; below 1e-15 it is rounding noise of (target - out)^2.
    np.testing.assert_allclose(sym.E_total, num.E_total, rtol=1e-11, atol=1e-15)
    for name in num.parameters:
        np.testing.assert_allclose(
            sym.parameters[name], num.parameters[name], rtol=1e-11, atol=1e-13
        )
