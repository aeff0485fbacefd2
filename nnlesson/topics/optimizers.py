"""Beyond plain gradient descent: a bowl with a floor, momentum and Adam, batch sizes.

Taught in lesson 19, "Gradient descent and the learning rate". Lesson 19's
2-2-2 surface over w5 and w6 is a straight valley: with one example the two
weights only ever enter as w5 out_h1 + w6 out_h2, so every gradient points the
same way and descent moves on one line. Give one identity neuron two inputs
and many examples instead, and the valley gets a floor: a stretched bowl
whose curvature is X X^T / m, on which plain descent zig-zags and momentum
and Adam take other paths. The same optimisers then train lesson 18's
classifier, and the same classifier shows how noisy online and mini-batch
updates are beside full-batch ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from ..errors import Described, ParameterError, check_count, check_learning_rate
from ..example.error_surface import Curvature, Paths, Surface
from ..language import _
from ..mlp.datasets import Dataset
from ..mlp.network import Network, Parameters, frozen, init
from ..mlp.training import (
    ADAM_BETAS,
    MOMENTUM,
    Descent,
    Evaluator,
    History,
    OptimizerState,
    train,
)
from ..mlp.workspace import Workspace
from .classifier import CIRCLES_NETWORK, CirclesSetup, circles_task

__all__ = ["BATCH_NETWORK", "BOWL_NETWORK", "BOWL_WEIGHTS", "BatchNoise", "Bowl",
           "OPTIMIZER_EPOCHS", "Optimizer",
           "batch_noise", "bowl", "bowl_curvature", "bowl_paths", "bowl_runs", "bowl_surface",
           "circles_optimizers", "plain_runs", "train_with_optimizers"]

#: One neuron with two inputs, an identity output and E = ½ (t − o)²: the cost J is then
#: exactly quadratic in its two weights, so its curvature is the same everywhere.
BOWL_NETWORK = Network((2, 1), output="identity", loss="half-squared")
#: The bowl's two weights, W[1] = (W11 W12), as the figures label them.
BOWL_WEIGHTS = ("W11", "W12")


@dataclass(frozen=True, eq=False, kw_only=True)
class Bowl:
    """m examples for one identity neuron with two inputs, and where descent starts.

    The bias stays at 0 (the inputs and targets are centred), so J depends on
    the two weights alone and descent stays on the surface drawn.
    """

    X: np.ndarray
    Y: np.ndarray
    start: tuple[float, float]

    def __repr__(self) -> str:
        return (f"Bowl({self.X.shape[1]} examples for one neuron with two inputs, starting "
                f"at W11 = {self.start[0]:g}, W12 = {self.start[1]:g})")

    @property
    def m(self) -> int:
        return self.X.shape[1]

    def parameters(self, W11: float, W12: float) -> Parameters:
        """The neuron's parameters with these two weights and the bias at 0."""
        return Parameters.from_arrays(BOWL_NETWORK, [np.array([[W11, W12]])], [np.zeros((1, 1))])

    def floor(self) -> tuple[float, float, float]:
        """(W11, W12, J) at the bottom of the bowl: least squares, solved directly."""
        w, *_ = np.linalg.lstsq(self.X.T, self.Y[0], rcond=None)
        evaluate = Evaluator(BOWL_NETWORK, self.parameters(*w), self.X, self.Y)
        J = evaluate([None, np.array([w])], [None, np.zeros((1, 1))]).cost
        return float(w[0]), float(w[1]), J


