"""Matplotlib basics: one way to make a figure, one way to turn it into PNG, one palette.

Figures are made with `figure()` (no pyplot), so nothing is displayed as a side
effect and re-running a cell draws nothing twice. Also the network drawing for
printed handouts and the convolution's grids of numbers (lesson 20).
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from ..formatting import fmt
from ..language import _
from . import diagram

__all__ = ["BLUE", "CJK_FONTS", "GREEN", "GREY", "ORANGE", "PURPLE", "VERMILLION", "conv_grids",
           "figure", "network_drawing", "png"]

#: Fonts with Chinese characters, by system: Linux (Debian's fonts-noto-cjk), macOS, Windows.
#: matplotlib falls back along the list glyph by glyph, so Latin text keeps DejaVu Sans.
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "PingFang SC", "Microsoft YaHei", "SimHei"]


def _with_chinese_fallback() -> None:
    # Module-level rcParams, because text objects take their font when they are made, in
    # every drawing helper. matplotlib falls back glyph by glyph along font.family only
    # when it names fonts (a generic "sans-serif" resolves to one font), so name them;
    # fonts this system lacks are skipped.
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    chinese = [name for name in CJK_FONTS if name in installed]
    if chinese:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", *chinese]


_with_chinese_fallback()


#: Okabe & Ito's colour-blind-safe palette (the same as the diagram's).
BLUE, ORANGE, VERMILLION, GREEN, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#7F7F7F")


def figure(width: float = 10.0, height: float = 3.6, *, columns: int = 1) -> tuple[Figure, list]:
    """A figure with `columns` axes side by side, made without pyplot.

    Fixed margins, not constrained layout: that costs half a second on log axes.
    """
    fig = Figure(figsize=(width, height))
    # Margins in inches, so tick labels such as 10^-5 fit whatever the figure's width and
    # many columns waste no space.
    fig.subplots_adjust(left=0.75 / width, right=1 - 0.15 / width, bottom=0.6 / height,
                        top=1 - 0.35 / height, wspace=0.45 if columns > 2 else 0.3)
    axes = [fig.add_subplot(1, columns, k + 1) for k in range(columns)]
    return fig, axes


def png(fig: Figure, *, dpi: int = 100) -> bytes:
    """The figure as PNG bytes, for an ipywidgets Image."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def network_drawing(ax, step, values) -> list:
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


def conv_grids(axes, step, x: np.ndarray) -> list:
    """Channel by channel: the input with the patch outlined, and the filter's weights."""
    from matplotlib.patches import Rectangle

    artists = []
    C, k = step.kernel.shape[0], step.kernel.shape[1]
    for c in range(C):
        ax_in, ax_w = axes[2 * c], axes[2 * c + 1]
        for ax, grid, title in (
            (ax_in, x[c], _("input channel {c}", c=c)),
            (ax_w, step.kernel[c], _("filter {n}, channel {c}", n=step.n, c=c)),
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
