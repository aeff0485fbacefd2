"""Small data sets made in code, seeded, never downloaded.

Taught in lesson 18, "Training a classifier": two concentric circles (a binary
task no straight line can separate) and three interleaved spiral arms (three
classes, for a softmax output). Examples are columns, as in the matrix form:
X has shape (2, m), and `labels` holds one whole-number class per example.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from ..errors import Described, ParameterError
from ..language import _
from .checks import check_labels
from .network import frozen

__all__ = ["Dataset", "circles", "one_hot", "spirals"]


@dataclass(frozen=True, eq=False, kw_only=True)
class Dataset:
    """Examples in the columns of X (shape (2, m)) and their class labels (shape (m,))."""

    name: str
    X: np.ndarray
    labels: np.ndarray
    classes: int

    def __repr__(self) -> str:
        counts = ", ".join(str(int(c)) for c in np.bincount(self.labels, minlength=self.classes))
        return f"Dataset({self.name}: m={self.m}, {self.classes} classes of {counts})"

    @property
    def m(self) -> int:
        return self.X.shape[1]

    @property
    def Y(self) -> np.ndarray:
        """Targets in the network's shape: (1, m) of 0/1 for two classes, else one-hot (K, m)."""
        if self.classes == 2:
            return self.labels.reshape(1, -1).astype(np.float64)
        return one_hot(self.labels, self.classes)

    def split(self, test: int) -> tuple[Dataset, Dataset]:
        """The first m - test examples for training, the last `test` held out (order is random)."""
        if isinstance(test, bool) or not isinstance(test, Integral) or not 1 <= test < self.m:
            raise ParameterError("test", test, _("not a usable number of held-out examples"),
                                 _("a whole number from 1 to {m_1}", m_1=self.m - 1))
        cut = self.m - int(test)
        return (Dataset(name=f"{self.name} (training)", X=frozen(self.X[:, :cut]),
                        labels=frozen(self.labels[:cut]), classes=self.classes),
                Dataset(name=f"{self.name} (held out)", X=frozen(self.X[:, cut:]),
                        labels=frozen(self.labels[cut:]), classes=self.classes))



def _generator(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, Integral) and not isinstance(rng, bool) and int(rng) >= 0:
        return np.random.default_rng(int(rng))
    raise ParameterError("rng", Described(type(rng).__name__),
                         _("not a seed or a numpy random Generator"),
                         _("a whole number seed such as 0, or numpy.random.default_rng(seed)"))


def _count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) \
            or not minimum <= int(value) <= 10**7:
        raise ParameterError(name, value, _("not a usable number of examples"),
                             _("a whole number from {minimum} to 10000000", minimum=minimum))
    return int(value)


def _number(name: str, value, low: float, high: float, allowed: str) -> float:
    # Not `low <= value <= high`: numbers.Real declares only < and <=, and the value is finite.
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) \
            or value < low or not value <= high:
        raise ParameterError(name, value, _("out of range"), allowed)
    return float(value)


def _shuffled(name: str, X: np.ndarray, labels: np.ndarray, classes: int,
              rng: np.random.Generator) -> Dataset:
    order = rng.permutation(labels.size)
    return Dataset(name=name, X=frozen(X[:, order]), labels=frozen(labels[order]), classes=classes)


def circles(m: int = 1000, *, noise: float = 0.1, factor: float = 0.5, rng=0) -> Dataset:
    """Two concentric circles: class 0 on radius 1, class 1 on radius `factor`, both noisy.

    Angles are uniform, each point moves by Gaussian noise of standard deviation
    `noise`, and the examples come in a random order (so `split` is a random split).
    """
    m = _count("m", m, 2)
    noise = _number("noise", noise, 0.0, 1.0, _("a standard deviation from 0 to 1"))
    factor = _number("factor", factor, 0.01, 0.99, _("a radius ratio from 0.01 to 0.99"))
    rng = _generator(rng)
    outer = (m + 1) // 2
    radius = np.where(np.arange(m) < outer, 1.0, factor)
    angle = rng.uniform(0.0, 2 * math.pi, size=m)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)])
    X += rng.normal(0.0, noise, size=X.shape)
    labels = (np.arange(m) >= outer).astype(np.int64)
    return _shuffled("two circles", X, labels, 2, rng)


def spirals(m: int = 300, *, classes: int = 3, noise: float = 0.2, rng=0) -> Dataset:
    """`classes` interleaved spiral arms from the centre outwards, m examples in all.

    Arm k runs over angles 4k .. 4(k + 1) radians with radius 0 .. 1; the angle
    gets Gaussian noise of standard deviation `noise`.
    """
    classes = _count("classes", classes, 2)
    if classes > 10:
        raise ParameterError("classes", classes, _("too many arms to tell apart"),
                             _("a whole number from 2 to 10"))
    m = _count("m", m, classes)
    noise = _number("noise", noise, 0.0, 2.0, _("a standard deviation from 0 to 2"))
    rng = _generator(rng)
    labels = np.arange(m) % classes
    X = np.empty((2, m))
    for k in range(classes):
        mine = np.flatnonzero(labels == k)
        radius = np.linspace(0.0, 1.0, mine.size)
        angle = np.linspace(4.0 * k, 4.0 * (k + 1), mine.size)
        angle = angle + rng.normal(0.0, noise, size=mine.size)
        X[0, mine] = radius * np.sin(angle)
        X[1, mine] = radius * np.cos(angle)
    return _shuffled(f"{classes} spirals", X, labels.astype(np.int64), classes, rng)


def one_hot(labels, classes: int) -> np.ndarray:
    """Targets of shape (classes, m): column j is 1 in row labels[j] and 0 elsewhere."""
    classes = _count("classes", classes, 2)
    labels = check_labels(labels, classes=classes)
    Y = np.zeros((classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