def bowl(m: int = 40, *, correlation: float = 0.95, seed: int = 0,
         start: tuple[float, float] = (-2.0, 1.0)) -> Bowl:
    """Two correlated inputs, so the bowl is a long valley along a diagonal (seeded).

    x1 and x2 are standard normal with the given correlation; the target is
    t = x1 − x2 / 2 plus a little noise, all centred, so the floor is near (1, −0.5).
    """
    m = check_count("m", m, minimum=3, maximum=100_000)
    if isinstance(correlation, bool) or not isinstance(correlation, float | int) \
            or not -0.99 <= correlation <= 0.99:
        raise ParameterError("correlation", correlation, _("out of range"),
                             _("a number from -0.99 to 0.99"))
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=m)
    x2 = correlation * x1 + np.sqrt(1.0 - correlation ** 2) * rng.normal(size=m)
    t = x1 - 0.5 * x2 + 0.1 * rng.normal(size=m)
    X = np.stack([x1, x2])
    X -= X.mean(axis=1, keepdims=True)
    t -= t.mean()
    return Bowl(X=frozen(X), Y=frozen(t.reshape(1, -1)), start=(float(start[0]),
                                                                 float(start[1])))


def bowl_curvature(task: Bowl) -> Curvature:
    """The Hessian of J in (W11, W12): X X^T / m, the same at every point of the bowl.

    J = (1/m) Σ ½ (t − W11 x1 − W12 x2)², so ∂²J/∂W1i∂W1j = (1/m) Σ xi xj
    (tests/test_optimizers.py checks it against central differences).
    """
    H = task.X @ task.X.T / task.m
    eigen = np.linalg.eigvalsh(H)
    return Curvature(weights=BOWL_WEIGHTS,
                     hessian=((float(H[0, 0]), float(H[0, 1])), (float(H[1, 0]), float(H[1, 1]))),
                     largest=float(eigen[-1]), smallest=float(eigen[0]))


def bowl_surface(task: Bowl, *, span: float = 3.0, resolution: int = 61,
                 centre: tuple[float, float] = (0.0, 0.0)) -> Surface:
    """J over a square of half-width `span` around `centre`, each point by the network's cost."""
    resolution = check_count("resolution", resolution, minimum=2, maximum=1000)
    a = np.linspace(centre[0] - span, centre[0] + span, resolution)
    b = np.linspace(centre[1] - span, centre[1] + span, resolution)
    evaluate = Evaluator(BOWL_NETWORK, task.parameters(*task.start), task.X, task.Y)
    W: list = [None, np.empty((1, 2))]
    bias: list = [None, np.zeros((1, 1))]
    E = np.empty((resolution, resolution))
    for r, W12 in enumerate(b):
        for c, W11 in enumerate(a):
            W[1][0, 0], W[1][0, 1] = W11, W12
            E[r, c] = evaluate(W, bias).cost
    return Surface(weights=BOWL_WEIGHTS, a=a, b=b, E=E)


@dataclass(frozen=True, kw_only=True)
class Optimizer:
    """One way of descending: plain, momentum or Adam, with its learning rate η.

    `momentum` is momentum's β; Adam uses `betas`. Lesson 19 labels each run.
    """

    label: str
    optimizer: str = "plain"
    learning_rate: float = 0.1
    momentum: float = MOMENTUM
    betas: tuple[float, float] = ADAM_BETAS

    def __post_init__(self):
        check_learning_rate(self.learning_rate)
        # Builds the optimizer's memory once, so a bad choice is refused here, by name.
        OptimizerState([], optimizer=self.optimizer, momentum=self.momentum, betas=self.betas)

    def state(self, shapes) -> OptimizerState:
        return OptimizerState(shapes, optimizer=self.optimizer, momentum=self.momentum,
                              betas=self.betas)

    def settings(self) -> dict:
        """The keyword options `mlp.training.train` takes for this optimiser."""
        return {"optimizer": self.optimizer, "learning_rate": self.learning_rate,
                "momentum": self.momentum, "betas": self.betas}


