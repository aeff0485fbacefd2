"""From w1..w8 to weight matrices: the worked example as a general network.

Taught in lesson 15, "The matrix form". Row i of W[l] holds the weights into
neuron i of layer l, column j those out of neuron j of layer l-1, so that
net_h1 = w1*i1 + w2*i2 + b1 is row 1 of Z[1] = W[1] A[0] + b[1]:

    W[1] = [[w1, w2],      rows h1, h2; columns i1, i2
            [w3, w4]]
    W[2] = [[w5, w6],      rows o1, o2; columns h1, h2
            [w7, w8]]
    b[1] = [[b1], [b1]]    (b_h1, b_h2 with one bias per neuron)
    b[2] = [[b2], [b2]]    (b_o1, b_o2)
    X = A[0] = [[i1], [i2]],  Y = [[target_o1], [target_o2]],  m = 1

(The classic post once writes net_h1 = w1*i1 + w3*i2 + b1; its forward pass,
and this map, use w2.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Described, ParameterError
from ..example import engine
from ..example.params import CLASSIC, DEFAULT, Options, Params, check
from ..formatting import fmt
from ..language import _
from ..maths.compare import ROUNDING, Agreement, agree
from .network import Network, Parameters
from .passes import gradients

__all__ = ["Correspondence", "ENTRIES", "EntryProof", "NEURONS", "WEIGHT_ENTRIES",
           "agree_to_rounding", "correspondence", "from_params", "network_for", "one_at_a_time",
           "prove_matrix_form", "to_params"]

#: Each weight of the worked example: (l, row, column) in W[l].
WEIGHT_ENTRIES: dict[str, tuple[int, int, int]] = {
    "w1": (1, 0, 0), "w2": (1, 0, 1), "w3": (1, 1, 0), "w4": (1, 1, 1),
    "w5": (2, 0, 0), "w6": (2, 0, 1), "w7": (2, 1, 0), "w8": (2, 1, 1),
}
#: Each neuron: (layer, row).
NEURONS: dict[str, tuple[int, int]] = {"h1": (1, 0), "h2": (1, 1), "o1": (2, 0), "o2": (2, 1)}

#: Every scalar quantity of the trace that is one matrix entry: name -> (matrix, l, row, col).
ENTRIES: dict[str, tuple[str, int, int, int]] = {
    "i1": ("A", 0, 0, 0), "i2": ("A", 0, 1, 0),
    **{f"net_{n}": ("Z", l, r, 0) for n, (l, r) in NEURONS.items()},
    **{f"out_{n}": ("A", l, r, 0) for n, (l, r) in NEURONS.items()},
    **{f"delta_{n}": ("dZ", l, r, 0) for n, (l, r) in NEURONS.items()},
    **{f"dE_total_dout_{n}": ("dA", 1, r, 0) for n, (l, r) in NEURONS.items() if l == 1},
    **{f"dE_d{w}": ("dW", l, i, j) for w, (l, i, j) in WEIGHT_ENTRIES.items()},
    **{f"dE_db_{n}": ("db", l, r, 0) for n, (l, r) in NEURONS.items()},
}


def network_for(options: Options = DEFAULT, *, matmul: str = "ordered") -> Network:
    """The general network that is the 2-2-2 example with these options.

    matmul="ordered" sums w1*i1 + w2*i2 in that order, as nnlesson.example.engine does,
    so the two agree bit for bit; "blas" is the fast product, equal to rounding.
    """
    return Network((2, 2, 2), hidden=options.hidden_activation, output=options.output_activation,
                   loss=options.loss, matmul=matmul)


def from_params(params: Params = CLASSIC, options: Options = DEFAULT, *, matmul: str = "ordered"
                ) -> tuple[Network, Parameters, np.ndarray, np.ndarray]:
    """(network, W and b, X, Y) for the worked example's numbers."""
    check(params, options)
    # Indexed like the lessons: W[0] and b[0] are None.
    W: list[Any] = [None, np.zeros((2, 2)), np.zeros((2, 2))]
    for name, (l, i, j) in WEIGHT_ENTRIES.items():
        W[l][i, j] = getattr(params, name)
    per_neuron = options.bias == "per-neuron"
    b: list[Any] = [None, np.zeros((2, 1)), np.zeros((2, 1))]
    for neuron, (l, r) in NEURONS.items():
        b[l][r, 0] = params.bias(neuron) if per_neuron else getattr(params, f"b{l}")
    network = network_for(options, matmul=matmul)
    X = np.array([[params.i1], [params.i2]])
    Y = np.array([[params.target_o1], [params.target_o2]])
    return network, Parameters.from_arrays(network, W, b), X, Y


