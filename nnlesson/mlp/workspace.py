"""The forward and backward pass of the general network, in buffers allocated once.

Taught in lesson 15, "The matrix form". Every pass of the general network
(`nnlesson.mlp.passes`, the gradient check, training) runs through one
`Workspace`: the activations, losses and derivatives are the kernels of
`nnlesson.maths.kernels`, each checked against its sympy definition, so
nothing is typed a second time here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..maths.kernels import ACTIVATION, BACKWARD, LOSS, Scratch, output_delta
from ..maths.softmax import softmax
from .network import Network

__all__ = ["Workspace", "ordered_matmul"]


def ordered_matmul(a: np.ndarray, b: np.ndarray, *, out: np.ndarray) -> np.ndarray:
    """a @ b with each sum taken term by term: a[i, 0] b[0, j] + a[i, 1] b[1, j] + ...

    No fused multiply-add, no reordering: the arithmetic the worked example
    does by hand, so the 2-2-2 case follows nnlesson.example.engine operation by operation.
    """
    column = b.ndim == 1
    b2 = b.reshape(-1, 1) if column else b
    out2 = out.reshape(-1, 1) if column else out
    np.multiply(a[:, 0:1], b2[0:1, :], out=out2)
    for k in range(1, a.shape[1]):
        out2 += a[:, k:k + 1] * b2[k:k + 1, :]
    return out


# -- the workspace: every buffer of one batch size, allocated once ----------------------------


class Workspace:
    """The forward and backward pass for batches of m examples, in preallocated buffers.

    The one implementation of the matrix form: `forward`, `gradients`, the
    gradient check and training all run through it. Buffers are reused between
    calls, so a record handed out by the public functions holds copies.
    """

    def __init__(self, network: Network, m: int):
        self.network, self.m = network, m
        dtype, L, n = network.np_dtype, network.L, network.sizes
        # Lists indexed like the lessons: item 0 is None (A[0] is X during a pass), items
        # 1..L are arrays (dA[L] stays None). list[Any], so that the passes index them
        # without a None check in their loops.
        self.Z: list[Any] = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.A: list[Any] = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.dZ: list[Any] = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.dA: list[Any] = [None] + [np.empty((n[l], m), dtype) for l in range(1, L)] + [None]
        self.dW: list[Any] = [None] + [np.empty((n[l], n[l - 1]), dtype) for l in range(1, L + 1)]
        self.db: list[Any] = [None] + [np.empty((n[l], 1), dtype) for l in range(1, L + 1)]
        # db as a vector: the matmul dZ @ ones writes a vector, and this is a view of db.
        self._db_flat: list[Any] = [None] + [d.reshape(-1) for d in self.db[1:]]
        self._step: list[Any] = [None] + [np.empty_like(w) for w in self.dW[1:]]
        self._ones = np.ones(m, dtype)
        self._matmul = np.matmul if network.matmul == "blas" else ordered_matmul
        self._inv_m = 1.0 / m
        # Kernels run one after another, so layers of one shape can share scratch buffers.
        scratch: dict[tuple[int, int], Scratch] = {}
        self._scratch: list[Any] = [None] + [
            scratch.setdefault((n[l], m), Scratch.like(self.Z[l])) for l in range(1, L + 1)]
        # g[l] as a kernel, or None for softmax (not elementwise: `forward` calls softmax).
        self._act: list[Callable[..., None] | None] = [None]
        self._act += [None if network.activation(l) == "softmax"
                      else ACTIVATION[network.activation(l)] for l in range(1, L + 1)]
        self._back = BACKWARD[network.hidden]
        self._delta = output_delta(network.output, network.loss)
        self._loss = LOSS[network.loss]
        self._E = np.empty((n[L], m), dtype)
        self._clipped = np.empty((n[L], m), dtype)
        self._column = np.empty((1, m), dtype)
        finfo = np.finfo(dtype)
        # log(0) is -inf; like PyTorch (which clamps the log at -100), keep it finite.
        self._clip = {"cross-entropy": (float(finfo.tiny), float(1.0 - finfo.epsneg)),
                      "softmax-cross-entropy": (float(finfo.tiny), 1.0)}.get(network.loss)

    def __repr__(self) -> str:
        return f"Workspace({self.network!r}, m={self.m})"

    def forward(self, W, b, X) -> None:
        """Z[l] and A[l] for l = 1..L, with A[0] = X."""
        L = self.network.L
        self.A[0] = X
        for l in range(1, L + 1):
            Z, A = self.Z[l], self.A[l]
            self._matmul(W[l], self.A[l - 1], out=Z)
            np.add(Z, b[l], out=Z)
            activation = self._act[l]
            if activation is None:
                softmax(Z, out=A, column=self._column)
            else:
                activation(Z, A, self._scratch[l])

    def cost(self, Y) -> float:
        """J = (1/m) sum of E(t, o) over outputs and examples, after `forward`."""
        out = self.A[self.network.L]
        if self._clip is not None:
            out = np.clip(out, *self._clip, out=self._clipped)
        self._loss(Y, out, self._E, self._scratch[self.network.L])
        # Summed in the network's own dtype (pairwise, so accurate), no float64 upcast.
        return float(self._E.sum()) * self._inv_m

    def backward(self, W, Y) -> None:
        """dZ[l], dW[l], db[l] for l = L..1 (and dA[l] for l = L-1..1), after `forward`."""
        L = self.network.L
        self._delta(Y, self.Z[L], self.A[L], self.dZ[L], self._scratch[L])
        for l in range(L, 0, -1):
            dZ = self.dZ[l]
            self._matmul(dZ, self.A[l - 1].T, out=self.dW[l])
            np.multiply(self.dW[l], self._inv_m, out=self.dW[l])
            self._matmul(dZ, self._ones, out=self._db_flat[l])
            np.multiply(self.db[l], self._inv_m, out=self.db[l])
            if l > 1:
                self._matmul(W[l].T, dZ, out=self.dA[l - 1])
                self._back(self.dA[l - 1], self.Z[l - 1], self.A[l - 1], self.dZ[l - 1],
                           self._scratch[l - 1])

    def update(self, W, b, learning_rate: float) -> None:
        """W[l] -= learning_rate dW[l] and b[l] -= learning_rate db[l], in place."""
        for l in range(1, self.network.L + 1):
            step = self._step[l]
            np.multiply(self.dW[l], learning_rate, out=step)
            np.subtract(W[l], step, out=W[l])
            np.multiply(self.db[l], learning_rate, out=self._db_step(l))
            np.subtract(b[l], self._db_step(l), out=b[l])

    def _db_step(self, l: int) -> np.ndarray:
        # A bias-shaped slice of the weight-step buffer: every layer has n[l-1] >= 1 columns.
        return self._step[l][:, :1]
