"""The numbers and choices of the 2-2-2 worked example, validated.

Taught in lesson 02, "The network and its notation". Every value a learner,
a teacher's JSON file or a widget hands in passes through here, so a bad
value is stopped with a message that names the parameter, says what was
wrong and what is allowed, before numpy ever sees it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from types import MappingProxyType
from typing import Any, ClassVar

from ..errors import ParameterError, check_choice, check_learning_rate, read_number
from ..language import _, join

__all__ = ["CLASSIC", "DEFAULT", "ENGINES", "FIELDS", "HIDDEN", "HIDDEN_PARAMETERS", "INPUTS",
           "LAYER_BIASES", "LAYER_BIAS_OF", "LIMIT", "NEURON_BIASES", "OUTPUT",
           "OUTPUT_PARAMETERS", "Options", "Params", "TARGETS", "WEIGHTS", "check", "check_number",
           "parameter_names", "parse_number"]

INPUTS = ("i1", "i2")
WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
LAYER_BIASES = ("b1", "b2")
NEURON_BIASES = ("b_h1", "b_h2", "b_o1", "b_o2")
TARGETS = ("target_o1", "target_o2")
#: The keys of a parameter file, in the order the lessons list them.
FIELDS = INPUTS + WEIGHTS + LAYER_BIASES + TARGETS + ("learning_rate",)

HIDDEN = ("h1", "h2")
OUTPUT = ("o1", "o2")
#: Which layer bias each neuron starts from.
LAYER_BIAS_OF = {"h1": "b1", "h2": "b1", "o1": "b2", "o2": "b2"}
#: Parameters whose gradient runs through the hidden layer (recomputed in output-first
#: order), and those of the output layer.
HIDDEN_PARAMETERS = ("w1", "w2", "w3", "w4", "b1", "b_h1", "b_h2")
OUTPUT_PARAMETERS = ("w5", "w6", "w7", "w8", "b2", "b_o1", "b_o2")

#: The two engines: the chain rule in floats, and sympy's exact expressions.
ENGINES = ("numeric", "symbolic")

#: A bound well past anything the lessons need, so that a typo like 1e300 is
#: refused, not drawn, and float64 cannot overflow in this small network. An
#: update that carries a parameter past it is reported as divergence.
LIMIT = 1000.0


def _allowed(name: str) -> str:
    if name == "learning_rate":
        return _("a number greater than 0 and at most {limit}", limit=f"{LIMIT:g}")
    return _("a number from {low} to {high}", low=f"{-LIMIT:g}", high=f"{LIMIT:g}")


def check_number(name: str, value: object) -> float:
    """Return `value` as a float, or raise ParameterError saying why it is not allowed."""
    if name == "learning_rate":
        return check_learning_rate(value)
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ParameterError(name, value, _("not a number"), _allowed(name))
    x = float(value)
    if not math.isfinite(x):
        raise ParameterError(name, value, _("not a finite number"), _allowed(name))
    if not -LIMIT <= x <= LIMIT:
        raise ParameterError(name, value, _("out of range"), _allowed(name))
    return x


def parse_number(name: str, text: object) -> float:
    """Read what a learner typed as the parameter `name`: a number in its range."""
    return check_number(name, read_number(name, text, _allowed(name)))


@dataclass(frozen=True, kw_only=True)
class Params:
    """The numbers of the 2-2-2 network: inputs, weights, biases, targets, learning rate.

    The defaults are the classic example. `b_h1, b_h2, b_o1, b_o2` are used
    only with ``bias="per-neuron"``: left as None, each neuron starts from its
    layer's bias (b1 for h1 and h2, b2 for o1 and o2).
    """

    i1: float = 0.05
    i2: float = 0.10
    w1: float = 0.15
    w2: float = 0.20
    w3: float = 0.25
    w4: float = 0.30
    w5: float = 0.40
    w6: float = 0.45
    w7: float = 0.50
    w8: float = 0.55
    b1: float = 0.35
    b2: float = 0.60
    target_o1: float = 0.01
    target_o2: float = 0.99
    learning_rate: float = 0.5
    b_h1: float | None = None
    b_h2: float | None = None
    b_o1: float | None = None
    b_o2: float | None = None

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None and field.name in NEURON_BIASES:
                continue
            object.__setattr__(self, field.name, check_number(field.name, value))

    def bias(self, neuron: str) -> float:
        """The bias that feeds `neuron` ("h1", "h2", "o1", "o2") in per-neuron mode."""
        own = getattr(self, f"b_{neuron}")
        return getattr(self, LAYER_BIAS_OF[neuron]) if own is None else own

    @property
    def has_neuron_biases(self) -> bool:
        return any(getattr(self, name) is not None for name in NEURON_BIASES)

    def replace(self, **changes: Any) -> Params:
        """A copy with some numbers changed; an unknown name is refused by name."""
        known = FIELDS + NEURON_BIASES
        for name in changes:
            if name not in known:
                raise ParameterError(name, changes[name], _("unknown parameter"),
                                     _("one of {choices}", choices=join(known)))
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Params:
        """Parameters from a mapping such as a JSON file; missing keys keep the classic values."""
        if not isinstance(data, Mapping):
            raise ParameterError("parameters", type(data).__name__, _("not a JSON object"),
                                 _("an object such as {example}", example='{"w5": 0.4}'))
        return CLASSIC.replace(**dict(data))

    def to_dict(self) -> dict[str, float]:
        """The numbers by name; per-neuron biases only when they are set."""
        out = {name: getattr(self, name) for name in FIELDS}
        out.update({name: getattr(self, name) for name in NEURON_BIASES
                    if getattr(self, name) is not None})
        return out

    def values(self) -> dict[str, float]:
        """Every number by name, each per-neuron bias filled in from its layer's if not set."""
        out = {name: getattr(self, name) for name in FIELDS}
        out.update({name: self.bias(name[2:]) for name in NEURON_BIASES})
        return out


