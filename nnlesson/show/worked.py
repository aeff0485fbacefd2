"""The worked example's trace as lessons 02 to 11 show it: steps, phases, tables of values.

Nothing here computes a quantity of the example; it lays out what the engine
computed (`nnlesson.example.trace`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from ..errors import ParameterError
from ..example.formulas import latex_symbol, text_symbol
from ..example.params import CLASSIC, FIELDS, INPUTS, LAYER_BIASES, TARGETS, WEIGHTS, Params
from ..example.steps import PHASE_TITLES, Step, Trace, phase_title
from ..example.topology import EDGES
from ..formatting import DECIMALS, fmt
from ..language import _, join
from .diagram import draw, values_so_far
from .shown import MISSING, Shown, table

__all__ = ["NOTATION", "aside", "central_differences", "compare", "network_at", "notation_map",
           "parameter_table",
           "phases", "post_after_one_update", "post_after_training", "published", "refusals",
           "rounded_first", "solution", "step", "steps", "values"]


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
        latex, plain = _marked(step)
        md.append(f"$$\\small {latex}$$")
        if explain and step.explanation:
            md.append(f"{step.explanation}\n")
        text.append(plain)
    if phase is not None and names is None:
        title = phase_title(phase)
        md.insert(0, _("**{phase}** ({count} steps)", phase=title, count=len(steps)) + "\n")
        text.insert(0, _("{phase} ({count} steps)", phase=title, count=len(steps)))
    return Shown("\n".join(text), markdown="\n".join(md))


def phases(trace: Trace) -> Shown:
    """The phases of the worked example: title, number of steps, first and last step.

    Steps are numbered from 1, as the stepper and the exercises number them.
    """
    rows_md, rows_text = [], []
    for phase in PHASE_TITLES:
        title = phase_title(phase)
        steps = trace.in_phase(phase)
        if steps:
            first, last = steps[0], steps[-1]
            rows_md.append([title, str(len(steps)), f"{first.index + 1}: ${first.symbol}$",
                            f"{last.index + 1}: ${last.symbol}$"])
            rows_text.append([title, str(len(steps)), f"{first.index + 1}: {first.name}",
                              f"{last.index + 1}: {last.name}"])
    return table([_("phase"), _("steps"), _("first step"), _("last step")], rows_md,
                 text_rows=rows_text)


def step(trace: Trace, name: str, *, explain: bool = True) -> Shown:
    """One step of the trace, by name: show_step(t, "dE_dw5")."""
    return steps(trace, names=[name], explain=explain)


def network_at(trace: Trace, name: str | int) -> Shown:
    """The network drawing at one step: its nodes and edges lit, the values so far written on."""
    step = trace[name]
    return Shown(_("The network at step {number}: {text}", number=step.index + 1, text=step.text),
                 svg=draw(step, values_so_far(trace, step.index)))


def compare(traces: Mapping[str, Trace], names: Sequence[str]) -> Shown:
    """A table of quantities (rows) in several traces (columns), e.g. the two update orders.

    A quantity a trace does not have (a bias gradient in another mode) shows as a dash.
    """
    labels = list(traces)
    rows_md, rows_text = [], []
    for name in names:
        if not any(name in t for t in traces.values()):
            raise ParameterError("names", name, _("not a step of any of these traces"),
                                 _("step names such as 'net_h1', 'dE_dw5', 'w5_new'"))
        cells = [fmt(t[name].value) if name in t else MISSING for t in traces.values()]
        rows_md.append([f"${_latex_symbol(name)}$", *cells])
        rows_text.append([_text_symbol(name), *cells])
    return table([_("quantity"), *labels], rows_md, text_rows=rows_text)


# The output-first order computes some hidden-layer factors again with w5+ .. w8+ already
# updated (lesson 08, "The update"). A superscript + marks an updated parameter and nothing
# else (the notation sheet), so a recomputed factor wears a tilde instead.
def _latex_symbol(name: str) -> str:
    if name.endswith("_plus"):
        return rf"\widetilde{{{latex_symbol(name.removesuffix('_plus'))}}}"
    return latex_symbol(name)


def _text_symbol(name: str) -> str:
    if name.endswith("_plus"):
        return "~" + text_symbol(name.removesuffix("_plus"))
    return text_symbol(name)


def _marked(step: Step) -> tuple[str, str]:
    """The step's LaTeX and plain text, each recomputed factor marked with a tilde."""
    latex, text = step.latex, step.text
    recomputed = {n for n in (step.name, *step.uses) if n.endswith("_plus")}
    for name in sorted(recomputed, key=len, reverse=True):
        latex = latex.replace(latex_symbol(name), _latex_symbol(name))
        text = text.replace(text_symbol(name), _text_symbol(name))
    return latex, text


