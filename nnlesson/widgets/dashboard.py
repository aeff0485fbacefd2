"""Dashboard: the stepper, the parameter editor and the trainer over one model.

Taught in lesson 01, "Start here", and used by teachers in class (`make present`):
the Projector switch makes every label one and a half times larger.
"""

from __future__ import annotations

import ipywidgets as widgets

from .editor import ParameterEditor
from .model import LessonModel
from .stepper import Stepper
from .trainer import Trainer
from .view import PROJECTOR_SCALE, View

__all__ = ["Dashboard"]



class Dashboard(View[LessonModel], widgets.VBox):
    """Stepper + ParameterEditor + Trainer sharing one LessonModel, with a Projector switch."""

    def __init__(self, model: LessonModel | None = None, *, font_scale: float = 1.0):
        model = self._attach(LessonModel() if model is None else model)
        model.font_scale = font_scale
        self.projector = widgets.ToggleButton(
            value=font_scale > 1.0, description="Projector", icon="television",
            tooltip="Larger text for a classroom projector")
        self.projector.add_class("nnl-projector")
        self.stepper = Stepper(model)
        self.editor = ParameterEditor(model)
        self.trainer = Trainer(model)
        header = widgets.HBox([widgets.HTML('<b style="font-size:20px">The classic 2-2-2 '
                                            "example, step by step</b>"), self.projector],
                              layout=widgets.Layout(justify_content="space-between",
                                                    align_items="center"))
        sections = [header, self.stepper, _heading("Change the numbers"), self.editor,
                    _heading("Train"), self.trainer]
        super().__init__(sections)
        self.add_class("nnl-dashboard")
        self._own(self.projector, self.stepper, self.editor, self.trainer, *sections)
        self.projector.observe(self._switched, names="value")
        self._watch(self._scaled, "font_scale")
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Dashboard({self.model!r})"

    def _switched(self, change) -> None:
        self.model.font_scale = PROJECTOR_SCALE if change.new else 1.0

    def _scaled(self, change) -> None:
        self.projector.value = change.new > 1.0


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f'<h3 style="margin:0.8em 0 0.2em 0">{text}</h3>')
