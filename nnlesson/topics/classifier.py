"""Lesson 18's classifier: two circles learned by a 2-25-50-50-25-1 network, three spirals,
and the playground's smaller networks that retrain while a learner watches.

Taught in lesson 18, "Training a classifier". Every choice of the run (seeds,
sizes, learning rate, batch size) is here once, so the lesson and its test run
the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Real

import numpy as np

from ..errors import ParameterError, check_choice, check_count, check_learning_rate
from ..language import _
from ..mlp.datasets import Dataset, circles, spirals
from ..mlp.network import Network, Parameters, frozen, init
from ..mlp.training import OPTIMIZERS, Descent, Evaluation, Evaluator, History, train

__all__ = ["CIRCLES_NETWORK", "CirclesSetup", "PLAYGROUND_ACTIVATIONS", "PLAYGROUND_MAX_DEPTH",
           "PLAYGROUND_MAX_EPOCHS", "PLAYGROUND_MAX_WIDTH", "PlaygroundFrame", "PlaygroundSetup",
           "SPIRALS_NETWORK", "circles_task", "playground_frames", "train_circles",
           "train_spirals"]

#: The circles classifier of lesson 18.
CIRCLES_NETWORK = Network((2, 25, 50, 50, 25, 1), hidden="relu", output="sigmoid",
                          loss="cross-entropy")


@dataclass(frozen=True, kw_only=True)
class CirclesSetup:
    """Every choice of lesson 18's training run, with the lesson's values as defaults."""

    examples: int = 1200         # made by datasets.circles ...
    held_out: int = 400          # ... of which these are never trained on
    noise: float = 0.1
    data_seed: int = 0
    init_seed: int = 1
    shuffle_seed: int = 2
    epochs: int = 30
    learning_rate: float = 0.1
    batch_size: int = 32
    record_every: int = 1


def circles_task(setup: CirclesSetup = CirclesSetup()) -> tuple[Dataset, Dataset]:
    """(training set, held-out set) of the two-circles task."""
    data = circles(setup.examples, noise=setup.noise, rng=setup.data_seed)
    return data.split(setup.held_out)


def train_circles(setup: CirclesSetup = CirclesSetup(), *, snapshots=()) -> History:
    """Lesson 18's run: He initialisation, mini-batch gradient descent, test set recorded."""
    training, held_out = circles_task(setup)
    params = init(CIRCLES_NETWORK, np.random.default_rng(setup.init_seed), scheme="he")
    return train(CIRCLES_NETWORK, params, training.X, training.Y, epochs=setup.epochs,
                 learning_rate=setup.learning_rate, batch_size=setup.batch_size,
                 rng=np.random.default_rng(setup.shuffle_seed), test=(held_out.X, held_out.Y),
                 record_every=setup.record_every, snapshots=snapshots)


#: The three-class example at the end of lesson 18: softmax over three spiral arms.
SPIRALS_NETWORK = Network((2, 64, 3), hidden="relu", output="softmax",
                          loss="softmax-cross-entropy")


