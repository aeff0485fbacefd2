"""Gradient descent for the general network: full batch or mini-batches, plain or with memory.

Taught in lesson 18, "Training a classifier", and lesson 19, "Gradient descent
and the learning rate". One epoch is one pass over the m training examples:
one update with the full batch, or one update per mini-batch of examples
drawn in a seeded random order (a batch of one example: online updates).

Each update moves every parameter against its gradient. Plain descent (the
default, as in every lesson before 19) steps by η times the gradient;
`optimizer="momentum"` steps by η times a running sum of gradients, and
`optimizer="adam"` by η times a running mean of gradients divided by the root
of a running mean of their squares (`OptimizerState` keeps that memory).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from ..errors import (
    Described,
    NumericError,
    ParameterError,
    check_choice,
    check_count,
    check_learning_rate,
)
from ..formatting import fmt
from ..language import _
from .checks import checked
from .network import Network, Parameters, frozen
from .passes import predicted_classes
from .workspace import Workspace

__all__ = ["ADAM_BETAS", "ADAM_EPSILON", "CLASSIFICATION_LOSSES", "Descent", "Evaluation",
           "Evaluator", "History", "MOMENTUM", "OPTIMIZERS", "OptimizerState", "batch_count",
           "labels_of", "train"]

CLASSIFICATION_LOSSES = ("cross-entropy", "softmax-cross-entropy")

#: How an update turns gradients into steps: plain descent, momentum, Adam.
OPTIMIZERS = ("plain", "momentum", "adam")
#: The usual defaults (PyTorch's and Kingma & Ba's): momentum's β, Adam's β1, β2 and ε.
MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8


def _fraction(name: str, value) -> float:
    """A decay rate β: a number from 0 up to, not including, 1."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) \
            or value < 0 or not value < 1:
        raise ParameterError(name, value, _("not a usable decay rate"),
                             _("a number from 0 up to, not including, 1"))
    return float(value)


class OptimizerState:
    """What momentum and Adam remember between updates, and the update itself.

    - plain: p ← p − η g;
    - momentum (β = `momentum`): v ← β v + g, then p ← p − η v, so a direction the
      gradients keep pointing in builds up speed (PyTorch's SGD with momentum);
    - adam (β1, β2 = `betas`, ε = `epsilon`): m ← β1 m + (1 − β1) g and
      v ← β2 v + (1 − β2) g², both corrected for starting at 0 (divided by
      1 − β^t after t updates), then p ← p − η m̂ / (√v̂ + ε): each number's
      step is scaled by the size of its own recent gradients (Kingma & Ba, 2015).

    Taught in lesson 19, "Gradient descent and the learning rate". The
    parameters are updated in place, one array at a time.
    """

    def __init__(self, shapes, *, optimizer: str = "plain", momentum: float = MOMENTUM,
                 betas: tuple[float, float] = ADAM_BETAS, epsilon: float = ADAM_EPSILON,
                 dtype=np.float64):
        self.optimizer = check_choice("optimizer", optimizer, OPTIMIZERS)
        self.momentum = _fraction("momentum", momentum)
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise ParameterError("betas", Described(repr(betas)[:40]), _("not a pair"),
                                 _("two decay rates (β1, β2), such as (0.9, 0.999)"))
        self.betas = (_fraction("betas[0]", betas[0]), _fraction("betas[1]", betas[1]))
        if isinstance(epsilon, bool) or not isinstance(epsilon, Real) \
                or not math.isfinite(epsilon) or not 0 < epsilon < 1:
            raise ParameterError("epsilon", epsilon, _("not a small positive number"),
                                 _("a number between 0 and 1, such as 1e-8"))
        self.epsilon: float = float(epsilon)
        self.t: int = 0
        sizes: list[tuple[int, ...]] = [tuple(shape) for shape in shapes]
        # One buffer per parameter array for each running average, and one for the step.
        self._v: list[np.ndarray] = ([np.zeros(s, dtype) for s in sizes]
                                     if self.optimizer != "plain" else [])
        self._m: list[np.ndarray] = ([np.zeros(s, dtype) for s in sizes]
                                     if self.optimizer == "adam" else [])
        self._work: list[np.ndarray] = [np.empty(s, dtype) for s in sizes]

    def __repr__(self) -> str:
        if self.optimizer == "momentum":
            return f"OptimizerState(momentum, β = {self.momentum:g}, after {self.t} updates)"
        if self.optimizer == "adam":
            return (f"OptimizerState(adam, β1 = {self.betas[0]:g}, β2 = {self.betas[1]:g}, "
                    f"after {self.t} updates)")
        return f"OptimizerState(plain, after {self.t} updates)"

    def step(self, params, grads, learning_rate: float) -> None:
        """Move each array of `params` (in place) by its gradient in `grads`."""
        self.t += 1
        work = self._work
        if self.optimizer == "plain":
            for k, (p, g) in enumerate(zip(params, grads, strict=True)):
                np.multiply(g, learning_rate, out=work[k])
                np.subtract(p, work[k], out=p)
        elif self.optimizer == "momentum":
            beta = self.momentum
            for k, (p, g) in enumerate(zip(params, grads, strict=True)):
                v = self._v[k]
                np.multiply(v, beta, out=v)
                np.add(v, g, out=v)
                np.multiply(v, learning_rate, out=work[k])
                np.subtract(p, work[k], out=p)
        else:
            beta1, beta2 = self.betas
            # m̂ = m / (1 − β1^t) and √v̂ = √v / √(1 − β2^t), folded into one step size.
            step_size = learning_rate / (1.0 - beta1 ** self.t)
            root_correction = math.sqrt(1.0 - beta2 ** self.t)
            for k, (p, g) in enumerate(zip(params, grads, strict=True)):
                m, v, w = self._m[k], self._v[k], work[k]
                np.multiply(m, beta1, out=m)
                np.multiply(g, 1.0 - beta1, out=w)
                np.add(m, w, out=m)
                np.multiply(v, beta2, out=v)
                np.multiply(g, g, out=w)
                np.multiply(w, 1.0 - beta2, out=w)
                np.add(v, w, out=v)
                np.sqrt(v, out=w)
                np.divide(w, root_correction, out=w)
                np.add(w, self.epsilon, out=w)
                np.divide(m, w, out=w)
                np.multiply(w, step_size, out=w)
                np.subtract(p, w, out=p)


