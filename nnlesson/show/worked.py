"""The worked example's trace as lessons 02 to 11 show it: steps, phases, tables of values.

Nothing here computes a quantity of the example; it lays out what the engine
computed (`nnlesson.example.trace`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import ParameterError
from ..example.formulas import latex_symbol, text_symbol
from ..example.params import CLASSIC, FIELDS, INPUTS, LAYER_BIASES, TARGETS, WEIGHTS, Params
from ..example.steps import PHASE_TITLES, Trace
from ..example.topology import EDGES
from ..formatting import fmt
from .diagram import draw, values_so_far
from .shown import MISSING, Shown, table

__all__ = ["NOTATION", "compare", "network_at", "notation_map", "parameter_table", "phases",
           "published", "step", "steps", "values"]


def steps(trace: Trace, phase: str | None = None, *, names: Sequence[str] | None = None,
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


def phases(trace: Trace) -> Shown:
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


def step(trace: Trace, name: str, *, explain: bool = True) -> Shown:
    """One step of the trace, by name: show_step(t, "dE_dw5")."""
    return steps(trace, names=[name], explain=explain)


def network_at(trace: Trace, name: str | int) -> Shown:
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


def values(values: Mapping[str, float], *, header: Sequence[str] = ("", "value")) -> Shown:
    """A two-column table of labelled numbers, e.g. one estimate for each step size."""
    rows = [[label, fmt(value)] for label, value in values.items()]
    return table(header, rows)


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
