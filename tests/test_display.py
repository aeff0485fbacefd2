"""The lessons' display helpers show the engine's numbers, and only those."""

import re

import pytest
import sympy as sp

from nnlesson import CLASSIC, fmt, trace, train
from nnlesson.errors import ParameterError
from nnlesson.example.symbolic import Proof, prove
from nnlesson.mlp.matrix_form import ENTRIES, WEIGHT_ENTRIES
from nnlesson.show.figures import history_figure, history_panels
from nnlesson.show.latex import equations, proof
from nnlesson.show.progress import plot_history
from nnlesson.show.shown import MISSING, Shown, attempt, table
from nnlesson.show.tables import gradcheck_table, history_table
from nnlesson.show.worked import (
    NOTATION,
    aside,
    compare,
    network_at,
    notation_map,
    parameter_table,
    phases,
    step,
    steps,
    values,
)


@pytest.fixture(scope="module")
def classic():
    return trace()


@pytest.fixture(scope="module")
def short_run():
    return train(steps=20)


def test_shown_gives_jupyter_its_forms():
    shown = Shown("plain", markdown="**md**")
    assert repr(shown) == "plain"
    assert shown._repr_markdown_() == "**md**"
    assert shown._repr_latex_() is None


def test_table_gives_markdown_and_aligned_text():
    shown = table(["name", "value"], [["$w_{5}$", "0.4"], ["$\\eta$", "0.5"]],
                  text_rows=[["w5", "0.4"], ["learning_rate", "0.5"]])
    assert shown.markdown.splitlines() == ["| name | value |", "|---|---|",
                                           "| $w_{5}$ | 0.4 |", "| $\\eta$ | 0.5 |"]
    assert repr(shown).splitlines() == ["name           value", "w5             0.4",
                                        "learning_rate  0.5"]


def test_show_steps_lists_one_phase_in_trace_order(classic):
    shown = steps(classic, "forward")
    forward = classic.in_phase("forward")
    lines = repr(shown).splitlines()
    assert lines[1:] == [s.text for s in forward]
    assert shown.markdown.count("$$") == 2 * len(forward)
    for s_ in forward:
        assert s_.latex in shown.markdown
        assert s_.explanation in shown.markdown


def test_show_phases_counts_the_steps_of_each_phase(classic):
    rows = [line.split() for line in repr(phases(classic)).splitlines()[1:]]
    assert sum(int(r[-5]) for r in rows) == len(classic)
    forward = classic.in_phase("forward")
    assert rows[0][-5:] == [str(len(forward)), "1:", "net_h1", f"{forward[-1].index + 1}:",
                            forward[-1].name]
    assert rows[-1][-1] == "E_total_new"


def test_show_steps_without_explanations(classic):
    shown = step(classic, "dE_dw5", explain=False)
    assert repr(shown) == classic["dE_dw5"].text
    assert classic["dE_dw5"].explanation not in shown.markdown


def test_show_steps_refuses_an_unknown_phase(classic):
    with pytest.raises(ParameterError, match="phase"):
        steps(classic, "backward")


def test_show_diagram_draws_the_step_with_the_values_so_far(classic):
    from nnlesson.show.diagram import draw, values_so_far

    shown = network_at(classic, "E_total")
    step = classic["E_total"]
    assert shown.svg == draw(step, values_so_far(classic, step.index))
    # Shown as an <img> whose alt text is the step in words (screen readers, axe image-alt).
    assert f'alt="The network at step {step.index + 1}:' in shown._repr_html_()
    assert 'data-name="E_total"' in shown.svg
    assert repr(shown) == f"The network at step {step.index + 1}: {step.text}"


def test_compare_puts_each_trace_in_a_column_and_dashes_what_it_lacks(classic):
    first = trace(order="output-first")
    shown = compare({"simultaneous": classic, "output-first": first},
                    ["E_total_new", "dE_dw1_plus"])
    rows = repr(shown).splitlines()
    assert rows[0].split() == ["quantity", "simultaneous", "output-first"]
    assert rows[1].split() == ["E_total+", fmt(classic.value("E_total_new")),
                               fmt(first.value("E_total_new"))]
    assert rows[2].split() == ["~dE_total/dw1", MISSING, fmt(first.value("dE_dw1_plus"))]
    assert "| $E_{total}^{+}$ |" in shown.markdown
    with pytest.raises(ParameterError, match="dE_dw9"):
        compare({"simultaneous": classic}, ["dE_dw9"])


def test_show_values_formats_each_number():
    shown = values({"a": 0.1234567891234, "b": -2e-9}, header=("label", "number"))
    assert [line.split() for line in repr(shown).splitlines()] == [
        ["label", "number"], ["a", fmt(0.1234567891234)], ["b", fmt(-2e-9)]]
    assert "| a | 0.123456789 |" in shown.markdown


