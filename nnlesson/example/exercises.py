"""Checking a learner's answer for one quantity: the mistake named, and hints one step at a time.

Taught in lesson 11, "Check yourself". No widgets here: the Exercise widget, the
teacher's `python -m nnlesson grade` and a lesson cell all call `check_answer`.

A question names the quantity only; the hints come in four steps, each on request
(`hints`): the shape of the computation, which factors, the value of one of them,
and last the worked answer. Every wrong value we recognise is computed by the
engine, never retyped here, as the engine run with one thing changed:
- "updated-weight": the hidden-layer chain with w5..w8 already updated is the
  engine's "output-first" order;
- "half-factor": dropping the 1/2 of the loss is the engine's "squared" loss;
  keeping it without cancelling the 2 halves dE/dout, which the engine gives
  for targets moved halfway to the outputs (out - t' = (out - t)/2);
- "sign": (target - out) instead of (out - target) is the engine run with each
  target mirrored about its output (t' = 2 out - t, so out - t' = t - out);
- "missing-path": leaving out the path from a hidden neuron through o2 (or o1)
  is the engine run with that output's target equal to its output, which makes
  its delta, and so that path, exactly 0. The forward pass does not use the
  targets, so every other number stays the same.
- "rounding": close (within ROUNDING_BAND) but outside the tolerance.
A mistaken value that lies within ROUNDING_BAND of the right one is not offered
as that mistake: so close, rounding is the likelier cause.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import NumericError, ParameterError, read_number
from ..formatting import fmt
from ..language import _, current_language
from ..maths.activations import ACTIVATIONS
from . import engine
from .formulas import formulas, text_symbol
from .params import HIDDEN_PARAMETERS, Options, Params
from .steps import Step, Trace, trace

__all__ = ["ABSOLUTE_TOLERANCE", "Feedback", "HINT_STEPS", "MISTAKES", "PRACTICE_STEPS",
           "RELATIVE_TOLERANCE", "ROUNDING_BAND", "check_answer", "close_enough", "hint", "hints",
           "mistake_variants", "mistaken_values", "read_answer", "reference_point"]

#: An answer is right when it is within this fraction of the value (0.1 %): four
#: significant digits are enough, so 0.08217 is accepted for 0.082167041. For an
#: updated parameter the fraction is of its change (see `reference_point`).
RELATIVE_TOLERANCE = 1e-3
#: ... or within this distance of it, for values that are (almost) 0.
ABSOLUTE_TOLERANCE = 1e-12
#: A wrong answer this close (2 %) to the value, and matching no mistake, is a rounding slip.
ROUNDING_BAND = 0.02

#: The mistakes we name (JSON and data attributes carry these keys, never sentences).
MISTAKES = ("missing-path", "updated-weight", "half-factor", "sign", "rounding")

#: The hints of every question, in the order they are given, one per request.
HINT_STEPS = ("shape", "factors", "one-value", "worked")

#: The quantities a learner practises (lesson 11's exercises and the teacher's sheets),
#: from the forward pass to the update: each listed mistake can be made in one of them.
PRACTICE_STEPS = ("out_h1", "out_o1", "E_total", "dE_dw5", "dE_dw1", "w5_new", "w1_new")

_GRADIENT_PHASES = ("output-gradients", "hidden-gradients")


@dataclass(frozen=True, kw_only=True)
class Feedback:
    """What the learner is told: right or not, why, the mistake it looks like, and a hint.

    `mistake` is one of MISTAKES, or "" when none is recognised; `hint` is the next
    hint (step `hint_level` of HINT_STEPS) for a wrong answer that matches no mistake.
    """

    correct: bool
    message: str
    mistake: str = ""
    hint: str = ""
    hint_level: int | None = None

    def __repr__(self) -> str:
        verdict = "correct" if self.correct else f"wrong ({self.mistake or 'no known mistake'})"
        return f"Feedback({verdict}: {self.message})"


def reference_point(t: Trace, step_name: str) -> float:
    """What an answer is measured from: 0, or for an updated parameter its old value.

    An update w+ = w - eta * g changes w by a little; judged by its own size, an answer
    that forgot the update, or got g wrong, would pass. So the change is what must be
    within the tolerance.
    """
    step = t[step_name]
    old = t.params.values().get(step_name.removesuffix("_new"))
    if step.phase == "update" and step_name.endswith("_new") and old is not None:
        return old
    return 0.0


def close_enough(answer: float, expected: float, *, start: float = 0.0) -> bool:
    """`answer - start` within 0.1 % of `expected - start` (or 1e-12 of it near 0)."""
    return math.isclose(answer - start, expected - start, rel_tol=RELATIVE_TOLERANCE,
                        abs_tol=ABSOLUTE_TOLERANCE)


def _gap(answer: float, expected: float, start: float) -> float:
    """How far `answer` is from `expected`, as a fraction of `expected - start`."""
    size = abs(expected - start)
    return abs(answer - expected) / size if size > ABSOLUTE_TOLERANCE else math.inf


def check_answer(t: Trace, step_name: str, value: float | str, *, hints_seen: int = 0
                 ) -> Feedback:
    """Is `value` the value of step `step_name`? If not, which mistake gives it?

    `value` may be the text the learner typed: it is read with `read_number` only,
    never evaluated. A wrong answer that matches no mistake gets the next hint after
    the `hints_seen` already shown (never the worked answer: that one is asked for).
    """
    step = t[step_name]
    symbol = text_symbol(step_name)
    answer, refused = read_answer(value)
    if answer is None:
        return Feedback(correct=False, message=refused)
    start = reference_point(t, step_name)
    if close_enough(answer, step.value, start=start):
        return Feedback(correct=True,
                        message=_("Right: {symbol} = {value}.", symbol=symbol,
                                  value=fmt(step.value)))
    for kind, mistaken, explanation in _mistakes(t, step):
        if close_enough(answer, mistaken, start=start):
            return Feedback(correct=False, message=explanation, mistake=kind)
    if _gap(answer, step.value, start) <= ROUNDING_BAND:
        return Feedback(correct=False, message=_rounding(step, start != 0.0), mistake="rounding")
    level = max(0, min(hints_seen, len(HINT_STEPS) - 2))
    return Feedback(correct=False, message=_("Not this one."), hint=hint(t, step_name, level),
                    hint_level=level)


def read_answer(value: float | str) -> tuple[float | None, str]:
    """(the number, "") or (None, why it is not one): typed text is read, never evaluated."""
    try:
        return read_number("answer", value), ""
    except ParameterError as exc:
        typed = exc.value if isinstance(exc.value, str) else repr(exc.value)
        return None, _("Not a number: {typed}. Type your answer as a number, with a decimal "
                       "point or a decimal comma.", typed=typed.strip() or '""')


def mistaken_values(t: Trace, step_name: str) -> dict[str, float]:
    """The value each recognised mistake gives for this step (the first one per kind), by kind."""
    out: dict[str, float] = {}
    for kind, value, _explanation in _mistakes(t, t[step_name]):
        out.setdefault(kind, value)
    return out


def mistake_variants(t: Trace, step_name: str) -> tuple[tuple[str, float], ...]:
    """Every (kind, value) a mistake can give for this step, however close to the right value.

    `numbers` uses it to refuse a set of numbers where a mistake cannot be told
    from the right answer or from another mistake.
    """
    return tuple((kind, value) for kind, value, _explanation in _candidates(t, t[step_name]))


def _mistakes(t: Trace, step: Step) -> Iterator[tuple[str, float, str]]:
    """(kind, value, explanation) for every mistake that moves this step out of rounding reach."""
    start = reference_point(t, step.name)
    for kind, value, explanation in _candidates(t, step):
        if _gap(value, step.value, start) > ROUNDING_BAND:
            yield kind, value, explanation


# --- the mistakes, each the engine run with one thing changed --------------------------------

@lru_cache(maxsize=512)   # a class of 30, six mistakes each, and some room
def _variant(params: Params, options: Options, which: str) -> Trace | None:
    """The trace of one mistake (None when these numbers and options cannot make it)."""
    targets = {k: getattr(params, f"target_{k}") for k in ("o1", "o2")}
    try:
        outputs = engine.forward(params, options=options)
        if which == "output-first":
            return trace(params, options=dataclasses.replace(options, order="output-first"))
        if which == "other-loss":
            other = "squared" if options.loss == "half-squared" else "half-squared"
            return trace(params, options=dataclasses.replace(options, loss=other))
        if which == "halfway":
            moved = {k: (targets[k] + getattr(outputs, f"out_{k}")) / 2 for k in targets}
        elif which == "mirrored":
            moved = {k: 2 * getattr(outputs, f"out_{k}") - targets[k] for k in targets}
        else:   # "drop-o1" / "drop-o2": that output's delta, and so its path, is 0
            dropped = which.removeprefix("drop-")
            moved = {dropped: getattr(outputs, f"out_{dropped}")}
        return trace(params.replace(**{f"target_{k}": v for k, v in moved.items()}),
                     options=options)
    except (ParameterError, NumericError):
        return None


def _candidates(t: Trace, step: Step) -> Iterator[tuple[str, float, str]]:
    o, name, phase = t.options, step.name, step.phase
    hidden_update = phase == "update" and name.removesuffix("_new") in HIDDEN_PARAMETERS

    def value_in(which: str, at: str = name) -> float | None:
        other = _variant(t.params, o, which)
        return None if other is None or at not in other else other[at].value

    found: list[tuple[str, float | None, str]] = []
    if o.order == "simultaneous" and (phase == "hidden-gradients" or hidden_update):
        at = f"{name}_plus" if phase == "hidden-gradients" else name
        found.append(("updated-weight", value_in("output-first", at), _(
            "Not this one: this is what you get with w5 to w8 already updated. Every gradient "
            "of one update is computed from the ORIGINAL weights; the new weights are used "
            "only from the next forward pass on.")))
    squares = o.loss in ("half-squared", "squared")
    if squares and phase != "forward":
        if o.loss == "squared":
            said = _("Not this one: your answer is half the right value, as if the error had a "
                     "½. This network's error is (target − out)², with no ½.")
        elif phase == "error":
            said = _("Not this one: your answer is twice the right value. The error of each "
                     "output is ½(target − out)²: keep the ½.")
        else:
            said = _("Not this one: your answer is twice the right value, as if the error had "
                     "no ½. The ½ of E = ½(target − out)² is there to cancel the 2 that "
                     "comes down when you differentiate the square: use it exactly once.")
        found.append(("half-factor", value_in("other-loss"), said))
    if phase in _GRADIENT_PHASES or phase == "update":
        if squares:
            said = (_("Not this one: your answer is half the right value. Differentiating "
                      "½(target − out)² brings down a 2 that cancels the ½: "
                      "dE/dout = -(target - out), with no ½ left.")
                    if o.loss == "half-squared" else
                    _("Not this one: your answer is half the right value. Differentiating "
                      "(target − out)² brings down a 2: dE/dout = -2 (target - out)."))
            found.append(("half-factor", value_in("halfway"), said))
        found.append(("sign", value_in("mirrored"), _(
            "Right size, wrong sign: check the sign of (target - out). The derivative of the "
            "error with respect to out is -(target - out) = out - target; the minus comes from "
            "differentiating (target - out) with respect to out.")))
    single_path = name.startswith(("dE_o1_", "dE_o2_"))
    if (phase == "hidden-gradients" and not single_path) or hidden_update:
        for kept, dropped in (("o1", "o2"), ("o2", "o1")):
            found.append(("missing-path", value_in(f"drop-{dropped}"), _(
                "Not this one: your answer keeps only the path through {kept}. A hidden neuron "
                "feeds both o1 and o2, so the error reaches it along two paths, and their "
                "contributions add up.", kept=kept)))
    for kind, value, said in found:
        if value is not None:
            yield kind, value, said


def _rounding(step: Step, from_old_value: bool) -> str:
    tolerance = f"{fmt(RELATIVE_TOLERANCE * 100)} %"
    if from_old_value:
        return _("Close, but the change from {old} to {new} is not within {tolerance}: keep "
                 "more digits, so that the change itself has four significant digits.",
                 old=step.name.removesuffix("_new"), new=text_symbol(step.name),
                 tolerance=tolerance)
    return _("Close, but not within {tolerance} of the value: keep more digits along the way, "
             "and round only the final answer.", tolerance=tolerance)


# --- hints, one step at a time ----------------------------------------------------------------

def hint(t: Trace, step_name: str, level: int = 0) -> str:
    """Hint number `level` (0 to 3, see HINT_STEPS) for step `step_name`."""
    texts = hints(t, step_name)
    return texts[max(0, min(level, len(texts) - 1))]


def hints(t: Trace, step_name: str) -> tuple[str, ...]:
    """The four hints for step `step_name`: shape, factors, one value, the worked answer."""
    step = t[step_name]
    sums = [t[u] for u in step.uses
            if t[u].phase in _GRADIENT_PHASES and " + " in _formula_text(t, t[u])]
    factors = [_("The pieces: {symbol} = {formula}.", symbol=text_symbol(step.name),
                 formula=_formula_text(t, step))]
    for inner in sums:
        factors.append(_("Here {symbol} adds up the paths: {symbol} = {formula}.",
                         symbol=text_symbol(inner.name), formula=_formula_text(t, inner)))
    # Chinese writes sentences with no space between them, and a full-width semicolon.
    chinese = current_language() == "zh"
    worked = ("；" if chinese else "; ").join(_readable(s.text) for s in [*sums, step])
    return (_shape(t, step), ("" if chinese else " ").join(factors), _one_value(t, step),
            _("The worked answer: {working}.", working=worked))


def _formula_text(t: Trace, step: Step) -> str:
    return _readable(formulas(t.options)[step.index].text)


def _readable(text: str) -> str:
    return text.replace("*", " · ")


def _shape(t: Trace, step: Step) -> str:
    name, symbol = step.name, text_symbol(step.name)
    if m := re.fullmatch(r"net_([ho]\d)", name):
        return _("{symbol} is a weighted sum: each value that flows into {neuron}, times the "
                 "weight of its connection, plus the bias.", symbol=symbol, neuron=m[1])
    if m := re.fullmatch(r"out_([ho]\d)", name):
        activation = (t.options.hidden_activation if m[1][0] == "h"
                      else t.options.output_activation)
        return _("{symbol} is the {activation} of {neuron}'s net input: first the weighted sum "
                 "net_{neuron}, then the activation.", symbol=symbol,
                 activation=ACTIVATIONS[activation].name, neuron=m[1])
    if m := re.fullmatch(r"E_(o\d)", name):
        return _("{symbol} measures how far out_{output} is from its target.", symbol=symbol,
                 output=m[1])
    if name == "E_total":
        return _("E_total adds up the errors of the two outputs, each from its output and "
                 "its target.")
    if name == "E_total_new":
        return _("This is the error of a new forward pass, with every updated parameter.")
    if step.phase == "update":
        return _("An update moves {parameter} a small step against its gradient: the learning "
                 "rate times the gradient.", parameter=name.removesuffix("_new"))
    if m := re.fullmatch(r"dout_([ho]\d)_dnet_\1", name):
        return _("{symbol} is the slope of {neuron}'s activation at its net input.",
                 symbol=symbol, neuron=m[1])
    if m := re.fullmatch(r"dnet_([ho]\d)_d(\w+)", name):
        return _("net_{neuron} is a weighted sum: its derivative with respect to {parameter} is "
                 "what {parameter} multiplies.", neuron=m[1], parameter=m[2])
    target = f"net_{name[6:]}" if name.startswith("delta_") else symbol.rsplit("/d", 1)[-1]
    return _("Chain rule: follow every path from the error back to {target}. Along one path, "
             "multiply the local derivative of each link; where paths meet, add up what "
             "comes along each.", target=target)


def _one_value(t: Trace, step: Step) -> str:
    uses = list(step.uses)
    if uses:
        slopes = [u for u in uses if u.startswith("dout_")]
        chosen = slopes[0] if slopes else uses[-1] if len(uses) > 1 else uses[0]
        return _("One of the values it needs: {symbol} = {value}.",
                 symbol=text_symbol(chosen), value=fmt(t[chosen].value))
    pieces = step.text.split(" = ")
    return _("With the numbers: {numbers}.", numbers=_readable(" = ".join(pieces[:-1])))
