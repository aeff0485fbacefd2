"""The general feed-forward network in matrix form, vectorized over m examples.

Taught in lesson 13, "The matrix form" (and used by lessons 12 and 14). The
2-2-2 network of the worked example is the special case sizes=(2, 2, 2)
(``nnlesson.mlp.matrix_form`` maps w1..w8 onto W[1] and W[2]).

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
index 0 of W, b, Z, dZ, dW, db is None (A[0] is X). The activations, losses
and every derivative come from ``nnlesson.maths.activations``, ``nnlesson.maths.losses``
and ``nnlesson.maths.softmax``, compiled to in-place numpy by ``nnlesson.maths.inplace``:
nothing is typed a second time here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from numbers import Integral, Real

import numpy as np
import sympy as sp

from ..example.params import NumericError, ParameterError
from ..maths.activations import ACTIVATIONS, x, y
from ..maths.inplace import InPlace, compile_inplace
from ..maths.losses import LOSSES, o, t
from ..maths.softmax import SOFTMAX_CROSS_ENTROPY, softmax

HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "identity")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax", "identity", "tanh", "relu", "leaky_relu")
LOSS_NAMES = ("cross-entropy", "softmax-cross-entropy", "half-squared", "squared")
DTYPES = ("float64", "float32")
MATMULS = ("blas", "ordered")
INITS = ("he", "xavier", "uniform")
#: The half-width of "small uniform" initialisation, U(-0.5, 0.5) times the gain.
UNIFORM_HALF_WIDTH = 0.5

class Described:
    """A value shown in an error message by what it is ("an array of shape (3, 4)")."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


#: The symbol for dE/dA in the backward programs (dZ = dA * g'(Z)).
dA = sp.Symbol("dA")


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

    sizes: tuple[int, ...] = (2, 2, 2)
    hidden: str = "sigmoid"
    output: str = "sigmoid"
    loss: str = "half-squared"
    dtype: str = "float64"
    matmul: str = "blas"

    def __post_init__(self):
        sizes = self.sizes
        if isinstance(sizes, str | bytes) or not hasattr(sizes, "__iter__"):
            raise ParameterError("sizes", sizes, "not a sequence of layer sizes",
                                 "a tuple such as (2, 25, 1): inputs, hidden layers, outputs")
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ParameterError("sizes", sizes, "needs at least an input and an output layer",
                                 "a tuple of two or more whole numbers, such as (2, 25, 1)")
        for l, n in enumerate(sizes):
            if isinstance(n, bool) or not isinstance(n, Integral):
                raise ParameterError(f"sizes[{l}]", n, "not a whole number",
                                     "a whole number of neurons, at least 1")
            if n < 1:
                raise ParameterError(f"sizes[{l}]", n, f"layer {l} would have no neurons",
                                     "a whole number of neurons, at least 1")
        object.__setattr__(self, "sizes", tuple(int(n) for n in sizes))
        for name, allowed in (("hidden", HIDDEN_ACTIVATIONS), ("output", OUTPUT_ACTIVATIONS),
                              ("loss", LOSS_NAMES), ("dtype", DTYPES), ("matmul", MATMULS)):
            if getattr(self, name) not in allowed:
                raise ParameterError(name, getattr(self, name), "not a known choice",
                                     "one of " + ", ".join(allowed))
        if (self.output == "softmax") != (self.loss == "softmax-cross-entropy"):
            raise ParameterError("loss", self.loss,
                                 f"does not go with a {self.output} output layer",
                                 "softmax outputs with softmax-cross-entropy, "
                                 "and other outputs with another loss")
        if self.loss == "cross-entropy" and self.output != "sigmoid":
            raise ParameterError("loss", self.loss,
                                 "binary cross-entropy needs outputs between 0 and 1, "
                                 f"but the output activation is {self.output}",
                                 "cross-entropy with a sigmoid output, or another loss")
        if self.output == "softmax" and self.sizes[-1] < 2:
            raise ParameterError("sizes", self.sizes, "softmax needs at least two outputs",
                                 "two or more output neurons, one per class")

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.sizes))
        extra = "" if self.matmul == "blas" else f", matmul={self.matmul}"
        return (f"Network({shape}, hidden={self.hidden}, output={self.output}, "
                f"loss={self.loss}, {self.dtype}{extra})")

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
            rows += [(f"W[{l}]", (n, prev)), (f"b[{l}]", (n, 1)), (f"Z[{l}]", (n, m)),
                     (f"A[{l}]", (n, m))]
        rows.append(("Y", (self.sizes[-1], m)))
        for l in range(self.L, 0, -1):
            n, prev = self.sizes[l], self.sizes[l - 1]
            rows += [(f"dZ[{l}]", (n, m)), (f"dW[{l}]", (n, prev)), (f"db[{l}]", (n, 1))]
            if l > 1:
                rows.append((f"dA[{l - 1}]", (prev, m)))
        return tuple(rows)


