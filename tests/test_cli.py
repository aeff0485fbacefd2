"""The command line: answer sheets for a teacher's own numbers, and clear errors."""

import json
import subprocess
import sys

import pytest

from nnlesson import CLASSIC, trace, train
from nnlesson.cli import main

from combos import ALL_OPTIONS, label


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_options_is_the_classic_example(capsys):
    code, out, _ = run(capsys, "trace", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"forward", "gradients", "updated"}
    assert data == trace().to_dict()
    assert list(data["forward"]) == ["net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1",
                                     "net_o2", "out_o2", "E_o1", "E_o2", "E_total"]
    keys = [f"w{k}" for k in range(1, 9)] + ["b1", "b2"]
    assert list(data["gradients"]) == keys and list(data["updated"]) == keys


def test_per_neuron_mode_keys_the_neuron_biases(capsys):
    _, out, _ = run(capsys, "trace", "--format", "json", "--bias", "per-neuron")
    data = json.loads(out)
    assert list(data["gradients"])[-4:] == ["b_h1", "b_h2", "b_o1", "b_o2"]
    assert "b1" not in data["updated"]


@pytest.mark.parametrize("options", ALL_OPTIONS[::7], ids=label)
def test_both_engines_print_the_same_object(capsys, options, tmp_path):
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"w5": 0.7, "i1": -0.3, "target_o2": 0.8}))
    flags = ["--params", str(params), "--hidden-activation", options.hidden_activation,
             "--output-activation", options.output_activation, "--loss", options.loss,
             "--bias", options.bias, "--order", options.order, "--format", "json"]
    _, numeric, _ = run(capsys, "trace", *flags)
    _, exact, _ = run(capsys, "trace", *flags, "--engine", "symbolic")
    a, b = json.loads(numeric), json.loads(exact)
    assert a.keys() == b.keys()
    for member in a:
        assert a[member].keys() == b[member].keys()
        for key in a[member]:
            assert a[member][key] == pytest.approx(b[member][key], rel=1e-12, abs=1e-15), key


def test_params_file_keeps_classic_values_for_missing_keys(capsys, tmp_path):
    params = tmp_path / "p.json"
    params.write_text('{"w5": 0.1}')
    _, out, _ = run(capsys, "trace", "--params", str(params), "--format", "json")
    expected = trace(CLASSIC.replace(w5=0.1)).to_dict()
    assert json.loads(out) == expected


def test_train_json(capsys):
    _, out, _ = run(capsys, "train", "--steps", "100", "--format", "json")
    data = json.loads(out)
    history = train(steps=100)
    assert data["steps"] == 100 and len(data["history"]) == 101
    assert data["E_total"] == history.E_total[-1] == data["history"][-1]
    assert (data["out_o1"], data["out_o2"]) == (history.out_o1[-1], history.out_o2[-1])


def test_train_symbolic_engine_agrees(capsys):
    _, a, _ = run(capsys, "train", "--steps", "50", "--format", "json")
    _, b, _ = run(capsys, "train", "--steps", "50", "--format", "json", "--engine", "symbolic")
    assert json.loads(a)["history"] == pytest.approx(json.loads(b)["history"], rel=1e-12)


def test_text_trace_shows_every_step(capsys):
    _, out, _ = run(capsys, "trace")
    t = trace()
    for step in t:
        assert step.text in out
    assert "Hidden-layer gradients" in out


def test_train_text_shows_the_final_error(capsys):
    _, out, _ = run(capsys, "train", "--steps", "10000")
    assert "0.0000351019" in out and "targets: out_o1 -> 0.01" in out


def test_markdown_is_a_worked_solution(capsys):
    _, out, _ = run(capsys, "trace", "--format", "markdown")
    t = trace()
    assert out.startswith("# The 2-2-2 backpropagation example")
    assert out.count("$$") == 2 * len(t)
    assert t["dE_dw5"].latex in out and t["dE_dw5"].explanation in out


def test_latex_is_a_complete_document(capsys):
    _, out, _ = run(capsys, "trace", "--format", "latex", "--order", "output-first")
    assert out.startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")
    assert out.count(r"\begin{align*}") == len(trace(order="output-first"))
    assert out.count("{") == out.count("}")


