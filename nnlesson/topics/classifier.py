"""Lesson 18's classifier: two circles learned by a 2-25-50-50-25-1 network, and three spirals.

Taught in lesson 18, "Training a classifier". Every choice of the run (seeds,
sizes, learning rate, batch size) is here once, so the lesson and its test run
the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mlp.datasets import Dataset, circles, spirals
from ..mlp.network import Network, init
from ..mlp.training import History, train

__all__ = ["CIRCLES_NETWORK", "CirclesSetup", "SPIRALS_NETWORK", "circles_task", "train_circles",
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
