"""Dead ReLUs (lesson 18): which hidden units never activate, and the runs that kill them."""

import numpy as np

from nnlesson.mlp.network import Network, Parameters
from nnlesson.topics import dead_relus


def two_units(hidden):
    network = Network((2, 2, 1), hidden=hidden, output="sigmoid", loss="cross-entropy")
    # Unit 1 sees x1 + x2 - 10: below 0 for every input in [0, 1]²; unit 2 is alive.
    params = Parameters.from_arrays(network, [np.array([[1.0, 1.0], [1.0, 0.0]]),
                                              np.array([[1.0, 1.0]])],
                                    [np.array([-10.0, 0.0]), np.array([0.0])])
    return network, params


def test_a_unit_below_zero_everywhere_is_dead_for_relu_and_asleep_for_leaky_relu():
    X = np.random.default_rng(0).uniform(0, 1, size=(2, 50))
    network, params = two_units("relu")
    units = dead_relus.dead_units(network, params, X)
    assert units.never_active_per_layer == (1,) and units.dead == 1 and units.total == 2
    assert units.active[0][1] == 1.0                     # unit 2: x1 > 0 for every input
    network, params = two_units("leaky_relu")
    leaky = dead_relus.dead_units(network, params, X)
    assert leaky.never_active == 1 and leaky.dead == 0 and leaky.slope_below_zero == 0.01


def test_a_too_large_rate_kills_most_units_and_what_helps_keeps_them():
    runs = {r.label: r for r in dead_relus.dead_relu_runs()}
    lesson, too_large, leaky, uniform, he = runs.values()
    assert too_large.units.dead > too_large.units.total / 2
    assert lesson.units.dead < lesson.units.total / 10
    assert leaky.units.dead == 0 < leaky.units.never_active
    assert uniform.units.dead > 2 * he.units.dead           # He initialisation helps at η = 1
    # A network whose last hidden layer is dead predicts one class everywhere: chance.
    assert too_large.units.never_active_per_layer[-1] == too_large.units.active[-1].size
    assert too_large.history.test_accuracy[-1] < 0.6 < 0.95 < lesson.history.test_accuracy[-1]
    assert he.history.test_accuracy[-1] > 0.95 > uniform.history.test_accuracy[-1]
