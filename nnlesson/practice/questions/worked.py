"""Predict-then-check questions of the worked example, lessons 02 to 11 (07 has its own).

Taught in lesson 06, "Hidden-layer gradients", and the lessons around it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from ...example import CLASSIC, History, gradients, trace, train
from ...example.topology import EDGES
from ...formatting import fmt
from ...language import _
from ...maths.compare import ROUNDING, agree
from ...mlp.matrix_form import WEIGHT_ENTRIES
from ..predict import Question

__all__ = ["QUESTIONS"]

#: Lesson 09's training run: the post's number of updates.
TRAINING_STEPS = 10000
#: A number typed to three significant digits is right (relative tolerance).
ENOUGH = 5e-3


def _larger_gradient() -> Question:
    g = gradients(CLASSIC)
    larger = 0 if abs(g.dE_dw5) > abs(g.dE_dw1) else 1
    return Question(
        id="06-larger-gradient", kind="choice",
        prompt=_("Which gradient do you expect to be larger in size: ∂E_total/∂w5 or "
                 "∂E_total/∂w1?"),
        choices=("∂E_total/∂w5", "∂E_total/∂w1"), answer=larger,
        why=_("w1 sits one layer further from the error: its gradient is multiplied by one "
              "more sigmoid slope (at most 1/4) and by the small input i1 = {i1}.",
              i1=fmt(CLASSIC.i1)))


def _no_bias_error() -> Question:
    classic, no_bias = trace(), trace(CLASSIC.replace(b1=0, b2=0))
    before, after = classic.value("E_total"), no_bias.value("E_total")
    return Question(
        id="02-no-bias-error", kind="choice",
        prompt=_("Set both biases, b1 and b2, to 0. Will the error E_total be smaller or larger "
                 "than with the classic biases?"),
        choices=(_("smaller"), _("larger")), answer=0 if after < before else 1,
        why=_("E_total goes from {before} to {after}. Without the biases both outputs move "
              "towards 1/2: out_o1 comes closer to its target {target_o1}, out_o2 moves away "
              "from {target_o2}, and o1's error weighs more. One example before any training "
              "says nothing yet about what biases do for a trained network: read on.",
              before=fmt(before), after=fmt(after), target_o1=fmt(CLASSIC.target_o1),
              target_o2=fmt(CLASSIC.target_o2)))


def _place_of_w6() -> Question:
    layer, row, column = WEIGHT_ENTRIES["w6"]
    source, target = EDGES["w6"]
    places = [(r, c) for r in range(2) for c in range(2)]
    return Question(
        id="02-place-of-w6", kind="choice",
        prompt=_("w6 is the weight from {source} to {target}. Where does it sit in the matrix "
                 "W^[{layer}]?", source=source, target=target, layer=layer),
        choices=tuple(_("row {row}, column {column}", row=r + 1, column=c + 1)
                      for r, c in places),
        answer=places.index((row, column)),
        why=_("Row j of W^[l] holds everything neuron j of layer l receives, column k what "
              "comes from neuron k of the layer before: {target} is neuron {row} of its layer, "
              "{source} neuron {column} of the one before.", target=target, source=source,
              row=row + 1, column=column + 1))


def _net_h1() -> Question:
    t = trace()
    return Question(
        id="03-net-h1", kind="number",
        prompt=_("With the numbers in the table above, what is net_h1 = w1·i1 + w2·i2 + b1?"),
        answer=t.value("net_h1"),
        why=_("{w1}·{i1} + {w2}·{i2} + {b1} = {net_h1}.", w1=fmt(CLASSIC.w1),
              i1=fmt(CLASSIC.i1), w2=fmt(CLASSIC.w2), i2=fmt(CLASSIC.i2), b1=fmt(CLASSIC.b1),
              net_h1=fmt(t.value("net_h1"))))


def _larger_output() -> Question:
    t = trace()
    out_o1, out_o2 = t.value("out_o1"), t.value("out_o2")
    return Question(
        id="03-larger-output", kind="choice",
        prompt=_("Before any training, which output will be larger: out_o1 or out_o2?"),
        choices=("out_o1", "out_o2"), answer=0 if out_o1 > out_o2 else 1,
        why=_("Both outputs receive the same out_h1 and out_h2 and the same bias b2; only the "
              "weights differ: w5 = {w5}, w6 = {w6} into o1, w7 = {w7}, w8 = {w8} into o2. The "
              "larger net input gives the larger output, since the sigmoid only ever rises: "
              "out_o1 = {out_o1}, out_o2 = {out_o2}.", w5=fmt(CLASSIC.w5), w6=fmt(CLASSIC.w6),
              w7=fmt(CLASSIC.w7), w8=fmt(CLASSIC.w8), out_o1=fmt(out_o1), out_o2=fmt(out_o2)))


def _larger_error() -> Question:
    t = trace()
    e_o1, e_o2 = t.value("E_o1"), t.value("E_o2")
    return Question(
        id="04-larger-error", kind="choice",
        prompt=_("Which output adds more to E_total: E_o1 or E_o2?"),
        choices=("E_o1", "E_o2"), answer=0 if e_o1 > e_o2 else 1,
        why=_("out_o1 = {out_o1} should be {target_o1}; out_o2 = {out_o2} should be "
              "{target_o2}. Squaring makes the larger miss count much more: E_o1 = {e_o1}, "
              "E_o2 = {e_o2}.", out_o1=fmt(t.value("out_o1")), target_o1=fmt(CLASSIC.target_o1),
              out_o2=fmt(t.value("out_o2")), target_o2=fmt(CLASSIC.target_o2), e_o1=fmt(e_o1),
              e_o2=fmt(e_o2)))


def _without_the_half() -> Question:
    half, plain = trace(), trace(loss="squared")
    e = half.value("E_total")
    effects = (2 * e, e / 2, e, e * e)
    found = plain.value("E_total")
    return Question(
        id="04-without-the-half", kind="choice",
        prompt=_("Drop the ½: E = (t − o)² instead of ½ (t − o)². What happens to E_total and "
                 "to every gradient?"),
        choices=(_("they double"), _("they halve"), _("they stay the same"),
                 _("they are squared")),
        answer=min(range(len(effects)), key=lambda k: abs(effects[k] - found)),
        why=_("Every term is multiplied by 2: E_total goes from {half} to {plain} and "
              "∂E_total/∂w5 from {g_half} to {g_plain}. The weights that make the error "
              "smallest stay the same.", half=fmt(e), plain=fmt(found),
              g_half=fmt(half.value("dE_dw5")), g_plain=fmt(plain.value("dE_dw5"))))


def _dE_dw5() -> Question:
    t = trace()
    factors = [fmt(t.value(n)) for n in t["dE_dw5"].uses]
    return Question(
        id="05-dE-dw5", kind="number",
        prompt=_("Multiply the three factors above: what is ∂E_total/∂w5? (Three significant "
                 "digits are enough.)"),
        answer=t.value("dE_dw5"), tolerance=ENOUGH,
        why=_("{first} · {second} · {third} = {product}.", first=factors[0], second=factors[1],
              third=factors[2], product=fmt(t.value("dE_dw5"))))


def _sign_of_dE_dw7() -> Question:
    t = trace()
    gradient = t.value("dE_dw7")
    return Question(
        id="05-sign-of-dE-dw7", kind="choice",
        prompt=_("w7 carries out_h1 into o2. What sign will ∂E_total/∂w7 have?"),
        choices=_signs(), answer=_sign_index(gradient),
        why=_("Its three factors are out_o2 − target_o2 = {first}, the sigmoid's slope "
              "{second} (always positive) and out_h1 = {third} (positive): the first decides. "
              "∂E_total/∂w7 = {gradient}.", first=fmt(t.value("dE_total_dout_o2")),
              second=fmt(t.value("dout_o2_dnet_o2")), third=fmt(t.value("out_h1")),
              gradient=fmt(gradient)))


def _signs() -> tuple[str, ...]:
    return (_("positive"), _("negative"), _("zero"))


def _sign_index(value: float) -> int:
    return 0 if value > 0 else 1 if value < 0 else 2


def _w5_updated() -> Question:
    t = trace()
    return Question(
        id="08-w5-updated", kind="number",
        prompt=_("With η = {eta}, what is w5⁺ = w5 − η · ∂E_total/∂w5? (Three significant "
                 "digits are enough.)", eta=fmt(CLASSIC.learning_rate)),
        answer=t.value("w5_new"), tolerance=ENOUGH,
        why=_("{w5} − {eta} · {gradient} = {new}.", w5=fmt(CLASSIC.w5),
              eta=fmt(CLASSIC.learning_rate), gradient=fmt(t.value("dE_dw5")),
              new=fmt(t.value("w5_new"))))


def _w7_direction() -> Question:
    t = trace()
    new = t.value("w7_new")
    return Question(
        id="08-w7-direction", kind="choice",
        prompt=_("After the update, will w7 be larger or smaller than it is now?"),
        choices=(_("larger"), _("smaller"), _("the same")),
        answer=0 if new > CLASSIC.w7 else 1 if new < CLASSIC.w7 else 2,
        why=_("∂E_total/∂w7 = {gradient}, and the update subtracts η times it: {w7} − {eta} · "
              "({gradient}) = {new}. Subtracting a negative number makes a weight grow, a "
              "positive one makes it shrink.", gradient=fmt(t.value("dE_dw7")),
              w7=fmt(CLASSIC.w7), eta=fmt(CLASSIC.learning_rate), new=fmt(new)))


def _order_and_w5() -> Question:
    simultaneous, first = trace(), trace(order="output-first")
    same = agree(simultaneous.value("w5_new"), first.value("w5_new"), to=ROUNDING)
    return Question(
        id="08-order-and-w5", kind="choice",
        prompt=_("Will the two orders give the same w5⁺?"),
        choices=(_("the same"), _("different")), answer=0 if same else 1,
        why=_("w5 … w8's gradients need only the forward pass and the output deltas, and both "
              "orders compute those before any weight moves: w5⁺ = {w5} in both. Only w1 … w4 "
              "differ, because their paths back run through w5 … w8.",
              w5=fmt(simultaneous.value("w5_new"))))


@cache
def _trained() -> History:
    # Lesson 09's run: the classic example, 10,000 updates.
    return train(steps=TRAINING_STEPS)


def _error_drop() -> Question:
    history = _trained()
    before, after = history.E_total[0], history.E_total[-1]
    powers = range(1, 5)
    nearest = min(powers, key=lambda k: abs(math.log10(before / after) - k))
    return Question(
        id="09-error-drop", kind="choice",
        prompt=_("After {steps} updates, how many times smaller will the error be?",
                 steps=f"{TRAINING_STEPS:,}"),
        choices=tuple(_("about {factor} times", factor=f"{10 ** k:,}") for k in powers),
        answer=list(powers).index(nearest),
        why=_("E_total falls from {before} to {after}, {factor} times smaller. It falls fast at "
              "first and then ever more slowly.", before=fmt(before), after=fmt(after),
              factor=fmt(before / after, 0)))


def _out_o1_after_training() -> Question:
    history = _trained()
    out, target = history.out_o1[-1], CLASSIC.target_o1
    return Question(
        id="09-out-o1-after-training", kind="choice",
        prompt=_("After {steps} updates, where will out_o1 be?", steps=f"{TRAINING_STEPS:,}"),
        choices=(_("exactly at its target"), _("still a little above its target"),
                 _("below its target")),
        answer=0 if out == target else 1 if out > target else 2,
        why=_("out_o1 = {out}, its target {target}: close, not there. The closer an output "
              "gets, the smaller out − target in its gradient, and the smaller each step.",
              out=fmt(out), target=fmt(target)))


def _shared_bias_gradient() -> Question:
    t = trace(bias="shared")
    d1, d2 = t.value("delta_o1"), t.value("delta_o2")
    candidates = (d1, d1 + d2, d1 * d2)
    return Question(
        id="10-shared-bias-gradient", kind="choice",
        prompt=_("b2 feeds both o1 and o2. What is ∂E_total/∂b2?"),
        choices=("δ_o1", "δ_o1 + δ_o2", "δ_o1 · δ_o2"),
        answer=min(range(3), key=lambda k: abs(candidates[k] - t.value("dE_db2"))),
        why=_("b2 enters net_o1 and net_o2 with the factor 1, so both paths count and add up: "
              "{line}.", line=t["dE_db2"].text))


def _sign_of_own_bias() -> Question:
    t = trace(bias="per-neuron")
    gradient = t.value("dE_db_o2")
    return Question(
        id="10-sign-of-own-bias", kind="choice",
        prompt=_("With one bias per neuron, what sign will ∂E_total/∂b_o2 have?"),
        choices=_signs(), answer=_sign_index(gradient),
        why=_("b_o2 feeds o2 alone, so its gradient is δ_o2 with no sum: {line}. δ_o2 has the "
              "sign of out_o2 − target_o2 = {miss}, since the sigmoid's slope is positive.",
              line=t["dE_db_o2"].text, miss=fmt(t.value("dE_total_dout_o2"))))


def _lowest_error_mode() -> Question:
    modes = ("frozen", "shared", "per-neuron")
    errors = [trace(bias=mode).value("E_total_new") for mode in modes]
    return Question(
        id="10-lowest-error-mode", kind="choice",
        prompt=_("After one update, which bias mode will have the smallest error?"),
        choices=(_("frozen (the post)"), _("shared"), _("per-neuron")),
        answer=errors.index(min(errors)),
        why=_("E_total after one update: frozen {frozen}, shared {shared}, per-neuron "
              "{own}. A trained bias moves its neurons' step where it helps (lesson 02); with "
              "one bias per neuron, each neuron moves its own.", frozen=fmt(errors[0]),
              shared=fmt(errors[1]), own=fmt(errors[2])))


def _best_step() -> Question:
    # Lesson 11's table of step sizes, asked before it is shown: too large a step measures a
    # chord, too small a one divides rounding by 2h.
    from ...example.finite_differences import central_difference

    sizes = (1e-1, 1e-6, 1e-12)
    exact = gradients(CLASSIC).dE_dw5
    misses = [abs(central_difference(CLASSIC, "w5", h=h, evaluate="exact") - exact)
              for h in sizes]
    best = misses.index(min(misses))
    return Question(
        id="11-best-step", kind="choice",
        prompt=_("A central difference nudges w5 by h up and down. Which step h will give the "
                 "estimate of ∂E_total/∂w5 closest to backpropagation's value?"),
        choices=tuple(_("h = {h}", h=fmt(h)) for h in sizes), answer=best,
        why=_("Off by {large} with h = {h_large}, {middle} with h = {h_middle} and {small} with "
              "h = {h_small}. A large step measures the slope of a chord, not of the tangent "
              "(that error shrinks like h²); a tiny step divides the rounding of E_total, about "
              "1e-16, by 2h.", large=fmt(misses[0]), middle=fmt(misses[1]),
              small=fmt(misses[2]), h_large=fmt(sizes[0]), h_middle=fmt(sizes[1]),
              h_small=fmt(sizes[2])))


def _forward_passes() -> Question:
    from ...example.params import WEIGHTS

    passes = 2 * len(WEIGHTS)
    return Question(
        id="11-forward-passes", kind="number",
        prompt=_("How many forward passes does the central difference need to check the "
                 "gradients of all {count} weights?", count=len(WEIGHTS)),
        answer=float(passes), tolerance=1e-9,
        why=_("Two per weight, one with the weight nudged up and one with it nudged down: "
              "{passes}. Backpropagation gets every gradient from one forward and one backward "
              "pass.", passes=passes))


#: Each question by its id ("lesson-what"), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "11-best-step": _best_step,
    "11-forward-passes": _forward_passes,
    "02-no-bias-error": _no_bias_error,
    "02-place-of-w6": _place_of_w6,
    "03-net-h1": _net_h1,
    "03-larger-output": _larger_output,
    "04-larger-error": _larger_error,
    "04-without-the-half": _without_the_half,
    "05-dE-dw5": _dE_dw5,
    "05-sign-of-dE-dw7": _sign_of_dE_dw7,
    "06-larger-gradient": _larger_gradient,
    "08-w5-updated": _w5_updated,
    "08-w7-direction": _w7_direction,
    "08-order-and-w5": _order_and_w5,
    "09-error-drop": _error_drop,
    "09-out-o1-after-training": _out_o1_after_training,
    "10-shared-bias-gradient": _shared_bias_gradient,
    "10-sign-of-own-bias": _sign_of_own_bias,
    "10-lowest-error-mode": _lowest_error_mode,
}
