"""Predict-then-check questions of lessons 18 to 20: the classifier, learning rate, convolution.

Taught in lesson 18, "Training a classifier", lesson 19, "Gradient descent and
the learning rate", and lesson 20, "Weights and bias in a convolution". Each
answer is computed by the package when the question is asked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ...formatting import fmt
from ...language import _
from ..predict import Question

# The topics load when a question is asked: lesson 06's question needs none of them.

__all__ = ["QUESTIONS"]


def _circles_parameters() -> Question:
    from ...topics import classifier

    network = classifier.CIRCLES_NETWORK
    shape = "-".join(map(str, network.sizes))
    return Question(
        id="18-parameters", kind="number",
        prompt=_("The circles network is {shape}: how many numbers (weights and biases) does "
                 "training adjust?", shape=shape),
        answer=float(network.parameter_count), tolerance=0.0,
        why=_("Layer l has n[l] × n[l−1] weights and n[l] biases: summed over the five layers "
              "that is {count}.", count=f"{network.parameter_count:,}"))


def _dead_units() -> Question:
    from ...topics import dead_relus

    runs = dead_relus.dead_relu_runs()
    too_large = next(r for r in runs if r.hidden == "relu" and r.scheme == "he"
                     and r.learning_rate == max(x.learning_rate for x in runs))
    share = too_large.units.dead / too_large.units.total
    labels = (_("none"), _("fewer than a tenth"), _("a tenth to a half"), _("more than half"))
    answer = 0 if share == 0 else 1 if share < 0.1 else 2 if share <= 0.5 else 3
    return Question(
        id="18-dead-units", kind="choice",
        prompt=_("The same network is trained with η = {rate} instead of 0.1. How many of its "
                 "{total} hidden ReLUs will no training example switch on afterwards?",
                 rate=fmt(too_large.learning_rate), total=too_large.units.total),
        choices=labels, answer=answer,
        why=_("{dead} of {total}: a few steps that are too large push many units' net inputs "
              "below 0 for every example, and there a ReLU's slope is 0, so no gradient can "
              "bring them back.", dead=too_large.units.dead, total=too_large.units.total))


def _momentum_overshoots() -> Question:
    from ...topics import optimizers

    task = optimizers.bowl()
    c = optimizers.bowl_curvature(task)
    momentum = next(o for o in optimizers.bowl_runs(c) if o.optimizer == "momentum")
    paths = optimizers.bowl_paths(task, [momentum], steps=40)
    rises = int(np.sum(np.diff(paths.E[:, 0]) > 0))
    return Question(
        id="19-momentum-overshoots", kind="choice",
        prompt=_("Momentum keeps a running sum of the gradients. On its way down the bowl, "
                 "does J ever go up from one update to the next?"),
        choices=(_("yes"), _("no")), answer=0 if rises else 1,
        why=_("J rises at {rises} of {steps} updates: the running sum still points the old way "
              "when the slope has turned, so the weights overshoot the floor and swing back.",
              rises=rises, steps=paths.E.shape[0] - 1) if rises else
        _("J falls at every update: the running sum never carries the weights past the floor."))


def _runaway_rate() -> Question:
    from ...topics import optimizers

    task = optimizers.bowl()
    c = optimizers.bowl_curvature(task)
    return Question(
        id="19-runaway-rate", kind="number",
        prompt=_("The bowl's steepest curvature is λ = {largest}. Above which learning rate "
                 "does plain descent run away?", largest=fmt(c.largest, 4)),
        answer=c.critical, tolerance=0.01,
        why=_("2/λ = {critical}: each update multiplies the distance across the valley by "
              "1 − ηλ, which is below −1 for larger η.", critical=fmt(c.critical, 4)))


def _conv_parameters() -> Question:
    from ...topics import convolution

    layer = convolution.conv_layer(3, 3, 64)
    return Question(
        id="20-conv-parameters", kind="number",
        prompt=_("A layer of {N} filters of {k}×{k} reads an RGB image ({C} channels). How many "
                 "parameters does it have?", N=layer.N, k=layer.k, C=layer.C),
        answer=float(layer.parameters), tolerance=0.0,
        why=_("Each filter has k·k·C = {per} weights and one bias: ({per} + 1) · {N} = "
              "{count}, whatever the size of the image.", per=layer.k * layer.k * layer.C,
              N=layer.N, count=f"{layer.parameters:,}"))


def _bias_gradient() -> Question:
    from ...topics import convolution

    e = convolution.small_example()
    g = convolution.conv_gradients(e.x, e.kernels, e.biases, convolution.small_target())
    positions = g.delta[0].size
    candidates = {_("the δ of one position"): float(g.delta[0, 0, 0]),
                  _("the sum of δ over the map"): float(g.delta[0].sum()),
                  _("the mean of δ over the map"): float(g.delta[0].mean())}
    # The package's db against each candidate; the one that equals it is the answer.
    answer = next(k for k, value in enumerate(candidates.values())
                  if abs(value - float(g.db[0])) <= 1e-12 * max(1.0, abs(value)))
    return Question(
        id="20-bias-gradient", kind="choice",
        prompt=_("Filter 0's bias is added at all {positions} positions of its output map. "
                 "Its gradient ∂E/∂b0 is…", positions=positions),
        choices=tuple(candidates), answer=answer,
        why=_("The sum, {db}: the bias reaches E through every position of its map, one δ per "
              "path, and paths add up, as for the shared bias b2 in lesson 10.",
              db=fmt(g.db[0])))


#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "18-parameters": _circles_parameters,
    "18-dead-units": _dead_units,
    "19-momentum-overshoots": _momentum_overshoots,
    "19-runaway-rate": _runaway_rate,
    "20-conv-parameters": _conv_parameters,
    "20-bias-gradient": _bias_gradient,
}
