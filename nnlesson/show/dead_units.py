"""Dead ReLUs, shown: how many hidden units never activate, and which.

Taught in lesson 18, "Training a classifier". The numbers are
`nnlesson.topics.dead_relus`'s, printed through `fmt`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..formatting import fmt
from ..language import _, clauses
from ..topics.dead_relus import DeadReluRun, DeadUnits
from . import plots
from .shown import Shown, picture, table

__all__ = ["dead_relu_table", "dead_units_figure", "draw_units"]


def dead_relu_table(runs: Sequence[DeadReluRun]) -> Shown:
    """Per run: hidden units that never activate, how many of those are dead, the accuracy."""
    total = runs[0].units.total
    rows = []
    for run in runs:
        accuracy = run.history.test_accuracy
        rows.append([run.label, str(run.units.never_active), str(run.units.dead),
                     fmt(accuracy[-1], 4) if accuracy is not None else ""])
    return table([_("run"), _("never active (of {total})", total=total),
                  _("dead: no gradient"), _("held-out accuracy")], rows)


def draw_units(ax, units: DeadUnits, title: str) -> list:
    """One row per hidden layer, one square per unit, shaded by the share of examples that
    switch it on (white: none); a dead unit is crossed out."""
    widest = max(a.size for a in units.active)
    grid = np.full((len(units.active), widest), np.nan)
    for row, active in enumerate(units.active):
        grid[row, :active.size] = active
    import matplotlib

    shades = matplotlib.colormaps["Blues"].copy()
    shades.set_bad("#D9D9D9")        # no unit there: a layer narrower than the widest
    artists: list = [ax.imshow(grid, cmap=shades, vmin=0, vmax=1, aspect="auto",
                               interpolation="nearest")]
    if units.dead:
        rows, cols = np.nonzero(grid == 0)
        artists += ax.plot(cols, rows, "x", color="black", markersize=5, markeredgewidth=1.5)
    ax.set_yticks(range(len(units.active)))
    ax.set_yticklabels([_("layer {l}", l=l + 1) for l in range(len(units.active))])
    ax.set_xlabel(_("hidden unit"))
    ax.set_title(title, fontsize="small")
    return artists


def dead_units_figure(runs: Sequence[DeadReluRun]) -> Shown:
    """The hidden units of each run side by side (lesson 18)."""
    fig, axes = plots.figure(5.2 * len(runs), 2.6, columns=len(runs))
    for ax, run in zip(axes, runs, strict=True):
        draw_units(ax, run.units, run.label)
    counts = clauses(_("{label}: {dead} of {total} dead", label=run.label, dead=run.units.dead,
                         total=run.units.total) for run in runs)
    return picture(fig, _(
        "The hidden units of the circles network after training, one row per hidden layer and "
        "one square per unit, shaded darker the more training examples switch it on; a white "
        "square crossed out is a dead unit, off for every example; grey fills the rows of "
        "narrower layers. {counts}.", counts=counts))
