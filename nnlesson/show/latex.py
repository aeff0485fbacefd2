"""Formulas from sympy as lessons show them: aligned LaTeX with a plain-text twin.

Used from lesson 05 on (the chain rule's proof) to lesson 19 (the curvature).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import Described, ParameterError
from ..example.error_surface import Curvature
from ..example.formulas import latex_symbol, plain_text
from ..example.params import Options
from ..example.symbolic import Proof, full_expressions
from ..formatting import fmt
from ..language import _
from ..maths.activations import ACTIVATIONS, x
from ..maths.softmax import SOFTMAX_CROSS_ENTROPY, loss_expr, softmax_exprs
from ..maths.softmax import symbols as softmax_symbols
from ..mlp.network import Network, Parameters
from ..mlp.passes import Forward
from ..topics.linearity import SymbolicCollapse
from .shown import Shown, table

__all__ = ["activation_equations", "collapse_equations", "curvature_summary", "eigenvalues_latex",
           "equations", "forward_steps", "matrices", "matrix_latex", "proof", "proofs",
           "sigmoid_slope_bound", "softmax_equations"]


def _aligned(rows: Sequence[tuple[str, str]], *, text: Sequence[str]) -> Shown:
    """Aligned LaTeX equations (left, right) with a plain-text version."""
    body = r" \\ ".join(f"{lhs} &= {rhs}" for lhs, rhs in rows)
    return Shown("\n".join(text), latex=r"$\begin{aligned}" + body + r"\end{aligned}$")


def equations(rows: Sequence[tuple[str, sp.Expr | str]], *, note: str = "") -> Shown:
    """Aligned equations, left side LaTeX, right side a sympy expression (or LaTeX)."""
    latex_rows, text_rows = [], []
    for lhs, rhs in rows:
        rhs_latex = rhs if isinstance(rhs, str) else sp.latex(rhs)
        latex_rows.append(f"{lhs} &= {rhs_latex}")
        text_rows.append(f"{lhs} = {rhs if isinstance(rhs, str) else sp.sstr(rhs)}")
    if note:
        text_rows.append(note)
    body = r" \\ ".join(latex_rows)
    return Shown("\n".join(text_rows), latex=rf"$$\begin{{aligned}} {body} \end{{aligned}}$$")


def _abbreviations(options: Options) -> dict[sp.Expr, sp.Symbol]:
    # Every sigma(...) in a full expression is some neuron's output: name it as the lesson does.
    full = full_expressions(options)
    return {full[f"out_{n}"]: sp.Symbol(latex_symbol(f"out_{n}"))
            for n in ("h1", "h2", "o1", "o2")}


def proof(proof: Proof, *, options: Options | None = None, abbreviate: bool = True) -> Shown:
    """sympy's derivative of E_total, the chain-rule product, and whether they are equal.

    With `abbreviate`, each neuron's output written out in the parameters is
    replaced by its name (out_o1), so the two expressions fit on a line; the
    check itself was made on the full expressions.
    """
    derivative, chain = proof.derivative, proof.chain
    if abbreviate:
        names = _abbreviations(proof.options if options is None else options)
        derivative, chain = derivative.xreplace(names), chain.xreplace(names)
    symbol = latex_symbol(f"dE_d{proof.parameter}")
    verdict = _("the two are equal") if proof.equal else _("the two are NOT equal")
    factors = _("the chain rule's factors")
    return Shown(
        f"sympy.diff(E_total, {proof.parameter}) = {sp.sstr(derivative)}\n"
        + _("chain rule product = {product}", product=sp.sstr(chain)) + f"\n{verdict}",
        latex=(r"$$\begin{aligned} "
               rf"{symbol} &= {sp.latex(derivative)} && \text{{sympy.diff}} \\ "
               rf"&= {sp.latex(chain)} && \text{{{factors}}} \\ "
               rf"& \text{{{verdict}}} \end{{aligned}}$$"))


def proofs(proofs: Sequence[Proof]) -> Shown:
    """One line per parameter: do the chain rule's product and sympy.diff agree (lessons 05, 06)."""
    return table([_("parameter"), _("chain rule = sympy.diff")],
                 [[p.parameter, _("yes") if p.equal else _("NO")] for p in proofs])


