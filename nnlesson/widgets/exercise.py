"""Exercise: a quantity named, the network shown; the learner finds the path and the value.

Taught in lesson 11, "Check yourself". The checking, the mistakes and the hints live
in nnlesson.example.exercises, fresh numbers in nnlesson.example.numbers; this is
only the view. The question names the quantity and shows the network with its
numbers, never the formula or a value computed from them; hints come one step at a
time, on request; "New numbers" draws a fresh set from a seed it shows, "Classic
numbers" goes back to the post's. Nothing of an answer is on the page before the
learner asks for it.
"""

from __future__ import annotations

import dataclasses
from html import escape

import ipywidgets as widgets
import traitlets

from ..errors import ParameterError
from ..example.exercises import HINT_STEPS, Feedback, check_answer, hints
from ..example.formulas import text_symbol
from ..example.numbers import drawn, next_seed, seed_of
from ..example.params import CLASSIC, NEURON_BIASES, Params
from ..example.steps import Trace
from ..example.topology import parts
from ..formatting import fmt
from ..language import _
from ..maths.activations import ACTIVATIONS
from ..show.diagram import draw
from .card import math
from .model import LessonModel
from .view import View, refusal_html, scaled

__all__ = ["Exercise", "question_network", "typed_answer"]


class Exercise(View[LessonModel], widgets.VBox):
    """"What is <quantity>?": the network, Answer, Check, Next hint, New and Classic numbers."""

    #: How many hints are on the page (0 to 4); back to 0 when the numbers change.
    #: hints revealed so far, one per request
    hints_shown = traitlets.Int(0)

    def __init__(self, step_name: str, model: LessonModel | None = None, *,
                 seed: int | None = None):
        model = self._attach(LessonModel() if model is None else model)
        if step_name not in model.trace:
            raise ParameterError("step_name", step_name, _("not a step of this trace"),
                                 _("a step name such as 'net_h1', 'dE_dw5' or 'w5_new'"))
        self.step_name = step_name
        self.question = widgets.HTMLMath()
        self.question.add_class("nnl-question")
        self.diagram = widgets.HTML(layout=widgets.Layout(width="100%", max_width="900px"))
        self.diagram.add_class("nnl-exercise-diagram")
        self.numbers = widgets.HTML()
        self.numbers.add_class("nnl-numbers")
        self.new_numbers = _button(_("New numbers"), "nnl-new-numbers",
                                   _("Draw fresh numbers from the next seed"))
        self.classic = _button(_("Classic numbers"), "nnl-classic-numbers",
                               _("Go back to the classic example's numbers"))
        # The answer is checked on Enter or when the field loses focus, or with Check.
        # No example in the placeholder: an example number could be (close to) an answer.
        self.answer = widgets.Text(placeholder=_("your answer"), description=_("Answer"),
                                   continuous_update=False, layout=widgets.Layout(width="20em"))
        self.answer.add_class("nnl-answer")
        self.check = _button(_("Check"), "nnl-check", _("Check your answer"))
        self.check.button_style = "primary"
        self.hint = _button(_("Next hint"), "nnl-hint",
                            _("Show one more hint"))
        self.feedback = widgets.HTMLMath(_feedback_html(None, (), 0))
        self.feedback.add_class("nnl-feedback")
        #: The last Feedback (None before the first check), and how many checks there were:
        #: the page shows the count, so a test can tell one check's feedback from the next.
        self.result: Feedback | None = None
        self.checks = 0
        numbers_row = widgets.HBox([self.numbers, self.new_numbers, self.classic],
                                   layout=widgets.Layout(align_items="center",
                                                         flex_flow="row wrap"))
        answer_row = widgets.HBox([self.answer, self.check, self.hint],
                                  layout=widgets.Layout(align_items="center",
                                                        flex_flow="row wrap"))
        super().__init__([self.question, self.diagram, numbers_row, answer_row, self.feedback])
        self.add_class("nnl-exercise")
        self._own(self.question, self.diagram, self.numbers, self.new_numbers, self.classic,
                  self.answer, self.check, self.hint, self.feedback, numbers_row, answer_row)
        self.check.on_click(lambda _button: self.grade())
        self.hint.on_click(lambda _button: self.show_hint())
        self.new_numbers.on_click(lambda _button: self.draw_numbers())
        self.classic.on_click(lambda _button: self.model.set_params(CLASSIC, self.model.options))
        self.answer.observe(lambda change: self.grade() if change.new.strip() else None,
                            names="value")
        self._watch(self._numbers_changed, "trace", "font_scale", "message")
        if seed is not None:
            self.draw_numbers(seed)
        self._numbers_changed()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Exercise({self.step_name!r})"

    # --- from the controls to the model -----------------------------------------------------

    def grade(self) -> Feedback | None:
        """Check the typed answer against the model's trace; returns the Feedback."""
        trace = self.model.trace
        if self.step_name not in trace:
            return None
        self.result = check_answer(trace, self.step_name, typed_answer(self.answer.value),
                                   hints_seen=self.hints_shown)
        self.checks += 1
        if self.result.hint_level is not None:
            # "Not this one" comes with the next hint, which is then on the page.
            self.hints_shown = max(self.hints_shown, self.result.hint_level + 1)
        self._render_feedback()
        return self.result

    def show_hint(self) -> None:
        """Reveal one more hint: the shape, the factors, one value, then the worked answer."""
        if self.step_name in self.model.trace:
            self.hints_shown = min(len(HINT_STEPS), self.hints_shown + 1)
            self._render_feedback()

    def draw_numbers(self, seed: int | None = None) -> bool:
        """Fresh numbers from `seed` (default: the seed after the current one)."""
        if seed is None:
            seed = next_seed(seed_of(self.model.params))
        return self.model.set_params(drawn(seed), self.model.options)

    # --- from the model to the screen ---------------------------------------------------------

    def _render_feedback(self) -> None:
        trace = self.model.trace
        shown = hints(trace, self.step_name)[:self.hints_shown] if self.step_name in trace else ()
        self.feedback.value = _feedback_html(self.result, shown, self.checks,
                                             scale=self.model.font_scale)
        left = len(HINT_STEPS) - self.hints_shown
        self.hint.disabled = left == 0 or self.step_name not in trace

    def _numbers_changed(self, change=None) -> None:
        model = self.model
        trace, scale = model.trace, model.font_scale
        if change is None or change.name == "trace":
            # New numbers: a new exercise. Nothing typed or hinted for the old ones remains.
            self.result = None
            self.hints_shown = 0
            self.answer.value = ""
        self.numbers.value = _numbers_html(model.params, scale=scale) + refusal_html(
            model.message)
        self._render_feedback()
        if self.step_name not in trace:
            self.question.value = (
                f'<div style="font-size:{scaled(17, scale)}">' + escape(_(
                    "This exercise asks for {name}, which these options do not compute. "
                    "Reset the options to try it.", name=text_symbol(self.step_name)))
                + "</div>")
            self.diagram.value = ""
            return
        step = trace[self.step_name]
        quantity = math(step.symbol, display=False)
        self.question.value = (
            f'<div class="nnl-question-body" data-name="{escape(step.name)}" '
            f'style="font-size:{scaled(17, scale)}">'
            + _("Your turn: what is {quantity}?", quantity=quantity)
            + f'<div style="color:#333;margin-top:0.3em">{escape(_setting(trace))}</div></div>')
        self.diagram.value = question_network(trace, self.step_name, scale=scale)


