"""Beyond plain gradient descent, drawn: the bowl and its paths, optimisers on the circles,
and how noisy online, mini-batch and full-batch updates are.

Taught in lesson 19, "Gradient descent and the learning rate". The `draw_*`
functions take an `ax`, draw and return their artists; the others return a
`Shown` whose sentence says what the picture or table shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..example.error_surface import Curvature, Paths, Surface
from ..formatting import fmt
from ..language import _, clauses
from ..mlp.training import History
from ..topics.optimizers import BatchNoise, Optimizer
from . import plots
from .landscape import PATH_COLOURS
from .latex import eigenvalues_latex, matrix_latex
from .plots import BLUE, GREY, VERMILLION
from .shown import Shown, picture, table

__all__ = ["batch_noise_figure", "batch_noise_table", "bowl_figure", "bowl_summary",
           "bowl_table", "draw_bowl_paths", "draw_cost_curves", "draw_gaps",
           "optimizer_curves_figure", "optimizer_table"]


def bowl_summary(c: Curvature, floor: tuple[float, float, float]) -> Shown:
    """The bowl's Hessian, its two curvatures, how stretched it is, and its floor."""
    (a, b), (_b, d) = c.hessian
    w1, w2 = c.weights
    text = _("Hessian of J in ({w1}, {w2}) = [[{a}, {b}], [{b}, {d}]]; eigenvalues "
             "λ = {large} (steepest) and {small} (shallowest), {ratio} times smaller; "
             "one-step rate 1/λ = {fastest}; runaway above 2/λ = {critical}; the floor at "
             "{w1} = {f1}, {w2} = {f2}, where J = {J}.", w1=w1, w2=w2, a=fmt(a), b=fmt(b),
             d=fmt(d), large=fmt(c.largest), small=fmt(c.smallest),
             ratio=fmt(c.largest / c.smallest, 3), fastest=fmt(c.fastest),
             critical=fmt(c.critical), f1=fmt(floor[0], 4), f2=fmt(floor[1], 4),
             J=fmt(floor[2]))
    latex = (rf"$H = {matrix_latex([[a, b], [b, d]])},\quad "
             + eigenvalues_latex(fmt(c.largest), fmt(c.smallest))
             + rf",\quad \frac{{1}}{{\lambda}} = {fmt(c.fastest)},\quad \frac{{2}}{{\lambda}} = "
             rf"{fmt(c.critical)}$")
    return Shown(text, latex=latex)


def draw_bowl_paths(ax, surface: Surface, paths: Paths, labels: Sequence[str], *,
                    floor: tuple[float, float, float] | None = None) -> list:
    """Contours of J over the two weights, each path of descent, and the floor (a cross)."""
    levels = np.geomspace(max(float(surface.E.min()), 1e-6), float(surface.E.max()), 16)
    artists: list = [ax.contour(surface.a, surface.b, surface.E, levels=levels, cmap="viridis",
                                linewidths=0.8)]
    for k, label in enumerate(labels):
        artists += ax.plot(paths.a[:, k], paths.b[:, k], "o-", color=PATH_COLOURS[k],
                           markersize=max(2.5, 5 - k), linewidth=1.2, alpha=0.9, label=label)
    if floor is not None:
        artists += ax.plot([floor[0]], [floor[1]], "x", color="black", markersize=9,
                           markeredgewidth=2, label=_("the floor"))
    ax.set_xlim(surface.a[0], surface.a[-1])
    ax.set_ylim(surface.b[0], surface.b[-1])
    ax.set_aspect("equal")
    ax.set_xlabel(surface.weights[0])
    ax.set_ylabel(surface.weights[1])
    ax.legend(loc="upper right", fontsize="small")
    return artists