def published(names: Sequence[str]) -> Shown:
    """What the classic post printed for `names`, from example.reference (never retyped)."""
    from ..example.reference import PUBLISHED, decimals

    rows = []
    for name in names:
        if name not in PUBLISHED:
            raise ParameterError("names", name, _("not a value the post printed"),
                                 _("one of {choices}", choices=join(PUBLISHED)))
        rows.append([name.replace("_", " "), f"{PUBLISHED[name]:.{decimals(name)}f}"])
    return table([_("the post prints"), _("value")], rows)


def values(values: Mapping[str, float], *, header: Sequence[str] | None = None,
           decimals: int = DECIMALS) -> Shown:
    """A two-column table of labelled numbers, e.g. one estimate for each step size.

    `decimals` above the usual nine shows a digit that rounding would hide (lesson 06).
    """
    rows = [[label, fmt(value, decimals)] for label, value in values.items()]
    return table((_("quantity"), _("value")) if header is None else header, rows)


def aside(summary: str, *parts: Shown) -> Shown:
    """`parts` folded away under `summary`, for the curious (lessons 02, 06, 08 and 09).

    Jupyter shows one closed line that opens on a click, so the lesson's main line
    reads straight on; the plain text (what nbval compares) lists every part.
    """
    body = "\n\n".join(_markdown_of(part) for part in parts)
    markdown = f"<details><summary>{escape(summary)}</summary>\n\n{body}\n\n</details>"
    return Shown("\n\n".join([summary, *(part.text for part in parts)]), markdown=markdown)


def central_differences(sizes: Sequence[float], *, parameter: str = "w5",
                        params: Params = CLASSIC) -> Shown:
    """Backpropagation's gradient beside the central difference at each step size h, each
    difference computed exactly so that only the formula's own error shows (lesson 11)."""
    from ..example.engine import gradients
    from ..example.finite_differences import central_difference

    name = f"dE_d{parameter}"
    estimates = {_("h = {h}", h=fmt(h)): central_difference(params, parameter, h=h,
                                                            evaluate="exact") for h in sizes}
    return values({_("backpropagation"): getattr(gradients(params), name), **estimates},
                  header=(_("computed by"), f"dE_total/d{parameter}"))


def refusals(*attempts: Shown) -> Shown:
    """What the engine says to values it refuses (show.attempt), folded away (lesson 02)."""
    return aside(_("{count} numbers refused, and why", count=len(attempts)), *attempts)


def rounded_first(trace: Trace) -> Shown:
    """Why the post's ∂E_o2/∂out_h1 is one unit off in its last digit: it multiplied δ_o2
    after rounding it to nine decimals (lesson 06)."""
    from ..example.reference import PUBLISHED

    delta_o2_as_printed = round(trace.value("delta_o2"), DECIMALS)
    return aside(_("The post's value, the exact product, and the product with δ_o2 rounded "
                   "first"),
                 values({_("the post prints"): PUBLISHED["dE_o2_dout_h1"],
                         _("δ_o2 · w7, exact"): trace.value("dE_o2_dout_h1"),
                         _("δ_o2 rounded first, then · w7"):
                             delta_o2_as_printed * trace.params.w7},
                        decimals=DECIMALS + 1))


def post_after_one_update() -> Shown:
    """The post's error after one update, folded away (lesson 08)."""
    return aside(_("The error after one update, as the post prints it"),
                 published(["E_total_after_1_update"]))


def post_after_training(simultaneous, output_first) -> Shown:
    """The post's numbers after 10,000 updates beside both orders' runs (lesson 09)."""
    from .tables import history_table

    return aside(_("The post's numbers, and both orders after 9,999 and 10,000 updates"),
                 published(["E_total_after_10000_updates", "out_o1_after_10000_updates",
                            "out_o2_after_10000_updates"]),
                 history_table({"simultaneous": simultaneous, "output-first": output_first},
                               at=(9999, 10000)))


def solution(function) -> Shown:
    """The package's own solution of a write-it-yourself exercise, folded away until a stuck
    learner opens it (lessons 12, 16 and 17)."""
    import inspect

    source = inspect.getsource(function)
    summary = _("<b>Stuck?</b> Click to see the package's own solution.")
    return Shown(f"{summary}\n\n{source}",
                 markdown=f"<details><summary>{summary}</summary>\n\n```python\n{source}```"
                          "\n\n</details>")