class Descent:
    """Training in progress: its own copies of W and b, and buffers allocated once.

    `epoch()` runs one epoch and returns its cost J, measured on each batch
    before that batch's update (averaged over the batches, weighted by size).
    `parameters` is a frozen copy of where descent has got to. `optimizer`
    and its settings are `OptimizerState`'s; the default is plain descent.
    """

    def __init__(self, network: Network, params: Parameters, X, Y, *, learning_rate: float,
                 batch_size: int | None = None, rng: np.random.Generator | None = None,
                 optimizer: str = "plain", momentum: float = MOMENTUM,
                 betas: tuple[float, float] = ADAM_BETAS, epsilon: float = ADAM_EPSILON):
        X, Y = checked(network, params, X, Y)
        self.network, self.X, self.Y = network, X, Y
        self.learning_rate = check_learning_rate(learning_rate)
        m = X.shape[1]
        size = m if batch_size is None else check_count("batch_size", batch_size)
        self.batch_size = min(size, m)
        if self.batch_size < m and not isinstance(rng, np.random.Generator):
            raise ParameterError("rng", Described(type(rng).__name__),
                                 _("mini-batches are drawn in a random order"),
                                 _("numpy.random.default_rng(seed), so that runs repeat"))
        self.rng = rng
        # Indexed like the lessons: W[0] and b[0] are None, W[1]..W[L] writable copies.
        self.W: list[Any] = [None] + [np.array(w) for w in params.W[1:]]
        self.b: list[Any] = [None] + [np.array(b) for b in params.b[1:]]
        self.epochs = 0
        self.updates = 0
        shapes = [w.shape for w in self.W[1:]] + [b.shape for b in self.b[1:]]
        self.optimizer = OptimizerState(shapes, optimizer=optimizer, momentum=momentum,
                                        betas=betas, epsilon=epsilon, dtype=network.np_dtype)
        # The arrays the optimizer moves, in the order of their gradients' below.
        self._params = [*self.W[1:], *self.b[1:]]
        self._full = Workspace(network, m) if self.batch_size == m else None
        # (size, its workspace, X and Y buffers) for each mini-batch size.
        self._batches: list[tuple[int, Workspace, np.ndarray, np.ndarray]] = []
        if self._full is None:
            for size in {self.batch_size, m % self.batch_size} - {0}:
                self._batches.append((size, Workspace(network, size),
                                      np.empty((network.sizes[0], size), X.dtype),
                                      np.empty((network.sizes[-1], size), X.dtype)))

    def __repr__(self) -> str:
        kind = "" if self.optimizer.optimizer == "plain" else f", {self.optimizer.optimizer}"
        return (f"Descent({self.network!r}, epoch {self.epochs}, learning_rate="
                f"{self.learning_rate:g}, batch_size={self.batch_size}{kind})")

    def _update(self, ws: Workspace) -> None:
        """One step from the gradients in `ws`: the workspace's own for plain descent."""
        self.updates += 1
        if self.optimizer.optimizer == "plain":
            ws.update(self.W, self.b, self.learning_rate)
        else:
            self.optimizer.step(self._params, [*ws.dW[1:], *ws.db[1:]], self.learning_rate)

    def epoch(self, *, after_update: Callable[[], bool | None] | None = None) -> float:
        """One epoch of updates; returns its cost J.

        `after_update()`, if given, is called after every update (lesson 19 measures
        the cost on the whole training set there, to show how noisy small batches are);
        when it returns True the epoch ends there, and J covers the batches done.
        """
        with np.errstate(all="ignore"):
            if self._full is not None:
                ws = self._full
                ws.forward(self.W, self.b, self.X)
                J = ws.cost(self.Y)
                ws.backward(self.W, self.Y)
                self._update(ws)
                if after_update is not None:
                    after_update()
            else:
                m = self.X.shape[1]
                rng = self.rng
                assert rng is not None   # mini-batches: __init__ refused anything but a Generator
                order = rng.permutation(m)
                by_size = {size: (ws, Xb, Yb) for size, ws, Xb, Yb in self._batches}
                total, seen = 0.0, 0
                for start in range(0, m, self.batch_size):
                    chosen = order[start:start + self.batch_size]
                    ws, Xb, Yb = by_size[chosen.size]
                    np.take(self.X, chosen, axis=1, out=Xb)
                    np.take(self.Y, chosen, axis=1, out=Yb)
                    ws.forward(self.W, self.b, Xb)
                    total += ws.cost(Yb) * chosen.size
                    seen += chosen.size
                    ws.backward(self.W, Yb)
                    self._update(ws)
                    if after_update is not None and after_update():
                        break
                J = total / seen
        self.epochs += 1
        if not math.isfinite(J):
            raise NumericError(_(
                "the cost is {cost} in epoch {epoch}: training has diverged. "
                "Try a smaller learning rate (now {rate}).", cost=fmt(J), epoch=self.epochs,
                rate=fmt(self.learning_rate)))
        return J

    @property
    def parameters(self) -> Parameters:
        """A frozen copy of the current W and b."""
        for l in range(1, self.network.L + 1):
            if not (np.isfinite(self.W[l]).all() and np.isfinite(self.b[l]).all()):
                raise NumericError(_("W[{l}] or b[{l}] is no longer finite after epoch "
                                     "{epoch}: try a smaller learning rate.", l=l,
                                     epoch=self.epochs))
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
    `snapshots` holds the parameters at the epochs asked for; `optimizer` is
    how the updates were made (lesson 19).
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
    optimizer: str = "plain"

    def __repr__(self) -> str:
        text = (f"History({len(self.epoch_cost)} epochs, "
                f"cost {self.cost[0]:.4g} -> {self.cost[-1]:.4g}")
        if self.test_accuracy is not None:
            text += f", test accuracy {self.test_accuracy[-1]:.4g}"
        return text + ")"


