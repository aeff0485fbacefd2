"""Timing helpers shared by every benchmark: medians of repeated runs, printed as a table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One measured figure: a median in seconds, and what it is compared with."""

    group: str
    name: str
    median_s: float
    runs: int
    baseline: str = ""
    ratio: float | None = None  # baseline median / this median (> 1: this is faster)
    note: str = ""


def median_time(fn: Callable[[], object], *, runs: int = 15, warmup: int = 1) -> float:
    """The median wall time of `fn()` over `runs` calls, after `warmup` unmeasured calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def show(value_s: float) -> str:
    if value_s < 1e-3:
        return f"{value_s * 1e6:.1f} µs"
    if value_s < 1:
        return f"{value_s * 1e3:.2f} ms"
    return f"{value_s:.3f} s"


def table(results: list[Result]) -> str:
    lines = [f"{'group':<10} {'benchmark':<48} {'median':>11} {'runs':>5}  vs baseline"]
    for r in results:
        versus = ""
        if r.baseline:
            versus = f"{r.baseline}: {r.ratio:.2f}x" if r.ratio is not None else r.baseline
        lines.append(f"{r.group:<10} {r.name:<48} {show(r.median_s):>11} {r.runs:>5}  {versus}"
                     + (f"  ({r.note})" if r.note else ""))
    return "\n".join(lines)