#: What a Chinese keyboard types for the characters of a number, and their ASCII: the
#: full-width forms U+FF01..U+FF5E (digits, "－", "＋", "．", "，", "ｅ") are ASCII shifted by
#: 0xFEE0; the minus sign U+2212; the ideographic full stop "。", which the "." key types in
#: Chinese mode; the ideographic space.
_HALF_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
               0x2212: ord("-"), 0x3002: ord("."), 0x3000: ord(" ")}


def typed_answer(text: str) -> str:
    """A typed answer with full-width digits and signs made ASCII: "－０.５" -> "-0.5".

    Taught in lesson 11, "Check yourself": an answer typed on a Chinese keyboard is read
    as the same number as in English. Only characters change; the text is still read as a
    number only (`errors.read_number`), never evaluated, and "1，000" becomes "1,000",
    which is refused as ambiguous, as in English.
    """
    return text.translate(_HALF_WIDTH) if isinstance(text, str) else text


def _button(label: str, css: str, tooltip: str) -> widgets.Button:
    # The visible label is the accessible name, and all of it: no icon, whose glyph Chromium
    # would put in front of the name. The tooltip says what the button does.
    button = widgets.Button(description=label, tooltip=tooltip,
                            layout=widgets.Layout(width="auto"))
    button.add_class(css)
    return button


