"""nnlesson: an interactive, step-by-step backpropagation tutor.

The classic 2-2-2 worked example computed numerically (numpy) and
symbolically (sympy), handed out as one ordered trace of steps, and the
general network of the later lessons. A lesson starts with

    from nnlesson import CLASSIC, trace, show, widgets

The names here are the ones a lesson starts with; the rest live in
namespaces, lowest layer first:

- `maths`: activations, losses and softmax defined once in sympy, and their kernels;
- `example`: the 2-2-2 worked example (engines, trace, training, checks, exercises);
- `mlp`: the general network (any sizes, m examples, training, data sets);
- `topics`: what learners ask next (linearity, vanishing gradients, a classifier, convolution);
- `practice`: predict-then-check questions, and the learner's own code checked;
- `show`: what lesson cells show (tables, LaTeX, figures, the diagram);
- `widgets`: every interactive view.
"""

from __future__ import annotations

from .errors import NumericError, ParameterError
from .example import (
    CLASSIC,
    DEFAULT,
    Forward,
    Gradients,
    History,
    Options,
    Params,
    Step,
    Trace,
    Update,
    forward,
    gradients,
    parse_number,
    trace,
    train,
    update,
)
from .formatting import fmt
from .lazy import namespace
from .maths.compare import agree

__all__ = [
    "CLASSIC", "DEFAULT", "Forward", "Gradients", "History", "NumericError", "Options",
    "ParameterError", "Params", "Step", "Trace", "Update", "agree", "example", "fmt", "forward",
    "gradients", "maths", "mlp", "parse_number", "practice", "show", "topics", "trace", "train",
    "update", "widgets",
]

# The namespaces load on first use: stepping through the worked example needs neither
# matplotlib nor the general network.
__getattr__, __dir__ = namespace(__name__, {name: "" for name in
                                             ("example", "maths", "mlp", "practice", "show",
                                              "topics", "widgets")})
