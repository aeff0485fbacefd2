"""What every view over a LessonModel shares: observing the model, and letting go of it."""

from __future__ import annotations

import ipywidgets as widgets

from .model import LessonModel


class View:
    """Mixin for a widget box that observes a LessonModel.

    Observers are registered through `_watch`, so that `close()` removes every
    one of them (and closes the child widgets this view built).
    """

    model: LessonModel

    def _attach(self, model: LessonModel | None) -> LessonModel:
        self.model = LessonModel() if model is None else model
        self._watching: list[tuple[object, tuple[str, ...]]] = []
        self._owned: list[widgets.Widget] = []
        return self.model

    def _watch(self, handler, *names: str) -> None:
        self.model.observe(handler, names=list(names))
        self._watching.append((handler, names))

    def _own(self, *children: widgets.Widget) -> None:
        self._owned.extend(children)

    def close(self) -> None:
        """Stop observing the model and close this view's widgets."""
        for handler, names in getattr(self, "_watching", []):
            self.model.unobserve(handler, names=list(names))
        self._watching = []
        for child in getattr(self, "_owned", []):
            child.close()
        self._owned = []
        super().close()


def scaled(px: float, scale: float) -> str:
    """A CSS font size for the model's font scale."""
    return f"{px * scale:.0f}px"
