"""What a lesson cell shows: steps, tables and proofs, built from the trace.

Used by every lesson from 02 on. Each helper returns a `Shown`: Jupyter renders
its Markdown or LaTeX, and its plain-text form carries the same numbers, so
nbval compares both and a changed number fails a lesson. Nothing here computes
a quantity of the worked example; it only lays out what the engine computed.
Every number goes through `fmt`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from ..errors import NumericError, ParameterError
from ..example.formulas import latex_symbol, text_symbol
from ..example.params import (
    CLASSIC,
    FIELDS,
    INPUTS,
    LAYER_BIASES,
    TARGETS,
    WEIGHTS,
    Options,
    Params,
)
from ..example.symbolic import Proof, full_expressions
from ..example.topology import EDGES
from ..example.trace import PHASE_TITLES, Trace
from ..example.training import History
from ..formatting import fmt
from .diagram import draw, values_so_far

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


# --- Steps of the trace -------------------------------------------------------------------------


def show_steps(trace: Trace, phase: str | None = None, *, names: Sequence[str] | None = None,
               explain: bool = True) -> Shown:
    """The steps of one phase (or the named steps), each as formula = numbers = value.

    With `explain`, each step's sentence from the trace follows its formula.
    """
    if names is not None:
        steps = [trace[n] for n in names]
    elif phase is not None:
        trace.phase_start(phase)  # a clear error for an unknown phase
        steps = list(trace.in_phase(phase))
    else:
        steps = list(trace)
    md, text = [], []
    for step in steps:
        md.append(f"$$\\small {step.latex}$$")
        if explain and step.explanation:
            md.append(f"{step.explanation}\n")
        text.append(step.text)
    if phase is not None and names is None:
        md.insert(0, f"**{PHASE_TITLES[phase]}** ({len(steps)} steps)\n")
        text.insert(0, f"{PHASE_TITLES[phase]} ({len(steps)} steps)")
    return Shown("\n".join(text), markdown="\n".join(md))


def show_phases(trace: Trace) -> Shown:
    """The phases of the worked example: title, number of steps, first and last step.

    Steps are numbered from 1, as the stepper and the exercises number them.
    """
    rows_md, rows_text = [], []
    for phase, title in PHASE_TITLES.items():
        steps = trace.in_phase(phase)
        if steps:
            first, last = steps[0], steps[-1]
            rows_md.append([title, str(len(steps)), f"{first.index + 1}: ${first.symbol}$",
                            f"{last.index + 1}: ${last.symbol}$"])
            rows_text.append([title, str(len(steps)), f"{first.index + 1}: {first.name}",
                              f"{last.index + 1}: {last.name}"])
    return table(["phase", "steps", "first step", "last step"], rows_md, text_rows=rows_text)


def show_step(trace: Trace, name: str, *, explain: bool = True) -> Shown:
    """One step of the trace, by name: show_step(t, "dE_dw5")."""
    return show_steps(trace, names=[name], explain=explain)


def show_diagram(trace: Trace, name: str | int) -> Shown:
    """The network drawing at one step: its nodes and edges lit, the values so far written on."""
    step = trace[name]
    return Shown(f"The network at step {step.index + 1}: {step.text}",
                 svg=draw(step, values_so_far(trace, step.index)))


def compare(traces: Mapping[str, Trace], names: Sequence[str]) -> Shown:
    """A table of quantities (rows) in several traces (columns), e.g. the two update orders.

    A quantity a trace does not have (a bias gradient in another mode) shows as a dash.
    """
    labels = list(traces)
    rows_md, rows_text = [], []
    for name in names:
        if not any(name in t for t in traces.values()):
            raise ParameterError("names", name, "not a step of any of these traces",
                                 "step names such as 'net_h1', 'dE_dw5', 'w5_new'")
        cells = [fmt(t[name].value) if name in t else MISSING for t in traces.values()]
        rows_md.append([f"${latex_symbol(name)}$", *cells])
        rows_text.append([text_symbol(name), *cells])
    return table(["quantity", *labels], rows_md, text_rows=rows_text)


def published(names: Sequence[str]) -> Shown:
    """What the classic post printed for `names`, from example.reference (never retyped)."""
    from ..example.reference import PUBLISHED, decimals

    rows = []
    for name in names:
        if name not in PUBLISHED:
            raise ParameterError("names", name, "not a value the post printed",
                                 "one of " + ", ".join(PUBLISHED))
        rows.append([name.replace("_", " "), f"{PUBLISHED[name]:.{decimals(name)}f}"])
    return table(["the post prints", "value"], rows)


def show_values(values: Mapping[str, float], *, header: Sequence[str] = ("", "value")) -> Shown:
    """A two-column table of labelled numbers, e.g. one estimate for each step size."""
    rows = [[label, fmt(value)] for label, value in values.items()]
    return table(header, rows)


# --- Parameters and notation -------------------------------------------------------------------


def _role(name: str) -> str:
    if name in INPUTS:
        return "input"
    if name in WEIGHTS:
        src, dst = EDGES[name]
        return f"weight {src} → {dst}"
    if name in LAYER_BIASES:
        fed = "h1 and h2" if name == "b1" else "o1 and o2"
        return f"bias shared by {fed}"
    if name in TARGETS:
        return f"target of {name[-2:]}"
    return "learning rate"


def parameter_table(params: Params = CLASSIC) -> Shown:
    """Every number of the example: its name, symbol, role in the network and value."""
    rows_md, rows_text = [], []
    for name in FIELDS:
        value = fmt(getattr(params, name))
        rows_md.append([f"`{name}`", f"${latex_symbol(name)}$", _role(name), value])
        rows_text.append([name, _role(name), value])
    return table(["name", "symbol", "role", "value"], rows_md,
                 text_header=["name", "role", "value"], text_rows=rows_text)


#: The post's names and the matrix notation of most textbooks (layer l = 1 hidden, 2 output).
#: W^(l)_jk is the weight into neuron j of layer l from neuron k of the layer before, so
#: net_h1 = w1*i1 + w2*i2 + b1 puts w1, w2 in row 1 of W^(1). tests/test_display.py checks
#: this map against the engine by doing the matrix products.
NOTATION: tuple[tuple[str, str, str], ...] = (
    ("i1", r"x_1 = a^{(0)}_1", "input"),
    ("i2", r"x_2 = a^{(0)}_2", "input"),
    ("w1", r"W^{(1)}_{11}", "i1 → h1"),
    ("w2", r"W^{(1)}_{12}", "i2 → h1"),
    ("w3", r"W^{(1)}_{21}", "i1 → h2"),
    ("w4", r"W^{(1)}_{22}", "i2 → h2"),
    ("b1", r"b^{(1)}_1 = b^{(1)}_2", "one bias shared by the hidden layer"),
    ("net_h1", r"z^{(1)}_1", "net input: weighted sum plus bias"),
    ("out_h1", r"a^{(1)}_1 = \sigma(z^{(1)}_1)", "output (activation)"),
    ("net_h2", r"z^{(1)}_2", "net input"),
    ("out_h2", r"a^{(1)}_2", "output"),
    ("w5", r"W^{(2)}_{11}", "h1 → o1"),
    ("w6", r"W^{(2)}_{12}", "h2 → o1"),
    ("w7", r"W^{(2)}_{21}", "h1 → o2"),
    ("w8", r"W^{(2)}_{22}", "h2 → o2"),
    ("b2", r"b^{(2)}_1 = b^{(2)}_2", "one bias shared by the output layer"),
    ("net_o1", r"z^{(2)}_1", "net input"),
    ("out_o1", r"a^{(2)}_1 = \hat{y}_1", "the network's answer"),
    ("net_o2", r"z^{(2)}_2", "net input"),
    ("out_o2", r"a^{(2)}_2 = \hat{y}_2", "the network's answer"),
    ("target_o1", r"y_1", "what o1 should output"),
    ("target_o2", r"y_2", "what o2 should output"),
    ("delta_o1", r"\delta^{(2)}_1 = \partial E / \partial z^{(2)}_1", "error signal at o1"),
    ("delta_o2", r"\delta^{(2)}_2", "error signal at o2"),
    ("delta_h1", r"\delta^{(1)}_1 = \partial E / \partial z^{(1)}_1", "error signal at h1"),
    ("delta_h2", r"\delta^{(1)}_2", "error signal at h2"),
    ("dE_dw5", r"\partial E / \partial W^{(2)}_{11} = \delta^{(2)}_1 a^{(1)}_1",
     "gradient of one weight"),
    ("dE_dw1", r"\partial E / \partial W^{(1)}_{11} = \delta^{(1)}_1 x_1",
     "gradient of one weight"),
)


def notation_map(trace: Trace) -> Shown:
    """The post's names beside the matrix notation, with each value from `trace`."""
    rows_md, rows_text = [], []
    for name, matrix, meaning in NOTATION:
        value = trace.value(name) if name in trace else getattr(trace.params, name)
        rows_md.append([f"${latex_symbol(name)}$", f"${matrix}$", meaning, fmt(value)])
        rows_text.append([text_symbol(name), meaning, fmt(value)])
    return table(["the post", "matrix notation", "meaning", "value"], rows_md,
                 text_header=["the post", "meaning", "value"], text_rows=rows_text)


