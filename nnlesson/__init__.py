"""nnlesson: an interactive, step-by-step backpropagation tutor.

The classic 2-2-2 worked example computed numerically (numpy) and
symbolically (sympy), handed out as one ordered trace of steps.
"""

from .errors import NumericError, ParameterError
from .example.engine import Forward, Gradients, Update, forward, gradients, update
from .example.params import CLASSIC, DEFAULT, Options, Params, parse_number
from .example.trace import Step, Trace, trace
from .example.training import History, train
from .formatting import fmt

__all__ = [
    "CLASSIC", "DEFAULT", "Forward", "Gradients", "History", "NumericError", "Options",
    "ParameterError", "Params", "Step", "Trace", "Update", "fmt", "forward", "gradients",
    "parse_number", "trace", "train", "update",
]
