"""The formula card of one step, as HTML with LaTeX for an HTMLMath widget.

Taught in lessons 03, 04, 05, 06 and 08: the general formula, the same formula with this
trace's numbers, the value, and for a product or sum each factor with its own
value and the step it was computed in (Step.uses). Math is written between
$$ ... $$ (display) and $ ... $ (inline): ipywidgets' HTMLMath typesets both
with MathJax in JupyterLab and in Voila.
"""

from __future__ import annotations

from html import escape

from ..example.steps import PHASE_TITLES, Trace
from ..formatting import fmt

__all__ = ["CARD_FONT", "card_html", "math"]

#: Base font size of the card in px; the model's font_scale multiplies it.
CARD_FONT = 17


def math(latex: str, *, display: bool = True) -> str:
    """LaTeX between MathJax delimiters, HTML-escaped (MathJax reads the text, not the tags)."""
    fence = "$$" if display else "$"
    return f"{fence}{escape(latex, quote=False)}{fence}"


def card_html(trace: Trace, index: int, *, scale: float = 1.0) -> str:
    """The card of step `index` of `trace`."""
    step = trace[index]
    # One labelled line each: the general formula, the same with numbers, the value.
    rows = [_row("Formula", step.symbol, step.formula)]
    if step.substituted != step.formula:
        rows.append(_row("With the numbers", step.symbol, step.substituted))
    rows.append(_row("Value", step.symbol, rf"\boxed{{{fmt(step.value)}}}"))
    factors = ""
    if step.uses:
        chain = step.flow == "backward" and r"\cdot" in step.formula
        title = "The chain-rule factors" if chain else "It uses"
        lines = "".join(
            f'<tr data-uses="{escape(name)}"><td>{math(trace[name].symbol, display=False)}</td>'
            f'<td style="padding:0 1em">= {fmt(trace[name].value)}</td>'
            f'<td style="color:#555">from step {trace[name].index + 1} '
            f'({escape(PHASE_TITLES[trace[name].phase])})</td></tr>'
            for name in step.uses)
        factors = (f'<div style="margin-top:0.6em"><b>{title}</b>'
                   f'<table style="border-collapse:collapse;margin-top:0.2em">{lines}</table>'
                   "</div>")
    explanation = (f'<p style="margin:0.6em 0 0 0">{escape(step.explanation)}</p>'
                   if step.explanation else "")
    return (
        f'<div class="nnl-card-body" data-step="{step.index}" data-name="{escape(step.name)}" '
        f'data-phase="{step.phase}" style="font-size:{CARD_FONT * scale:.0f}px;line-height:1.35">'
        f'<div style="color:#555">{escape(PHASE_TITLES[step.phase])} · step {step.index + 1} '
        f'of {len(trace)} · <code>{escape(step.name)}</code></div>'
        + "".join(rows) + factors + explanation + "</div>")


def _row(label: str, symbol: str, latex: str) -> str:
    # \displaystyle keeps fractions full size in a one-line row; a long row scrolls sideways.
    formula = math(rf"\displaystyle {symbol} = {latex}", display=False)
    return (f'<div style="margin-top:0.35em;overflow-x:auto;overflow-y:hidden;white-space:nowrap">'
            f'<span style="display:inline-block;min-width:9.5em;color:#555">{label}:</span>'
            f"{formula}</div>")