def bowl_paths(task: Bowl, optimizers: Sequence[Optimizer], *, steps: int = 30) -> Paths:
    """Descent on the bowl from `task.start`, once per optimiser; the bias stays at 0.

    `Paths.learning_rates[k]` is optimiser k's η; `a`, `b` and `E` hold W11, W12
    and J after each of the `steps` updates (the gradients are the network's own,
    from its backward pass).
    """
    steps = check_count("steps", steps, minimum=1, maximum=10_000)
    if not optimizers:
        raise ParameterError("optimizers", Described(_("an empty list")), _("nothing to run"),
                             _("one Optimizer or more"))
    ws = Workspace(BOWL_NETWORK, task.m)
    a = np.empty((steps + 1, len(optimizers)))
    b = np.empty_like(a)
    E = np.empty_like(a)
    with np.errstate(all="ignore"):
        for k, choice in enumerate(optimizers):
            W: list = [None, np.array([task.start], dtype=float)]
            bias: list = [None, np.zeros((1, 1))]
            state = choice.state([W[1].shape])
            for s in range(steps + 1):
                ws.forward(W, bias, task.X)
                a[s, k], b[s, k], E[s, k] = W[1][0, 0], W[1][0, 1], ws.cost(task.Y)
                if s < steps:
                    ws.backward(W, task.Y)
                    state.step([W[1]], [ws.dW[1]], choice.learning_rate)
    return Paths(weights=BOWL_WEIGHTS,
                 learning_rates=np.array([o.learning_rate for o in optimizers]),
                 a=a, b=b, E=E)


def plain_runs(c: Curvature) -> tuple[Optimizer, ...]:
    """Plain descent on the bowl at three rates set from its largest curvature λ.

    1/λ lands on the valley floor in one step and then creeps along it; 0.5/λ
    creeps from the start; 1.8/λ zig-zags across the valley while it goes along.
    """
    return tuple(Optimizer(label=_("plain, η = {rate}/λ", rate=f"{r:g}"),
                           learning_rate=r * c.fastest)
                 for r in (0.5, 1.0, 1.8))


def bowl_runs(c: Curvature) -> tuple[Optimizer, ...]:
    """Plain descent at 1.8/λ beside momentum and Adam on the bowl (lesson 19).

    Momentum with β = 0.7 at 1/λ: the steps across the valley cancel in its
    running sum, the steps along it add up. Adam at η = 0.3: a step of about η
    in each weight, whatever the size of its gradient.
    """
    return (Optimizer(label=_("plain, η = {rate}/λ", rate="1.8"),
                      learning_rate=1.8 * c.fastest),
            Optimizer(label=_("momentum, β = {beta}, η = {rate}", beta="0.7", rate="1/λ"),
                      optimizer="momentum", momentum=0.7, learning_rate=c.fastest),
            Optimizer(label=_("Adam, η = {rate}", rate="0.3"), optimizer="adam",
                      learning_rate=0.3))


def circles_optimizers() -> tuple[Optimizer, ...]:
    """Lesson 19's runs on the circles: lesson 18's plain descent, momentum and Adam.

    Momentum's β = 0.9 sums about 1 / (1 − β) = 10 gradients, so it runs at a
    tenth of plain descent's η; Adam at the usual default step size.
    """
    return (Optimizer(label=_("plain, η = {rate}", rate="0.1"), learning_rate=0.1),
            Optimizer(label=_("momentum, β = {beta}, η = {rate}", beta="0.9", rate="0.01"),
                      optimizer="momentum", learning_rate=0.01),
            Optimizer(label=_("Adam, η = {rate}", rate="0.001"), optimizer="adam",
                      learning_rate=0.001))


@lru_cache(maxsize=4)
def _circles_runs(setup: CirclesSetup, optimizers: tuple[Optimizer, ...]
                  ) -> tuple[History, ...]:
    training, held_out = circles_task(setup)
    start = init(CIRCLES_NETWORK, np.random.default_rng(setup.init_seed), scheme="he")
    runs = []
    for choice in optimizers:
        runs.append(train(CIRCLES_NETWORK, start, training.X, training.Y, epochs=setup.epochs,
                          batch_size=setup.batch_size,
                          rng=np.random.default_rng(setup.shuffle_seed),
                          test=(held_out.X, held_out.Y), **choice.settings()))
    return tuple(runs)


#: How long lesson 19 trains the circles with each optimiser (lesson 18 trains for 30).
OPTIMIZER_EPOCHS = 20


