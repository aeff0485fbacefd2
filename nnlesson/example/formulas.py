"""Formulas as the lessons show them: LaTeX and plain text, general and with numbers.

Both forms are printed from the same sympy definition (symbolic.quantities),
once per choice of options. The version with numbers is a template whose
slots are the definition's symbols, so filling in new numbers costs a string
join, not a sympy call: a widget can redraw on every keystroke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from ..formatting import fmt
from .params import DEFAULT, Options
from .symbolic import AT_UPDATED, PARAMETER_SYMBOLS, quantities

__all__ = ["Formula", "Template", "formulas", "latex_symbol", "plain_text", "text_symbol"]

_SLOT = "\x00"  # marks a symbol's place in a template: \x00name\x00

_NUMERATORS = {"E": r"E_{total}", "E_total": r"E_{total}", "E_o1": r"E_{o1}", "E_o2": r"E_{o2}"}


def _latex_part(name: str) -> str:
    if name in PARAMETER_SYMBOLS:
        return sp.latex(PARAMETER_SYMBOLS[name])
    if m := re.fullmatch(r"(net|out)_([ho]\d)", name):
        return rf"{m[1]}_{{{m[2]}}}"
    return _NUMERATORS.get(name, name)


def latex_symbol(name: str) -> str:
    """The LaTeX a lesson writes for a quantity (dE_dw5 is dE_total/dw5 as a fraction)."""
    if name.endswith("_plus"):
        return rf"{{{latex_symbol(name[:-5])}}}^{{+}}"
    if name.endswith("_new"):
        return rf"{latex_symbol(name[:-4])}^{{+}}"
    if m := re.fullmatch(r"d(E|E_total|E_o\d|out_[ho]\d|net_[ho]\d)_d(\w+)", name):
        return rf"\frac{{\partial {_latex_part(m[1])}}}{{\partial {_latex_part(m[2])}}}"
    if m := re.fullmatch(r"delta_([ho]\d)", name):
        return rf"\delta_{{{m[1]}}}"
    if m := re.fullmatch(r"E_(o\d|total)", name):
        return rf"E_{{{m[1]}}}"
    return _latex_part(name)


def text_symbol(name: str) -> str:
    """The plain-text name a terminal shows: dE_dw5 -> dE_total/dw5, w5_new -> w5+."""
    if name.endswith("_plus"):
        return text_symbol(name[:-5]) + "+"
    if name.endswith("_new"):
        return text_symbol(name[:-4]) + "+"
    if m := re.fullmatch(r"d(E|E_total|E_o\d|out_[ho]\d|net_[ho]\d)_d(\w+)", name):
        numerator = "E_total" if m[1] == "E" else m[1]
        return f"d{numerator}/d{m[2]}"
    return "eta" if name == "learning_rate" else name


_PARAMETER_NAMES = {symbol: name for name, symbol in PARAMETER_SYMBOLS.items()}
_AT_UPDATED_LATEX = r"E_{total}\big|_{\text{updated parameters}}"
_AT_UPDATED_TEXT = "E_total at the updated parameters"


def _name_of(symbol: sp.Symbol) -> str:
    return _PARAMETER_NAMES.get(symbol, symbol.name)


class _LatexSlots(LatexPrinter):
    """Prints a definition in the order it was written, each symbol as a slot or a name."""

    def __init__(self, slots: bool):
        super().__init__({"order": "none", "mul_symbol": "dot"})
        self.slots = slots

    def _print_Symbol(self, expr, style="plain"):
        if expr == AT_UPDATED:
            return _AT_UPDATED_LATEX
        name = _name_of(expr)
        return f"{_SLOT}{name}{_SLOT}" if self.slots else latex_symbol(name)


class _TextSlots(StrPrinter):
    def __init__(self, slots: bool):
        super().__init__({"order": "none"})
        self.slots = slots

    def _print_Symbol(self, expr):
        if expr == AT_UPDATED:
            return _AT_UPDATED_TEXT
        name = _name_of(expr)
        return f"{_SLOT}{name}{_SLOT}" if self.slots else text_symbol(name)

    def _print_Piecewise(self, expr):
        # ReLU as a learner reads it, "(0 if net_h1 <= 0 else net_h1)", not sympy's
        # Piecewise((0, net_h1 <= 0), (net_h1, True)).
        *cases, (last, _) = expr.args
        text = self._print(last)
        for value, condition in reversed(cases):
            text = f"{self._print(value)} if {self._print(condition)} else {text}"
        return f"({text})"


def plain_text(expr: sp.Expr) -> str:
    """An expression as the text forms print it (ReLU as "(0 if x <= 0 else x)")."""
    return _TextSlots(False).doprint(expr)


@dataclass(frozen=True)
class Template:
    """A formula with numbered holes: literal text and the names that fill the holes."""

    pieces: tuple[str, ...]  # literal, name, literal, name, ..., literal

    def fill(self, values, wrap=("(", ")")) -> str:
        out = []
        for k, piece in enumerate(self.pieces):
            if k % 2 == 0:
                out.append(piece)
            else:
                number = fmt(values[piece])
                out.append(f"{wrap[0]}{number}{wrap[1]}" if number.startswith("-") else number)
        return "".join(out)

    @property
    def names(self) -> tuple[str, ...]:
        return self.pieces[1::2]


@dataclass(frozen=True, kw_only=True)
class Formula:
    """One quantity's formula: LaTeX and text, general and as a template for numbers."""

    name: str
    phase: str
    symbol: str
    latex: str
    latex_numbers: Template
    text_symbol: str
    text: str
    text_numbers: Template


def _template(printed: str) -> Template:
    return Template(tuple(printed.split(_SLOT)))


@cache
def formulas(options: Options = DEFAULT) -> tuple[Formula, ...]:
    """The formula of every quantity of the trace, for these options (cached)."""
    general_latex, slot_latex = _LatexSlots(False), _LatexSlots(True)
    general_text, slot_text = _TextSlots(False), _TextSlots(True)
    return tuple(
        Formula(
            name=q.name,
            phase=q.phase,
            symbol=latex_symbol(q.name),
            latex=general_latex.doprint(q.definition),
            latex_numbers=_template(slot_latex.doprint(q.definition)),
            text_symbol=text_symbol(q.name),
            text=general_text.doprint(q.definition),
            text_numbers=_template(slot_text.doprint(q.definition)),
        )
        for q in quantities(options)
    )
