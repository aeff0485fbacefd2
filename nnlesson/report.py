"""Answer sheets: a trace or a training run as text, Markdown, LaTeX or JSON.

Used by the command line (``python -m nnlesson trace``) for teachers who want
a worked solution for their own numbers. Every value comes from the trace.
The words are in the current language (`nnlesson.language`); the JSON is the
same in every language, and the Chinese LaTeX compiles with XeLaTeX.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from unicodedata import east_asian_width

from .example.params import Options, Params
from .example.steps import PHASE_TITLES, Trace
from .example.training import History
from .formatting import fmt
from .language import _, current_language, join
from .maths.losses import LOSSES

__all__ = ["FORMATS", "HandoutSection", "XECJK_PREAMBLE", "as_json", "as_latex", "as_markdown",
           "as_text", "document_html", "document_markdown", "parameter_rows", "render",
           "render_training", "setting_rows", "training_as_dict", "training_as_text"]

FORMATS = ("text", "markdown", "latex", "json")

#: What a Chinese LaTeX sheet adds to the preamble: xeCJK (so XeLaTeX, not pdflatex) and the
#: first Chinese font the system has: Linux (Debian's fonts-noto-cjk), macOS, Windows, and
#: TeX Live's own Fandol fonts last, which every TeX Live has.
XECJK_PREAMBLE = r"""\usepackage{xeCJK}
\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}}{%
 \IfFontExistsTF{Songti SC}{\setCJKmainfont{Songti SC}}{%
  \IfFontExistsTF{SimSun}{\setCJKmainfont{SimSun}}{\setCJKmainfont{FandolSong-Regular.otf}}}}
\IfFontExistsTF{Noto Sans CJK SC}{\setCJKsansfont{Noto Sans CJK SC}}{%
 \IfFontExistsTF{PingFang SC}{\setCJKsansfont{PingFang SC}}{%
  \IfFontExistsTF{Microsoft YaHei}{\setCJKsansfont{Microsoft YaHei}}{%
   \setCJKsansfont{FandolHei-Regular.otf}}}}"""


def setting_rows(options: Options, *, notes: bool = True) -> list[tuple[str, str]]:
    """The options as (label, value) rows; `notes=False` leaves out what each loss is for."""
    o = options
    loss = _("{loss} ({note})", loss=o.loss, note=LOSSES[o.loss].note) if notes else o.loss
    return [(_("hidden activation"), o.hidden_activation),
            (_("output activation"), o.output_activation), (_("loss"), loss),
            (_("biases"), o.bias), (_("update order"), o.order)]


def parameter_rows(params: Params) -> list[tuple[str, str]]:
    """Every number of a parameter file as (name, value) rows, in the lessons' order."""
    return [(name, fmt(value)) for name, value in params.to_dict().items()]


def _setting(trace: Trace) -> list[tuple[str, str]]:
    return [*setting_rows(trace.options), (_("engine"), trace.engine)]


def _numbers(trace: Trace) -> list[tuple[str, str]]:
    return parameter_rows(trace.params)


def _phases(trace: Trace):
    seen: list[str] = []
    for step in trace:
        if step.phase not in seen:
            seen.append(step.phase)
    return [(phase, _phase_title(phase), trace.in_phase(phase)) for phase in seen]


def _phase_title(phase: str) -> str:
    """A phase's heading in the current language (PHASE_TITLES holds the English)."""
    titles = {"forward": _("Forward pass"), "error": _("The error"),
              "output-gradients": _("Output-layer gradients"),
              "hidden-gradients": _("Hidden-layer gradients"), "update": _("The update")}
    return titles.get(phase, PHASE_TITLES[phase])


