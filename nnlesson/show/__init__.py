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

from ..lazy import discover, namespace

#: Each helper by the module that defines it, read from the modules' own `__all__`; the
#: modules themselves too. They load on first use, so the stepper (which needs the
#: diagram) does not load matplotlib.
_WHERE = discover(__file__)

__all__ = sorted(_WHERE)
__getattr__, __dir__ = namespace(__name__, _WHERE)
