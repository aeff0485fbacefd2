"""Every lesson's predict-then-check questions, each computed when it is asked.

Used from lesson 06 on: `widgets.Predict("06-larger-gradient")`. Each entry is
a function that computes its question's answer with the package, so the answer
follows the engine and is never typed into a lesson. The questions are kept by
part of the course, one module each; their ids start with the lesson's number.
"""

from __future__ import annotations

from collections.abc import Callable

from ...errors import ParameterError
from ...language import _, join
from ..predict import Question
from . import applied, graph, network, worked, yourself

__all__ = ["QUESTIONS", "question"]

#: Every question by its id.
QUESTIONS: dict[str, Callable[[], Question]] = {}
for _part in (worked, graph, yourself, network, applied):
    _twice = QUESTIONS.keys() & _part.QUESTIONS.keys()
    assert not _twice, f"question ids used twice: {sorted(_twice)}"
    QUESTIONS.update(_part.QUESTIONS)


def question(id: str) -> Question:
    """The question called `id`, computed now."""
    if id not in QUESTIONS:
        raise ParameterError("question", id, _("not a question of the lessons"),
                             _("one of {choices}", choices=join(sorted(QUESTIONS))))
    return QUESTIONS[id]()
