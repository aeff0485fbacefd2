"""Every combination of options the engine accepts (cross-entropy only with a sigmoid output)."""

import itertools

from nnlesson.example.params import (
    BIAS_MODES,
    HIDDEN_ACTIVATIONS,
    LOSSES,
    ORDERS,
    OUTPUT_ACTIVATIONS,
    Options,
)

ALL_OPTIONS = [
    Options(h, o, loss, bias, order)
    for h, o, loss, bias, order in itertools.product(
        HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, LOSSES, BIAS_MODES, ORDERS)
    if loss != "cross-entropy" or o == "sigmoid"
]
# The gradient does not depend on the update order, so proofs need one order only.
GRADIENT_OPTIONS = [o for o in ALL_OPTIONS if o.order == "simultaneous"]


def label(options: Options) -> str:
    return "/".join((options.hidden_activation, options.output_activation, options.loss,
                     options.bias, options.order))