def check_count(name: str, value: object, *, minimum: int = 1) -> int:
    """A whole number at least `minimum`, or a clear error."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ParameterError(name, value, "not a whole number of at least " + str(minimum),
                             f"a whole number from {minimum} up")
    return int(value)


@dataclass(frozen=True, eq=False)
class Parameters:
    """The numbers of a network: W[l] of shape (n[l], n[l-1]) and b[l] of shape (n[l], 1).

    W and b are tuples indexed like the lessons: W[1] .. W[L], with W[0] = None.
    The arrays are read-only; training works on its own copies.
    """

    W: tuple
    b: tuple

    def __repr__(self) -> str:
        layers = ", ".join(f"W[{l}] {w.shape[0]}x{w.shape[1]}" for l, w in enumerate(self.W)
                           if w is not None)
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
        checked_W, checked_b = [None], [None]
        for l in range(1, network.L + 1):
            n, prev = network.sizes[l], network.sizes[l - 1]
            for name, value, shape, out in ((f"W[{l}]", W[l], (n, prev), checked_W),
                                            (f"b[{l}]", b[l], (n, 1), checked_b)):
                array = check_array(name, value)
                if name.startswith("b") and array.shape == (n,):
                    array = array.reshape(n, 1)
                if array.shape != shape:
                    raise ParameterError(name, Described(f"an array of shape {array.shape}"),
                                         "wrong shape for this network",
                                         f"shape {shape} (n[{l}] rows"
                                         + (f", n[{l - 1}] columns)" if name[0] == "W" else ")"))
                out.append(frozen(array.astype(dtype)))
        return cls(tuple(checked_W), tuple(checked_b))

    def vector(self) -> np.ndarray:
        """Every number in one float64 vector: W[1], b[1], W[2], b[2], ... (for gradient checks)."""
        return np.concatenate([a.ravel() for l in range(1, self.L + 1)
                               for a in (self.W[l], self.b[l])]).astype(np.float64)

    def with_vector(self, vector: np.ndarray) -> Parameters:
        """The same shapes filled from `vector` (the inverse of `vector`)."""
        W, b, at = [None], [None], 0
        for l in range(1, self.L + 1):
            for source, out in ((self.W[l], W), (self.b[l], b)):
                out.append(frozen(np.asarray(vector[at:at + source.size], dtype=source.dtype)
                                   .reshape(source.shape)))
                at += source.size
        return Parameters(tuple(W), tuple(b))


def _layer_list(name: str, value, L: int) -> list:
    if isinstance(value, np.ndarray) or not hasattr(value, "__len__"):
        raise ParameterError(name, Described(type(value).__name__), "not a list of arrays",
                             f"a list of {L} arrays, {name}[1] first")
    items = list(value)
    if len(items) == L:
        items = [None, *items]
    if len(items) != L + 1 or items[0] is not None:
        raise ParameterError(name, Described(f"a list of {len(value)} arrays"),
                             f"this network has {L} layers with weights",
                             f"a list of {L} arrays, {name}[1] first")
    return items


def check_array(name: str, value) -> np.ndarray:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ParameterError(name, Described(type(value).__name__), "not an array of numbers",
                             "a numpy array of finite numbers") from None
    if array.dtype.kind not in "iuf" or array.dtype == np.float16:
        raise ParameterError(name, Described(f"an array of {array.dtype}"),
                             "not an array of numbers",
                             "a numpy array of finite numbers")
    if array.size and not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ParameterError(name, Described(f"an array with {array[where]} at index {where}"),
                             "not every number is finite", "finite numbers only (no NaN or inf)")
    return array


def frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


def init(network: Network, rng: np.random.Generator, *, scheme: str = "he",
         gain: float = 1.0) -> Parameters:
    """Seeded initial parameters (biases 0), drawn with the numpy Generator `rng`.

    - "uniform": small uniform, W ~ U(-0.5 gain, 0.5 gain);
    - "xavier" (Glorot): W ~ U(-r, r), r = gain sqrt(6 / (n[l-1] + n[l])), for tanh/sigmoid;
    - "he": W ~ Normal(0, (gain sqrt(2 / n[l-1]))^2), for ReLU.
    Lesson 12 turns `gain` to show vanishing and exploding gradients.
    """
    if not isinstance(network, Network):
        raise ParameterError("network", Described(type(network).__name__), "not a Network",
                             "nnlesson.mlp.network.Network(sizes=...)")
    if not isinstance(rng, np.random.Generator):
        raise ParameterError("rng", Described(type(rng).__name__), "not a numpy random Generator",
                             "numpy.random.default_rng(seed), so that runs repeat")
    if scheme not in INITS:
        raise ParameterError("scheme", scheme, "not a known initialisation",
                             "one of " + ", ".join(INITS))
    if isinstance(gain, bool) or not isinstance(gain, Real) or not 0 < gain < 1e6 \
            or not math.isfinite(gain):
        raise ParameterError("gain", gain, "not a usable scale", "a number above 0 and below 1e6")
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
    return Parameters(tuple(W), tuple(b))


# -- the programs every layer runs, compiled once per choice ---------------------------------

@cache
def activation_program(name: str) -> InPlace:
    """A[l] = g(Z[l]) as an in-place program of x (= Z)."""
    return compile_inplace(ACTIVATIONS[name].expr, (x,))


def slope_expr(name: str) -> sp.Expr:
    """g'(z): in terms of the output y when sympy can write it so (y(1 - y)), else of x."""
    activation = ACTIVATIONS[name]
    if activation.derivative_of_output is not None:
        return activation.derivative_of_output
    return activation.derivative


