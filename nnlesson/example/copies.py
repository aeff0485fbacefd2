"""Many copies of the 2-2-2 network trained at once, each with its own learning rate.

Taught in lesson 19, "Gradient descent and the learning rate". Every number of
the worked example (w1, net_h1, delta_o1, ...) becomes a vector with one entry
per copy, so one numpy operation does one step of the arithmetic for all
copies. The arithmetic is the 2-2-2 engine's, in the same order, with the
activations and losses compiled from the same sympy definitions, so copy k
ends where ``nnlesson.example.engine.train`` with learning rate k ends, to rounding.

"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from ..errors import Described, ParameterError, check_learning_rate
from ..language import _
from ..maths.compare import Agreement, agree
from ..maths.kernels import ACTIVATION, BACKWARD, LOSS, Scratch, output_delta
from .engine import DIVERGED
from .params import CLASSIC, Options, Params, check
from .training import check_steps, train

__all__ = ["Copies", "NEURON_SLOT", "SLOT", "Sweep", "TRAINING_TOLERANCE", "agrees_with_engine",
           "check_rates", "log_rates", "sweep"]

#: Where each weight sits in the stacked array P[layer, k, j, copy]: the weight into
#: neuron j from neuron (or input) k. With k first, the terms w_j0 a_0 and w_j1 a_1 of
#: every net input are two contiguous blocks, which is what keeps the sweep fast.
SLOT = {"w1": (0, 0, 0), "w2": (0, 1, 0), "w3": (0, 0, 1), "w4": (0, 1, 1),
        "w5": (1, 0, 0), "w6": (1, 1, 0), "w7": (1, 0, 1), "w8": (1, 1, 1)}
#: The bias of each neuron in B[layer, j, copy].
NEURON_SLOT = {"b_h1": (0, 0), "b_h2": (0, 1), "b_o1": (1, 0), "b_o2": (1, 1)}


@dataclass(frozen=True, eq=False, kw_only=True)
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
    try:
        rates = np.asarray(learning_rates, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("learning_rates", Described(repr(learning_rates)[:60]),
                             _("not numbers"), _("a 1-D list of numbers, at least one")) from None
    if rates.ndim != 1 or rates.size == 0:
        raise ParameterError(
            "learning_rates",
            Described(_("an array of shape {shape}", shape=rates.shape)),
            _("not a list of learning rates"),
            _("a 1-D list of numbers, at least one"),
        )
    for k, rate in enumerate(rates):
        try:
            check_learning_rate(float(rate))
        except ParameterError:
            raise ParameterError(
                f"learning_rates[{k}]",
                float(rate),
                _("not a usable step size"),
                _("numbers greater than 0 and at most 1000"),
            ) from None
    return rates


class Copies:
    """N copies of the 2-2-2 network as vectors, with buffers allocated once.

    `P[layer, k, j]` holds W[1] and W[2] (see SLOT), `B[layer, j]` the bias of
    each neuron, and every quantity of one layer (net, out, delta) is a block
    of shape (2, N): row j is neuron j of every copy. The views used in each
    step are made once here; a step is then some thirty numpy calls.
    """

    def __init__(
        self,
        params: Params,
        options: Options,
        learning_rates: np.ndarray,
        *,
        trainable: tuple[str, ...] | None = None,
    ):
        check(params, options)
        self.options = options
        # Lesson 19 trains two weights only, so that descent stays on the surface it draws.
        self.mask = None
        if trainable is not None:
            unknown = [name for name in trainable if name not in SLOT]
            if unknown or options.bias != "frozen" or options.order != "simultaneous":
                raise ParameterError(
                    "trainable",
                    unknown or trainable,
                    _("only weights can be trained on their own"),
                    _("names from w1..w8, with bias='frozen' and order='simultaneous'"),
                )
            self.mask = np.zeros((2, 2, 2, 1))
            for name in trainable:
                self.mask[SLOT[name]] = 1.0
        n = learning_rates.size
        self.lr = learning_rates
        self.P = np.empty((2, 2, 2, n))
        for name, slot in SLOT.items():
            self.P[slot] = getattr(params, name)
        self.B = np.empty((2, 2, n))
        for name, neuron_slot in NEURON_SLOT.items():
            neuron = name[2:]
            self.B[neuron_slot] = (
                params.bias(neuron)
                if options.bias == "per-neuron"
                else getattr(params, "b1" if neuron[0] == "h" else "b2")
            )
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
        self.terms = np.empty((2, 2, n))  # terms[k, j] = w_jk a_k (or delta_j w_jk)
        self.net = np.empty((2, 2, n))  # net[0]: hidden layer, net[1]: output layer
        self.out = np.empty((2, 2, n))
        self.delta = np.empty((2, 2, n))
        self.dout_h = np.empty((2, n))
        self.dB = np.empty((2, 2, n))
        self.dB_shared = np.empty((2, n))
        self.E = np.empty((2, n))
        # The general network's kernels (nnlesson.maths.kernels), on blocks of shape (2, N).
        self.act_h = ACTIVATION[options.hidden_activation]
        self.act_o = ACTIVATION[options.output_activation]
        self.delta_o = output_delta(options.output_activation, options.loss)
        self.back_h = BACKWARD[options.hidden_activation]
        self.loss = LOSS[options.loss]
        self.scratch = Scratch.like(self.out[0])
        # Views, made once: slicing costs as much as a small ufunc call.
        self._v = dict(
            W1=self.P[0],
            W2=self.P[1],
            dW1=self.dP[0],
            dW2=self.dP[1],
            term0=self.terms[0],
            term1=self.terms[1],
            terms_j0=self.terms[:, 0],
            terms_j1=self.terms[:, 1],
            net_h=self.net[0],
            net_o=self.net[1],
            out_h=self.out[0],
            out_o=self.out[1],
            out_h_k=self.out[0][:, None, :],
            delta_h=self.delta[0],
            delta_o=self.delta[1],
            delta_h_j=self.delta[0][None],
            delta_o_j=self.delta[1][None],
            B1=self.B[0],
            B2=self.B[1],
            B_first=self.B[:, 0],
            B_second=self.B[:, 1],
            delta_first=self.delta[:, 0],
            delta_second=self.delta[:, 1],
            dW1_0=self.dP[0, 0],
            dW1_1=self.dP[0, 1],
            lr_W1=self.lr_full[0],
            lr_W2=self.lr_full[1],
            lr_B=self.lr_full[0],
            lr_shared=self.lr_full[0, 0],
        )
        self.forward, self.step = self._compile()

    def __repr__(self) -> str:
        return f"Copies({self.lr.size} copies of the 2-2-2 network, {self.options!r})"

    def _compile(self):
        """`forward` and `step` as closures over the buffers and views.

        A step is some thirty numpy calls on arrays of a few thousand numbers, so
        Python's own overhead counts, so the closures use local names instead of
        attribute and dict look-ups. The arithmetic reads as the lesson's.
        """
        v, mul, add, sub = self._v, np.multiply, np.add, np.subtract
        P, dP, I, T, terms, dout_h, lr_full = (
            self.P,
            self.dP,
            self.I,
            self.T,
            self.terms,
            self.dout_h,
            self.lr_full,
        )
        W1, W2, dW1, dW2, B1, B2 = v["W1"], v["W2"], v["dW1"], v["dW2"], v["B1"], v["B2"]
        term0, term1, terms_j0, terms_j1 = v["term0"], v["term1"], v["terms_j0"], v["terms_j1"]
        net_h, net_o, out_h, out_o = v["net_h"], v["net_o"], v["out_h"], v["out_o"]
        out_h_k, delta_h, delta_o, delta_o_j = (
            v["out_h_k"],
            v["delta_h"],
            v["delta_o"],
            v["delta_o_j"],
        )
        dW1_0, dW1_1, i1, i2 = v["dW1_0"], v["dW1_1"], self.i1, self.i2
        act_h, act_o, delta_of_o, back_h = self.act_h, self.act_o, self.delta_o, self.back_h
        scratch = self.scratch
        output_first = self.options.order == "output-first"
        mask, bias = self.mask, self.options.bias

        def forward() -> None:
            # net_h1 = w1*i1 + w2*i2 + b_h1 for both hidden neurons and every copy at once.
            mul(W1, I, terms)
            add(term0, term1, net_h)
            add(net_h, B1, net_h)
            act_h(net_h, out_h, scratch)
            # net_o1 = w5*out_h1 + w6*out_h2 + b_o1.
            mul(W2, out_h_k, terms)
            add(term0, term1, net_o)
            add(net_o, B2, net_o)
            act_o(net_o, out_o, scratch)

        def step() -> None:
            forward()
            # delta_o1 = dE_total/dout_o1 * dout_o1/dnet_o1, compiled from the sympy definitions.
            delta_of_o(T, net_o, out_o, delta_o, scratch)
            # dE_dw5 = delta_o1 * out_h1 and its three siblings.
            mul(delta_o_j, out_h_k, dW2)
            if output_first:
                # w5..w8 move first; the hidden layer's chain then runs through the new weights.
                mul(dW2, v["lr_W2"], dW2)
                sub(W2, dW2, W2)
            # dE_total_dout_h1 = delta_o1 * w5 + delta_o2 * w7: the two paths into h1.
            mul(W2, delta_o_j, terms)
            add(terms_j0, terms_j1, dout_h)
            back_h(dout_h, net_h, out_h, delta_h, scratch)
            # dE_dw1 = delta_h1 * i1 and its three siblings.
            mul(delta_h, i1, dW1_0)
            mul(delta_h, i2, dW1_1)
            if mask is not None:
                mul(dP, mask, dP)
            if output_first:
                mul(dW1, v["lr_W1"], dW1)
                sub(W1, dW1, W1)
            else:
                mul(dP, lr_full, dP)
                sub(P, dP, P)
            if bias == "per-neuron":
                mul(self.delta, v["lr_B"], self.dB)
                sub(self.B, self.dB, self.B)
            elif bias == "shared":
                # dE_db1 = delta_h1 + delta_h2: b1 feeds both hidden neurons.
                add(v["delta_first"], v["delta_second"], self.dB_shared)
                mul(self.dB_shared, v["lr_shared"], self.dB_shared)
                sub(v["B_first"], self.dB_shared, v["B_first"])
                np.copyto(v["B_second"], v["B_first"])

        forward.__doc__ = "The forward pass of every copy (net and out of both layers)."
        step.__doc__ = "One update of every copy: forward pass, gradients, the move downhill."
        return forward, step

    def error(self) -> np.ndarray:
        """E_total = E_o1 + E_o2 for every copy, after `forward`."""
        self.loss(self.T, self._v["out_o"], self.E, self.scratch)
        return self.E[0] + self.E[1]

    def parameters(self) -> dict[str, np.ndarray]:
        values = {name: self.P[slot].copy() for name, slot in SLOT.items()}
        if self.options.bias == "per-neuron":
            values.update({name: self.B[slot].copy() for name, slot in NEURON_SLOT.items()})
        else:
            values.update(b1=self.B[0, 0].copy(), b2=self.B[1, 0].copy())
        return values

    def diverged(self) -> np.ndarray:
        everything = np.concatenate(
            [self.P.reshape(-1, self.lr.size), self.B.reshape(-1, self.lr.size)]
        )
        with np.errstate(invalid="ignore"):
            return ~np.all(np.abs(everything) <= DIVERGED, axis=0)


#: How far one copy of the sweep may end from the 2-2-2 engine's training. Every update
#: of either may round differently in the last bit (numpy's vectorised exp against
#: Python's math.exp); descent at a stable rate pulls the two back together rather than
#: apart, so after 10,000 updates the parameters still agree to a few EPS. E_total is a
#: square of target - out, which is small after training, so its relative difference is
#: larger: measured at most 118 EPS (2.6e-14) in tests/test_sweep.py's cases.
TRAINING_TOLERANCE = 1e-12


def agrees_with_engine(
    learning_rate: float = 0.5,
    *,
    steps: int = 10_000,
    params: Params = CLASSIC,
    options: Options | None = None,
) -> Agreement:
    """Whether one copy of the sweep ends where nnlesson.train ends, to rounding (lesson 19)."""
    one = sweep([learning_rate], steps=steps, params=params, options=options)
    alone = train(params.replace(learning_rate=learning_rate), steps=steps, options=options)
    ends = [one.E_total[0], *(values[0] for values in one.parameters.values())]
    alone_ends = [alone.E_total[-1], *(alone.parameters[n][-1] for n in one.parameters)]
    return agree(ends, alone_ends, to=TRAINING_TOLERANCE, scale=0.0)


def sweep(
    learning_rates,
    *,
    steps: int = 10_000,
    params: Params = CLASSIC,
    options: Options | None = None,
    record_every: int | None = None,
    **choices,
) -> Sweep:
    """Train one copy of the 2-2-2 network per learning rate, all at once, for `steps` updates."""
    opts = Options.resolve(options, choices)
    rates = check_rates(learning_rates)
    steps = check_steps(steps)
    if record_every is not None and (
        isinstance(record_every, bool) or not isinstance(record_every, Integral) or record_every < 1
    ):
        raise ParameterError(
            "record_every",
            record_every,
            _("not a whole number of updates"),
            _("a whole number from 1 up, or None"),
        )
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
    return Sweep(
        start=params,
        options=opts,
        steps=steps,
        learning_rates=rates,
        E_total=final,
        diverged=copies.diverged(),
        parameters=copies.parameters(),
        recorded_steps=np.array(recorded),
        history=np.array(history),
    )


def log_rates(low: float, high: float, count: int) -> np.ndarray:
    """`count` learning rates evenly spaced on a log scale from `low` to `high`."""
    low, high = check_learning_rate(low), check_learning_rate(high)
    if isinstance(count, bool) or not isinstance(count, Integral) or not 1 <= count <= 1_000_000:
        raise ParameterError(
            "count",
            count,
            _("not a usable number of learning rates"),
            _("a whole number from 1 to 1000000"),
        )
    if low > high:
        raise ParameterError("low", low, _("above high = {high}", high=high), _("low <= high"))
    return np.geomspace(low, high, int(count))
