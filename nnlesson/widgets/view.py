"""The one convention every view follows: a model in traits, a view over it, clean-up on close.

- The state lives in `view.model`, a `traitlets.HasTraits` that validates it
  and computes with the package (never in a callback). Tests set traits or
  click buttons, then read the model and the rendered text: no browser needed.
- The view links its controls to the model kernel-side (`_link`, never jslink,
  so the kernel and a test see every change) and redraws from the model
  (`_watch`); a refused value leaves a message and the last good state.
- `close()` unlinks, unobserves and closes every widget the view built, so a
  re-run cell leaves nothing behind that keeps redrawing.
- `repr()` is short and stable: it is what a saved notebook stores and nbval compares.
"""

from __future__ import annotations

from base64 import b64encode
from html import escape
from importlib.resources import files
from typing import Generic, TypeVar

import anywidget
import ipywidgets as widgets
import traitlets

from ..language import _, join

__all__ = ["PROJECTOR_SCALE", "PROJECTOR_TEXT", "PlotImage", "View", "projector_px",
           "refusal_html", "scaled"]

#: How much larger every text is in projector mode (the model's font_scale).
PROJECTOR_SCALE = 1.5

#: The type of model a view is over (LessonModel, ConvModel, ...).
M = TypeVar("M", bound=traitlets.HasTraits)


class View(Generic[M]):
    """Mixin for a widget box that is a view over a traitlets model."""

    model: M

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every view draws the same visible focus ring (web/views.css), loaded with it.
        self.add_class("nnl-view")  # type: ignore[attr-defined]
        children = getattr(self, "children", None)
        if children is not None:
            style = _ViewStyle()
            self.children = (*children, style)
            if hasattr(self, "_owned"):
                self._own(style)

    def _attach(self, model: M) -> M:
        self.model = model
        self._watching: list[tuple[object, tuple[str, ...]]] = []
        self._links: list[widgets.link] = []
        self._owned: list[widgets.Widget] = []
        return model

    def _watch(self, handler, *names: str) -> None:
        """Call `handler(change)` when one of the model's traits `names` changes."""
        self.model.observe(handler, names=list(names))
        self._watching.append((handler, names))

    def _link(self, source: tuple, target: tuple) -> None:
        """Keep two traits equal, kernel-side (widgets.link), until the view closes."""
        self._links.append(widgets.link(source, target))

    def _own(self, *children: widgets.Widget) -> None:
        """Widgets this view built: closed with it."""
        self._owned.extend(children)

    def _repr_mimebundle_(self, **kwargs):
        # Where the widget cannot be drawn (a lesson opened before it is run, a page
        # exported without its widgets) a learner reads what to do, not a Python repr.
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data is not None:
            data.setdefault("text/html", '<p class="nnl-run">'
                            + escape(_("Run this cell to use this widget.")) + "</p>")
        return bundle

    def close(self) -> None:
        """Stop observing the model, unlink, and close this view's widgets."""
        for link in getattr(self, "_links", []):
            link.unlink()
        self._links = []
        for handler, names in getattr(self, "_watching", []):
            self.model.unobserve(handler, names=list(names))
        self._watching = []
        for child in getattr(self, "_owned", []):
            child.close()
        self._owned = []
        # A mixin: close() is the widget's, after View in the MRO (ipywidgets has no stubs).
        super().close()  # type: ignore[misc]


def scaled(px: float, scale: float) -> str:
    """A CSS font size for the model's font scale."""
    return f"{px * scale:.0f}px"


#: The smallest text in projector mode, in CSS pixels: readable from the back of a classroom.
PROJECTOR_TEXT = 24


def projector_px(px: float, scale: float) -> str:
    """A CSS font size: `px` normally; in projector mode (scale > 1) scaled, and never
    below PROJECTOR_TEXT."""
    return f"{px:.0f}px" if scale <= 1 else f"{max(px * scale, PROJECTOR_TEXT):.0f}px"


def refusal_html(text: str) -> str:
    """A refused value's message, in the colour every view uses for it ('' when there is none)."""
    return f'<span style="color:#A8300A">{escape(text)}</span>' if text else ""


class PlotImage:
    """One matplotlib figure kept for the life of a view, shown as a PNG redrawn on each change.

    The picture is an <img> with a text alternative in an HTML widget: ipywidgets'
    Image widget has no alt text, and a screen reader announces it as nothing (axe:
    image-alt). The numbers a plot shows are also in its view's text.
    """

    def __init__(self, width: float, height: float, columns: int = 1):
        from ..show import plots  # matplotlib loads when the first explorer is built

        self._plots = plots
        self.fig, self.axes = plots.figure(width, height, columns=columns)
        # Not width 100%: with a widget's margins that is 4 px wider than its box, and the
        # box scrolls sideways. The picture scales down to the width it is given.
        self.image = widgets.HTML(layout=widgets.Layout(max_width="900px", min_width="0"))

    def render(self, description: str | None = None) -> None:
        """Draw the figure again; `description` is its text alternative (by default, what its
        panels' titles say)."""
        png = b64encode(self._plots.png(self.fig, dpi=80)).decode("ascii")
        alt = escape(self.described() if description is None else description, quote=True)
        self.image.value = (f'<img alt="{alt}" src="data:image/png;base64,{png}" '
                            'style="width:100%;max-width:100%;height:auto;display:block">')

    def described(self) -> str:
        """The panels' titles (or, untitled, their vertical axes' labels), in words."""
        said = [ax.get_title() or ax.get_ylabel() for ax in self.fig.axes if ax.get_visible()]
        said = [text for text in said if text]
        return _("Plot: {panels}", panels=join(said)) if said else _("Plot")


class _ViewStyle(anywidget.AnyWidget):
    """Draws nothing; brings web/views.css into the page with the first view shown."""

    _esm = "export default { render({ el }) { el.style.display = 'none'; } };"
    _css = files("nnlesson").joinpath("web", "views.css").read_text(encoding="utf-8")