# --- Formulas from sympy -----------------------------------------------------------------------


def show_equations(rows: Sequence[tuple[str, sp.Expr | str]], *, note: str = "") -> Shown:
    """Aligned equations, left side LaTeX, right side a sympy expression (or LaTeX)."""
    latex_rows, text_rows = [], []
    for lhs, rhs in rows:
        rhs_latex = rhs if isinstance(rhs, str) else sp.latex(rhs)
        latex_rows.append(f"{lhs} &= {rhs_latex}")
        text_rows.append(f"{lhs} = {rhs if isinstance(rhs, str) else sp.sstr(rhs)}")
    if note:
        text_rows.append(note)
    body = r" \\ ".join(latex_rows)
    return Shown("\n".join(text_rows), latex=rf"$$\begin{{aligned}} {body} \end{{aligned}}$$")


def _abbreviations(options: Options) -> dict[sp.Expr, sp.Symbol]:
    # Every sigma(...) in a full expression is some neuron's output: name it as the lesson does.
    full = full_expressions(options)
    return {full[f"out_{n}"]: sp.Symbol(latex_symbol(f"out_{n}"))
            for n in ("h1", "h2", "o1", "o2")}


def show_proof(proof: Proof, *, options: Options | None = None, abbreviate: bool = True) -> Shown:
    """sympy's derivative of E_total, the chain-rule product, and whether they are equal.

    With `abbreviate`, each neuron's output written out in the parameters is
    replaced by its name (out_o1), so the two expressions fit on a line; the
    check itself was made on the full expressions.
    """
    derivative, chain = proof.derivative, proof.chain
    if abbreviate:
        names = _abbreviations(proof.options if options is None else options)
        derivative, chain = derivative.xreplace(names), chain.xreplace(names)
    symbol = latex_symbol(f"dE_d{proof.parameter}")
    verdict = "equal" if proof.equal else "NOT equal"
    return Shown(
        f"sympy.diff(E_total, {proof.parameter}) = {sp.sstr(derivative)}\n"
        f"chain rule product = {sp.sstr(chain)}\n"
        f"the two are {verdict}",
        latex=(r"$$\begin{aligned} "
               rf"{symbol} &= {sp.latex(derivative)} && \text{{sympy.diff}} \\ "
               rf"&= {sp.latex(chain)} && \text{{the chain rule's factors}} \\ "
               rf"& \text{{the two are {verdict}}} \end{{aligned}}$$"))


