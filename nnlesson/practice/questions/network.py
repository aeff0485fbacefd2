"""Predict-then-check questions of lessons 13 to 15: activations, vanishing gradients, matrices.

Taught in lesson 13, "Activation functions", lesson 14, "Vanishing and
exploding gradients", and lesson 15, "The matrix form". Every answer is
computed here by the package when the question is asked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from ...formatting import fmt
from ...language import _
from ...maths.activations import ACTIVATIONS, x
from ...maths.compare import ROUNDING, agree
from ...maths.losses import t
from ...maths.simplifications import sigmoid_cross_entropy
from ...maths.softmax import softmax
from ...mlp.network import Network
from ...topics.vanishing import gradient_sizes, xavier_gain
from ..predict import Question

__all__ = ["QUESTIONS"]

#: Lesson 13's softmax example: three net inputs, and the number added to each.
SOFTMAX_Z = (2.0, 1.0, 0.1)
SHIFT = 10.0
#: Lesson 13's sigmoid output and its target, exact (sympy evaluates the chain rule with them).
OUTPUT, TARGET = sp.Rational(4, 5), sp.Integer(1)
#: Lesson 15's network and its number of examples.
SIZES_342, EXAMPLES_342 = (3, 4, 2), 5


def _slope_at_zero() -> Question:
    slopes = {name: ACTIVATIONS[name].derivative.subs(x, 0) for name in ("tanh", "sigmoid")}
    ratio = slopes["tanh"] / slopes["sigmoid"]
    return Question(
        id="13-slope-at-zero", kind="number",
        prompt=_("At x = 0, how many times steeper is tanh than the sigmoid? "
                 "(Use the derivatives above.)"),
        answer=float(ratio),
        why=_("tanh's slope at 0 is 1 - y² at y = 0, which is {tanh}; the sigmoid's is "
              "y(1 - y) at y = 1/2, which is {sigmoid}. A neuron passes on the gradient it "
              "receives times its slope.",
              tanh=sp.sstr(slopes["tanh"]), sigmoid=sp.sstr(slopes["sigmoid"])))


def _softmax_shift() -> Question:
    z = np.array(SOFTMAX_Z).reshape(-1, 1)
    before, after = softmax(z)[:, 0], softmax(z + SHIFT)[:, 0]
    if agree(before, after, to=ROUNDING):
        answer = 0
    else:
        answer = 1 if np.all(after > before) else 2
    return Question(
        id="13-softmax-shift", kind="choice",
        prompt=_("Add {shift} to every net input of a softmax layer. What happens to its outputs?",
                 shift=fmt(SHIFT)),
        choices=(_("They do not change."), _("They all grow."), _("Only the largest grows.")),
        answer=answer,
        why=_("e to the power z + {shift} is e to the power {shift} times e to the power z: "
              "the same factor appears above and below every fraction, and cancels. The "
              "outputs must still add up to 1, so they cannot all grow.", shift=fmt(SHIFT)))


def _sigmoid_delta() -> Question:
    d = sigmoid_cross_entropy()
    a = d.outputs[0][0]
    at = {a: OUTPUT, t: TARGET}
    (_dE_da, dE_da), (_da_dz, da_dz) = d.factors
    value = (dE_da * da_dz).xreplace(at)   # the chain rule's product, not its short form
    return Question(
        id="13-sigmoid-delta", kind="number",
        prompt=_("One sigmoid output a with binary cross-entropy E: the output is a = {a} and "
                 "the target t = {t}. What is ∂E/∂z, the error signal at its net input z?",
                 a=fmt(float(OUTPUT)), t=fmt(float(TARGET))),
        answer=float(value),
        why=_("∂E/∂a = {dE_da} and ∂a/∂z = a(1 - a) = {da_dz}; their product is {value}, "
              "which is a - t: the derivation below shows why it always is.",
              dE_da=fmt(float(dE_da.xreplace(at))), da_dz=fmt(float(da_dz.xreplace(at))),
              value=fmt(float(value))))


def _sigmoid_top_slope() -> str:
    """The sigmoid's largest slope, at x = 0 (where its own derivative is 0), as sympy writes it."""
    return sp.sstr(ACTIVATIONS["sigmoid"].derivative.subs(x, 0))


