"""The trace: the worked example as one ordered list of steps.

Every view (the stepper, the lessons, the command line) shows this and
nothing else. A step carries its phase, the quantity, the general formula,
the formula with numbers, the value, an explanation, the earlier steps it
uses, and which nodes and edges of the network it involves.
Taught from lesson 01, "Start here", on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from ..errors import ParameterError, check_choice
from ..formatting import fmt
from ..language import _, current_language, join
from ..maths.activations import ACTIVATIONS
from ..maths.losses import LOSSES
from . import engine, symbolic
from .formulas import Formula, formulas
from .params import (
    CLASSIC,
    ENGINES,
    LAYER_BIASES,
    NEURON_BIASES,
    Options,
    Params,
    check,
    parameter_names,
)
from .symbolic import PHASES
from .topology import parts

__all__ = ["FLOW", "PHASE_TITLES", "Step", "Trace", "explain", "phase_title", "trace"]

#: Each phase's title in English (phase_title gives it in the current language).
PHASE_TITLES = {
    "forward": "Forward pass",
    "error": "The error",
    "output-gradients": "Output-layer gradients",
    "hidden-gradients": "Hidden-layer gradients",
    "update": "The update",
}

def phase_title(phase: str) -> str:
    """A phase's title (PHASE_TITLES) in the current language."""
    titles = {"forward": _("Forward pass"), "error": _("The error"),
              "output-gradients": _("Output-layer gradients"),
              "hidden-gradients": _("Hidden-layer gradients"), "update": _("The update")}
    return titles.get(phase, PHASE_TITLES.get(phase, phase))


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
        if not _is_just(self.substituted, fmt(self.value)):
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
            raise KeyError(_("no step named {name}; steps are named like 'net_h1', 'dE_dw5', "
                             "'w5_new'", name=repr(key))) from None

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
        raise ParameterError("phase", phase, _("not a phase of this trace"),
                             _("one of {choices}", choices=join(PHASES)))

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
    # Each number formatted once: a value appears in up to a dozen formulas.
    shown = {name: fmt(value) for name, value in known.items()}
    language = current_language()
    steps = []
    for index, (formula, meta) in enumerate(zip(formulas(opts), _metadata(opts), strict=True)):
        name = formula.name
        value = values[name]
        substituted = formula.latex_numbers.put(shown, (r"\left(", r"\right)"))
        text_numbers = formula.text_numbers.put(shown)
        pieces = [formula.text_symbol, formula.text]
        if not _is_just(text_numbers, shown[name]):
            pieces.append(text_numbers)
        pieces.append(shown[name])
        steps.append(
            Step(
                index=index,
                phase=formula.phase,
                name=name,
                symbol=formula.symbol,
                formula=formula.latex,
                substituted=substituted,
                value=value,
                text=" = ".join(_dedupe(pieces)),
                explanation=_explanation(index, opts, language, _sign(name, values)),
                uses=meta.uses,
                nodes=meta.nodes,
                edges=meta.edges,
                flow=FLOW[formula.phase],
            )
        )
    return Trace(params=params, options=opts, engine=engine_name, steps=tuple(steps))


def _sign(name: str, values: Mapping[str, float]) -> int | None:
    """What an explanation needs of the numbers: the sign of an update's gradient."""
    if not name.endswith("_new") or name == "E_total_new":
        return None
    gradient = values.get(_gradient_of(name[:-4], values))
    return None if gradient is None else (gradient > 0) - (gradient < 0)


@cache
def _explanation(index: int, opts: Options, language: str, sign: int | None) -> str:
    # The sentences depend on the numbers only through a gradient's sign: kept per sign,
    # an edit's re-trace does not write them again (language: the catalog they come from).
    formula = formulas(opts)[index]
    values = {} if sign is None else {_gradient_of(formula.name[:-4], {}): float(sign)}
    return explain(formula, opts, values if sign is not None else None)


def _is_just(numbers: str, value: str) -> bool:
    # "delta_o2 = (-0.038098237)" needs no "= -0.038098237" after it.
    bare = numbers.removeprefix(r"\left(").removesuffix(r"\right)")
    return bare.strip("()") == value


def _dedupe(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if not out or out[-1] != piece:
            out.append(piece)
    return out


@dataclass(frozen=True, kw_only=True)
class _Meta:
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
                uses=uses,
                nodes=frozenset(nodes),
                edges=frozenset(edges),
            )
        )
    return tuple(out)


