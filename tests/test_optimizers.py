"""Momentum and Adam (against PyTorch), the bowl of lesson 19 where plain descent zig-zags, the
optimisers on the circles, and how noisy online and mini-batch updates are."""

import json
from pathlib import Path

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.maths.differences import central
from nnlesson.mlp.datasets import circles
from nnlesson.mlp.network import Network, init
from nnlesson.mlp.passes import gradients
from nnlesson.mlp.training import OPTIMIZERS, Descent, OptimizerState, train
from nnlesson.topics import optimizers
from nnlesson.topics.classifier import CirclesSetup

ORACLE = Path(__file__).resolve().parent / "data" / "pytorch-oracle.json"
NETWORK = Network((2, 5, 1), hidden="tanh", output="sigmoid", loss="cross-entropy")


def small_run(optimizer, epochs=20, **options):
    params = init(NETWORK, np.random.default_rng(0), scheme="xavier")
    data = circles(40, rng=1)
    descent = Descent(NETWORK, params, data.X, data.Y, learning_rate=0.05, optimizer=optimizer,
                      **options)
    for _ in range(epochs):
        descent.epoch()
    return params, data, descent


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_momentum_and_adam_are_pytorchs(optimizer):
    # The independent oracle: torch.optim on the same network, data and start, stored by
    # tools/pytorch_oracle.py (PyTorch is not a dependency; see there why).
    torch_says = json.loads(ORACLE.read_text())[optimizer]
    _params, _data, descent = small_run(optimizer)
    # Twenty updates, each rounding a little differently (torch sums in another order).
    for l in (1, 2):
        np.testing.assert_allclose(descent.parameters.W[l], torch_says[f"W{l}"],
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(descent.parameters.b[l][:, 0], torch_says[f"b{l}"],
                                   rtol=1e-9, atol=1e-12)


def test_the_first_updates_by_hand():
    g = np.array([[0.5, -2.0]])
    for beta in (0.0, 0.9):
        p = np.zeros((1, 2))
        state = OptimizerState([p.shape], optimizer="momentum", momentum=beta)
        state.step([p], [g], 0.1)
        state.step([p], [g], 0.1)
        # v = g, then beta g + g: two steps move by 0.1 (1 + (1 + beta)) g.
        np.testing.assert_allclose(p, -0.1 * (2 + beta) * g, rtol=1e-15)
    p = np.zeros((1, 2))
    adam = OptimizerState([p.shape], optimizer="adam")
    adam.step([p], [g], 0.1)
    # After one update m̂ = g and √v̂ = |g|: a step of η in each weight, against the gradient.
    np.testing.assert_allclose(p, -0.1 * np.sign(g), rtol=1e-6)
    assert "after 1 updates" in repr(adam) and OPTIMIZERS[0] == "plain"


def test_plain_descent_stays_the_default_and_momentum_zero_is_plain():
    network = Network((2, 3, 1), hidden="relu", output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0))
    data = circles(30, rng=2)
    plain = train(network, params, data.X, data.Y, epochs=5, learning_rate=0.3)
    zero = train(network, params, data.X, data.Y, epochs=5, learning_rate=0.3,
                 optimizer="momentum", momentum=0.0)
    assert plain.optimizer == "plain" and zero.optimizer == "momentum"
    # The workspace's update and the optimizer's do the same arithmetic in the same order.
    np.testing.assert_array_equal(plain.final.W[1], zero.final.W[1])


@pytest.mark.parametrize(("options", "pattern"), [
    ({"optimizer": "sgd"}, "optimizer = 'sgd': not a known choice"),
    ({"optimizer": "momentum", "momentum": 1.0}, "momentum = 1.0: not a usable decay rate"),
    ({"optimizer": "adam", "betas": (0.9,)}, "betas = \\(0.9,\\): not a pair"),
    ({"optimizer": "adam", "betas": (0.9, -0.1)}, "betas\\[1\\] = -0.1"),
    ({"optimizer": "adam", "epsilon": 0}, "epsilon = 0"),
])
def test_bad_optimizer_options_are_refused_by_name(options, pattern):
    with pytest.raises(ParameterError, match=pattern):
        small_run(epochs=1, **options)


def test_an_epoch_can_end_after_any_update():
    params, data, descent = small_run("plain", epochs=0, batch_size=4,
                                      rng=np.random.default_rng(0))
    seen = []
    descent.epoch(after_update=lambda: seen.append(descent.updates) or len(seen) == 3)
    assert seen == [1, 2, 3] and descent.updates == 3


# -- the bowl ----------------------------------------------------------------------------------


