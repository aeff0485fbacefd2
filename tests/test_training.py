"""Gradient descent on the general network, and lesson 18's classifier reaching its accuracy."""

import numpy as np
import pytest

from nnlesson.errors import NumericError, ParameterError
from nnlesson.mlp.datasets import circles, spirals
from nnlesson.mlp.network import Network, init
from nnlesson.mlp.passes import cost
from nnlesson.mlp.training import Descent, batch_count, train
from nnlesson.topics import classifier


def test_lesson_18_classifier_passes_0_95_on_held_out_points():
    setup = classifier.CirclesSetup()
    history = classifier.train_circles(setup)
    assert history.test_accuracy[-1] > 0.95
    assert history.test_accuracy[0] < 0.7           # it learned it: chance is about 0.5
    assert history.cost[-1] < history.cost[0] / 10
    assert len(history.epoch_cost) == setup.epochs
    again = classifier.train_circles(setup)            # seeded: the same run twice
    assert np.array_equal(history.test_accuracy, again.test_accuracy)
    assert np.array_equal(history.final.W[3], again.final.W[3])


def test_a_linear_model_cannot_solve_the_circles():
    training, held_out = classifier.circles_task()
    linear = Network((2, 1), output="sigmoid", loss="cross-entropy")
    history = train(linear, init(linear, np.random.default_rng(0)), training.X, training.Y,
                    epochs=200, learning_rate=0.5, test=(held_out.X, held_out.Y))
    assert history.test_accuracy[-1] < 0.7


def test_softmax_learns_three_spirals():
    data, history = classifier.train_spirals()
    assert history.accuracy[-1] > 0.9 and history.accuracy[0] < 0.5
    assert history.final.W[2].shape == (3, 64)


def test_full_batch_epoch_is_one_gradient_step():
    network = Network((2, 3, 1), hidden="tanh", output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0), scheme="xavier")
    data = circles(20, rng=1)
    descent = Descent(network, params, data.X, data.Y, learning_rate=0.5)
    J = descent.epoch()
    assert J == pytest.approx(cost(network, params, data.X, data.Y), rel=1e-12)
    from nnlesson.mlp.passes import gradients
    g = gradients(network, params, data.X, data.Y)
    np.testing.assert_allclose(descent.parameters.W[1], params.W[1] - 0.5 * g.dW[1], rtol=1e-12)
    np.testing.assert_allclose(descent.parameters.b[2], params.b[2] - 0.5 * g.db[2], rtol=1e-12)


def test_mini_batches_are_seeded_and_cover_every_example():
    network = Network((2, 4, 1), hidden="relu", output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0))
    data = circles(50, rng=2)

    def run(seed):
        return train(network, params, data.X, data.Y, epochs=3, learning_rate=0.1,
                     batch_size=16, rng=np.random.default_rng(seed))

    assert np.array_equal(run(1).final.W[1], run(1).final.W[1])
    assert not np.array_equal(run(1).final.W[1], run(2).final.W[1])
    assert batch_count(50, 16) == 4 and batch_count(50, None) == 1


def test_history_records_where_asked():
    network = Network((2, 3, 1), output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0))
    data = circles(30, rng=3)
    history = train(network, params, data.X, data.Y, epochs=10, learning_rate=0.3,
                    record_every=4, snapshots=(0, 5, 10))
    assert history.epoch.tolist() == [0, 4, 5, 8, 10]   # every snapshot's epoch is measured
    assert sorted(history.snapshots) == [0, 5, 10]
    assert history.cost[2] == cost(network, history.snapshots[5], data.X, data.Y)
    assert np.array_equal(history.snapshots[0].W[1], params.W[1])
    assert np.array_equal(history.snapshots[10].W[1], history.final.W[1])
    assert history.test_cost is None


def test_divergence_is_reported_not_plotted():
    network = Network((2, 8, 1), hidden="identity", output="identity", loss="squared")
    params = init(network, np.random.default_rng(0), scheme="uniform", gain=4)
    data = spirals(60, rng=0)
    with pytest.raises(NumericError, match="diverged. Try a smaller learning rate"):
        train(network, params, data.X * 50, data.labels[None] * 1.0, epochs=200,
              learning_rate=5.0)


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"learning_rate": 0}, "learning_rate = 0: out of range. Allowed: a number greater than 0"),
    ({"learning_rate": float("nan")}, "learning_rate = nan"),
    ({"epochs": -1}, "epochs = -1"),
    ({"batch_size": 0}, "batch_size = 0"),
    ({"batch_size": 8}, "rng = NoneType: mini-batches are drawn in a random order"),
    ({"snapshots": (99,)}, "snapshots = 99: after the last epoch"),
    ({"test": np.zeros((2, 3))}, "test = ndarray: not a pair"),
])
def test_bad_training_requests_are_refused(kwargs, pattern):
    network = Network((2, 3, 1), output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0))
    data = circles(20, rng=0)
    options = {"epochs": 2, "learning_rate": 0.1, **kwargs}
    with pytest.raises(ParameterError, match=pattern):
        train(network, params, data.X, data.Y, **options)
