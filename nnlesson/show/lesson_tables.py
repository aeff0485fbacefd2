"""What lessons 11 to 16 show: tables, equations and figures, built from the package's results.

Every helper returns a ``nnlesson.show.display.Shown``: Jupyter renders its Markdown,
LaTeX or PNG, and its plain text carries the same numbers, so nbval compares
them and a changed number fails a lesson. Nothing here computes a lesson's
quantities; it lays out what the engine, sympy or the sweep computed, and
every number goes through ``fmt``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from ..example.formulas import plain_text
from ..example.surface import Curvature, Paths, Section, Surface
from ..example.sweep import Sweep
from ..formatting import fmt
from ..maths.activations import ACTIVATIONS, x
from ..maths.compare import ROUNDING
from ..maths.softmax import SOFTMAX_CROSS_ENTROPY, loss_expr, softmax_exprs
from ..mlp.datasets import Dataset
from ..mlp.matrix_form import Correspondence, EntryProof, matrix_latex
from ..mlp.network import Network, Parameters
from ..mlp.passes import Forward
from ..mlp.training import History
from ..topics.convolution import ConvLayer, ConvStep
from ..topics.linearity import Collapse, SymbolicCollapse
from ..topics.recipes import GradientSizes
from . import lesson_plots, plots
from .display import Shown, table


def figure(fig, description: str) -> Shown:
    """A matplotlib figure as a picture, described in words for nbval."""
    return Shown(description, png=plots.png(fig, dpi=80))


def equations(rows: Sequence[tuple[str, str]], *, text: Sequence[str]) -> Shown:
    """Aligned LaTeX equations (left, right) with a plain-text version."""
    body = r" \\ ".join(f"{lhs} &= {rhs}" for lhs, rhs in rows)
    return Shown("\n".join(text), latex=r"$\begin{aligned}" + body + r"\end{aligned}$")


# -- lesson 11 --------------------------------------------------------------------------------

def activation_equations() -> Shown:
    """Each activation, sympy's derivative of it, and the derivative in terms of the output."""
    rows, text = [], []
    for a in ACTIVATIONS.values():
        name = a.latex_name or a.name
        rows.append((rf"{name}(x)", sp.latex(a.expr)))
        rows.append((rf"\frac{{d}}{{dx}}{name}(x)", sp.latex(a.derivative)))
        line = f"{a.name}(x) = {plain_text(a.expr)};  d/dx = {plain_text(a.derivative)}"
        if a.derivative_of_output is not None and a.name != "identity":
            rows.append((r"\text{in terms of } y", sp.latex(a.derivative_of_output)))
            line += f"  (= {sp.sstr(a.derivative_of_output)} with y = {a.name}(x))"
        text.append(line)
    return equations(rows, text=text)


def activations_figure() -> Shown:
    """Every activation (solid) and its derivative (dashed), side by side."""
    names = list(ACTIVATIONS)
    fig, axes = lesson_plots.figure(3.0 * len(names), 2.8, columns=len(names))
    for ax, name in zip(axes, names, strict=True):
        lesson_plots.activation_curves(ax, name, 0.0)
        ax.set_title(name)
    return figure(fig, "Activations and their derivatives over -5..5: " + ", ".join(names))


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


def softmax_equations() -> Shown:
    """Softmax, its cross-entropy, and what sympy derives from them."""
    S = SOFTMAX_CROSS_ENTROPY
    same, other = S.jacobian
    rows = [("s_1", sp.latex(softmax_exprs()[0])),
            ("L", sp.latex(loss_expr().subs({e: sp.Symbol(f"s_{i + 1}")
                                             for i, e in enumerate(softmax_exprs())}))),
            (r"\frac{\partial s_1}{\partial z_1}", sp.latex(same)),
            (r"\frac{\partial s_1}{\partial z_2}", sp.latex(other)),
            (r"\frac{\partial L}{\partial z_j}", sp.latex(S.delta) + r"\quad"
             r"\text{(output minus target, using } \textstyle\sum_i t_i = 1)")]
    text = [f"s_1 = {sp.sstr(softmax_exprs()[0])}",
            f"ds_1/dz_1 = {sp.sstr(same)};  ds_1/dz_2 = {sp.sstr(other)}",
            f"dL/dz_j = {sp.sstr(S.delta)}  (o: output, t: target of class j)"]
    return equations(rows, text=text)


