"""Matplotlib helpers: each takes an `ax`, draws, and returns its artists; none calls plt.show.

Used by the trainer (lesson 08, "Training": the error on a log scale, the
outputs against their targets), the bias explorer (lesson 02, "why a neuron
has a bias") and, for printed handouts, the network drawing of `diagram`.
Figures are made with `figure()` (no pyplot), so nothing is displayed as a
side effect and re-running a cell draws nothing twice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ..formatting import fmt
from ..maths.activations import ACTIVATIONS
from . import diagram

#: Okabe & Ito's colour-blind-safe palette (the same as the diagram's).
BLUE, ORANGE, VERMILLION, GREEN, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#7F7F7F")


def figure(width: float = 10.0, height: float = 3.6, *, columns: int = 1) -> tuple[Figure, list]:
    """A figure with `columns` axes side by side, made without pyplot.

    Fixed margins, not constrained layout: that costs half a second on log axes.
    """
    fig = Figure(figsize=(width, height))
    # Margins in inches, so tick labels such as 10^-5 fit whatever the figure's width.
    fig.subplots_adjust(left=0.8 / width, right=1 - 0.2 / width, bottom=0.6 / height,
                        top=1 - 0.25 / height, wspace=0.3)
    axes = [fig.add_subplot(1, columns, k + 1) for k in range(columns)]
    return fig, axes


def png(fig: Figure, *, dpi: int = 100) -> bytes:
    """The figure as PNG bytes, for an ipywidgets Image."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def training_curves(ax_error, ax_outputs, history, *, label: str = "",
                    linestyle: str = "-") -> list:
    """E_total on a log scale, and out_o1, out_o2 against their targets, after each update."""
    steps = np.arange(history.steps + 1)
    suffix = f" ({label})" if label else ""
    artists = ax_error.plot(steps, history.E_total, color=BLUE if linestyle == "-" else VERMILLION,
                            linestyle=linestyle, linewidth=2, label=f"E_total{suffix}")
    ax_error.set_yscale("log")
    ax_error.set_xlabel("updates")
    ax_error.set_ylabel("E_total (log scale)")
    ax_error.grid(True, which="major", alpha=0.3)
    for name, colour in (("out_o1", BLUE), ("out_o2", ORANGE)):
        artists += ax_outputs.plot(steps, getattr(history, name), color=colour,
                                   linestyle=linestyle, linewidth=2, label=f"{name}{suffix}")
    if linestyle == "-":
        for target, colour in (("target_o1", BLUE), ("target_o2", ORANGE)):
            value = getattr(history.start, target)
            artists.append(ax_outputs.axhline(value, color=colour, linestyle=":", linewidth=1.5,
                                              label=f"{target} = {fmt(value)}"))
    ax_outputs.set_xlabel("updates")
    ax_outputs.set_ylabel("output")
    ax_outputs.grid(True, alpha=0.3)
    ax_error.legend(loc="upper right", fontsize="small")
    ax_outputs.legend(loc="center right", fontsize="small")
    return artists


@dataclass(frozen=True, kw_only=True)
class SigmoidArtists:
    """The artists of `sigmoid_curve`, kept so that `move_sigmoid` can update them in place."""

    curve: object
    reference: object
    half: object
    text: object


#: The inputs the bias explorer draws over.
SIGMOID_X = np.linspace(-8.0, 8.0, 321)


def sigmoid_curve(ax, w: float, b: float) -> SigmoidArtists:
    """sigmoid(w x + b) against x, with sigmoid(x) for reference and the point where it is 1/2."""
    sigma = ACTIVATIONS["sigmoid"]
    reference, = ax.plot(SIGMOID_X, sigma(SIGMOID_X), color=GREY, linestyle="--", linewidth=1.5,
                         label="σ(x): w = 1, b = 0")
    curve, = ax.plot(SIGMOID_X, sigma(w * SIGMOID_X + b), color=BLUE, linewidth=3,
                     label="σ(w·x + b)")
    half, = ax.plot([], [], "o", color=VERMILLION, markersize=9, label="output 1/2")
    ax.axhline(0.5, color=GREY, linewidth=0.8, alpha=0.5)
    ax.axvline(0.0, color=GREY, linewidth=0.8, alpha=0.5)
    ax.set_xlim(SIGMOID_X[0], SIGMOID_X[-1])
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend(loc="upper left", fontsize="small")
    text = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom",
                   fontsize="large")
    artists = SigmoidArtists(curve=curve, reference=reference, half=half, text=text)
    move_sigmoid(artists, w, b)
    return artists


def move_sigmoid(artists: SigmoidArtists, w: float, b: float) -> None:
    """Redraw sigmoid(w x + b) in place for a new w and b."""
    sigma = ACTIVATIONS["sigmoid"]
    artists.curve.set_ydata(sigma(w * SIGMOID_X + b))
    crossing = threshold(w, b)
    if crossing is None:
        artists.half.set_data([], [])
        artists.text.set_text(f"w = 0: the output is σ(b) = {fmt(sigma(b))} for every x")
    else:
        artists.half.set_data([crossing], [0.5])
        artists.text.set_text(f"output 1/2 at x = -b/w = {fmt(crossing)}")


def threshold(w: float, b: float) -> float | None:
    """Where sigmoid(w x + b) is 1/2: x = -b/w (the bias moves it; without one it is always 0)."""
    return None if w == 0 else -b / w


def network(ax, step, values) -> list:
    """The diagram of `diagram.draw` with matplotlib, for a printed handout (and the benchmark).

    Same positions and highlights as the SVG; labels carry the step's own values only.
    """
    artists = []
    colour = diagram.COLOURS[step.flow]
    for name, (src, dst) in diagram.EDGES.items():
        (x1, y1), (x2, y2) = diagram.POSITIONS[src], diagram.POSITIONS[dst]
        lit = name in step.edges
        artists += ax.plot([x1, x2], [y1, y2], color=colour if lit else diagram.IDLE,
                           linewidth=4 if lit else 1.5, zorder=1)
    for name in diagram.NODES:
        x, y = diagram.POSITIONS[name]
        lit = name in step.nodes
        artists.append(ax.scatter([x], [y], s=1600, facecolor="white", zorder=2,
                                  edgecolor=colour if lit else diagram.INK,
                                  linewidth=4 if lit else 1.5))
        artists.append(ax.text(x, y, name, ha="center", va="center", fontsize=14,
                               fontweight="bold", zorder=3))
    for name in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"):
        x, y = diagram.edge_label_at(name)
        artists.append(ax.text(x, y, f"{name} = {fmt(values[name])}", ha="center", va="center",
                               fontsize=10, zorder=3,
                               bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9}))
    ax.set_xlim(0, diagram.WIDTH)
    ax.set_ylim(diagram.HEIGHT, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return artists
