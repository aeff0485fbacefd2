"""Gradient descent for the general network: full batch or mini-batches.

Taught in lesson 18, "Training a classifier", and lesson 19, "Gradient descent
and the learning rate". One epoch is one pass over the m training examples:
one update with the full batch, or one update per mini-batch of examples
drawn in a seeded random order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Described, NumericError, ParameterError, check_count, check_learning_rate
from .checks import checked
from .network import Network, Parameters, frozen
from .passes import predicted_classes
from .workspace import Workspace

__all__ = ["CLASSIFICATION_LOSSES", "Descent", "Evaluation", "Evaluator", "History", "batch_count",
           "labels_of", "train"]

CLASSIFICATION_LOSSES = ("cross-entropy", "softmax-cross-entropy")


class Descent:
    """Training in progress: its own copies of W and b, and buffers allocated once.

    `epoch()` runs one epoch and returns its cost J, measured on each batch
    before that batch's update (averaged over the batches, weighted by size).
    `parameters` is a frozen copy of where descent has got to.
    """

    def __init__(self, network: Network, params: Parameters, X, Y, *, learning_rate: float,
                 batch_size: int | None = None, rng: np.random.Generator | None = None):
        X, Y = checked(network, params, X, Y)
        self.network, self.X, self.Y = network, X, Y
        self.learning_rate = check_learning_rate(learning_rate)
        m = X.shape[1]
        size = m if batch_size is None else check_count("batch_size", batch_size)
        self.batch_size = min(size, m)
        if self.batch_size < m and not isinstance(rng, np.random.Generator):
            raise ParameterError("rng", Described(type(rng).__name__),
                                 "mini-batches are drawn in a random order",
                                 "numpy.random.default_rng(seed), so that runs repeat")
        self.rng = rng
        # Indexed like the lessons: W[0] and b[0] are None, W[1]..W[L] writable copies.
        self.W: list[Any] = [None] + [np.array(w) for w in params.W[1:]]
        self.b: list[Any] = [None] + [np.array(b) for b in params.b[1:]]
        self.epochs = 0
        self._full = Workspace(network, m) if self.batch_size == m else None
        # (size, its workspace, X and Y buffers) for each mini-batch size.
        self._batches: list[tuple[int, Workspace, np.ndarray, np.ndarray]] = []
        if self._full is None:
            for size in {self.batch_size, m % self.batch_size} - {0}:
                self._batches.append((size, Workspace(network, size),
                                      np.empty((network.sizes[0], size), X.dtype),
                                      np.empty((network.sizes[-1], size), X.dtype)))

    def __repr__(self) -> str:
        return (f"Descent({self.network!r}, epoch {self.epochs}, learning_rate="
                f"{self.learning_rate:g}, batch_size={self.batch_size})")

    def epoch(self) -> float:
        """One epoch of updates; returns its cost J."""
        lr = self.learning_rate
        with np.errstate(all="ignore"):
            if self._full is not None:
                ws = self._full
                ws.forward(self.W, self.b, self.X)
                J = ws.cost(self.Y)
                ws.backward(self.W, self.Y)
                ws.update(self.W, self.b, lr)
            else:
                m = self.X.shape[1]
                rng = self.rng
                assert rng is not None   # mini-batches: __init__ refused anything but a Generator
                order = rng.permutation(m)
                by_size = {size: (ws, Xb, Yb) for size, ws, Xb, Yb in self._batches}
                total = 0.0
                for start in range(0, m, self.batch_size):
                    chosen = order[start:start + self.batch_size]
                    ws, Xb, Yb = by_size[chosen.size]
                    np.take(self.X, chosen, axis=1, out=Xb)
                    np.take(self.Y, chosen, axis=1, out=Yb)
                    ws.forward(self.W, self.b, Xb)
                    total += ws.cost(Yb) * chosen.size
                    ws.backward(self.W, Yb)
                    ws.update(self.W, self.b, lr)
                J = total / m
        self.epochs += 1
        if not math.isfinite(J):
            raise NumericError(
                f"the cost is {J} in epoch {self.epochs}: training has diverged. "
                f"Try a smaller learning rate (now {lr:g}).")
        return J

    @property
    def parameters(self) -> Parameters:
        """A frozen copy of the current W and b."""
        for l in range(1, self.network.L + 1):
            if not (np.isfinite(self.W[l]).all() and np.isfinite(self.b[l]).all()):
                raise NumericError(f"W[{l}] or b[{l}] is no longer finite after epoch "
                                   f"{self.epochs}: try a smaller learning rate.")
        return Parameters(W=tuple([None] + [frozen(w.copy()) for w in self.W[1:]]),
                          b=tuple([None] + [frozen(b.copy()) for b in self.b[1:]]))


@dataclass(frozen=True, eq=False, kw_only=True)
class Evaluation:
    """Cost and accuracy of some parameters on one data set."""

    cost: float
    accuracy: float | None


class Evaluator:
    """Cost and accuracy on a fixed data set, in buffers allocated once."""

    def __init__(self, network: Network, params: Parameters, X, Y):
        self.X, self.Y = checked(network, params, X, Y)
        self.network = network
        self._ws = Workspace(network, self.X.shape[1])
        self.labels = labels_of(network, self.Y)

    def __repr__(self) -> str:
        return f"Evaluator({self.network!r}, m={self.X.shape[1]})"

    def __call__(self, W, b) -> Evaluation:
        ws = self._ws
        with np.errstate(all="ignore"):
            ws.forward(W, b, self.X)
            J = ws.cost(self.Y)
        if self.labels is None:
            return Evaluation(cost=J, accuracy=None)
        predicted = predicted_classes(ws.A[self.network.L])
        return Evaluation(cost=J, accuracy=float(np.mean(predicted == self.labels)))


def labels_of(network: Network, Y: np.ndarray) -> np.ndarray | None:
    """Class labels from targets: 0/1 for one sigmoid output, the one-hot row otherwise."""
    if network.loss not in CLASSIFICATION_LOSSES:
        return None
    return predicted_classes(Y)


@dataclass(frozen=True, eq=False, kw_only=True)
class History:
    """Training for `epochs` epochs (lesson 18).

    `epoch` lists the recorded epochs (0 = before training, then every
    `record_every`, every snapshot's, and the last); `cost`, `accuracy`, `test_cost` and
    `test_accuracy` are measured there with the parameters after that epoch.
    `epoch_cost` has one entry per epoch: the cost during it (before its updates).
    `snapshots` holds the parameters at the epochs asked for.
    """

    network: Network
    learning_rate: float
    batch_size: int
    epoch: np.ndarray
    cost: np.ndarray
    accuracy: np.ndarray | None
    test_cost: np.ndarray | None
    test_accuracy: np.ndarray | None
    epoch_cost: np.ndarray
    snapshots: Mapping[int, Parameters]
    final: Parameters

    def __repr__(self) -> str:
        text = (f"History({len(self.epoch_cost)} epochs, "
                f"cost {self.cost[0]:.4g} -> {self.cost[-1]:.4g}")
        if self.test_accuracy is not None:
            text += f", test accuracy {self.test_accuracy[-1]:.4g}"
        return text + ")"


def train(network: Network, params: Parameters, X, Y, *, epochs: int, learning_rate: float,
          batch_size: int | None = None, rng: np.random.Generator | None = None,
          test: tuple | None = None, record_every: int = 1, snapshots: Iterable[int] = (),
          on_progress: Callable[[int], None] | None = None) -> History:
    """Train for `epochs` epochs and record cost and accuracy (on `test` = (X_test, Y_test) too)."""
    epochs = check_count("epochs", epochs, minimum=0)
    if epochs > 1_000_000:
        raise ParameterError("epochs", epochs, "out of range", "a whole number from 0 to 1000000")
    record_every = check_count("record_every", record_every)
    wanted = set()
    for k in snapshots:
        k = check_count("snapshots", k, minimum=0)
        if k > epochs:
            raise ParameterError("snapshots", k, f"after the last epoch ({epochs})",
                                 f"epochs from 0 to {epochs}")
        wanted.add(k)
    descent = Descent(network, params, X, Y, learning_rate=learning_rate,
                      batch_size=batch_size, rng=rng)
    on_train = Evaluator(network, params, descent.X, descent.Y)
    on_test = None
    if test is not None:
        if not isinstance(test, tuple) or len(test) != 2:
            raise ParameterError("test", Described(type(test).__name__), "not a pair",
                                 "a tuple (X_test, Y_test)")
        on_test = Evaluator(network, params, *test)
    recorded, train_eval, test_eval, kept = [], [], [], {}
    epoch_cost = np.empty(epochs)

    def record(k: int) -> None:
        recorded.append(k)
        train_eval.append(on_train(descent.W, descent.b))
        if on_test is not None:
            test_eval.append(on_test(descent.W, descent.b))

    every = max(1, epochs // 100)
    for k in range(epochs + 1):
        # A snapshot's epoch is recorded too, so what it shows is measured, not a neighbour's.
        if k % record_every == 0 or k == epochs or k in wanted:
            record(k)
        if k in wanted:
            kept[k] = descent.parameters
        if k == epochs:
            break
        epoch_cost[k] = descent.epoch()
        if on_progress is not None and (k + 1) % every == 0:
            on_progress(k + 1)

    def column(evals, field):
        values = [getattr(e, field) for e in evals]
        if not values or values[0] is None:
            return None
        return frozen(np.array(values, dtype=float))

    return History(
        network=network,
        learning_rate=descent.learning_rate,
        batch_size=descent.batch_size,
        epoch=frozen(np.array(recorded)),
        cost=column(train_eval, "cost"),
        accuracy=column(train_eval, "accuracy"),
        test_cost=column(test_eval, "cost"),
        test_accuracy=column(test_eval, "accuracy"),
        epoch_cost=frozen(epoch_cost),
        snapshots=kept,
        final=descent.parameters,
    )


def batch_count(m: int, batch_size: int | None) -> int:
    """Updates per epoch: m / batch_size, rounded up (the last batch may be smaller)."""
    m = check_count("m", m)
    if batch_size is None:
        return 1
    size = check_count("batch_size", batch_size)
    return -(-m // min(size, m))
