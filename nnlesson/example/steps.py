"""The trace: the worked example as one ordered list of steps.

Every view (the stepper, the lessons, the command line) shows this and
nothing else. A step carries its phase, the quantity, the general formula,
the formula with numbers, the value, an explanation, the earlier steps it
uses, and which nodes and edges of the network it involves.
Taught from lesson 01, "Start here", on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from ..errors import ParameterError, check_choice
from ..formatting import fmt
from ..maths.activations import ACTIVATIONS
from ..maths.losses import LOSSES
from . import engine, symbolic
from .formulas import Formula, formulas
from .params import CLASSIC, ENGINES, NEURON_BIASES, Options, Params, check, parameter_names
from .symbolic import PHASES
from .topology import parts

__all__ = ["FLOW", "PHASE_TITLES", "Step", "Trace", "explain", "trace"]

PHASE_TITLES = {
    "forward": "Forward pass",
    "error": "The error",
    "output-gradients": "Output-layer gradients",
    "hidden-gradients": "Hidden-layer gradients",
    "update": "The update",
}

#: How information flows in a phase: the diagram colours forward and backward flow apart.
FLOW = {"forward": "forward", "error": "forward", "output-gradients": "backward",
        "hidden-gradients": "backward", "update": "update"}


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of the worked example."""

    index: int
    phase: str
    name: str
    symbol: str             # LaTeX of the quantity, e.g. \frac{\partial E_{total}}{\partial w_{5}}
    formula: str            # LaTeX, general
    substituted: str        # LaTeX, with this trace's numbers
    value: float
    text: str               # one line for a terminal: name = formula = numbers = value
    explanation: str
    uses: tuple[str, ...]   # earlier quantities in the formula, in order
    nodes: frozenset[str]
    edges: frozenset[str]
    flow: str

    def __repr__(self) -> str:
        return f"Step({self.index}: {self.text})"

    @property
    def latex(self) -> str:
        """The whole line in LaTeX: symbol = formula = numbers = value."""
        parts_ = [self.symbol, self.formula]
        if not _is_just(self.substituted, self.value):
            parts_.append(self.substituted)
        parts_.append(fmt(self.value))
        return " = ".join(_dedupe(parts_))


@dataclass(frozen=True, kw_only=True)
class Trace:
    """The ordered steps of one worked example, for one set of numbers and options."""

    params: Params
    options: Options
    engine: str
    steps: tuple[Step, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {s.name: s.index for s in self.steps})

    def __repr__(self) -> str:
        return (f"Trace({len(self.steps)} steps, engine={self.engine!r}, "
                f"E_total={fmt(self['E_total'].value)})")

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __getitem__(self, key: int | str) -> Step:
        if isinstance(key, int):
            return self.steps[key]
        try:
            return self.steps[self._index[key]]
        except KeyError:
            raise KeyError(f"no step named {key!r}; steps are named like "
                           f"'net_h1', 'dE_dw5', 'w5_new'") from None

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def value(self, name: str) -> float:
        return self[name].value

    @property
    def values(self) -> dict[str, float]:
        """Every quantity's value by name."""
        return {s.name: s.value for s in self.steps}

    def phase_start(self, phase: str) -> int:
        """The index of the first step of `phase`."""
        for step in self.steps:
            if step.phase == phase:
                return step.index
        raise ParameterError("phase", phase, "not a phase of this trace",
                             "one of " + ", ".join(PHASES))

    def in_phase(self, phase: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.phase == phase)

    @property
    def gradients(self) -> dict[str, float]:
        """dE_total/d(parameter) for every trainable parameter of this bias mode."""
        return {n: self[f"dE_d{n}"].value for n in parameter_names(self.options)}

    @property
    def updated(self) -> dict[str, float]:
        """Every parameter after one update; untrained biases keep their values."""
        out = {}
        for n in parameter_names(self.options):
            if f"{n}_new" in self:
                out[n] = self[f"{n}_new"].value
            else:
                out[n] = self.params.bias(n[2:]) if n in NEURON_BIASES else getattr(self.params, n)
        return out

    @property
    def forward(self) -> dict[str, float]:
        """The eleven forward values, net_h1 .. E_total."""
        return {s.name: s.value for s in self.steps if s.phase in ("forward", "error")}

    def to_dict(self) -> dict[str, dict[str, float]]:
        """The answer sheet as data: forward values, gradients, updated parameters."""
        return {"forward": self.forward, "gradients": self.gradients, "updated": self.updated}


