"""Every combination of options the engine accepts (cross-entropy only with a sigmoid output),
and the settings the network drawing is checked with."""

import itertools

from nnlesson import CLASSIC
from nnlesson.example.params import Options

ALL_OPTIONS = [
    Options(**dict(zip(Options.CHOICES, values, strict=True)))
    for values in itertools.product(*Options.CHOICES.values())
    if values[2] != "cross-entropy" or values[1] == "sigmoid"
]
# The gradient does not depend on the update order, so proofs need one order only.
GRADIENT_OPTIONS = [o for o in ALL_OPTIONS if o.order == "simultaneous"]


def label(options: Options) -> str:
    return "/".join((options.hidden_activation, options.output_activation, options.loss,
                     options.bias, options.order))


#: Settings that change what the drawing labels, and long numbers in every label at once.
DRAWING_SETTINGS = {
    "classic": (CLASSIC, {}),
    "output-first": (CLASSIC, {"order": "output-first"}),
    "per-neuron": (CLASSIC, {"bias": "per-neuron"}),
    "shared": (CLASSIC, {"bias": "shared"}),
    "cross-entropy": (CLASSIC, {"loss": "cross-entropy"}),
    "tanh-identity": (CLASSIC, {"hidden_activation": "tanh", "output_activation": "identity"}),
    # Long numbers: negative, many digits, in every label at once.
    "wide numbers": (CLASSIC.replace(i1=-0.123456789, i2=-0.987654321, w1=-0.731234567,
                                     w2=0.512345678, w3=-0.412345678, w4=0.912345678,
                                     w5=-0.612345678, w6=0.312345678, w7=-0.812345678,
                                     w8=0.212345678, b1=-0.312345678, b2=-0.712345678,
                                     target_o1=0.123456789, target_o2=0.876543219), {}),
}
