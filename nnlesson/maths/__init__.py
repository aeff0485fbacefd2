"""The definitions every layer builds on: each written once, in sympy, derived, never retyped.

- `activations`, `losses`, `softmax`: each function defined once, its derivative derived;
- `bridge`: the one way from a sympy expression to numbers (lambdify);
- `kernels`: the same definitions as numpy kernels writing into buffers, checked against it;
- `differences`: central differences; `compare`: agreement to a stated tolerance;
- `autograd`: a small reverse-mode graph of scalars, the chain rule done by a program (lesson 07);
- `simplifications`: the derivative identities the lessons use, each proved by sympy.
"""

from ..lazy import namespace
from . import activations, bridge, compare, losses
from .activations import ACTIVATIONS, Activation
from .compare import Agreement, agree
from .losses import LOSSES, Loss

__all__ = ["ACTIVATIONS", "LOSSES", "Activation", "Agreement", "Loss", "activations", "agree",
           "autograd", "bridge", "compare", "differences", "kernels", "losses",
           "simplifications", "softmax"]

# Loaded on first use: the general network's kernels and softmax are not needed to step.
__getattr__, __dir__ = namespace(__name__, {"autograd": "", "differences": "", "kernels": "",
                                             "simplifications": "", "softmax": ""})