def activation_equations() -> Shown:
    """Each activation, sympy's derivative of it, and the derivative in terms of the output."""
    rows, text = [], []
    for a in ACTIVATIONS.values():
        name = a.latex_name or a.name
        rows.append((rf"{name}(x)", sp.latex(a.expr)))
        rows.append((rf"\frac{{d}}{{dx}}{name}(x)", sp.latex(a.derivative)))
        if a.derivative_of_output is not None and a.name != "identity":
            rows.append((_(r"\text{{in terms of }} {y}", y="y"), sp.latex(a.derivative_of_output)))
            text.append(_("{name}(x) = {expr};  d/dx = {derivative}  (= {of_output} with "
                          "y = {name}(x))", name=a.name, expr=plain_text(a.expr),
                          derivative=plain_text(a.derivative),
                          of_output=sp.sstr(a.derivative_of_output)))
        else:
            text.append(f"{a.name}(x) = {plain_text(a.expr)};  d/dx = "
                        f"{plain_text(a.derivative)}")
    return _aligned(rows, text=text)


def softmax_equations() -> Shown:
    """Softmax, its cross-entropy E, and what sympy derives from them: dE/dz_j = s_j - t_j."""
    S = SOFTMAX_CROSS_ENTROPY
    same, other = S.jacobian
    _z, _t, s = softmax_symbols()
    E = loss_expr().subs({e: si for e, si in zip(softmax_exprs(), s, strict=True)})
    rows = [("s_1", sp.latex(softmax_exprs()[0])),
            ("E", sp.latex(E)),
            (r"\frac{\partial s_1}{\partial z_1}", sp.latex(same)),
            (r"\frac{\partial s_1}{\partial z_2}", sp.latex(other)),
            (r"\frac{\partial E}{\partial z_j}", sp.latex(S.class_delta) + r"\quad\text{"
             + _("(output minus target, using that the targets add up to 1)") + "}")]
    text = [f"s_1 = {sp.sstr(softmax_exprs()[0])}",
            f"E = {sp.sstr(E)}",
            f"ds_1/dz_1 = {sp.sstr(same)};  ds_1/dz_2 = {sp.sstr(other)}",
            f"dE/dz_j = {sp.sstr(S.class_delta)}  "
            + _("(s_j: the output, t_j: the target of class j)")]
    return _aligned(rows, text=text)


def collapse_equations(proof: SymbolicCollapse) -> Shown:
    rows = [("y", sp.latex(proof.composed)),
            ("", sp.latex(proof.weight) + r"\, x + " + sp.latex(proof.bias))]
    text = [f"y = {sp.sstr(proof.composed)} = ({sp.sstr(proof.weight)}) x + "
            f"{sp.sstr(proof.bias)}", _("sympy: equal = {equal}", equal=proof.equal)]
    return _aligned(rows, text=text)


def sigmoid_slope_bound(depth: int) -> Shown:
    """The largest slope of the sigmoid (sympy), and that slope to the power `depth`."""
    sigma = ACTIVATIONS["sigmoid"]
    critical = sp.solve(sp.diff(sigma.derivative, x), x)
    top = sp.nsimplify(sigma.derivative.subs(x, critical[0]))
    bound = float(top) ** depth
    text = _("the sigmoid's slope is largest at x = {x}, where it is {top}; {depth} layers "
             "multiply by at most ({top})^{depth} = {bound}", x=critical[0], top=top,
             depth=depth, bound=fmt(bound))
    return Shown(text, markdown=_("The sigmoid's slope is largest at $x = {x}$, where it is "
                                  "${top}$. Through {depth} layers the chain rule multiplies "
                                  "at most ${top}^{{{depth}}} = {bound}$.", x=critical[0],
                                  top=sp.latex(top), depth=depth, bound=fmt(bound)))


def matrices(named: Mapping[str, np.ndarray], *, decimals: int = 9) -> Shown:
    """name = matrix, side by side (three to a row, to fit a screen) in LaTeX; the plain
    text lists every entry."""
    shown = [f"{name} = {matrix_latex(value, decimals=decimals)}" for name, value in named.items()]
    rows = [r",\quad ".join(shown[k:k + 3]) for k in range(0, len(shown), 3)]
    latex = rows[0] if len(rows) == 1 else (r"\begin{gathered}" + r" \\[1ex] ".join(rows)
                                            + r"\end{gathered}")
    text = "; ".join(f"{name} = " + str([[fmt(v, decimals) for v in row]
                                         for row in np.atleast_2d(value)])
                     for name, value in named.items())
    return Shown(text.replace("'", ""), latex=f"${latex}$")