@cache
def backward_program(name: str) -> InPlace:
    """dZ = dA * g'(Z) as an in-place program of (dA, x = Z, y = A)."""
    return compile_inplace(sp.Mul(dA, slope_expr(name), evaluate=False), (dA, x, y))


def output_delta_expr(output: str, loss: str) -> sp.Expr:
    """dZ[L] = dE/dA[L] * g'(Z[L]) in terms of t (target), x (= Z[L]) and y (= A[L]).

    When the product has a removable singularity, as binary cross-entropy's
    (1 - t)/(1 - y) - t/y times the sigmoid's y(1 - y), sympy's cancelled form
    (y - t) is used: it is the same function, and finite when y is 0 or 1.
    Otherwise the product is kept as it is, in the 2-2-2 engine's order.
    """
    if loss == SOFTMAX_CROSS_ENTROPY.name:
        return SOFTMAX_CROSS_ENTROPY.delta.subs(o, y)
    dE_dout = LOSSES[loss].derivative.subs(o, y)
    product = sp.Mul(dE_dout, slope_expr(output), evaluate=False)
    if sp.denom(sp.together(dE_dout)).has(y):
        fused = sp.factor(sp.cancel(product))
        if not sp.denom(fused).has(y):
            return fused
    return product


@cache
def output_delta_program(output: str, loss: str) -> InPlace:
    return compile_inplace(output_delta_expr(output, loss), (t, x, y))


def loss_expr(loss: str) -> sp.Expr:
    """E(t, o) of one output; the cost sums it over the outputs and averages over examples."""
    if loss == SOFTMAX_CROSS_ENTROPY.name:
        return SOFTMAX_CROSS_ENTROPY.expr
    return LOSSES[loss].expr


@cache
def loss_program(loss: str) -> InPlace:
    return compile_inplace(loss_expr(loss), (t, o))


