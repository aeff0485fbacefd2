"""Line charts as SVG strings: axes, ticks, a log scale, lines, a legend and a text alternative.

Taught in lesson 09, "Training" (the trainer's error and outputs). A string
redraws in a few milliseconds where a matplotlib PNG takes a hundred, its text
is real text at a size the caller chooses (larger in projector mode), and the
chart carries a sentence saying what it shows for anyone who cannot see it.
Nothing in it has an id, so any number of charts can share a page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
from numpy.typing import ArrayLike

from ..formatting import fmt

__all__ = ["Panel", "Series", "chart", "nice_ticks", "thin"]


@dataclass(frozen=True, kw_only=True)
class Series:
    """One line: x and y values, its legend label, colour and dash pattern ("" solid)."""

    x: ArrayLike
    y: ArrayLike
    label: str
    colour: str
    dash: str = ""


@dataclass(frozen=True, kw_only=True)
class Panel:
    """One set of axes: its lines, axis titles, and whether y is on a log scale."""

    series: tuple[Series, ...]
    title: str
    x_label: str
    y_label: str = ""
    log_y: bool = False


def thin(n: int, most: int = 400) -> np.ndarray:
    """At most `most` indices of 0..n-1, evenly spread, the first and last always kept."""
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(int))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def chart(panels: Sequence[Panel], *, description: str, font: float = 14,
          panel_width: float = 470, panel_height: float = 250) -> str:
    """Panels side by side as one SVG, text `font` px tall, with `description` as its text.

    The SVG is drawn at its natural size in pixels and shrinks (never grows) to fit
    a narrower box.
    """
    left, right, top, bottom = font * 4.6, font * 1.2, font * 2.2, font * 3.4
    legend_rows = max(len(p.series) for p in panels)
    legend = font * 1.5 * legend_rows
    width = len(panels) * (panel_width + left + right)
    height = top + panel_height + bottom + legend
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" role="img" '
           f'aria-label="{escape(description)}" class="nnl-chart" '
           f'style="max-width:100%;height:auto;font-family:Arial,Helvetica,'
           f"'Liberation Sans',sans-serif\">"]
    for k, panel in enumerate(panels):
        x0 = k * (panel_width + left + right) + left
        out.append(_panel(panel, x0, top, panel_width, panel_height, font))
    out.append("</svg>")
    return "".join(out)


def _panel(panel: Panel, x0: float, y0: float, w: float, h: float, font: float) -> str:
    xs = np.concatenate([np.asarray(s.x, float) for s in panel.series])
    ys = np.concatenate([np.asarray(s.y, float) for s in panel.series])
    ys = ys[np.isfinite(ys)]
    x_lo, x_hi = float(xs.min()), float(xs.max())
    if panel.log_y:
        positive = ys[ys > 0]
        lo_exp = math.floor(math.log10(positive.min())) if positive.size else -1
        hi_exp = math.ceil(math.log10(positive.max())) if positive.size else 0
        hi_exp = max(hi_exp, lo_exp + 1)
        y_lo, y_hi = 10.0 ** lo_exp, 10.0 ** hi_exp
        span = max(1, (hi_exp - lo_exp + 5) // 6)
        y_ticks = [10.0 ** e for e in range(lo_exp, hi_exp + 1, span)]

        def fy(v):
            v = np.maximum(np.asarray(v, float), y_lo)
            return y0 + h - (np.log10(v) - lo_exp) / (hi_exp - lo_exp) * h
    else:
        y_ticks = nice_ticks(float(ys.min()), float(ys.max()))
        y_lo, y_hi = min(y_ticks[0], float(ys.min())), max(y_ticks[-1], float(ys.max()))

        def fy(v):
            return y0 + h - (np.asarray(v, float) - y_lo) / (y_hi - y_lo) * h

    x_ticks = nice_ticks(x_lo, x_hi)

    def fx(v):
        return x0 + (np.asarray(v, float) - x_lo) / ((x_hi - x_lo) or 1) * w

    ink, grid = "#1A1A1A", "#D9D9D9"
    out = [f'<g data-panel="{escape(panel.title)}">',
           f'<text x="{x0:.1f}" y="{y0 - font * 0.8:.1f}" font-size="{font:.1f}" '
           f'font-weight="bold" fill="{ink}">{escape(panel.title)}</text>']
    for t in y_ticks:
        y = float(fy(t))
        label = _power(t) if panel.log_y else fmt(t, 4)
        out.append(f'<line x1="{x0:.1f}" x2="{x0 + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{grid}" stroke-width="1"/>'
                   f'<text x="{x0 - font * 0.4:.1f}" y="{y + font * 0.35:.1f}" '
                   f'font-size="{font:.1f}" text-anchor="end" fill="{ink}">{label}</text>')
    for t in x_ticks:
        x = float(fx(t))
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y0 + h:.1f}" y2="{y0 + h + 5:.1f}" '
                   f'stroke="{ink}"/><text x="{x:.1f}" y="{y0 + h + font * 1.3:.1f}" '
                   f'font-size="{font:.1f}" text-anchor="middle" fill="{ink}">'
                   f"{_grouped(t)}</text>")
    out.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" fill="none" '
               f'stroke="{ink}" stroke-width="1"/>'
               f'<text x="{x0 + w / 2:.1f}" y="{y0 + h + font * 2.6:.1f}" font-size="{font:.1f}" '
               f'text-anchor="middle" fill="{ink}">{escape(panel.x_label)}</text>')
    for s in panel.series:
        pick = thin(len(np.asarray(s.x)))
        px, py = fx(np.asarray(s.x, float)[pick]), fy(np.asarray(s.y, float)[pick])
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                   f'stroke-width="2.5"{dash}/>')
    for k, s in enumerate(panel.series):
        y = y0 + h + font * 3.6 + k * font * 1.5
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<line x1="{x0:.1f}" x2="{x0 + font * 2.2:.1f}" y1="{y - font * 0.35:.1f}" '
                   f'y2="{y - font * 0.35:.1f}" stroke="{s.colour}" stroke-width="3"{dash}/>'
                   f'<text x="{x0 + font * 2.8:.1f}" y="{y:.1f}" font-size="{font:.1f}" '
                   f'fill="{ink}">{escape(s.label)}</text>')
    out.append("</g>")
    return "".join(out)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power(value: float) -> str:
    """A power of ten as 10⁻⁵: superscript digits, at the text's own size."""
    return "10" + str(round(math.log10(value))).translate(_SUPERSCRIPT)


def _grouped(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else fmt(value, 4)
