"""Where the weights and the bias of a convolutional layer live, and their gradients.

Taught in lesson 20, "Weights and bias in a convolution". A layer of N
filters, each k x k over the C channels of its input, has

    weights = k * k * C * N   (one k x k x C block per filter)
    biases  = N               (one per filter, not one per position)

and the same numbers are used at every position of the output: that sharing
is why a convolution has so few parameters. Each output value is one
"neuron" of the lessons before: net = sum of weights times inputs + bias.
As in every deep-learning library, "convolution" here is cross-correlation
(the kernel is not flipped). Backpropagation through the layer (`conv_gradients`)
sums one δ per position into each bias and each weight's gradient, and is
checked against central differences (`conv_gradient_check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from ..errors import Described, ParameterError, check_array
from ..formatting import fmt
from ..language import _
from ..maths.compare import Agreement, agree
from ..maths.differences import central

__all__ = ["CONV_CHECK_TOLERANCE", "ConvCheck", "ConvGradientCheck", "ConvGradients", "ConvLayer",
           "ConvStep", "Example", "LENET_C1", "LENET_C1_PUBLISHED", "MAX_SIZE", "check_step",
           "conv_backward", "conv_error", "conv_gradient_check", "conv_gradients", "conv_layer",
           "convolve", "convolve_direct", "example_layers", "one_output", "small_example",
           "small_target", "WeightGradientTerms", "weight_gradient_by_correlation",
           "weight_gradient_terms"]

#: The largest k, C, N, height or width the calculator accepts.
MAX_SIZE = 100_000


def _whole(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) \
            or not minimum <= int(value) <= MAX_SIZE:
        raise ParameterError(name, value, _("not a usable size"),
                             _("a whole number from {minimum} to {maximum}", minimum=minimum,
                               maximum=MAX_SIZE))
    return int(value)


@dataclass(frozen=True, kw_only=True)
class ConvLayer:
    """A convolutional layer: N filters of k x k x C, on inputs of height x width.

    The input size (and stride, padding) matter only for the output size and
    the number of connections; the parameter count does not depend on them.
    """

    k: int
    C: int
    N: int
    height: int | None = None
    width: int | None = None
    stride: int = 1
    padding: int = 0

    def __post_init__(self):
        for name, minimum in (("k", 1), ("C", 1), ("N", 1), ("stride", 1), ("padding", 0)):
            object.__setattr__(self, name, _whole(name, getattr(self, name), minimum))
        for name in ("height", "width"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _whole(name, value, 1))
        if self.height is not None and self.width is None:
            object.__setattr__(self, "width", self.height)
        if self.height is not None:
            for name in ("height", "width"):
                room = getattr(self, name) + 2 * self.padding
                if room < self.k:
                    raise ParameterError("k", self.k, *_too_large(name, room))

    def __repr__(self) -> str:
        size = "" if self.height is None else f", input {self.height}x{self.width}x{self.C}"
        return (f"ConvLayer({self.N} filters of {self.k}x{self.k}x{self.C}{size}: "
                f"{self.parameters:,} parameters)")

    @property
    def weights(self) -> int:
        """k * k * C * N: every filter has k * k * C weights."""
        return self.k * self.k * self.C * self.N

    @property
    def biases(self) -> int:
        """N: one bias per filter, shared by every position of its output."""
        return self.N

    @property
    def parameters(self) -> int:
        return self.weights + self.biases

    @property
    def output_size(self) -> tuple[int, int] | None:
        """(height, width) of each output map: (size + 2 padding - k) // stride + 1."""
        height, width = self.height, self.width
        if height is None or width is None:   # width is None only when height is
            return None
        return ((height + 2 * self.padding - self.k) // self.stride + 1,
                (width + 2 * self.padding - self.k) // self.stride + 1)

    @property
    def output_shape(self) -> tuple[int, int, int] | None:
        """(height, width, N) of the output."""
        size = self.output_size
        return None if size is None else (*size, self.N)

    @property
    def connections(self) -> int | None:
        """Every output value uses k * k * C weights and one bias: (k k C + 1) per output."""
        shape = self.output_shape
        if shape is None:
            return None
        return (self.k * self.k * self.C + 1) * shape[0] * shape[1] * shape[2]

    @property
    def dense_parameters(self) -> int | None:
        """What a fully connected layer with the same input and output sizes would need."""
        shape, height, width = self.output_shape, self.height, self.width
        if shape is None or height is None or width is None:   # all three, or none
            return None
        outputs = shape[0] * shape[1] * shape[2]
        return (height * width * self.C + 1) * outputs

    def summary(self) -> list[tuple[str, str, str]]:
        """(quantity, formula, value) rows for the lesson's table and the calculator."""
        k, C, N = self.k, self.C, self.N
        rows = [(_("weights"), "k·k·C·N", f"{k}·{k}·{C}·{N} = {self.weights:,}"),
                (_("biases"), "N", f"{N:,}"),
                (_("parameters"), "k·k·C·N + N",
                 f"{self.weights:,} + {N:,} = {self.parameters:,}")]
        shape = self.output_shape
        if shape is not None:   # the input size is known
            oh, ow, _depth = shape
            rows += [(_("output"), _("⌊(size + 2p − k) / s⌋ + 1, per map"),
                      f"{oh}×{ow}×{N}"),
                     (_("connections"), _("(k·k·C + 1) · outputs"),
                      f"({k}·{k}·{C} + 1)·{oh}·{ow}·{N} = {self.connections:,}"),
                     (_("fully connected instead"), _("(H·W·C + 1) · outputs"),
                      f"{self.dense_parameters:,}")]
        return rows


def _shaped(array: np.ndarray) -> Described:
    """An array as an error message names it: by its shape."""
    return Described(_("an array of shape {shape}", shape=array.shape))


def _too_large(name: str, room: int) -> tuple[str, str]:
    """What is wrong and what is allowed when the filter does not fit the padded `name`."""
    if name == "height":
        return (_("the filter is larger than the padded height"),
                _("k at most height + 2 padding = {room}", room=room))
    return (_("the filter is larger than the padded width"),
            _("k at most width + 2 padding = {room}", room=room))


def conv_layer(k: int, C: int, N: int, *, height: int | None = None, width: int | None = None,
               stride: int = 1, padding: int = 0) -> ConvLayer:
    """A validated ConvLayer (keyword names as the lesson writes them)."""
    return ConvLayer(k=k, C=C, N=N, height=height, width=width, stride=stride, padding=padding)


#: LeNet-5's first layer (LeCun et al., 1998): six 5x5 filters on a 32x32 grey image.
LENET_C1 = conv_layer(5, 1, 6, height=32, width=32)
#: What the paper reports for that layer ("C1 has 156 trainable parameters and 122,304
#: connections"), for the lesson to check its computation against.
LENET_C1_PUBLISHED = {"parameters": 156, "connections": 122_304}


def example_layers() -> dict[str, ConvLayer]:
    """LeNet-5's first layer and three layers of today's networks, named (lesson 20)."""
    return {_("LeNet-5 C1"): LENET_C1,
            _("3×3 on an RGB image, 64 filters"): conv_layer(3, 3, 64),
            _("3×3, 64 channels in, 64 filters"): conv_layer(3, 64, 64),
            _("1×1, 256 channels in, 64 filters"): conv_layer(1, 256, 64, height=14)}


def _check_arrays(x, kernels, biases):
    x = check_array("x", x).astype(float)
    kernels = check_array("kernels", kernels).astype(float)
    biases = check_array("biases", biases).astype(float)
    if x.ndim != 3:
        raise ParameterError("x", _shaped(x), _("wrong shape"), _("shape (C, height, width)"))
    if kernels.ndim != 4 or kernels.shape[2] != kernels.shape[3] or kernels.shape[1] != x.shape[0]:
        raise ParameterError("kernels", _shaped(kernels), _("wrong shape"),
                             _("shape (N, {C}, k, k)", C=x.shape[0]))
    if biases.shape != (kernels.shape[0],):
        raise ParameterError("biases", _shaped(biases), _("wrong shape"),
                             _("shape ({N},): one bias per filter", N=kernels.shape[0]))
    return x, kernels, biases


def _padded(x: np.ndarray, padding: int) -> np.ndarray:
    return np.pad(x, ((0, 0), (padding, padding), (padding, padding)))


def convolve(x, kernels, biases, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """The layer's output, shape (N, out_h, out_w), vectorized over every position.

    x: (C, height, width); kernels: (N, C, k, k); biases: (N,).
    out[n, i, j] = biases[n] + sum over c, u, v of kernels[n, c, u, v] x[c, i s + u, j s + v].
    """
    x, kernels, biases = _check_arrays(x, kernels, biases)
    layer = conv_layer(kernels.shape[2], x.shape[0], kernels.shape[0], height=x.shape[1],
                       width=x.shape[2], stride=stride, padding=padding)
    windows = np.lib.stride_tricks.sliding_window_view(_padded(x, layer.padding),
                                                       (layer.k, layer.k), axis=(1, 2))
    windows = windows[:, ::layer.stride, ::layer.stride]       # (C, out_h, out_w, k, k)
    out = np.einsum("cijuv,ncuv->nij", windows, kernels)
    return out + biases[:, None, None]


def convolve_direct(x, kernels, biases, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """The same output by the definition, one product at a time (the independent check)."""
    x, kernels, biases = _check_arrays(x, kernels, biases)
    layer = conv_layer(kernels.shape[2], x.shape[0], kernels.shape[0], height=x.shape[1],
                       width=x.shape[2], stride=stride, padding=padding)
    x = _padded(x, layer.padding)
    size = layer.output_size
    assert size is not None   # the layer was given the input's height and width
    out_h, out_w = size
    out = np.empty((layer.N, out_h, out_w))
    for n in range(layer.N):
        for i in range(out_h):
            for j in range(out_w):
                total = 0.0
                for c in range(layer.C):
                    for u in range(layer.k):
                        for v in range(layer.k):
                            total += kernels[n, c, u, v] * x[c, i * layer.stride + u,
                                                             j * layer.stride + v]
                out[n, i, j] = total + biases[n]
    return out


@dataclass(frozen=True, eq=False, kw_only=True)
class ConvStep:
    """One output value of a convolution: the patch it sees, the filter, the bias, the sum."""

    n: int
    i: int
    j: int
    patch: np.ndarray      # (C, k, k): the inputs under the filter
    kernel: np.ndarray     # (C, k, k): filter n's weights
    bias: float
    products: np.ndarray   # patch * kernel
    weighted_sum: float
    value: float

    def __repr__(self) -> str:
        return f"ConvStep(out[{self.n}, {self.i}, {self.j}] = {fmt(self.value)})"

    @property
    def text(self) -> str:
        """The sum written out: net = w·x + ... + b = value."""
        def shown(v: float) -> str:
            return fmt(v) if v >= 0 else f"({fmt(v)})"

        terms = " + ".join(f"{shown(w)}·{shown(v)}" for w, v in
                           zip(self.kernel.ravel(), self.patch.ravel(), strict=True))
        return (f"out[{self.n}, {self.i}, {self.j}] = {terms} + {shown(self.bias)} = "
                f"{fmt(self.weighted_sum)} + {shown(self.bias)} = {fmt(self.value)}")


def one_output(x, kernels, biases, *, n: int, i: int, j: int, stride: int = 1,
         padding: int = 0) -> ConvStep:
    """Output value out[n, i, j] computed on its own, every product kept."""
    x, kernels, biases = _check_arrays(x, kernels, biases)
    layer = conv_layer(kernels.shape[2], x.shape[0], kernels.shape[0], height=x.shape[1],
                       width=x.shape[2], stride=stride, padding=padding)
    size = layer.output_size
    assert size is not None   # the layer was given the input's height and width
    out_h, out_w = size
    for name, value, top in (("n", n, layer.N), ("i", i, out_h), ("j", j, out_w)):
        if isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= value < top:
            raise ParameterError(name, value, _("outside the output"),
                                 _("a whole number from 0 to {top}", top=top - 1))
    x = _padded(x, layer.padding)
    top, left = i * layer.stride, j * layer.stride
    patch = x[:, top:top + layer.k, left:left + layer.k].copy()
    kernel = kernels[n].copy()
    products = patch * kernel
    weighted = float(products.sum())
    return ConvStep(n=n, i=i, j=j, patch=patch, kernel=kernel, bias=float(biases[n]),
                    products=products, weighted_sum=weighted, value=weighted + float(biases[n]))


@dataclass(frozen=True, kw_only=True)
class ConvCheck:
    """One step's value beside the vectorized and the direct convolution, and the bias check."""

    step_value: float
    vectorized: float
    direct: float
    all_equal: bool               # vectorized == direct at every position
    bias_added: tuple[float, ...]  # out - (out without biases), the same everywhere in a map


def check_step(x, kernels, biases, one: ConvStep) -> ConvCheck:
    """Check `one` against both full convolutions, and that each bias is added everywhere."""
    out = convolve(x, kernels, biases)
    direct = convolve_direct(x, kernels, biases)
    added = out - convolve(x, kernels, np.zeros_like(np.asarray(biases, dtype=float)))
    per_map = []
    for n in range(added.shape[0]):
        values = np.unique(np.round(added[n], 12))
        per_map.append(float(values[0]) if values.size == 1 else float("nan"))
    # The lesson's example is small whole numbers, whose sums are exact in float64 in any
    # order: the two convolutions are then equal, not merely close.
    return ConvCheck(step_value=one.value, vectorized=float(out[one.n, one.i, one.j]),
                     direct=float(direct[one.n, one.i, one.j]),
                     all_equal=bool(np.array_equal(out, direct)), bias_added=tuple(per_map))


@dataclass(frozen=True, eq=False, kw_only=True)
class Example:
    """The small worked case of lesson 20: a 2-channel 5x5 input and two 3x3 filters."""

    x: np.ndarray
    kernels: np.ndarray
    biases: np.ndarray


def small_example(seed: int = 16) -> Example:
    """Small whole numbers (so the sums can be checked by hand), drawn with a fixed seed."""
    rng = np.random.default_rng(seed)
    return Example(x=rng.integers(0, 4, size=(2, 5, 5)).astype(float),
                   kernels=rng.integers(-1, 2, size=(2, 2, 3, 3)).astype(float),
                   biases=np.array([1.0, -2.0]))


# -- backpropagation through a convolution ----------------------------------------------------


@dataclass(frozen=True, eq=False, kw_only=True)
class ConvGradients:
    """The backward pass of one convolutional layer, for E = ½ Σ (target − out)².

    `delta` = ∂E/∂out = out − target (shape (N, out_h, out_w)): one δ per output
    value, as each output value is one neuron's net input. Then

    - db[n] = Σ over the map of delta[n]: the bias is used at every position,
      so its gradient adds up one δ per position (as b2's adds δ_o1 + δ_o2 in
      lesson 10);
    - dW[n, c, u, v] = Σ_ij delta[n, i, j] x[c, i s + u, j s + v]: every position
      a weight is used at contributes δ times the input it met there; with
      stride 1 that is a cross-correlation of the input with delta[n];
    - dx[c, y, x] = Σ of delta times the weight that joined x[c, y, x] to that
      output: the gradient the layer below receives.
    """

    out: np.ndarray
    target: np.ndarray
    E: float
    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dx: np.ndarray

    def __repr__(self) -> str:
        return (f"ConvGradients(E = {fmt(self.E)}: dW {self.dW.shape}, db {self.db.shape}, "
                f"dx {self.dx.shape})")


def conv_backward(x, kernels, delta, *, stride: int = 1, padding: int = 0
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dW, db, dx) from δ = ∂E/∂out, vectorized over every position (formulas: ConvGradients)."""
    x, kernels, _biases = _check_arrays(x, kernels, np.zeros(np.shape(kernels)[0]))
    layer = conv_layer(kernels.shape[2], x.shape[0], kernels.shape[0], height=x.shape[1],
                       width=x.shape[2], stride=stride, padding=padding)
    size = layer.output_size
    assert size is not None   # the layer was given the input's height and width
    out_h, out_w = size
    delta = check_array("delta", delta).astype(float)
    if delta.shape != (layer.N, out_h, out_w):
        raise ParameterError("delta", _shaped(delta),
                             _("wrong shape"),
                             _("shape {shape}: one δ per output value",
                               shape=(layer.N, out_h, out_w)))
    k, s = layer.k, layer.stride
    xp = _padded(x, layer.padding)
    # Window (u, v) of the padded input holds x[c, i s + u, j s + v] for every output (i, j).
    span = ((out_h - 1) * s + 1, (out_w - 1) * s + 1)
    windows = np.lib.stride_tricks.sliding_window_view(xp, span, axis=(1, 2))
    windows = windows[:, :k, :k, ::s, ::s]                     # (C, k, k, out_h, out_w)
    dW = np.einsum("cuvij,nij->ncuv", windows, delta)
    db = delta.sum(axis=(1, 2))
    dxp = np.zeros_like(xp)
    for u in range(k):
        for v in range(k):
            # Every output (i, j) sends delta times W[n, c, u, v] back to x[c, i s + u, j s + v].
            dxp[:, u:u + s * out_h:s, v:v + s * out_w:s] += np.einsum(
                "nij,nc->cij", delta, kernels[:, :, u, v])
    p = layer.padding
    dx = dxp[:, p:xp.shape[1] - p, p:xp.shape[2] - p]
    return dW, db, dx


def conv_error(x, kernels, biases, target, *, stride: int = 1, padding: int = 0) -> float:
    """E = ½ Σ (target − out)² over every output value (the worked example's error, summed)."""
    out = convolve(x, kernels, biases, stride=stride, padding=padding)
    return float(0.5 * np.sum((np.asarray(target, dtype=float) - out) ** 2))


def conv_gradients(x, kernels, biases, target, *, stride: int = 1, padding: int = 0
                   ) -> ConvGradients:
    """The forward pass, E, δ = out − target, and the backward pass of one layer."""
    out = convolve(x, kernels, biases, stride=stride, padding=padding)
    target = check_array("target", target).astype(float)
    if target.shape != out.shape:
        raise ParameterError("target", _shaped(target),
                             _("wrong shape"), _("the output's shape {shape}", shape=out.shape))
    delta = out - target
    dW, db, dx = conv_backward(x, kernels, delta, stride=stride, padding=padding)
    return ConvGradients(out=out, target=target, E=float(0.5 * np.sum(delta ** 2)), delta=delta,
                         dW=dW, db=db, dx=dx)


def weight_gradient_by_correlation(x, delta) -> np.ndarray:
    """dW for stride 1 and no padding, by running the forward convolution itself: the
    input as the image and each δ map as the filter (a cross-correlation of x with δ).

    Needs square δ maps (`convolve` takes square filters), as in lesson 20's example.
    """
    x = check_array("x", x).astype(float)
    delta = check_array("delta", delta).astype(float)
    if x.ndim != 3 or delta.ndim != 3 or delta.shape[1] != delta.shape[2]:
        raise ParameterError("delta", _shaped(delta),
                             _("wrong shape"), _("square maps, shape (N, size, size)"))
    N, C = delta.shape[0], x.shape[0]
    dW = np.empty((N, C, x.shape[1] - delta.shape[1] + 1, x.shape[2] - delta.shape[2] + 1))
    for n in range(N):
        for c in range(C):
            dW[n, c] = convolve(x[c:c + 1], delta[n][None, None], np.zeros(1))[0]
    return dW


@dataclass(frozen=True, eq=False, kw_only=True)
class ConvGradientCheck:
    """Backpropagation's dW, db and dx beside central differences of E, one number at a time."""

    gradients: ConvGradients
    numeric_dW: np.ndarray
    numeric_db: np.ndarray
    numeric_dx: np.ndarray
    by_correlation: np.ndarray
    to: float

    def __repr__(self) -> str:
        return (f"ConvGradientCheck({self.gradients.dW.size + self.gradients.db.size} "
                f"parameters and {self.gradients.dx.size} inputs: {self.agreement('dW')!r})")

    def agreement(self, name: str) -> Agreement:
        """Whether backpropagation's `name` (dW, db or dx) agrees with the central differences."""
        numeric = {"dW": self.numeric_dW, "db": self.numeric_db, "dx": self.numeric_dx}
        if name not in numeric:
            raise ParameterError("name", name, _("not a gradient of the layer"),
                                 _("one of dW, db, dx"))
        return agree(getattr(self.gradients, name), numeric[name], to=self.to)


#: How close backpropagation and central differences must come. E is a quadratic in each
#: single number, so a central difference has no truncation error whatever h is; what is
#: left is rounding in E (a few 1e-16 of E, divided by 2h = 2e-3): below 1e-9 of the
#: gradients in lesson 20's example.
CONV_CHECK_TOLERANCE = 1e-6


def conv_gradient_check(x, kernels, biases, target, *, h: float = 1e-3) -> ConvGradientCheck:
    """Every weight, bias and input moved by ±h in turn: (E(+h) − E(−h)) / 2h, beside backprop."""
    x, kernels, biases = _check_arrays(x, kernels, biases)
    g = conv_gradients(x, kernels, biases, target)

    def numeric(array: np.ndarray, error) -> np.ndarray:
        slopes = np.empty_like(array)
        for index in np.ndindex(array.shape):
            def moved(d: float, index=index) -> float:
                changed = array.copy()
                changed[index] += d
                return error(changed)
            slopes[index] = central(moved, h)
        return slopes

    return ConvGradientCheck(
        gradients=g,
        numeric_dW=numeric(kernels, lambda k: conv_error(x, k, biases, g.target)),
        numeric_db=numeric(biases, lambda b: conv_error(x, kernels, b, g.target)),
        numeric_dx=numeric(x, lambda moved_x: conv_error(moved_x, kernels, biases, g.target)),
        by_correlation=weight_gradient_by_correlation(x, g.delta),
        to=CONV_CHECK_TOLERANCE)


def small_target(seed: int = 20) -> np.ndarray:
    """Whole-number targets for the small example's two 3x3 output maps (seeded)."""
    return np.random.default_rng(seed).integers(0, 10, size=(2, 3, 3)).astype(float)


@dataclass(frozen=True, eq=False, kw_only=True)
class WeightGradientTerms:
    """One entry of dW written out (stride 1, no padding): δ[n, i, j] times x[c, i + u, j + v]
    for every output position (i, j), and their sum."""

    n: int
    c: int
    u: int
    v: int
    deltas: np.ndarray   # (out_h, out_w): delta[n]
    inputs: np.ndarray   # (out_h, out_w): the window of x[c] that the weight met
    value: float

    def __repr__(self) -> str:
        where = f"{self.n}, {self.c}, {self.u}, {self.v}"
        return f"WeightGradientTerms(dW[{where}] = {fmt(self.value)})"


def weight_gradient_terms(x, delta, *, n: int, c: int, u: int, v: int) -> WeightGradientTerms:
    """The products that make dW[n, c, u, v], each δ beside the input its weight met."""
    x = check_array("x", x).astype(float)
    delta = check_array("delta", delta).astype(float)
    if x.ndim != 3 or delta.ndim != 3:
        raise ParameterError("delta", _shaped(delta),
                             _("wrong shape"), _("shape (N, out_h, out_w), with x (C, H, W)"))
    out_h, out_w = delta.shape[1:]
    k_h, k_w = x.shape[1] - out_h + 1, x.shape[2] - out_w + 1
    for name, value, top in (("n", n, delta.shape[0]), ("c", c, x.shape[0]), ("u", u, k_h),
                             ("v", v, k_w)):
        if isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= value < top:
            raise ParameterError(name, value, _("outside the filter"),
                                 _("a whole number from 0 to {top}", top=top - 1))
    inputs = x[c, u:u + out_h, v:v + out_w].copy()
    deltas = delta[n].copy()
    return WeightGradientTerms(n=n, c=c, u=u, v=v, deltas=deltas, inputs=inputs,
                               value=float(np.sum(deltas * inputs)))