# --- Training ----------------------------------------------------------------------------------

#: The curve names a History carries, with how a lesson labels them.
HISTORY_NAMES = ("E_total", "out_o1", "out_o2")


def history_table(histories: Mapping[str, History], at: Sequence[int],
                  names: Sequence[str] = HISTORY_NAMES) -> Shown:
    """E_total and the outputs after `at` updates, for each labelled training run."""
    header = ["run", "updates", *names]
    rows_md, rows_text = [], []
    for label, history in histories.items():
        for k in at:
            if not 0 <= k <= history.steps:
                raise ParameterError("at", k, "not an update of this run",
                                     f"a whole number from 0 to {history.steps}")
            cells = [fmt(getattr(history, n)[k]) for n in names]
            rows_md.append([label, f"{k:,}", *cells])
            rows_text.append([label, f"{k:,}", *cells])
    header_md = ["run", "updates", *(f"${latex_symbol(n)}$" for n in names)]
    return table(header_md, rows_md, text_header=header, text_rows=rows_text)


def plot_history(ax, histories: Mapping[str, History], name: str = "E_total", *,
                 log: bool = True) -> list:
    """Draw `name` (E_total, out_o1 or out_o2) against the update number; returns the lines.

    For an output, its target is drawn as a dashed line of the same colour.
    """
    from .plots import BLUE, GREEN, ORANGE, PURPLE, VERMILLION

    # The colour-blind-safe palette of the diagram and the trainer, run by run.
    palette = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE)
    lines = []
    for k, (label, history) in enumerate(histories.items()):
        (line,) = ax.plot(getattr(history, name), label=label, color=palette[k % len(palette)])
        lines.append(line)
        if name.startswith("out_"):
            target = getattr(history.start, f"target_{name[4:]}")
            lines.append(ax.axhline(target, linestyle="--", color=line.get_color(), linewidth=1))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("update")
    ax.set_ylabel(name)
    if len(histories) > 1:
        ax.legend(fontsize="small", framealpha=0.9)
    return lines


