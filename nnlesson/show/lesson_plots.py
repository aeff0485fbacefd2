"""Matplotlib drawings for lessons 11 to 16: each takes an `ax`, draws, returns its artists.

Used by the lessons' cells and by the widgets of ``nnlesson.widgets.lesson_widgets``,
which update the returned artists in place. Nothing here computes a lesson's
numbers: the curves come from ``nnlesson.maths.activations``, the network from
``nnlesson.mlp.network``, the surfaces from ``nnlesson.example.surface``. Figures come from
``nnlesson.show.plots.figure`` (no pyplot), so nothing is shown as a side effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import ListedColormap

from ..example.surface import Paths, Section, Surface
from ..example.sweep import Sweep
from ..formatting import fmt
from ..maths.activations import ACTIVATIONS
from ..maths.softmax import softmax
from ..mlp.datasets import Dataset
from ..mlp.network import Network, Parameters
from ..mlp.training import History
from ..mlp.workspace import Workspace
from . import plots
from .plots import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION


def figure(width: float, height: float, *, columns: int = 1):
    """`plots.figure` with margins measured in inches, so many columns waste no space."""
    fig, axes = plots.figure(width, height, columns=columns)
    fig.subplots_adjust(left=0.75 / width, right=1 - 0.15 / width, bottom=0.6 / height,
                        top=1 - 0.35 / height, wspace=0.45 if columns > 2 else 0.3)
    return fig, axes


#: The inputs the activation explorer draws over.
ACTIVATION_X = np.linspace(-5.0, 5.0, 401)
PATH_COLOURS = (BLUE, GREEN, VERMILLION, PURPLE, ORANGE)


def slope(name: str, net: np.ndarray) -> np.ndarray:
    """d out / d net of an activation at `net` (sympy's derivative, as the engine uses it)."""
    activation = ACTIVATIONS[name]
    return activation.slope(net, activation(net))


@dataclass(frozen=True, kw_only=True)
class ActivationArtists:
    curve: object
    derivative: object
    point: object
    slope_point: object
    title: object


def activation_curves(ax, name: str, at: float = 0.0) -> ActivationArtists:
    """An activation and its derivative over [-5, 5], with the point at `at` marked."""
    curve, = ax.plot(ACTIVATION_X, ACTIVATION_X, color=BLUE, linewidth=3, label="g(x)")
    derivative, = ax.plot(ACTIVATION_X, ACTIVATION_X, color=ORANGE, linewidth=2,
                          linestyle="--", label="g'(x)")
    point, = ax.plot([], [], "o", color=BLUE, markersize=9)
    slope_point, = ax.plot([], [], "o", color=ORANGE, markersize=8)
    ax.axhline(0.0, color=GREY, linewidth=0.8, alpha=0.5)
    ax.axvline(0.0, color=GREY, linewidth=0.8, alpha=0.5)
    ax.set_xlim(ACTIVATION_X[0], ACTIVATION_X[-1])
    ax.set_xlabel("net input x")
    ax.legend(loc="upper left", fontsize="small")
    title = ax.set_title("")
    artists = ActivationArtists(
        curve=curve, derivative=derivative, point=point, slope_point=slope_point, title=title
    )
    move_activation(ax, artists, name, at)
    return artists


def move_activation(ax, artists: ActivationArtists, name: str, at: float) -> None:
    """Redraw in place for another activation or point."""
    activation = ACTIVATIONS[name]
    values = activation(ACTIVATION_X)
    slopes = slope(name, ACTIVATION_X)
    artists.curve.set_ydata(values)
    artists.derivative.set_ydata(slopes)
    value = activation(float(at))
    artists.point.set_data([at], [value])
    artists.slope_point.set_data([at], [slope(name, np.array([float(at)]))[0]])
    low = min(-1.1, float(values.min()) - 0.1)
    high = max(1.1, min(float(values.max()), 5.0) + 0.1)
    ax.set_ylim(low, high)
    artists.title.set_text(f"{name}: g({fmt(at, 4)}) = {fmt(value, 4)}")


def softmax_bars(ax, z) -> list:
    """The softmax of three net inputs as bars, with the net inputs written under them."""
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    s = softmax(z)[:, 0]
    bars = ax.bar(range(len(s)), s, color=[BLUE, ORANGE, GREEN][: len(s)])
    ax.set_ylim(0, 1)
    ax.set_xticks(range(len(s)), [f"z{i + 1} = {fmt(v, 3)}" for i, v in enumerate(z[:, 0])])
    ax.set_ylabel("softmax output")
    labels = [ax.text(i, v + 0.02, fmt(v, 3), ha="center") for i, v in enumerate(s)]
    return [*bars, *labels]


def gradient_sizes(ax, sizes: dict) -> list:
    """The size of dJ/dW[l] per layer (log scale), one line per activation."""
    artists = []
    for (label, found), colour in zip(sizes.items(), PATH_COLOURS, strict=False):
        layers = np.arange(1, found.rms.size + 1)
        artists += ax.plot(layers, found.rms, "o-", color=colour, linewidth=2, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("layer l (1 = next to the inputs)")
    ax.set_ylabel("RMS of dJ/dW[l]")
    ax.grid(True, which="major", alpha=0.3)
    # Beside the axes: the lines span every layer, so inside it hid one of them.
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    ax.figure.subplots_adjust(right=1 - GRADIENT_LEGEND_WIDTH / ax.figure.get_figwidth())
    return artists


#: Inches kept right of the gradient-size axes for their legend.
GRADIENT_LEGEND_WIDTH = 1.7


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


CLASS_COLOURS = (BLUE, ORANGE, GREEN)


def decision_boundary(
    ax, grid: Grid, values: np.ndarray, data: Dataset, held_out: Dataset | None = None
) -> dict:
    """What the network predicts everywhere (shaded), its 0.5 boundary, and the examples."""
    classes = data.classes
    if classes == 2:
        image = ax.imshow(
            values,
            origin="lower",
            extent=(grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]),
            cmap="RdBu_r",
            vmin=0,
            vmax=1,
            alpha=0.35,
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
        ax.scatter(*data.X[:, mine], s=10, color=CLASS_COLOURS[k], label=f"class {k}")
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


def training_curves(ax_cost, ax_accuracy, history: History, *, upto: int | None = None) -> list:
    """Cost (log scale) and accuracy against epochs, for the training and held-out sets."""
    epochs = history.epoch
    artists = ax_cost.plot(epochs, history.cost, color=BLUE, linewidth=2, label="training")
    if history.test_cost is not None:
        artists += ax_cost.plot(
            epochs, history.test_cost, color=VERMILLION, linewidth=2, label="held out"
        )
    ax_cost.set_yscale("log")
    ax_cost.set_xlabel("epoch")
    ax_cost.set_ylabel("cost J (log scale)")
    ax_cost.grid(True, alpha=0.3)
    ax_cost.legend(fontsize="small")
    if history.accuracy is not None:
        artists += ax_accuracy.plot(
            epochs, history.accuracy, color=BLUE, linewidth=2, label="training"
        )
    if history.test_accuracy is not None:
        artists += ax_accuracy.plot(
            epochs, history.test_accuracy, color=VERMILLION, linewidth=2, label="held out"
        )
    ax_accuracy.set_ylim(0.4, 1.01)
    ax_accuracy.set_xlabel("epoch")
    ax_accuracy.set_ylabel("accuracy")
    ax_accuracy.grid(True, alpha=0.3)
    ax_accuracy.legend(loc="lower right", fontsize="small")
    if upto is not None:
        artists += [ax.axvline(upto, color=GREY, linestyle=":") for ax in (ax_cost, ax_accuracy)]
    return artists


def surface_paths(ax, surface: Surface, paths: Paths | None = None, *, labels=None) -> list:
    """Contours of E_total over two weights, and the path of descent for each learning rate."""
    levels = np.geomspace(max(float(surface.E.min()), 1e-6), float(surface.E.max()), 18)
    artists = [
        ax.contour(surface.a, surface.b, surface.E, levels=levels, cmap="viridis", linewidths=1)
    ]
    ax.set_xlabel(surface.weights[0])
    ax.set_ylabel(surface.weights[1])
    if paths is not None:
        artists += draw_paths(ax, surface, paths, labels=labels)
    return artists


def draw_paths(ax, surface: Surface, paths: Paths, *, labels=None) -> list:
    artists = []
    for k, rate in enumerate(paths.learning_rates):
        label = labels[k] if labels is not None else f"η = {fmt(rate, 4)}"
        colour = PATH_COLOURS[k % len(PATH_COLOURS)]
        artists += ax.plot(
            paths.a[:, k],
            paths.b[:, k],
            "o-",
            color=colour,
            markersize=6 - 1.2 * k,
            linewidth=1.2,
            alpha=0.85,
            label=label,
        )
    ax.set_xlim(surface.a[0], surface.a[-1])
    ax.set_ylim(surface.b[0], surface.b[-1])
    ax.legend(loc="upper left", fontsize="small")
    return artists


def section_paths(ax, cut: Section, paths: Paths, *, labels=None) -> list:
    """E_total along the line descent moves on, with each path's steps hopping along it."""
    artists = ax.plot(cut.s, cut.E, color=GREY, linewidth=2)
    for k, rate in enumerate(paths.learning_rates):
        label = labels[k] if labels is not None else f"η = {fmt(rate, 4)}"
        where = cut.position(paths.a[:, k], paths.b[:, k])
        artists += ax.plot(
            where,
            paths.E[:, k],
            "o-",
            color=PATH_COLOURS[k % len(PATH_COLOURS)],
            markersize=4,
            linewidth=1,
            alpha=0.85,
            label=label,
        )
    ax.set_xlim(cut.s[0], cut.s[-1])
    ax.set_ylim(0, float(np.max(cut.E)) * 1.05)
    ax.set_xlabel(f"distance along the steepest direction of ({cut.weights[0]}, {cut.weights[1]})")
    ax.set_ylabel("E_total")
    ax.legend(loc="upper right", fontsize="small")
    return artists


def path_errors(ax, paths: Paths, *, labels=None) -> list:
    """E_total after each update along each path (log scale)."""
    artists = []
    steps = np.arange(paths.E.shape[0])
    for k, rate in enumerate(paths.learning_rates):
        label = labels[k] if labels is not None else f"η = {fmt(rate, 4)}"
        artists += ax.plot(
            steps,
            paths.E[:, k],
            color=PATH_COLOURS[k % len(PATH_COLOURS)],
            linewidth=2,
            label=label,
        )
    ax.set_yscale("log")
    ax.set_xlabel("updates")
    ax.set_ylabel("E_total (log scale)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return artists


def sweep_plot(ax, result: Sweep, *, critical: float | None = None) -> list:
    """Final E_total against learning rate (both log scales); diverged runs marked apart."""
    ok = ~result.diverged & np.isfinite(result.E_total)
    artists = ax.plot(
        result.learning_rates[ok],
        result.E_total[ok],
        ".",
        color=BLUE,
        markersize=3,
        label=f"E_total after {result.steps:,} updates",
    )
    if (~ok).any():
        top = float(np.nanmax(result.E_total[ok])) if ok.any() else 1.0
        artists += ax.plot(
            result.learning_rates[~ok],
            np.full((~ok).sum(), top * 3),
            "x",
            color=VERMILLION,
            markersize=4,
            label="diverged",
        )
    if critical is not None:
        artists.append(
            ax.axvline(
                critical,
                color=GREY,
                linestyle="--",
                label=f"2 / largest curvature = {fmt(critical, 4)}",
            )
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("learning rate η (log scale)")
    ax.set_ylabel("final E_total (log scale)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return artists


def conv_grids(axes, step, x: np.ndarray) -> list:
    """Channel by channel: the input with the patch outlined, and the filter's weights."""
    from matplotlib.patches import Rectangle

    artists = []
    C, k = step.kernel.shape[0], step.kernel.shape[1]
    for c in range(C):
        ax_in, ax_w = axes[2 * c], axes[2 * c + 1]
        for ax, grid, title in (
            (ax_in, x[c], f"input channel {c}"),
            (ax_w, step.kernel[c], f"filter {step.n}, channel {c}"),
        ):
            artists.append(ax.imshow(grid, cmap="Greys", alpha=0.25))
            for (r, col), value in np.ndenumerate(grid):
                artists.append(ax.text(col, r, fmt(value), ha="center", va="center"))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(title, fontsize="small")
        artists.append(
            ax_in.add_patch(
                Rectangle(
                    (step.j - 0.5, step.i - 0.5),
                    k,
                    k,
                    fill=False,
                    edgecolor=VERMILLION,
                    linewidth=3,
                )
            )
        )
    return artists
