"""Predict: a question answered before the cell that shows the result, checked, then revealed.

Taught in lesson 06, "Hidden-layer gradients", and in most lessons after it
(`widgets.Predict("06-larger-gradient")`). The question and its answer come
from `nnlesson.practice.questions`; nothing of the answer is on the page
before the learner has answered.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from ..language import _
from ..practice.predict import Question, Verdict, check_prediction
from ..practice.questions import question
from .exercise import typed_answer
from .view import View

__all__ = ["Predict", "PredictModel"]


class PredictModel(traitlets.HasTraits):
    """One question, the learner's answer so far, and the last verdict."""

    #: the chosen label, or the typed number
    answer = traitlets.Unicode("")
    #: None before the first check
    verdict = traitlets.Instance(Verdict, allow_none=True)

    def __init__(self, q: Question, **kwargs):
        self.question = q
        super().__init__(**kwargs)

    def check(self) -> Verdict:
        self.verdict = check_prediction(self.question, self.answer)
        return self.verdict


class Predict(View[PredictModel], widgets.VBox):
    """The question, choices or a number field, Check, and the verdict with the answer revealed."""

    def __init__(self, id_or_question: str | Question):
        q = question(id_or_question) if isinstance(id_or_question, str) else id_or_question
        self._attach(PredictModel(q))
        self.prompt = widgets.HTML(f'<p class="nnl-predict-prompt"><b>{escape(_("Predict:"))}'
                                   f"</b> {escape(q.prompt)}</p>")
        if q.kind == "choice":
            self.input: widgets.Widget = widgets.RadioButtons(
                options=q.choices, value=None, description=_("Your answer"),
                style={"description_width": "initial"})
        else:
            self.input = widgets.Text(description=_("Your answer"), continuous_update=False,
                                      style={"description_width": "initial"})
        self.check = widgets.Button(description=_("Check"), button_style="primary")
        self.feedback = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.feedback.add_class("nnl-predict-feedback")
        self.input.observe(self._typed, names="value")
        self.check.on_click(lambda _button: self.model.check())
        row = widgets.HBox([self.input, self.check])
        super().__init__([self.prompt, row, self.feedback])
        self.add_class("nnl-predict")
        self._own(self.prompt, self.input, self.check, self.feedback, row)
        self._watch(self._render, "verdict")
        self._render()

    def __repr__(self) -> str:
        return f"Predict({self.model.question.id!r})"

    def _typed(self, change) -> None:
        typed = "" if change.new is None else str(change.new)
        # A number typed on a Chinese keyboard reads as in English; a choice stays as it is.
        self.model.answer = typed if self.model.question.kind == "choice" else typed_answer(typed)

    def _render(self, change=None) -> None:
        verdict = self.model.verdict
        if verdict is None:
            self.feedback.value = ""
            return
        colour = "#00704F" if verdict.correct else "#A8300A"
        reveal = f" {escape(verdict.reveal)}" if verdict.reveal else ""
        self.feedback.value = (f'<span role="status" style="color:{colour}">'
                               f"<b>{escape(verdict.message)}</b></span>{reveal}")
