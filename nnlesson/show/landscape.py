"""The error surface and descent on it: contours, the cut along the path, the sweep's curve.

Taught in lesson 19, "Gradient descent and the learning rate". Each takes an `ax`,
draws, and returns its artists; none calls plt.show.
"""

from __future__ import annotations

import numpy as np

from ..example.copies import Sweep
from ..example.error_surface import Paths, Section, Surface
from ..formatting import fmt
from ..language import _
from .plots import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION

__all__ = ["PATH_COLOURS", "draw_paths", "path_errors", "section_paths", "surface_paths",
           "sweep_plot"]


PATH_COLOURS = (BLUE, GREEN, VERMILLION, PURPLE, ORANGE)


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
    ax.set_xlabel(_("distance along the steepest direction of ({w1}, {w2})", w1=cut.weights[0],
                    w2=cut.weights[1]))
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
    ax.set_xlabel(_("updates"))
    ax.set_ylabel(_("E_total (log scale)"))
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
        label=_("E_total after {steps} updates", steps=f"{result.steps:,}"),
    )
    if (~ok).any():
        top = float(np.nanmax(result.E_total[ok])) if ok.any() else 1.0
        artists += ax.plot(
            result.learning_rates[~ok],
            np.full((~ok).sum(), top * 3),
            "x",
            color=VERMILLION,
            markersize=4,
            label=_("diverged"),
        )
    if critical is not None:
        artists.append(
            ax.axvline(
                critical,
                color=GREY,
                linestyle="--",
                label=_("2 / largest curvature = {value}", value=fmt(critical, 4)),
            )
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(_("learning rate η (log scale)"))
    ax.set_ylabel(_("final E_total (log scale)"))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return artists
