"""ParameterEditor: every number and every option of the worked example, editable.

Used in lesson 01, "Start here", inside the dashboard. A text field per number, a menu
per option. Each field applies when the learner presses Enter or leaves it
(continuous_update=False): applying on every keystroke would refuse the
half-typed "0." or "-" with a red message while the learner is still typing.
Typed text becomes a number only through nnlesson.example.params.parse_number; a
refused value shows the engine's message beside its field, and everything
else keeps showing the last good state.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ..example.params import NEURON_BIASES, Options
from ..formatting import fmt
from ..language import _
from .model import LessonModel
from .view import View, projector_px

__all__ = ["GROUPS", "LABELS", "ParameterEditor", "field_text", "label", "title"]

#: The English label beside each field; `label` gives it in the current language.
LABELS = {"learning_rate": "learning rate η", "target_o1": "target o1", "target_o2": "target o2",
          "hidden_activation": "hidden activation", "output_activation": "output activation",
          "bias": "biases", "order": "update order"}

GROUPS = (("Inputs", ("i1", "i2")), ("Hidden-layer weights", ("w1", "w2", "w3", "w4")),
          ("Output-layer weights", ("w5", "w6", "w7", "w8")), ("Biases", ("b1", "b2")),
          ("Per-neuron biases (empty: start from b1 / b2)", NEURON_BIASES),
          ("Targets and learning rate", ("target_o1", "target_o2", "learning_rate")))


def label(name: str) -> str:
    """What a learner reads beside the field or menu `name`, in the current language."""
    said = {"learning_rate": _("learning rate η"), "target_o1": _("target o1"),
            "target_o2": _("target o2"), "hidden_activation": _("hidden activation"),
            "output_activation": _("output activation"), "loss": _("loss"),
            "bias": _("biases"), "order": _("update order")}
    return said.get(name, name)


def title(group: str) -> str:
    """A group's heading (one of GROUPS), in the current language."""
    said = {"Inputs": _("Inputs"), "Hidden-layer weights": _("Hidden-layer weights"),
            "Output-layer weights": _("Output-layer weights"), "Biases": _("Biases"),
            "Per-neuron biases (empty: start from b1 / b2)":
                _("Per-neuron biases (empty: start from b1 / b2)"),
            "Targets and learning rate": _("Targets and learning rate")}
    return said.get(group, group)


def field_text(value: float | None) -> str:
    """A parameter as its field shows it: fmt, unless that would change the number."""
    if value is None:
        return ""
    shown = fmt(value)
    return shown if float(shown) == value else repr(float(value))


