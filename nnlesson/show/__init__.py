"""What lesson cells show: tables, LaTeX, figures and plots, each with a plain-text twin.

`from nnlesson import show` gives every helper a lesson calls; the modules are
split by what is shown:

- `shown`: the `Shown` record every helper returns, tables, pictures, refusals;
- `worked`: the worked example's trace (steps, phases, parameters, notation);
- `latex`: formulas and proofs from sympy;
- `tables`: results (training runs, gradient checks, shapes, sweeps, convolutions);
- `figures`: pictures with the sentence that describes them;
- `plots`, `curves`, `progress`, `landscape`: matplotlib drawing on an `ax`;
- `diagram`: the SVG drawing of the 2-2-2 network.
"""

from __future__ import annotations

from ..lazy import namespace

#: Each helper by the module that defines it; "" for the modules themselves. They load on
#: first use, so the stepper (which needs the diagram) does not load matplotlib.
_WHERE = {
    "AS_GOOD_AS_ZERO": "tables",
    "HISTORY_NAMES": "tables",
    "MISSING": "shown",
    "NOTATION": "worked",
    "Shown": "shown",
    "activation_equations": "latex",
    "activations_figure": "figures",
    "attempt": "shown",
    "boundary_figure": "figures",
    "collapse_equations": "latex",
    "collapse_summary": "tables",
    "compare": "worked",
    "conv_check": "tables",
    "conv_figure": "figures",
    "conv_step": "tables",
    "conv_summary": "tables",
    "conv_table": "tables",
    "correspondence_table": "tables",
    "curvature_summary": "latex",
    "curves": "",
    "curves_figure": "figures",
    "dataset_figure": "figures",
    "diagram": "",
    "equations": "latex",
    "figures": "",
    "forward_steps": "latex",
    "gradcheck_summary": "tables",
    "gradcheck_table": "tables",
    "gradient_size_figure": "figures",
    "gradient_size_table": "tables",
    "history_figure": "figures",
    "history_panels": "figures",
    "history_table": "tables",
    "landscape": "",
    "latex": "",
    "matrices": "latex",
    "matrix_latex": "latex",
    "network_at": "worked",
    "notation_map": "worked",
    "parameter_table": "worked",
    "paths_table": "tables",
    "phases": "worked",
    "picture": "shown",
    "plots": "",
    "progress": "",
    "proof": "latex",
    "proof_table": "tables",
    "published": "worked",
    "published_check": "tables",
    "relu_at_zero": "tables",
    "shape_table": "tables",
    "shown": "",
    "sigmoid_slope_bound": "latex",
    "softmax_equations": "latex",
    "softmax_values": "tables",
    "step": "worked",
    "steps": "worked",
    "surface_figure": "figures",
    "sweep_figure": "figures",
    "sweep_summary": "tables",
    "table": "shown",
    "tables": "",
    "training_table": "tables",
    "values": "worked",
    "worked": "",
}

__all__ = sorted(_WHERE)
__getattr__, __dir__ = namespace(__name__, _WHERE)