def _markdown_of(part: Shown) -> str:
    if part.markdown is not None:
        return part.markdown
    if part.latex is not None:
        return part.latex
    return "```\n" + part.text + "\n```"


def _role(name: str) -> str:
    if name in INPUTS:
        return _("input")
    if name in WEIGHTS:
        src, dst = EDGES[name]
        return _("weight {source} → {target}", source=src, target=dst)
    if name in LAYER_BIASES:
        return _("bias shared by h1 and h2") if name == "b1" else _("bias shared by o1 and o2")
    if name in TARGETS:
        return _("target of {neuron}", neuron=name[-2:])
    return _("learning rate")


def parameter_table(params: Params = CLASSIC) -> Shown:
    """Every number of the example: its name, symbol, role in the network and value."""
    rows_md, rows_text = [], []
    for name in FIELDS:
        value = fmt(getattr(params, name))
        rows_md.append([f"`{name}`", f"${latex_symbol(name)}$", _role(name), value])
        rows_text.append([name, _role(name), value])
    return table([_("name"), _("symbol"), _("role"), _("value")], rows_md,
                 text_header=[_("name"), _("role"), _("value")], text_rows=rows_text)


#: The post's names beside the course's matrix notation (layer l = 0 inputs, 1 hidden, 2 output),
#: the one every lesson uses; notebooks/notation.ipynb shows it. W^{[l]}_{jk} is the weight
#: into neuron j of layer l from neuron k of the layer before, so net_h1 = w1*i1 + w2*i2 + b1
#: puts w1, w2 in row 1 of W^{[1]}. With m examples, X = A^{[0]} has one column per example.
#: dZ^{[l]} holds the post's deltas (one column per example), dW^{[l]} = (1/m) dZ^{[l]}
#: A^{[l-1] T} and db^{[l]} are the gradients of J, the error averaged over the examples
#: (E_total when m = 1). tests/test_display.py checks this map against the engine by doing
#: the matrix products (nnlesson.mlp.matrix_form).
NOTATION: tuple[tuple[str, str, str], ...] = (
    ("i1", r"X_{1} = A^{[0]}_{1}", "input"),
    ("i2", r"X_{2} = A^{[0]}_{2}", "input"),
    ("w1", r"W^{[1]}_{11}", "weight i1 → h1"),
    ("w2", r"W^{[1]}_{12}", "weight i2 → h1"),
    ("w3", r"W^{[1]}_{21}", "weight i1 → h2"),
    ("w4", r"W^{[1]}_{22}", "weight i2 → h2"),
    ("b1", r"b^{[1]}_{1} = b^{[1]}_{2}", "one bias shared by the hidden layer"),
    ("net_h1", r"Z^{[1]}_{1}", "net input of h1: weighted sum plus bias"),
    ("out_h1", r"A^{[1]}_{1} = \sigma(Z^{[1]}_{1})", "output (activation) of h1"),
    ("net_h2", r"Z^{[1]}_{2}", "net input of h2"),
    ("out_h2", r"A^{[1]}_{2}", "output of h2"),
    ("w5", r"W^{[2]}_{11}", "weight h1 → o1"),
    ("w6", r"W^{[2]}_{12}", "weight h2 → o1"),
    ("w7", r"W^{[2]}_{21}", "weight h1 → o2"),
    ("w8", r"W^{[2]}_{22}", "weight h2 → o2"),
    ("b2", r"b^{[2]}_{1} = b^{[2]}_{2}", "one bias shared by the output layer"),
    ("net_o1", r"Z^{[2]}_{1}", "net input of o1"),
    ("out_o1", r"A^{[2]}_{1}", "output of o1: the network's answer"),
    ("net_o2", r"Z^{[2]}_{2}", "net input of o2"),
    ("out_o2", r"A^{[2]}_{2}", "output of o2: the network's answer"),
    ("target_o1", r"Y_{1}", "what o1 should output"),
    ("target_o2", r"Y_{2}", "what o2 should output"),
    ("E_total", r"J", "the error (J: averaged over the m examples; here m = 1)"),
    ("delta_o1", r"dZ^{[2]}_{1} = \delta_{o1}", "error signal at o1: ∂E_total/∂net_o1"),
    ("delta_o2", r"dZ^{[2]}_{2} = \delta_{o2}", "error signal at o2"),
    ("dE_total_dout_h1", r"dA^{[1]}_{1}", "how the error responds to out_h1: both paths added"),
    ("dE_total_dout_h2", r"dA^{[1]}_{2}", "how the error responds to out_h2"),
    ("delta_h1", r"dZ^{[1]}_{1} = \delta_{h1}", "error signal at h1: ∂E_total/∂net_h1"),
    ("delta_h2", r"dZ^{[1]}_{2} = \delta_{h2}", "error signal at h2"),
    ("dE_dw5", r"dW^{[2]}_{11} = dZ^{[2]}_{1} A^{[1]}_{1}",
     "gradient of w5: the delta it feeds times the value it carries"),
    ("dE_dw1", r"dW^{[1]}_{11} = dZ^{[1]}_{1} A^{[0]}_{1}", "gradient of w1"),
    ("dE_db2", r"db^{[2]}_{1} + db^{[2]}_{2} = dZ^{[2]}_{1} + dZ^{[2]}_{2}",
     "gradient of the shared bias b2: both deltas added up"),
    ("dE_db1", r"db^{[1]}_{1} + db^{[1]}_{2} = dZ^{[1]}_{1} + dZ^{[1]}_{2}",
     "gradient of the shared bias b1"),
    ("learning_rate", r"\eta", "learning rate"),
    ("w5_new", r"W^{[2]}_{11} - \eta\, dW^{[2]}_{11}", "w5 after one update (+: updated)"),
)


