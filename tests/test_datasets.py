"""Data sets made in code: seeded, the right shapes, and clear errors for bad requests."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.mlp.datasets import circles, one_hot, spirals


def test_circles_are_seeded_shaped_and_balanced():
    a, b = circles(301, rng=4), circles(301, rng=np.random.default_rng(4))
    assert np.array_equal(a.X, b.X) and np.array_equal(a.labels, b.labels)
    assert not np.array_equal(a.X, circles(301, rng=5).X)
    assert a.X.shape == (2, 301) and a.labels.shape == (301,) and a.classes == 2
    assert np.bincount(a.labels).tolist() == [151, 150]
    assert a.Y.shape == (1, 301) and set(np.unique(a.Y)) == {0.0, 1.0}


def test_circles_lie_on_two_radii_that_no_line_separates():
    data = circles(2000, noise=0.0, factor=0.5, rng=0)
    radius = np.hypot(*data.X)
    np.testing.assert_allclose(radius[data.labels == 0], 1.0)
    np.testing.assert_allclose(radius[data.labels == 1], 0.5)
    # Both classes surround the origin: their means coincide, so no line splits them.
    assert np.all(np.abs(data.X[:, data.labels == 0].mean(axis=1)) < 0.1)
    assert np.all(np.abs(data.X[:, data.labels == 1].mean(axis=1)) < 0.1)
    noisy = circles(2000, noise=0.1, rng=0)
    assert 0.05 < np.std(np.hypot(*noisy.X)[noisy.labels == 0]) < 0.15


def test_split_holds_out_the_last_examples():
    data = circles(100, rng=1)
    training, held_out = data.split(30)
    assert training.m == 70 and held_out.m == 30
    assert np.array_equal(held_out.X, data.X[:, 70:])
    # The order is random, so both classes are in both parts.
    assert set(held_out.labels) == {0, 1}


def test_spirals_have_one_arm_per_class():
    data = spirals(300, classes=3, rng=0)
    assert data.X.shape == (2, 300) and np.bincount(data.labels).tolist() == [100, 100, 100]
    Y = data.Y
    assert Y.shape == (3, 300) and np.all(Y.sum(axis=0) == 1)
    assert np.all(np.argmax(Y, axis=0) == data.labels)
    assert np.max(np.hypot(*data.X)) <= 1.0


def test_one_hot():
    assert one_hot([0, 2, 1], 3).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]


@pytest.mark.parametrize(("make", "pattern"), [
    (lambda: circles(1), "m = 1: not a usable number of examples"),
    (lambda: circles(10, noise=-0.1), "noise = -0.1: out of range"),
    (lambda: circles(10, factor=1.5), "factor = 1.5: out of range"),
    (lambda: circles(10, rng="seed"), "rng = str: not a seed or a numpy random Generator"),
    (lambda: circles(10).split(10), "test = 10: not a usable number of held-out examples"),
    (lambda: spirals(10, classes=1), "classes = 1"),
    (lambda: one_hot([0, 3, 1], 3), r"labels\[1\] = 3: outside the classes. Allowed: a class "
                                     r"label from 0 to 2"),
    (lambda: one_hot([0, -1], 3), r"labels\[1\] = -1: outside the classes"),
    (lambda: one_hot([0.5, 1], 3), "not whole-number labels"),
])
def test_bad_requests_are_refused_by_name(make, pattern):
    with pytest.raises(ParameterError, match=pattern):
        make()
