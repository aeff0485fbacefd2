"""Figures as lessons show them: a picture and a sentence that says what it shows.

The sentence is the picture's text alternative and what nbval compares (it
never compares PNG bytes). The drawing itself is in the plot modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..example.copies import Sweep
from ..example.error_surface import Paths, Section, Surface
from ..example.training import History
from ..language import _, join
from ..maths.activations import ACTIVATIONS
from ..mlp.datasets import Dataset
from ..mlp.network import Network
from ..mlp.training import History as NetworkHistory
from ..topics.convolution import ConvStep
from ..topics.vanishing import GradientSizes
from . import curves, landscape, plots, progress
from .shown import Shown, picture
from .tables import HISTORY_NAMES

__all__ = ["activations_figure", "boundary_figure", "conv_figure", "curves_figure",
           "dataset_figure", "gradient_size_figure", "history_figure", "history_panels",
           "surface_figure", "sweep_figure"]


def history_panels(histories: Mapping[str, History], names: Sequence[str] = HISTORY_NAMES):
    """A figure with one panel per curve (E_total on a log scale, outputs with their targets)."""
    fig, axes = plots.figure(4 * len(names), 3.2, columns=len(names))
    for ax, name in zip(axes, names, strict=True):
        progress.plot_history(ax, histories, name, log=name == "E_total")
    return fig


def history_figure(histories: Mapping[str, History], names: Sequence[str] = HISTORY_NAMES
                  ) -> Shown:
    """E_total and the outputs after each update, for each labelled training run (lesson 09)."""
    runs = join(_("{label} ({updates} updates)", label=label, updates=f"{history.steps:,}")
                for label, history in histories.items())
    return Shown(_("{names} after each update: {runs}", names=join(names), runs=runs),
                 png=plots.png(history_panels(histories, names)))


def activations_figure() -> Shown:
    """Every activation (solid) and its derivative (dashed), side by side."""
    names = list(ACTIVATIONS)
    fig, axes = plots.figure(3.0 * len(names), 2.8, columns=len(names))
    for ax, name in zip(axes, names, strict=True):
        curves.activation_curves(ax, name, 0.0)
        ax.set_title(name)
    return picture(fig, _("Activations and their derivatives over -5..5: {names}",
                          names=join(names)))


def gradient_size_figure(sizes: Mapping[str, GradientSizes]) -> Shown:
    fig, (ax,) = plots.figure(7 + curves.GRADIENT_LEGEND_WIDTH, 3.4)
    curves.gradient_size_lines(ax, sizes)
    return picture(fig, _("Gradient size per layer (log scale): {runs}", runs=join(sizes)))


def dataset_figure(training: Dataset, held_out: Dataset | None = None) -> Shown:
    fig, (ax,) = plots.figure(4.2, 4.0)
    for k in range(training.classes):
        colour = progress.CLASS_COLOURS[k]
        ax.scatter(*training.X[:, training.labels == k], s=10, color=colour,
                   label=_("class {k}", k=k))
        if held_out is not None:
            ax.scatter(*held_out.X[:, held_out.labels == k], s=18, facecolor="none",
                       edgecolor=colour)
    ax.set_aspect("equal")
    ax.legend(fontsize="small")
    if held_out is None:
        return picture(fig, _("{data}: {m} training examples (dots), blue for class 0, orange "
                              "for class 1, in the plane of their two inputs.",
                              data=repr(training), m=training.m))
    return picture(fig, _("{data}: {m} training examples (dots) and {held} held out (rings), "
                          "blue for class 0, orange for class 1, in the plane of their two "
                          "inputs.", data=repr(training), m=training.m, held=held_out.m))


def curves_figure(history: NetworkHistory) -> Shown:
    fig, (ax_c, ax_a) = plots.figure(10, 3.4, columns=2)
    progress.training_curves(ax_c, ax_a, history)
    return picture(fig, _("Cost J (left, log scale) and accuracy (right) after each of "
                          "{epochs} epochs, on the training set (blue) and the held-out set "
                          "(red).", epochs=len(history.epoch_cost)))


def boundary_figure(network: Network, history: NetworkHistory, training: Dataset,
                    held_out: Dataset | None, epochs: Sequence[int], *,
                    resolution: int = 81) -> Shown:
    """The decision boundary at some epochs, side by side (lesson 18)."""
    grid = progress.Grid.around(training, resolution)
    fig, axes = plots.figure(3.2 * len(epochs), 3.4, columns=len(epochs))
    for ax, epoch in zip(axes, epochs, strict=True):
        values = progress.predictions(network, history.snapshots[epoch], grid)
        artists = progress.decision_boundary(ax, grid, values, training, held_out)
        artists["title"].set_text(_("epoch {epoch}", epoch=epoch))
        ax.get_legend().remove()
    when = (_("at epoch {epoch}", epoch=epochs[0]) if len(epochs) == 1 else
            _("at epochs {epochs}", epochs=join(map(str, epochs))))
    if training.classes == 2:
        return picture(fig, _(
            "Decision boundary {when}: the plane shaded blue where the output is near 0 "
            "(class 0), white near 0.5 and orange near 1 (class 1); a black line where it is "
            "0.5; training examples as dots, held-out ones as rings.", when=when))
    return picture(fig, _(
        "Decision regions {when}: the plane shaded in the colour of the class the network "
        "predicts there (class 0 blue, 1 orange, 2 green); the examples as dots.", when=when))


def surface_figure(s: Surface, paths: Paths, labels: Sequence[str], *,
                   cut: Section | None = None) -> Shown:
    """Contours with the paths; the surface cut along the paths' line (if given); E per update."""
    columns = 2 if cut is None else 3
    fig, axes = plots.figure(4.6 * columns, 3.8, columns=columns)
    landscape.surface_paths(axes[0], s, paths, labels=labels)
    if cut is not None:
        landscape.section_paths(axes[1], cut, paths, labels=labels)
    landscape.path_errors(axes[-1], paths, labels=labels)
    if cut is None:
        return picture(fig, _(
            "Contours of E_total over {w1} and {w2} with descent for {count} learning rates: "
            "the path of each in the plane and E_total after each update (log scale).",
            w1=s.weights[0], w2=s.weights[1], count=len(labels)))
    return picture(fig, _(
        "Contours of E_total over {w1} and {w2}, cut along the line descent takes, with descent "
        "for {count} learning rates: the path of each in the plane, its hops on the cut, and "
        "E_total after each update (log scale).", w1=s.weights[0], w2=s.weights[1],
        count=len(labels)))


def sweep_figure(result: Sweep, *, critical: float | None = None) -> Shown:
    fig, (ax,) = plots.figure(7, 3.6)
    landscape.sweep_plot(ax, result, critical=critical)
    return picture(fig, _(
        "Final E_total against the learning rate for {copies} copies: the error after {steps} "
        "updates of each copy of the 2-2-2 network, both on log scales; a cross marks a copy "
        "that diverged.", copies=f"{result.learning_rates.size:,}", steps=f"{result.steps:,}"))


def conv_figure(step: ConvStep, x: np.ndarray) -> Shown:
    C = step.kernel.shape[0]
    fig, axes = plots.figure(2.6 * 2 * C, 2.8, columns=2 * C)
    plots.conv_grids(axes, step, x)
    return picture(fig, _(
        "Input channels with the patch of out[{n}, {i}, {j}] outlined, and filter {n}: each "
        "channel as a grid of numbers, the {k}×{k} patch under the filter framed, beside the "
        "filter's weights for that channel.", n=step.n, i=step.i, j=step.j,
        k=step.kernel.shape[1]))
