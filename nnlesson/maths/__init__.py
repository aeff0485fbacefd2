"""The definitions every layer builds on: each written once, in sympy, derived, never retyped.

- `activations`, `losses`, `softmax`: each function defined once, its derivative derived;
- `bridge`: the one way from a sympy expression to numbers (lambdify);
- `kernels`: the same definitions as numpy kernels writing into buffers, checked against it;
- `differences`: central differences; `compare`: agreement to a stated tolerance.
"""

from . import activations, bridge, compare, differences, kernels, losses, softmax
from .activations import ACTIVATIONS, Activation
from .compare import Agreement, agree
from .losses import LOSSES, Loss

__all__ = ["ACTIVATIONS", "LOSSES", "Activation", "Agreement", "Loss", "activations", "agree",
           "bridge", "compare", "differences", "kernels", "losses", "softmax"]
