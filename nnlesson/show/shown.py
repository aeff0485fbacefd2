"""What a lesson cell shows: Markdown, LaTeX, SVG or a picture for the eye, plain text for nbval.

Every helper of `nnlesson.show` returns a `Shown`: Jupyter renders its rich form,
and its plain text carries the same numbers, so nbval compares both and a
changed number fails a lesson. Every number goes through `fmt`.
"""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..errors import NumericError, ParameterError
from ..language import _

__all__ = ["MISSING", "Shown", "attempt", "picture", "table"]


MISSING = "—"


@dataclass(frozen=True)
class Shown:
    """Something a lesson shows: Markdown or LaTeX for the eye, plain text for nbval."""

    text: str
    markdown: str | None = None
    latex: str | None = None
    svg: str | None = None
    png: bytes | None = None
    #: A picture's text alternative, when `text` is not the right one.
    alt: str | None = None

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str | None:
        return self.markdown

    def _repr_latex_(self) -> str | None:
        return self.latex

    def _repr_html_(self) -> str | None:
        # A picture goes out as HTML: JupyterLab shows an image/png or image/svg+xml output as
        # an <img> without alt text, which a screen reader announces as nothing (axe:
        # image-alt). Its own HTML carries the text alternative. nbval compares the text
        # (notebooks/nbval_sanitize.cfg blanks the picture's bytes).
        if self.png is not None:
            source = "data:image/png;base64," + b64encode(self.png).decode("ascii")
        elif self.svg is not None:
            source = "data:image/svg+xml;base64," + b64encode(self.svg.encode()).decode("ascii")
        elif self.latex is not None and self.markdown is None:
            # A long derivation is wider than the page and scrolls; a region that scrolls must
            # take the keyboard's focus, or a keyboard user cannot read its end (axe:
            # scrollable-region-focusable). JupyterLab typesets the TeX inside, as in Markdown.
            first = self.text.split("\n", 1)[0]
            if len(first) > 120:   # a name, not the whole derivation: cut between words
                first = first[:120].rsplit(" ", 1)[0] + " …"
            name = escape(first, quote=True)
            return (f'<div class="nnl-math" role="group" tabindex="0" aria-label="{name}" '
                    f'style="overflow-x:auto">{escape(self.latex, quote=False)}</div>')
        else:
            return None
        alt = escape(self.alt if self.alt is not None else self.text, quote=True)
        return f'<img class="nnl-picture" alt="{alt}" src="{source}" style="max-width:100%">'


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    # Left-aligned columns: a terminal-style table that nbval compares line by line.
    widths = [max(len(r[k]) for r in (header, *rows)) for k in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                     for row in (header, *rows))


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *,
          text_header: Sequence[str] | None = None,
          text_rows: Sequence[Sequence[str]] | None = None) -> Shown:
    """A Markdown table for the eye and the same table as plain text for nbval.

    `text_header` and `text_rows` stand in for cells whose Markdown holds LaTeX
    ($w_{5}$) in the plain text (w5); by default the plain text is the same.
    """
    # An empty column heading leaves a screen reader nothing to announce (axe:
    # empty-table-header): every column is named.
    if any(not h.strip() for h in header):
        raise ValueError(f"every column needs a heading: {list(header)}")
    return Shown(_text_table(header if text_header is None else text_header,
                             rows if text_rows is None else text_rows),
                 markdown=_markdown_table(header, rows))


def picture(fig, description: str) -> Shown:
    """A matplotlib figure as a picture, described in words for nbval."""
    from . import plots  # matplotlib loads when a lesson first shows a figure

    return Shown(description, png=plots.png(fig, dpi=80))


def attempt(function: Callable, *args, **kwargs):
    """`function(*args, **kwargs)`, or the engine's message if it refuses the input.

    Lets a lesson show what a bad value does without a cell that raises.
    """
    try:
        return function(*args, **kwargs)
    except (ParameterError, NumericError) as exc:
        kind = type(exc).__name__
        return Shown(_("{kind}: {message}", kind=kind, message=exc),
                     markdown=_("**{kind}:** {message}", kind=kind, message=exc))
