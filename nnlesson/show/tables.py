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
from ..maths.activations import ACTIVATIONS, x
from ..maths.compare import ROUNDING
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


def history_table(histories: Mapping[str, History], at: Sequence[int],
                  names: Sequence[str] = HISTORY_NAMES) -> Shown:
    """E_total and the outputs after `at` updates, for each labelled training run."""
    header = ["run", "updates", *names]
    rows_md, rows_text = [], []
    for label, history in histories.items():
        for k in at:
            if not 0 <= k <= history.steps:
                raise ParameterError("at", k, "not an update of this run",
                                     f"a whole number from 0 to {history.steps}")
            cells = [fmt(getattr(history, n)[k]) for n in names]
            rows_md.append([label, f"{k:,}", *cells])
            rows_text.append([label, f"{k:,}", *cells])
    header_md = ["run", "updates", *(f"${latex_symbol(n)}$" for n in names)]
    return table(header_md, rows_md, text_header=header, text_rows=rows_text)


def gradcheck_table(results: Mapping[str, tuple[float, float, float]], *,
                    tolerance: float = 1e-6) -> Shown:
    """Backpropagation beside the central difference for each parameter, and whether they agree."""
    rows_md, rows_text = [], []
    for name, (analytic, numeric, rel_error) in results.items():
        agree = "yes" if rel_error <= tolerance else "NO"
        # Two significant digits: the rest would be rounding noise of the last bits.
        cells = [fmt(analytic), fmt(numeric), f"{rel_error:.1e}", agree]
        rows_md.append([f"${latex_symbol('dE_d' + name)}$", *cells])
        rows_text.append([text_symbol("dE_d" + name), *cells])
    header = ["gradient", "backpropagation", "central difference", "relative error",
              f"agree (≤ {fmt(tolerance)})"]
    return table(header, rows_md, text_rows=rows_text)


def relu_at_zero() -> Shown:
    """ReLU's slope just left and right of 0 (sympy's limits), and the value the package uses."""
    relu = ACTIVATIONS["relu"]
    # One-sided slopes of ReLU itself at 0: (relu(0 + h) - relu(0)) / h for h -> 0 from each side.
    h = sp.Symbol("h", positive=True)
    right = sp.limit((relu.expr.subs(x, h) - relu.expr.subs(x, 0)) / h, h, 0)
    left = sp.limit((relu.expr.subs(x, -h) - relu.expr.subs(x, 0)) / (-h), h, 0)
    at = relu.derivative.subs(x, 0)
    text = (f"slope just left of 0: {left}; just right of 0: {right}; "
            f"the convention used at exactly 0: {at}")
    return Shown(text, markdown=f"Slope just left of 0: **{left}**, just right: **{right}**; "
                                f"at exactly 0 the package uses **{at}** ({relu.note}).")


def softmax_values(z: Sequence[float]) -> Shown:
    from ..maths.softmax import softmax

    column = np.asarray(z, dtype=float).reshape(-1, 1)
    s = softmax(column)[:, 0]
    rows = [[f"z{i + 1}", fmt(column[i, 0]), fmt(s[i])] for i in range(s.size)]
    rows.append(["sum", "", fmt(float(s.sum()))])
    return table(["", "net input", "softmax output"], rows)


def collapse_summary(network: Network, collapse: Collapse, examples: int) -> Shown:
    text = (f"{network!r} is one affine map W X + b with W of shape {collapse.W.shape}: "
            f"on {examples:,} inputs the network and W X + b {collapse.agreement!r}")
    latex = (r"$W = W^{[3]} W^{[2]} W^{[1]} = " + matrix_latex(collapse.W, decimals=4)
             + r",\quad b = " + matrix_latex(collapse.b, decimals=4) + "$")
    return Shown(text, latex=latex)


def gradient_size_table(sizes: Mapping[str, GradientSizes]) -> Shown:
    labels = list(sizes)
    depth = next(iter(sizes.values())).rms.size
    rows = [[str(l + 1)] + [fmt(sizes[label].rms[l], 4) for label in labels]
            for l in range(depth)]
    rows.append(["last / first"] + [fmt(sizes[label].rms[-1] / sizes[label].rms[0], 4)
                                    for label in labels])
    return table(["layer", *labels], rows)


def shape_table(network: Network, m: int) -> Shown:
    rows = [[name, f"{shape[0]} × {shape[1]}"] for name, shape in network.shapes(m)]
    return table(["quantity", "shape (rows × columns)"], rows)


def correspondence_table(rows: Sequence[Correspondence]) -> Shown:
    body = [[row.name, row.entry, fmt(row.scalar), fmt(row.matrix),
             "yes" if row.agreement else "NO"] for row in rows]
    return table(["worked example", "matrix entry", "scalar engine", "matrix form",
                  f"agree to {ROUNDING:.2g}"], body)