class ParameterEditor(View[LessonModel], widgets.VBox):
    """A field per number, a menu per option, a reset button and E_total of the current trace."""

    def __init__(self, model: LessonModel | None = None):
        model = self._attach(LessonModel() if model is None else model)
        self.fields: dict[str, widgets.Text] = {}
        self.messages: dict[str, widgets.HTML] = {}
        self.options: dict[str, widgets.Dropdown] = {}
        # One layout and one style shared by all fields alike: each is a widget of its own
        # in the page, and 19 fields made a hundred of them (a third of a lesson's first
        # render). Nothing changes one field's layout alone.
        self._field_layout = widgets.Layout(width="15em")
        self._cell_layout = widgets.Layout(width="15.5em")
        self._field_style = TextStyle(description_width="initial")
        self._message_style = HTMLStyle()
        rows = []
        for heading, names in GROUPS:
            cells = [self._field(name) for name in names]
            group = widgets.VBox([widgets.HTML(f"<b>{escape(title(heading))}</b>"),
                                  widgets.HBox(cells, layout=widgets.Layout(
                                      flex_flow="row wrap"))])
            if names == NEURON_BIASES:
                self._neuron_group = group
            rows.append(group)
        menus = [self._menu(name) for name in Options.CHOICES]
        rows.append(widgets.VBox([widgets.HTML(f"<b>{escape(_('Options'))}</b>"), widgets.HBox(
            menus, layout=widgets.Layout(flex_flow="row wrap"))]))
        self.reset = widgets.Button(description=_("Reset to the classic example"), icon="undo",
                                    layout=widgets.Layout(width="auto"))
        self.reset.add_class("nnl-reset")
        self.summary = widgets.HTML()
        self.summary.add_class("nnl-summary")
        self.note = widgets.HTML()
        rows.append(widgets.HBox([self.reset, self.summary, self.note],
                                 layout=widgets.Layout(align_items="center")))
        super().__init__(rows)
        self.add_class("nnl-editor")
        self._own(*self.fields.values(), *self.messages.values(), *self.options.values(),
                  self.reset, self.summary, self.note, *rows)

        self._syncing = False
        self.reset.on_click(lambda _: self.model.reset())
        self._watch(self._show_state, "params", "options", "trace", "font_scale")
        self._watch(self._show_message, "message", "message_name")
        self._show_state()
        self._show_message()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"ParameterEditor({self.model.trace!r})"

    def _field(self, name: str) -> widgets.VBox:
        text = widgets.Text(description=label(name), continuous_update=False,
                            style=self._field_style, layout=self._field_layout)
        text.add_class(f"nnl-field-{name}")
        # As wide as its field, whatever it says: a refusal wraps below the field and never
        # pushes the next field to a new row.
        message = widgets.HTML(layout=self._field_layout, style=self._message_style)
        message.add_class(f"nnl-message-{name}")
        text.observe(lambda change: self._typed(name, change), names="value")
        self.fields[name], self.messages[name] = text, message
        return widgets.VBox([text, message], layout=self._cell_layout)

    def _menu(self, name: str) -> widgets.VBox:
        menu = widgets.Dropdown(description=label(name),
                                options=Options.CHOICES[name],
                                style={"description_width": "initial"},
                                layout=widgets.Layout(width="auto"))
        menu.add_class(f"nnl-option-{name}")
        message = widgets.HTML(layout=widgets.Layout(max_width="20em"))
        message.add_class(f"nnl-message-{name}")
        menu.observe(lambda change: self._chosen(name, change), names="value")
        self.options[name], self.messages[name] = menu, message
        return widgets.VBox([menu, message], layout=widgets.Layout(max_width="26em"))

    # --- from the fields to the model -----------------------------------------------------------

    def _typed(self, name: str, change) -> None:
        if not self._syncing:
            self.model.set_number(name, change.new)

    def _chosen(self, name: str, change) -> None:
        if not self._syncing:
            self.model.set_option(name, change.new)

    # --- from the model to the fields -----------------------------------------------------------

    def _show_state(self, change=None) -> None:
        model = self.model
        params, options, scale = model.params, model.options, model.font_scale
        self._syncing = True
        try:
            for name, text in self.fields.items():
                text.value = field_text(getattr(params, name))
                if name in NEURON_BIASES:
                    text.placeholder = f"= {field_text(params.bias(name[2:]))}"
                text.style.font_size = projector_px(15, scale)
            for name, menu in self.options.items():
                menu.value = getattr(options, name)
        finally:
            self._syncing = False
        self._neuron_group.layout.display = "" if options.bias == "per-neuron" else "none"
        trace = model.trace
        E, after = trace["E_total"].value, trace["E_total_new"].value
        self.summary.value = (
            f'<div class="nnl-summary-body" data-etotal="{float(E)!r}" '
            f'style="font-size:{projector_px(17, scale)}">'
            + _("E_total = {value}; after one update {after}",
                value=f"<b>{fmt(E)}</b>", after=fmt(after)) + "</div>")

    def _show_message(self, change=None) -> None:
        model = self.model
        for name, box in self.messages.items():
            text = model.message if name == model.message_name else ""
            box.value = (f'<div class="nnl-message-body" role="alert" style="color:#A8300A;'
                         f'font-size:{projector_px(14, model.font_scale)};white-space:normal;'
                         f'overflow-wrap:anywhere">{escape(text)}</div>' if text else "")
        # A refusal about something without a field of its own is shown by the reset button.
        stray = model.message if model.message_name not in self.messages else ""
        self.note.value = (f'<div class="nnl-message-body" role="alert" style="color:#A8300A">'
                           f"{escape(stray)}</div>" if stray else "")