def explain(formula: Formula, opts: Options, values: Mapping[str, float] | None = None) -> str:
    """One or two plain sentences beside a step, for a learner working alone.

    With the trace's `values`, an update step also says which way its parameter
    moves, from the sign of its gradient (lesson 08, "The update").
    """
    name = formula.name
    act_h, act_o = ACTIVATIONS[opts.hidden_activation], ACTIVATIONS[opts.output_activation]
    loss = LOSSES[opts.loss]
    if m := re.fullmatch(r"net_([ho]\d)", name):
        return _("{neuron} adds up what flows into it: each incoming value times its weight, "
                 "plus the bias.", neuron=m[1])
    if m := re.fullmatch(r"out_([ho]\d)", name):
        act = act_h if m[1][0] == "h" else act_o
        return _("{neuron} passes its net input through the {activation} activation ({note}).",
                 neuron=m[1], activation=act.name, note=act.note)
    if m := re.fullmatch(r"E_(o\d)", name):
        return _("The error of {neuron}: how far its output is from its target ({note}).",
                 neuron=m[1], note=loss.note)
    if name == "E_total":
        return _("The total error adds up the error of each output; training makes it smaller.")
    if m := re.fullmatch(r"dE_total_dout_(o\d)", name):
        return _("How much E_total changes when out_{neuron} changes: the derivative of the "
                 "{loss} loss. Only E_{neuron} depends on out_{neuron}.",
                 neuron=m[1], loss=loss.name)
    if m := re.fullmatch(r"dout_([ho]\d)_dnet_\1", name):
        act = act_h if m[1][0] == "h" else act_o
        return _("The slope of the {activation} activation at {neuron}'s net input.",
                 activation=act.name, neuron=m[1])
    if m := re.fullmatch(r"delta_([ho]\d)", name):
        return _("delta_{neuron} = dE_total/dnet_{neuron}: how the error responds to {neuron}'s "
                 "net input. It is reused for every weight and bias that feeds {neuron}.",
                 neuron=m[1])
    if m := re.fullmatch(r"dnet_([ho]\d)_d(w\d)", name):
        return _("net_{neuron} is a sum, so its derivative with respect to {weight} is the value "
                 "that {weight} multiplies.", neuron=m[1], weight=m[2])
    if m := re.fullmatch(r"dE_d(w\d)", name):
        return _("The chain rule: multiply the factors along the path from {weight} to E_total. "
                 "A positive gradient means increasing the weight increases the error.",
                 weight=m[1])
    if m := re.fullmatch(r"dE_d(b\d|b_[ho]\d)", name):
        return _bias_gradient(m[1], opts)
    if m := re.fullmatch(r"dE_(o\d)_dout_(h\d)", name):
        return _("The path from {hidden} through {output}: delta_{output} times the weight "
                 "connecting them (the original weight: all gradients come before any update).",
                 hidden=m[2], output=m[1])
    if m := re.fullmatch(r"dE_total_dout_(h\d)", name):
        return _("{neuron} feeds both outputs, so both paths add up: forgetting one is the "
                 "classic mistake.", neuron=m[1])
    if name.endswith("_plus"):
        return _("Output-first order: this hidden-layer factor is computed again with w5..w8 "
                 "already updated, as the post's first companion script did.")
    if m := re.fullmatch(r"(\w+)_new", name):
        if m[1] == "E_total":
            return _("The forward pass again with every updated parameter: the error after one "
                     "update.")
        return _update(m[1], name == _first_update(opts), values)
    return ""


def _bias_gradient(bias: str, opts: Options) -> str:
    if bias in NEURON_BIASES:
        # One bias per neuron: one neuron, one path, no sum.
        sentence = _("d net_{neuron}/d {bias} = 1, so {bias}'s gradient is {neuron}'s delta: "
                     "it feeds one neuron, so there is nothing to add up.",
                     neuron=bias[2:], bias=bias)
    else:
        first, second = ("h1", "h2") if bias == LAYER_BIASES[0] else ("o1", "o2")
        sentence = _("{bias} enters net_{first} and net_{second} with the factor 1, so its "
                     "gradient is delta_{first} + delta_{second}: the deltas of both neurons it "
                     "feeds, added up.", bias=bias, first=first, second=second)
    if opts.bias == "frozen":
        return _sentences(sentence, _("The post never updates its biases: in 'frozen' mode this is "
                                  "computed but not applied."))
    return sentence


@cache
def _first_update(opts: Options) -> str:
    return next(f.name for f in formulas(opts) if f.name.endswith("_new"))


def _update(parameter: str, first: bool, values: Mapping[str, float] | None) -> str:
    rule = _("Gradient descent: move {name} a step of size learning rate against its gradient.",
             name=parameter)
    gradient = None if values is None else values.get(_gradient_of(parameter, values))
    if gradient is None:
        return rule if first else _("{name} moves against its gradient too.", name=parameter)
    if first:
        if gradient > 0:
            why = _("Its gradient is positive: raising {name} would raise the error, so {name} "
                    "moves down.", name=parameter)
        elif gradient < 0:
            why = _("Its gradient is negative: raising {name} would lower the error, so {name} "
                    "moves up.", name=parameter)
        else:
            why = _("Its gradient is 0, so {name} stays where it is.", name=parameter)
        return _sentences(rule, why)
    if gradient > 0:
        return _("Positive gradient, so {name} moves down.", name=parameter)
    if gradient < 0:
        return _("Negative gradient, so {name} moves up.", name=parameter)
    return _("Its gradient is 0, so {name} stays where it is.", name=parameter)


def _sentences(*sentences: str) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese."""
    return ("" if current_language() == "zh" else " ").join(sentences)


def _gradient_of(parameter: str, values: Mapping[str, float]) -> str:
    # Output-first: the hidden-layer weights move by their recomputed gradient.
    recomputed = f"dE_d{parameter}_plus"
    return recomputed if recomputed in values else f"dE_d{parameter}"