def train_spirals(*, epochs: int = 300, learning_rate: float = 1.0, seed: int = 0,
                  snapshots=()) -> tuple[Dataset, History]:
    """Three spiral arms (300 points) and a 2-64-3 softmax network trained on all of them."""
    data = spirals(300, classes=3, noise=0.2, rng=seed)
    params = init(SPIRALS_NETWORK, np.random.default_rng(seed + 1), scheme="he")
    history = train(SPIRALS_NETWORK, params, data.X, data.Y, epochs=epochs,
                    learning_rate=learning_rate, record_every=max(1, epochs // 100),
                    snapshots=snapshots)
    return data, history


#: The playground's choices: hidden activations, and how many examples a batch holds.
PLAYGROUND_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid")
#: The largest width and depth the playground builds (a retrain stays within seconds).
PLAYGROUND_MAX_WIDTH = 32
PLAYGROUND_MAX_DEPTH = 4
PLAYGROUND_MAX_EPOCHS = 1000


@dataclass(frozen=True, kw_only=True)
class PlaygroundSetup:
    """Every choice of lesson 18's playground; the defaults retrain in well under 2 s.

    The circles again, fewer of them (`examples`, of which `held_out` are never
    trained on), and a network of `depth` hidden layers of `width` units each.
    ReLU and leaky ReLU start from He initialisation, tanh and the sigmoid from
    Xavier's (lesson 14). `batch_size` None is full-batch descent.
    """

    learning_rate: float = 0.1
    noise: float = 0.1
    width: int = 8
    depth: int = 2
    activation: str = "relu"
    optimizer: str = "plain"
    batch_size: int | None = 32
    epochs: int = 100
    examples: int = 400
    held_out: int = 100
    data_seed: int = 0
    init_seed: int = 1
    shuffle_seed: int = 2

    def __post_init__(self):
        check_learning_rate(self.learning_rate)
        check_count("width", self.width, maximum=PLAYGROUND_MAX_WIDTH)
        check_count("depth", self.depth, maximum=PLAYGROUND_MAX_DEPTH)
        check_count("epochs", self.epochs, maximum=PLAYGROUND_MAX_EPOCHS)
        check_choice("activation", self.activation, PLAYGROUND_ACTIVATIONS)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        if self.batch_size is not None:
            check_count("batch_size", self.batch_size, maximum=self.examples)
        if isinstance(self.noise, bool) or not isinstance(self.noise, Real) \
                or not 0 <= self.noise <= 0.5:
            raise ParameterError("noise", self.noise, _("out of range"),
                                 _("a standard deviation from 0 to 0.5"))

    @property
    def network(self) -> Network:
        """2 inputs, `depth` hidden layers of `width`, one sigmoid output."""
        return Network((2, *(self.width,) * self.depth, 1), hidden=self.activation,
                       output="sigmoid", loss="cross-entropy")

    @property
    def scheme(self) -> str:
        """He initialisation for the ReLUs, Xavier's for tanh and the sigmoid (lesson 14)."""
        return "he" if self.activation in ("relu", "leaky_relu") else "xavier"

    def task(self) -> tuple[Dataset, Dataset]:
        """(training set, held-out set)."""
        data = circles(self.examples, noise=self.noise, rng=self.data_seed)
        return data.split(self.held_out)


@dataclass(frozen=True, eq=False, kw_only=True)
class PlaygroundFrame:
    """Where a playground run has got to: the parameters after `epoch` epochs, and the curves.

    `cost[k]` and `test_cost[k]` are J on the training and held-out sets after k
    epochs (k = 0 .. epoch); the accuracies are measured now.
    """

    setup: PlaygroundSetup
    training: Dataset
    held_out: Dataset
    epoch: int
    params: Parameters
    cost: np.ndarray
    test_cost: np.ndarray
    accuracy: float
    test_accuracy: float

    def __repr__(self) -> str:
        return (f"PlaygroundFrame(epoch {self.epoch} of {self.setup.epochs}, "
                f"held-out accuracy {self.test_accuracy:.4g})")

    @property
    def finished(self) -> bool:
        return self.epoch == self.setup.epochs


def playground_frames(setup: PlaygroundSetup = PlaygroundSetup(), *, every: int | None = None
                      ) -> Iterator[PlaygroundFrame]:
    """Train the playground's network, handing out a frame before the first epoch, every
    `every` epochs (by default a fifth of the run) and after the last.

    Raises NumericError if training diverges (the last frame handed out is then
    the last good one).
    """
    training, held_out = setup.task()
    network = setup.network
    start = init(network, np.random.default_rng(setup.init_seed), scheme=setup.scheme)
    descent = Descent(network, start, training.X, training.Y, learning_rate=setup.learning_rate,
                      batch_size=setup.batch_size, rng=np.random.default_rng(setup.shuffle_seed),
                      optimizer=setup.optimizer)
    on_training = Evaluator(network, start, training.X, training.Y)
    on_held_out = Evaluator(network, start, held_out.X, held_out.Y)
    every = max(1, setup.epochs // 5) if every is None else check_count("every", every)
    cost = np.empty(setup.epochs + 1)
    test_cost = np.empty(setup.epochs + 1)

    def frame(k: int, train_eval: Evaluation, test_eval: Evaluation) -> PlaygroundFrame:
        return PlaygroundFrame(setup=setup, training=training, held_out=held_out, epoch=k,
                               params=descent.parameters, cost=frozen(cost[:k + 1].copy()),
                               test_cost=frozen(test_cost[:k + 1].copy()),
                               accuracy=float(train_eval.accuracy or 0.0),
                               test_accuracy=float(test_eval.accuracy or 0.0))

    for k in range(setup.epochs + 1):
        if k:
            descent.epoch()
        train_eval, test_eval = on_training(descent.W, descent.b), on_held_out(descent.W, descent.b)
        cost[k], test_cost[k] = train_eval.cost, test_eval.cost
        if k % every == 0 or k == setup.epochs:
            yield frame(k, train_eval, test_eval)
