"""Write it yourself: a learner's own forward and backward pass, checked, with the slip named.

Taught in lesson 12, "Write it yourself: the 2-2-2 network", lesson 16, "Write it yourself:
the 3-4-2 network", and lesson 17, "Write it yourself: the matrix form". One call runs the
learner's function, compares every quantity in lesson order with the engine (or the general
network) and every gradient with central differences, and says which quantity differs first
and, when it is a known slip, which one. It never raises for the learner's mistake.

The learner's function, called with keywords (fresh copies every call):

- lesson 12: ``fn(i1, i2, w1, ..., w8, b1, b2, target_o1, target_o2, learning_rate)``, plain
  floats; returns a dict of the 33 numbers in `TWO_TWO_TWO` (forward pass, errors, deltas,
  gradients, updated weights);
- lessons 16 and 17: ``fn(W, b, X, Y)``, W = [None, W[1], W[2]] and b = [None, b[1], b[2]]
  (float arrays, indexed like the lessons), X of shape (3, m), Y of shape (2, m), m = 1 in
  lesson 16; returns a dict of the arrays in `MATRIX_QUANTITIES` ("Z[1]" ... "db[1]", J a number).

What a slip gives is computed by the matrix formulas of lesson 15 with that one slip put in
(`_slipped`); with no slip they are the general network's, and where an input or option makes
the same mistake the engine agrees with them (mirrored targets for the sign, the squared loss
for the ½, the output-first order for an updated weight): tests/test_yourself.py checks both.
"""

from __future__ import annotations

import inspect
import io
import itertools
import re
import tokenize
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..example import engine
from ..example.finite_differences import central_difference
from ..example.params import (
    CLASSIC,
    FIELDS,
    INPUTS,
    LAYER_BIASES,
    TARGETS,
    WEIGHTS,
    Params,
)
from ..formatting import fmt
from ..language import _, join
from ..maths.compare import agree
from ..mlp.gradcheck import gradient_check
from ..mlp.matrix_form import NEURONS, WEIGHT_ENTRIES, from_params
from ..mlp.network import Network, Parameters, init
from ..mlp.passes import gradients as network_gradients

__all__ = ["Blank", "DIAGNOSIS_KINDS", "Diagnosis", "EXERCISES", "GRADIENT_TOLERANCE",
           "LEARNER_FLOOR", "LEARNER_TOLERANCE", "MATRIX_QUANTITIES", "SIZES_342", "SLIPS",
           "TWO_TWO_TWO", "blank", "check_matrix_form", "check_three_four_two",
           "check_two_two_two", "inputs_three_four_two", "inputs_two_two_two"]

#: The three exercises: lesson 12's, lesson 16's, lesson 17's.
EXERCISES = ("2-2-2", "3-4-2", "matrix form")

#: What the 2-2-2 function returns, in lesson order: the forward pass (lesson 03), the errors
#: (04), the output layer (05), the hidden layer (06) and the update (08, the trace's order).
TWO_TWO_TWO = (
    "net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2",
    "E_o1", "E_o2", "E_total",
    "delta_o1", "dE_dw5", "dE_dw6", "delta_o2", "dE_dw7", "dE_dw8",
    "dE_total_dout_h1", "delta_h1", "dE_dw1", "dE_dw2",
    "dE_total_dout_h2", "delta_h2", "dE_dw3", "dE_dw4",
    "w5_new", "w6_new", "w7_new", "w8_new", "w1_new", "w2_new", "w3_new", "w4_new",
)
_GRADIENTS_222 = tuple(f"dE_d{w}" for w in WEIGHTS)

#: What the 3-4-2 and matrix-form functions return, in lesson order (J is a number).
MATRIX_QUANTITIES = ("Z[1]", "A[1]", "Z[2]", "A[2]", "J", "dZ[2]", "dW[2]", "db[2]", "dA[1]",
                     "dZ[1]", "dW[1]", "db[1]")
_GRADIENTS_342 = ("dW[1]", "db[1]", "dW[2]", "db[2]")   # Parameters.vector's order

#: The network of lessons 16 and 17: three inputs, four hidden neurons, two outputs.
SIZES_342 = (3, 4, 2)

#: The slips the checker recognises, each by computing what it gives.
SLIPS = (
    "missing-path",          # a hidden gradient from one output only
    "updated-weight",        # w5+ instead of w5 on the way back
    "forward-orientation",   # w3 for w2 in net_h1; Z = W^T A + b
    "backward-orientation",  # w6 for w7 on the way back; dA = W dZ without the transpose
    "dW-orientation",        # another weight's gradient; dW without A_prev transposed
    "forgot-1/m",
    "doubled",               # the ½ dropped, or the 2 it cancels kept
    "halved",                # the ½ kept in the derivative
    "sign",                  # target - out instead of out - target
    "slope-of-net",          # net (1 - net) instead of out (1 - out)
    "db-sum",                # db not summed over the m examples into a column
)

#: What a diagnosis can say: all agree, a blank, an exception, a result that is not the
#: named numbers, a wrong shape, a number that is not finite, a number that differs.
DIAGNOSIS_KINDS = ("agree", "blank", "error", "result", "shape", "not-finite", "differs")

#: Your code and the engine may add in another order or use another but equal formula
#: (e^-x / (1 + e^-x)^2 for the slope): that moves the last digits of 16, and cancellation
#: in a sum of two paths may magnify it a thousandfold. A slip moves the first digits.
#: 1e-9 separates the two with room on both sides.
LEARNER_TOLERANCE = 1e-9
#: ... relative for numbers larger than this, absolute (1e-15) below it: a quantity that
#: is almost 0 carries only the rounding of the larger numbers it came from.
LEARNER_FLOOR = 1e-6
#: Central differences, (E(w + h) - E(w - h)) / 2h with h = 1e-6, are good to about 1e-10
#: (lesson 11): a gradient agrees with them when the difference is below 1e-6 of the
#: largest gradient, as in lesson 15.
GRADIENT_TOLERANCE = 1e-6