def proof_table(rows: Sequence[EntryProof]) -> Shown:
    body = [[row.name, row.entry, "equal" if row.equal else "DIFFERENT"] for row in rows]
    return table(["worked example", "matrix formula", "sympy"], body)


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
    header = ["epoch", "cost", "accuracy"]
    if history.test_accuracy is not None:
        header += ["held-out cost", "held-out accuracy"]
    return table(header, rows)


def paths_table(paths: Paths, labels: Sequence[str], at: Sequence[int]) -> Shown:
    rows = [[label, fmt(rate, 4)] + [fmt(paths.E[s, k]) for s in at]
            for k, (label, rate) in enumerate(zip(labels, paths.learning_rates, strict=True))]
    return table(["", "η", *[f"E_total after {s}" for s in at]], rows)


#: A final error this small is zero for every purpose of lesson 19. Below it the errors
#: are rounding: which rate reaches the very smallest one changes from one processor to
#: the next, so the summary names the range of rates that get there, not the smallest.
AS_GOOD_AS_ZERO = 1e-20


def sweep_summary(result: Sweep) -> Shown:
    ok = ~result.diverged
    rows = [["copies trained", f"{result.learning_rates.size:,}"],
            ["updates each", f"{result.steps:,}"],
            ["learning rates", f"{fmt(result.learning_rates[0])} to "
                               f"{fmt(result.learning_rates[-1])}"],
            ["diverged", f"{int(result.diverged.sum()):,}"]]
    zero = ok & (result.E_total < AS_GOOD_AS_ZERO)
    if zero.any():
        rates = result.learning_rates[zero]
        rows.append([f"final E_total below {AS_GOOD_AS_ZERO:.0e}",
                     f"{int(zero.sum()):,} rates, from η = {rates.min():.3g} "
                     f"to η = {rates.max():.3g}"])
    else:
        k = int(np.argmin(np.where(ok, result.E_total, np.inf)))
        rows.append(["smallest final E_total", f"{fmt(result.E_total[k])} at η = "
                                               f"{fmt(result.learning_rates[k], 4)}"])
    for end in (0, -1):
        rows.append([f"final E_total at η = {fmt(result.learning_rates[end], 4)}",
                     fmt(result.E_total[end])])
    if result.diverged.any():
        first = float(result.learning_rates[np.argmax(result.diverged)])
        rows.append(["first diverging η", fmt(first, 4)])
    return table(["the sweep", ""], rows)


def conv_table(layers: Mapping[str, ConvLayer]) -> Shown:
    rows = [[name, f"{layer.k}×{layer.k}×{layer.C}", str(layer.N), f"{layer.weights:,}",
             f"{layer.biases:,}", f"{layer.parameters:,}",
             "" if layer.connections is None else f"{layer.connections:,}"]
            for name, layer in layers.items()]
    return table(["layer", "filter k×k×C", "filters N", "weights k·k·C·N", "biases N",
                  "parameters", "connections"], rows)


def conv_summary(layer: ConvLayer) -> Shown:
    return table(["", "formula", "value"], [list(row) for row in layer.summary()])


def conv_step(step: ConvStep) -> Shown:
    return Shown(step.text, markdown=f"`{step.text}`")


def conv_check(agreement, layer_name: str = "") -> Shown:
    from ..topics.convolution import ConvCheck

    assert isinstance(agreement, ConvCheck)
    rows = [["this step, written out", fmt(agreement.step_value)],
            ["the same output of the vectorized convolution", fmt(agreement.vectorized)],
            ["the same output of the direct loops", fmt(agreement.direct)],
            ["vectorized = direct at every position", "yes" if agreement.all_equal else "NO"]]
    rows += [[f"bias added at every position of map {n}", fmt(b)]
             for n, b in enumerate(agreement.bias_added)]
    return table(["check", "value"], rows)


def published_check(layer: ConvLayer, published: Mapping[str, int]) -> Shown:
    rows = [[name, f"{value:,}", f"{getattr(layer, name):,}",
             "yes" if getattr(layer, name) == value else "NO"] for name, value in published.items()]
    return table(["", "the paper", "computed", "equal"], rows)


def gradcheck_summary(check, *, tolerance: float = 1e-6) -> Shown:
    """Whether backpropagation agrees with central differences, without printing noise digits."""
    ok = check.max_scaled_error < tolerance
    text = (f"{check.analytic.size} gradients; every difference from the central difference "
            f"is below {fmt(tolerance)} of the largest gradient: {'yes' if ok else 'NO'}")
    return Shown(text, markdown=text)