def to_params(parameters: Parameters, X, Y, *, learning_rate: float = CLASSIC.learning_rate
              ) -> Params:
    """The worked example's numbers from matrices (the inverse of `from_params`).

    Equal biases in a layer become b1 / b2; unequal ones become per-neuron biases.
    """
    if parameters.L != 2 or parameters.W[1].shape != (2, 2) or parameters.W[2].shape != (2, 2):
        raise ParameterError("parameters", Described(repr(parameters)), _("not a 2-2-2 network"),
                             _("parameters of Network((2, 2, 2))"))
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.shape != (2, 1) or Y.shape != (2, 1):
        raise ParameterError(
            "X",
            Described(_("shapes {x} and {y}", x=X.shape, y=Y.shape)),
            _("not one example"),
            _("X and Y of shape (2, 1)"),
        )
    values = {name: float(parameters.W[l][i, j]) for name, (l, i, j) in WEIGHT_ENTRIES.items()}
    values.update(
        i1=float(X[0, 0]),
        i2=float(X[1, 0]),
        target_o1=float(Y[0, 0]),
        target_o2=float(Y[1, 0]),
        learning_rate=learning_rate,
    )
    b1, b2 = parameters.b[1][:, 0], parameters.b[2][:, 0]
    values.update(b1=float(b1[0]), b2=float(b2[0]))
    if b1[0] != b1[1] or b2[0] != b2[1]:
        values.update(b_h1=float(b1[0]), b_h2=float(b1[1]), b_o1=float(b2[0]), b_o2=float(b2[1]))
    return Params(**values)


@dataclass(frozen=True, kw_only=True)
class Correspondence:
    """One quantity of the worked example beside the matrix entry that holds it."""

    name: str
    entry: str  # e.g. "dW[2][0, 0]"
    scalar: float  # from the 2-2-2 engine (nnlesson.example.engine)
    matrix: float  # from the general network (nnlesson.mlp.network)

    @property
    def agreement(self) -> Agreement:
        """Whether the two routes agree to rounding (nnlesson.maths.compare.ROUNDING)."""
        return agree(self.scalar, self.matrix, to=ROUNDING)

    @property
    def text(self) -> str:
        return f"{self.name} = {self.entry} = {fmt(self.matrix)}"


def correspondence(
    params: Params = CLASSIC, options: Options = DEFAULT, *, matmul: str = "ordered"
) -> tuple[Correspondence, ...]:
    """Every forward value and gradient, computed both ways, entry by entry.

    The scalar engine sums w1*i1 + w2*i2 in that order; so does matmul="ordered".
    A BLAS product ("blas") may fuse multiply-adds, so it can differ in the last bits.
    """
    network, parameters, X, Y = from_params(params, options, matmul=matmul)
    g = gradients(network, parameters, X, Y)
    fwd = engine.forward(params, options=options)
    grads = engine.gradients(params, options=options)
    scalars = {**vars(fwd), **grads.as_dict(), "i1": params.i1, "i2": params.i2}
    arrays = {"A": g.forward.A, "Z": g.forward.Z, "dZ": g.dZ, "dA": g.dA, "dW": g.dW, "db": g.db}
    rows = []
    for name, (kind, l, i, j) in ENTRIES.items():
        rows.append(
            Correspondence(
                name=name,
                entry=f"{kind}[{l}][{i}, {j}]",
                scalar=float(scalars[name]),
                matrix=float(arrays[kind][l][i, j]),
            )
        )
    rows.append(
        Correspondence(name="E_total", entry="J (m = 1)", scalar=fwd.E_total, matrix=g.cost)
    )
    return tuple(rows)


def agree_to_rounding(rows: tuple[Correspondence, ...]) -> Agreement:
    """Whether every matrix entry is its scalar value to rounding (lesson 15).

    math.exp and numpy's exp may round differently in the last bit, and a BLAS
    product may add in another order or fuse multiply-adds: that moves the last
    bits and nothing more.
    """
    return agree([r.scalar for r in rows], [r.matrix for r in rows], to=ROUNDING)


def one_at_a_time(network: Network, params: Parameters, X) -> Agreement:
    """Whether the batch's columns are each example run on its own, to rounding.

    Lesson 15's point that stacking examples as columns changes nothing: column
    j of A[L] for the whole batch is the output for example j alone. A BLAS
    product may sum a batch in another order than a single column.
    """
    from .passes import forward

    batch = forward(network, params, X).output
    alone = np.hstack(
        [
            forward(network, params, np.asarray(X)[:, j : j + 1]).output
            for j in range(batch.shape[1])
        ]
    )
    return agree(batch, alone, to=ROUNDING)