def train_with_optimizers(setup: CirclesSetup | None = None,
                          optimizers: Sequence[Optimizer] | None = None
                          ) -> dict[str, History]:
    """Lesson 18's classifier trained once per optimiser, from the same start and batches.

    By default lesson 18's set-up for OPTIMIZER_EPOCHS epochs, and `circles_optimizers()`.
    """
    chosen = tuple(circles_optimizers() if optimizers is None else optimizers)
    setup = CirclesSetup(epochs=OPTIMIZER_EPOCHS) if setup is None else setup
    # The label is only words (in the language of the moment): the runs do not depend on it.
    runs = _circles_runs(setup, tuple(replace(o, label="") for o in chosen))
    return {o.label: h for o, h in zip(chosen, runs, strict=True)}


#: The small network of the batch-size comparison (so online updates stay quick).
BATCH_NETWORK = Network((2, 16, 16, 1), hidden="relu", output="sigmoid", loss="cross-entropy")


@dataclass(frozen=True, eq=False, kw_only=True)
class BatchNoise:
    """The training cost J (on every training example) after each update, per batch size.

    `cost[label]` has one entry per update, with J before any update first;
    `epochs[label]` says how many passes over the data each update completes.
    """

    batch_sizes: Mapping[str, int]
    learning_rate: float
    m: int
    cost: Mapping[str, np.ndarray] = field(default_factory=dict)
    epochs: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __repr__(self) -> str:
        runs = ", ".join(f"{label}: {self.cost[label].size - 1} updates"
                         for label in self.batch_sizes)
        return f"BatchNoise({runs})"

    def rises(self, label: str) -> int:
        """How many updates made J on the whole training set larger, not smaller."""
        return int(np.sum(np.diff(self.cost[label]) > 0))


def batch_noise(*, updates: int = 400, learning_rate: float = 0.1, batch_sizes=None,
                setup: CirclesSetup | None = None, seed: int = 1) -> BatchNoise:
    """The same number of updates with one example, a mini-batch and every example.

    Online (batch size 1) and mini-batch updates follow the gradient of a few
    examples, so J on the whole training set goes down on average but not at
    every step; full-batch updates follow J's own gradient.
    """
    updates = check_count("updates", updates, minimum=1, maximum=100_000)
    learning_rate = check_learning_rate(learning_rate)
    training, _held_out = circles_task(CirclesSetup() if setup is None else setup)
    m = training.m
    sizes = dict(batch_sizes) if batch_sizes is not None else {
        _("online (1 example)"): 1, _("mini-batch ({size})", size=32): 32,
        _("full batch ({m})", m=m): m}
    start = init(BATCH_NETWORK, np.random.default_rng(seed), scheme="he")
    cost: dict[str, np.ndarray] = {}
    epochs: dict[str, np.ndarray] = {}
    for label, size in sizes.items():
        cost[label], epochs[label] = _noisy_run(training, start, size, updates, learning_rate,
                                                seed)
    return BatchNoise(batch_sizes=sizes, learning_rate=learning_rate, m=m, cost=cost,
                      epochs=epochs)


def _noisy_run(training: Dataset, start: Parameters, size: int, updates: int,
               learning_rate: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    descent = Descent(BATCH_NETWORK, start, training.X, training.Y, learning_rate=learning_rate,
                      batch_size=size, rng=np.random.default_rng(seed + 1))
    measure = Evaluator(BATCH_NETWORK, start, training.X, training.Y)
    costs = [measure(descent.W, descent.b).cost]

    def after_update() -> bool:
        costs.append(measure(descent.W, descent.b).cost)
        return len(costs) > updates          # enough: end the epoch here

    while len(costs) <= updates:
        descent.epoch(after_update=after_update)
    per_epoch = -(-training.m // descent.batch_size)   # updates in one epoch
    done = np.arange(updates + 1) / per_epoch
    return frozen(np.array(costs)), frozen(done)
