"""Answer sheets: a trace or a training run as text, Markdown, LaTeX or JSON.

Used by the command line (``python -m nnlesson trace``) for teachers who want
a worked solution for their own numbers. Every value comes from the trace.
"""

from __future__ import annotations

import json

from .example.steps import PHASE_TITLES, Trace
from .example.training import History
from .formatting import fmt
from .maths.losses import LOSSES

__all__ = ["FORMATS", "as_json", "as_latex", "as_markdown", "as_text", "render", "render_training",
           "training_as_dict", "training_as_text"]

FORMATS = ("text", "markdown", "latex", "json")


def _setting(trace: Trace) -> list[tuple[str, str]]:
    o = trace.options
    return [("hidden activation", o.hidden_activation),
            ("output activation", o.output_activation),
            ("loss", f"{o.loss} ({LOSSES[o.loss].note})"),
            ("biases", o.bias), ("update order", o.order), ("engine", trace.engine)]


def _numbers(trace: Trace) -> list[tuple[str, str]]:
    return [(name, fmt(value)) for name, value in trace.params.to_dict().items()]


def _phases(trace: Trace):
    seen: list[str] = []
    for step in trace:
        if step.phase not in seen:
            seen.append(step.phase)
    return [(phase, PHASE_TITLES[phase], trace.in_phase(phase)) for phase in seen]


def as_text(trace: Trace) -> str:
    """A worked solution readable in a terminal."""
    lines = ["The 2-2-2 backpropagation example, step by step", ""]
    lines += [f"  {k}: {v}" for k, v in _setting(trace)]
    lines += ["", "Numbers: " + ", ".join(f"{k} = {v}" for k, v in _numbers(trace))]
    for _, title, steps in _phases(trace):
        lines += ["", title, "-" * len(title)]
        lines += [f"{s.index + 1:3d}. {s.text}" for s in steps]
    return "\n".join(lines) + "\n"


def as_markdown(trace: Trace) -> str:
    """A worked solution a teacher can hand out: formulas, numbers and a sentence for each step."""
    lines = ["# The 2-2-2 backpropagation example, step by step", ""]
    lines += [f"- **{k}**: {v}" for k, v in _setting(trace)]
    lines += ["", "| parameter | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _numbers(trace)]
    for _, title, steps in _phases(trace):
        lines += ["", f"## {title}", ""]
        for s in steps:
            lines += [f"**Step {s.index + 1}.** {s.explanation}", "", f"$${s.latex}$$", ""]
    return "\n".join(lines).rstrip() + "\n"


_LATEX_TEXT = str.maketrans({"_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#"})


def as_latex(trace: Trace) -> str:
    """A complete LaTeX document of the worked solution (compiles with pdflatex)."""
    setting = ", ".join(f"{k}: {v}" for k, v in _setting(trace)).translate(_LATEX_TEXT)
    numbers = ", ".join(f"${_latex_name(k)} = {v}$" for k, v in _numbers(trace))
    out = [r"\documentclass[11pt]{article}", r"\usepackage{amsmath}",
           r"\usepackage[margin=2cm]{geometry}", r"\begin{document}",
           r"\section*{The 2-2-2 backpropagation example, step by step}",
           setting + r".\par", r"\medskip", numbers + r".\par"]
    for _, title, steps in _phases(trace):
        out += [rf"\subsection*{{{title}}}"]
        for s in steps:
            out += [rf"\noindent\textbf{{Step {s.index + 1}.}} "
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
    lines = [f"Training the 2-2-2 network for {history.steps} updates "
             f"({o.hidden_activation}/{o.output_activation}, {o.loss} loss, {o.bias} biases, "
             f"{o.order} order, learning rate {fmt(history.start.learning_rate)})", ""]
    marks = sorted({0, *(k for k in (1, 10, 100, 1000, 10000, 100000) if k <= history.steps),
                    history.steps})
    lines.append(f"{'update':>8}  {'E_total':>14}  {'out_o1':>12}  {'out_o2':>12}")
    for k in marks:
        lines.append(f"{k:>8}  {fmt(history.E_total[k]):>14}  {fmt(history.out_o1[k]):>12}  "
                     f"{fmt(history.out_o2[k]):>12}")
    lines += ["", f"targets: out_o1 -> {fmt(history.start.target_o1)}, "
                  f"out_o2 -> {fmt(history.start.target_o2)}", "Final parameters: "
              + ", ".join(f"{n} = {fmt(a[-1])}" for n, a in history.parameters.items())]
    return "\n".join(lines) + "\n"


def render_training(history: History, format: str) -> str:
    if format == "json":
        return json.dumps(training_as_dict(history), indent=2) + "\n"
    return training_as_text(history)

