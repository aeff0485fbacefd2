"""Training the 2-2-2 network: one update after another (lesson 09).

`engine="numeric"` updates by the chain rule: the trace's own definitions run
as one loop (`nnlesson.example.loop`), and where that loop stops (an overflow,
a log of 0, divergence) the engine's records take over
(`nnlesson.example.engine.ChainRuleSteps`), so edge cases saturate or are
refused exactly as one update is. `engine="symbolic"` updates by sympy's own
derivative, lambdified (`nnlesson.example.symbolic.SymbolicSteps`). This is
the worked example's trainer; the general network's is `nnlesson.mlp.train`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import NumericError, check_choice, check_count
from ..language import _
from .engine import ChainRuleSteps, moved, with_neuron_biases
from .loop import compiled
from .params import CLASSIC, ENGINES, Options, Params, check, parameter_names
from .symbolic import SymbolicSteps

__all__ = ["MAX_STEPS", "History", "check_steps", "train"]

#: The most updates one call trains for.
MAX_STEPS = 1_000_000


@dataclass(frozen=True, kw_only=True)
class History:
    """Training for `steps` updates (lesson 09).

    Arrays have steps + 1 entries: before the first update, then after each.
    """

    start: Params
    options: Options
    steps: int
    E_total: np.ndarray
    out_o1: np.ndarray
    out_o2: np.ndarray
    parameters: Mapping[str, np.ndarray]

    def __repr__(self) -> str:
        return (f"History(steps={self.steps}, E_total {self.E_total[0]:.9g} -> "
                f"{self.E_total[-1]:.9g})")

    @property
    def final(self) -> Params:
        """The parameters after the last update."""
        return moved(self.start, {n: float(a[-1]) for n, a in self.parameters.items()})


def check_steps(steps: object) -> int:
    """The number of training updates, or a clear error: a whole number 0..1,000,000."""
    return check_count("steps", steps, minimum=0, maximum=MAX_STEPS)


def train(params: Params = CLASSIC, *, steps: int, options: Options | None = None,
          engine: str = "numeric", on_progress: Callable[[int], None] | None = None,
          **choices) -> History:
    """`steps` updates in a row; `on_progress(k)` is called now and then for a progress bar."""
    opts = Options.resolve(options, choices)
    check(params, opts)
    steps = check_steps(steps)
    check_choice("engine", engine, ENGINES)
    stepper = ChainRuleSteps(opts) if engine == "numeric" else SymbolicSteps(opts)
    names = parameter_names(opts)
    E, o1, o2 = ([0.0] * (steps + 1) for _ in range(3))
    history = {name: [0.0] * (steps + 1) for name in names}
    every = max(1, steps // 100)
    p = with_neuron_biases(params, opts)
    start = 0
    if engine == "numeric":
        # Plain floats for as long as they go; the records measure the end, and take over
        # from the update the loop could not do (an overflow, a log of 0, divergence).
        run, values = compiled(opts).run, p.values()
        chunk = steps if on_progress is None else every
        while start < steps:
            stop = min(steps, start + chunk)
            done = run(values, start, stop, E, o1, o2, history)
            if done < stop:
                values = {**values, **{name: history[name][done] for name in names}}
                start = done
                break
            start = stop
            if on_progress is not None:
                on_progress(start)
        p = moved(p, {name: values[name] for name in names})
    for k in range(start, steps + 1):
        E[k], o1[k], o2[k] = stepper.measure(p, _after(k) if k else "")
        for name in names:
            history[name][k] = getattr(p, name)
        if k == steps:
            break
        try:
            p = stepper.advance(p)
        except NumericError as exc:
            raise NumericError(
                _("update {k} of {steps}: {exc}", k=k + 1, steps=steps, exc=exc)
            ) from None
        if on_progress is not None and (k + 1) % every == 0:
            on_progress(k + 1)
    arrays = {name: _frozen(values) for name, values in history.items()}
    return History(
        start=params,
        options=opts,
        steps=steps,
        E_total=_frozen(E),
        out_o1=_frozen(o1),
        out_o2=_frozen(o2),
        parameters=arrays,
    )


def _frozen(values: list) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def _after(k: int) -> Callable[[], str]:
    """Where, should a value overflow: a phrase made (and translated) only then."""
    return lambda: _("after update {k}", k=k)
