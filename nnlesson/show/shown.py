"""What a lesson cell shows: Markdown, LaTeX, SVG or a picture for the eye, plain text for nbval.

Every helper of `nnlesson.show` returns a `Shown`: Jupyter renders its rich form,
and its plain text carries the same numbers, so nbval compares both and a
changed number fails a lesson. Every number goes through `fmt`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import NumericError, ParameterError

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

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str | None:
        return self.markdown

    def _repr_latex_(self) -> str | None:
        return self.latex

    def _repr_svg_(self) -> str | None:
        return self.svg

    def _repr_png_(self) -> bytes | None:
        return self.png


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
        return Shown(f"{kind}: {exc}", markdown=f"**{kind}:** {exc}")
