"""Checking a learner's answer for one step of the trace, with a hint aimed at the usual mistake.

Taught in lesson 11, "Check yourself". No widgets here: the
Exercise widget and the command line both call `check_answer`.

Every wrong value we recognise is computed by the engine, never retyped here:
- "updated-weight": the hidden-layer chain with w5..w8 already updated is the
  engine's "output-first" order; a whole second pass uses the updated parameters;
- "half-factor": dropping the 1/2 of the loss is the engine's "squared" loss;
  keeping it without cancelling the 2 halves dE/dout, which the engine gives
  for targets moved halfway to the outputs (out - t' = (out - t)/2);
- "sign": (target - out) instead of (out - target) is the engine run with each
  target mirrored about its output (t' = 2 out - t, so out - t' = t - out);
- "missing-path": leaving out the path from a hidden neuron through o2 (or o1)
  is the engine run with that output's target equal to its output, which makes
  its delta, and so that path, exactly 0. The forward pass does not use the
  targets, so every other number stays the same.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import NumericError, ParameterError, read_number
from ..formatting import fmt
from . import engine
from .formulas import formulas, text_symbol
from .params import HIDDEN_PARAMETERS
from .steps import PHASE_TITLES, Trace, trace

__all__ = ["ABSOLUTE_TOLERANCE", "Feedback", "MISTAKES", "RELATIVE_TOLERANCE", "check_answer",
           "close_enough", "hint", "mistaken_values"]

#: An answer is right when it is within this fraction of the value (0.1 %): four
#: significant digits are enough, so 0.08217 is accepted for 0.082167041.
RELATIVE_TOLERANCE = 1e-3
#: ... or within this distance of it, for values that are (almost) 0.
ABSOLUTE_TOLERANCE = 1e-12

#: The mistakes we recognise, and what each one is.
MISTAKES = {
    "updated-weight": "used an updated weight instead of the original one",
    "half-factor": "dropped the 1/2 of the loss, or doubled it",
    "sign": "the sign of (target - out)",
    "missing-path": "forgot the second path to a hidden neuron",
}

_GRADIENT_PHASES = ("output-gradients", "hidden-gradients")


@dataclass(frozen=True, kw_only=True)
class Feedback:
    """What the learner is told: right or not, why, and which mistake it looks like."""

    correct: bool
    message: str
    mistake: str = ""   # a key of MISTAKES, or "" when none is recognised

    def __repr__(self) -> str:
        verdict = "correct" if self.correct else f"wrong ({self.mistake or 'no known mistake'})"
        return f"Feedback({verdict}: {self.message})"


def close_enough(answer: float, expected: float) -> bool:
    """Within 0.1 % of `expected` (or 1e-12 of it near 0)."""
    return math.isclose(answer, expected, rel_tol=RELATIVE_TOLERANCE,
                        abs_tol=ABSOLUTE_TOLERANCE)


def check_answer(trace: Trace, step_name: str, value: float | str) -> Feedback:
    """Is `value` the value of step `step_name`? If not, which usual mistake gives it?

    `value` may be the text the learner typed: it is read with `read_number` only
    (any finite number: with large inputs a right answer may exceed the parameters' range).
    """
    step = trace[step_name]
    symbol = text_symbol(step_name)
    try:
        answer = read_number("answer", value)
    except ParameterError as exc:
        return Feedback(
            correct=False,
            message=f"{exc.problem.capitalize()}: type a number such as 0.0822 "
            f"(you typed {exc.value!r}).",
        )
    if close_enough(answer, step.value):
        return Feedback(correct=True, message=f"Correct: {symbol} = {fmt(step.value)}.")
    for kind, mistaken, explanation in _mistakes(trace, step_name):
        if close_enough(answer, mistaken):
            return Feedback(
                correct=False,
                message=f"Not quite: {fmt(answer)} is not {symbol}. {explanation}",
                mistake=kind,
            )
    return Feedback(
        correct=False, message=f"Not quite: {fmt(answer)} is not {symbol}. {hint(trace, step_name)}"
    )


def mistaken_values(trace: Trace, step_name: str) -> dict[str, float]:
    """The value each recognised mistake gives for this step (first one per kind), by kind."""
    out: dict[str, float] = {}
    for kind, value, _ in _mistakes(trace, step_name):
        out.setdefault(kind, value)
    return out


def hint(trace: Trace, step_name: str) -> str:
    """The formula of the step and the values it needs, without the answer."""
    step = trace[step_name]
    formula = formulas(trace.options)[step.index]
    needs = [
        f"{text_symbol(u)} = {fmt(trace[u].value)} (step {trace[u].index + 1})" for u in step.uses
    ]
    parameters = [n for n in dict.fromkeys(formula.text_numbers.names) if n not in trace]
    known = trace.params.values()
    needs += [f"{text_symbol(n)} = {fmt(known[n])}" for n in parameters if n in known]
    using = f" It uses {', '.join(needs)}." if needs else ""
    return f"{PHASE_TITLES[step.phase]}: {formula.text_symbol} = {formula.text}.{using}"


def _mistakes(t: Trace, name: str) -> Iterator[tuple[str, float, str]]:
    """(kind, value, explanation) for every recognised mistake that changes this step's value."""
    step = t[name]
    for kind, compute, explanation in _candidates(t, step):
        try:
            value = compute()
        except (ParameterError, NumericError, KeyError):
            continue  # this mistake cannot be made with these numbers and options
        if value is not None and not close_enough(value, step.value):
            yield kind, value, explanation


def _candidates(t: Trace, step) -> Iterator[tuple[str, Callable[[], float | None], str]]:
    p, o, name, phase = t.params, t.options, step.name, step.phase
    base = name.removesuffix("_new")
    hidden_update = phase == "update" and base in HIDDEN_PARAMETERS

    def other(options=o, params=p) -> Trace:
        return trace(params, options=options)

    def retargeted(**targets: float) -> Callable[[], float]:
        return lambda: other(params=p.replace(**targets))[name].value

    # Used an updated weight: the hidden chain with w5..w8 updated, or a pass at updated numbers.
    if o.order == "simultaneous" and (phase == "hidden-gradients" or hidden_update):
        output_first = dataclasses.replace(o, order="output-first")
        plus = f"{name}_plus" if phase == "hidden-gradients" else name
        yield (
            "updated-weight",
            lambda: other(options=output_first)[plus].value,
            "This uses w5..w8 after their update. Every gradient of one update is "
            "computed from the ORIGINAL weights; the new weights are used only from the "
            "next forward pass on.",
        )
    if phase in _GRADIENT_PHASES:
        yield (
            "updated-weight",
            lambda: other(params=engine.update(p, options=o).after)[name].value,
            "This is the value at the UPDATED parameters. Every gradient of one "
            "update is computed from the original weights.",
        )
    # Dropped the 1/2 (the squared loss), or kept it without cancelling the 2.
    if o.loss in ("half-squared", "squared") and phase != "forward":
        plain = "squared" if o.loss == "half-squared" else "half-squared"
        loss_now = "1/2 (target - out)^2" if o.loss == "half-squared" else "(target - out)^2"
        yield (
            "half-factor",
            lambda: other(options=dataclasses.replace(o, loss=plain))[name].value,
            f"It is off by a factor of 2: this network's loss is E = {loss_now}. "
            "The 1/2 is there to cancel the 2 that comes down when you differentiate the "
            "square; check that it is used exactly once.",
        )
    forward = t.forward
    if phase in _GRADIENT_PHASES or phase == "update":
        halfway = {
            f"target_{k}": (getattr(p, f"target_{k}") + forward[f"out_{k}"]) / 2
            for k in ("o1", "o2")
        }
        if o.loss in ("half-squared", "squared"):
            yield (
                "half-factor",
                retargeted(**halfway),
                "It is half the right value: differentiating the square brings down a 2, "
                "and with E = 1/2 (target - out)^2 that 2 cancels the 1/2: "
                "dE/dout = -(target - out).",
            )
        mirrored = {
            f"target_{k}": 2 * forward[f"out_{k}"] - getattr(p, f"target_{k}") for k in ("o1", "o2")
        }
        yield (
            "sign",
            retargeted(**mirrored),
            "Right size, wrong sign: dE/dout = -(target - out) = out - target. The minus "
            "comes from the inner derivative of (target - out) with respect to out.",
        )
    single_path = name.startswith(("dE_o1_", "dE_o2_"))
    if (phase == "hidden-gradients" and not single_path) or hidden_update:
        for kept, dropped in (("o1", "o2"), ("o2", "o1")):
            yield (
                "missing-path",
                retargeted(**{f"target_{dropped}": forward[f"out_{dropped}"]}),
                f"A hidden neuron feeds both o1 and o2, so the error reaches it along two "
                f"paths: dE_total/dout_h = dE_o1/dout_h + dE_o2/dout_h. Your answer uses "
                f"only the path through {kept}.",
            )
