"""Predict-then-check questions of lesson 07, "The computational graph"."""

from __future__ import annotations

from collections.abc import Callable

from ...example import CLASSIC
from ...example.graph import computational_graph
from ...formatting import fmt
from ...language import _, join
from ...maths.autograd import BackwardStep
from ..predict import Question

__all__ = ["QUESTIONS"]


def _step_at(node: str) -> BackwardStep:
    graph = computational_graph(CLASSIC)
    return next(s for s in graph.steps if s.node.name == node and s.rule != "start")


def _arrivals() -> Question:
    graph = computational_graph(CLASSIC)
    users = [dst for src, dst in graph.edges if src == "out_h1"]
    return Question(
        id="07-arrivals", kind="number",
        prompt=_("In the backward pass, how many gradients arrive at the node out_h1?"),
        answer=float(len(users)), tolerance=0.0,
        why=_("out_h1 is used by {count} nodes ({users}): one gradient comes back along each "
              "use, and at the fork they add up to ∂E_total/∂out_h1 = {grad}, the two paths "
              "of lesson 06.", count=len(users), users=join(users),
              grad=fmt(graph["out_h1"].grad)))


def _sigmoid_rule() -> Question:
    step = _step_at("out_o1")
    rules = {
        "add": _("pass it on unchanged (an add)"),
        "multiply": _("multiply it by the other input's value (a multiply)"),
        "sigmoid": _("multiply it by s(1 − s) (a sigmoid)"),
        "square": _("multiply it by 2x (a square)"),
    }
    s = step.node.data
    return Question(
        id="07-sigmoid-rule", kind="choice",
        prompt=_("Which local rule turns the gradient at out_o1 into the gradient at net_o1?"),
        choices=tuple(rules.values()), answer=list(rules).index(step.rule),
        why=_("out_o1 = σ(net_o1), so the gradient {grad} is multiplied by s(1 − s) = "
              "{s} × (1 − {s}) = {slope}, which gives δ_o1 = {delta}.", grad=fmt(step.grad),
              s=fmt(s), slope=fmt(step.local[0]), delta=fmt(step.sent[0])))


def _multiply_swaps() -> Question:
    step = _step_at("w5·out_h1")
    w5, out_h1 = step.inputs
    return Question(
        id="07-multiply-swaps", kind="number",
        prompt=_("The node w5·out_h1 = w5 × out_h1 has gradient {grad}, and out_h1 = {out_h1}. "
                 "What gradient does it send back to w5?", grad=fmt(step.grad),
                 out_h1=fmt(out_h1.data)),
        answer=step.sent[0],
        why=_("A multiply swaps its inputs: w5 receives the gradient times the other input, "
              "{grad} × {out_h1} = {dE_dw5}, which is ∂E_total/∂w5 of lesson 05.",
              grad=fmt(step.grad), out_h1=fmt(out_h1.data), dE_dw5=fmt(step.sent[0])))


#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "07-arrivals": _arrivals,
    "07-sigmoid-rule": _sigmoid_rule,
    "07-multiply-swaps": _multiply_swaps,
}
