"""Engine figures: one trace (what every widget redraw costs) and 10,000 training updates.

Baselines measured in the same run: the symbolic engine for the trace (30-digit
sympy values); for training, sympy's lambdified gradient and the same 10,000
updates as a plain-Python loop of floats (bench/baselines.py).
"""

from __future__ import annotations

from nnlesson import CLASSIC, trace, train

from .baselines import train_classic
from .common import Result, median_time


def run() -> list[Result]:
    results = []
    trace()  # formulas for these options are printed once and cached
    edited = CLASSIC.replace(w5=0.41)
    numeric = median_time(lambda: trace(edited), runs=200)
    exact = median_time(lambda: trace(edited, engine="symbolic"), runs=50)
    results.append(Result("engine", "trace, numeric engine (54 steps)", numeric, 200,
                          "symbolic engine", exact / numeric))
    results.append(Result("engine", "trace, symbolic engine (30 digits)", exact, 50))
    train(steps=1, engine="symbolic")
    fast = median_time(lambda: train(steps=10_000), runs=5)
    sym = median_time(lambda: train(steps=10_000, engine="symbolic"), runs=5)
    plain = median_time(lambda: train_classic(steps=10_000, learning_rate=0.5), runs=5)
    results.append(Result("engine", "train 10,000 updates, numeric engine", fast, 5,
                          "sympy-gradient training", sym / fast))
    results.append(Result("engine", "train 10,000 updates, sympy's gradient", sym, 5))
    results.append(Result("engine", "train 10,000 updates, plain-Python loop", plain, 5,
                          "numeric engine", fast / plain,
                          note="ratio: how many times slower the engine is than this"))
    return results
