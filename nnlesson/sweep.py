"""Many copies of the 2-2-2 network trained at once, each with its own learning rate.

Taught in lesson 15, "Gradient descent and the learning rate". Every number of
the worked example (w1, net_h1, delta_o1, ...) becomes a vector with one entry
per copy, so one numpy operation does one step of the arithmetic for all
copies. The arithmetic is the 2-2-2 engine's, in the same order, with the
activations and losses compiled from the same sympy definitions, so copy k
ends exactly where ``nnlesson.engine.train`` with learning rate k ends.

`train_loop` does the same with plain Python floats, one network after the
other: the baseline the benchmark compares with, and a second oracle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from numbers import Integral

import numpy as np
import sympy as sp

from .activations import ACTIVATIONS, x, y
from .engine import DIVERGED, check_steps
from .inplace import InPlace, compile_inplace
from .losses import LOSSES, o, t
from .network import Described, backward_program, slope_expr
from .params import CLASSIC, WEIGHTS, Options, ParameterError, Params, check
from .training import check_learning_rate

#: Where each weight sits in the stacked array P[layer, k, j, copy]: the weight into
#: neuron j from neuron (or input) k. With k first, the terms w_j0 a_0 and w_j1 a_1 of
#: every net input are two contiguous blocks, which is what keeps the sweep fast.
SLOT = {"w1": (0, 0, 0), "w2": (0, 1, 0), "w3": (0, 0, 1), "w4": (0, 1, 1),
        "w5": (1, 0, 0), "w6": (1, 1, 0), "w7": (1, 0, 1), "w8": (1, 1, 1)}
#: The bias of each neuron in B[layer, j, copy].
NEURON_SLOT = {"b_h1": (0, 0), "b_h2": (0, 1), "b_o1": (1, 0), "b_o2": (1, 1)}


@cache
def _delta_program(output: str, loss: str) -> InPlace:
    # The 2-2-2 engine's product dE/dout * dout/dnet, not a cancelled form: same bits.
    product = sp.Mul(LOSSES[loss].derivative.subs(o, y), slope_expr(output), evaluate=False)
    return compile_inplace(product, (t, x, y))


@cache
def _program(expr: sp.Expr, args: tuple) -> InPlace:
    return compile_inplace(expr, args)


@dataclass(frozen=True, eq=False)
class Sweep:
    """The end of training for every learning rate.

    `E_total[k]` is the error after `steps` updates with `learning_rates[k]`;
    `diverged[k]` is True when a parameter left [-1e6, 1e6] or stopped being
    finite (the 2-2-2 engine would have stopped with an error). `history`
    holds E_total every `record_every` updates (shape (records, copies)).
    """

    start: Params
    options: Options
    steps: int
    learning_rates: np.ndarray
    E_total: np.ndarray
    diverged: np.ndarray
    parameters: dict[str, np.ndarray]
    recorded_steps: np.ndarray
    history: np.ndarray

    def __repr__(self) -> str:
        return (f"Sweep({self.learning_rates.size} learning rates, {self.steps} updates, "
                f"{int(self.diverged.sum())} diverged)")

    @property
    def best(self) -> float:
        """The learning rate with the smallest final error among those that did not diverge."""
        errors = np.where(self.diverged, np.inf, self.E_total)
        return float(self.learning_rates[int(np.argmin(errors))])


def check_rates(learning_rates) -> np.ndarray:
    rates = np.asarray(learning_rates, dtype=float)
    if rates.ndim != 1 or rates.size == 0:
        raise ParameterError("learning_rates", Described(f"an array of shape {rates.shape}"),
                             "not a list of learning rates", "a 1-D list of numbers, at least one")
    for k, rate in enumerate(rates):
        try:
            check_learning_rate(float(rate))
        except ParameterError:
            raise ParameterError(f"learning_rates[{k}]", float(rate), "not a usable step size",
                                 "numbers greater than 0 and at most 1000") from None
    return rates


class Copies:
    """N copies of the 2-2-2 network as vectors, with buffers allocated once.

    `P[layer, k, j]` holds W[1] and W[2] (see SLOT), `B[layer, j]` the bias of
    each neuron, and every quantity of one layer (net, out, delta) is a block
    of shape (2, N): row j is neuron j of every copy. The views used in each
    step are made once here; a step is then some thirty numpy calls.
    """

    def __init__(self, params: Params, options: Options, learning_rates: np.ndarray, *,
                 trainable: tuple[str, ...] | None = None):
        check(params, options)
        self.options = options
        # Lesson 15 trains two weights only, so that descent stays on the surface it draws.
        self.mask = None
        if trainable is not None:
            unknown = [name for name in trainable if name not in SLOT]
            if unknown or options.bias != "frozen" or options.order != "simultaneous":
                raise ParameterError("trainable", unknown or trainable,
                                     "only weights can be trained on their own",
                                     "names from w1..w8, with bias='frozen' and "
                                     "order='simultaneous'")
            self.mask = np.zeros((2, 2, 2, 1))
            for name in trainable:
                self.mask[SLOT[name]] = 1.0
        n = learning_rates.size
        self.lr = learning_rates
        self.P = np.empty((2, 2, 2, n))
        for name, slot in SLOT.items():
            self.P[slot] = getattr(params, name)
        self.B = np.empty((2, 2, n))
        for name, slot in NEURON_SLOT.items():
            neuron = name[2:]
            self.B[slot] = params.bias(neuron) if options.bias == "per-neuron" \
                else getattr(params, "b1" if neuron[0] == "h" else "b2")
        # Constants are spelled out to full size once: numpy's fast path is for
        # arrays of equal shape, and broadcasting costs more than the arithmetic.
        self.i1, self.i2 = params.i1, params.i2
        self.I = np.empty((2, 2, n))
        self.I[0], self.I[1] = params.i1, params.i2
        self.T = np.empty((2, n))
        self.T[0], self.T[1] = params.target_o1, params.target_o2
        self.lr_full = np.empty((2, 2, 2, n))
        self.lr_full[...] = learning_rates
        self.dP = np.empty_like(self.P)
        self.terms = np.empty((2, 2, n))     # terms[k, j] = w_jk a_k (or delta_j w_jk)
        self.net = np.empty((2, 2, n))       # net[0]: hidden layer, net[1]: output layer
        self.out = np.empty((2, 2, n))
        self.delta = np.empty((2, 2, n))
        self.dout_h = np.empty((2, n))
        self.dB = np.empty((2, 2, n))
        self.dB_shared = np.empty((2, n))
        self.E = np.empty((2, n))
        self.act_h = _program(ACTIVATIONS[options.hidden_activation].expr, (x,))
        self.act_o = _program(ACTIVATIONS[options.output_activation].expr, (x,))
        self.delta_o = _delta_program(options.output_activation, options.loss)
        self.back_h = backward_program(options.hidden_activation)
        self.loss = _program(LOSSES[options.loss].expr, (t, o))
        layer = self.out[0]
        self.buffers = {name: program.buffers(layer) for name, program in
                        (("act_h", self.act_h), ("act_o", self.act_o), ("delta_o", self.delta_o),
                         ("back_h", self.back_h), ("loss", self.loss))}
        # Views, made once: slicing costs as much as a small ufunc call.
        self._v = dict(
            W1=self.P[0], W2=self.P[1], dW1=self.dP[0], dW2=self.dP[1],
            term0=self.terms[0], term1=self.terms[1], terms_j0=self.terms[:, 0],
            terms_j1=self.terms[:, 1], net_h=self.net[0], net_o=self.net[1],
            out_h=self.out[0], out_o=self.out[1], out_h_k=self.out[0][:, None, :],
            delta_h=self.delta[0], delta_o=self.delta[1], delta_h_j=self.delta[0][None],
            delta_o_j=self.delta[1][None], B1=self.B[0], B2=self.B[1],
            B_first=self.B[:, 0], B_second=self.B[:, 1], delta_first=self.delta[:, 0],
            delta_second=self.delta[:, 1], dW1_0=self.dP[0, 0], dW1_1=self.dP[0, 1],
            lr_W1=self.lr_full[0], lr_W2=self.lr_full[1], lr_B=self.lr_full[0],
            lr_shared=self.lr_full[0, 0])
        self._act_h = (self.act_h.function, self.buffers["act_h"])
        self._act_o = (self.act_o.function, self.buffers["act_o"])
        self._delta_o = (self.delta_o.function, self.buffers["delta_o"])
        self._back_h = (self.back_h.function, self.buffers["back_h"])

    def __repr__(self) -> str:
        return f"Copies({self.lr.size} copies of the 2-2-2 network, {self.options!r})"

    def forward(self) -> None:
        v = self._v
        # net_h1 = w1*i1 + w2*i2 + b_h1 for both hidden neurons and every copy at once.
        np.multiply(v["W1"], self.I, self.terms)
        np.add(v["term0"], v["term1"], v["net_h"])
        np.add(v["net_h"], v["B1"], v["net_h"])
        function, buffers = self._act_h
        function(v["net_h"], v["out_h"], *buffers)
        # net_o1 = w5*out_h1 + w6*out_h2 + b_o1.
        np.multiply(v["W2"], v["out_h_k"], self.terms)
        np.add(v["term0"], v["term1"], v["net_o"])
        np.add(v["net_o"], v["B2"], v["net_o"])
        function, buffers = self._act_o
        function(v["net_o"], v["out_o"], *buffers)

    def error(self) -> np.ndarray:
        """E_total = E_o1 + E_o2 for every copy, after `forward`."""
        self.loss(self.T, self._v["out_o"], out=self.E, buffers=self.buffers["loss"])
        return self.E[0] + self.E[1]

    def step(self) -> None:
        """One update of every copy: forward pass, gradients, and the move downhill."""
        self.forward()
        v = self._v
        output_first = self.options.order == "output-first"
        function, buffers = self._delta_o
        function(self.T, v["net_o"], v["out_o"], v["delta_o"], *buffers)
        # dE_dw5 = delta_o1 * out_h1 and its three siblings.
        np.multiply(v["delta_o_j"], v["out_h_k"], v["dW2"])
        if output_first:
            # w5..w8 move first; the hidden layer's chain then runs through the new weights.
            np.multiply(v["dW2"], v["lr_W2"], v["dW2"])
            np.subtract(v["W2"], v["dW2"], v["W2"])
        # dE_total_dout_h1 = delta_o1 * w5 + delta_o2 * w7: the two paths into h1.
        np.multiply(v["W2"], v["delta_o_j"], self.terms)
        np.add(v["terms_j0"], v["terms_j1"], self.dout_h)
        function, buffers = self._back_h
        function(self.dout_h, v["net_h"], v["out_h"], v["delta_h"], *buffers)
        # dE_dw1 = delta_h1 * i1 and its three siblings.
        np.multiply(v["delta_h"], self.i1, v["dW1_0"])
        np.multiply(v["delta_h"], self.i2, v["dW1_1"])
        if self.mask is not None:
            np.multiply(self.dP, self.mask, self.dP)
        if output_first:
            np.multiply(v["dW1"], v["lr_W1"], v["dW1"])
            np.subtract(v["W1"], v["dW1"], v["W1"])
        else:
            np.multiply(self.dP, self.lr_full, self.dP)
            np.subtract(self.P, self.dP, self.P)
        bias = self.options.bias
        if bias == "per-neuron":
            np.multiply(self.delta, v["lr_B"], self.dB)
            np.subtract(self.B, self.dB, self.B)
        elif bias == "shared":
            # dE_db1 = delta_h1 + delta_h2: b1 feeds both hidden neurons.
            np.add(v["delta_first"], v["delta_second"], self.dB_shared)
            np.multiply(self.dB_shared, v["lr_shared"], self.dB_shared)
            np.subtract(v["B_first"], self.dB_shared, v["B_first"])
            np.copyto(v["B_second"], v["B_first"])

    def parameters(self) -> dict[str, np.ndarray]:
        values = {name: self.P[slot].copy() for name, slot in SLOT.items()}
        if self.options.bias == "per-neuron":
            values.update({name: self.B[slot].copy() for name, slot in NEURON_SLOT.items()})
        else:
            values.update(b1=self.B[0, 0].copy(), b2=self.B[1, 0].copy())
        return values

    def diverged(self) -> np.ndarray:
        everything = np.concatenate([self.P.reshape(-1, self.lr.size),
                                     self.B.reshape(-1, self.lr.size)])
        with np.errstate(invalid="ignore"):
            return ~np.all(np.abs(everything) <= DIVERGED, axis=0)


def sweep(learning_rates, *, steps: int = 10_000, params: Params = CLASSIC,
          options: Options | None = None, record_every: int | None = None, **choices) -> Sweep:
    """Train one copy of the 2-2-2 network per learning rate, all at once, for `steps` updates."""
    opts = Options.resolve(options, choices)
    rates = check_rates(learning_rates)
    steps = check_steps(steps)
    if record_every is not None and (isinstance(record_every, bool)
                                     or not isinstance(record_every, Integral)
                                     or record_every < 1):
        raise ParameterError("record_every", record_every, "not a whole number of updates",
                             "a whole number from 1 up, or None")
    copies = Copies(params, opts, rates)
    recorded, history = [], []
    with np.errstate(all="ignore"):
        for k in range(steps):
            if record_every is not None and k % record_every == 0:
                copies.forward()
                recorded.append(k)
                history.append(copies.error())
            copies.step()
        copies.forward()
        final = copies.error()
    recorded.append(steps)
    history.append(final)
    return Sweep(params, opts, steps, rates, final, copies.diverged(), copies.parameters(),
                 np.array(recorded), np.array(history))


def train_loop(learning_rates, *, steps: int = 10_000, params: Params = CLASSIC,
               options: Options | None = None, **choices) -> np.ndarray:
    """The same training in plain Python floats, one network after the other (final E_total)."""
    opts = Options.resolve(options, choices)
    rates = check_rates(learning_rates)
    steps = check_steps(steps)
    check(params, opts)
    return np.array([_train_one(params, opts, float(rate), steps) for rate in rates])


def _train_one(p: Params, opts: Options, lr: float, steps: int) -> float:
    act_h = ACTIVATIONS[opts.hidden_activation]
    act_o = ACTIVATIONS[opts.output_activation]
    loss = LOSSES[opts.loss]
    w1, w2, w3, w4, w5, w6, w7, w8 = (getattr(p, n) for n in WEIGHTS)
    if opts.bias == "per-neuron":
        b_h1, b_h2, b_o1, b_o2 = (p.bias(n) for n in ("h1", "h2", "o1", "o2"))
    else:
        b_h1 = b_h2 = p.b1
        b_o1 = b_o2 = p.b2
    i1, i2, t1, t2 = p.i1, p.i2, p.target_o1, p.target_o2
    output_first = opts.order == "output-first"
    for _ in range(steps):
        net_h1 = w1 * i1 + w2 * i2 + b_h1
        out_h1 = act_h(net_h1)
        net_h2 = w3 * i1 + w4 * i2 + b_h2
        out_h2 = act_h(net_h2)
        net_o1 = w5 * out_h1 + w6 * out_h2 + b_o1
        out_o1 = act_o(net_o1)
        net_o2 = w7 * out_h1 + w8 * out_h2 + b_o2
        out_o2 = act_o(net_o2)
        delta_o1 = loss.slope(t1, out_o1) * act_o.slope(net_o1, out_o1)
        delta_o2 = loss.slope(t2, out_o2) * act_o.slope(net_o2, out_o2)
        new5, new6 = w5 - lr * (delta_o1 * out_h1), w6 - lr * (delta_o1 * out_h2)
        new7, new8 = w7 - lr * (delta_o2 * out_h1), w8 - lr * (delta_o2 * out_h2)
        v5, v6, v7, v8 = (new5, new6, new7, new8) if output_first else (w5, w6, w7, w8)
        delta_h1 = (delta_o1 * v5 + delta_o2 * v7) * act_h.slope(net_h1, out_h1)
        delta_h2 = (delta_o1 * v6 + delta_o2 * v8) * act_h.slope(net_h2, out_h2)
        w1, w2 = w1 - lr * (delta_h1 * i1), w2 - lr * (delta_h1 * i2)
        w3, w4 = w3 - lr * (delta_h2 * i1), w4 - lr * (delta_h2 * i2)
        w5, w6, w7, w8 = new5, new6, new7, new8
        if opts.bias == "per-neuron":
            b_h1, b_h2 = b_h1 - lr * delta_h1, b_h2 - lr * delta_h2
            b_o1, b_o2 = b_o1 - lr * delta_o1, b_o2 - lr * delta_o2
        elif opts.bias == "shared":
            b_h1 = b_h2 = b_h1 - lr * (delta_h1 + delta_h2)
            b_o1 = b_o2 = b_o1 - lr * (delta_o1 + delta_o2)
    out_h1 = act_h(w1 * i1 + w2 * i2 + b_h1)
    out_h2 = act_h(w3 * i1 + w4 * i2 + b_h2)
    out_o1 = act_o(w5 * out_h1 + w6 * out_h2 + b_o1)
    out_o2 = act_o(w7 * out_h1 + w8 * out_h2 + b_o2)
    E = loss(t1, out_o1) + loss(t2, out_o2)
    return E if math.isfinite(E) else math.nan


def log_rates(low: float, high: float, count: int) -> np.ndarray:
    """`count` learning rates evenly spaced on a log scale from `low` to `high`."""
    low, high = check_learning_rate(low), check_learning_rate(high)
    if isinstance(count, bool) or not isinstance(count, Integral) or not 1 <= count <= 1_000_000:
        raise ParameterError("count", count, "not a usable number of learning rates",
                             "a whole number from 1 to 1000000")
    if low > high:
        raise ParameterError("low", low, f"above high = {high}", "low <= high")
    return np.geomspace(low, high, int(count))

