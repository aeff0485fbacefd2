"""Plain-Python baselines: the classic 2-2-2 updates with nothing but floats and math.exp.

Not part of the package (the package computes every number once, in
nnlesson.example): these loops exist only so a benchmark can say how far the
engine and the sweep are from the cheapest possible Python, measured in the
same run. The post's method: sigmoid everywhere, E = sum 1/2 (target - out)^2,
all eight weights updated from the same forward pass, biases frozen.
"""

from __future__ import annotations

import math

from nnlesson import CLASSIC, Params


def train_classic(params: Params = CLASSIC, *, steps: int, learning_rate: float) -> float:
    """E_total after `steps` updates, in plain floats."""
    def s(x: float) -> float:
        return 1.0 / (1.0 + math.exp(-x))

    w1, w2, w3, w4, w5, w6, w7, w8 = (params.w1, params.w2, params.w3, params.w4,
                                      params.w5, params.w6, params.w7, params.w8)
    i1, i2, b1, b2 = params.i1, params.i2, params.b1, params.b2
    t1, t2, lr = params.target_o1, params.target_o2, learning_rate
    for _ in range(steps):
        h1 = s(w1 * i1 + w2 * i2 + b1)
        h2 = s(w3 * i1 + w4 * i2 + b1)
        o1 = s(w5 * h1 + w6 * h2 + b2)
        o2 = s(w7 * h1 + w8 * h2 + b2)
        d1 = (o1 - t1) * o1 * (1 - o1)
        d2 = (o2 - t2) * o2 * (1 - o2)
        e1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1)
        e2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2)
        w5, w6, w7, w8 = w5 - lr * d1 * h1, w6 - lr * d1 * h2, w7 - lr * d2 * h1, w8 - lr * d2 * h2
        w1, w2, w3, w4 = w1 - lr * e1 * i1, w2 - lr * e1 * i2, w3 - lr * e2 * i1, w4 - lr * e2 * i2
    h1 = s(w1 * i1 + w2 * i2 + b1)
    h2 = s(w3 * i1 + w4 * i2 + b1)
    o1 = s(w5 * h1 + w6 * h2 + b2)
    o2 = s(w7 * h1 + w8 * h2 + b2)
    return 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2