_FIRST_CODE_LINE = re.compile(r"^\s*([A-Za-z_]\w*)\s*=")
_MATRIX_NAME = re.compile(r"^(dW|dA|db|dZ|Z|A)(\d)$")


# -- the blanks -------------------------------------------------------------------------------


class Blank(NotImplementedError):
    """A line of a lesson's exercise that the learner has still to write (lessons 12 to 17)."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(_blank_sentence(name))

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the message is all a learner needs.
        return [f"{type(self).__name__}: {self}"]


def blank(name: str) -> Any:
    """Stands in for the line that computes `name`; raises `Blank`, which says what to write."""
    raise Blank(name)


def _blank_sentence(name: str) -> str:
    neuron = name.rsplit("_", 1)[-1]
    matrix = re.fullmatch(r"(dW|dA|db|dZ|Z|A)\[(\d)\]", name)
    if name.startswith("net_"):
        return _("Fill in this line: {name}, the net input of {neuron}: the weighted sum of "
                 "what flows into it, plus its bias (lesson 03).", name=name, neuron=neuron)
    if name.startswith("out_"):
        return _("Fill in this line: {name}, the output of {neuron}: the sigmoid of its net "
                 "input (lesson 03).", name=name, neuron=neuron)
    if name in ("E_o1", "E_o2"):
        return _("Fill in this line: {name}, the error of {neuron}: half the squared "
                 "difference between its target and its output (lesson 04).",
                 name=name, neuron=neuron)
    if name == "E_total":
        return _("Fill in this line: E_total, the sum of the errors of the outputs (lesson 04).")
    if name.startswith("delta_o"):
        return _("Fill in this line: {name}, the delta of {neuron}, ∂E_total/∂net_{neuron}: "
                 "∂E_total/∂out_{neuron} times the sigmoid's slope (lesson 05).",
                 name=name, neuron=neuron)
    if name.startswith("dE_total_dout_h"):
        return _("Fill in this line: {name}, ∂E_total/∂out_{neuron}: every path back from "
                 "the outputs into {neuron}, added up (lesson 06).", name=name, neuron=neuron)
    if name.startswith("delta_h"):
        return _("Fill in this line: {name}, the delta of {neuron}: ∂E_total/∂out_{neuron} "
                 "times the sigmoid's slope (lesson 06).", name=name, neuron=neuron)
    if name.startswith("dE_dw"):
        weight = name.removeprefix("dE_d")
        lesson = "05" if WEIGHT_ENTRIES.get(weight, (2,))[0] == 2 else "06"
        return _("Fill in this line: {name}, ∂E_total/∂{weight}: the delta of the neuron "
                 "{weight} feeds, times the value it carries (lesson {lesson}).",
                 name=name, weight=weight, lesson=lesson)
    if name.endswith("_new"):
        return _("Fill in this line: {name}, {weight} after one update: {weight} minus the "
                 "learning rate times its gradient (lesson 08).",
                 name=name, weight=name.removesuffix("_new"))
    if matrix:
        kind, l = matrix.groups()
        if kind == "Z":
            return _("Fill in this line: {name}, the net inputs of layer {l}: W[{l}] times the "
                     "layer before, plus b[{l}] (lesson 15).", name=name, l=l)
        if kind == "A":
            return _("Fill in this line: {name}, the outputs of layer {l}: the sigmoid of "
                     "Z[{l}], entry by entry (lesson 15).", name=name, l=l)
        if kind == "dZ":
            return _("Fill in this line: {name}, the deltas of layer {l}: ∂J/∂A[{l}] times "
                     "the sigmoid's slope, entry by entry (lesson 15).", name=name, l=l)
        if kind == "dW":
            return _("Fill in this line: {name}, ∂J/∂W[{l}], one number for each weight, the "
                     "shape of W[{l}] (lesson 15).", name=name, l=l)
        if kind == "db":
            return _("Fill in this line: {name}, ∂J/∂b[{l}], one number for each bias, the "
                     "shape of b[{l}] (lesson 15).", name=name, l=l)
        return _("Fill in this line: {name}, ∂J/∂A[{l}]: every path back from the layer "
                 "above, added up (lesson 15).", name=name, l=l)
    if name == "m":
        return _("Fill in this line: m, the number of examples: the number of columns of X "
                 "(lesson 15).")
    if name == "J":
        return _("Fill in this line: J, the cost: the error summed over the outputs and "
                 "averaged over the m examples (lesson 15).")
    return _("Fill in this line: {name}.", name=name)


# -- the diagnosis ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, eq=False)
class Diagnosis:
    """What the checker says of a learner's function: all agree, or what differs first and why.

    `quantity` is the first quantity that differs (or the blank reached), `slip` one of
    `SLIPS` when the difference is what that slip gives; `yours` and `expected` are the
    numbers compared there.
    """

    exercise: str
    kind: str
    message: str
    quantity: str = ""
    slip: str = ""
    yours: Any = None
    expected: Any = None

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.ok

    @property
    def ok(self) -> bool:
        """Whether every quantity agrees."""
        return self.kind == "agree"


# -- the slips, computed ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Variant:
    """One way to make one slip: in which layers, leaving out which output, updating which
    weights first, in which parts ("J", "dA", "dW", "db"), in which form (db-sum)."""

    slip: str
    layers: frozenset[int] = frozenset()
    output: int = -1
    updated: tuple[tuple[int, int], ...] = ()
    parts: frozenset[str] = frozenset()
    form: str = ""


def _slipped(W: list, b: list, X: np.ndarray, Y: np.ndarray, learning_rate: float,
             v: _Variant | None = None) -> dict[str, Any]:
    """Lesson 15's formulas for sigmoid layers and the ½ squared error, with `v`'s slip put in."""
    slip = v.slip if v else ""
    layers = v.layers if v else frozenset()
    parts = v.parts if v else frozenset()
    L, m = len(W) - 1, X.shape[1]
    Z: list[Any] = [None]
    A: list[Any] = [X]
    for l in range(1, L + 1):
        weights = W[l].T if slip == "forward-orientation" and l in layers else W[l]
        Z.append(weights @ A[l - 1] + b[l])
        A.append(1 / (1 + np.exp(-Z[l])))

    def slope(l: int) -> np.ndarray:
        if slip == "slope-of-net" and l in layers:
            return Z[l] * (1 - Z[l])
        return A[l] * (1 - A[l])

    def per_m(part: str) -> float:
        return 1.0 if slip == "forgot-1/m" and part in parts else 1.0 / m

    factor = {"doubled": 2.0, "halved": 0.5, "sign": -1.0}.get(slip, 1.0)
    E = 0.5 * (Y - A[L]) ** 2 * (2.0 if slip == "doubled" and "J" in parts else 1.0)
    J = float(np.sum(E)) * per_m("J")
    dZ: list[Any] = [None] * (L + 1)
    dW: list[Any] = [None] * (L + 1)
    db: list[Any] = [None] * (L + 1)
    dA: list[Any] = [None] * (L + 1)
    dZ[L] = (A[L] - Y) * (factor if "dA" in parts else 1.0) * slope(L)
    for l in range(L, 0, -1):
        dW[l] = dZ[l] @ A[l - 1].T * per_m("dW")
        db[l] = np.sum(dZ[l], axis=1, keepdims=True) * per_m("db")
        if slip == "dW-orientation" and l in layers:
            dW[l] = dW[l].T
        if slip == "db-sum" and l in layers:
            db[l] = {"unsummed": dZ[l], "flat": np.sum(dZ[l], axis=1),
                     "rows": np.sum(dZ[l], axis=0, keepdims=True)}[v.form if v else ""] / m
        if l > 1:
            back = W[l]
            if slip == "updated-weight" and l == L:
                back = W[l].copy()
                for i, j in (v.updated if v else ()):
                    back[i, j] -= learning_rate * dW[l][i, j]
            if slip == "backward-orientation" and l in layers:
                back = back.T
            paths = dZ[l]
            if slip == "missing-path" and l == L:
                paths = dZ[l].copy()
                paths[v.output if v else 0] = 0.0
            dA[l - 1] = back.T @ paths
            dZ[l - 1] = dA[l - 1] * slope(l - 1)
    values: dict[str, Any] = {"J": J, "E": E}
    for l in range(1, L + 1):
        values.update({f"Z[{l}]": Z[l], f"A[{l}]": A[l], f"dZ[{l}]": dZ[l], f"dW[{l}]": dW[l],
                       f"db[{l}]": db[l]})
        if l < L:
            values[f"dA[{l}]"] = dA[l]
        if dW[l].shape == W[l].shape:
            values[f"W_new[{l}]"] = W[l] - learning_rate * dW[l]
    return values


def _variants(W: list, m: int, *, update: bool) -> Iterator[_Variant]:
    """Every variant of every slip that can be made in a network with these weights, with m
    examples; `update`: whether the function also updates the weights (lesson 12's does)."""
    L = len(W) - 1
    square = frozenset(l for l in range(1, L + 1) if W[l].shape[0] == W[l].shape[1])

    def subsets(of: frozenset[int]) -> Iterator[frozenset[int]]:
        items = sorted(of)
        for k in range(1, len(items) + 1):
            for chosen in itertools.combinations(items, k):
                yield frozenset(chosen)

    all_layers = frozenset(range(1, L + 1))
    for k in range(W[L].shape[0]):
        yield _Variant("missing-path", output=k)
    entries = list(np.ndindex(W[L].shape)) if update else []
    for k in range(1, len(entries) + 1):
        for chosen in itertools.combinations(entries, k):
            yield _Variant("updated-weight", updated=tuple(chosen))
    for layers in subsets(square):
        yield _Variant("forward-orientation", layers=layers)
    for layers in subsets(square - {1}):
        yield _Variant("backward-orientation", layers=layers)
    for layers in subsets(all_layers):
        yield _Variant("dW-orientation", layers=layers)
    if m > 1:
        for parts in ({"J"}, {"dW", "db"}, {"J", "dW", "db"}, {"dW"}, {"db"}):
            yield _Variant("forgot-1/m", parts=frozenset(parts))
    for parts in ({"dA"}, {"J"}, {"J", "dA"}):
        yield _Variant("doubled", parts=frozenset(parts))
    yield _Variant("halved", parts=frozenset({"dA"}))
    yield _Variant("sign", parts=frozenset({"dA"}))
    for layers in subsets(all_layers):
        yield _Variant("slope-of-net", layers=layers)
    for form in ("unsummed", "flat", "rows") if not update else ():
        for layers in subsets(all_layers):
            yield _Variant("db-sum", layers=layers, form=form)


def _named(values: Mapping[str, Any]) -> dict[str, Any]:
    """The matrix quantities of the 2-2-2 network by the post's names (m = 1)."""
    out: dict[str, Any] = {}
    for neuron, (l, r) in NEURONS.items():
        out[f"net_{neuron}"] = values[f"Z[{l}]"][r, 0]
        out[f"out_{neuron}"] = values[f"A[{l}]"][r, 0]
        out[f"delta_{neuron}"] = values[f"dZ[{l}]"][r, 0]
        if l == 1:
            out[f"dE_total_dout_{neuron}"] = values["dA[1]"][r, 0]
        else:
            out[f"E_{neuron}"] = values["E"][r, 0]
    out["E_total"] = values["J"]
    for weight, (l, i, j) in WEIGHT_ENTRIES.items():
        out[f"dE_d{weight}"] = values[f"dW[{l}]"][i, j]
        out[f"{weight}_new"] = values[f"W_new[{l}]"][i, j]
    return {name: float(out[name]) for name in TWO_TWO_TWO}


# -- the cases: numbers, what they should give, what each slip gives -------------------------


@dataclass(frozen=True, kw_only=True, eq=False)
class _Case:
    """One set of numbers: the function's inputs, the right results, central differences."""

    inputs: Callable[[], dict[str, Any]]
    expected: dict[str, Any]
    numeric: dict[str, Any]
    predictions: Callable[[], list[tuple[_Variant, dict[str, Any]]]]
    note: str   # "" for the first set; else a sentence saying which numbers these are
    m: int = 1


def inputs_two_two_two(params: Params = CLASSIC) -> dict[str, float]:
    """The keyword arguments of lesson 12's function: inputs, weights, biases, targets, rate."""
    _check_layer_biases(params)
    return {name: float(getattr(params, name)) for name in FIELDS}


def _check_layer_biases(params: Params) -> None:
    if not isinstance(params, Params):
        raise ParameterError("params", type(params).__name__,
                             _("not the numbers of the 2-2-2 network"),
                             _("nnlesson.Params, such as CLASSIC"))
    if params.has_neuron_biases:
        raise ParameterError("params", params, _("has one bias per neuron"),
                             _("the post's two biases, b1 and b2"))


def _case_222(params: Params, note: str) -> _Case:
    fwd = engine.forward(params)
    grads = engine.gradients(params)
    after = engine.update(params).after
    known = {**vars(fwd), **grads.as_dict(), **{f"{w}_new": getattr(after, w) for w in WEIGHTS}}
    expected = {name: float(known[name]) for name in TWO_TWO_TWO}
    numeric = {f"dE_d{w}": central_difference(params, w) for w in WEIGHTS}

    def predictions() -> list[tuple[_Variant, dict[str, Any]]]:
        parameters, X, Y = from_params(params)[1:]
        W, b = list(parameters.W), list(parameters.b)
        with np.errstate(all="ignore"):
            return [(v, _named(_slipped(W, b, X, Y, params.learning_rate, v)))
                    for v in _variants(W, 1, update=True)]

    return _Case(inputs=lambda: inputs_two_two_two(params), expected=expected, numeric=numeric,
                 predictions=predictions, note=note)


def _random_params(rng: np.random.Generator) -> Params:
    values = {name: round(float(rng.uniform(-1, 1)), 2) for name in INPUTS + WEIGHTS
              + LAYER_BIASES}
    values.update({name: round(float(rng.uniform(0.05, 0.95)), 2) for name in TARGETS})
    return Params(**values)


def inputs_three_four_two(*, m: int = 1, seed: int = 16) -> dict[str, Any]:
    """The keyword arguments of lessons 16 and 17's function, seeded: W, b, X (3, m), Y (2, m).

    W and b are lists indexed like the lessons (item 0 is None); every array is a fresh,
    writable copy, so a function that changes them in place changes nothing here.
    """
    rng = np.random.default_rng(seed)
    params = init(_network(), rng, scheme="xavier")
    W = [None] + [np.round(w, 2) for w in params.W[1:]]
    b = [None] + [rng.uniform(-0.5, 0.5, size=(n, 1)).round(2) for n in SIZES_342[1:]]
    X = rng.uniform(-1, 1, size=(SIZES_342[0], m)).round(2)
    Y = rng.uniform(0, 1, size=(SIZES_342[-1], m)).round(2)
    return {"W": W, "b": b, "X": X, "Y": Y}


def _network() -> Network:
    return Network(SIZES_342, hidden="sigmoid", output="sigmoid", loss="half-squared")


def _case_342(m: int, seed: int, note: str) -> _Case:
    numbers = inputs_three_four_two(m=m, seed=seed)
    network = _network()
    params = Parameters.from_arrays(network, numbers["W"], numbers["b"])
    X, Y = numbers["X"], numbers["Y"]
    g = network_gradients(network, params, X, Y)
    expected: dict[str, Any] = {"J": g.cost}
    for l in (1, 2):
        expected.update({f"Z[{l}]": g.forward.Z[l], f"A[{l}]": g.forward.A[l],
                         f"dZ[{l}]": g.dZ[l], f"dW[{l}]": g.dW[l], f"db[{l}]": g.db[l]})
    expected["dA[1]"] = g.dA[1]
    vector = gradient_check(network, params, X, Y).numeric
    numeric: dict[str, Any] = {}
    at = 0
    for name in _GRADIENTS_342:
        shape = expected[name].shape
        numeric[name] = vector[at:at + expected[name].size].reshape(shape)
        at += expected[name].size

    def inputs() -> dict[str, Any]:
        return inputs_three_four_two(m=m, seed=seed)

    def predictions() -> list[tuple[_Variant, dict[str, Any]]]:
        W, b = numbers["W"], numbers["b"]
        with np.errstate(all="ignore"):
            return [(v, _slipped(W, b, X, Y, 0.5, v)) for v in _variants(W, m, update=False)]

    return _Case(inputs=inputs, expected=expected, numeric=numeric, predictions=predictions,
                 note=note, m=m)


# -- the checks -------------------------------------------------------------------------------


def check_two_two_two(fn: Callable[..., Any], params: Params = CLASSIC, *, seed: int = 12,
                      random_sets: int = 2) -> Diagnosis:
    """Lesson 12's check: `fn` against the engine and central differences, at `params`
    and at `random_sets` sets of random numbers (seeded), stopping at the first difference.

    `fn` is called as ``fn(**inputs_two_two_two(params))`` and returns a dict of the
    numbers named in `TWO_TWO_TWO`.
    """
    _check_layer_biases(params)
    rng = np.random.default_rng(seed)

    def cases() -> Iterator[_Case]:
        yield _case_222(params, "")
        for k in range(1, random_sets + 1):
            yield _case_222(_random_params(rng), _(
                "These are random numbers, set {k} of seed {seed}; with the numbers before "
                "them everything agrees.", k=k, seed=seed))

    first = _run_cases("2-2-2", fn, cases())
    if first is not None:
        return first
    if params == CLASSIC:
        return _agree("2-2-2", _(
            "All {count} quantities agree with the engine to {tolerance}, and the {gradients} "
            "gradients with central differences, for the classic numbers and {sets} sets of "
            "random numbers (seed {seed}).", count=len(TWO_TWO_TWO),
            tolerance=_tolerance(LEARNER_TOLERANCE), gradients=len(_GRADIENTS_222),
            sets=random_sets, seed=seed))
    return _agree("2-2-2", _(
        "All {count} quantities agree with the engine to {tolerance}, and the {gradients} "
        "gradients with central differences, for your numbers and {sets} sets of random "
        "numbers (seed {seed}).", count=len(TWO_TWO_TWO),
        tolerance=_tolerance(LEARNER_TOLERANCE), gradients=len(_GRADIENTS_222),
        sets=random_sets, seed=seed))


def check_three_four_two(fn: Callable[..., Any], *, seed: int = 16) -> Diagnosis:
    """Lesson 16's check: `fn` on one example (m = 1), for the numbers of `seed` and `seed + 1`.

    `fn` is called as ``fn(**inputs_three_four_two(seed=seed))`` and returns a dict of the
    arrays named in `MATRIX_QUANTITIES`.
    """
    return _check_matrix("3-4-2", fn, ((1, seed), (1, seed + 1)))


def check_matrix_form(fn: Callable[..., Any], *, m: int = 5, seed: int = 17) -> Diagnosis:
    """Lesson 17's check: `fn` on m examples at once (seed `seed`), then on m - 2 (`seed + 1`).

    The second set has another m, so that a number of examples typed into the function
    shows. `fn` is called as ``fn(**inputs_three_four_two(m=m, seed=seed))``.
    """
    if isinstance(m, bool) or not isinstance(m, int) or m < 3:
        raise ParameterError("m", m, _("too few examples to check the matrix form"),
                             _("a whole number from 3 up"))
    return _check_matrix("matrix form", fn, ((m, seed), (m - 2, seed + 1)))


def _check_matrix(exercise: str, fn: Callable[..., Any], sets: tuple[tuple[int, int], ...]
                  ) -> Diagnosis:
    def cases() -> Iterator[_Case]:
        for k, (m, seed) in enumerate(sets):
            note = "" if k == 0 else _(
                "These are the numbers of seed {seed}, with m = {m}; with the first set "
                "everything agrees.", seed=seed, m=m)
            yield _case_342(m, seed, note)

    first = _run_cases(exercise, fn, cases())
    if first is not None:
        return first
    entries = _network().parameter_count
    seeds = join([str(seed) for _m, seed in sets])
    if exercise == "3-4-2":
        return _agree(exercise, _(
            "All {count} quantities agree with the general network to {tolerance}, and the "
            "{gradients} entries of dW and db with central differences, for one example "
            "from each of seeds {seeds}.", count=len(MATRIX_QUANTITIES),
            tolerance=_tolerance(LEARNER_TOLERANCE), gradients=entries, seeds=seeds))
    return _agree(exercise, _(
        "All {count} quantities agree with the general network to {tolerance}, and the "
        "{gradients} entries of dW and db with central differences, for m = {first} and "
        "m = {second} examples (seeds {seeds}).", count=len(MATRIX_QUANTITIES),
        tolerance=_tolerance(LEARNER_TOLERANCE), gradients=entries, first=sets[0][0],
        second=sets[-1][0], seeds=seeds))


def _more(message: str, more: str) -> str:
    """Two sentences of a diagnosis, one after the other, as the language writes them."""
    return _("{message} {more}", message=message, more=more)


def _agree(exercise: str, message: str) -> Diagnosis:
    return Diagnosis(exercise=exercise, kind="agree", message=message)


def _tolerance(value: float) -> str:
    return f"{value:.2g}".replace("e-0", "e-")


def _run_cases(exercise: str, fn: Callable[..., Any], cases: Iterator[_Case]
               ) -> Diagnosis | None:
    if not callable(fn):
        return Diagnosis(exercise=exercise, kind="result", message=_(
            "This check needs your function itself, not what it returned: pass its name "
            "without brackets."))
    for case in cases:
        result = _call(exercise, fn, case.inputs())
        if isinstance(result, Diagnosis):
            return result
        found = _compare(exercise, case, result)
        if found is not None:
            if case.note:
                return Diagnosis(exercise=exercise, kind=found.kind, quantity=found.quantity,
                                 slip=found.slip, yours=found.yours, expected=found.expected,
                                 message=_more(found.message, case.note))
            return found
    return None


def _call(exercise: str, fn: Callable[..., Any], inputs: dict[str, Any]) -> Any:
    """fn(**inputs), or the diagnosis of why it did not return."""
    try:
        signature: inspect.Signature | None = inspect.signature(fn)
    except (TypeError, ValueError):
        signature = None  # no signature to read (a builtin): the call itself will say
    try:
        if signature is not None:
            signature.bind(**inputs)
    except TypeError as exc:
        return Diagnosis(exercise=exercise, kind="error", message=_(
            "Your function cannot be called with the exercise's inputs ({error}): keep the "
            "first line of the template, which names every input.", error=str(exc)))
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(**inputs)
    except Blank as exc:
        return Diagnosis(exercise=exercise, kind="blank", quantity=exc.name, message=_(
            "{blank} This is the first blank your function reaches: fill it in, run its "
            "cell, then run this check again.", blank=str(exc)))
    except Exception as exc:  # every mistake in the learner's code is reported, never raised
        return _stopped(exercise, fn, exc)


def _stopped(exercise: str, fn: Callable[..., Any], exc: Exception) -> Diagnosis:
    code = getattr(fn.func if isinstance(fn, partial) else fn, "__code__", None)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if code is not None and f.filename == code.co_filename]
    frame = frames[-1] if frames else None
    line = _without_comment(frame.line or "") if frame else ""
    error, detail = type(exc).__name__, str(exc).strip().rstrip(".")
    # numpy's own words for shapes that do not fit differ between versions: say it plainly.
    shapes = isinstance(exc, ValueError) and any(
        word in detail for word in ("matmul", "broadcast", "shapes", "aligned"))
    if line and frame is not None and shapes:
        message = _("Your function stopped at line {number}, `{line}`, with {error}: the "
                    "shapes in it do not fit.", number=frame.lineno, line=line, error=error)
    elif line and frame is not None:
        message = _("Your function stopped at line {number}, `{line}`, with {error}: "
                    "{detail}.", number=frame.lineno, line=line, error=error, detail=detail)
    elif shapes:
        message = _("Your function stopped with {error}: two shapes do not fit.", error=error)
    else:
        message = _("Your function stopped with {error}: {detail}.", error=error,
                    detail=detail)
    slip, quantity = "", ""
    assigned = _FIRST_CODE_LINE.match(line)
    matrix = _MATRIX_NAME.match(assigned.group(1)) if assigned else None
    if shapes and matrix:
        kind, l = matrix.group(1), int(matrix.group(2))
        quantity = f"{kind}[{l}]"
        variant = {"dW": _Variant("dW-orientation", layers=frozenset({l})),
                   "dA": _Variant("backward-orientation", layers=frozenset({l + 1})),
                   "Z": _Variant("forward-orientation", layers=frozenset({l}))}.get(kind)
        if variant is not None:
            slip = variant.slip
            message = _more(message, _slip_sentence(exercise, variant, quantity, 1))
    if shapes and not slip and exercise != "2-2-2":
        message = _more(message, _("Two shapes do not fit: compare each with the table of "
                                   "shapes (lesson 15)."))
    return Diagnosis(exercise=exercise, kind="error", message=message, quantity=quantity,
                     slip=slip)


