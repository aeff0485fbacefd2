"""Formulas as the lessons show them: LaTeX, MathML and plain text, general and with numbers.

Every form is printed from the same sympy definition (symbolic.quantities),
once per choice of options (MathML by sympy's presentation printer, for the
stepper's page, which browsers and screen readers read natively). The version
with numbers is a template whose
slots are the definition's symbols, so filling in new numbers costs a string
join, not a sympy call: a widget can redraw on every keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.str import StrPrinter

from ..language import _, current_language
from .params import DEFAULT, Options
from .symbolic import AT_UPDATED, PARAMETER_SYMBOLS, quantities

__all__ = ["Formula", "Template", "formulas", "latex_symbol", "mathml_number", "mathml_symbol",
           "plain_text", "text_symbol"]

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


def _mi(text: str) -> str:
    return f"<mi>{text}</mi>"


def _mathml_part(name: str) -> str:
    if name == "learning_rate":
        return "<mi>η</mi>"
    if m := re.fullmatch(r"(i|w|b)_?(\d|[ho]\d)", name):
        return f"<msub>{_mi(m[1])}<mn>{m[2]}</mn></msub>" if m[2].isdigit() else \
            f"<msub>{_mi(m[1])}{_mi(m[2])}</msub>"
    if m := re.fullmatch(r"(net|out|target)_([ho]\d)", name):
        return f"<msub>{_mi(m[1])}{_mi(m[2])}</msub>"
    if m := re.fullmatch(r"E(?:_(o\d|total))?", name):
        return f"<msub>{_mi('E')}{_mi(m[1] or 'total')}</msub>"
    return _mi(name)


@cache
def mathml_symbol(name: str) -> str:
    """The MathML a lesson writes for a quantity, as latex_symbol writes its LaTeX."""
    if name.endswith("_plus"):
        return f"<msup><mrow>{mathml_symbol(name[:-5])}</mrow><mo>+</mo></msup>"
    if name.endswith("_new"):
        return f"<msup><mrow>{mathml_symbol(name[:-4])}</mrow><mo>+</mo></msup>"
    if m := re.fullmatch(r"d(E|E_total|E_o\d|out_[ho]\d|net_[ho]\d)_d(\w+)", name):
        return (f"<mfrac><mrow><mo>∂</mo>{_mathml_part(m[1])}</mrow>"
                f"<mrow><mo>∂</mo>{_mathml_part(m[2])}</mrow></mfrac>")
    if m := re.fullmatch(r"delta_([ho]\d)", name):
        return f"<msub><mi>δ</mi>{_mi(m[1])}</msub>"
    return _mathml_part(name)


def mathml_number(text: str) -> str:
    """A number as fmt wrote it, in MathML: 1.5e-07 as 1.5 x 10^-7, a minus sign as a sign."""
    sign = ""
    if text.startswith("-"):
        sign, text = "<mo>−</mo>", text[1:]
    if "e" in text and text[0].isdigit():
        mantissa, exponent = text.split("e")
        power = int(exponent)
        exp = f"<mo>−</mo><mn>{-power}</mn>" if power < 0 else f"<mn>{power}</mn>"
        return (f"<mrow>{sign}<mn>{mantissa}</mn><mo>×</mo>"
                f"<msup><mn>10</mn><mrow>{exp}</mrow></msup></mrow>")
    return f"<mrow>{sign}<mn>{text}</mn></mrow>" if sign else f"<mn>{text}</mn>"


_PARAMETER_NAMES = {symbol: name for name, symbol in PARAMETER_SYMBOLS.items()}


def _at_updated_latex() -> str:
    # E_total computed again with the updated parameters; the words are the lesson's.
    return rf"E_{{total}}\big|_{{\text{{{_('updated parameters')}}}}}"


def _at_updated_text() -> str:
    return _("E_total at the updated parameters")


def _name_of(symbol: sp.Symbol) -> str:
    return _PARAMETER_NAMES.get(symbol, symbol.name)


class _LatexSlots(LatexPrinter):
    """Prints a definition in the order it was written, each symbol as a slot or a name."""

    def __init__(self, slots: bool):
        super().__init__({"order": "none", "mul_symbol": "dot"})
        self.slots = slots

    def _print_Symbol(self, expr, style="plain"):
        if expr == AT_UPDATED:
            return _at_updated_latex()
        name = _name_of(expr)
        return f"{_SLOT}{name}{_SLOT}" if self.slots else latex_symbol(name)

    def _print_Piecewise(self, expr):
        # As sympy prints it ("0 & \text{for}\: x \leq 0"), its words in the lesson's language.
        *cases, last = expr.args
        rows = [rf"{self._print(value)} & \text{{{_('for')}}}\: {self._print(condition)}"
                for value, condition in cases]
        if last.cond == sp.true:
            rows.append(rf"{self._print(last.expr)} & \text{{{_('otherwise')}}}")
        else:
            rows.append(rf"{self._print(last.expr)} & \text{{{_('for')}}}\: "
                        rf"{self._print(last.cond)}")
        return r"\begin{cases} " + r" \\".join(rows) + r" \end{cases}"


class _TextSlots(StrPrinter):
    def __init__(self, slots: bool):
        super().__init__({"order": "none"})
        self.slots = slots

    def _print_Symbol(self, expr):
        if expr == AT_UPDATED:
            return _at_updated_text()
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


_MATHML_SLOT = "\ue000"  # a private-use character, written out as &#57344; by the printer


class _MathMLSlots(MathMLPresentationPrinter):
    """Prints a definition in the order the LaTeX shows it, each symbol a slot."""

    def __init__(self):
        super().__init__({"order": "none", "mul_symbol": "dot"})

    def _ordered(self, order: str, method, expr):
        # Sums keep their written order ("none"); products too, which sympy calls "old".
        saved = self._settings["order"]
        self._settings["order"] = order
        try:
            return method(expr)
        finally:
            self._settings["order"] = saved

    def _print_Add(self, expr, order=None):
        return self._ordered("none", super()._print_Add, expr)

    def _print_Mul(self, expr):
        return self._ordered("old", super()._print_Mul, expr)

    def _element(self, tag: str, *children, text: str | None = None):
        node = self.dom.createElement(tag)
        if text is not None:
            node.appendChild(self.dom.createTextNode(text))
        for child in children:
            node.appendChild(child)
        return node

    def _print_Symbol(self, sym, style="plain"):
        if sym == AT_UPDATED:   # not a number: the error at the updated parameters
            e_total = self._element("msub", self._element("mi", text="E"),
                                    self._element("mi", text="total"))
            return self._element("msub", self._element("mrow", e_total,
                                                       self._element("mo", text="|")),
                                 self._element("mtext", text=_("updated parameters")))
        return self._element("mi", text=f"{_MATHML_SLOT}{_name_of(sym)}{_MATHML_SLOT}")

    def _print_Exp1(self, e):
        return self._element("mi", text="e")

    def _print_Piecewise(self, expr):
        # As the LaTeX shows ReLU: a brace, then "value for condition" and "value otherwise".
        rows = self.dom.createElement("mtable")
        for value, condition in expr.args:
            tr = self.dom.createElement("mtr")
            for content in (self._print(value), self._condition(condition)):
                td = self.dom.createElement("mtd")
                td.setAttribute("style", "text-align:left;padding:0 0.3em")
                td.appendChild(content)
                tr.appendChild(td)
            rows.appendChild(tr)
        return self._element("mrow", self._element("mo", text="{"), rows)

    def _condition(self, condition):
        if condition == sp.true:
            return self._element("mtext", text=_("otherwise"))
        return self._element("mrow", self._element("mtext", text=_("for") + "\u00a0"),
                             self._print(condition))


def _mathml_template(expr: sp.Expr) -> Template:
    printed = _MathMLSlots().doprint(expr).replace("<mo>-</mo>", "<mo>\N{MINUS SIGN}</mo>")
    # The printer writes every character as an ASCII reference; only <, > and & need to be.
    printed = re.sub(r"&#x([0-9A-Fa-f]+);|&#(\d+);", _character, printed)
    return Template(tuple(re.split(f"<mi>{_MATHML_SLOT}(\\w+){_MATHML_SLOT}</mi>", printed)))


def _character(match: re.Match) -> str:
    code = int(match[1], 16) if match[1] else int(match[2])
    return match[0] if chr(code) in "<>&\"'" else chr(code)


@dataclass(frozen=True)
class Template:
    """A formula with numbered holes: literal text and the names that fill the holes."""

    pieces: tuple[str, ...]  # literal, name, literal, name, ..., literal

    def put(self, shown: Mapping[str, str], wrap=("(", ")")) -> str:
        """The formula with the numbers `shown` (already formatted, by name) in its holes."""
        pieces = self.pieces
        out = [pieces[0]]
        for k in range(1, len(pieces), 2):
            number = shown[pieces[k]]
            out.append(f"{wrap[0]}{number}{wrap[1]}" if number[0] == "-" else number)
            out.append(pieces[k + 1])
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
    #: MathML with a hole per symbol: filled with symbols it is the general formula,
    #: with numbers the formula with numbers (the stepper's page fills it in).
    mathml: Template


def _template(printed: str) -> Template:
    return Template(tuple(printed.split(_SLOT)))


def formulas(options: Options = DEFAULT) -> tuple[Formula, ...]:
    """The formula of every quantity of the trace, for these options (cached).

    Cached per language too: a formula's few words ("otherwise") are in it.
    """
    return _formulas(options, current_language())


@cache
def _formulas(options: Options, language: str) -> tuple[Formula, ...]:
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
            mathml=_mathml_template(q.definition),
        )
        for q in quantities(options)
    )