def _smallest_layer() -> Question:
    sizes = gradient_sizes("sigmoid")
    rms = sizes.rms
    if rms.max() / rms.min() < 10:
        answer = 2
    else:
        answer = 0 if int(np.argmin(rms)) < rms.size / 2 else 1
    return Question(
        id="14-smallest-gradient", kind="choice",
        prompt=_("In the deep sigmoid network ({hidden} hidden layers), which layer's weight "
                 "gradient do you expect to be the smallest?", hidden=sizes.network.L - 1),
        choices=(_("layer 1, next to the inputs"), _("the output layer"),
                 _("about the same in every layer")),
        answer=answer,
        why=_("Between a weight and the error, every layer multiplies the gradient by one more "
              "sigmoid slope, at most {top}. Layer 1 is the farthest from the error: here its "
              "gradient is {ratio} times smaller than the output layer's.",
              top=_sigmoid_top_slope(), ratio=fmt(float(rms[-1] / rms[0]), 2)))


def _sigmoid_xavier() -> Question:
    gain = xavier_gain("sigmoid")
    ratios = {}
    for name, g in (("tanh", 1.0), ("sigmoid", 1.0), ("sigmoid, wider", gain)):
        rms = gradient_sizes(name.split(",")[0], scheme="xavier", gain=g).rms
        ratios[name] = float(rms[-1] / rms[0])
    if ratios["sigmoid, wider"] < 10:
        answer = 0
    else:
        answer = 1 if ratios["sigmoid, wider"] < ratios["sigmoid"] / 10 else 2
    return Question(
        id="14-sigmoid-xavier", kind="choice",
        prompt=_("Make the sigmoid's Xavier bound {gain} times wider, to make up for its slope "
                 "of {top} at 0. Will its gradient then be of a similar size in every layer, like "
                 "tanh's?", gain=fmt(gain), top=_sigmoid_top_slope()),
        choices=(_("Yes, like tanh's."),
                 _("It helps a lot, but layer 1 still gets far less than the last layer."),
                 _("It changes nothing.")),
        answer=answer,
        why=_("The last layer's gradient is {wider} times layer 1's with the wider bound, "
              "instead of {narrow} times (tanh: {tanh}). Larger weights push the sigmoid's net "
              "inputs away from 0, where its slope is well below {top}.", top=_sigmoid_top_slope(),
              wider=fmt(ratios["sigmoid, wider"], 2), narrow=fmt(ratios["sigmoid"], 2),
              tanh=fmt(ratios["tanh"], 2)))


def _shape_of_dW() -> Question:
    network = Network(SIZES_342)
    m = EXAMPLES_342
    shapes = dict(network.shapes(m))
    n0, n1 = network.sizes[0], network.sizes[1]
    candidates = [(n1, n0), (n1, m), (n0, n1), (m, n0)]
    choices = tuple(dict.fromkeys(f"{r} × {c}" for r, c in candidates))
    rows, columns = shapes["dW[1]"]
    return Question(
        id="15-shape-of-dW", kind="choice",
        prompt=_("In the {sizes} network with m = {m} examples as columns, what is the shape "
                 "of dW[1] (rows × columns)?",
                 sizes="-".join(map(str, network.sizes)), m=m),
        choices=choices, answer=choices.index(f"{rows} × {columns}"),
        why=_("dW[1] has the shape of W[1]: one row per neuron of layer 1, one column per input. "
              "The m examples are added up inside the product dZ[1] A[0]ᵀ: ({n1} × {m}) times "
              "({m} × {n0}).", n1=n1, m=m, n0=n0))


def _gradient_count() -> Question:
    network = Network(SIZES_342)
    parts = [f"{network.sizes[l]} × {network.sizes[l - 1]} + {network.sizes[l]}"
             for l in range(1, network.L + 1)]
    return Question(
        id="15-gradient-count", kind="number",
        prompt=_("The gradient check compares every gradient of the {sizes} network with a "
                 "central difference: one per weight and one per bias. How many is that?",
                 sizes="-".join(map(str, network.sizes))),
        answer=float(network.parameter_count),
        why=_("Each layer has n[l] × n[l-1] weights and n[l] biases: {parts} = {count}.",
              parts=" + ".join(f"({p})" for p in parts), count=network.parameter_count))


#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "13-slope-at-zero": _slope_at_zero,
    "13-softmax-shift": _softmax_shift,
    "13-sigmoid-delta": _sigmoid_delta,
    "14-smallest-gradient": _smallest_layer,
    "14-sigmoid-xavier": _sigmoid_xavier,
    "15-shape-of-dW": _shape_of_dW,
    "15-gradient-count": _gradient_count,
}
