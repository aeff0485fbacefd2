"""The passes of the general network: forward, cost, gradients, and the classes it predicts.

Taught in lesson 15, "The matrix form" (the formulas are in
`nnlesson.mlp.network`). Each call checks its inputs, runs a `Workspace` and
hands out frozen copies of what it computed, so a record never changes later.
These are the general network's `forward` and `gradients`; the 2-2-2 example's,
with the post's names, are `nnlesson.example.forward` and `gradients`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import NumericError
from ..language import _
from .checks import check_labels, checked
from .network import Network, Parameters, frozen
from .workspace import Workspace

__all__ = ["Forward", "Gradients", "accuracy", "cost", "forward", "gradients", "predict",
           "predicted_classes"]


@dataclass(frozen=True, eq=False, kw_only=True)
class Forward:
    """The forward pass: Z[l] and A[l] (index 0: Z[0] None, A[0] = X)."""

    Z: tuple
    A: tuple

    def __repr__(self) -> str:
        m = self.A[0].shape[1]
        return f"Forward({len(self.Z) - 1} layers, m={m}: output {self.A[-1].shape})"

    @property
    def output(self) -> np.ndarray:
        return self.A[-1]


@dataclass(frozen=True, eq=False, kw_only=True)
class Gradients:
    """The backward pass: dJ/dW[l] and dJ/db[l], with dZ[l] and dA[l] on the way."""

    forward: Forward
    cost: float
    dZ: tuple
    dA: tuple
    dW: tuple
    db: tuple

    def __repr__(self) -> str:
        return f"Gradients(J={self.cost:.9g}, {len(self.dW) - 1} layers)"

    def vector(self) -> np.ndarray:
        """dW[1], db[1], dW[2], ... in one float64 vector, matching `Parameters.vector`."""
        return np.concatenate([a.ravel() for l in range(1, len(self.dW))
                               for a in (self.dW[l], self.db[l])]).astype(np.float64)


def _copies(items) -> tuple:
    return tuple(None if a is None else frozen(np.array(a)) for a in items)


def forward(network: Network, params: Parameters, X) -> Forward:
    """The forward pass for the m examples in the columns of X (shape (n[0], m))."""
    X, _ = checked(network, params, X)
    ws = Workspace(network, X.shape[1])
    with np.errstate(all="ignore"):
        ws.forward(params.W, params.b, X)
    _finite_outputs(ws)
    return _forward_record(ws, X)


def _forward_record(ws: Workspace, X: np.ndarray) -> Forward:
    return Forward(Z=_copies(ws.Z), A=(frozen(X.copy()), *_copies(ws.A[1:])))


def cost(network: Network, params: Parameters, X, Y) -> float:
    """J, the loss averaged over the m examples."""
    _, _, J = _passes(network, params, X, Y, backward=False)
    return J


def gradients(network: Network, params: Parameters, X, Y) -> Gradients:
    """Forward and backward pass: dJ/dW[l] and dJ/db[l] for every layer."""
    X, ws, J = _passes(network, params, X, Y, backward=True)
    for l in range(1, network.L + 1):
        for name, values in ((f"dW[{l}]", ws.dW[l]), (f"db[{l}]", ws.db[l])):
            if not np.isfinite(values).all():
                raise NumericError(_("the gradient {name} is not finite (overflow in the "
                                     "backward pass): use smaller weights or inputs.",
                                     name=name))
    return Gradients(forward=_forward_record(ws, X), cost=J, dZ=_copies(ws.dZ),
                     dA=_copies(ws.dA), dW=_copies(ws.dW), db=_copies(ws.db))


def _passes(network: Network, params: Parameters, X, Y, *, backward: bool):
    """The checked inputs, the workspace after the forward (and backward) pass, and J."""
    X, Y = checked(network, params, X, Y)
    ws = Workspace(network, X.shape[1])
    with np.errstate(all="ignore"):
        ws.forward(params.W, params.b, X)
        J = ws.cost(Y)
        if backward:
            ws.backward(params.W, Y)
    _finite_outputs(ws)
    if not np.isfinite(J):
        raise NumericError(_("the cost J is not finite (overflow in the forward pass): use "
                             "smaller weights or inputs."))
    return X, ws, J


def predict(network: Network, params: Parameters, X) -> np.ndarray:
    """The class of every example: output > 0.5 for one sigmoid output, else the largest output."""
    out = forward(network, params, X).output
    return predicted_classes(out)


def predicted_classes(out: np.ndarray) -> np.ndarray:
    """Classes from outputs: above 0.5 for one sigmoid output, else the largest output."""
    if out.shape[0] == 1:
        return (out[0] > 0.5).astype(np.int64)
    return np.argmax(out, axis=0)


def accuracy(network: Network, params: Parameters, X, labels) -> float:
    """The fraction of examples whose predicted class is the label."""
    predicted = predict(network, params, X)
    labels = check_labels(labels, classes=max(2, network.sizes[-1]), m=predicted.size)
    return float(np.mean(predicted == labels))


def _finite_outputs(ws: Workspace) -> None:
    if not np.isfinite(ws.A[ws.network.L]).all():
        raise NumericError(_("the network's output is not finite (overflow in the forward "
                             "pass): use smaller weights or inputs."))
