"""Every lesson's predict-then-check questions, each computed when it is asked.

Used from lesson 02 on: `widgets.Predict("06-larger-gradient")`. Each entry
is a function that computes its question's answer with the package, so the
answer follows the engine and is never typed into a lesson.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ParameterError
from ..example import CLASSIC, gradients
from ..formatting import fmt
from ..language import _
from .predict import Question

__all__ = ["QUESTIONS", "question"]


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


def question(id: str) -> Question:
    """The question called `id`, computed now."""
    if id not in QUESTIONS:
        raise ParameterError("question", id, "not a question of the lessons",
                             "one of " + ", ".join(sorted(QUESTIONS)))
    return QUESTIONS[id]()