def softmax_values(z: Sequence[float]) -> Shown:
    from ..maths.softmax import softmax

    column = np.asarray(z, dtype=float).reshape(-1, 1)
    s = softmax(column)[:, 0]
    rows = [[f"z{i + 1}", fmt(column[i, 0]), fmt(s[i])] for i in range(s.size)]
    rows.append(["sum", "", fmt(float(s.sum()))])
    return table(["", "net input", "softmax output"], rows)


def collapse_equations(proof: SymbolicCollapse) -> Shown:
    rows = [("y", sp.latex(proof.composed)),
            ("", sp.latex(proof.weight) + r"\, x + " + sp.latex(proof.bias))]
    text = [f"y = {sp.sstr(proof.composed)} = ({sp.sstr(proof.weight)}) x + "
            f"{sp.sstr(proof.bias)}", f"sympy: equal = {proof.equal}"]
    return equations(rows, text=text)


def collapse_summary(network: Network, collapse: Collapse, examples: int) -> Shown:
    text = (f"{network!r} is one affine map W X + b with W of shape {collapse.W.shape}: "
            f"on {examples:,} inputs the network and W X + b {collapse.agreement!r}")
    latex = (r"$W = W^{[3]} W^{[2]} W^{[1]} = " + matrix_latex(collapse.W, decimals=4)
             + r",\quad b = " + matrix_latex(collapse.b, decimals=4) + "$")
    return Shown(text, latex=latex)


# -- lesson 12 --------------------------------------------------------------------------------

def sigmoid_slope_bound(depth: int) -> Shown:
    """The largest slope of the sigmoid (sympy), and that slope to the power `depth`."""
    sigma = ACTIVATIONS["sigmoid"]
    critical = sp.solve(sp.diff(sigma.derivative, x), x)
    top = sp.nsimplify(sigma.derivative.subs(x, critical[0]))
    bound = float(top) ** depth
    text = (f"the sigmoid's slope is largest at x = {critical[0]}, where it is {top}; "
            f"{depth} layers multiply by at most ({top})^{depth} = {fmt(bound)}")
    return Shown(text, markdown=(f"The sigmoid's slope is largest at $x = {critical[0]}$, where "
                                 f"it is ${sp.latex(top)}$. Through {depth} layers the chain rule "
                                 f"multiplies at most ${sp.latex(top)}^{{{depth}}} = "
                                 f"{fmt(bound)}$."))


def gradient_size_table(sizes: Mapping[str, GradientSizes]) -> Shown:
    labels = list(sizes)
    depth = next(iter(sizes.values())).rms.size
    rows = [[str(l + 1)] + [fmt(sizes[label].rms[l], 4) for label in labels]
            for l in range(depth)]
    rows.append(["last / first"] + [fmt(sizes[label].rms[-1] / sizes[label].rms[0], 4)
                                    for label in labels])
    return table(["layer", *labels], rows)


def gradient_size_figure(sizes: Mapping[str, GradientSizes]) -> Shown:
    fig, (ax,) = lesson_plots.figure(7 + lesson_plots.GRADIENT_LEGEND_WIDTH, 3.4)
    lesson_plots.gradient_sizes(ax, sizes)
    return figure(fig, "Gradient size per layer (log scale): " + ", ".join(sizes))


# -- lesson 13 --------------------------------------------------------------------------------

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
    return equations(rows, text=text)


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


# -- lesson 14 --------------------------------------------------------------------------------

def dataset_figure(training: Dataset, held_out: Dataset | None = None) -> Shown:
    fig, (ax,) = lesson_plots.figure(4.2, 4.0)
    for k in range(training.classes):
        colour = lesson_plots.CLASS_COLOURS[k]
        ax.scatter(*training.X[:, training.labels == k], s=10, color=colour, label=f"class {k}")
        if held_out is not None:
            ax.scatter(*held_out.X[:, held_out.labels == k], s=18, facecolor="none",
                       edgecolor=colour)
    ax.set_aspect("equal")
    ax.legend(fontsize="small")
    held = f" and {held_out.m} held out (rings)" if held_out is not None else ""
    return figure(fig, f"{training!r}: {training.m} training examples (dots){held}")


def training_table(history: History, at: Sequence[int]) -> Shown:
    rows = []
    for epoch in at:
        k = int(np.searchsorted(history.epoch, epoch))
        if k >= history.epoch.size or history.epoch[k] != epoch:
            continue
        row = [str(epoch), fmt(history.cost[k], 6)]
        row.append(fmt(history.accuracy[k], 4) if history.accuracy is not None else "")
        if history.test_accuracy is not None:
            row += [fmt(history.test_cost[k], 6), fmt(history.test_accuracy[k], 4)]
        rows.append(row)
    header = ["epoch", "cost", "accuracy"]
    if history.test_accuracy is not None:
        header += ["held-out cost", "held-out accuracy"]
    return table(header, rows)


