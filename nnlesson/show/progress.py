"""Training as it goes: the error and outputs of the worked example, the cost and accuracy
and the decision boundary of a classifier.

Taught in lessons 09 (training) and 18 (a classifier). Each takes an `ax`,
draws, and returns its artists; none calls plt.show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from ..example.training import History
from ..formatting import fmt
from ..language import _
from ..mlp.datasets import Dataset
from ..mlp.network import Network, Parameters
from ..mlp.training import History as NetworkHistory
from ..mlp.workspace import Workspace
from .plots import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION

__all__ = ["CLASS_COLOURS", "Grid", "OUTPUT_COLOURS", "PLAYGROUND_COST_LIMITS",
           "decision_boundary", "error_curves", "move_boundary", "move_playground",
           "playground_curves", "playground_drawing", "plot_history", "predictions",
           "training_curves"]


def error_curves(ax_error, ax_outputs, history, *, label: str = "",
                    linestyle: str = "-") -> list:
    """E_total on a log scale, and out_o1, out_o2 against their targets, after each update."""
    steps = np.arange(history.steps + 1)
    suffix = f" ({label})" if label else ""
    artists = ax_error.plot(steps, history.E_total, color=BLUE if linestyle == "-" else VERMILLION,
                            linestyle=linestyle, linewidth=2, label=f"E_total{suffix}")
    ax_error.set_yscale("log")
    ax_error.set_xlabel(_("updates"))
    ax_error.set_ylabel(_("E_total (log scale)"))
    ax_error.grid(True, which="major", alpha=0.3)
    for name, colour in (("out_o1", BLUE), ("out_o2", ORANGE)):
        artists += ax_outputs.plot(steps, getattr(history, name), color=colour,
                                   linestyle=linestyle, linewidth=2, label=f"{name}{suffix}")
    if linestyle == "-":
        for target, colour in (("target_o1", BLUE), ("target_o2", ORANGE)):
            value = getattr(history.start, target)
            artists.append(ax_outputs.axhline(value, color=colour, linestyle=":", linewidth=1.5,
                                              label=f"{target} = {fmt(value)}"))
    ax_outputs.set_xlabel(_("updates"))
    ax_outputs.set_ylabel(_("output"))
    ax_outputs.grid(True, alpha=0.3)
    ax_error.legend(loc="upper right", fontsize="small")
    ax_outputs.legend(loc="center right", fontsize="small")
    return artists


def plot_history(ax, histories: Mapping[str, History], name: str = "E_total", *,
                 log: bool = True) -> list:
    """Draw `name` (E_total, out_o1 or out_o2) against the update number; returns the lines.

    For an output, its target is drawn as a dashed line of the same colour.
    """
    # The colour-blind-safe palette of the diagram and the trainer, run by run.
    palette = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE)
    lines = []
    for k, (label, history) in enumerate(histories.items()):
        (line,) = ax.plot(getattr(history, name), label=label, color=palette[k % len(palette)])
        lines.append(line)
        if name.startswith("out_"):
            target = getattr(history.start, f"target_{name[4:]}")
            lines.append(ax.axhline(target, linestyle="--", color=line.get_color(), linewidth=1))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(_("update"))
    ax.set_ylabel(name)
    if len(histories) > 1:
        ax.legend(fontsize="small", framealpha=0.9)
    return lines


def training_curves(ax_cost, ax_accuracy, history: NetworkHistory, *,
                    upto: int | None = None) -> list:
    """Cost (log scale) and accuracy against epochs, for the training and held-out sets."""
    epochs = history.epoch
    artists = ax_cost.plot(epochs, history.cost, color=BLUE, linewidth=2, label=_("training set"))
    if history.test_cost is not None:
        artists += ax_cost.plot(
            epochs, history.test_cost, color=VERMILLION, linewidth=2, label=_("held-out set")
        )
    ax_cost.set_yscale("log")
    ax_cost.set_xlabel(_("epoch"))
    ax_cost.set_ylabel(_("cost J (log scale)"))
    ax_cost.grid(True, alpha=0.3)
    ax_cost.legend(fontsize="small")
    if history.accuracy is not None:
        artists += ax_accuracy.plot(
            epochs, history.accuracy, color=BLUE, linewidth=2, label=_("training set")
        )
    if history.test_accuracy is not None:
        artists += ax_accuracy.plot(
            epochs, history.test_accuracy, color=VERMILLION, linewidth=2, label=_("held-out set")
        )
    ax_accuracy.set_ylim(0.4, 1.01)
    ax_accuracy.set_xlabel(_("epoch"))
    ax_accuracy.set_ylabel(_("accuracy"))
    ax_accuracy.grid(True, alpha=0.3)
    ax_accuracy.legend(loc="lower right", fontsize="small")
    if upto is not None:
        artists += [ax.axvline(upto, color=GREY, linestyle=":") for ax in (ax_cost, ax_accuracy)]
    return artists


CLASS_COLOURS = (BLUE, ORANGE, GREEN)
#: A sigmoid output's shading (lesson 18): blue near 0, white at 0.5, orange near 1.
OUTPUT_COLOURS = LinearSegmentedColormap.from_list("output", [BLUE, "#FFFFFF", ORANGE])


@dataclass(frozen=True, kw_only=True)
class Grid:
    """A square of points over the data, for drawing what a network predicts everywhere."""

    xs: np.ndarray
    ys: np.ndarray
    X: np.ndarray  # (2, resolution^2): the points as network inputs

    @classmethod
    def around(cls, data: Dataset, resolution: int = 121, margin: float = 0.2) -> Grid:
        low = data.X.min(axis=1) - margin
        high = data.X.max(axis=1) + margin
        xs = np.linspace(low[0], high[0], resolution)
        ys = np.linspace(low[1], high[1], resolution)
        gx, gy = np.meshgrid(xs, ys)
        return cls(xs=xs, ys=ys, X=np.stack([gx.ravel(), gy.ravel()]))


def predictions(network: Network, params: Parameters, grid: Grid) -> np.ndarray:
    """The network's output (or class, for softmax) at every grid point, shaped as the grid."""
    ws = Workspace(network, grid.X.shape[1])
    X = grid.X.astype(network.np_dtype)
    with np.errstate(all="ignore"):
        ws.forward(params.W, params.b, X)
    out = ws.A[network.L]
    shape = (grid.ys.size, grid.xs.size)
    if out.shape[0] == 1:
        return out[0].reshape(shape)
    return np.argmax(out, axis=0).reshape(shape).astype(float)


