"""Many updates at the speed of plain Python: the trace's own definitions, written into one loop.

Taught in lesson 09, "Training". 10,000 updates through the engine's records
(a frozen record per layer per update) take a third of a second; a classroom
trainer should answer at once. So `train` runs the definitions the lessons
show (`symbolic.quantities`: net_h1 = w1*i1 + w2*i2 + b1, ...,
dE_dw5 = dE_total_dout_o1*dout_o1_dnet_o1*dnet_o1_dw5, w5_new = w5 - eta*dE_dw5)
as Python assignments, in the lesson's order, printed once per choice of
options by sympy's own printer and compiled. Nothing is written twice: change
a definition and the loop follows. Speed is the reason for the code
generation; the printed source is kept in `Loop.source` for the curious.

The loop stops early and says where when an update leaves the numbers it can
handle (overflow, a log of 0, a parameter past DIVERGED); the trainer then
finishes with the engine's own records, which saturate or refuse with a message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from sympy.printing.pycode import PythonCodePrinter

from .engine import DIVERGED
from .params import Options, parameter_names
from .symbolic import ARGUMENTS, AT_UPDATED, PARAMETER_SYMBOLS, quantities

__all__ = ["Loop", "compiled"]

_NAMES = {symbol: name for name, symbol in PARAMETER_SYMBOLS.items()}


class _Printer(PythonCodePrinter):
    """Prints a definition as written (no reordering), parameters by their field names."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": False, "order": "none"})

    def _print_Symbol(self, expr):
        return _NAMES.get(expr, expr.name)


@dataclass(frozen=True, eq=False)
class Loop:
    """`run(values, start, stop, E, out_o1, out_o2, history)` does updates start..stop-1.

    Before update k it writes the parameters into `history[name][k]`, then
    E_total and the outputs into `E[k]`, `out_o1[k]`, `out_o2[k]`. It returns
    `stop` with the parameters after the last update in `values`; or, when
    update k cannot be done in plain floats, returns k and leaves `values` alone.
    """

    options: Options
    source: str = field(repr=False)
    run: Callable[..., int] = field(repr=False)


@cache
def compiled(options: Options) -> Loop:
    """The training loop for these options, printed from the trace's definitions (cached)."""
    printer = _Printer()
    body = [f"{q.name} = {printer.doprint(q.definition)}" for q in quantities(options)
            if q.definition != AT_UPDATED]  # E_total after the update: the next round's
    recorded = parameter_names(options)
    moved = [q.name[:-4] for q in quantities(options)
             if q.name.endswith("_new") and q.name != "E_total_new"]
    limit = f"{DIVERGED!r}"
    in_range = " and ".join([*(f"-{limit} <= {n}_new <= {limit}" for n in moved),
                             "-INF < E_total < INF"])
    lines = [
        "def run(values, start, stop, E, O1, O2, history):",
        *(f"    {n} = values[{n!r}]" for n in ARGUMENTS),
        *(f"    h_{n} = history[{n!r}]" for n in recorded),
        "    k = start",
        "    try:",
        "        for k in range(start, stop):",
        *(f"            h_{n}[k] = {n}" for n in recorded),
        *(f"            {line}" for line in body),
        "            E[k], O1[k], O2[k] = E_total, out_o1, out_o2",
        f"            if not ({in_range}):",
        "                return k",
        *(f"            {n} = {n}_new" for n in moved),
        "    except (ArithmeticError, ValueError):",
        "        return k",
        *(f"    values[{n!r}] = {n}" for n in moved),
        "    return stop",
    ]
    source = "\n".join(lines) + "\n"
    namespace = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "INF": math.inf}
    exec(compile(source, f"<nnlesson.example.loop {options!r}>", "exec"), namespace)
    run = namespace["run"]
    assert callable(run)
    return Loop(options=options, source=source, run=run)
