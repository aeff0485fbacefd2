"""The classic 2-2-2 worked example: its numbers, both engines, the trace, training, checks.

- `params`: the numbers and options, validated;
- `engine` (numbers, by the chain rule) and `symbolic` (sympy, exactly): two engines;
- `formulas`, `steps`, `topology`: the one ordered trace every view shows;
- `training`: many updates in a row (either engine);
- `finite_differences`: central differences, the third independent check;
- `exercises`: a learner's answer checked, and the usual mistakes named;
- `numbers`: fresh, sensible numbers for each student (seeded, so a sheet repeats);
- `graph`: the example as a computational graph, one node per quantity (lesson 07);
- `reference`: what the post published, and where it is inconsistent;
- `copies`, `error_surface`: many copies trained at once, the error surface (lesson 19).

These `forward`, `gradients` and `train` are the worked example's, by the post's
names; the general network's are in `nnlesson.mlp`.
"""

from ..lazy import namespace
from . import engine, formulas, params, steps, symbolic, topology, training
from .engine import Forward, Gradients, Update, forward, gradients, update
from .params import CLASSIC, DEFAULT, Options, Params, parse_number
from .steps import PHASE_TITLES, Step, Trace, trace
from .symbolic import prove
from .training import History, train

__all__ = [
    "CLASSIC", "DEFAULT", "Forward", "Gradients", "History", "Options", "PHASE_TITLES",
    "Params", "Step", "Trace", "Update", "agrees_with_engine", "central_difference",
    "check_answer", "copies", "curvature", "descent_paths", "engine", "error_surface",
    "exercises", "finite_differences", "formulas", "forward", "gradcheck", "gradients",
    "graph", "hint", "log_rates", "mistaken_values", "numbers", "params", "parse_number",
    "prove", "reference", "section", "steps", "surface", "sweep", "symbolic", "topology",
    "trace", "train", "training", "update",
]

# The later lessons' tools load on first use: stepping through the example needs none of them.
__getattr__, __dir__ = namespace(__name__, {
    "copies": "", "error_surface": "", "exercises": "", "finite_differences": "",
    "reference": "", "loop": "", "graph": "", "numbers": "",
    "agrees_with_engine": "copies", "log_rates": "copies", "sweep": "copies",
    "curvature": "error_surface", "descent_paths": "error_surface", "section": "error_surface",
    "surface": "error_surface", "check_answer": "exercises", "hint": "exercises",
    "mistaken_values": "exercises", "central_difference": "finite_differences",
    "gradcheck": "finite_differences",
})