CLASSIC = Params()


@dataclass(frozen=True, kw_only=True)
class Options:
    """How the network computes and learns; the defaults are the post's stated method.

    - hidden_activation / output_activation: "sigmoid", "tanh", "relu"
      (the output layer may also be "identity");
    - loss: "half-squared" (sum of 1/2 (target - out)^2), "squared" (no 1/2),
      "cross-entropy" (binary; needs a sigmoid output);
    - bias: "frozen" (never updated, as in the post), "shared" (b1 and b2 trained,
      each gradient summed over its layer), "per-neuron" (b_h1..b_o2 trained);
    - order: "simultaneous" (every gradient from the original weights) or
      "output-first" (w5..w8 updated before the hidden-layer gradients).
    """

    #: What each option may be.
    CHOICES: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({
        "hidden_activation": ("sigmoid", "tanh", "relu"),
        "output_activation": ("sigmoid", "tanh", "relu", "identity"),
        "loss": ("half-squared", "squared", "cross-entropy"),
        "bias": ("frozen", "shared", "per-neuron"),
        "order": ("simultaneous", "output-first"),
    })

    hidden_activation: str = "sigmoid"
    output_activation: str = "sigmoid"
    loss: str = "half-squared"
    bias: str = "frozen"
    order: str = "simultaneous"

    def __post_init__(self):
        for name, allowed in self.CHOICES.items():
            check_choice(name, getattr(self, name), allowed)
        if self.loss == "cross-entropy" and self.output_activation != "sigmoid":
            raise ParameterError(
                "loss",
                self.loss,
                _(
                    "binary cross-entropy needs outputs between 0 and 1, but the output "
                    "activation is {output_activation}",
                    output_activation=self.output_activation,
                ),
                _("cross-entropy with a sigmoid output, or another loss"),
            )

    @classmethod
    def resolve(
        cls, options: Options | None = None, choices: Mapping[str, str] | None = None
    ) -> Options:
        """`options` with keyword `choices` applied on top; unknown names are refused."""
        base = DEFAULT if options is None else options
        if not isinstance(base, Options):
            raise ParameterError(
                "options",
                base,
                _("not an Options record"),
                _("Options(...), or choices such as hidden_activation='tanh'"),
            )
        if not choices:
            return base
        names = [f.name for f in dataclasses.fields(cls)]
        for name, value in choices.items():
            if name not in names:
                raise ParameterError(
                    name, value, _("unknown option"), _("one of {choices}", choices=join(names))
                )
        return dataclasses.replace(base, **choices)

    @property
    def trained_biases(self) -> tuple[str, ...]:
        """The bias parameters an update changes in this mode."""
        return {"frozen": (), "shared": LAYER_BIASES, "per-neuron": NEURON_BIASES}[self.bias]

    @property
    def bias_names(self) -> tuple[str, ...]:
        """The bias parameters this mode reports gradients and updates for."""
        return NEURON_BIASES if self.bias == "per-neuron" else LAYER_BIASES


DEFAULT = Options()


def check(params: Params, options: Options) -> None:
    """Refuse a combination of numbers and options that the engine cannot honour."""
    if not isinstance(params, Params):
        raise ParameterError(
            "params",
            type(params).__name__,
            _("not a Params record"),
            _("nnlesson.Params(...) or Params.from_mapping({example})", example="{...}"),
        )
    if options.loss == "cross-entropy":
        for name in TARGETS:
            value = getattr(params, name)
            if not 0 <= value <= 1:
                raise ParameterError(
                    name,
                    value,
                    _("out of range for binary cross-entropy"),
                    _("a target from 0 to 1"),
                )
    if params.has_neuron_biases and options.bias != "per-neuron":
        name = next(n for n in NEURON_BIASES if getattr(params, n) is not None)
        raise ParameterError(
            name,
            getattr(params, name),
            _("a per-neuron bias, but the bias mode is {bias!r}", bias=options.bias),
            _("per-neuron biases only with bias='per-neuron'"),
        )


def parameter_names(options: Options) -> tuple[str, ...]:
    """The parameters with a gradient in this bias mode, weights first (keys of the JSON)."""
    return WEIGHTS + options.bias_names
