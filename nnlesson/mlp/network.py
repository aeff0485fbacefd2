"""The general feed-forward network: its shape and choices, and its numbers.

Taught in lesson 15, "The matrix form" (and used by lessons 14 and 18). The
2-2-2 network of the worked example is the special case sizes=(2, 2, 2)
(`nnlesson.mlp.matrix_form` maps w1..w8 onto W[1] and W[2]).

Notation, with layers l = 1..L, n[l] neurons in layer l, n[0] inputs and m
examples side by side as columns:

    A[0] = X                          (n[0], m)
    Z[l] = W[l] A[l-1] + b[l]         W[l]: (n[l], n[l-1])   b[l]: (n[l], 1)   Z[l]: (n[l], m)
    A[l] = g[l](Z[l])                 (n[l], m)
    J    = (1/m) sum over examples and outputs of E(t, o)

    dZ[L] = dE/dA[L] * g'(Z[L])       (n[L], m)   (softmax cross-entropy: A[L] - Y, derived)
    dW[l] = (1/m) dZ[l] A[l-1]^T      (n[l], n[l-1])
    db[l] = (1/m) dZ[l] summed over the m columns      (n[l], 1)
    dA[l-1] = W[l]^T dZ[l]            (n[l-1], m)
    dZ[l-1] = dA[l-1] * g'(Z[l-1])    (n[l-1], m)

Tuples are indexed as the lessons write them: W[1] is ``params.W[1]``, and
index 0 of W, b, Z, dZ, dW, db is None (A[0] is X). The passes themselves are
in `nnlesson.mlp.passes`, their buffers in `nnlesson.mlp.workspace`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from numbers import Integral, Real
from types import MappingProxyType
from typing import ClassVar

import numpy as np

from ..errors import Described, ParameterError, check_array, check_choice, check_count
from ..language import _, join

__all__ = ["INITS", "Network", "Parameters", "frozen", "init"]

#: Initialisation schemes of `init`.
INITS = ("he", "xavier", "uniform")
#: The half-width of "small uniform" initialisation, U(-0.5, 0.5) times the gain.
UNIFORM_HALF_WIDTH = 0.5


@dataclass(frozen=True)
class Network:
    """The shape and choices of a feed-forward network (no numbers: see `Parameters`).

    sizes: n[0], n[1], ..., n[L], e.g. (2, 25, 50, 50, 25, 1) for the circles task;
    hidden: the activation of every hidden layer; output: of the output layer;
    loss: "cross-entropy" (binary, sigmoid output), "softmax-cross-entropy"
    (softmax output), "half-squared" or "squared"; dtype: "float64" or "float32".
    matmul: "blas" (fast; a BLAS library may fuse multiply-adds and reorder sums,
    changing the last bits) or "ordered" (every sum of products term by term in
    index order, as the scalar lessons write w1*i1 + w2*i2: slow, for proofs).
    """

    #: What each choice may be: hidden and output activations, losses, dtypes, products.
    CHOICES: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({
        "hidden": ("relu", "leaky_relu", "tanh", "sigmoid", "identity"),
        "output": ("sigmoid", "softmax", "identity", "tanh", "relu", "leaky_relu"),
        "loss": ("cross-entropy", "softmax-cross-entropy", "half-squared", "squared"),
        "dtype": ("float64", "float32"),
        "matmul": ("blas", "ordered"),
    })

    sizes: tuple[int, ...] = (2, 2, 2)
    _: KW_ONLY
    hidden: str = "sigmoid"
    output: str = "sigmoid"
    loss: str = "half-squared"
    dtype: str = "float64"
    matmul: str = "blas"

    def __post_init__(self):
        sizes = self.sizes
        if isinstance(sizes, str | bytes) or not hasattr(sizes, "__iter__"):
            raise ParameterError("sizes", sizes, _("not a sequence of layer sizes"),
                                 _("a tuple such as (2, 25, 1): inputs, hidden layers, outputs"))
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ParameterError("sizes", sizes, _("needs at least an input and an output layer"),
                                 _("a tuple of two or more whole numbers, such as (2, 25, 1)"))
        for l, n in enumerate(sizes):
            if isinstance(n, bool) or not isinstance(n, Integral):
                raise ParameterError(f"sizes[{l}]", n, _("not a whole number"),
                                     _("a whole number of neurons, at least 1"))
            if n < 1:
                raise ParameterError(f"sizes[{l}]", n, _("layer {l} would have no neurons", l=l),
                                     _("a whole number of neurons, at least 1"))
        object.__setattr__(self, "sizes", tuple(int(n) for n in sizes))
        for name, allowed in self.CHOICES.items():
            check_choice(name, getattr(self, name), allowed)
        if (self.output == "softmax") != (self.loss == "softmax-cross-entropy"):
            raise ParameterError(
                "loss",
                self.loss,
                _("does not go with a {output} output layer", output=self.output),
                _(
                    "softmax outputs with softmax-cross-entropy, and other outputs with another "
                    "loss"
                ),
            )
        if self.loss == "cross-entropy" and self.output != "sigmoid":
            raise ParameterError(
                "loss",
                self.loss,
                _(
                    "binary cross-entropy needs outputs between 0 and 1, but the output "
                    "activation is {output}",
                    output=self.output,
                ),
                _("cross-entropy with a sigmoid output, or another loss"),
            )
        if self.output == "softmax" and self.sizes[-1] < 2:
            raise ParameterError(
                "sizes",
                self.sizes,
                _("softmax needs at least two outputs"),
                _("two or more output neurons, one per class"),
            )

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.sizes))
        extra = "" if self.matmul == "blas" else f", matmul={self.matmul}"
        return (
            f"Network({shape}, hidden={self.hidden}, output={self.output}, "
            f"loss={self.loss}, {self.dtype}{extra})"
        )

    @property
    def L(self) -> int:
        """The number of layers with weights (the input layer is layer 0)."""
        return len(self.sizes) - 1

    @property
    def n(self) -> tuple[int, ...]:
        """n[l], the number of neurons in layer l (n[0]: the inputs)."""
        return self.sizes

    @property
    def np_dtype(self) -> np.dtype:
        return np.dtype(self.dtype)

    def activation(self, l: int) -> str:
        """The name of g[l], the activation of layer l (1..L)."""
        return self.output if l == self.L else self.hidden

    @property
    def parameter_count(self) -> int:
        """Weights plus biases: sum over layers of n[l] n[l-1] + n[l]."""
        return sum(self.sizes[l] * self.sizes[l - 1] + self.sizes[l] for l in range(1, self.L + 1))

    def shapes(self, m: int) -> tuple[tuple[str, tuple[int, int]], ...]:
        """Every quantity of the forward and backward pass with its shape, for m examples."""
        m = check_count("m", m)
        rows = [("A[0] = X", (self.sizes[0], m))]
        for l in range(1, self.L + 1):
            n, prev = self.sizes[l], self.sizes[l - 1]
            rows += [
                (f"W[{l}]", (n, prev)),
                (f"b[{l}]", (n, 1)),
                (f"Z[{l}]", (n, m)),
                (f"A[{l}]", (n, m)),
            ]
        rows.append(("Y", (self.sizes[-1], m)))
        for l in range(self.L, 0, -1):
            n, prev = self.sizes[l], self.sizes[l - 1]
            rows += [(f"dZ[{l}]", (n, m)), (f"dW[{l}]", (n, prev)), (f"db[{l}]", (n, 1))]
            if l > 1:
                rows.append((f"dA[{l - 1}]", (prev, m)))
        return tuple(rows)


@dataclass(frozen=True, eq=False, kw_only=True)
class Parameters:
    """The numbers of a network: W[l] of shape (n[l], n[l-1]) and b[l] of shape (n[l], 1).

    W and b are tuples indexed like the lessons: W[1] .. W[L], with W[0] = None.
    The arrays are read-only; training works on its own copies.
    """

    W: tuple
    b: tuple

    def __repr__(self) -> str:
        layers = ", ".join(
            f"W[{l}] {w.shape[0]}x{w.shape[1]}" for l, w in enumerate(self.W) if w is not None
        )
        return f"Parameters({layers}; {self.count:,} numbers, {self.dtype})"

    @property
    def L(self) -> int:
        return len(self.W) - 1

    @property
    def dtype(self) -> str:
        return str(self.W[1].dtype)

    @property
    def count(self) -> int:
        return sum(w.size + b.size for w, b in zip(self.W[1:], self.b[1:], strict=True))

    @classmethod
    def from_arrays(cls, network: Network, W, b) -> Parameters:
        """Parameters from lists of arrays W[1]..W[L] and b[1]..b[L] (a leading None is allowed).

        Every shape is checked against `network`, and every number must be finite.
        """
        W, b = _layer_list("W", W, network.L), _layer_list("b", b, network.L)
        dtype = network.np_dtype
        checked_W: list[np.ndarray | None] = [None]
        checked_b: list[np.ndarray | None] = [None]
        for l in range(1, network.L + 1):
            n, prev = network.sizes[l], network.sizes[l - 1]
            for name, value, shape, out in (
                (f"W[{l}]", W[l], (n, prev), checked_W),
                (f"b[{l}]", b[l], (n, 1), checked_b),
            ):
                array = check_array(name, value)
                if name.startswith("b") and array.shape == (n,):
                    array = array.reshape(n, 1)
                if array.shape != shape:
                    raise ParameterError(
                        name,
                        Described(_("an array of shape {shape}", shape=array.shape)),
                        _("wrong shape for this network"),
                        _("shape {shape} (n[{l}] rows, n[{k}] columns)", shape=shape, l=l,
                          k=l - 1)
                        if name[0] == "W" else _("shape {shape} (n[{l}] rows)", shape=shape, l=l),
                    )
                out.append(frozen(array.astype(dtype)))
        return cls(W=tuple(checked_W), b=tuple(checked_b))

    def vector(self) -> np.ndarray:
        """Every number in one float64 vector: W[1], b[1], W[2], b[2], ... (for gradient checks)."""
        return np.concatenate(
            [a.ravel() for l in range(1, self.L + 1) for a in (self.W[l], self.b[l])]
        ).astype(np.float64)

    def with_vector(self, vector: np.ndarray) -> Parameters:
        """The same shapes filled from `vector` (the inverse of `vector`)."""
        W: list[np.ndarray | None] = [None]
        b: list[np.ndarray | None] = [None]
        at = 0
        for l in range(1, self.L + 1):
            for source, out in ((self.W[l], W), (self.b[l], b)):
                out.append(
                    frozen(
                        np.asarray(vector[at : at + source.size], dtype=source.dtype).reshape(
                            source.shape
                        )
                    )
                )
                at += source.size
        return Parameters(W=tuple(W), b=tuple(b))


def _layer_list(name: str, value, L: int) -> list:
    if isinstance(value, np.ndarray) or not hasattr(value, "__len__"):
        raise ParameterError(
            name,
            Described(type(value).__name__),
            _("not a list of arrays"),
            _("a list of {L} arrays, {name}[1] first", L=L, name=name),
        )
    items = list(value)
    if len(items) == L:
        items = [None, *items]
    if len(items) != L + 1 or items[0] is not None:
        raise ParameterError(
            name,
            Described(_("a list of {count} arrays", count=len(value))),
            _("this network has {L} layers with weights", L=L),
            _("a list of {L} arrays, {name}[1] first", L=L, name=name),
        )
    return items


def frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


def init(
    network: Network, rng: np.random.Generator, *, scheme: str = "he", gain: float = 1.0
) -> Parameters:
    """Seeded initial parameters (biases 0), drawn with the numpy Generator `rng`.

    - "uniform": small uniform, W ~ U(-0.5 gain, 0.5 gain);
    - "xavier" (Glorot): W ~ U(-r, r), r = gain sqrt(6 / (n[l-1] + n[l])), for tanh/sigmoid;
    - "he": W ~ Normal(0, (gain sqrt(2 / n[l-1]))^2), for ReLU.
    Lesson 14 turns `gain` to show vanishing and exploding gradients.
    """
    if not isinstance(network, Network):
        raise ParameterError(
            "network",
            Described(type(network).__name__),
            _("not a Network"),
            _("nnlesson.mlp.network.Network(sizes=...)"),
        )
    if not isinstance(rng, np.random.Generator):
        raise ParameterError(
            "rng",
            Described(type(rng).__name__),
            _("not a numpy random Generator"),
            _("numpy.random.default_rng(seed), so that runs repeat"),
        )
    if scheme not in INITS:
        raise ParameterError(
            "scheme",
            scheme,
            _("not a known initialisation"),
            _("one of {choices}", choices=join(INITS)),
        )
    if (
        isinstance(gain, bool)
        or not isinstance(gain, Real)
        or not 0 < gain < 1e6
        or not math.isfinite(gain)
    ):
        raise ParameterError(
            "gain", gain, _("not a usable scale"), _("a number above 0 and below 1e6")
        )
    W, b = [None], [None]
    for l in range(1, network.L + 1):
        n, prev = network.sizes[l], network.sizes[l - 1]
        if scheme == "uniform":
            w = rng.uniform(-UNIFORM_HALF_WIDTH * gain, UNIFORM_HALF_WIDTH * gain, size=(n, prev))
        elif scheme == "xavier":
            r = gain * math.sqrt(6.0 / (prev + n))
            w = rng.uniform(-r, r, size=(n, prev))
        else:
            w = rng.normal(0.0, gain * math.sqrt(2.0 / prev), size=(n, prev))
        W.append(frozen(w.astype(network.np_dtype)))
        b.append(frozen(np.zeros((n, 1), dtype=network.np_dtype)))
    return Parameters(W=tuple(W), b=tuple(b))


# -- the programs every layer runs, compiled once per choice ---------------------------------
