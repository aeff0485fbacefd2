"""Predict-then-check questions of the worked example, lessons 02 to 11 (07 has its own).

Taught in lesson 06, "Hidden-layer gradients", and the lessons around it.
"""

from __future__ import annotations

from collections.abc import Callable

from ...example import CLASSIC, gradients
from ...formatting import fmt
from ...language import _
from ..predict import Question

__all__ = ["QUESTIONS"]


def _larger_gradient() -> Question:
    g = gradients(CLASSIC)
    larger = 0 if abs(g.dE_dw5) > abs(g.dE_dw1) else 1
    return Question(
        id="06-larger-gradient", kind="choice",
        prompt=_("Which gradient do you expect to be larger in size: ∂E_total/∂w5 or "
                 "∂E_total/∂w1?"),
        choices=("∂E_total/∂w5", "∂E_total/∂w1"), answer=larger,
        why=_("w1 sits one layer further from the error: its gradient is multiplied by one "
              "more sigmoid slope (at most 1/4) and by the small input i1 = {i1}.",
              i1=fmt(CLASSIC.i1)))


#: Each question by its id ("lesson-what"), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {
    "06-larger-gradient": _larger_gradient,
}
