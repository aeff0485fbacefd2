"""Predict-then-check questions of lessons 12, 16 and 17: writing the network yourself."""

from __future__ import annotations

from collections.abc import Callable

from ...example import CLASSIC, engine
from ...formatting import fmt
from ...language import _
from ...mlp.network import Network
from ..predict import Question
from ..yourself import SIZES_342

__all__ = ["QUESTIONS"]


def _missing_path() -> Question:
    g = engine.gradients(CLASSIC)
    # Without the path through o2, dE_total/dout_h1 is the path through o1 alone.
    one_path = g.dE_o1_dout_h1 * g.dout_h1_dnet_h1 * g.dnet_h1_dw1
    larger = 0 if abs(one_path) > abs(g.dE_dw1) else 1
    return Question(
        id="12-missing-path", kind="choice",
        prompt=_("Suppose your ∂E_total/∂out_h1 forgets the path through o2. Will your "
                 "∂E_total/∂w1 come out larger or smaller in size than the engine's?"),
        choices=(_("larger"), _("smaller")), answer=larger,
        why=_("The path through o1 is {o1} and the path through o2 is {o2}: they pull in "
              "opposite directions, so leaving out o2's gives ∂E_total/∂w1 = {wrong} instead "
              "of {right}.", o1=fmt(g.dE_o1_dout_h1), o2=fmt(g.dE_o2_dout_h1),
              wrong=fmt(one_path), right=fmt(g.dE_dw1)))


def _updated_weight() -> Question:
    right = engine.gradients(CLASSIC)
    early = engine.update(CLASSIC, order="output-first")
    assert early.recomputed is not None
    wrong = early.recomputed.dE_dw1
    larger = 0 if abs(wrong) > abs(right.dE_dw1) else 1
    return Question(
        id="12-updated-weight", kind="choice",
        prompt=_("Suppose your function updates w5 … w8 as soon as their gradients are known, "
                 "and the hidden layer then uses the updated ones. Will your ∂E_total/∂w1 come "
                 "out larger or smaller in size than the engine's?"),
        choices=(_("larger"), _("smaller")), answer=larger,
        why=_("The update moves w5 from {w5} to {w5_new} and w7 from {w7} to {w7_new}, so "
              "the paths back change: ∂E_total/∂w1 becomes {wrong} instead of {right}.",
              w5=fmt(CLASSIC.w5), w5_new=fmt(early.after.w5), w7=fmt(CLASSIC.w7),
              w7_new=fmt(early.after.w7), wrong=fmt(wrong), right=fmt(right.dE_dw1)))


def _shape(rows: int, columns: int) -> str:
    return f"{rows} × {columns}"


def _shape_question(id: str, prompt: str, name: str, m: int, why: str,
                    others: tuple[tuple[int, int], ...]) -> Question:
    shapes = dict(Network(SIZES_342).shapes(m))
    right = _shape(*shapes[name])
    choices = tuple(dict.fromkeys([_shape(*s) for s in others] + [right]))
    choices = tuple(sorted(choices))
    return Question(id=id, kind="choice", prompt=prompt, choices=choices,
                    answer=choices.index(right), why=why)


def _shape_dW1() -> Question:
    n0, n1, _n2 = SIZES_342
    return _shape_question(
        "16-shape-dW1", _("What is the shape of dW[1] in the 3-4-2 network, rows × columns?"),
        "dW[1]", 1,
        _("dW[1] has the shape of W[1]: one gradient for each weight, n[1] = {rows} rows (the "
          "hidden neurons) and n[0] = {columns} columns (the inputs).", rows=n1, columns=n0),
        ((n0, n1), (n1, 1), (n0, 1)))


def _gradient_count() -> Question:
    n0, n1, n2 = SIZES_342
    network = Network(SIZES_342)
    return Question(
        id="16-gradient-count", kind="number",
        prompt=_("How many numbers do dW[1], db[1], dW[2] and db[2] hold together in the "
                 "3-4-2 network?"),
        answer=float(network.parameter_count),
        why=_("One for each weight and each bias: {w1} + {b1} + {w2} + {b2} = {total}.",
              w1=n1 * n0, b1=n1, w2=n2 * n1, b2=n2, total=network.parameter_count))


#: The number of examples the lesson 17 questions ask about.
_M = 5


def _shape_dW1_batch() -> Question:
    n0, n1, _n2 = SIZES_342
    return _shape_question(
        "17-shape-dW1",
        _("What is the shape of dW[1] in the 3-4-2 network with m = {m} examples, rows × "
          "columns?", m=_M), "dW[1]", _M,
        _("Still {rows} × {columns}, the shape of W[1], whatever m is: the product "
          "dZ[1] A[0]ᵀ adds up the m examples as it multiplies, and the 1/m makes the sum an "
          "average.", rows=n1, columns=n0),
        ((n1, _M), (_M, n0), (n0, n1)))


def _shape_dZ1_batch() -> Question:
    n0, n1, _n2 = SIZES_342
    return _shape_question(
        "17-shape-dZ1",
        _("And dZ[1], with m = {m} examples: what is its shape, rows × columns?", m=_M),
        "dZ[1]", _M,
        _("{rows} × {m}: one row for each hidden neuron and one column for each example, "
          "like Z[1] and A[1].", rows=n1, m=_M),
        ((n1, n0), (n1, 1), (_M, n1)))


#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "12-missing-path": _missing_path,
    "12-updated-weight": _updated_weight,
    "16-shape-dW1": _shape_dW1,
    "16-gradient-count": _gradient_count,
    "17-shape-dW1": _shape_dW1_batch,
    "17-shape-dZ1": _shape_dZ1_batch,
}