def _width(text: str) -> int:
    """How many columns a terminal gives `text`: a Chinese character takes two."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def _title() -> str:
    return _("The 2-2-2 backpropagation example, step by step")


def as_text(trace: Trace) -> str:
    """A worked solution readable in a terminal."""
    lines = [_title(), ""]
    lines += ["  " + _("{label}: {value}", label=k, value=v) for k, v in _setting(trace)]
    lines += ["", _("Numbers: {numbers}",
                    numbers=join(f"{k} = {v}" for k, v in _numbers(trace)))]
    for _phase, title, steps in _phases(trace):
        lines += ["", title, "-" * _width(title)]
        lines += [f"{s.index + 1:3d}. {s.text}" for s in steps]
    return "\n".join(lines) + "\n"


def as_markdown(trace: Trace) -> str:
    """A worked solution a teacher can hand out: formulas, numbers and a sentence for each step."""
    lines = [f"# {_title()}", ""]
    lines += ["- " + _("{label}: {value}", label=f"**{k}**", value=v) for k, v in _setting(trace)]
    lines += ["", f"| {_('parameter')} | {_('value')} |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _numbers(trace)]
    for _phase, title, steps in _phases(trace):
        lines += ["", f"## {title}", ""]
        for s in steps:
            lines += [f"**{_('Step {number}.', number=s.index + 1)}** {s.explanation}", "",
                      f"$${s.latex}$$", ""]
    return "\n".join(lines).rstrip() + "\n"


_LATEX_TEXT = str.maketrans({"_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#"})


def as_latex(trace: Trace) -> str:
    """A complete LaTeX document of the worked solution.

    English compiles with pdflatex; Chinese with xelatex (`XECJK_PREAMBLE`).
    """
    setting = join(_("{label}: {value}", label=k, value=v)
                   for k, v in _setting(trace)).translate(_LATEX_TEXT)
    numbers = join(f"${_latex_name(k)} = {v}$" for k, v in _numbers(trace))
    chinese = current_language() == "zh"
    out = [r"\documentclass[11pt]{article}", r"\usepackage{amsmath}",
           r"\usepackage[margin=2cm]{geometry}"]
    if chinese:
        out = [r"% !TEX program = xelatex", *out, XECJK_PREAMBLE]
    out += [r"\begin{document}", rf"\section*{{{_title().translate(_LATEX_TEXT)}}}",
            _("{items}.", items=setting) + r"\par", r"\medskip",
            _("{items}.", items=numbers) + r"\par"]
    for _phase, title, steps in _phases(trace):
        out += [rf"\subsection*{{{title.translate(_LATEX_TEXT)}}}"]
        for s in steps:
            label = _("Step {number}.", number=s.index + 1).translate(_LATEX_TEXT)
            out += [rf"\noindent\textbf{{{label}}} "
                    + s.explanation.translate(_LATEX_TEXT), r"\begin{align*}",
                    _aligned(s.latex), r"\end{align*}"]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def _aligned(latex: str) -> str:
    # Break "a = b = c = d" after the symbol so long chains fit the page.
    head, _, rest = latex.partition(" = ")
    return head + " &= " + rest.replace(" = ", r" \\ &= ")


def _latex_name(name: str) -> str:
    if name == "learning_rate":
        return r"\eta"
    if "_" in name:
        base, sub = name.split("_", 1)
        return rf"\mathrm{{{base}}}_{{{sub.replace('_', '')}}}"
    return f"{name[0]}_{{{name[1:]}}}"


def as_json(trace: Trace) -> str:
    """The answer sheet as data: forward values, gradients and updated parameters."""
    return json.dumps(trace.to_dict(), indent=2) + "\n"


def render(trace: Trace, format: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "latex": as_latex, "json": as_json}[format](
        trace)


def training_as_dict(history: History) -> dict:
    return {"steps": history.steps, "E_total": float(history.E_total[-1]),
            "out_o1": float(history.out_o1[-1]), "out_o2": float(history.out_o2[-1]),
            "history": [float(e) for e in history.E_total]}


def training_as_text(history: History) -> str:
    o = history.options
    lines = [_("Training the 2-2-2 network for {steps} updates ({hidden}/{output}, {loss} loss, "
               "{bias} biases, {order} order, learning rate {rate})", steps=history.steps,
               hidden=o.hidden_activation, output=o.output_activation, loss=o.loss, bias=o.bias,
               order=o.order, rate=fmt(history.start.learning_rate)), ""]
    marks = sorted({0, *(k for k in (1, 10, 100, 1000, 10000, 100000) if k <= history.steps),
                    history.steps})
    lines.append(f"{_right(_('update'), 8)}  {'E_total':>14}  {'out_o1':>12}  {'out_o2':>12}")
    for k in marks:
        lines.append(f"{k:>8}  {fmt(history.E_total[k]):>14}  {fmt(history.out_o1[k]):>12}  "
                     f"{fmt(history.out_o2[k]):>12}")
    lines += ["", _("targets: out_o1 -> {o1}, out_o2 -> {o2}", o1=fmt(history.start.target_o1),
                    o2=fmt(history.start.target_o2)),
              _("Final parameters: {values}", values=join(
                  f"{n} = {fmt(a[-1])}" for n, a in history.parameters.items()))]
    return "\n".join(lines) + "\n"


def render_training(history: History, format: str) -> str:
    if format == "json":
        return json.dumps(training_as_dict(history), indent=2) + "\n"
    return training_as_text(history)



# --- a short document (a student's sheet) in Markdown and in printable HTML ------------------

@dataclass(frozen=True, kw_only=True)
class HandoutSection:
    """One section of a handout: a heading, paragraphs, a two-column table, a numbered list
    (each item followed by a blank to write in), a code block, and a figure (HTML only)."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, str], ...] = ()
    table_header: tuple[str, str] = ("", "")
    items: tuple[str, ...] = ()
    answer_label: str = ""   # written before each item's blank
    code: str = ""
    figure: str = ""    # an SVG string, shown in the HTML only


