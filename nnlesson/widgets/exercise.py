"""Exercise: one step's value hidden; the learner computes it and gets feedback and hints.

Taught in lesson 11, "Check yourself". The checking and the hints live in
nnlesson.example.exercises; this is only the view: the question (formula and the
values it needs), an answer field, Check, Hint and the feedback.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..errors import ParameterError
from ..example.exercises import Feedback, check_answer, hint
from ..example.formulas import formulas, latex_symbol
from ..formatting import fmt
from .card import math
from .model import LessonModel
from .view import View, scaled

__all__ = ["Exercise"]


class Exercise(View[LessonModel], widgets.VBox):
    """"What is <step>?": an answer field, Check, Hint, and feedback aimed at the usual mistakes."""

    def __init__(self, step_name: str, model: LessonModel | None = None):
        model = self._attach(LessonModel() if model is None else model)
        if step_name not in model.trace:
            raise ParameterError("step_name", step_name, "not a step of this trace",
                                 "a step name such as 'net_h1', 'dE_dw5' or 'w5_new'")
        self.step_name = step_name
        self.question = widgets.HTMLMath()
        self.question.add_class("nnl-question")
        # The answer is checked on Enter or when the field loses focus, or with Check.
        self.answer = widgets.Text(placeholder="your answer, e.g. 0.0822", description="Answer",
                                   continuous_update=False,
                                   layout=widgets.Layout(width="20em"))
        self.answer.add_class("nnl-answer")
        self.check = widgets.Button(description="Check", icon="check", button_style="primary",
                                    layout=widgets.Layout(width="auto"))
        self.check.add_class("nnl-check")
        self.hint = widgets.Button(description="Hint", icon="lightbulb-o",
                                   layout=widgets.Layout(width="auto"))
        self.hint.add_class("nnl-hint")
        self.feedback = widgets.HTMLMath(_feedback_html(None))
        self.feedback.add_class("nnl-feedback")
        #: The last Feedback (None before the first check), and how many checks there were:
        #: the page shows the count, so a test can tell one check's feedback from the next.
        self.result: Feedback | None = None
        self.checks = 0
        row = widgets.HBox([self.answer, self.check, self.hint],
                           layout=widgets.Layout(align_items="center"))
        super().__init__([self.question, row, self.feedback])
        self.add_class("nnl-exercise")
        self._own(self.question, self.answer, self.check, self.hint, self.feedback, row)
        self.check.on_click(lambda _: self.grade())
        self.hint.on_click(lambda _: self.show_hint())
        self.answer.observe(lambda change: self.grade() if change.new.strip() else None,
                            names="value")
        self._watch(self._numbers_changed, "trace", "font_scale")
        self._numbers_changed()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Exercise({self.step_name!r})"

    def grade(self):
        """Check the typed answer against the model's trace; returns the Feedback."""
        trace = self.model.trace
        if self.step_name not in trace:
            return None
        self.result = check_answer(trace, self.step_name, self.answer.value)
        self.checks += 1
        self.feedback.value = _feedback_html(self.result, scale=self.model.font_scale,
                                             checks=self.checks)
        return self.result

    def show_hint(self) -> None:
        """Show the step's formula and the values it needs (not the answer)."""
        trace = self.model.trace
        if self.step_name in trace:
            self.feedback.value = _feedback_html(self.result, scale=self.model.font_scale,
                                                 checks=self.checks,
                                                 extra=hint(trace, self.step_name))

    def _numbers_changed(self, change=None) -> None:
        trace, scale = self.model.trace, self.model.font_scale
        self.result = None
        self.feedback.value = _feedback_html(None, scale=scale)
        if self.step_name not in trace:
            self.question.value = (f'<div style="font-size:{scaled(17, scale)}">'
                                   f"This exercise asks for <code>{escape(self.step_name)}</code>,"
                                   " which these options do not compute. Reset the options to "
                                   "try it.</div>")
            return
        step = trace[self.step_name]
        formula = formulas(trace.options)[step.index]
        needs = [(trace[u].symbol, trace[u].value, f"from step {trace[u].index + 1}")
                 for u in step.uses]
        known = trace.params.values()
        needs += [(latex_symbol(n), known[n], "")
                  for n in dict.fromkeys(formula.latex_numbers.names)
                  if n not in trace and n in known]
        rows = "".join(f"<tr><td>{math(symbol, display=False)}</td>"
                       f'<td style="padding:0 1em">= {fmt(value)}</td>'
                       f'<td style="color:#555">{where}</td></tr>'
                       for symbol, value, where in needs)
        self.question.value = (
            f'<div class="nnl-question-body" data-name="{escape(step.name)}" '
            f'style="font-size:{scaled(17, scale)}">'
            f"<b>Your turn:</b> what is {math(step.symbol, display=False)}?"
            f"{math(f'{step.symbol} = {step.formula}')}"
            + (f"<div>You need:</div><table>{rows}</table>" if rows else "") + "</div>")


def _feedback_html(feedback, *, scale: float = 1.0, checks: int = 0, extra: str = "") -> str:
    if feedback is None:
        correct, mistake, text, colour = "false", "", "", "#1A1A1A"
    else:
        correct = str(feedback.correct).lower()
        mistake = feedback.mistake
        text = ("✔ " if feedback.correct else "✘ ") + feedback.message
        colour = "#00704F" if feedback.correct else "#A8300A"
    hint_html = (f'<div class="nnl-hint-body" style="color:#333;margin-top:0.3em">Hint: '
                 f"{escape(extra)}</div>" if extra else "")
    return (f'<div class="nnl-feedback-body" data-correct="{correct}" data-mistake="{mistake}" '
            f'data-checked="{"false" if feedback is None else "true"}" data-checks="{checks}" '
            f'style="font-size:{scaled(16, scale)};color:{colour}">{escape(text)}'
            f"{hint_html}</div>")