@dataclass(frozen=True, eq=False, kw_only=True)
class EntryProof:
    """One entry of the matrix form beside the worked example's scalar expression."""

    name: str
    entry: str
    matrix: object  # sympy expression from the matrix formulas
    scalar: object  # sympy expression from the scalar lessons (or sympy.diff of E_total)
    equal: bool

    def __repr__(self) -> str:
        return f"EntryProof({self.name} = {self.entry}: {'equal' if self.equal else 'DIFFERENT'})"


def prove_matrix_form(options: Options = DEFAULT) -> tuple[EntryProof, ...]:
    """sympy's proof that the matrix formulas compute the worked example's quantities.

    The forward pass Z[l] = W[l] A[l-1] + b[l] is compared with the scalar
    definitions (net_h1 = w1*i1 + w2*i2 + b1, ...), and the backward pass
    dW[l] = dZ[l] A[l-1]^T, dZ[l-1] = W[l]^T dZ[l] * g'(Z[l-1]) with sympy.diff of
    E_total itself: two independent routes to the same expressions.
    """
    import sympy as sp

    from ..example import symbolic
    from ..maths.activations import ACTIVATIONS, x, y
    from ..maths.losses import LOSSES, o, t

    S = symbolic.PARAMETER_SYMBOLS
    W = {
        1: sp.Matrix([[S["w1"], S["w2"]], [S["w3"], S["w4"]]]),
        2: sp.Matrix([[S["w5"], S["w6"]], [S["w7"], S["w8"]]]),
    }
    if options.bias == "per-neuron":
        b = {1: sp.Matrix([S["b_h1"], S["b_h2"]]), 2: sp.Matrix([S["b_o1"], S["b_o2"]])}
    else:
        b = {1: sp.Matrix([S["b1"], S["b1"]]), 2: sp.Matrix([S["b2"], S["b2"]])}
    X = sp.Matrix([S["i1"], S["i2"]])
    Y = sp.Matrix([S["target_o1"], S["target_o2"]])
    g = {1: ACTIVATIONS[options.hidden_activation], 2: ACTIVATIONS[options.output_activation]}
    loss = LOSSES[options.loss]

    def slope(activation, Z):
        form = activation.derivative_of_output
        if form is not None:
            return Z.applyfunc(lambda z: form.xreplace({y: activation.function(z)}))
        return Z.applyfunc(lambda z: activation.derivative.xreplace({x: z}))

    Z1 = W[1] * X + b[1]
    A1 = Z1.applyfunc(g[1].function)
    Z2 = W[2] * A1 + b[2]
    A2 = Z2.applyfunc(g[2].function)
    E = sum(loss.expr.subs({t: Y[k], o: A2[k]}) for k in range(2))
    dE_dA2 = sp.Matrix([loss.derivative.subs({t: Y[k], o: A2[k]}) for k in range(2)])
    dZ2 = dE_dA2.multiply_elementwise(slope(g[2], Z2))
    dW2 = dZ2 * A1.T
    dZ1 = (W[2].T * dZ2).multiply_elementwise(slope(g[1], Z1))
    dW1 = dZ1 * X.T

    full = symbolic.full_expressions(options)

    rows = []
    for name, (l, r) in NEURONS.items():
        Z = Z1 if l == 1 else Z2
        A = A1 if l == 1 else A2
        rows.append(
            EntryProof(
                name=f"net_{name}",
                entry=f"Z[{l}][{r}, 0]",
                matrix=Z[r],
                scalar=full[f"net_{name}"],
                equal=symbolic.same(Z[r], full[f"net_{name}"]),
            )
        )
        rows.append(
            EntryProof(
                name=f"out_{name}",
                entry=f"A[{l}][{r}, 0]",
                matrix=A[r],
                scalar=full[f"out_{name}"],
                equal=symbolic.same(A[r], full[f"out_{name}"]),
            )
        )
    rows.append(
        EntryProof(
            name="E_total",
            entry="J (m = 1)",
            matrix=E,
            scalar=full["E_total"],
            equal=symbolic.same(E, full["E_total"]),
        )
    )
    for name, (l, i, j) in WEIGHT_ENTRIES.items():
        matrix = (dW1 if l == 1 else dW2)[i, j]
        derivative = sp.diff(full["E_total"], S[name])
        rows.append(
            EntryProof(
                name=f"dE_d{name}",
                entry=f"dW[{l}][{i}, {j}]",
                matrix=matrix,
                scalar=derivative,
                equal=symbolic.same(matrix, derivative),
            )
        )
    return tuple(rows)
