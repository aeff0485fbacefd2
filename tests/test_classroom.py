"""A class's sheets, answer key and grading (nnlesson.classroom, `python -m nnlesson sheet|grade`).

The key's answers are checked against `python -m nnlesson trace --params` run on each
student's numbers; the mistaken answers are made with the exercises' own engine runs and
must come back with that mistake's name.
"""

from __future__ import annotations

import csv
import json

import pytest
import sympy

from nnlesson import classroom, fmt, trace
from nnlesson.cli import main
from nnlesson.example import numbers
from nnlesson.example.exercises import MISTAKES, ROUNDING_BAND, mistaken_values, reference_point
from nnlesson.example.params import FIELDS, Params

CLASS_SIZE = 30
SEED = 4821


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Émilie du Châtelet", "李白"]
    rows = [(f"s{k:02d}", names[k % len(names)]) for k in range(1, CLASS_SIZE + 1)]
    return write_csv(folder / "roster.csv", ("id", "name"), rows)


@pytest.fixture(scope="module")
def sheets(roster, tmp_path_factory):
    out = tmp_path_factory.mktemp("sheets")
    code = main(["sheet", "--students", str(roster), "--out", str(out), "--seed", str(SEED),
                 "--format", "md,html"])
    assert code == 0
    return out


def key_of(folder):
    return json.loads((folder / classroom.KEY_NAME).read_text(encoding="utf-8"))


def answers_file(path, rows):
    return write_csv(path, ("id", "question", "answer"), rows)


