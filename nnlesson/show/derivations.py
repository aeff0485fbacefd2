"""A derivation as a lesson shows it: one step a line, each with what it did, then sympy's verdict.

Taught in lesson 13, "Activation functions" (the two famous simplifications,
`nnlesson.maths.simplifications`).
"""

from __future__ import annotations

import sympy as sp

from ..language import _
from ..maths.simplifications import Simplification
from .shown import Shown

__all__ = ["derivation"]


def _step_note(kind: str) -> str:
    notes = {"cancelled": _("the common factors cancelled"),
             "multiplied out": _("multiplied out"),
             "collected": _("the common factor taken out"),
             "targets sum to 1": _("the targets add up to 1:")}
    return notes[kind]


def derivation(d: Simplification) -> Shown:
    """`d` step by step: definitions, the derivative shown and done, the chain rule, the steps."""
    names = dict(d.latex_names)
    forms = dict(d.factors)
    # Long subexpressions shown by name (softmax's Σ); the checks were made in full.
    short = {full: name for name, full in d.abbreviations}

    def tex(expr) -> str:
        return sp.latex(expr.xreplace(short), symbol_names=names)

    def plain(expr) -> str:
        return sp.sstr(expr.xreplace(short))

    # Each row: the right-hand side in LaTeX and in plain text, what the step did, and the
    # formula it used (LaTeX, plain), if any.
    rows: list[tuple[str, str, str, tuple[str, str] | None]] = [
        (tex(d.derivative), plain(d.derivative), _("the definitions put together"), None),
        (tex(d.derived), plain(d.derived), _("sympy's derivative, as it comes"), None),
        (" + ".join(f"{tex(f)} {tex(g)}" for f, g in d.terms),
         " + ".join(f"{f}·{g}" for f, g in d.terms), _("the chain rule"), None),
        (" + ".join(rf"\left({tex(forms[f])}\right) \left({tex(forms[g])}\right)"
                    for f, g in d.terms),
         " + ".join(f"({sp.sstr(forms[f])})·({sp.sstr(forms[g])})" for f, g in d.terms),
         _("each factor derived from its definition"), None),
    ]
    for kind, expr in d.steps:
        used = d.uses if kind == "targets sum to 1" else None
        rows.append((tex(expr), sp.sstr(expr), _step_note(kind),
                     None if used is None else (sp.latex(used), f"{used.lhs} = {used.rhs}")))
    verdict = (_("sympy's verdict: its derivative and the short form are equal.") if d.equal
               else _("sympy's verdict: its derivative and the short form are NOT equal."))

    top = rf"\frac{{\partial E}}{{\partial {sp.latex(d.variable)}}}"
    definitions = [*((lhs, rhs.xreplace(short)) for lhs, rhs in d.definitions[:-1]),
                   *d.abbreviations, d.definitions[-1]]
    lines = [f"{tex(lhs)} &= {sp.latex(rhs, symbol_names=names)}" for lhs, rhs in definitions]
    text = [f"{lhs} = {sp.sstr(rhs)}" for lhs, rhs in definitions]
    left = f"dE/d{d.variable}"
    for k, (rhs_tex, rhs_text, note, used) in enumerate(rows):
        note_tex = rf"\text{{{_escaped(note)}}}" + ("" if used is None else rf"\ {used[0]}")
        lines.append(("" if k else r"\\[1ex] " + top) + rf" &= {rhs_tex} && {note_tex}")
        text.append(f"{left if k == 0 else ' ' * len(left)} = {rhs_text}    ({note}"
                    + ("" if used is None else f" {used[1]}") + ")")
    lines.append(rf"\\[1ex] & \text{{{_escaped(verdict)}}}")
    text.append(verdict)
    latex = r"$$\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}$$"
    return Shown("\n".join(text), latex=latex.replace(r" \\ \\[1ex]", r" \\[1ex]"))


def _escaped(words: str) -> str:
    """Words for \\text{...}: the characters LaTeX treats specially, escaped."""
    return words.replace("\\", r"\textbackslash ").replace("{", r"\{").replace("}", r"\}")