def _without_comment(line: str) -> str:
    """One line of code without its trailing comment (tokenized, so a # in a string stays)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line.strip()).readline))
    except (tokenize.TokenError, SyntaxError):
        return line.strip()
    comment = next((t for t in tokens if t.type == tokenize.COMMENT), None)
    return line.strip()[:comment.start[1]].rstrip() if comment else line.strip()


def _read(value: Any, scalar: bool) -> np.ndarray | None:
    """The learner's value as a float array (0-d for a number), or None if it is not numbers."""
    if isinstance(value, bool | str | bytes) or value is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            array = np.array(value, dtype=float)
    except Exception:  # whatever the learner's object does when numpy reads it
        return None
    if scalar and array.size == 1:
        return array.reshape(())
    return array


def _compare(exercise: str, case: _Case, result: Any) -> Diagnosis | None:
    names = TWO_TWO_TWO if exercise == "2-2-2" else MATRIX_QUANTITIES
    if not isinstance(result, Mapping):
        return Diagnosis(exercise=exercise, kind="result", message=_(
            "Your function returned {what}, not a dict: end it with the template's return "
            "line, which names every quantity.", what=type(result).__name__))
    yours: dict[str, np.ndarray | None] = {}
    for name in names:
        if name not in result:
            return Diagnosis(exercise=exercise, kind="result", quantity=name, message=_(
                "Your function's result has no {name}: keep every name of the template's "
                "return line.", name=name))
        yours[name] = _read(result[name], scalar=exercise == "2-2-2" or name == "J")
    cache: list[list[tuple[_Variant, dict[str, Any]]]] = []

    def predictions() -> list[tuple[_Variant, dict[str, Any]]]:
        if not cache:
            cache.append(case.predictions())
        return cache[0]

    for name in names:
        mine, expected = yours[name], np.asarray(case.expected[name], dtype=float)
        if mine is None:
            return Diagnosis(exercise=exercise, kind="result", quantity=name, message=_(
                "{name} is {value}, not a number: each quantity is a number, or an array of "
                "numbers.", name=name, value=_short(result[name])))
        if mine.shape != expected.shape:
            return _wrong_shape(exercise, case, name, mine, expected, yours, predictions)
        if not np.all(np.isfinite(mine)):
            return Diagnosis(exercise=exercise, kind="not-finite", quantity=name, yours=mine,
                             expected=expected, message=_(
                                 "{name} is not a finite number ({value}): look for a "
                                 "division by zero, or an exp that overflowed, in the line "
                                 "that computes it.", name=name,
                                 value=_first_bad(mine)))
        if not agree(mine, expected, to=LEARNER_TOLERANCE, scale=LEARNER_FLOOR):
            return _differs(exercise, case, name, mine, expected, yours, predictions)
        if name in case.numeric:
            numeric = np.asarray(case.numeric[name], dtype=float)
            largest = max(float(np.max(np.abs(np.asarray(v)))) for v in case.numeric.values())
            if not agree(mine, numeric, to=GRADIENT_TOLERANCE, scale=max(largest, 1e-12)):
                where = _first_difference(mine, numeric, GRADIENT_TOLERANCE, largest)
                return Diagnosis(exercise=exercise, kind="differs", quantity=name, yours=mine,
                                 expected=numeric, message=_(
                                     "{name}{entry} differs from central differences: yours "
                                     "{yours}, central differences {numeric}.", name=name,
                                     entry=_entry(where), yours=fmt(mine[where]),
                                     numeric=fmt(numeric[where])))
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _first_bad(array: np.ndarray) -> str:
    return str(array.flat[int(np.argmin(np.isfinite(array.ravel())))])