def decision_boundary(
    ax, grid: Grid, values: np.ndarray, data: Dataset, held_out: Dataset | None = None
) -> dict:
    """What the network predicts everywhere (shaded), its 0.5 boundary, and the examples."""
    classes = data.classes
    if classes == 2:
        # The colours of the dots: blue where the output is near 0 (class 0), through white
        # at 0.5, to orange near 1 (class 1). Light, so the dots stay readable on top.
        image = ax.imshow(
            values,
            origin="lower",
            extent=(grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]),
            cmap=OUTPUT_COLOURS,
            vmin=0,
            vmax=1,
            alpha=0.45,
            aspect="auto",
        )
    else:
        cmap = ListedColormap(CLASS_COLOURS[:classes])
        image = ax.imshow(
            values,
            origin="lower",
            extent=(grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]),
            cmap=cmap,
            vmin=0,
            vmax=classes - 1,
            alpha=0.3,
            aspect="auto",
        )
    contour = (
        [ax.contour(grid.xs, grid.ys, values, levels=[0.5], colors="k")] if classes == 2 else []
    )
    for k in range(classes):
        mine = data.labels == k
        ax.scatter(*data.X[:, mine], s=10, color=CLASS_COLOURS[k], label=_("class {k}", k=k))
        if held_out is not None:
            theirs = held_out.labels == k
            ax.scatter(*held_out.X[:, theirs], s=18, facecolor="none", edgecolor=CLASS_COLOURS[k])
    ax.set_xlim(grid.xs[0], grid.xs[-1])
    ax.set_ylim(grid.ys[0], grid.ys[-1])
    ax.set_aspect("equal")
    # Below the axes, where an x label would be: inside, it hid the outer ring's points.
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        borderaxespad=0,
        ncol=classes,
        fontsize="small",
        frameon=False,
        handletextpad=0.1,
        columnspacing=1.0,
    )
    title = ax.set_title("")
    return {"image": image, "contour": contour, "title": title, "ax": ax, "grid": grid}


def move_boundary(artists: dict, values: np.ndarray, title: str) -> None:
    """Redraw the shading and the boundary in place for other parameters."""
    artists["image"].set_data(values)
    for old in artists["contour"]:
        old.remove()
    grid, ax = artists["grid"], artists["ax"]
    if artists["contour"]:
        artists["contour"] = [ax.contour(grid.xs, grid.ys, values, levels=[0.5], colors="k")]
    artists["title"].set_text(title)


#: The playground's cost axis, fixed so that its labels are drawn once, not on every frame.
PLAYGROUND_COST_LIMITS = (1e-3, 3.0)


def playground_curves(ax, epochs: int, cost: np.ndarray, test_cost: np.ndarray) -> list:
    """The playground's cost J on the training and held-out sets so far (log scale), on an
    axis as long as the whole run, so the curves grow as it trains (lesson 18)."""
    from matplotlib.ticker import FormatStrFormatter, NullLocator

    done = np.arange(cost.size)
    artists = ax.plot(done, cost, color=BLUE, linewidth=2, label=_("training set"))
    artists += ax.plot(done, test_cost, color=VERMILLION, linewidth=2, label=_("held-out set"))
    ax.set_xlim(0, max(epochs, 1))
    ax.set_yscale("log")
    ax.set_ylim(*PLAYGROUND_COST_LIMITS)
    # Plain numbers (0.01, 0.1, 1): matplotlib's 10^k labels go through its TeX parser; and
    # no minor ticks, the most of the drawing time of a frame.
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(_("epoch"))
    ax.set_ylabel(_("cost J (log scale)"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc="upper right")
    return artists


def playground_drawing(ax_boundary, ax_cost, grid: Grid, values: np.ndarray, training: Dataset,
                       held_out: Dataset, epochs: int, cost: np.ndarray,
                       test_cost: np.ndarray) -> dict:
    """The playground's first frame: the boundary and the cost curves; returns what moves."""
    for ax in (ax_boundary, ax_cost):
        ax.clear()
    artists = decision_boundary(ax_boundary, grid, values, training, held_out)
    artists["curves"] = playground_curves(ax_cost, epochs, cost, test_cost)
    return artists


def move_playground(artists: dict, values: np.ndarray, title: str, cost: np.ndarray,
                    test_cost: np.ndarray) -> None:
    """The next frame in place: shading, boundary, title and the curves so far."""
    move_boundary(artists, values, title)
    done = np.arange(cost.size)
    for line, ys in zip(artists["curves"], (cost, test_cost), strict=True):
        line.set_data(done, ys)
