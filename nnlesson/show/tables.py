"""Tables of results: training runs, gradient checks, shapes, sweeps, convolution sizes.

Each lays out what the package computed, every number through `fmt`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import ParameterError
from ..example.copies import Sweep
from ..example.error_surface import Paths
from ..example.formulas import latex_symbol, text_symbol
from ..example.training import History
from ..formatting import fmt
from ..language import _
from ..maths.activations import ACTIVATIONS, x
from ..maths.compare import ROUNDING, tolerance
from ..mlp.matrix_form import Correspondence, EntryProof
from ..mlp.network import Network
from ..mlp.training import History as NetworkHistory
from ..topics.convolution import ConvLayer, ConvStep
from ..topics.linearity import Collapse
from ..topics.vanishing import GradientSizes
from .latex import matrix_latex
from .shown import Shown, table

__all__ = ["AS_GOOD_AS_ZERO", "HISTORY_NAMES", "collapse_summary", "conv_check", "conv_step",
           "conv_summary", "conv_table", "correspondence_table", "gradcheck_summary",
           "gradcheck_table", "gradient_size_table", "history_table", "paths_table", "proof_table",
           "published_check", "relu_at_zero", "shape_table", "softmax_values", "sweep_summary",
           "training_table"]


#: The curve names a History carries, with how a lesson labels them.
HISTORY_NAMES = ("E_total", "out_o1", "out_o2")


def _subscripted(name: str) -> str:
    """out_o1 as out<sub>o1</sub>: the post's name, typeset as text."""
    base, _underscore, sub = name.partition("_")
    return f"{base}<sub>{sub}</sub>" if sub else name


def history_table(histories: Mapping[str, History], at: Sequence[int],
                  names: Sequence[str] = HISTORY_NAMES) -> Shown:
    """E_total and the outputs after `at` updates, for each labelled training run."""
    header = [_("run"), _("updates"), *names]
    rows_md, rows_text = [], []
    for label, history in histories.items():
        for k in at:
            if not 0 <= k <= history.steps:
                raise ParameterError("at", k, _("not an update of this run"),
                                     _("a whole number from {minimum} to {maximum}",
                                       minimum=0, maximum=history.steps))
            cells = [fmt(getattr(history, n)[k]) for n in names]
            rows_md.append([label, f"{k:,}", *cells])
            rows_text.append([label, f"{k:,}", *cells])
    # Subscripts in HTML, not TeX: a typeset heading has no text a screen reader can find
    # (axe: empty-table-header).
    header_md = [_("run"), _("updates"), *(_subscripted(n) for n in names)]
    return table(header_md, rows_md, text_header=header, text_rows=rows_text)


def gradcheck_table(results: Mapping[str, tuple[float, float, float]], *,
                    tolerance: float = 1e-6) -> Shown:
    """Backpropagation beside the central difference for each parameter, and whether they agree."""
    rows_md, rows_text = [], []
    for name, (analytic, numeric, rel_error) in results.items():
        agree = _("yes") if rel_error <= tolerance else _("NO")
        # Two significant digits: the rest would be rounding noise of the last bits.
        cells = [fmt(analytic), fmt(numeric), f"{rel_error:.1e}", agree]
        rows_md.append([f"${latex_symbol('dE_d' + name)}$", *cells])
        rows_text.append([text_symbol("dE_d" + name), *cells])
    header = [_("gradient"), _("backpropagation"), _("central difference"), _("relative error"),
              _("agree (≤ {tolerance})", tolerance=fmt(tolerance))]
    return table(header, rows_md, text_rows=rows_text)


def relu_at_zero() -> Shown:
    """ReLU's slope just left and right of 0 (sympy's limits), and the value the package uses."""
    relu = ACTIVATIONS["relu"]
    # One-sided slopes of ReLU itself at 0: (relu(0 + h) - relu(0)) / h for h -> 0 from each side.
    h = sp.Symbol("h", positive=True)
    right = sp.limit((relu.expr.subs(x, h) - relu.expr.subs(x, 0)) / h, h, 0)
    left = sp.limit((relu.expr.subs(x, -h) - relu.expr.subs(x, 0)) / (-h), h, 0)
    at = relu.derivative.subs(x, 0)
    text = _("slope just left of 0: {left}; just right of 0: {right}; the convention used at "
             "exactly 0: {at}", left=left, right=right, at=at)
    return Shown(text, markdown=_("Slope just left of 0: **{left}**, just right: **{right}**; at "
                                  "exactly 0 the package uses **{at}** ({note}).", left=left,
                                  right=right, at=at, note=relu.note))