def ordered_matmul(a: np.ndarray, b: np.ndarray, *, out: np.ndarray) -> np.ndarray:
    """a @ b with each sum taken term by term: a[i, 0] b[0, j] + a[i, 1] b[1, j] + ...

    No fused multiply-add, no reordering: the arithmetic the worked example
    does by hand, so the 2-2-2 case agrees with nnlesson.example.engine to the last bit.
    """
    column = b.ndim == 1
    b2 = b.reshape(-1, 1) if column else b
    out2 = out.reshape(-1, 1) if column else out
    np.multiply(a[:, 0:1], b2[0:1, :], out=out2)
    for k in range(1, a.shape[1]):
        out2 += a[:, k:k + 1] * b2[k:k + 1, :]
    return out


# -- the workspace: every buffer of one batch size, allocated once ----------------------------

class Workspace:
    """The forward and backward pass for batches of m examples, in preallocated buffers.

    The one implementation of the matrix form: `forward`, `gradients`, the
    gradient check and training all run through it. Buffers are reused between
    calls, so a record handed out by the public functions holds copies.
    """

    def __init__(self, network: Network, m: int):
        self.network, self.m = network, m
        dtype, L, n = network.np_dtype, network.L, network.sizes
        self.Z = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.A = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.dZ = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.dA = [None] + [np.empty((n[l], m), dtype) for l in range(1, L)] + [None]
        self.dW = [None] + [np.empty((n[l], n[l - 1]), dtype) for l in range(1, L + 1)]
        self.db = [None] + [np.empty((n[l], 1), dtype) for l in range(1, L + 1)]
        # db as a vector: the matmul dZ @ ones writes a vector, and this is a view of db.
        self._db_flat = [None] + [d.reshape(-1) for d in self.db[1:]]
        self._step = [None] + [np.empty_like(w) for w in self.dW[1:]]
        self._ones = np.ones(m, dtype)
        self._matmul = np.matmul if network.matmul == "blas" else ordered_matmul
        self._inv_m = 1.0 / m
        self._act = [None] + [None if network.activation(l) == "softmax"
                              else activation_program(network.activation(l))
                              for l in range(1, L + 1)]
        self._act_buf = [None] + [() if p is None else p.buffers(self.A[l])
                                  for l, p in enumerate(self._act) if l]
        self._back = [None] + [backward_program(network.hidden) for _ in range(1, L)]
        self._back_buf = [None] + [self._back[l].buffers(self.dZ[l]) for l in range(1, L)]
        self._delta = output_delta_program(network.output, network.loss)
        self._delta_buf = self._delta.buffers(self.dZ[L])
        self._loss = loss_program(network.loss)
        self._E = np.empty((n[L], m), dtype)
        self._loss_buf = self._loss.buffers(self._E)
        self._clipped = np.empty((n[L], m), dtype)
        self._column = np.empty((1, m), dtype)
        finfo = np.finfo(dtype)
        # log(0) is -inf; like PyTorch (which clamps the log at -100), keep it finite.
        self._clip = {"cross-entropy": (float(finfo.tiny), float(1.0 - finfo.epsneg)),
                      "softmax-cross-entropy": (float(finfo.tiny), 1.0)}.get(network.loss)

    def __repr__(self) -> str:
        return f"Workspace({self.network!r}, m={self.m})"

    def forward(self, W, b, X) -> None:
        """Z[l] and A[l] for l = 1..L, with A[0] = X."""
        L = self.network.L
        self.A[0] = X
        for l in range(1, L + 1):
            Z, A = self.Z[l], self.A[l]
            self._matmul(W[l], self.A[l - 1], out=Z)
            np.add(Z, b[l], out=Z)
            if self._act[l] is None:
                softmax(Z, out=A, column=self._column)
            else:
                self._act[l](Z, out=A, buffers=self._act_buf[l])

    def cost(self, Y) -> float:
        """J = (1/m) sum of E(t, o) over outputs and examples, after `forward`."""
        out = self.A[self.network.L]
        if self._clip is not None:
            out = np.clip(out, *self._clip, out=self._clipped)
        self._loss(Y, out, out=self._E, buffers=self._loss_buf)
        # Summed in the network's own dtype (pairwise, so accurate), no float64 upcast.
        return float(self._E.sum()) * self._inv_m

    def backward(self, W, Y) -> None:
        """dZ[l], dW[l], db[l] for l = L..1 (and dA[l] for l = L-1..1), after `forward`."""
        L = self.network.L
        self._delta(Y, self.Z[L], self.A[L], out=self.dZ[L], buffers=self._delta_buf)
        for l in range(L, 0, -1):
            dZ = self.dZ[l]
            self._matmul(dZ, self.A[l - 1].T, out=self.dW[l])
            np.multiply(self.dW[l], self._inv_m, out=self.dW[l])
            self._matmul(dZ, self._ones, out=self._db_flat[l])
            np.multiply(self.db[l], self._inv_m, out=self.db[l])
            if l > 1:
                self._matmul(W[l].T, dZ, out=self.dA[l - 1])
                self._back[l - 1](self.dA[l - 1], self.Z[l - 1], self.A[l - 1],
                                  out=self.dZ[l - 1], buffers=self._back_buf[l - 1])

    def update(self, W, b, learning_rate: float) -> None:
        """W[l] -= learning_rate dW[l] and b[l] -= learning_rate db[l], in place."""
        for l in range(1, self.network.L + 1):
            step = self._step[l]
            np.multiply(self.dW[l], learning_rate, out=step)
            np.subtract(W[l], step, out=W[l])
            np.multiply(self.db[l], learning_rate, out=self._db_step(l))
            np.subtract(b[l], self._db_step(l), out=b[l])

    def _db_step(self, l: int) -> np.ndarray:
        # A bias-shaped slice of the weight-step buffer: every layer has n[l-1] >= 1 columns.
        return self._step[l][:, :1]