def _first_difference(mine: np.ndarray, other: np.ndarray, to: float, scale: float
                      ) -> tuple[int, ...]:
    with np.errstate(all="ignore"):
        size = np.maximum(np.maximum(np.abs(mine), np.abs(other)), scale)
        bad = np.abs(mine - other) > to * size
    found = np.argwhere(bad)
    return tuple(int(i) for i in found[0]) if len(found) else tuple(0 for _ in mine.shape)


def _entry(where: tuple[int, ...]) -> str:
    return "" if not where else "[" + ", ".join(map(str, where)) + "]"


def _pair(mine: float, expected: float) -> tuple[str, str]:
    """Both numbers as the lessons print them, with more digits if that would hide the
    difference."""
    for decimals in (9, 17):
        a, b = fmt(mine, decimals), fmt(expected, decimals)
        if a != b:
            break
    return a, b


def _differs(exercise: str, case: _Case, name: str, mine: np.ndarray, expected: np.ndarray,
             yours: dict[str, np.ndarray | None],
             predictions: Callable[[], list[tuple[_Variant, dict[str, Any]]]]) -> Diagnosis:
    where = _first_difference(mine, expected, LEARNER_TOLERANCE, LEARNER_FLOOR)
    a, b = _pair(float(mine[where]), float(expected[where]))
    entry = _entry(where)
    numeric = case.numeric.get(name)
    if exercise == "2-2-2" and numeric is not None:
        message = _("{name} differs first: yours {yours}, the engine's {expected} (central "
                    "differences: {numeric}).", name=name, yours=a, expected=b,
                    numeric=fmt(float(np.asarray(numeric)[where])))
    elif exercise == "2-2-2":
        message = _("{name} differs first: yours {yours}, the engine's {expected}.",
                    name=name, yours=a, expected=b)
    elif numeric is not None:
        message = _("{name} differs first, at entry {entry}: yours {yours}, the general "
                    "network's {expected} (central differences: {numeric}).", name=name,
                    entry=entry, yours=a, expected=b,
                    numeric=fmt(float(np.asarray(numeric)[where])))
    elif entry:
        message = _("{name} differs first, at entry {entry}: yours {yours}, the general "
                    "network's {expected}.", name=name, entry=entry, yours=a, expected=b)
    else:
        message = _("{name} differs first: yours {yours}, the general network's {expected}.",
                    name=name, yours=a, expected=b)
    return _with_slip(exercise, case, name, mine, expected, yours, predictions, message,
                      kind="differs")