def test_parameter_table_shows_every_number_of_the_params():
    params = CLASSIC.replace(w5=0.123)
    shown = parameter_table(params)
    rows = {line.split()[0]: line.split()[-1] for line in repr(shown).splitlines()[1:]}
    assert rows == {name: fmt(value) for name, value in params.to_dict().items()}
    assert "weight h1 → o1" in repr(shown)


def test_notation_map_values_come_from_the_trace(classic):
    shown = notation_map(classic)
    rows = {line.split()[0]: line.split()[-1] for line in repr(shown).splitlines()[1:]}
    assert rows["out_h1"] == fmt(classic.value("out_h1"))
    assert rows["w5"] == fmt(CLASSIC.w5)
    assert rows["dE_total/dw1"] == fmt(classic.value("dE_dw1"))


#: The matrix entries NOTATION writes, read back: (kind in matrix_form, layer, row, column).
_LAYER = r"\^\{\[(\d)\]\}"
_PATTERNS = ((rf"dW{_LAYER}_\{{(\d)(\d)\}}", "dW"),
             (rf"W{_LAYER}_\{{(\d)(\d)\}}", "W"),
             (rf"dZ{_LAYER}_\{{(\d)\}}", "dZ"),
             (rf"dA{_LAYER}_\{{(\d)\}}", "dA"),
             (rf"db{_LAYER}_\{{(\d)\}}", "db"),
             (rf"Z{_LAYER}_\{{(\d)\}}", "Z"),
             (rf"A{_LAYER}_\{{(\d)\}}", "A"))


def _entry(matrix: str) -> tuple:
    # The first entry written is the one the row names: A = sigma(Z) names A, and dZ (not
    # the Z inside it) names itself.
    found = [(m.start(), kind, m) for pattern, kind in _PATTERNS
             if (m := re.search(pattern, matrix))]
    if not found:
        return ()
    _, kind, m = min(found, key=lambda f: (f[0], -len(f[2][0])))
    layer, row, *column = (int(g) for g in m.groups())
    return kind, layer, row - 1, column[0] - 1 if column else 0


def test_notation_map_agrees_with_the_matrix_form():
    # nnlesson.mlp.matrix_form computes the 2-2-2 as matrices (its tests check it against the
    # engine); the lesson's map must name the same entries.
    checked = 0
    for name, matrix, _ in NOTATION:
        entry = _entry(matrix)
        if name in WEIGHT_ENTRIES:
            assert entry == ("W", *WEIGHT_ENTRIES[name]), name
        elif name in ENTRIES:
            assert entry == ENTRIES[name], name
        else:
            continue
        checked += 1
    # 8 weights, 2 inputs, 4 net inputs, 4 outputs, 4 deltas, 2 paths added, 2 gradients
    assert checked == 26


def test_notation_map_uses_one_notation():
    # One notation in every lesson (issue 12): layers in square brackets, capital Z and A, dZ
    # for the deltas; a superscript + only for an updated parameter.
    matrices = " ".join(matrix for _, matrix, _ in NOTATION)
    assert "^{(" not in matrices and "z^" not in matrices and "a^" not in matrices
    assert "^{+}" not in matrices
    shared = {name: matrix for name, matrix, _ in NOTATION if name in ("dE_db1", "dE_db2")}
    for name, matrix in shared.items():
        layer = name[-1]
        assert matrix.endswith(f"dZ^{{[{layer}]}}_{{1}} + dZ^{{[{layer}]}}_{{2}}"), name


def test_notation_map_shows_every_row_with_a_value_from_the_trace(classic):
    rows = repr(notation_map(classic)).splitlines()[1:]
    assert len(rows) == len(NOTATION)
    assert all(row.split()[-1] != MISSING for row in rows)
    assert rows[-1].split()[0] == "w5+" and rows[-1].split()[-1] == fmt(classic.value("w5_new"))


def test_output_first_marks_a_recomputed_factor_with_a_tilde_not_a_plus():
    first = trace(order="output-first")
    shown = steps(first, names=["dE_o1_dout_h1_plus", "dE_total_dout_h1_plus", "w1_new"])
    lines = repr(shown).splitlines()
    assert lines[0].startswith("~dE_o1/dout_h1 = delta_o1*w5+ = ")
    assert lines[1].startswith("~dE_total/dout_h1 = ~dE_o1/dout_h1 + ~dE_o2/dout_h1 = ")
    assert lines[2].startswith("w1+ = w1 - eta*~dE_total/dw1 = ")
    assert r"\widetilde{\frac{\partial E_{o1}}{\partial out_{h1}}} = " in shown.markdown
    assert "}}^{+}" not in shown.markdown  # the + stays on w5+ and w1+ only
    assert r"w_{5}^{+}" in shown.markdown and r"w_{1}^{+}" in shown.markdown


def test_aside_folds_its_parts_away_and_keeps_their_text():
    refused = attempt(CLASSIC.replace, w5="abc")
    table_ = values({"a": 0.5})
    shown = aside("For the curious", refused, table_)
    assert shown.markdown.startswith("<details><summary>For the curious</summary>")
    assert shown.markdown.rstrip().endswith("</details>")
    assert refused.markdown in shown.markdown and table_.markdown in shown.markdown
    assert repr(shown).splitlines()[0] == "For the curious"
    assert refused.text in repr(shown) and table_.text in repr(shown)