# -- the public, allocating views of the workspace -------------------------------------------

@dataclass(frozen=True, eq=False)
class Forward:
    """The forward pass: Z[l] and A[l] (index 0: Z[0] None, A[0] = X)."""

    Z: tuple
    A: tuple

    def __repr__(self) -> str:
        m = self.A[0].shape[1]
        return f"Forward({len(self.Z) - 1} layers, m={m}: output {self.A[-1].shape})"

    @property
    def output(self) -> np.ndarray:
        return self.A[-1]


@dataclass(frozen=True, eq=False)
class Gradients:
    """The backward pass: dJ/dW[l] and dJ/db[l], with dZ[l] and dA[l] on the way."""

    forward: Forward
    cost: float
    dZ: tuple
    dA: tuple
    dW: tuple
    db: tuple

    def __repr__(self) -> str:
        return f"Gradients(J={self.cost:.9g}, {len(self.dW) - 1} layers)"

    def vector(self) -> np.ndarray:
        """dW[1], db[1], dW[2], ... in one float64 vector, matching `Parameters.vector`."""
        return np.concatenate([a.ravel() for l in range(1, len(self.dW))
                               for a in (self.dW[l], self.db[l])]).astype(np.float64)


def _copies(items) -> tuple:
    return tuple(None if a is None else frozen(np.array(a)) for a in items)


def check_params(network: Network, params: Parameters) -> None:
    """Refuse parameters whose shapes or dtype do not fit `network`."""
    if not isinstance(params, Parameters):
        raise ParameterError("params", Described(type(params).__name__), "not a Parameters record",
                             "nnlesson.mlp.network.init(network, rng) or Parameters.from_arrays")
    if params.L != network.L:
        raise ParameterError("params", Described(repr(params)), f"has {params.L} layers, "
                             f"the network {network.L}", "parameters made for this network")
    for l in range(1, network.L + 1):
        want = (network.sizes[l], network.sizes[l - 1])
        if params.W[l].shape != want or params.b[l].shape != (want[0], 1):
            raise ParameterError(f"W[{l}]", Described(f"an array of shape {params.W[l].shape}"),
                                 "wrong shape for this network", f"shape {want}")
        if params.W[l].dtype != network.np_dtype or params.b[l].dtype != network.np_dtype:
            raise ParameterError(f"W[{l}]", Described(f"an array of {params.W[l].dtype}"),
                                 f"the network computes in {network.dtype}",
                                 f"parameters in {network.dtype}")


def check_inputs(network: Network, X, *, name: str = "X") -> np.ndarray:
    """X as a C-contiguous array of the network's dtype, shape (n[0], m), all finite."""
    n0 = network.sizes[0]
    array = check_array(name, X)
    if array.ndim != 2 or array.shape[0] != n0 or array.shape[1] < 1:
        hint = ""
        if array.ndim == 2 and array.shape[1] == n0:
            hint = f"; examples look like rows: pass {name}.T"
        raise ParameterError(name, Described(f"an array of shape {array.shape}"),
                             f"wrong shape{hint}",
                             f"shape ({n0}, m): one column of {n0} inputs per example")
    return np.ascontiguousarray(array, dtype=network.np_dtype)