def _wrong_shape(exercise: str, case: _Case, name: str, mine: np.ndarray, expected: np.ndarray,
                 yours: dict[str, np.ndarray | None],
                 predictions: Callable[[], list[tuple[_Variant, dict[str, Any]]]]
                 ) -> Diagnosis:
    if exercise == "2-2-2":
        message = _("{name} is an array of shape {shape}, not one number.", name=name,
                    shape=mine.shape)
    else:
        message = _("{name} has shape {shape}; it should have shape {expected}, as in the "
                    "table of shapes.", name=name, shape=mine.shape, expected=expected.shape)
    return _with_slip(exercise, case, name, mine, expected, yours, predictions, message,
                      kind="shape")


def _with_slip(exercise: str, case: _Case, name: str, mine: np.ndarray, expected: np.ndarray,
               yours: dict[str, np.ndarray | None],
               predictions: Callable[[], list[tuple[_Variant, dict[str, Any]]]], message: str,
               *, kind: str) -> Diagnosis:
    best: tuple[int, int, _Variant] | None = None
    for rank, (variant, predicted) in enumerate(predictions()):
        there = np.asarray(predicted[name], dtype=float)
        if there.shape != mine.shape or not agree(mine, there, to=LEARNER_TOLERANCE,
                                                  scale=LEARNER_FLOOR):
            continue
        score = sum(1 for other, value in yours.items() if value is not None
                    and _same(value, predicted.get(other)))
        if best is None or score > best[0]:
            best = (score, rank, variant)
    if best is None:
        message = _more(message, _("Everything before it agrees: the slip is in the line "
                                   "that computes {name}, or in what it uses.", name=name))
        return Diagnosis(exercise=exercise, kind=kind, quantity=name, yours=mine,
                         expected=expected, message=message)
    variant = best[2]
    message = _more(message, _slip_sentence(exercise, variant, name, case.m))
    return Diagnosis(exercise=exercise, kind=kind, quantity=name, slip=variant.slip,
                     yours=mine, expected=expected, message=message)


