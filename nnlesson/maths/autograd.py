"""A number that remembers how it was made: a tiny scalar autograd, micrograd's size.

Taught in lesson 07, "The computational graph". Each operation (+, -, *, sigmoid,
square) makes a new `Value` that keeps its inputs and its local derivatives. `backward`
visits the graph from the end in reverse topological order and applies the chain rule
one node at a time; `backward_steps` does the same a step at a time, so a view can show
each step.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ParameterError
from ..formatting import fmt
from ..language import _, current_language, join

__all__ = ["BackwardStep", "RULES", "Value"]

#: The rule each operation applies on the way back, by the operation that made the node.
RULES = {"+": "add", "-": "subtract", "*": "multiply", "sigmoid": "sigmoid", "square": "square"}


class Value:
    """A number, the operation that made it, its inputs, and its gradient after `backward`."""

    def __init__(self, data: float, *, name: str = "", op: str = "",
                 inputs: tuple[Value, ...] = (), local: tuple[float, ...] = ()):
        self.data = float(data)
        self.grad = 0.0
        self.name = name
        self.op = op            # "" for a leaf: a number typed in, not computed
        self.inputs = inputs
        self.local = local      # d self / d input, one per input: the chain rule's local factor

    def __repr__(self) -> str:
        return f"Value({self.label}: data={fmt(self.data)}, grad={fmt(self.grad)})"

    @property
    def label(self) -> str:
        """The name, or for an unnamed node its number (a leaf) or its operation."""
        return self.name or (self.op if self.op else fmt(self.data))

    def named(self, name: str) -> Value:
        """This value, called `name` (`(w5 * out_h1).named("w5·out_h1")`)."""
        self.name = name
        return self

    # --- operations: each records its inputs and how it changes with each -------------------

    def __add__(self, other: Value | float) -> Value:
        return Value.sum(self, other)

    def __radd__(self, other: float) -> Value:
        return Value.sum(other, self)

    def __sub__(self, other: Value | float) -> Value:
        a, b = self, _value(other)
        return Value(a.data - b.data, op="-", inputs=(a, b), local=(1.0, -1.0))

    def __rsub__(self, other: float) -> Value:
        return _value(other) - self

    def __mul__(self, other: Value | float) -> Value:
        a, b = self, _value(other)
        # d(ab)/da = b and d(ab)/db = a: on the way back a product swaps its inputs.
        return Value(a.data * b.data, op="*", inputs=(a, b), local=(b.data, a.data))

    def __rmul__(self, other: float) -> Value:
        return _value(other) * self

    def __neg__(self) -> Value:
        return self * -1.0

    def __pow__(self, exponent: int) -> Value:
        if exponent != 2 or isinstance(exponent, bool):
            raise ParameterError("exponent", exponent, _("not a power this Value computes"),
                                 _("2 (a square)"))
        return self.square()

    def square(self) -> Value:
        return Value(self.data * self.data, op="square", inputs=(self,), local=(2 * self.data,))

    def sigmoid(self) -> Value:
        x = self.data
        # Written so that exp never overflows, whatever the sign of x.
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return Value(s, op="sigmoid", inputs=(self,), local=(s * (1 - s),))

    @staticmethod
    def sum(*terms: Value | float) -> Value:
        """One add of any number of terms: net_h1 = w1·i1 + w2·i2 + b1, as the post writes it."""
        values = tuple(_value(t) for t in terms)
        return Value(sum(v.data for v in values), op="+", inputs=values,
                     local=(1.0,) * len(values))

    # --- the backward pass --------------------------------------------------------------------

    def backward(self) -> None:
        """Set every node's grad to d self / d node (micrograd's backward, run to the end)."""
        for _step in self.backward_steps():
            pass

    def backward_steps(self) -> Iterator[BackwardStep]:
        """The backward pass one node at a time: each step applies one node's local rule.

        Every gradient in the graph starts again from 0. Nodes are visited in reverse
        topological order, so a node's gradient is complete (every path back from
        `self` has arrived) before it is passed on.
        """
        order = self.reverse_topological()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        yield BackwardStep(index=0, node=self, rule="start", grad=1.0)
        arrived: set[int] = {id(self)}
        index = 1
        for node in order:
            if not node.inputs:
                continue        # a leaf: its gradient is complete and goes nowhere
            before: list[float | None] = []
            sent: list[float] = []
            for x, local in zip(node.inputs, node.local, strict=True):
                before.append(x.grad if id(x) in arrived else None)
                # The chain rule, one link; += because at a fork the paths back add up.
                x.grad += node.grad * local
                sent.append(node.grad * local)
                arrived.add(id(x))
            yield BackwardStep(index=index, node=node, rule=RULES[node.op], grad=node.grad,
                               inputs=node.inputs, local=node.local, sent=tuple(sent),
                               before=tuple(before))
            index += 1

    def reverse_topological(self) -> list[Value]:
        """This node and every node it depends on, each before all of its inputs."""
        # Depth first, each node listed after its inputs (post-order); reversed, before them.
        # Inputs are pushed last-first, so the first input's part of the graph comes first.
        order: list[Value] = []
        seen: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((x, False) for x in node.inputs if id(x) not in seen)
        return order[::-1]


def _value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


@dataclass(frozen=True, kw_only=True)
class BackwardStep:
    """One node of the backward pass: its gradient, its local rule, what each input receives.

    `before` is each input's gradient before this step, None where nothing had
    arrived yet; a number there is a fork, and the two gradients add.
    """

    index: int
    node: Value
    rule: str                       # "start", or RULES[node.op]
    grad: float                     # d root / d node, complete when the node is reached
    inputs: tuple[Value, ...] = ()
    local: tuple[float, ...] = ()   # d node / d input
    sent: tuple[float, ...] = ()    # grad * local: what each input receives
    before: tuple[float | None, ...] = ()

    def __repr__(self) -> str:
        return f"BackwardStep({self.index}: {self.node.label}, {self.rule})"

    @property
    def explanation(self) -> str:
        """The local rule in words, with this step's numbers; a fork's sum after it."""
        # Chinese sentences follow one another without a space.
        return ("" if current_language() == "zh" else " ").join([self._rule(), *self._forks()])

    def _rule(self) -> str:
        node, g = self.node.label, _factor(self.grad)
        names = [x.label for x in self.inputs]
        if self.rule == "start":
            return _("The backward pass starts at {node}: its gradient with respect to itself "
                     "is 1.", node=node)
        if self.rule == "add":
            return _("{node} is a sum: an add passes its gradient {grad} on unchanged to each "
                     "input ({inputs}).", node=node, grad=fmt(self.grad), inputs=join(names))
        if self.rule == "subtract":
            return _("{node} = {a} − {b}: a subtraction passes its gradient {grad} on to {a} "
                     "and its negative, {negative}, to {b}.", node=node, a=names[0],
                     b=names[1], grad=fmt(self.grad), negative=fmt(self.sent[1]))
        if self.rule == "multiply":
            a, b = self.inputs
            return _("{node} = {a} × {b}: a multiply swaps its inputs, so {a} receives "
                     "{grad} × {b_value} = {to_a} and {b} receives {grad} × {a_value} = "
                     "{to_b}.", node=node, a=a.label, b=b.label, grad=g,
                     a_value=_factor(a.data), b_value=_factor(b.data), to_a=fmt(self.sent[0]),
                     to_b=fmt(self.sent[1]))
        if self.rule == "sigmoid":
            s = self.node.data
            return _("{node} = σ({x}): a sigmoid multiplies by s(1 − s) = {s} × (1 − {s}) = "
                     "{slope}, so {x} receives {grad} × {slope} = {sent}.", node=node,
                     x=names[0], s=fmt(s), slope=fmt(self.local[0]), grad=g,
                     sent=fmt(self.sent[0]))
        return _("{node} = {x}²: a square multiplies by 2 × {x} = 2 × {x_value} = {slope}, so "
                 "{x} receives {grad} × {slope_factor} = {sent}.", node=node, x=names[0],
                 x_value=_factor(self.inputs[0].data), slope=fmt(self.local[0]),
                 slope_factor=_factor(self.local[0]), grad=g, sent=fmt(self.sent[0]))

    def _forks(self) -> list[str]:
        return [_("{x} already had {before} from another path: at a fork the gradients add, "
                  "{before} + {sent} = {total}.", x=x.label, before=fmt(before), sent=_factor(sent),
                  total=fmt(before + sent))
                for x, before, sent in zip(self.inputs, self.before, self.sent, strict=True)
                if before is not None]


def _factor(x: float) -> str:
    # A negative factor in brackets, as the trace writes it: (-0.038098237) × 0.5.
    return f"({fmt(x)})" if x < 0 else fmt(x)