def check_targets(network: Network, Y, m: int, *, name: str = "Y") -> np.ndarray:
    """Y as an array of shape (n[L], m) that the loss accepts."""
    nL = network.sizes[-1]
    array = check_array(name, Y)
    if array.ndim == 1 and nL == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.shape != (nL, m):
        raise ParameterError(name, Described(f"an array of shape {array.shape}"), "wrong shape",
                             f"shape ({nL}, {m}): one column of {nL} targets per example")
    if network.loss in ("cross-entropy", "softmax-cross-entropy"):
        outside = (array < 0) | (array > 1)
        if outside.any():
            where = tuple(int(i) for i in np.argwhere(outside)[0])
            raise ParameterError(f"{name}[{where[0]}, {where[1]}]", array[where].item(),
                                 f"a target outside 0..1 for {network.loss}",
                                 "targets from 0 to 1 (class labels 0 or 1, or one-hot columns)")
    if network.loss == "softmax-cross-entropy":
        sums = array.sum(axis=0)
        bad = np.flatnonzero(np.abs(sums - 1) > 1e-6)
        if bad.size:
            j = int(bad[0])
            raise ParameterError(f"{name}[:, {j}]", Described(f"a column summing to {sums[j]:g}"),
                                 "softmax targets must sum to 1 over the classes",
                                 "one-hot columns (nnlesson.mlp.datasets.one_hot)")
    return np.ascontiguousarray(array, dtype=network.np_dtype)


def prepared(network, params, X, Y=None):
    if not isinstance(network, Network):
        raise ParameterError("network", Described(type(network).__name__), "not a Network",
                             "nnlesson.mlp.network.Network(sizes=...)")
    check_params(network, params)
    X = check_inputs(network, X)
    if Y is None:
        return X, None
    return X, check_targets(network, Y, X.shape[1])


def forward(network: Network, params: Parameters, X) -> Forward:
    """The forward pass for the m examples in the columns of X (shape (n[0], m))."""
    X, _ = prepared(network, params, X)
    ws = Workspace(network, X.shape[1])
    with np.errstate(all="ignore"):
        ws.forward(params.W, params.b, X)
    _finite_outputs(ws)
    return Forward(_copies(ws.Z), (frozen(X.copy()), *_copies(ws.A[1:])))


def cost(network: Network, params: Parameters, X, Y) -> float:
    """J, the loss averaged over the m examples."""
    _, _, J = _passes(network, params, X, Y, backward=False)
    return J


def gradients(network: Network, params: Parameters, X, Y) -> Gradients:
    """Forward and backward pass: dJ/dW[l] and dJ/db[l] for every layer."""
    X, ws, J = _passes(network, params, X, Y, backward=True)
    for l in range(1, network.L + 1):
        _finite(f"the gradient dW[{l}]", ws.dW[l], "backward pass")
        _finite(f"the gradient db[{l}]", ws.db[l], "backward pass")
    fwd = Forward(_copies(ws.Z), (frozen(X.copy()), *_copies(ws.A[1:])))
    return Gradients(fwd, J, _copies(ws.dZ), _copies(ws.dA), _copies(ws.dW), _copies(ws.db))


def _passes(network: Network, params: Parameters, X, Y, *, backward: bool):
    """The checked inputs, the workspace after the forward (and backward) pass, and J."""
    X, Y = prepared(network, params, X, Y)
    ws = Workspace(network, X.shape[1])
    with np.errstate(all="ignore"):
        ws.forward(params.W, params.b, X)
        J = ws.cost(Y)
        if backward:
            ws.backward(params.W, Y)
    _finite_outputs(ws)
    _finite("the cost J", J, "forward pass")
    return X, ws, J


def predict(network: Network, params: Parameters, X) -> np.ndarray:
    """The class of every example: output > 0.5 for one sigmoid output, else the largest output."""
    out = forward(network, params, X).output
    return predicted_classes(out)


def predicted_classes(out: np.ndarray) -> np.ndarray:
    if out.shape[0] == 1:
        return (out[0] > 0.5).astype(np.int64)
    return np.argmax(out, axis=0)


