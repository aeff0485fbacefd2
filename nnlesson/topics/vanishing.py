"""Gradients in a deep, narrow network: how large they are, layer by layer, at initialisation.

Taught in lesson 14, "Vanishing and exploding gradients": what depth does to
sigmoids and ReLUs, and what the scale of the first weights changes. Besides
the weight gradients dW[l] = (1/m) dZ[l] A[l-1]^T, the sizes of their two
factors can be measured: the error signal dZ[l], the product of one factor per
layer that the chain rule builds from the output back, and the layer's input
A[l-1].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _, join
from ..maths.activations import ACTIVATIONS, get, x
from ..mlp.datasets import circles
from ..mlp.network import Network, Parameters, init
from ..mlp.passes import gradients

__all__ = ["MEASURED", "GradientSizes", "by_gain", "by_part", "deep_network", "gradient_sizes",
           "matched_initialisations", "xavier_gain"]

#: What `gradient_sizes` can measure in each layer l: the weight gradient, the error
#: signal, or the layer's input.
MEASURED = ("dW", "dZ", "A[l-1]")


@dataclass(frozen=True, kw_only=True)
class GradientSizes:
    """The size of dW[l] = dJ/dW[l] (or of dZ[l], or A[l-1]) in each layer l.

    The size is the root mean square: the square root of the mean of the squared entries.
    """

    network: Network
    gain: float
    rms: np.ndarray          # shape (L,): layer 1 first
    of: str = "dW"           # one of MEASURED

    def __repr__(self) -> str:
        return f"GradientSizes({self.network.hidden}, gain {self.gain:g}, {self.of}: {self.rms})"


def deep_network(hidden: str, *, depth: int = 10, width: int = 16) -> Network:
    """A deep, narrow network for lesson 14: `depth` hidden layers of `width` neurons."""
    return Network((2,) + (width,) * depth + (1,), hidden=hidden, output="sigmoid",
                   loss="cross-entropy")


def gradient_sizes(hidden: str, *, gain: float = 1.0, scheme: str = "uniform", depth: int = 10,
                   width: int = 16, seed: int = 0, examples: int = 200,
                   of: str = "dW") -> GradientSizes:
    """How large the gradient is in each layer at initialisation, on the circles data.

    `of` picks what is measured in layer l: "dW" (the weight gradient), "dZ"
    (the error signal) or "A[l-1]" (the layer's input, A[0] = X for layer 1).
    """
    if of not in MEASURED:
        raise ParameterError("of", of, _("not a quantity measured here"),
                             _("one of {choices}", choices=join(MEASURED)))
    network = deep_network(hidden, depth=depth, width=width)
    data = circles(examples, rng=seed)
    params: Parameters = init(network, np.random.default_rng(seed), scheme=scheme, gain=gain)
    g = gradients(network, params, data.X, data.Y)
    arrays = {"dW": g.dW[1:], "dZ": g.dZ[1:], "A[l-1]": g.forward.A[:-1]}[of]
    rms = np.array([float(np.sqrt(np.mean(np.square(a)))) for a in arrays])
    return GradientSizes(network=network, gain=float(gain), rms=rms, of=of)


def xavier_gain(hidden: str) -> float:
    """How much wider the Xavier bound is for `hidden` than for tanh's: their slopes at 0, divided.

    Glorot and Bengio's bound assumes a slope of 1 at 0, tanh's; the sigmoid's
    is 1/4 (sympy, from its definition), so its bound is 4 times as wide.
    """
    own = get(hidden).derivative.subs(x, 0)
    if own == 0:
        raise ParameterError("hidden", hidden, _("its slope at 0 is 0, which no gain makes up for"),
                             _("an activation with a slope at 0, such as sigmoid or tanh"))
    return float(ACTIVATIONS["tanh"].derivative.subs(x, 0) / own)


def by_gain(hidden: str, gains: Sequence[float], *, scheme: str = "uniform"
            ) -> dict[str, GradientSizes]:
    """One run per gain, each labelled for lesson 14's tables and figures."""
    return {_("{activation}, gain {gain}", activation=hidden, gain=fmt(gain)):
            gradient_sizes(hidden, scheme=scheme, gain=gain) for gain in gains}


def by_part(hidden: str, *, gain: float, parts: Sequence[str] = ("dZ", "A[l-1]", "dW")
            ) -> dict[str, GradientSizes]:
    """The weight gradient and its two factors, measured in one run (lesson 14)."""
    return {_("{activation}, gain {gain}: {part}", activation=hidden, gain=fmt(gain), part=of):
            gradient_sizes(hidden, gain=gain, of=of) for of in parts}


def matched_initialisations() -> dict[str, GradientSizes]:
    """Each activation with the initialisation made for it, and the sigmoid's Xavier bound
    widened by `xavier_gain` (lesson 14)."""
    wider = xavier_gain("sigmoid")
    return {_("relu, He"): gradient_sizes("relu", scheme="he"),
            _("tanh, Xavier"): gradient_sizes("tanh", scheme="xavier"),
            _("sigmoid, Xavier"): gradient_sizes("sigmoid", scheme="xavier"),
            _("sigmoid, Xavier × {gain}", gain=fmt(wider)):
                gradient_sizes("sigmoid", scheme="xavier", gain=wider)}