def trace(params: Params = CLASSIC, *, engine: str = "numeric", options: Options | None = None,
          **choices) -> Trace:
    """The worked example for `params`, step by step, computed by `engine`.

    "numeric" computes with numpy by the chain rule; "symbolic" evaluates sympy's
    exact expressions (gradients from sympy.diff) at 30 digits.
    """
    opts = Options.resolve(options, choices)
    check(params, opts)
    check_choice("engine", engine, ENGINES)
    values = _numeric_values(params, opts) if engine == "numeric" else symbolic.evaluate(
        params, options=opts)
    return _assemble(params, opts, engine, values)


def _numeric_values(params: Params, opts: Options) -> dict[str, float]:
    update = engine.update(params, options=opts)
    values = {**vars(update.forward), **update.gradients.as_dict()}
    for name in update.applied:
        values[f"{name}_new"] = _parameter(update.after, name)
    if update.recomputed is not None:
        values.update({f"{k}_plus": v for k, v in vars(update.recomputed).items()})
    values["E_total_new"] = update.forward_after.E_total
    return values


def _parameter(params: Params, name: str) -> float:
    return params.bias(name[2:]) if name in NEURON_BIASES else getattr(params, name)


def _assemble(params: Params, opts: Options, engine_name: str, values: dict[str, float]) -> Trace:
    known = dict(values)
    for name in symbolic.ARGUMENTS:
        known[name] = _parameter(params, name)
    steps = []
    for index, (formula, meta) in enumerate(zip(formulas(opts), _metadata(opts), strict=True)):
        value = values[formula.name]
        substituted = formula.latex_numbers.fill(known, (r"\left(", r"\right)"))
        text_numbers = formula.text_numbers.fill(known)
        pieces = [formula.text_symbol, formula.text]
        if not _is_just(text_numbers, value):
            pieces.append(text_numbers)
        pieces.append(fmt(value))
        steps.append(
            Step(
                index=index,
                phase=formula.phase,
                name=formula.name,
                symbol=formula.symbol,
                formula=formula.latex,
                substituted=substituted,
                value=value,
                text=" = ".join(_dedupe(pieces)),
                explanation=meta.explanation,
                uses=meta.uses,
                nodes=meta.nodes,
                edges=meta.edges,
                flow=FLOW[formula.phase],
            )
        )
    return Trace(params=params, options=opts, engine=engine_name, steps=tuple(steps))


def _is_just(numbers: str, value: float) -> bool:
    # "delta_o2 = (-0.038098237)" needs no "= -0.038098237" after it.
    bare = numbers.removeprefix(r"\left(").removesuffix(r"\right)")
    return bare.strip("()") == fmt(value)


