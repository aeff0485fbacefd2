"""Dashboard: the stepper, the parameter editor and the trainer over one model.

Taught in lesson 01, "Start here", and used by teachers in class (`make present`):
the Projector switch makes every text at least 24 px (PROJECTOR_TEXT), the
diagram's labels and the trainer's plot included, and keeps the stepper on one
screen. The stepper steps in the page; the editor and the trainer ask the kernel.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..language import _
from .editor import ParameterEditor
from .model import LessonModel
from .stepper import Stepper, page_html
from .trainer import Trainer
from .view import PROJECTOR_SCALE, View, projector_px

__all__ = ["Dashboard"]


class Dashboard(View[LessonModel], widgets.VBox):
    """Stepper + ParameterEditor + Trainer sharing one LessonModel, with a Projector switch."""

    def __init__(self, model: LessonModel | None = None, *, font_scale: float = 1.0):
        model = self._attach(LessonModel() if model is None else model)
        model.font_scale = font_scale
        self.projector = widgets.ToggleButton(
            value=font_scale > 1.0, description=_("Projector"), icon="television",
            tooltip=_("Larger text for a classroom projector"))
        self.projector.add_class("nnl-projector")
        self.stepper = Stepper(model)
        self.editor = ParameterEditor(model)
        self.trainer = Trainer(model)
        self._title = widgets.HTML()
        self._headings = [widgets.HTML(), widgets.HTML()]
        header = widgets.HBox([self._title, self.projector],
                              layout=widgets.Layout(justify_content="space-between",
                                                    align_items="center"))
        sections = [header, self.stepper, self._headings[0], self.editor, self._headings[1],
                    self.trainer]
        super().__init__(sections)
        self.add_class("nnl-dashboard")
        self._own(self.projector, self.stepper, self.editor, self.trainer, self._title,
                  *self._headings, *sections)
        self.projector.observe(self._switched, names="value")
        self._watch(self._scaled, "font_scale")
        self._scaled()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Dashboard({self.model!r})"

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        # Where the widgets cannot be shown (an exported page, a notebook not yet run):
        # the stepper still works, and the rest says to run the cell.
        data["text/html"] = page_html(self.stepper.frames, title=self._title_text(), note=_(
            "Run this cell to change the numbers and to train the network."))
        return data

    def _title_text(self) -> str:
        return _("The classic 2-2-2 example, step by step")

    def _switched(self, change) -> None:
        self.model.font_scale = PROJECTOR_SCALE if change.new else 1.0

    def _scaled(self, change=None) -> None:
        scale = self.model.font_scale
        big = scale > 1.0
        self.projector.value = big
        # The class lets the page's style enlarge what ipywidgets draws (labels, menus).
        (self.add_class if big else self.remove_class)("nnl-big")
        self.projector.style.font_size = projector_px(14, scale)
        self._title.value = (f'<h2 class="nnl-title" style="margin:0.2em 0;font-size:'
                             f'{projector_px(20, scale)}">{escape(self._title_text())}</h2>')
        for heading, text in zip(self._headings, (_("Change the numbers"), _("Train")),
                                 strict=True):
            heading.value = (f'<h3 style="margin:0.8em 0 0.2em 0;font-size:'
                             f'{projector_px(17, scale)}">{escape(text)}</h3>')