def grade_json(capsys, key, answers):
    capsys.readouterr()
    code = main(["grade", "--key", str(key), "--answers", str(answers), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)["students"]


# --- the sheets and the key -------------------------------------------------------------------

def test_a_sheet_and_a_key_for_each_student(sheets):
    key = key_of(sheets)
    assert key["seed"] == SEED and len(key["students"]) == CLASS_SIZE
    for sid, entry in key["students"].items():
        assert (sheets / f"{sid}.md").is_file() and (sheets / f"{sid}.html").is_file()
        assert list(entry) == ["name", "params", "answers"]
        assert list(entry["params"]) == list(FIELDS)
        assert Params.from_mapping(entry["params"]) == numbers.drawn(SEED, sid)
        assert list(entry["answers"]) == list(classroom.SHEET_QUESTIONS)
    required = {"forward.out_h1", "forward.out_o1", "forward.E_total", "gradients.w5",
                "gradients.w1", "updated.w5", "updated.w1"}
    assert required <= set(classroom.SHEET_QUESTIONS)
    assert key["students"]["s03"]["name"] == "Émilie du Châtelet"


def test_the_key_equals_trace_params_for_every_student(sheets, tmp_path, capsys):
    key = key_of(sheets)
    for sid, entry in key["students"].items():
        params = tmp_path / f"{sid}.json"
        params.write_text(json.dumps(entry["params"]))
        capsys.readouterr()
        assert main(["trace", "--params", str(params), "--format", "json"]) == 0
        sheet = json.loads(capsys.readouterr().out)
        for question, value in entry["answers"].items():
            part, name = question.split(".")
            assert sheet[part][name] == value, (sid, question)


def test_the_same_seed_and_roster_give_byte_identical_files(roster, sheets, tmp_path):
    again = tmp_path / "again"
    assert main(["sheet", "--students", str(roster), "--out", str(again), "--seed", str(SEED),
                 "--format", "md,html"]) == 0
    names = sorted(p.name for p in sheets.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (sheets / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other"
    assert main(["sheet", "--students", str(roster), "--out", str(other), "--seed", "4822",
                 "--format", "md"]) == 0
    assert (other / "s01.md").read_bytes() != (sheets / "s01.md").read_bytes()


def test_a_sheet_gives_the_numbers_and_names_the_questions_but_no_answer(sheets):
    key = key_of(sheets)
    for sid in ("s01", "s17"):
        entry = key["students"][sid]
        t = trace(Params.from_mapping(entry["params"]))
        given = {fmt(v) for v in entry["params"].values()}
        computed = {fmt(s.value) for s in t} - given
        for suffix in ("md", "html"):
            text = (sheets / f"{sid}.{suffix}").read_text(encoding="utf-8")
            assert entry["name"] in text and f"seed {SEED}" in text
            assert all(f"| {name} | {fmt(v)} |" in text or f"<td>{fmt(v)}</td>" in text
                       for name, v in entry["params"].items())
            assert all(q in text for q in classroom.SHEET_QUESTIONS)
            assert not [v for v in computed if v in text], (sid, suffix)
        html = (sheets / f"{sid}.html").read_text(encoding="utf-8")
        assert "<svg" in html and "<script" not in html and "http" not in html.replace(
            "http://www.w3.org/2000/svg", "")


def test_pdf_sheets_are_printed_by_chromium_and_repeat_byte_for_byte(tmp_path):
    chromium = classroom.find_chromium()
    if chromium is None:
        pytest.skip("no Chromium ($CHROMIUM, /usr/bin/chromium, PATH)")
    students = [classroom.Student(id="p1", name="Ada"), classroom.Student(id="p2", name="Alan")]
    runs = []
    for run in ("a", "b"):
        out = tmp_path / run
        classroom.write_sheets(students, out, seed=3, formats=("pdf",), chromium=chromium)
        runs.append(out)
        assert sorted(p.name for p in out.iterdir()) == ["answer-key.json", "p1.pdf", "p2.pdf"]
        assert (out / "p1.pdf").read_bytes().startswith(b"%PDF")
    for name in ("p1.pdf", "p2.pdf", "answer-key.json"):
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name


def test_without_chromium_pdf_is_skipped_in_one_line(roster, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(classroom, "find_chromium", lambda *args, **kwargs: None)
    monkeypatch.delenv("CHROMIUM", raising=False)
    code = main(["sheet", "--students", str(roster), "--out", str(tmp_path), "--format",
                 "md,pdf"])
    out, err = capsys.readouterr()
    assert code == 0 and err.count("\n") == 1 and "no Chromium" in err and "PDF" in err
    assert not list(tmp_path.glob("*.pdf")) and (tmp_path / "s01.md").is_file()
    assert f"numbers from seed {classroom.DEFAULT_SEED}" in out


def test_a_wrong_chromium_path_is_named(roster, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    code = main(["sheet", "--students", str(roster), "--out", str(tmp_path / "out"),
                 "--format", "html,pdf"])
    err = capsys.readouterr().err
    assert code == 0 and err.count("\n") == 1 and "no-such-browser" in err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_chromium_is_looked_for_where_the_issue_says(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert classroom.find_chromium({"CHROMIUM": str(fake)}, which=lambda n: None) == fake
    assert classroom.find_chromium({"CHROMIUM": str(tmp_path / "none")},
                                   which=lambda n: str(fake)) is None
    found = classroom.find_chromium({}, which=lambda n: str(fake) if n == "chromium" else None)
    assert found is not None


# --- grading ----------------------------------------------------------------------------------

def test_a_sheet_filled_in_with_the_key_scores_full_marks(sheets, tmp_path, capsys):
    key = key_of(sheets)
    rows = [(sid, q, repr(v)) for sid, e in key["students"].items()
            for q, v in e["answers"].items()]
    result = grade_json(capsys, sheets / classroom.KEY_NAME, answers_file(tmp_path / "a.csv",
                                                                          rows))
    assert set(result) == set(key["students"])
    for sid, graded in result.items():
        assert graded == {"score": len(classroom.SHEET_QUESTIONS),
                          "total": len(classroom.SHEET_QUESTIONS), "wrong": []}, sid
    # As a learner writes them: fmt's digits, a decimal comma.
    rows = [(sid, q, fmt(v).replace(".", ",")) for sid, e in key["students"].items()
            for q, v in e["answers"].items()]
    result = grade_json(capsys, sheets / classroom.KEY_NAME, answers_file(tmp_path / "b.csv",
                                                                          rows))
    assert all(g["score"] == g["total"] for g in result.values())


def test_answers_made_with_each_mistake_get_its_name(sheets):
    key = key_of(sheets)
    made: dict[str, list[tuple[str, str, float]]] = {}
    for sid, entry in key["students"].items():
        t = trace(Params.from_mapping(entry["params"]))
        for q in entry["answers"]:
            step = classroom.question_step(q)
            right, start = t.value(step), reference_point(t, step)
            mistakes = dict(mistaken_values(t, step))
            mistakes["rounding"] = start + (right - start) * (1 + ROUNDING_BAND / 2)
            made.setdefault(sid, []).extend((q, kind, v) for kind, v in mistakes.items())
    # A student answers each question once per file (the last answer counts), so the k-th
    # mistaken answer of every student goes into the k-th round of grading.
    named: set[str] = set()
    for k in range(max(len(m) for m in made.values())):
        batch = [(sid, *m[k]) for sid, m in made.items() if k < len(m)]
        rows = [classroom.SubmittedAnswer(id=sid, question=q, answer=repr(v), line=n + 2)
                for n, (sid, q, _kind, v) in enumerate(batch)]
        result = classroom.grade(key, rows)["students"]
        for sid, q, kind, _value in batch:
            wrong = {w["question"]: w for w in result[sid]["wrong"]}[q]
            assert wrong["mistake"] == kind, (sid, q, wrong)
            assert wrong["hint"] and wrong["expected"] == key["students"][sid]["answers"][q]
            named.add(kind)
    assert named == set(MISTAKES)


def test_bad_answers_are_graded_wrong_with_a_reason_and_the_run_goes_on(sheets, tmp_path,
                                                                       capsys, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("student text reached sympy")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    key = key_of(sheets)
    right = key["students"]["s02"]["answers"]["gradients.w5"]
    rows = [("s01", "forward.out_h1", "__import__('os').system('echo hi')"),
            ("s01", "gradients.w9", "0.1"),
            ("s99", "forward.out_h1", "0.5"),
            ("s02", "gradients.w5", "0.1"),
            ("s02", "gradients.w5", repr(right)),          # the last answer counts
            ("s03", "forward.E_total", ""),
            ("s03",)]                                        # a short row
    result = grade_json(capsys, sheets / classroom.KEY_NAME, answers_file(tmp_path / "bad.csv",
                                                                          rows))
    s01 = {w["question"]: w for w in result["s01"]["wrong"]}
    assert s01["forward.out_h1"]["hint"].startswith("Not a number")
    assert s01["forward.out_h1"]["mistake"] is None
    assert "not a question of this sheet" in s01["gradients.w9"]["hint"]
    assert s01["gradients.w9"]["expected"] is None
    assert result["s99"]["total"] == 0
    assert "not a student of this answer key" in result["s99"]["wrong"][0]["hint"]
    assert result["s02"]["score"] == 1
    assert {w["question"]: w for w in result["s03"]["wrong"]}["forward.E_total"]["hint"]
    assert result["s04"]["score"] == 0 and all(
        w["hint"] == "No answer." for w in result["s04"]["wrong"])
    for graded in result.values():
        for wrong in graded["wrong"]:
            assert set(wrong) == {"question", "answer", "expected", "mistake", "hint"}
            assert wrong["mistake"] in (None, *MISTAKES)


def test_grade_as_text(sheets, tmp_path, capsys):
    key = key_of(sheets)
    value = key["students"]["s01"]["answers"]["gradients.w5"]
    answers = answers_file(tmp_path / "t.csv", [("s01", "gradients.w5", repr(-value))])
    capsys.readouterr()
    assert main(["grade", "--key", str(sheets / classroom.KEY_NAME), "--answers",
                 str(answers)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("s01 Ada Lovelace: 0 of 7\n") or "s01" in out.splitlines()[0]
    assert "gradients.w5" in out and "sign" in out and fmt(value) in out


# --- files that cannot be used: one line, status 2 --------------------------------------------

BAD_FILES = [
    ("missing", None, "cannot read the file"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV file"),
    ("no columns", "name,email\nAda,a@b\n", "lacks the column(s)"),
    ("empty", "", "empty"),
    ("json", '{"seed": 1}\n', "lacks the column(s)"),
]


@pytest.mark.parametrize(("what", "content", "needle"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_roster_that_cannot_be_used(tmp_path, capsys, what, content, needle):
    path = tmp_path / "roster.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code = main(["sheet", "--students", str(path), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("content", "needle"), [
    ("id,name\n../etc,Eve\n", "cannot name a file"),
    ("id,name\ns1,A\ns1,B\n", "appears twice"),
    ("id,name\n", "no students"),
])
def test_a_roster_with_bad_rows(tmp_path, capsys, content, needle):
    path = tmp_path / "roster.csv"
    path.write_text(content)
    code = main(["sheet", "--students", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and needle in err, err


@pytest.mark.parametrize(("what", "content", "needle"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_answers_that_cannot_be_used(sheets, tmp_path, capsys, what, content, needle):
    path = tmp_path / "answers.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code = main(["grade", "--key", str(sheets / classroom.KEY_NAME), "--answers", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err, err


@pytest.mark.parametrize(("content", "needle"), [
    (None, "cannot read the file"), ("{not json", "not valid JSON"),
    ('{"seed": 1}', "not an answer key"),
    ('{"students": {"s1": {"params": {"w1": "x"}, "answers": {}}}}', "not usable")])
def test_a_key_that_cannot_be_used(tmp_path, capsys, content, needle):
    key = tmp_path / "key.json"
    if content is not None:
        key.write_text(content)
    answers = answers_file(tmp_path / "a.csv", [("s1", "forward.out_h1", "0.5")])
    code = main(["grade", "--key", str(key), "--answers", str(answers)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and needle in err, err


def test_bad_sheet_options_are_refused_by_argparse(roster, tmp_path, capsys):
    for flags in (["--format", "md,docx"], ["--seed", "-3"], ["--seed", "x"]):
        with pytest.raises(SystemExit) as stop:
            main(["sheet", "--students", str(roster), "--out", str(tmp_path), *flags])
        assert stop.value.code == 2
    capsys.readouterr()
