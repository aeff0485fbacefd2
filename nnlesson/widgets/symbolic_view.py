"""SymbolicView: sympy's derivative of E_total beside the chain-rule product, and their equality.

Taught in lesson 05 ("the chain rule, checked by sympy"). Both sides
come from nnlesson.example.symbolic.prove; they are shown in the lesson's names
(out_h1 for sigma(w1 i1 + w2 i2 + b1), ...) so that they fit on a screen, and
written out in the parameters under "in the parameters".
"""

from __future__ import annotations

from functools import cache
from html import escape

import ipywidgets as widgets
import sympy as sp
import traitlets

from ..errors import ParameterError
from ..example.formulas import formulas, latex_symbol
from ..example.params import DEFAULT, Options, parameter_names
from ..example.symbolic import full_expressions, prove
from ..language import _, current_language, join
from .card import math
from .view import View

__all__ = ["ProofModel", "SymbolicView", "proof_html"]


class ProofModel(traitlets.HasTraits):
    """Which parameter's gradient is proved, under fixed options."""

    #: a parameter with a gradient in this bias mode
    parameter = traitlets.Unicode("w5")

    def __init__(self, options: Options = DEFAULT, **kwargs):
        self.options = options  # the validation below needs it
        super().__init__(**kwargs)

    @traitlets.validate("parameter")
    def _has_gradient(self, proposal):
        names = parameter_names(self.options)
        if proposal["value"] not in names:
            raise ParameterError("parameter", proposal["value"],
                                 _("has no gradient in this bias mode"),
                                 _("one of {choices}", choices=join(names)))
        return proposal["value"]


class SymbolicView(View[ProofModel], widgets.VBox):
    """A parameter menu and, for it, diff(E_total) = chain-rule product, proved by sympy."""

    def __init__(self, parameter: str = "w5", options: Options | None = None):
        model = self._attach(ProofModel(DEFAULT if options is None else options,
                                        parameter=parameter))
        self.parameter = widgets.Dropdown(options=parameter_names(model.options),
                                          value=model.parameter, description=_("dE_total / d"),
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="14em"))
        self.parameter.add_class("nnl-symbolic-parameter")
        self.view = widgets.HTMLMath(layout=widgets.Layout(width="100%"))
        self.view.add_class("nnl-symbolic")
        self._link((self.parameter, "value"), (model, "parameter"))
        super().__init__([self.parameter, self.view])
        self._own(self.parameter, self.view)
        self._watch(self._render, "parameter")
        self._render()

    def __repr__(self) -> str:
        return f"SymbolicView({self.model.parameter!r})"

    def _render(self, change=None) -> None:
        self.view.value = proof_html(self.model.parameter, self.model.options)


def proof_html(parameter: str, options: Options = DEFAULT) -> str:
    """The proof for one parameter as HTML with LaTeX, its words in the current language."""
    return _proof_html(parameter, options, current_language())


@cache
def _proof_html(parameter: str, options: Options, language: str) -> str:
    # Cached per language too: sympy takes a moment, and the words follow the language.
    proof = prove(parameter, options)
    names = {n: sp.Symbol(latex_symbol(n)) for n in full_expressions(options)
             if n.startswith(("out_", "net_"))}
    full = full_expressions(options)
    # Outputs first: out_o1 contains out_h1, and xreplace matches the largest piece it meets.
    shorter = {full[n]: names[n] for n in sorted(names, key=lambda n: (n[:3] != "out", n))}
    derivative, chain = proof.derivative.xreplace(shorter), proof.chain.xreplace(shorter)
    gradient = next(f for f in formulas(options) if f.name == f"dE_d{parameter}")
    used = sorted({str(s) for s in (derivative.free_symbols | chain.free_symbols)
                   if str(s) in {str(v) for v in names.values()}})
    where = ", \\quad ".join(f"{f.symbol} = {f.latex}" for f in formulas(options)
                             if f.phase == "forward" and f.symbol in used)
    verdict = ("✔ " + _("sympy: the two are equal (their difference simplifies to 0).")
               if proof.equal else "✘ " + _("sympy finds them DIFFERENT: please report this."))
    written_out = math(rf"\frac{{\partial E_{{total}}}}{{\partial {latex_symbol(parameter)}}} = "
                       + sp.latex(proof.derivative))
    return (
        f'<div class="nnl-symbolic-body" data-parameter="{escape(parameter)}" '
        f'data-equal="{str(proof.equal).lower()}" style="font-size:17px;line-height:1.35">'
        f"<div>{_('sympy differentiates E_total directly:')}</div>"
        f"{_scrolling(math(gradient.symbol + ' = ' + sp.latex(derivative)))}"
        f"<div>{_('The chain rule multiplies the named factors:')}</div>"
        + _scrolling(math(rf"\begin{{aligned}} {gradient.symbol} &= {gradient.latex} \\ "
                          rf"&= {sp.latex(chain)} \end{{aligned}}"))
        + (f"<div>{_('where {names}', names=math(where, display=False))}</div>" if where else "")
        + f'<div style="margin-top:0.5em;font-weight:bold;color:'
          f'{"#00704F" if proof.equal else "#A8300A"}">{verdict}</div>'
        f"<details><summary>{_('In the parameters')}</summary>"
        f"{_scrolling(written_out)}</details></div>")


def _scrolling(html: str) -> str:
    # MathJax 3 does not break long lines: a long derivative scrolls sideways instead of being cut.
    return f'<div style="overflow-x:auto;overflow-y:hidden">{html}</div>'