def _dedupe(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if not out or out[-1] != piece:
            out.append(piece)
    return out


@dataclass(frozen=True, kw_only=True)
class _Meta:
    explanation: str
    uses: tuple[str, ...]
    nodes: frozenset[str]
    edges: frozenset[str]


@cache
def _metadata(opts: Options) -> tuple[_Meta, ...]:
    quantity_names = {f.name for f in formulas(opts)}
    out = []
    for formula in formulas(opts):
        uses = tuple(dict.fromkeys(n for n in formula.latex_numbers.names if n in quantity_names))
        nodes: set[str] = set()
        edges: set[str] = set()
        for name in (formula.name, *formula.latex_numbers.names):
            more_nodes, more_edges = parts(name)
            nodes |= more_nodes
            edges |= more_edges
        if m := re.fullmatch(r"net_([ho]\d)", formula.name):
            # A shared bias feeds both neurons of its layer; this sum uses one connection.
            edges = {e for e in edges if not e.startswith("b_") or e == f"b_{m[1]}"}
        out.append(
            _Meta(
                explanation=explain(formula, opts),
                uses=uses,
                nodes=frozenset(nodes),
                edges=frozenset(edges),
            )
        )
    return tuple(out)


def explain(formula: Formula, opts: Options) -> str:
    """One or two plain sentences beside a step, for a learner working alone."""
    name = formula.name
    act_h, act_o = ACTIVATIONS[opts.hidden_activation], ACTIVATIONS[opts.output_activation]
    loss = LOSSES[opts.loss]
    if m := re.fullmatch(r"net_([ho]\d)", name):
        return (
            f"{m[1]} adds up what flows into it: each incoming value times its weight, "
            "plus the bias."
        )
    if m := re.fullmatch(r"out_([ho]\d)", name):
        act = act_h if m[1][0] == "h" else act_o
        return f"{m[1]} passes its net input through the {act.name} activation ({act.note})."
    if m := re.fullmatch(r"E_(o\d)", name):
        return f"The error of {m[1]}: how far its output is from its target ({loss.note})."
    if name == "E_total":
        return "The total error adds up the error of each output; training makes it smaller."
    if m := re.fullmatch(r"dE_total_dout_(o\d)", name):
        return (
            f"How much E_total changes when out_{m[1]} changes: the derivative of the "
            f"{loss.name} loss. Only E_{m[1]} depends on out_{m[1]}."
        )
    if m := re.fullmatch(r"dout_([ho]\d)_dnet_\1", name):
        act = act_h if m[1][0] == "h" else act_o
        return f"The slope of the {act.name} activation at {m[1]}'s net input."
    if m := re.fullmatch(r"delta_([ho]\d)", name):
        return (
            f"delta_{m[1]} = dE_total/dnet_{m[1]}: how the error responds to {m[1]}'s net "
            "input. It is reused for every weight and bias that feeds "
            f"{m[1]}."
        )
    if m := re.fullmatch(r"dnet_([ho]\d)_d(w\d)", name):
        return (
            f"net_{m[1]} is a sum, so its derivative with respect to {m[2]} is the value "
            f"that {m[2]} multiplies."
        )
    if m := re.fullmatch(r"dE_d(w\d)", name):
        return (
            f"The chain rule: multiply the factors along the path from {m[1]} to E_total. "
            "A positive gradient means increasing the weight increases the error."
        )
    if m := re.fullmatch(r"dE_d(b\w*)", name):
        frozen = (
            " The post never updates its biases: in 'frozen' mode this is computed but not applied."
            if opts.bias == "frozen"
            else ""
        )
        return (
            f"d net/d {m[1]} = 1, so {m[1]}'s gradient is the delta of each neuron it "
            f"feeds, added up.{frozen}"
        )
    if m := re.fullmatch(r"dE_(o\d)_dout_(h\d)", name):
        return (
            f"The path from {m[2]} through {m[1]}: delta_{m[1]} times the weight "
            f"connecting them (the original weight: all gradients come before any update)."
        )
    if m := re.fullmatch(r"dE_total_dout_(h\d)", name):
        return (
            f"{m[1]} feeds both outputs, so both paths add up: forgetting one is the "
            "classic mistake."
        )
    if name.endswith("_plus"):
        return (
            "Output-first order: this hidden-layer factor is computed again with w5..w8 "
            "already updated, as the post's first companion script did."
        )
    if m := re.fullmatch(r"(\w+)_new", name):
        if m[1] == "E_total":
            return (
                "The forward pass again with every updated parameter: the error after one update."
            )
        return f"Gradient descent: move {m[1]} a step of size learning rate against its gradient."
    return ""
