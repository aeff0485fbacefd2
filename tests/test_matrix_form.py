"""The notation map between w1..w8 and W[1], W[2], checked against the post's wiring."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.example.params import CLASSIC, Options, Params
from nnlesson.mlp.matrix_form import (
    ENTRIES,
    WEIGHT_ENTRIES,
    Correspondence,
    agree_to_rounding,
    correspondence,
    from_params,
    to_params,
)
from nnlesson.mlp.passes import forward
from nnlesson.show.latex import matrix_latex


def test_row_one_of_W1_is_net_h1_as_the_post_wires_it():
    # net_h1 = w1*i1 + w2*i2 + b1: with b1 = 0 and one input at a time, Z[1] reads off w's.
    params = CLASSIC.replace(b1=0.0, b2=0.0)
    network, parameters, _, _ = from_params(params)
    for i1, i2, expect in ((1.0, 0.0, ("w1", "w3")), (0.0, 1.0, ("w2", "w4"))):
        Z = forward(network, parameters, np.array([[i1], [i2]])).Z[1]
        assert Z[0, 0] == getattr(params, expect[0]) and Z[1, 0] == getattr(params, expect[1])


def test_every_weight_has_one_entry_and_round_trips():
    assert sorted(WEIGHT_ENTRIES.values()) == sorted(
        (l, i, j) for l in (1, 2) for i in (0, 1) for j in (0, 1))
    network, parameters, X, Y = from_params(CLASSIC)
    assert to_params(parameters, X, Y) == CLASSIC
    per_neuron = CLASSIC.replace(b_h1=0.1, b_h2=0.2, b_o1=0.3, b_o2=0.4)
    _, parameters, X, Y = from_params(per_neuron, Options(bias="per-neuron"))
    back = to_params(parameters, X, Y)
    assert (back.b_h1, back.b_h2, back.b_o1, back.b_o2) == (0.1, 0.2, 0.3, 0.4)


def test_entries_name_real_matrices():
    assert ENTRIES["dE_dw5"] == ("dW", 2, 0, 0) and ENTRIES["net_h2"] == ("Z", 1, 1, 0)
    assert ENTRIES["dE_total_dout_h1"] == ("dA", 1, 0, 0)


def test_matrix_latex_prints_through_fmt():
    assert matrix_latex([[0.15, 0.2], [0.25, 0.3]]) == \
        r"\begin{bmatrix}0.15 & 0.2 \\ 0.25 & 0.3\end{bmatrix}"
    assert matrix_latex([0.593269992, 1.0]) == r"\begin{bmatrix}0.593269992 & 1\end{bmatrix}"
    with pytest.raises(ParameterError, match="not a matrix"):
        matrix_latex(np.zeros((2, 2, 2)))


def test_to_params_refuses_other_shapes():
    _, parameters, _, _ = from_params(Params())
    with pytest.raises(ParameterError, match="not one example"):
        to_params(parameters, np.zeros((2, 3)), np.zeros((2, 3)))


def test_the_blas_product_agrees_to_rounding_and_a_real_difference_does_not():
    rows = correspondence(CLASSIC, matmul="blas")
    assert agree_to_rounding(rows)
    value = rows[0].scalar
    assert agree_to_rounding(
        (Correspondence(name="x", entry="e", scalar=value, matrix=np.nextafter(value, 1)),)
    )
    assert not agree_to_rounding(
        (Correspondence(name="x", entry="e", scalar=value, matrix=value * (1 + 1e-12)),)
    )
