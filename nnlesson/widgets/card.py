"""The formula card of each step: the general formula, the same with numbers, the value.

Taught in lessons 03, 04, 05, 06 and 08: for a product or sum the card also lists each
factor with its own value and the step it was computed in (Step.uses). The kernel
writes every card of a trace at once (`card_data`), as MathML, which browsers
typeset natively and screen readers read: one template per formula, printed by
sympy (example.formulas), filled in on the page with the symbols for the general
formula and with the numbers for the other row. Every word on a card comes from
here, through the message layer. `math` wraps LaTeX for the views that still
typeset with MathJax (Exercise, SymbolicView).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..example.formulas import formulas, mathml_number, mathml_symbol
from ..example.params import NEURON_BIASES
from ..example.steps import Trace
from ..example.symbolic import ARGUMENTS
from ..formatting import fmt
from ..language import _

__all__ = ["CARD_FONT", "card_data", "card_numbers", "card_words", "math", "numbers_known"]

#: Base font size of the card in px; the model's font_scale multiplies it.
CARD_FONT = 17


def math(latex: str, *, display: bool = True) -> str:
    """LaTeX between MathJax delimiters, HTML-escaped (MathJax reads the text, not the tags)."""
    fence = "$$" if display else "$"
    return f"{fence}{escape(latex, quote=False)}{fence}"


def numbers_known(trace: Trace) -> dict[str, float]:
    """Every number a card of `trace` can show: the parameters and every step's value."""
    params = trace.params
    known: dict[str, float] = {}
    for name in ARGUMENTS:
        value = params.bias(name[2:]) if name in NEURON_BIASES else getattr(params, name)
        if value is not None:
            known[name] = value
    known.update(trace.values)
    return known


def card_data(trace: Trace, indices: Sequence[int]) -> dict:
    """Every card of steps `indices` of `trace`, for the stepper's page to show one at a time.

    Each step is [index, name, phase, has a row with numbers, lists chain-rule factors,
    [[used name, its index, its phase], ...], MathML template]; the symbols the templates
    name are given once, in MathML. None of it depends on the numbers (`card_numbers`).
    """
    fs = formulas(trace.options)
    steps = []
    for index in indices:
        step, formula = trace[index], fs[index]
        chain = step.flow == "backward" and r"\cdot" in step.formula
        steps.append([index, step.name, step.phase, int(bool(formula.mathml.names)), int(chain),
                      [[name, trace[name].index, trace[name].phase] for name in step.uses],
                      list(formula.mathml.pieces)])
    return {"symbols": {name: mathml_symbol(name) for name in _shown(trace, indices)},
            "steps": steps}


def card_numbers(trace: Trace, indices: Sequence[int]) -> dict:
    """What the cards of steps `indices` say that depends on the numbers.

    `numbers`: every number the cards show, in MathML, by name; `why`: each step's
    explanation (HTML), which says which way an update moves.
    """
    known = numbers_known(trace)
    return {"numbers": {name: mathml_number(fmt(known[name])) for name in _shown(trace, indices)},
            "why": [escape(trace[index].explanation, quote=False) for index in indices]}


def _shown(trace: Trace, indices: Sequence[int]) -> list[str]:
    """Every name the cards of steps `indices` show: the steps', their formulas', the uses."""
    fs = formulas(trace.options)
    names: dict[str, None] = {}
    for index in indices:
        step = trace[index]
        names.update({n: None for n in (step.name, *fs[index].mathml.names, *step.uses)})
    return list(names)


def card_words() -> dict[str, str]:
    """Every word on a card, in the current language; {slots} are filled in on the page."""
    return {"formula": _("Formula"), "numbers": _("With the numbers"), "value": _("Value"),
            "chain": _("The chain-rule factors"), "uses": _("It uses"),
            "head": _("{phase} · step {number} of {total}"),
            "from": _("from step {number} ({phase})")}
