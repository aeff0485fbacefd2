"""Every combination of options the engine accepts (cross-entropy only with a sigmoid output)."""

import itertools

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