def _setting(trace: Trace) -> str:
    o = trace.options
    return _("Hidden neurons: {hidden}. Output neurons: {output}. Error: the {loss} loss of "
             "lesson 04. Learning rate: η = {rate}. Read the other numbers from the network.",
             hidden=ACTIVATIONS[o.hidden_activation].name,
             output=ACTIVATIONS[o.output_activation].name, loss=o.loss,
             rate=fmt(trace.params.learning_rate))


def question_network(trace: Trace, step_name: str | None = None, *, scale: float = 1.0,
                     caption: str = "") -> str:
    """The network as an SVG with the given numbers only: no value computed from them.

    With `step_name`, that quantity's own edge or neuron is lit and the caption asks
    for it ("dE_total/dw1 = ?"); the path to it is not lit. The teacher's sheets show
    it with no quantity and their own `caption`.
    """
    step = trace[step_name if step_name is not None else 0]
    params = trace.params
    known: dict[str, float] = params.to_dict()
    if trace.options.bias == "per-neuron":
        known.update({name: params.bias(name[2:]) for name in NEURON_BIASES})
    # The quantity itself is lit (its own edge or neuron), not the path to it: that is the
    # learner's to find. The caption names it with a question mark instead of a value.
    nodes: frozenset[str] = frozenset()
    edges: frozenset[str] = frozenset()
    if step_name is None:
        text = caption
    else:
        nodes, edges = parts(step_name)
        text = caption or f"{text_symbol(step_name)} = ?"
    asked = dataclasses.replace(step, text=text, substituted="", formula="", nodes=nodes,
                                edges=edges)
    return draw(asked, known, scale=scale)


def _numbers_html(params: Params, *, scale: float) -> str:
    seed = seed_of(params)
    if seed is not None:
        text, data = _("Numbers from seed {seed}", seed=seed), str(seed)
    elif params == CLASSIC:
        text, data = _("The classic numbers"), "classic"
    else:
        text, data = _("Numbers of your own"), ""
    return (f'<span class="nnl-seed" data-seed="{data}" role="status" '
            f'style="font-size:{scaled(15, scale)};margin-right:0.8em">{escape(text)}</span>')


def _feedback_html(feedback: Feedback | None, shown: tuple[str, ...], checks: int, *,
                   scale: float = 1.0) -> str:
    if feedback is None:
        correct, mistake, text, colour = "false", "", "", "#1A1A1A"
    else:
        correct = str(feedback.correct).lower()
        mistake = feedback.mistake
        text = ("✔ " if feedback.correct else "✘ ") + feedback.message
        colour = "#00704F" if feedback.correct else "#A8300A"
    hint_html = "".join(
        f'<div class="nnl-hint-body" data-level="{k}" style="color:#333;margin-top:0.3em">'
        + escape(_("Hint {number} of {count}: {text}", number=k + 1, count=len(HINT_STEPS),
                   text=hint_text)) + "</div>"
        for k, hint_text in enumerate(shown))
    return (f'<div class="nnl-feedback-body" role="status" data-correct="{correct}" '
            f'data-mistake="{mistake}" data-checked="{"false" if feedback is None else "true"}" '
            f'data-checks="{checks}" data-hints="{len(shown)}" '
            f'style="font-size:{scaled(16, scale)};color:{colour}">'
            f'<div class="nnl-verdict">{escape(text)}</div>{hint_html}</div>')
