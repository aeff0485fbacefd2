"""Backpropagation through a convolution, shown: δ per output, the bias and weight gradients
written out, the picture of a weight gradient as a cross-correlation, and the check.

Taught in lesson 20, "Weights and bias in a convolution". Every number is the
package's (`nnlesson.topics.convolution`), printed through `fmt`.
"""

from __future__ import annotations

import numpy as np

from ..formatting import fmt
from ..language import _
from ..topics.convolution import ConvGradientCheck, ConvGradients, WeightGradientTerms
from . import plots
from .plots import VERMILLION
from .shown import Shown, picture, table

__all__ = ["bias_gradient_sum", "conv_backprop_figure", "conv_gradcheck_table", "delta_table",
           "draw_number_grid", "weight_gradient_sum"]


def _signed(v: float) -> str:
    return fmt(v) if v >= 0 else f"({fmt(v)})"


def delta_table(g: ConvGradients, n: int = 0) -> Shown:
    """out, target and δ = out − target at every position of output map n."""
    rows = []
    for i, j in np.ndindex(g.out.shape[1:]):
        rows.append([f"({i}, {j})", fmt(g.out[n, i, j]), fmt(g.target[n, i, j]),
                     fmt(g.delta[n, i, j])])
    return table([_("position (i, j)"), f"out[{n}, i, j]", f"target[{n}, i, j]",
                  f"δ[{n}, i, j] = out − target"], rows)


def bias_gradient_sum(g: ConvGradients, n: int = 0) -> Shown:
    """∂E/∂b_n written out: one δ per position of map n, added up."""
    terms = " + ".join(_signed(d) for d in g.delta[n].ravel())
    text = f"∂E/∂b{n} = {terms} = {fmt(g.db[n])}"
    return Shown(text, markdown=f"`{text}`")


def weight_gradient_sum(terms: WeightGradientTerms) -> Shown:
    """One entry of dW written out: δ times the input its weight met, at every position."""
    products = " + ".join(f"{_signed(d)}·{_signed(x)}" for d, x in
                          zip(terms.deltas.ravel(), terms.inputs.ravel(), strict=True))
    where = f"{terms.n}, {terms.c}, {terms.u}, {terms.v}"
    text = f"∂E/∂W[{where}] = {products} = {fmt(terms.value)}"
    return Shown(text, markdown=f"`{text}`")


def draw_number_grid(ax, grid: np.ndarray, title: str, *, outline=None) -> list:
    """A small grid of numbers, lightly shaded, with an optional (row, col, rows, cols) outline."""
    from matplotlib.patches import Rectangle

    artists: list = [ax.imshow(grid, cmap="Greys", alpha=0.25)]
    for (r, c), value in np.ndenumerate(grid):
        artists.append(ax.text(c, r, fmt(value), ha="center", va="center"))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize="small")
    if outline is not None:
        row, col, rows, cols = outline
        artists.append(ax.add_patch(Rectangle((col - 0.5, row - 0.5), cols, rows, fill=False,
                                              edgecolor=VERMILLION, linewidth=3)))
    return artists


def conv_backprop_figure(g: ConvGradients, x: np.ndarray, terms: WeightGradientTerms) -> Shown:
    """The input channel with the window one weight met, δ, and dW with that weight outlined."""
    n, c, u, v = terms.n, terms.c, terms.u, terms.v
    out_h, out_w = g.delta.shape[1:]
    fig, axes = plots.figure(9.5, 3.2, columns=3)
    draw_number_grid(axes[0], x[c], _("input channel {c}", c=c), outline=(u, v, out_h, out_w))
    draw_number_grid(axes[1], g.delta[n], _("δ of map {n} (out − target)", n=n))
    draw_number_grid(axes[2], g.dW[n, c], _("dW of filter {n}, channel {c}", n=n, c=c),
                     outline=(u, v, 1, 1))
    return picture(fig, _(
        "Three grids of numbers: input channel {c} with the {h}×{w} window outlined that weight "
        "({u}, {v}) of filter {n} meets as the filter slides; δ of output map {n}; and dW of "
        "filter {n}, channel {c}, whose entry ({u}, {v}) is outlined: the sum of δ times that "
        "window. Sliding δ over the input like a filter gives every entry.", c=c, h=out_h,
        w=out_w, u=u, v=v, n=n))


def conv_gradcheck_table(check: ConvGradientCheck) -> Shown:
    """Each gradient of the layer against central differences, and dW as a cross-correlation."""
    g = check.gradients
    equal = bool(np.array_equal(check.by_correlation, g.dW))
    rows = [["dW", f"{g.dW.size}", repr(check.agreement("dW"))],
            ["db", f"{g.db.size}", repr(check.agreement("db"))],
            ["dx", f"{g.dx.size}", repr(check.agreement("dx"))],
            [_("dW as the cross-correlation of x with δ"), f"{g.dW.size}",
             _("equal: yes") if equal else _("equal: NO")]]
    return table([_("gradient"), _("numbers"), _("against central differences")], rows)