def _same(value: np.ndarray, predicted: Any) -> bool:
    if predicted is None:
        return False
    there = np.asarray(predicted, dtype=float)
    return there.shape == value.shape and bool(np.all(np.isfinite(value))) and bool(
        agree(value, there, to=LEARNER_TOLERANCE, scale=LEARNER_FLOOR))


# -- what each slip is, in words --------------------------------------------------------------


_NEURON_AT = {(l, r): neuron for neuron, (l, r) in NEURONS.items()}


def _slip_sentence(exercise: str, v: _Variant, quantity: str, m: int) -> str:
    scalar = exercise == "2-2-2"
    named = re.fullmatch(r"(dW|dA|db|dZ|Z|A)\[(\d)\]", quantity)
    if named:  # the layer of the weights the slip is made with
        layer = int(named.group(2)) + (1 if named.group(1) == "dA" else 0)
    else:
        layer = min(v.layers) if v.layers else 2
    if v.slip == "missing-path":
        if scalar:
            return _("Likely slip: {quantity} is missing the path through {output}. A hidden "
                     "neuron feeds both outputs, so the error comes back along both paths, "
                     "and they add up (lesson 06).", quantity=quantity,
                     output=_NEURON_AT[(2, v.output)])
        return _("Likely slip: {quantity} is missing the path through output {output}. "
                 "dA[1] = W[2]ᵀ dZ[2] adds up the paths back from every output at once "
                 "(lesson 15).", quantity=quantity, output=v.output + 1)
    if v.slip == "updated-weight":
        weights = [w for w, (l, i, j) in WEIGHT_ENTRIES.items() if l == 2 and (i, j) in v.updated]
        return _("Likely slip: {quantity} uses {weights} after the update. Every gradient of "
                 "one update comes from the original weights; the updated ones are for the "
                 "next forward pass (lesson 08).", quantity=quantity, weights=join(weights))
    if v.slip == "forward-orientation":
        if scalar:
            return _("Likely slip: {quantity} uses weights of the other neuron. Each neuron "
                     "adds up the weights into it: net_h1 = w1 i1 + w2 i2 + b1 (the post once "
                     "writes w3 for w2, a typo its numbers do not make) and net_o1 = w5 out_h1 "
                     "+ w6 out_h2 + b2 (lesson 03).", quantity=quantity)
        return _("Likely slip: Z[{l}] is computed with W[{l}] transposed. Row j of W[{l}] "
                 "holds the weights into neuron j, so Z[{l}] = W[{l}] A[{prev}] + b[{l}] "
                 "(lesson 15).", l=layer, prev=layer - 1)
    if v.slip == "backward-orientation":
        if scalar:
            return _("Likely slip: {quantity} goes back along the wrong weights. The paths "
                     "back from a hidden neuron run along the weights out of it: "
                     "∂E_total/∂out_h1 = δ_o1 w5 + δ_o2 w7, and ∂E_total/∂out_h2 = δ_o1 w6 + "
                     "δ_o2 w8 (lesson 06).", quantity=quantity)
        return _("Likely slip: W[{l}] needs transposing on the way back: dA[{prev}] = "
                 "W[{l}]ᵀ dZ[{l}] (lesson 15).", l=layer, prev=layer - 1)
    if v.slip == "dW-orientation":
        if scalar:
            weight = quantity.removeprefix("dE_d")
            l, i, j = WEIGHT_ENTRIES.get(weight, (2, 0, 0))
            source = f"i{j + 1}" if l == 1 else _NEURON_AT[(1, j)]
            carried = source if l == 1 else f"out_{source}"
            return _("Likely slip: {quantity} is the gradient of another weight. {weight} runs "
                     "from {source} to {target}, so its gradient is δ_{target} times {carried} "
                     "(lessons 05 and 06).", quantity=quantity, weight=weight, source=source,
                     target=_NEURON_AT[(l, i)], carried=carried)
        return _("Likely slip: dW needs A_prev transposed. dW[{l}] = dZ[{l}] A[{prev}]ᵀ / m "
                 "has the shape of W[{l}], one number for each weight (lesson 15).",
                 l=layer, prev=layer - 1)
    if v.slip == "forgot-1/m":
        return _("Likely slip: {quantity} is m = {m} times too large: forgot the 1/m. J is the "
                 "average over the m examples, so J, dW and db all carry a 1/m (lesson 15).",
                 quantity=quantity, m=m)
    if v.slip == "doubled":
        return _("Likely slip: {quantity} is twice the right value: the ½ of E = ½ (target − "
                 "out)² was dropped, or the 2 it cancels was kept. Differentiating the square "
                 "brings down a 2 that cancels the ½, so ∂E/∂out = out − target (lessons 04 "
                 "and 05).", quantity=quantity)
    if v.slip == "halved":
        return _("Likely slip: {quantity} is half the right value: the ½ of the error was kept "
                 "in its derivative. Differentiating the square brings down a 2 that cancels "
                 "the ½, so ∂E/∂out = out − target (lesson 05).", quantity=quantity)
    if v.slip == "sign":
        return _("Likely slip: {quantity} has the wrong sign. ∂E/∂out = −(target − out) = out "
                 "− target: the minus comes from the inner derivative of (target − out) "
                 "(lesson 05).", quantity=quantity)
    if v.slip == "slope-of-net":
        if scalar:
            return _("Likely slip: {quantity} uses the sigmoid's slope written with the net "
                     "input, net (1 − net). The slope is out (1 − out), written with the "
                     "neuron's output (lesson 05).", quantity=quantity)
        return _("Likely slip: {quantity} uses the sigmoid's slope written with Z, Z (1 − Z). "
                 "The slope is A (1 − A), written with the layer's output (lesson 15).",
                 quantity=quantity)
    return _("Likely slip: db[{l}] is dZ[{l}] summed over the m examples, into a column of "
             "n[{l}] rows: np.sum(dZ[{l}], axis=1, keepdims=True) / m (lesson 15).", l=layer)