@pytest.mark.parametrize(("content", "needle"), [
    ('{"w5": "abc"}', "w5 = 'abc': not a number. Allowed: a number from -1000 to 1000."),
    ('{"w9": 1}', "w9 = 1: unknown parameter"),
    ('{"w5": 1', "not valid JSON (line 1, column 9"),
    ("[1, 2]", "parameters = 'list': not a JSON object"),
    ('{"learning_rate": -1}', "learning_rate = -1: out of range"),
])
def test_bad_files_give_one_clear_line(capsys, tmp_path, content, needle):
    path = tmp_path / "p.json"
    path.write_text(content)
    code, out, err = run(capsys, "trace", "--params", str(path))
    assert code == 2 and out == "" and needle in err and err.count("\n") == 1


def test_missing_file_and_bad_combination(capsys):
    code, _, err = run(capsys, "trace", "--params", "/no/such/file.json")
    assert code == 2 and "cannot read the file" in err
    code, _, err = run(capsys, "trace", "--loss", "cross-entropy", "--output-activation", "relu")
    assert code == 2 and "binary cross-entropy needs outputs between 0 and 1" in err


def test_divergence_is_reported_not_printed_as_nan(capsys, tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"learning_rate": 2}')
    code, out, err = run(capsys, "train", "--steps", "1000", "--params", str(path),
                         "--output-activation", "identity", "--loss", "squared", "--bias", "shared")
    assert code == 2 and out == "" and "diverged" in err


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "nnlesson", "trace", "--format", "json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["forward"]["E_total"] == trace().value("E_total")


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "{trace,train,sheet,grade,html}" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["sheet", "--help"])
    out = capsys.readouterr().out
    assert "--students ROSTER.csv" in out and "--format md,html,pdf" in out and "--seed N" in out


def test_sheet_and_grade_from_the_module_entry_point(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns01,Ada Lovelace\ns02,Alan Turing\n")
    out = tmp_path / "sheets"
    made = subprocess.run([sys.executable, "-m", "nnlesson", "sheet", "--students", str(roster),
                           "--out", str(out), "--seed", "7", "--format", "md"],
                          capture_output=True, text=True, check=True)
    assert "Wrote 2 sheets (md)" in made.stdout and "seed 7" in made.stdout
    key = json.loads((out / "answer-key.json").read_text())
    answers = tmp_path / "answers.csv"
    answers.write_text("id,question,answer\n" + "".join(
        f"{sid},{q},{v}\n" for sid, e in key["students"].items() for q, v in e["answers"].items()))
    graded = subprocess.run([sys.executable, "-m", "nnlesson", "grade", "--key",
                             str(out / "answer-key.json"), "--answers", str(answers),
                             "--format", "json"], capture_output=True, text=True, check=True)
    result = json.loads(graded.stdout)["students"]
    assert {sid: (g["score"], g["total"]) for sid, g in result.items()} == {
        "s01": (7, 7), "s02": (7, 7)}
    missing = subprocess.run([sys.executable, "-m", "nnlesson", "grade", "--key",
                              str(out / "answer-key.json"), "--answers", str(tmp_path / "no.csv")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_every_command_offers_the_languages(capsys):
    for argv in ([], ["trace"], ["train"], ["sheet"], ["grade"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        out = capsys.readouterr().out
        assert "--lang {en,zh}" in out and "NNLESSON_LANG" in out, argv
        assert out.startswith("usage: python -m nnlesson")


def test_lang_en_is_the_english_sheet_and_a_bad_language_one_clear_line(capsys, monkeypatch):
    monkeypatch.delenv("NNLESSON_LANG", raising=False)
    _, plain, _ = run(capsys, "trace")
    _, english, _ = run(capsys, "trace", "--lang", "en")
    assert english == plain and plain.startswith("The 2-2-2 backpropagation example")
    code, out, err = run(capsys, "trace", "--lang=fr")
    assert (code, out) == (2, "") and err == (
        "nnlesson: error: --lang = 'fr': not a known language. Allowed: one of en, zh.\n")