def training_figure(histories: Mapping[str, History], names: Sequence[str] = HISTORY_NAMES):
    """A figure with one panel per curve (E_total on a log scale, outputs with their targets)."""
    from . import plots  # matplotlib loads when a lesson first plots

    fig, axes = plots.figure(4 * len(names), 3.2, columns=len(names))
    for ax, name in zip(axes, names, strict=True):
        plot_history(ax, histories, name, log=name == "E_total")
    return fig


def show_training(histories: Mapping[str, History], names: Sequence[str] = HISTORY_NAMES
                  ) -> Shown:
    """`training_figure` as a picture a cell shows, described in words for nbval."""
    from . import plots

    runs = ", ".join(f"{label} ({history.steps:,} updates)" for label, history in
                     histories.items())
    return Shown(f"{', '.join(names)} after each update: {runs}",
                 png=plots.png(training_figure(histories, names)))


# --- Finite differences and refusals -----------------------------------------------------------


def gradcheck_table(results: Mapping[str, tuple[float, float, float]], *,
                    tolerance: float = 1e-6) -> Shown:
    """Backpropagation beside the central difference for each parameter, and whether they agree."""
    rows_md, rows_text = [], []
    for name, (analytic, numeric, rel_error) in results.items():
        agree = "yes" if rel_error <= tolerance else "NO"
        # Two significant digits: the rest would be rounding noise of the last bits.
        cells = [fmt(analytic), fmt(numeric), f"{rel_error:.1e}", agree]
        rows_md.append([f"${latex_symbol('dE_d' + name)}$", *cells])
        rows_text.append([text_symbol("dE_d" + name), *cells])
    header = ["gradient", "backpropagation", "central difference", "relative error",
              f"agree (≤ {fmt(tolerance)})"]
    return table(header, rows_md, text_rows=rows_text)


def attempt(function: Callable, *args, **kwargs):
    """`function(*args, **kwargs)`, or the engine's message if it refuses the input.

    Lets a lesson show what a bad value does without a cell that raises.
    """
    try:
        return function(*args, **kwargs)
    except (ParameterError, NumericError) as exc:
        kind = type(exc).__name__
        return Shown(f"{kind}: {exc}", markdown=f"**{kind}:** {exc}")