def softmax_values(z: Sequence[float]) -> Shown:
    from ..maths.softmax import softmax

    column = np.asarray(z, dtype=float).reshape(-1, 1)
    s = softmax(column)[:, 0]
    rows = [[f"z{i + 1}", fmt(column[i, 0]), fmt(s[i])] for i in range(s.size)]
    rows.append([_("sum"), "", fmt(float(s.sum()))])
    return table([_("output"), _("net input"), _("softmax output")], rows)


def collapse_summary(network: Network, collapse: Collapse, examples: int) -> Shown:
    text = _("{network} is one affine map W X + b with W of shape {shape}: on {examples} inputs "
             "the network and W X + b {agreement}", network=repr(network),
             shape=collapse.W.shape, examples=f"{examples:,}", agreement=repr(collapse.agreement))
    latex = (r"$W = W^{[3]} W^{[2]} W^{[1]} = " + matrix_latex(collapse.W, decimals=4)
             + r",\quad b = " + matrix_latex(collapse.b, decimals=4) + "$")
    return Shown(text, latex=latex)


def gradient_size_table(sizes: Mapping[str, GradientSizes]) -> Shown:
    labels = list(sizes)
    depth = next(iter(sizes.values())).rms.size
    rows = [[str(l + 1)] + [fmt(sizes[label].rms[l], 4) for label in labels]
            for l in range(depth)]
    rows.append([_("last / first")] + [fmt(sizes[label].rms[-1] / sizes[label].rms[0], 4)
                                    for label in labels])
    return table([_("layer"), *labels], rows)


def shape_table(network: Network, m: int) -> Shown:
    rows = [[name, f"{shape[0]} × {shape[1]}"] for name, shape in network.shapes(m)]
    return table([_("quantity"), _("shape (rows × columns)")], rows)


def correspondence_table(rows: Sequence[Correspondence]) -> Shown:
    body = [[row.name, row.entry, fmt(row.scalar), fmt(row.matrix),
             _("yes") if row.agreement else _("NO")] for row in rows]
    return table([_("worked example"), _("matrix entry"), _("scalar engine"), _("matrix form"),
                  _("agree to {rounding}", rounding=tolerance(ROUNDING))], body)


def proof_table(rows: Sequence[EntryProof]) -> Shown:
    body = [[row.name, row.entry, _("equal") if row.equal else _("DIFFERENT")] for row in rows]
    return table([_("worked example"), _("matrix formula"), "sympy"], body)


def training_table(history: NetworkHistory, at: Sequence[int]) -> Shown:
    rows = []
    for epoch in at:
        k = int(np.searchsorted(history.epoch, epoch))
        if k >= history.epoch.size or history.epoch[k] != epoch:
            continue
        row = [str(epoch), fmt(history.cost[k], 6)]
        row.append(fmt(history.accuracy[k], 4) if history.accuracy is not None else "")
        # A held-out set has a cost whenever it has an accuracy.
        if history.test_accuracy is not None and history.test_cost is not None:
            row += [fmt(history.test_cost[k], 6), fmt(history.test_accuracy[k], 4)]
        rows.append(row)
    header = [_("epoch"), _("cost"), _("accuracy")]
    if history.test_accuracy is not None:
        header += [_("held-out cost"), _("held-out accuracy")]
    return table(header, rows)


def paths_table(paths: Paths, labels: Sequence[str], at: Sequence[int]) -> Shown:
    rows = [[label, fmt(rate, 4)] + [fmt(paths.E[s, k]) for s in at]
            for k, (label, rate) in enumerate(zip(labels, paths.learning_rates, strict=True))]
    return table([_("step size"), "η", *[_("E_total after {s}", s=s) for s in at]], rows)


#: A final error this small is zero for every purpose of lesson 19. Below it the errors
#: are rounding: which rate reaches the very smallest one changes from one processor to
#: the next, so the summary names the range of rates that get there, not the smallest.
AS_GOOD_AS_ZERO = 1e-20