def document_markdown(title: str, sections: Sequence[HandoutSection]) -> str:
    """The handout as Markdown: the same text and numbers as `document_html`."""
    lines = [f"# {title}"]
    for section in sections:
        lines.append("")
        if section.heading:
            lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.table:
            lines += [f"| {section.table_header[0]} | {section.table_header[1]} |", "|---|---|"]
            lines += [f"| {key} | {value} |" for key, value in section.table]
            lines.append("")
        for k, item in enumerate(section.items, 1):
            lines += [f"{k}. {item}", "", f"   {section.answer_label} ______________________", ""]
        if section.code:
            lines += ["```", section.code, "```", ""]
    tidy: list[str] = []
    for line in (line.rstrip() for line in lines):
        if line or (tidy and tidy[-1]):   # one blank line between blocks, never two
            tidy.append(line)
    return "\n".join(tidy).rstrip() + "\n"


_HTML_STYLE = """
@page { size: A4; margin: 16mm 18mm; }
body { font-family: FONTS; font-size: 11pt;
       color: #1A1A1A; max-width: 46em; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 0.4em; }
h2 { font-size: 13pt; margin: 1.1em 0 0.4em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #999; padding: 0.15em 0.7em; text-align: left; }
td:last-child { font-variant-numeric: tabular-nums; }
ol li { margin: 0.2em 0 0.9em; break-inside: avoid; }
.blank { display: block; border: 1px solid #666; height: 1.8em; width: 18em;
         margin-top: 0.3em; }
pre { background: #F4F4F4; padding: 0.5em 0.8em; }
figure { margin: 0.5em 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
""".strip()
#: The page's fonts: Latin letters and numbers in DejaVu Sans; Chinese in the first CJK font
#: the system has (Linux: Debian's fonts-noto-cjk; macOS; Windows).
_HTML_FONTS = {"en": "'DejaVu Sans', Arial, Helvetica, sans-serif",
               "zh": "'DejaVu Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
                     "'Hiragino Sans GB', 'Microsoft YaHei', 'SimHei', sans-serif"}
#: The HTML lang attribute of each language: Simplified Chinese as written in China.
_HTML_LANG = {"zh": "zh-CN"}


def document_html(title: str, sections: Sequence[HandoutSection], *,
                  language: str = "en") -> str:
    """The handout as one self-contained, printable HTML page (no scripts, no fetches)."""
    style = _HTML_STYLE.replace("FONTS", _HTML_FONTS.get(language, _HTML_FONTS["en"]))
    out = ["<!DOCTYPE html>", f'<html lang="{escape(_HTML_LANG.get(language, language))}">',
           "<head>", '<meta charset="utf-8">', f"<title>{escape(title)}</title>",
           f"<style>\n{style}\n</style>", "</head>", "<body>", f"<h1>{escape(title)}</h1>"]
    for section in sections:
        if section.heading:
            out.append(f"<h2>{escape(section.heading)}</h2>")
        out += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
        if section.figure:
            out.append(f"<figure>{section.figure}</figure>")
        if section.table:
            head = "".join(f"<th>{escape(h)}</th>" for h in section.table_header)
            rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>"
                           for k, v in section.table)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        if section.items:
            items = "".join(f'<li>{escape(item)}<span class="blank" aria-label='
                            f'"{escape(section.answer_label)}"></span></li>'
                            for item in section.items)
            out.append(f"<ol>{items}</ol>")
        if section.code:
            out.append(f"<pre>{escape(section.code)}</pre>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