def train(network: Network, params: Parameters, X, Y, *, epochs: int, learning_rate: float,
          batch_size: int | None = None, rng: np.random.Generator | None = None,
          test: tuple | None = None, record_every: int = 1, snapshots: Iterable[int] = (),
          on_progress: Callable[[int], None] | None = None, optimizer: str = "plain",
          momentum: float = MOMENTUM, betas: tuple[float, float] = ADAM_BETAS,
          epsilon: float = ADAM_EPSILON) -> History:
    """Train for `epochs` epochs and record cost and accuracy (on `test` = (X_test, Y_test) too).

    `optimizer` ("plain", "momentum" or "adam") and its settings are `Descent`'s.
    """
    epochs = check_count("epochs", epochs, minimum=0)
    if epochs > 1_000_000:
        raise ParameterError("epochs", epochs, _("out of range"),
                             _("a whole number from 0 to 1000000"))
    record_every = check_count("record_every", record_every)
    wanted = set()
    for k in snapshots:
        k = check_count("snapshots", k, minimum=0)
        if k > epochs:
            raise ParameterError("snapshots", k,
                                 _("after the last epoch ({epochs})", epochs=epochs),
                                 _("epochs from 0 to {epochs}", epochs=epochs))
        wanted.add(k)
    descent = Descent(network, params, X, Y, learning_rate=learning_rate,
                      batch_size=batch_size, rng=rng, optimizer=optimizer, momentum=momentum,
                      betas=betas, epsilon=epsilon)
    on_train = Evaluator(network, params, descent.X, descent.Y)
    on_test = None
    if test is not None:
        if not isinstance(test, tuple) or len(test) != 2:
            raise ParameterError("test", Described(type(test).__name__), _("not a pair"),
                                 _("a tuple (X_test, Y_test)"))
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
        optimizer=descent.optimizer.optimizer,
    )


def batch_count(m: int, batch_size: int | None) -> int:
    """Updates per epoch: m / batch_size, rounded up (the last batch may be smaller)."""
    m = check_count("m", m)
    if batch_size is None:
        return 1
    size = check_count("batch_size", batch_size)
    return -(-m // min(size, m))