def test_values_can_show_more_decimals():
    assert "| a | 0.0190491185 |" in values({"a": 0.0190491185}, decimals=10).markdown
    assert "| a | 0.019049119 |" in values({"a": 0.0190491185}).markdown


def test_show_equations_prints_sympy_in_both_forms():
    o, t = sp.symbols("o t")
    shown = equations([("E", (t - o) ** 2 / 2), ("x", r"\alpha")])
    assert repr(shown).splitlines() == ["E = (-o + t)**2/2", r"x = \alpha"]
    assert r"E &= \frac{\left(- o + t\right)^{2}}{2}" in shown.latex
    assert shown.latex.startswith(r"$$\begin{aligned}")


def test_show_proof_abbreviates_neuron_outputs():
    shown = proof(prove("w5"))
    assert r"\sigma" not in shown.latex
    assert "out_{o1}" in shown.latex and "out_{h1}" in shown.latex
    assert repr(shown).endswith("the two are equal")
    full = proof(prove("w5"), abbreviate=False)
    assert r"\sigma" in full.latex


def test_show_proof_says_when_the_two_differ():
    w = sp.Symbol("w_5")
    shown = proof(Proof(parameter="w5", derivative=w, chain=2 * w, equal=False))
    assert "NOT equal" in repr(shown) and "NOT equal" in shown.latex


def test_history_table_reads_the_history_at_each_update(short_run):
    shown = history_table({"classic": short_run}, at=(0, 20))
    rows = [line.split() for line in repr(shown).splitlines()]
    assert rows[0] == ["run", "updates", "E_total", "out_o1", "out_o2"]
    assert rows[2] == ["classic", "20", fmt(short_run.E_total[20]), fmt(short_run.out_o1[20]),
                       fmt(short_run.out_o2[20])]
    with pytest.raises(ParameterError, match="at = 21"):
        history_table({"classic": short_run}, at=(21,))


def test_plot_history_draws_each_run_and_the_target(short_run):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    lines = plot_history(ax, {"a": short_run, "b": short_run}, "out_o1")
    assert len(lines) == 4  # a curve and its target for each run
    assert list(lines[0].get_ydata()) == list(short_run.out_o1)
    assert list(lines[1].get_ydata()) == [CLASSIC.target_o1] * 2
    assert ax.get_yscale() == "log"


def test_training_figure_has_one_panel_per_curve(short_run):
    fig = history_panels({"classic": short_run})
    assert [ax.get_ylabel() for ax in fig.axes] == ["E_total", "out_o1", "out_o2"]
    assert [ax.get_yscale() for ax in fig.axes] == ["log", "linear", "linear"]


def test_show_training_is_a_png_described_in_words(short_run):
    shown = history_figure({"classic": short_run}, names=("E_total",))
    assert shown.png.startswith(b"\x89PNG")
    html = shown._repr_html_()
    assert 'alt="E_total after each update: classic (20 updates)"' in html
    assert "data:image/png;base64,iVBORw0KGgo" in html
    assert repr(shown) == "E_total after each update: classic (20 updates)"


def test_gradcheck_table_flags_a_disagreement():
    shown = gradcheck_table({"w5": (0.1, 0.1, 1e-12), "w6": (0.1, 0.2, 0.5)})
    rows = [line.split() for line in repr(shown).splitlines()[1:]]
    assert rows[0][-1] == "yes" and rows[1][-1] == "NO"
    assert rows[1][1:3] == ["0.1", "0.2"]


def test_attempt_returns_the_result_or_the_engines_message():
    assert attempt(CLASSIC.replace, w5=0.3).w5 == 0.3
    refused = attempt(CLASSIC.replace, w5="abc")
    assert isinstance(refused, Shown)
    assert repr(refused) == "ParameterError: w5 = 'abc': not a number. " \
        "Allowed: a number from -1000 to 1000."
    with pytest.raises(ZeroDivisionError):
        attempt(lambda: 1 / 0)  # only the engine's own refusals are caught


def test_published_shows_the_posts_figures_from_the_reference():
    from nnlesson.example.reference import PUBLISHED
    from nnlesson.show.worked import published

    shown = published(["E_total_after_1_update", "out_o1"])
    assert f"{PUBLISHED['E_total_after_1_update']:.9f}" in shown.text
    assert "0.75136507" in shown.markdown
    with pytest.raises(ParameterError, match="not a value the post printed"):
        published(["E_total_after_2_updates"])


def test_notation_map_can_stop_at_a_name(classic):
    rows = repr(notation_map(classic, until="E_total")).splitlines()[1:]
    assert rows[-1].split()[0] == "E_total" and not any(r.startswith("delta") for r in rows)
    with pytest.raises(ParameterError, match="until"):
        notation_map(classic, until="w9")
