"""Predict, then check: a short question answered before the cell that shows the result.

Used from lesson 02 on. A question's right answer is computed by the package
when the question is made (which gradient is larger, the sign of a gradient,
a number of parameters, a shape), never typed into a lesson; the learner's
answer is checked, and only then is the answer shown, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParameterError, read_number
from ..formatting import fmt
from ..language import _, join

__all__ = ["KINDS", "Question", "Verdict", "check_prediction"]

#: A question asks to choose one of its `choices`, or to type a number.
KINDS = ("choice", "number")


@dataclass(frozen=True, kw_only=True)
class Question:
    """One predict-then-check question: its prompt, its answer, and why.

    `answer` is the index of the right choice, or the number itself;
    `tolerance` is relative, for numbers; `why` is shown after an answer.
    """

    id: str
    prompt: str
    kind: str
    answer: float | int
    why: str
    choices: tuple[str, ...] = ()
    tolerance: float = 1e-3

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ParameterError("kind", self.kind, _("not a kind of question"),
                                 _("one of {choices}", choices=join(KINDS)))
        if self.kind == "choice" and not (isinstance(self.answer, int)
                                          and 0 <= self.answer < len(self.choices)):
            raise ParameterError("answer", self.answer, _("not one of the choices"),
                                 _("an index from 0 to {last}", last=len(self.choices) - 1))

    def __repr__(self) -> str:
        return f"Question({self.id!r})"

    @property
    def shown_answer(self) -> str:
        """The right answer as the learner reads it."""
        if self.kind == "choice":
            return self.choices[int(self.answer)]
        return fmt(self.answer)


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """What the checker says of one answer; `reveal` is the answer and why, once answered."""

    correct: bool
    message: str
    reveal: str


def check_prediction(question: Question, answer: object) -> Verdict:
    """Check `answer` (a choice's index or label, or typed text for a number).

    Text is read as a number and only as a number (`errors.read_number`); it is
    never evaluated.
    """
    reveal = _("The answer: {answer}. {why}", answer=question.shown_answer, why=question.why)
    if question.kind == "choice":
        chosen = _choice(question, answer)
        if chosen is None:
            return Verdict(correct=False, message=_("Choose one of the answers first."),
                           reveal="")
        right = chosen == question.answer
    else:
        try:
            value = read_number("answer", answer)
        except ParameterError as exc:
            return Verdict(correct=False, message=str(exc), reveal="")
        expected = float(question.answer)
        right = abs(value - expected) <= question.tolerance * max(abs(expected), 1e-12)
    message = _("Right.") if right else _("Not this time.")
    return Verdict(correct=right, message=message, reveal=reveal)


def _choice(question: Question, answer: object) -> int | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int) and 0 <= answer < len(question.choices):
        return answer
    if isinstance(answer, str) and answer in question.choices:
        return question.choices.index(answer)
    return None