def accuracy(network: Network, params: Parameters, X, labels) -> float:
    """The fraction of examples whose predicted class is the label."""
    predicted = predict(network, params, X)
    labels = check_labels(labels, classes=max(2, network.sizes[-1]), m=predicted.size)
    return float(np.mean(predicted == labels))


def check_labels(labels, *, classes: int, m: int | None = None, name: str = "labels"
                 ) -> np.ndarray:
    """Whole-number class labels 0..classes-1 (one per example), or a clear error."""
    array = np.asarray(labels)
    if array.ndim != 1 or (m is not None and array.size != m):
        raise ParameterError(name, Described(f"an array of shape {array.shape}"), "wrong shape",
                             f"a vector of {m if m is not None else 'm'} class labels")
    if array.dtype.kind == "f" and array.size and np.all(np.isfinite(array)) \
            and np.all(array == np.round(array)):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu":
        raise ParameterError(name, Described(f"an array of {array.dtype}"),
                             "not whole-number labels",
                             f"class labels 0 to {classes - 1}")
    outside = (array < 0) | (array >= classes)
    if outside.any():
        j = int(np.flatnonzero(outside)[0])
        raise ParameterError(f"{name}[{j}]", int(array[j]), "outside the classes",
                             f"a class label from 0 to {classes - 1}")
    return array.astype(np.int64)


def _finite_outputs(ws: Workspace) -> None:
    _finite("the network's output", ws.A[ws.network.L], "forward pass")


def _finite(what: str, values, where: str) -> None:
    if not np.isfinite(values).all():
        raise NumericError(f"{what} is not finite (overflow in the {where}): "
                           "use smaller weights or inputs.")


@dataclass(frozen=True, eq=False)
class GradientCheck:
    """Backpropagation's gradient beside central differences (J(p + h) - J(p - h)) / 2h.

    Central differences carry an error of about 1e-10 (rounding in J, divided
    by 2h), so an entry whose gradient is itself tiny can show a large relative
    error without anything being wrong: `max_scaled_error` measures each
    difference against the largest gradient instead.
    """

    analytic: np.ndarray
    numeric: np.ndarray
    epsilon: float
    max_relative_error: float
    max_scaled_error: float
    worst: str

    def __repr__(self) -> str:
        return (f"GradientCheck({self.analytic.size} numbers, max relative error "
                f"{self.max_relative_error:.3g} at {self.worst}, "
                f"scaled {self.max_scaled_error:.3g})")


def gradient_check(network: Network, params: Parameters, X, Y, *,
                   epsilon: float = 1e-6) -> GradientCheck:
    """Compare every entry of dW and db with a central difference of the cost.

    The relative error is |a - n| / max(|a| + |n|, 1e-12) per entry; the scaled
    error is |a - n| / max|n|. Use float64: in float32 the differences
    themselves are only good to about 1e-3.
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, Real) or not 0 < epsilon < 1:
        raise ParameterError("epsilon", epsilon, "not a small step", "a number between 0 and 1")
    g = gradients(network, params, X, Y)
    X, Y = prepared(network, params, X, Y)
    base = params.vector()
    names = [f"{kind}[{l}][{i}, {j}]" for l in range(1, network.L + 1)
             for kind, a in (("W", params.W[l]), ("b", params.b[l]))
             for i, j in np.ndindex(a.shape)]
    ws = Workspace(network, X.shape[1])
    numeric = np.empty_like(base)
    with np.errstate(all="ignore"):
        for k in range(base.size):
            costs = []
            for sign in (1.0, -1.0):
                moved = base.copy()
                moved[k] += sign * epsilon
                p = params.with_vector(moved)
                ws.forward(p.W, p.b, X)
                costs.append(ws.cost(Y))
            numeric[k] = (costs[0] - costs[1]) / (2 * epsilon)
    _finite("a central difference", numeric, "nudged forward passes")
    analytic = g.vector()
    difference = np.abs(analytic - numeric)
    error = difference / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12)
    scale = max(float(np.max(np.abs(numeric))), 1e-12)
    k = int(np.argmax(error))
    return GradientCheck(analytic, numeric, float(epsilon), float(error[k]),
                         float(np.max(difference)) / scale, names[k])
