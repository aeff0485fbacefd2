"""Reference solutions of the write-it-yourself lessons, in plain numpy, the way a learner would.

Taught in lesson 12, "Write it yourself: the 2-2-2 network", lesson 16, "Write it yourself:
the 3-4-2 network", and lesson 17, "Write it yourself: the matrix form". A lesson's "Stuck?"
aside shows their source. `SLIPPED` holds purpose-made wrong solutions, one slip each, for
the tests of `nnlesson.practice.yourself` (and for a lesson to show what the check says).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

__all__ = ["SLIPPED", "over_m_examples", "three_four_two", "two_two_two"]


def two_two_two(i1, i2, w1, w2, w3, w4, w5, w6, w7, w8, b1, b2, target_o1, target_o2,
                learning_rate):
    """The 2-2-2 network by hand: forward pass, error, every gradient and one update."""
    # The forward pass (lesson 03): a weighted sum plus the bias, then the sigmoid.
    net_h1 = w1 * i1 + w2 * i2 + b1
    out_h1 = 1 / (1 + np.exp(-net_h1))
    net_h2 = w3 * i1 + w4 * i2 + b1
    out_h2 = 1 / (1 + np.exp(-net_h2))
    net_o1 = w5 * out_h1 + w6 * out_h2 + b2
    out_o1 = 1 / (1 + np.exp(-net_o1))
    net_o2 = w7 * out_h1 + w8 * out_h2 + b2
    out_o2 = 1 / (1 + np.exp(-net_o2))

    # The error (lesson 04): half the squared difference, for each output, then the sum.
    E_o1 = 0.5 * (target_o1 - out_o1) ** 2
    E_o2 = 0.5 * (target_o2 - out_o2) ** 2
    E_total = E_o1 + E_o2

    # The output layer (lesson 05): delta = dE_total/dout * dout/dnet; a weight's gradient
    # is the delta of the neuron it feeds times the value it carries.
    delta_o1 = (out_o1 - target_o1) * out_o1 * (1 - out_o1)
    dE_dw5 = delta_o1 * out_h1
    dE_dw6 = delta_o1 * out_h2
    delta_o2 = (out_o2 - target_o2) * out_o2 * (1 - out_o2)
    dE_dw7 = delta_o2 * out_h1
    dE_dw8 = delta_o2 * out_h2

    # The hidden layer (lesson 06): both paths back, along the ORIGINAL w5 ... w8.
    dE_total_dout_h1 = delta_o1 * w5 + delta_o2 * w7
    delta_h1 = dE_total_dout_h1 * out_h1 * (1 - out_h1)
    dE_dw1 = delta_h1 * i1
    dE_dw2 = delta_h1 * i2
    dE_total_dout_h2 = delta_o1 * w6 + delta_o2 * w8
    delta_h2 = dE_total_dout_h2 * out_h2 * (1 - out_h2)
    dE_dw3 = delta_h2 * i1
    dE_dw4 = delta_h2 * i2

    # The update (lesson 08): every weight at once, now that every gradient is known.
    w5_new = w5 - learning_rate * dE_dw5
    w6_new = w6 - learning_rate * dE_dw6
    w7_new = w7 - learning_rate * dE_dw7
    w8_new = w8 - learning_rate * dE_dw8
    w1_new = w1 - learning_rate * dE_dw1
    w2_new = w2 - learning_rate * dE_dw2
    w3_new = w3 - learning_rate * dE_dw3
    w4_new = w4 - learning_rate * dE_dw4

    return {
        "net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
        "net_o1": net_o1, "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2,
        "E_o1": E_o1, "E_o2": E_o2, "E_total": E_total,
        "delta_o1": delta_o1, "dE_dw5": dE_dw5, "dE_dw6": dE_dw6,
        "delta_o2": delta_o2, "dE_dw7": dE_dw7, "dE_dw8": dE_dw8,
        "dE_total_dout_h1": dE_total_dout_h1, "delta_h1": delta_h1,
        "dE_dw1": dE_dw1, "dE_dw2": dE_dw2,
        "dE_total_dout_h2": dE_total_dout_h2, "delta_h2": delta_h2,
        "dE_dw3": dE_dw3, "dE_dw4": dE_dw4,
        "w5_new": w5_new, "w6_new": w6_new, "w7_new": w7_new, "w8_new": w8_new,
        "w1_new": w1_new, "w2_new": w2_new, "w3_new": w3_new, "w4_new": w4_new,
    }


def three_four_two(W, b, X, Y):
    """One example through the 3-4-2 network: the forward pass, the cost, every gradient."""
    # The forward pass (lessons 03 and 15): Z = W A_prev + b, then the sigmoid, entry by entry.
    Z1 = W[1] @ X + b[1]
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = W[2] @ A1 + b[2]
    A2 = 1 / (1 + np.exp(-Z2))

    # The cost (lesson 04): half the squared difference, summed over the outputs.
    J = np.sum(0.5 * (Y - A2) ** 2)

    # The output layer (lesson 05): the deltas, then each weight's gradient as an outer
    # product, delta times the value the weight carries.
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dW2 = dZ2 @ A1.T
    db2 = dZ2

    # The hidden layer (lesson 06): every path back at once, along W[2] transposed.
    dA1 = W[2].T @ dZ2
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T
    db1 = dZ1

    return {"Z[1]": Z1, "A[1]": A1, "Z[2]": Z2, "A[2]": A2, "J": J,
            "dZ[2]": dZ2, "dW[2]": dW2, "db[2]": db2,
            "dA[1]": dA1, "dZ[1]": dZ1, "dW[1]": dW1, "db[1]": db1}


def over_m_examples(W, b, X, Y):
    """m examples at once, as the columns of X and Y: the matrix form of lesson 15."""
    m = X.shape[1]

    # The forward pass: the same products, now with m columns; b is added to each column.
    Z1 = W[1] @ X + b[1]
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = W[2] @ A1 + b[2]
    A2 = 1 / (1 + np.exp(-Z2))

    # The cost: the error of each example, averaged over the m examples.
    J = np.sum(0.5 * (Y - A2) ** 2) / m

    # The output layer: dZ has one column per example; the product with A1 transposed adds
    # up the m examples, and 1/m makes that sum an average. db adds up the columns.
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m

    # The hidden layer: every path back, for every example at once.
    dA1 = W[2].T @ dZ2
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    return {"Z[1]": Z1, "A[1]": A1, "Z[2]": Z2, "A[2]": A2, "J": J,
            "dZ[2]": dZ2, "dW[2]": dW2, "db[2]": db2,
            "dA[1]": dA1, "dZ[1]": dZ1, "dW[1]": dW1, "db[1]": db1}


# -- purpose-made slips: each function below is one of the above with one line wrong ----------


def _two_two_two_with(slip, i1, i2, w1, w2, w3, w4, w5, w6, w7, w8, b1, b2, target_o1,
                      target_o2, learning_rate):
    """`two_two_two` with the one slip named `slip` (a name of yourself.SLIPS)."""
    if slip == "forward-orientation":
        net_h1 = w1 * i1 + w3 * i2 + b1          # the post's typo: w3 where w2 belongs
    else:
        net_h1 = w1 * i1 + w2 * i2 + b1
    out_h1 = 1 / (1 + np.exp(-net_h1))
    net_h2 = w3 * i1 + w4 * i2 + b1
    out_h2 = 1 / (1 + np.exp(-net_h2))
    net_o1 = w5 * out_h1 + w6 * out_h2 + b2
    out_o1 = 1 / (1 + np.exp(-net_o1))
    net_o2 = w7 * out_h1 + w8 * out_h2 + b2
    out_o2 = 1 / (1 + np.exp(-net_o2))
    if slip == "doubled":
        E_o1 = (target_o1 - out_o1) ** 2           # the 1/2 dropped
        E_o2 = (target_o2 - out_o2) ** 2
    else:
        E_o1 = 0.5 * (target_o1 - out_o1) ** 2
        E_o2 = 0.5 * (target_o2 - out_o2) ** 2
    E_total = E_o1 + E_o2

    dE_dout = {"": (out_o1 - target_o1, out_o2 - target_o2),
               "sign": (target_o1 - out_o1, target_o2 - out_o2),
               "doubled": (2 * (out_o1 - target_o1), 2 * (out_o2 - target_o2)),
               "halved": (0.5 * (out_o1 - target_o1), 0.5 * (out_o2 - target_o2))}
    dE_dout_o1, dE_dout_o2 = dE_dout.get(slip, dE_dout[""])
    if slip == "slope-of-net":
        delta_o1 = dE_dout_o1 * net_o1 * (1 - net_o1)
        delta_o2 = dE_dout_o2 * net_o2 * (1 - net_o2)
    else:
        delta_o1 = dE_dout_o1 * out_o1 * (1 - out_o1)
        delta_o2 = dE_dout_o2 * out_o2 * (1 - out_o2)
    dE_dw5 = delta_o1 * out_h1
    dE_dw6 = delta_o2 * out_h1 if slip == "dW-orientation" else delta_o1 * out_h2
    dE_dw7 = delta_o2 * out_h1
    dE_dw8 = delta_o2 * out_h2
    if slip == "updated-weight":                   # the update made too early
        w5 = w5 - learning_rate * dE_dw5
        w6 = w6 - learning_rate * dE_dw6
        w7 = w7 - learning_rate * dE_dw7
        w8 = w8 - learning_rate * dE_dw8
    if slip == "missing-path":
        dE_total_dout_h1 = delta_o1 * w5           # the path through o2 left out
    elif slip == "backward-orientation":
        dE_total_dout_h1 = delta_o1 * w5 + delta_o2 * w6
    else:
        dE_total_dout_h1 = delta_o1 * w5 + delta_o2 * w7
    dE_total_dout_h2 = delta_o1 * w6 + delta_o2 * w8
    delta_h1 = dE_total_dout_h1 * out_h1 * (1 - out_h1)
    delta_h2 = dE_total_dout_h2 * out_h2 * (1 - out_h2)
    gradients = {"w1": delta_h1 * i1, "w2": delta_h1 * i2, "w3": delta_h2 * i1,
                 "w4": delta_h2 * i2, "w5": dE_dw5, "w6": dE_dw6, "w7": dE_dw7, "w8": dE_dw8}
    weights = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6, "w7": w7, "w8": w8}
    out = {"net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
           "net_o1": net_o1, "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2,
           "E_o1": E_o1, "E_o2": E_o2, "E_total": E_total, "delta_o1": delta_o1,
           "delta_o2": delta_o2, "dE_total_dout_h1": dE_total_dout_h1, "delta_h1": delta_h1,
           "dE_total_dout_h2": dE_total_dout_h2, "delta_h2": delta_h2}
    out.update({f"dE_d{w}": gradient for w, gradient in gradients.items()})
    out.update({f"{w}_new": weights[w] - learning_rate * gradients[w] for w in weights})
    return out


def _matrix_with(slip, W, b, X, Y):
    """`over_m_examples` with the one slip named `slip` (a name of yourself.SLIPS)."""
    m = X.shape[1]
    if slip == "forward-orientation":
        Z1 = W[1].T @ X + b[1]                     # fails: W[1] is 4 x 3
    else:
        Z1 = W[1] @ X + b[1]
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = W[2] @ A1 + b[2]
    A2 = 1 / (1 + np.exp(-Z2))
    per_m = 1 if slip == "forgot-1/m" else 1 / m
    J = np.sum((1.0 if slip == "doubled" else 0.5) * (Y - A2) ** 2) * per_m
    factor = {"sign": -1.0, "doubled": 2.0, "halved": 0.5}.get(slip, 1.0)
    slope2 = Z2 * (1 - Z2) if slip == "slope-of-net" else A2 * (1 - A2)
    dZ2 = factor * (A2 - Y) * slope2
    if slip == "dW-orientation":
        dW2 = A1 @ dZ2.T * per_m                   # the shape of W[2] transposed
    else:
        dW2 = dZ2 @ A1.T * per_m
    if slip == "db-sum":
        db2 = np.sum(dZ2, axis=1) * per_m          # no keepdims: a flat vector
    else:
        db2 = np.sum(dZ2, axis=1, keepdims=True) * per_m
    if slip == "backward-orientation":
        dA1 = W[2] @ dZ2                           # fails: W[2] is 2 x 4
    elif slip == "missing-path":
        dA1 = W[2][:1].T @ dZ2[:1]                 # the path back from output 1 only
    else:
        dA1 = W[2].T @ dZ2
    slope1 = Z1 * (1 - Z1) if slip == "slope-of-net" else A1 * (1 - A1)
    dZ1 = dA1 * slope1
    dW1 = dZ1 @ X.T * per_m
    db1 = np.sum(dZ1, axis=1, keepdims=True) * per_m
    return {"Z[1]": Z1, "A[1]": A1, "Z[2]": Z2, "A[2]": A2, "J": J,
            "dZ[2]": dZ2, "dW[2]": dW2, "db[2]": db2,
            "dA[1]": dA1, "dZ[1]": dZ1, "dW[1]": dW1, "db[1]": db1}


def _slipped(function: Callable[..., Any], slips: tuple[str, ...]) -> dict[str, Callable]:
    return {slip: partial(function, slip) for slip in slips}


#: Purpose-made wrong solutions: exercise ("2-2-2", "3-4-2", "matrix form") -> slip -> function.
#: The 3-4-2 ones run on one example, so forgetting 1/m or the sum for db changes nothing there.
SLIPPED: dict[str, dict[str, Callable]] = {
    "2-2-2": _slipped(_two_two_two_with, (
        "missing-path", "updated-weight", "forward-orientation", "backward-orientation",
        "dW-orientation", "doubled", "halved", "sign", "slope-of-net")),
    "3-4-2": _slipped(_matrix_with, (
        "missing-path", "forward-orientation", "backward-orientation", "dW-orientation",
        "doubled", "halved", "sign", "slope-of-net")),
    "matrix form": _slipped(_matrix_with, (
        "missing-path", "dW-orientation", "forgot-1/m", "doubled", "halved", "sign",
        "slope-of-net", "db-sum")),
}
