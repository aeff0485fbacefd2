"""Curves of functions: activations and their slopes, a sigmoid with a bias, softmax, gradients.

Taught in lessons 02 (why a bias), 13 (activation functions) and 14 (vanishing
gradients). Each takes an `ax`, draws, and returns its artists, which the
explorers update in place; none calls plt.show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..formatting import fmt
from ..language import _
from ..maths.activations import ACTIVATIONS
from ..maths.softmax import softmax
from .landscape import PATH_COLOURS
from .plots import BLUE, GREEN, GREY, ORANGE, VERMILLION

if TYPE_CHECKING:
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

__all__ = ["ACTIVATION_X", "ActivationArtists", "GRADIENT_LEGEND_WIDTH", "SIGMOID_X",
           "SigmoidArtists", "activation_curves", "gradient_size_lines", "move_activation",
           "move_sigmoid", "sigmoid_curve", "slope", "softmax_bars", "threshold"]


#: The inputs the activation explorer draws over.
ACTIVATION_X = np.linspace(-5.0, 5.0, 401)


def slope(name: str, net: np.ndarray) -> np.ndarray:
    """d out / d net of an activation at `net` (sympy's derivative, as the engine uses it)."""
    activation = ACTIVATIONS[name]
    return activation.slope(net, activation(net))


@dataclass(frozen=True, kw_only=True)
class ActivationArtists:
    curve: Line2D
    derivative: Line2D
    point: Line2D
    slope_point: Line2D
    title: Text


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
    ax.set_xlabel(_("net input x"))
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


@dataclass(frozen=True, kw_only=True)
class SigmoidArtists:
    """The artists of `sigmoid_curve`, kept so that `move_sigmoid` can update them in place."""

    curve: Line2D
    reference: Line2D
    half: Line2D
    text: Text


#: The inputs the bias explorer draws over.
SIGMOID_X = np.linspace(-8.0, 8.0, 321)


def sigmoid_curve(ax, w: float, b: float) -> SigmoidArtists:
    """sigmoid(w x + b) against x, with sigmoid(x) for reference and the point where it is 1/2."""
    sigma = ACTIVATIONS["sigmoid"]
    reference, = ax.plot(SIGMOID_X, sigma(SIGMOID_X), color=GREY, linestyle="--", linewidth=1.5,
                         label="σ(x): w = 1, b = 0")
    curve, = ax.plot(SIGMOID_X, sigma(w * SIGMOID_X + b), color=BLUE, linewidth=3,
                     label="σ(w·x + b)")
    half, = ax.plot([], [], "o", color=VERMILLION, markersize=9, label=_("output 1/2"))
    ax.axhline(0.5, color=GREY, linewidth=0.8, alpha=0.5)
    ax.axvline(0.0, color=GREY, linewidth=0.8, alpha=0.5)
    ax.set_xlim(SIGMOID_X[0], SIGMOID_X[-1])
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(_("input x"))
    ax.set_ylabel(_("output"))
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
        artists.text.set_text(_("w = 0: the output is σ(b) = {value} for every x",
                                 value=fmt(sigma(b))))
    else:
        artists.half.set_data([crossing], [0.5])
        artists.text.set_text(_("output 1/2 at x = -b/w = {x}", x=fmt(crossing)))


def threshold(w: float, b: float) -> float | None:
    """Where sigmoid(w x + b) is 1/2: x = -b/w (the bias moves it; without one it is always 0)."""
    return None if w == 0 else -b / w


def softmax_bars(ax, z) -> list:
    """The softmax of three net inputs as bars, with the net inputs written under them."""
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    s = softmax(z)[:, 0]
    bars = ax.bar(range(len(s)), s, color=[BLUE, ORANGE, GREEN][: len(s)])
    ax.set_ylim(0, 1)
    ax.set_xticks(range(len(s)), [f"z{i + 1} = {fmt(v, 3)}" for i, v in enumerate(z[:, 0])])
    ax.set_ylabel(_("softmax output"))
    labels = [ax.text(i, v + 0.02, fmt(v, 3), ha="center") for i, v in enumerate(s)]
    return [*bars, *labels]


#: Inches kept right of the gradient-size axes for their legend.
GRADIENT_LEGEND_WIDTH = 1.7


def gradient_size_lines(ax, sizes: Mapping) -> list:
    """The size of dJ/dW[l] per layer (log scale), one line per activation."""
    artists = []
    for (label, found), colour in zip(sizes.items(), PATH_COLOURS, strict=False):
        layers = np.arange(1, found.rms.size + 1)
        artists += ax.plot(layers, found.rms, "o-", color=colour, linewidth=2, label=label)
    ax.set_yscale("log")
    ax.set_xlabel(_("layer l (1 = next to the inputs)"))
    ax.set_ylabel(_("RMS of dJ/dW[l]"))
    ax.grid(True, which="major", alpha=0.3)
    # Beside the axes: the lines span every layer, so inside it hid one of them.
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    ax.figure.subplots_adjust(right=1 - GRADIENT_LEGEND_WIDTH / ax.figure.get_figwidth())
    return artists