def draw_gaps(ax, paths: Paths, labels: Sequence[str], floor_J: float) -> list:
    """How far above the floor J is after each update (log scale)."""
    steps = np.arange(paths.E.shape[0])
    artists = []
    for k, label in enumerate(labels):
        gap = np.maximum(paths.E[:, k] - floor_J, 1e-16)
        artists += ax.plot(steps, gap, color=PATH_COLOURS[k], linewidth=2, label=label)
    ax.set_yscale("log")
    ax.set_xlabel(_("updates"))
    ax.set_ylabel(_("J − J at the floor (log scale)"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc="lower left")
    return artists


def bowl_figure(surface: Surface, paths: Paths, optimizers: Sequence[Optimizer],
                floor: tuple[float, float, float]) -> Shown:
    """The bowl's contours with each optimiser's path, and J above the floor per update."""
    labels = [o.label for o in optimizers]
    fig, (ax_s, ax_g) = plots.figure(11, 4.4, columns=2)
    draw_bowl_paths(ax_s, surface, paths, labels, floor=floor)
    draw_gaps(ax_g, paths, labels, floor[2])
    return picture(fig, _(
        "Left: contours of J over {w1} and {w2}, a long diagonal valley, with {count} paths of "
        "{steps} updates from the same start ({runs}) and the floor as a cross. Right: how far "
        "J is above the floor after each update, on a log scale.", w1=surface.weights[0],
        w2=surface.weights[1], count=len(labels), steps=paths.a.shape[0] - 1,
        runs=clauses(labels)))


def bowl_table(paths: Paths, optimizers: Sequence[Optimizer], floor_J: float,
               at: Sequence[int]) -> Shown:
    """J − J at the floor after some updates, for each optimiser."""
    rows = [[o.label, fmt(o.learning_rate, 4)] + [fmt(paths.E[s, k] - floor_J, 4) for s in at]
            for k, o in enumerate(optimizers)]
    return table([_("optimiser"), "η", *[_("J − floor after {s}", s=s) for s in at]], rows)


def draw_cost_curves(ax_cost, ax_accuracy, histories: Mapping[str, History]) -> list:
    """Training cost (log scale) and held-out accuracy against epochs, one colour per run."""
    artists = []
    for k, (label, h) in enumerate(histories.items()):
        colour = PATH_COLOURS[k % len(PATH_COLOURS)]
        artists += ax_cost.plot(h.epoch, h.cost, color=colour, linewidth=2, label=label)
        if h.test_accuracy is not None:
            artists += ax_accuracy.plot(h.epoch, h.test_accuracy, color=colour, linewidth=2,
                                        label=label)
    ax_cost.set_yscale("log")
    ax_cost.set_xlabel(_("epoch"))
    ax_cost.set_ylabel(_("training cost J (log scale)"))
    ax_cost.grid(True, alpha=0.3)
    ax_cost.legend(fontsize="small")
    ax_accuracy.set_ylim(0.4, 1.01)
    ax_accuracy.set_xlabel(_("epoch"))
    ax_accuracy.set_ylabel(_("held-out accuracy"))
    ax_accuracy.grid(True, alpha=0.3)
    ax_accuracy.legend(fontsize="small", loc="lower right")
    return artists


def optimizer_curves_figure(histories: Mapping[str, History]) -> Shown:
    """Lesson 18's classifier trained by each optimiser: cost and held-out accuracy per epoch."""
    fig, (ax_c, ax_a) = plots.figure(11, 3.6, columns=2)
    draw_cost_curves(ax_c, ax_a, histories)
    epochs = len(next(iter(histories.values())).epoch_cost)
    return picture(fig, _(
        "The circles classifier trained for {epochs} epochs by each of: {runs}. Left: the "
        "training cost J after each epoch (log scale); right: the accuracy on the held-out "
        "points.", epochs=epochs, runs=clauses(histories)))


def optimizer_table(histories: Mapping[str, History], at: Sequence[int]) -> Shown:
    """Training cost after some epochs, and the final held-out accuracy, per optimiser."""
    rows = []
    for label, h in histories.items():
        where = [int(np.searchsorted(h.epoch, e)) for e in at]
        final = fmt(h.test_accuracy[-1], 4) if h.test_accuracy is not None else ""
        rows.append([label] + [fmt(h.cost[k], 4) for k in where] + [final])
    header = [_("optimiser"), *[_("J after epoch {e}", e=e) for e in at],
              _("held-out accuracy")]
    return table(header, rows)


def batch_noise_figure(noise: BatchNoise) -> Shown:
    """J on the whole training set after each update: against updates, and against epochs."""
    fig, (ax_u, ax_e) = plots.figure(11, 3.6, columns=2)
    colours = (VERMILLION, BLUE, GREY)
    for k, label in enumerate(noise.batch_sizes):
        colour = colours[k % len(colours)]
        cost = noise.cost[label]
        ax_u.plot(np.arange(cost.size), cost, color=colour, linewidth=1.2, label=label)
        ax_e.plot(noise.epochs[label], cost, color=colour, linewidth=1.2, label=label)
    from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

    for ax, xlabel in ((ax_u, _("updates")), (ax_e, _("epochs (passes over the training set)"))):
        ax.set_yscale("log")
        # Plain labels at 0.05, 0.1, 0.2, 0.5, none on the minor ticks (they crowded the label).
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(xlabel)
        ax.set_ylabel(_("training cost J (log scale)"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
    ax_e.set_xscale("log")
    updates = next(iter(noise.cost.values())).size - 1
    return picture(fig, _(
        "The training cost J, measured on all {m} training examples after each of {updates} "
        "updates, for {runs}. Left: against the number of updates; right: against how many "
        "passes over the data they make (log scale).", m=noise.m, updates=updates,
        runs=clauses(noise.batch_sizes)))


def batch_noise_table(noise: BatchNoise) -> Shown:
    """Per batch size: how many epochs the updates make, J at the end, and how often J rose."""
    rows = []
    for label in noise.batch_sizes:
        cost = noise.cost[label]
        rows.append([label, fmt(noise.epochs[label][-1], 4), fmt(cost[-1], 4),
                     f"{noise.rises(label)} / {cost.size - 1}"])
    return table([_("batch"), _("epochs"), _("J at the end"), _("updates that raised J")], rows)