def sweep_summary(result: Sweep) -> Shown:
    ok = ~result.diverged
    rows = [[_("copies trained"), f"{result.learning_rates.size:,}"],
            [_("updates each"), f"{result.steps:,}"],
            [_("learning rates"), _("{low} to {high}", low=fmt(result.learning_rates[0]),
                                    high=fmt(result.learning_rates[-1]))],
            [_("diverged"), f"{int(result.diverged.sum()):,}"]]
    zero = ok & (result.E_total < AS_GOOD_AS_ZERO)
    if zero.any():
        rates = result.learning_rates[zero]
        rows.append([_("final E_total below {limit}", limit=f"{AS_GOOD_AS_ZERO:.0e}"),
                     _("{count} rates, from η = {low} to η = {high}",
                       count=f"{int(zero.sum()):,}", low=f"{rates.min():.3g}",
                       high=f"{rates.max():.3g}")])
    else:
        k = int(np.argmin(np.where(ok, result.E_total, np.inf)))
        rows.append([_("smallest final E_total"),
                     _("{E_total} at η = {rate}", E_total=fmt(result.E_total[k]),
                       rate=fmt(result.learning_rates[k], 4))])
    for end in (0, -1):
        rows.append([_("final E_total at η = {rate}", rate=fmt(result.learning_rates[end], 4)),
                     fmt(result.E_total[end])])
    if result.diverged.any():
        first = float(result.learning_rates[np.argmax(result.diverged)])
        rows.append([_("first diverging η"), fmt(first, 4)])
    return table([_("the sweep"), _("value")], rows)


def conv_table(layers: Mapping[str, ConvLayer]) -> Shown:
    rows = [[name, f"{layer.k}×{layer.k}×{layer.C}", str(layer.N), f"{layer.weights:,}",
             f"{layer.biases:,}", f"{layer.parameters:,}",
             "" if layer.connections is None else f"{layer.connections:,}"]
            for name, layer in layers.items()]
    return table([_("layer"), _("filter k×k×C"), _("filters N"), _("weights k·k·C·N"),
                  _("biases N"), _("parameters"), _("connections")], rows)


def conv_summary(layer: ConvLayer) -> Shown:
    return table([_("quantity"), _("formula"), _("value")], [list(row) for row in layer.summary()])


def conv_step(step: ConvStep) -> Shown:
    return Shown(step.text, markdown=f"`{step.text}`")


def conv_check(agreement, layer_name: str = "") -> Shown:
    from ..topics.convolution import ConvCheck

    assert isinstance(agreement, ConvCheck)
    rows = [[_("this step, written out"), fmt(agreement.step_value)],
            [_("the same output of the vectorized convolution"), fmt(agreement.vectorized)],
            [_("the same output of the direct loops"), fmt(agreement.direct)],
            [_("vectorized = direct at every position"),
             _("yes") if agreement.all_equal else _("NO")]]
    rows += [[_("bias added at every position of map {n}", n=n), fmt(b)]
             for n, b in enumerate(agreement.bias_added)]
    return table([_("check"), _("value")], rows)


def published_check(layer: ConvLayer, published: Mapping[str, int]) -> Shown:
    # The quantities by the names the lesson's other tables give them.
    names = {"weights": _("weights"), "biases": _("biases"), "parameters": _("parameters"),
             "connections": _("connections")}
    rows = [[names.get(name, name), f"{value:,}", f"{getattr(layer, name):,}",
             _("yes") if getattr(layer, name) == value else _("NO")]
            for name, value in published.items()]
    return table([_("quantity"), _("the paper"), _("computed"), _("equal")], rows)


def gradcheck_summary(check, *, tolerance: float = 1e-6) -> Shown:
    """Whether backpropagation agrees with central differences, without printing noise digits."""
    ok = check.max_scaled_error < tolerance
    text = _("{count} gradients; every difference from the central difference is below "
             "{tolerance} of the largest gradient: {verdict}", count=check.analytic.size,
             tolerance=fmt(tolerance), verdict=_("yes") if ok else _("NO"))
    return Shown(text, markdown=text)
