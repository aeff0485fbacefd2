"""One self-contained web page of the stepper, for a course website or a phone, no Python needed.

    python -m nnlesson html --out FILE.html [--params FILE] [options] [--lang en|zh]

writes the stepper, the formula cards and the diagram for those numbers and
options into one HTML file: the script, the style and every step inline, math
as MathML (typeset by the browser), no font or file fetched from anywhere. It
opens from a file:// address and steps with no kernel. The options are those
of `trace`, read as nnlesson.cli reads them; `--lang zh` writes the page in
Chinese. Taught in lesson 01, "Start here".
"""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path

from .cli import UsageError, _load, refuse, speaking
from .errors import NumericError, ParameterError
from .example.params import Options
from .example.steps import trace
from .language import _, current_language
from .widgets.stepper import page_html, stepper_frames

__all__ = ["run_html", "standalone_page"]

#: The page's lang attribute: Simplified Chinese as written in China (as report.py's sheets).
_HTML_LANG = {"zh": "zh-CN"}


def standalone_page(params, options: Options) -> str:
    """The whole page for these numbers and options, as text."""
    frames = stepper_frames(trace(params, options=options))
    title = _("The classic 2-2-2 example, step by step")
    lang = _HTML_LANG.get(current_language(), current_language())
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            "<style>body{margin:0;background:#fff}main{max-width:1200px;margin:0 auto;"
            "padding:0.5em 1em}h1{font:bold 1.4em system-ui,Arial,sans-serif;margin:0.3em 0}"
            f"</style></head><body><main><h1>{escape(title)}</h1>"
            + page_html(frames, note=_("This page needs JavaScript to step through the example."))
            + "</main></body></html>\n")


def run_html(args: argparse.Namespace) -> int:
    """Write the page `args` ask for; 0, or 2 with one line on stderr saying what was wrong.

    The page is in the language of `args.lang` when given, else the current one.
    """
    with speaking(getattr(args, "lang", None)):
        return _write(args)


def _write(args: argparse.Namespace) -> int:
    try:
        params = _load(args.params)
        options = Options(**{name: getattr(args, name) for name in Options.CHOICES})
        text = standalone_page(params, options)
        out = Path(args.out)
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(_("--out {path}: cannot write the file ({reason})",
                               path=args.out, reason=exc.strerror)) from None
    except (ParameterError, NumericError, UsageError) as exc:
        return refuse(exc)
    return 0
