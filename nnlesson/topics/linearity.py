"""Why a network needs a non-linearity: without one, every layer collapses into one.

Taught in lesson 13, "Activation functions". With the identity as every
activation, A[L] = W[L](... (W[1] X + b[1]) ...) + b[L] is one affine map
W X + b, with W = W[L] ... W[1]: depth adds nothing a single layer could not
do. sympy shows it for one neuron per layer; numpy checks it for any network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..errors import Described, ParameterError
from ..language import _
from ..maths.compare import Agreement, agree
from ..mlp.network import Network, Parameters
from ..mlp.passes import forward

__all__ = ["COLLAPSE_TOLERANCE", "Collapse", "SymbolicCollapse", "collapsed", "identity_network",
           "symbolic_collapse"]

#: W X + b against the layer-by-layer network: the two differ by reassociation only.
COLLAPSE_TOLERANCE = 1e-12


@dataclass(frozen=True, eq=False, kw_only=True)
class SymbolicCollapse:
    """A chain of one-neuron linear layers, composed, and the single layer it equals."""

    composed: sp.Expr        # w_2 (w_1 x + b_1) + b_2, as written
    weight: sp.Expr          # the one weight: w_1 w_2
    bias: sp.Expr            # the one bias: b_1 w_2 + b_2
    equal: bool              # sympy: composed == weight x + bias


def symbolic_collapse(layers: int = 2) -> SymbolicCollapse:
    """Compose `layers` linear one-neuron layers and read off the one weight and bias.

    The weight is the slope d out/dx and the bias the output at x = 0; `equal`
    says that slope times x plus bias gives back the whole composition, which
    holds only because no layer bends (an x**2 anywhere would break it).
    """
    if isinstance(layers, bool) or not isinstance(layers, int) or not 1 <= layers <= 10:
        raise ParameterError("layers", layers, _("not a usable depth"),
                             _("a whole number from {minimum} to {maximum}", minimum=1,
                               maximum=10))
    x = sp.Symbol("x")
    out = x
    for l in range(1, layers + 1):
        out = sp.Symbol(f"w_{l}") * out + sp.Symbol(f"b_{l}")
    weight = sp.expand(sp.diff(out, x))
    bias = sp.expand(out.subs(x, 0))
    return SymbolicCollapse(composed=out, weight=sp.factor(weight), bias=bias,
                            equal=sp.expand(out - (weight * x + bias)) == 0)


@dataclass(frozen=True, eq=False, kw_only=True)
class Collapse:
    """The single affine map (W, b) an all-identity network computes, and how well it matches."""

    W: np.ndarray
    b: np.ndarray
    agreement: Agreement     # the network's output against W X + b on the inputs checked


def collapsed(network: Network, params: Parameters, X) -> Collapse:
    """W = W[L] ... W[1] and b from the biases; checked against the network on inputs X."""
    if network.hidden != "identity" or network.output != "identity":
        raise ParameterError("network", Described(repr(network)),
                             _("has a non-linear activation, so it does not collapse"),
                             _("hidden='identity' and output='identity'"))
    out = forward(network, params, X).output   # first: it checks the shapes by name
    W = np.eye(network.sizes[0])
    b = np.zeros((network.sizes[0], 1))
    for l in range(1, network.L + 1):
        W = params.W[l] @ W
        b = params.W[l] @ b + params.b[l]
    # The product W[3] W[2] W[1] is formed first, so its rounding differs from the
    # network's layer by layer: about 1e-15 on outputs of size 1 to 10.
    return Collapse(W=W, b=b, agreement=agree(out, W @ np.asarray(X) + b, to=COLLAPSE_TOLERANCE))


def identity_network(sizes=(2, 4, 3, 1), seed: int = 11) -> tuple[Network, Parameters, np.ndarray]:
    """An all-identity network with random weights and biases, and 1,000 random inputs."""
    network = Network(tuple(sizes), hidden="identity", output="identity", loss="squared")
    rng = np.random.default_rng(seed)
    W = [rng.normal(size=(network.sizes[l], network.sizes[l - 1]))
         for l in range(1, network.L + 1)]
    b = [rng.normal(size=(network.sizes[l], 1)) for l in range(1, network.L + 1)]
    X = rng.normal(size=(network.sizes[0], 1000))
    return network, Parameters.from_arrays(network, W, b), X
