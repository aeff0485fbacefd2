"""Dead ReLUs: hidden units that no training example switches on, and what keeps them alive.

Taught in lesson 18, "Training a classifier". A ReLU unit whose net input Z is
at most 0 on every training example outputs 0 for all of them, and its slope
there is 0: no gradient reaches its weights or its bias, so descent cannot
switch it back on by itself (only a change in the layers below could). One
update that is too large can push many units there at once. Three things
help: a smaller learning rate, leaky ReLU (a slope of 0.01 below 0, so a
gradient still flows), and He initialisation (weights scaled to each layer's
number of inputs).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..language import _
from ..maths.activations import ACTIVATIONS
from ..mlp.datasets import Dataset
from ..mlp.network import Network, Parameters, init
from ..mlp.passes import forward
from ..mlp.training import History, train
from .classifier import CIRCLES_NETWORK, CirclesSetup, circles_task

__all__ = ["DEAD_RELU_EPOCHS", "DeadReluRun", "DeadUnits", "dead_relu_runs", "dead_units"]


@dataclass(frozen=True, eq=False, kw_only=True)
class DeadUnits:
    """Per hidden layer l = 1 .. L-1: which units never activate, and how often each does.

    `active[k]` is the share of examples on which unit j of hidden layer k + 1 has
    Z > 0; a unit that never activates is dead when the activation's slope below
    0 is 0 (ReLU), and only asleep when it is not (leaky ReLU).
    """

    network: Network
    active: tuple[np.ndarray, ...]
    slope_below_zero: float

    def __repr__(self) -> str:
        return (f"DeadUnits({self.network!r}: {self.never_active} of {self.total} hidden units "
                f"never activate, {self.dead} dead)")

    @property
    def total(self) -> int:
        return sum(a.size for a in self.active)

    @property
    def never_active_per_layer(self) -> tuple[int, ...]:
        return tuple(int(np.sum(a == 0)) for a in self.active)

    @property
    def never_active(self) -> int:
        """Units with Z <= 0 on every example."""
        return sum(self.never_active_per_layer)

    @property
    def dead(self) -> int:
        """Units that never activate and get no gradient there (slope 0 below 0)."""
        return self.never_active if self.slope_below_zero == 0 else 0


def dead_units(network: Network, params: Parameters, X) -> DeadUnits:
    """Which hidden units of `network` never activate on the examples in the columns of X."""
    f = forward(network, params, X)
    active = tuple(np.mean(f.Z[l] > 0, axis=1) for l in range(1, network.L))
    activation = ACTIVATIONS[network.hidden]
    # The slope the backward pass uses for a negative net input (sympy's derivative).
    below = float(activation.slope(np.array([-1.0]), activation(np.array([-1.0])))[0])
    return DeadUnits(network=network, active=active, slope_below_zero=below)


#: How long each run of the comparison trains: long enough for a large rate to do its
#: damage, short enough that the runs repeat to the last digit on any processor.
DEAD_RELU_EPOCHS = 10


@dataclass(frozen=True, eq=False, kw_only=True)
class DeadReluRun:
    """One training run of lesson 18's comparison and the hidden units it leaves."""

    label: str
    hidden: str
    scheme: str
    learning_rate: float
    history: History
    units: DeadUnits

    def __repr__(self) -> str:
        return f"DeadReluRun({self.label}: {self.units.dead} of {self.units.total} dead)"


#: (hidden activation, initialisation, learning rate) of each run, in the lesson's order.
RUNS = (
    ("relu", "he", 0.1),
    ("relu", "he", 2.0),
    ("leaky_relu", "he", 2.0),
    ("relu", "uniform", 1.0),
    ("relu", "he", 1.0),
)


def _labels() -> tuple[str, ...]:
    """Each run's label, in RUNS's order and the language chosen now."""
    rate = [f"{learning_rate:g}" for _hidden, _scheme, learning_rate in RUNS]
    return (_("ReLU, He, η = {rate} (lesson 18's rate)", rate=rate[0]),
            _("ReLU, He, η = {rate} (too large)", rate=rate[1]),
            _("leaky ReLU, He, η = {rate}", rate=rate[2]),
            _("ReLU, small uniform, η = {rate}", rate=rate[3]),
            _("ReLU, He, η = {rate}", rate=rate[4]))


def dead_relu_runs(setup: CirclesSetup | None = None) -> tuple[DeadReluRun, ...]:
    """Lesson 18's network trained with each choice of RUNS, from the same seeds and batches.

    By default lesson 18's set-up, trained for DEAD_RELU_EPOCHS epochs.
    """
    runs = _runs(CirclesSetup(epochs=DEAD_RELU_EPOCHS) if setup is None else setup)
    return tuple(replace(run, label=label) for run, label in zip(runs, _labels(), strict=True))


@lru_cache(maxsize=2)
def _runs(setup: CirclesSetup) -> tuple[DeadReluRun, ...]:
    training, held_out = circles_task(setup)
    # Labelled by dead_relu_runs, in the language of the moment; the runs are kept without.
    return tuple(_run(hidden, scheme, rate, setup, training, held_out)
                 for hidden, scheme, rate in RUNS)


def _run(hidden: str, scheme: str, learning_rate: float, setup: CirclesSetup,
         training: Dataset, held_out: Dataset) -> DeadReluRun:
    network = Network(CIRCLES_NETWORK.sizes, hidden=hidden, output=CIRCLES_NETWORK.output,
                      loss=CIRCLES_NETWORK.loss)
    start = init(network, np.random.default_rng(setup.init_seed), scheme=scheme)
    history = train(network, start, training.X, training.Y, epochs=setup.epochs,
                    learning_rate=learning_rate, batch_size=setup.batch_size,
                    rng=np.random.default_rng(setup.shuffle_seed), test=(held_out.X, held_out.Y))
    return DeadReluRun(label="", hidden=hidden, scheme=scheme, learning_rate=learning_rate,
                       history=history, units=dead_units(network, history.final, training.X))