def _meanings() -> dict[str, str]:
    """What each name of NOTATION means, in the current language (its third column)."""
    return {
        "i1": _("input"),
        "i2": _("input"),
        "w1": _("weight i1 → h1"),
        "w2": _("weight i2 → h1"),
        "w3": _("weight i1 → h2"),
        "w4": _("weight i2 → h2"),
        "b1": _("one bias shared by the hidden layer"),
        "net_h1": _("net input of h1: weighted sum plus bias"),
        "out_h1": _("output (activation) of h1"),
        "net_h2": _("net input of h2"),
        "out_h2": _("output of h2"),
        "w5": _("weight h1 → o1"),
        "w6": _("weight h2 → o1"),
        "w7": _("weight h1 → o2"),
        "w8": _("weight h2 → o2"),
        "b2": _("one bias shared by the output layer"),
        "net_o1": _("net input of o1"),
        "out_o1": _("output of o1: the network's answer"),
        "net_o2": _("net input of o2"),
        "out_o2": _("output of o2: the network's answer"),
        "target_o1": _("what o1 should output"),
        "target_o2": _("what o2 should output"),
        "E_total": _("the error (J: averaged over the m examples; here m = 1)"),
        "delta_o1": _("error signal at o1: ∂E_total/∂net_o1"),
        "delta_o2": _("error signal at o2"),
        "dE_total_dout_h1": _("how the error responds to out_h1: both paths added"),
        "dE_total_dout_h2": _("how the error responds to out_h2"),
        "delta_h1": _("error signal at h1: ∂E_total/∂net_h1"),
        "delta_h2": _("error signal at h2"),
        "dE_dw5": _("gradient of w5: the delta it feeds times the value it carries"),
        "dE_dw1": _("gradient of w1"),
        "dE_db2": _("gradient of the shared bias b2: both deltas added up"),
        "dE_db1": _("gradient of the shared bias b1"),
        "learning_rate": _("learning rate"),
        "w5_new": _("w5 after one update (+: updated)"),
    }


def notation_map(trace: Trace, *, until: str | None = None) -> Shown:
    """The post's names beside the matrix notation, with each value from `trace`.

    Taught in lesson 02, "The network and its notation", up to the name `until`
    (its gradients wait for lessons 05 and 06); the whole map is the notation sheet.
    """
    names = [name for name, _matrix, _meaning in NOTATION]
    if until is not None and until not in names:
        raise ParameterError("until", until, _("not a name of the notation map"),
                             _("one of {choices}", choices=join(names)))
    rows = NOTATION if until is None else NOTATION[:names.index(until) + 1]
    rows_md, rows_text = [], []
    meanings = _meanings()
    for name, matrix, _meaning in rows:
        value = fmt(trace.value(name)) if name in trace else (
            fmt(getattr(trace.params, name)) if name in FIELDS else MISSING)
        rows_md.append([f"${latex_symbol(name)}$", f"${matrix}$", meanings[name], value])
        rows_text.append([text_symbol(name), meanings[name], value])
    return table([_("the post"), _("matrix notation"), _("meaning"), _("value")], rows_md,
                 text_header=[_("the post"), _("meaning"), _("value")], text_rows=rows_text)
