"""Gradients in a deep, narrow network: how large they are, layer by layer, at initialisation.

Taught in lesson 14, "Vanishing and exploding gradients": what depth does to
sigmoids and ReLUs, and what the scale of the first weights changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mlp.datasets import circles
from ..mlp.network import Network, Parameters, init
from ..mlp.passes import gradients

__all__ = ["GradientSizes", "deep_network", "gradient_sizes"]


@dataclass(frozen=True, kw_only=True)
class GradientSizes:
    """The size of dJ/dW[l] in each layer l: sqrt of the mean of its squared entries."""

    network: Network
    gain: float
    rms: np.ndarray          # shape (L,): layer 1 first

    def __repr__(self) -> str:
        return f"GradientSizes({self.network.hidden}, gain {self.gain:g}: {self.rms})"


def deep_network(hidden: str, *, depth: int = 10, width: int = 16) -> Network:
    """A deep, narrow network for lesson 14: `depth` hidden layers of `width` neurons."""
    return Network((2,) + (width,) * depth + (1,), hidden=hidden, output="sigmoid",
                   loss="cross-entropy")


def gradient_sizes(hidden: str, *, gain: float = 1.0, scheme: str = "uniform", depth: int = 10,
                   width: int = 16, seed: int = 0, examples: int = 200) -> GradientSizes:
    """How large the gradient is in each layer at initialisation, on the circles data."""
    network = deep_network(hidden, depth=depth, width=width)
    data = circles(examples, rng=seed)
    params: Parameters = init(network, np.random.default_rng(seed), scheme=scheme, gain=gain)
    g = gradients(network, params, data.X, data.Y)
    rms = np.array([float(np.sqrt(np.mean(np.square(g.dW[l]))))
                    for l in range(1, network.L + 1)])
    return GradientSizes(network=network, gain=float(gain), rms=rms)