def test_the_bowls_hessian_is_x_xt_over_m_by_central_differences():
    task = optimizers.bowl()
    c = optimizers.bowl_curvature(task)
    H = np.array(c.hessian)

    def gradient(w):
        return gradients(optimizers.BOWL_NETWORK, task.parameters(*w), task.X, task.Y).dW[1][0]

    # Each column of H is how the gradient changes along one weight; J is quadratic, so a
    # central difference of the gradient is exact up to rounding.
    for k in range(2):
        slope = [central(lambda h, k=k, i=i: gradient(np.array(task.start) + h * np.eye(2)[k])[i],
                         1e-3) for i in range(2)]
        np.testing.assert_allclose(H[:, k], slope, rtol=1e-9)
    assert c.largest / c.smallest > 10          # a long valley, not a round bowl
    W11, W12, J = task.floor()
    np.testing.assert_allclose(gradient((W11, W12)), 0, atol=1e-12)   # the floor is flat
    assert J > 0


def test_plain_descent_zig_zags_across_the_bowl_and_is_not_on_one_line():
    task = optimizers.bowl()
    c = optimizers.bowl_curvature(task)
    runs = optimizers.plain_runs(c)
    paths = optimizers.bowl_paths(task, runs, steps=40)
    W11, W12, J = task.floor()
    steep = np.linalg.eigh(np.array(c.hessian))[1][:, -1]     # the steepest direction
    across = (paths.a - W11) * steep[0] + (paths.b - W12) * steep[1]
    one, fast = [r.label for r in runs].index("plain, η = 1/λ"), 2
    # 1/λ: one step removes the distance across the valley; then it creeps along.
    assert abs(across[1, one]) < 1e-12 * abs(across[0, one])
    # 1.8/λ: each update lands on the other side (factor 1 − 1.8 = −0.8): a zig-zag ...
    signs = np.sign(across[:8, fast])
    assert np.all(signs[1:] == -signs[:-1])
    # ... that shows in the plane: the steps do not all lie on one line.
    steps = np.stack([np.diff(paths.a[:, fast]), np.diff(paths.b[:, fast])])
    turns = steps[0, :-1] * steps[1, 1:] - steps[1, :-1] * steps[0, 1:]
    assert np.max(np.abs(turns)) > 0.01
    assert np.all(np.diff(paths.E[:, fast]) <= 1e-15)         # every update still lowers J


def test_momentum_overshoots_and_still_ends_lower_than_plain_descent():
    task = optimizers.bowl()
    runs = optimizers.bowl_runs(optimizers.bowl_curvature(task))
    paths = optimizers.bowl_paths(task, runs, steps=40)
    labels = [r.optimizer for r in runs]
    plain, momentum = labels.index("plain"), labels.index("momentum")
    assert np.any(np.diff(paths.E[:, momentum]) > 0)
    assert paths.E[-1, momentum] < paths.E[-1, plain]
    assert paths.E[-1, labels.index("adam")] < paths.E[0, 0]


def test_bad_bowl_requests_are_refused():
    with pytest.raises(ParameterError, match="correlation = 1.5"):
        optimizers.bowl(correlation=1.5)
    with pytest.raises(ParameterError, match="optimizers = an empty list"):
        optimizers.bowl_paths(optimizers.bowl(), [])
    with pytest.raises(ParameterError, match="optimizer = 'nesterov'"):
        optimizers.Optimizer(label="x", optimizer="nesterov")


# -- the circles, and batch sizes ----------------------------------------------------------------


def test_every_optimiser_learns_the_circles_from_the_same_start():
    setup = CirclesSetup(examples=400, held_out=100, epochs=12)
    runs = optimizers.train_with_optimizers(setup)
    assert [h.optimizer for h in runs.values()] == ["plain", "momentum", "adam"]
    for label, history in runs.items():
        assert history.test_accuracy[-1] > 0.9, label
        assert history.cost[-1] < history.cost[0] / 1.5, label
    again = optimizers.train_with_optimizers(setup)
    assert all(np.array_equal(runs[k].cost, again[k].cost) for k in runs)


def test_small_batches_are_noisier_than_the_full_batch():
    noise = optimizers.batch_noise(updates=200)
    online, mini, full = noise.batch_sizes
    assert noise.rises(full) == 0 < noise.rises(mini) < noise.rises(online)
    # Updates per pass over the m examples: m for online, m / 32 for mini-batches, 1 for all.
    assert noise.epochs[online][-1] == pytest.approx(200 / noise.m)
    assert noise.epochs[full][-1] == 200 and noise.cost[full].size == 201
    assert noise.cost[full][-1] < noise.cost[full][0]