def forward_steps(network: Network, params: Parameters, fwd: Forward, *,
                  decimals: int = 4) -> Shown:
    """Each layer's Z[l] = W[l] A[l-1] + b[l] and A[l] = g(Z[l]), with shapes and numbers."""
    rows, text = [], []
    m = fwd.A[0].shape[1]
    for l in range(1, network.L + 1):
        n, prev = network.sizes[l], network.sizes[l - 1]
        g = network.activation(l)
        rows.append((rf"Z^{{[{l}]}} = W^{{[{l}]}} A^{{[{l - 1}]}} + b^{{[{l}]}}",
                     rf"\underbrace{{{matrix_latex(params.W[l], decimals=decimals)}}}"
                     rf"_{{{n}\times{prev}}}"
                     rf"\underbrace{{{matrix_latex(fwd.A[l - 1], decimals=decimals)}}}"
                     rf"_{{{prev}\times{m}}} + "
                     rf"\underbrace{{{matrix_latex(params.b[l], decimals=decimals)}}}"
                     rf"_{{{n}\times 1}} = "
                     rf"{matrix_latex(fwd.Z[l], decimals=decimals)}"))
        rows.append((rf"A^{{[{l}]}} = \operatorname{{{g}}}(Z^{{[{l}]}})",
                     matrix_latex(fwd.A[l], decimals=decimals)))
        text.append(f"Z[{l}] ({n}x{m}) = W[{l}] ({n}x{prev}) A[{l - 1}] ({prev}x{m}) + "
                    f"b[{l}] ({n}x1) = " + str([[fmt(v, decimals) for v in row]
                                               for row in fwd.Z[l]]).replace("'", ""))
        text.append(f"A[{l}] = {g}(Z[{l}]) = " + str([[fmt(v, decimals) for v in row]
                                                   for row in fwd.A[l]]).replace("'", ""))
    return _aligned(rows, text=text)


def curvature_summary(c: Curvature) -> Shown:
    (a, b_), (_b_again, d) = c.hessian
    w1, w2 = c.weights
    # An eigenvalue within rounding of 0 is shown as 0: its digits would be noise.
    smallest = fmt(c.smallest) if abs(c.smallest) > 1e-12 * abs(c.largest) else "0"
    text = _("Hessian of E_total in ({w1}, {w2}) = [[{a}, {b}], [{b}, {d}]]; eigenvalues "
             "{large} and {small} (to rounding); one-step rate 1/λ = {fastest}; runaway above "
             "2/λ = {critical}", w1=w1, w2=w2, a=fmt(a), b=fmt(b_), d=fmt(d),
             large=fmt(c.largest), small=smallest, fastest=fmt(c.fastest),
             critical=fmt(c.critical))
    latex = (rf"$H = {matrix_latex([[a, b_], [b_, d]])},\quad "
             + eigenvalues_latex(fmt(c.largest), smallest)
             + rf",\quad \frac{{1}}{{\lambda}} = {fmt(c.fastest)},"
             rf"\quad \frac{{2}}{{\lambda}} = {fmt(c.critical)}$")
    return Shown(text, latex=latex)


def eigenvalues_latex(large: str, small: str) -> str:
    r"""The two eigenvalues in LaTeX: \lambda = 0.7 \text{ and } 0.1 (the word in the language)."""
    return _(r"\lambda = {large} \text{{ and }} {small}", large=large, small=small)


def matrix_latex(array, *, decimals: int = 9) -> str:
    r"""A matrix as LaTeX (\begin{bmatrix} ... \end{bmatrix}), every number through `fmt`."""
    array = np.atleast_2d(np.asarray(array, dtype=float))
    if array.ndim != 2:
        raise ParameterError(
            "array",
            Described(_("an array of shape {shape}", shape=array.shape)),
            _("not a matrix"),
            _("a 1-D or 2-D array"),
        )
    rows = [" & ".join(fmt(v, decimals) for v in row) for row in array]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