def curves_figure(history: History) -> Shown:
    fig, (ax_c, ax_a) = lesson_plots.figure(10, 3.4, columns=2)
    lesson_plots.training_curves(ax_c, ax_a, history)
    return figure(fig, f"Cost and accuracy over {len(history.epoch_cost)} epochs")


def boundary_figure(network: Network, history: History, training: Dataset,
                    held_out: Dataset | None, epochs: Sequence[int], *,
                    resolution: int = 81) -> Shown:
    """The decision boundary at some epochs, side by side."""
    grid = lesson_plots.Grid.around(training, resolution)
    fig, axes = lesson_plots.figure(3.2 * len(epochs), 3.4, columns=len(epochs))
    for ax, epoch in zip(axes, epochs, strict=True):
        values = lesson_plots.predictions(network, history.snapshots[epoch], grid)
        artists = lesson_plots.decision_boundary(ax, grid, values, training, held_out)
        artists["title"].set_text(f"epoch {epoch}")
        ax.get_legend().remove()
    return figure(fig, "Decision boundary at epochs " + ", ".join(map(str, epochs)))


# -- lesson 15 --------------------------------------------------------------------------------

def curvature_summary(c: Curvature) -> Shown:
    (a, b_), (_, d) = c.hessian
    w1, w2 = c.weights
    # An eigenvalue within rounding of 0 is shown as 0: its digits would be noise.
    smallest = fmt(c.smallest) if abs(c.smallest) > 1e-12 * abs(c.largest) else "0"
    text = (f"Hessian of E_total in ({w1}, {w2}) = [[{fmt(a)}, {fmt(b_)}], [{fmt(b_)}, "
            f"{fmt(d)}]]; eigenvalues {fmt(c.largest)} and {smallest} (to rounding); "
            f"one-step rate 1/λ = {fmt(c.fastest)}; runaway above 2/λ = {fmt(c.critical)}")
    latex = (rf"$H = {matrix_latex([[a, b_], [b_, d]])},\quad \lambda = {fmt(c.largest)}"
             rf" \text{{ and }} {smallest},\quad \frac{{1}}{{\lambda}} = {fmt(c.fastest)},"
             rf"\quad \frac{{2}}{{\lambda}} = {fmt(c.critical)}$")
    return Shown(text, latex=latex)


def paths_table(paths: Paths, labels: Sequence[str], at: Sequence[int]) -> Shown:
    rows = [[label, fmt(rate, 4)] + [fmt(paths.E[s, k]) for s in at]
            for k, (label, rate) in enumerate(zip(labels, paths.learning_rates, strict=True))]
    return table(["", "η", *[f"E_total after {s}" for s in at]], rows)


def surface_figure(s: Surface, paths: Paths, labels: Sequence[str], *,
                   cut: Section | None = None) -> Shown:
    """Contours with the paths; the surface cut along the paths' line (if given); E per update."""
    columns = 2 if cut is None else 3
    fig, axes = lesson_plots.figure(4.6 * columns, 3.8, columns=columns)
    lesson_plots.surface_paths(axes[0], s, paths, labels=labels)
    if cut is not None:
        lesson_plots.section_paths(axes[1], cut, paths, labels=labels)
    lesson_plots.path_errors(axes[-1], paths, labels=labels)
    what = ", cut along the line descent takes," if cut is not None else ""
    return figure(fig, f"Contours of E_total over {s.weights[0]} and {s.weights[1]}{what} "
                       f"with descent for {len(labels)} learning rates")


def sweep_figure(result: Sweep, *, critical: float | None = None) -> Shown:
    fig, (ax,) = lesson_plots.figure(7, 3.6)
    lesson_plots.sweep_plot(ax, result, critical=critical)
    return figure(fig, f"Final E_total against the learning rate for "
                       f"{result.learning_rates.size:,} copies")


#: A final error this small is zero for every purpose of lesson 15. Below it the errors
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


# -- lesson 16 --------------------------------------------------------------------------------

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


def conv_agreement(agreement, layer_name: str = "") -> Shown:
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


def conv_figure(step: ConvStep, x: np.ndarray) -> Shown:
    C = step.kernel.shape[0]
    fig, axes = lesson_plots.figure(2.6 * 2 * C, 2.8, columns=2 * C)
    lesson_plots.conv_grids(axes, step, x)
    return figure(fig, f"Input channels with the patch of out[{step.n}, {step.i}, {step.j}] "
                       f"outlined, and filter {step.n}")

