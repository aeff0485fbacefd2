"""For the teacher: a sheet of exercises per student, an answer key, and grading.

Taught in lesson 11, "Check yourself": the questions on a sheet are that lesson's
exercises, with each student's own numbers (`example.numbers`, drawn from the seed
and the student's id), and grading names the same mistakes the exercises do.

    python -m nnlesson sheet --students ROSTER.csv --out DIR [--seed N] [--format md,html,pdf]
    python -m nnlesson grade --key DIR/answer-key.json --answers ANSWERS.csv [--format text|json]

A question is named by its path in `python -m nnlesson trace --format json`
("gradients.w1"). The same seed and roster give byte-identical files (no dates: the
dates Chromium writes into a PDF are set to a fixed one). Student text is read as
numbers only (`errors.read_number`, after `widgets.exercise.typed_answer`), never evaluated.
The sheets and the grades are written in the current language (`nnlesson.language`); the
answer key and `grade --format json` keep their keys, question names and mistake names.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import NumericError, ParameterError
from .example.exercises import PRACTICE_STEPS, check_answer, close_enough, read_answer
from .example.numbers import drawn
from .example.params import FIELDS, Params
from .example.steps import Trace, trace
from .formatting import fmt
from .language import _, current_language, join
from .report import HandoutSection, document_html, document_markdown, parameter_rows, setting_rows
from .widgets.exercise import question_network, typed_answer

__all__ = ["ClassroomError", "DEFAULT_SEED", "KEY_NAME", "SHEET_FORMATS", "SHEET_QUESTIONS",
           "Student", "SubmittedAnswer", "answer_key", "find_chromium", "grade", "grade_text",
           "print_pdf", "question_step", "read_answers", "read_key", "read_roster",
           "sheet_sections", "write_sheets"]

#: What `sheet` writes for each student; PDF is printed from the HTML by Chromium.
SHEET_FORMATS = ("md", "html", "pdf")
#: The seed when the teacher gives none.
DEFAULT_SEED = 1
#: The answer key's file name in the output folder.
KEY_NAME = "answer-key.json"

#: The questions of every sheet, as paths into `trace --format json`: the exercises' steps.
SHEET_QUESTIONS = tuple(
    f"forward.{s}" if s in ("out_h1", "out_o1", "E_total") else
    f"gradients.{s.removeprefix('dE_d')}" if s.startswith("dE_d") else
    f"updated.{s.removesuffix('_new')}" for s in PRACTICE_STEPS)

#: A student's id names their files: letters, digits, '-', '_' and '.', not starting with '.'.
_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")
#: The Chromium flags of the browser tests (tests/browser/conftest.py), for printing only.
_CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
                   "--no-pdf-header-footer")
#: Chromium writes when it printed; a sheet must not change with the day it was made.
_PDF_DATE = re.compile(rb"D:\d{14}(?:[+-]\d\d'\d\d'|Z)?")
_FIXED_DATE = b"D:20000101000000+00'00'"


class ClassroomError(Exception):
    """A roster, answers or key file that cannot be used; the message is one line."""


@dataclass(frozen=True, kw_only=True)
class Student:
    """One row of the roster."""

    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class SubmittedAnswer:
    """One row of the answers file, as typed: nothing in it is evaluated."""

    id: str
    question: str
    answer: str
    line: int


# --- reading the files ------------------------------------------------------------------------

def _read_csv(path: str | Path, columns: Sequence[str], what: str) -> list[tuple[int, dict]]:
    """(line number, row by column) of a CSV file with a header row naming `columns`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ClassroomError(_("{what} {path}: cannot read the file ({reason}).", what=what,
                               path=path, reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClassroomError(_("{what} {path}: not a CSV file (it is not UTF-8 text).",
                               what=what, path=path)) from None
    if "\x00" in text:
        raise ClassroomError(_("{what} {path}: not a CSV file (it is not UTF-8 text).",
                               what=what, path=path))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ClassroomError(_("{what} {path}: not a CSV file ({reason}).", what=what,
                               path=path, reason=exc)) from None
    numbered = [(k, row) for k, row in enumerate(rows, 1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ClassroomError(_("{what} {path}: empty; it needs a header row with the columns "
                               "{columns}.", what=what, path=path, columns=",".join(columns)))
    _line, header = numbered[0]
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in columns if c not in names]
    if missing:
        shown = ",".join(cell.strip() for cell in header)[:80]
        raise ClassroomError(_("{what} {path}: lacks the column(s) {missing}; it needs a header "
                               "row with {columns}, and its first row is: {header}", what=what,
                               path=path, missing=",".join(missing),
                               columns=",".join(columns), header=shown))
    where = {c: names.index(c) for c in columns}
    return [(k, {c: row[i].strip() if i < len(row) else "" for c, i in where.items()})
            for k, row in numbered[1:]]


def read_roster(path: str | Path) -> list[Student]:
    """The students of ROSTER.csv (columns id, name), in its order."""
    what = _("Roster")
    students: list[Student] = []
    seen: set[str] = set()
    for line, row in _read_csv(path, ("id", "name"), what):
        sid = row["id"]
        if not _ID.fullmatch(sid):
            raise ClassroomError(_("{what} {path}, line {line}: the id {id!r} cannot name a "
                                   "file; use letters, digits, '-', '_' and '.'.", what=what,
                                   path=path, line=line, id=sid))
        if sid in seen:
            raise ClassroomError(_("{what} {path}, line {line}: the id {id} appears twice.",
                                   what=what, path=path, line=line, id=sid))
        seen.add(sid)
        students.append(Student(id=sid, name=row["name"]))
    if not students:
        raise ClassroomError(_("{what} {path}: no students below the header row.", what=what,
                               path=path))
    return students


def read_answers(path: str | Path) -> list[SubmittedAnswer]:
    """The rows of ANSWERS.csv (columns id, question, answer), as typed."""
    return [SubmittedAnswer(id=row["id"], question=row["question"], answer=row["answer"],
                            line=line)
            for line, row in _read_csv(path, ("id", "question", "answer"), _("Answers"))]


def read_key(path: str | Path) -> dict:
    """An answer key written by `write_sheets`, checked enough to grade with."""
    what = _("Answer key")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClassroomError(_("{what} {path}: cannot read the file ({reason}).", what=what,
                               path=path, reason=exc.strerror or exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ClassroomError(_("{what} {path}: not valid JSON.", what=what, path=path)) from None
    students = data.get("students") if isinstance(data, dict) else None
    if not isinstance(students, dict) or not all(
            isinstance(s, dict) and isinstance(s.get("params"), dict)
            and isinstance(s.get("answers"), dict) for s in students.values()):
        raise ClassroomError(_("{what} {path}: not an answer key (it needs \"students\", each "
                               "with \"params\" and \"answers\").", what=what, path=path))
    return data


# --- the sheets -------------------------------------------------------------------------------

def question_step(question: str) -> str:
    """The trace step a question names: "gradients.w1" -> "dE_dw1", "updated.w5" -> "w5_new"."""
    part, _dot, name = question.partition(".")
    return {"forward": name, "gradients": f"dE_d{name}", "updated": f"{name}_new"}.get(part, "")


def _describe(question: str) -> str:
    part, _dot, name = question.partition(".")
    if part == "gradients":
        return _("The gradient of the total error with respect to {parameter}, ∂E_total/∂"
                 "{parameter}.", parameter=name)
    if part == "updated":
        return _("{parameter} after one update, {parameter}⁺.", parameter=name)
    if m := re.fullmatch(r"out_([ho]\d)", name):
        return _("The output of neuron {neuron}, {symbol}.", neuron=m[1], symbol=name)
    if m := re.fullmatch(r"net_([ho]\d)", name):
        return _("The net input of neuron {neuron}, {symbol}.", neuron=m[1], symbol=name)
    if name == "E_total":
        return _("The total error before the update, E_total.")
    return _("The value of {symbol}.", symbol=name)


def sheet_sections(student: Student, seed: int, params: Params, *, figure: bool = True
                   ) -> list[HandoutSection]:
    """What a student's sheet says: who, the network and its numbers, the questions, how to
    hand in. Questions name the quantity only; no value computed from the numbers is shown."""
    t = trace(params)
    answer_rows = "\n".join(f"{student.id},{q}," for q in SHEET_QUESTIONS)
    return [
        HandoutSection(paragraphs=(
            _("Name: {name}. Student id: {id}.", name=student.name, id=student.id),
            _("Your numbers were drawn from seed {seed} for your id: with the same seed and "
              "roster, your teacher prints the same sheet.", seed=seed))),
        HandoutSection(
            heading=_("The network and your numbers"),
            paragraphs=(_("Two inputs, two hidden neurons and two outputs, as in lessons 02 to "
                          "08; the error has the ½ of lesson 04, and one update changes every "
                          "weight at once, from gradients at the original weights."),),
            figure=question_network(t, caption=_("Your numbers")) if figure else "",
            table=tuple([*setting_rows(t.options, notes=False), *parameter_rows(params)]),
            table_header=(_("name"), _("value"))),
        HandoutSection(
            heading=_("Questions"),
            paragraphs=(_("Compute each quantity for one forward pass, backward pass and update "
                          "with your numbers. Give at least four significant digits; for an "
                          "updated weight, keep digits until its change from the old weight has "
                          "four."),),
            items=tuple(_("{description} Answer name: {question}", description=_describe(q),
                          question=q) for q in SHEET_QUESTIONS),
            answer_label=_("Answer:")),
        HandoutSection(
            heading=_("Handing in"),
            paragraphs=(_("Write your answers into a CSV file with the columns "
                          "id,question,answer, one row per answer, like this:"),),
            code="id,question,answer\n" + answer_rows),
    ]


def answer_key(students: Iterable[Student], seed: int) -> dict:
    """{"seed", "students": {id: {"name", "params", "answers"}}}: the answers from the engine."""
    out: dict = {"seed": seed, "students": {}}
    for student in students:
        params = drawn(seed, student.id)
        data = trace(params).to_dict()
        answers = {}
        for q in SHEET_QUESTIONS:
            part, _dot, name = q.partition(".")
            answers[q] = data[part][name]
        out["students"][student.id] = {"name": student.name,
                                       "params": {n: getattr(params, n) for n in FIELDS},
                                       "answers": answers}
    return out


def write_sheets(students: Sequence[Student], out: str | Path, *, seed: int = DEFAULT_SEED,
                 formats: Sequence[str] = SHEET_FORMATS, chromium: Path | None = None,
                 workers: int | None = None) -> list[Path]:
    """Write each student's sheet (md, html, pdf as asked) and the answer key; return the files.

    PDF needs `chromium`; without one no PDF is written (the caller says so).
    """
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClassroomError(_("--out {path}: cannot make the folder ({reason}).", path=out,
                               reason=exc.strerror or exc)) from None
    key = answer_key(students, seed)
    written: list[Path] = []
    html_pages: list[tuple[Path, Path]] = []
    scratch = tempfile.TemporaryDirectory(prefix="nnlesson-sheets-")
    try:
        for student in students:
            params = drawn(seed, student.id)
            title = _("Backpropagation by hand")
            if "md" in formats:
                written.append(_write(folder / f"{student.id}.md", document_markdown(
                    title, sheet_sections(student, seed, params, figure=False))))
            if "html" in formats or ("pdf" in formats and chromium is not None):
                page = document_html(title, sheet_sections(student, seed, params),
                                     language=current_language())
                where = folder if "html" in formats else Path(scratch.name)
                html = _write(where / f"{student.id}.html", page)
                if "html" in formats:
                    written.append(html)
                if "pdf" in formats:
                    html_pages.append((html, folder / f"{student.id}.pdf"))
        if "pdf" in formats and chromium is not None:
            with ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1)) as pool:
                written += list(pool.map(lambda pair: print_pdf(chromium, *pair), html_pages))
    finally:
        scratch.cleanup()
    written.append(_write(folder / KEY_NAME,
                          json.dumps(key, indent=2, ensure_ascii=False) + "\n"))
    return written


def _write(path: Path, text: str) -> Path:
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ClassroomError(_("{path}: cannot write the file ({reason}).", path=path,
                               reason=exc.strerror or exc)) from None
    return path


# --- printing with Chromium -------------------------------------------------------------------

def find_chromium(environ: Mapping[str, str] | None = None,
                  which: Callable[[str], str | None] = shutil.which) -> Path | None:
    """$CHROMIUM, else /usr/bin/chromium, else a Chromium on the PATH; None when there is none."""
    environ = os.environ if environ is None else environ
    named = environ.get("CHROMIUM", "").strip()
    candidates = [named] if named else ["/usr/bin/chromium"]
    if not named:
        candidates += [which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def print_pdf(chromium: Path, html: Path, pdf: Path, *, timeout: float = 120,
              attempts: int = 2) -> Path:
    """Print `html` to `pdf` with headless Chromium, its dates fixed so the bytes repeat.

    A busy machine can make Chromium fail now and then: a print that left no complete
    PDF is tried once more before giving up with one line.
    """
    reason = ""
    for _attempt in range(attempts):
        pdf.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="nnlesson-chromium-") as profile:
            command = [str(chromium), *_CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                       f"--print-to-pdf={pdf.resolve()}", html.resolve().as_uri()]
            try:
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                      timeout=timeout, check=False)
                lines = done.stderr.decode(errors="replace").strip().splitlines()
                reason = (lines or [_("exit status {code}", code=done.returncode)])[-1][:200]
            except (OSError, subprocess.TimeoutExpired) as exc:
                reason = str(exc)
        data = pdf.read_bytes() if pdf.is_file() else b""
        if data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"):
            # Same length, so the PDF's table of byte offsets stays right.
            fixed = _PDF_DATE.sub(lambda m: _FIXED_DATE[:len(m[0])].ljust(len(m[0]), b"0"),
                                  data)
            if fixed != data:
                pdf.write_bytes(fixed)
            return pdf
    pdf.unlink(missing_ok=True)
    raise ClassroomError(_("{chromium} could not print {path}: {reason}.", chromium=chromium,
                           path=pdf, reason=reason))


# --- grading ----------------------------------------------------------------------------------

def grade(key: Mapping, answers: Sequence[SubmittedAnswer]) -> dict:
    """{"students": {id: {"score", "total", "wrong": [...]}}}, as `grade --format json` prints.

    Each wrong entry is {"question", "answer", "expected", "mistake", "hint"}; `mistake`
    is one of the exercises' MISTAKES or None. The last answer to a question counts. An
    unknown student or question, or an answer that is not a number, is graded wrong
    with the reason in "hint"; nothing stops the run.
    """
    students: Mapping = key["students"]
    traces: dict[str, Trace] = {}
    for sid, entry in students.items():
        try:
            traces[sid] = trace(Params.from_mapping(entry["params"]))
        except (ParameterError, NumericError) as exc:
            raise ClassroomError(_("Answer key: the numbers of {id} are not usable: {reason}",
                                   id=sid, reason=exc)) from None
    last: dict[tuple[str, str], SubmittedAnswer] = {}
    for row in answers:
        last[(row.id, row.question)] = row
    out: dict[str, dict] = {sid: {"score": 0, "total": len(entry["answers"]), "wrong": []}
                            for sid, entry in students.items()}
    for sid, entry in students.items():
        for question, expected in entry["answers"].items():
            given = last.get((sid, question))
            if given is None:
                out[sid]["wrong"].append(_wrong(question, None, expected, None, _("No answer.")))
                continue
            verdict = _grade_one(traces[sid], question, given.answer, expected)
            if verdict is None:
                out[sid]["score"] += 1
            else:
                out[sid]["wrong"].append(verdict)
    for (sid, question), row in last.items():
        if sid not in students:
            result = out.setdefault(sid, {"score": 0, "total": 0, "wrong": []})
            result["wrong"].append(_wrong(question, row.answer, None, None, _(
                "{id} is not a student of this answer key (line {line}).", id=sid,
                line=row.line)))
        elif question not in students[sid]["answers"]:
            out[sid]["wrong"].append(_wrong(question, row.answer, None, None, _(
                "{question} is not a question of this sheet (line {line}); its questions are "
                "{questions}.", question=question or '""', line=row.line,
                questions=join(list(students[sid]["answers"])))))
    return {"students": out}


def _wrong(question: str, answer: str | None, expected: float | None, mistake: str | None,
           hint: str) -> dict:
    return {"question": question, "answer": answer, "expected": expected, "mistake": mistake,
            "hint": hint}


def _grade_one(t: Trace, question: str, answer: str, expected: float) -> dict | None:
    """None when right, else the wrong entry (the exercises' own checker and tolerance)."""
    step = question_step(question)
    typed = typed_answer(answer)    # full-width digits and signs, as a Chinese keyboard types
    if step not in t:
        # A key question with no step of its own (an untrained bias): judged by the key only.
        value, refused = read_answer(typed)
        if value is not None and close_enough(value, float(expected)):
            return None
        return _wrong(question, answer, expected, None, refused or _("Not this one."))
    feedback = check_answer(t, step, typed)
    if feedback.correct:
        return None
    return _wrong(question, answer, expected, feedback.mistake or None,
                  feedback.hint or feedback.message)


def grade_text(result: Mapping, key: Mapping) -> str:
    """The grades for a terminal: a line per student, and a line per wrong answer."""
    lines = []
    for sid, graded in result["students"].items():
        name = key["students"].get(sid, {}).get("name", "")
        if name:
            lines.append(_("{id} {name}: {score} of {total}", id=sid, name=name,
                           score=graded["score"], total=graded["total"]))
        else:
            lines.append(_("{id}: {score} of {total}", id=sid, score=graded["score"],
                           total=graded["total"]))
        for wrong in graded["wrong"]:
            expected = "?" if wrong["expected"] is None else fmt(wrong["expected"])
            answer = "-" if wrong["answer"] is None else wrong["answer"]
            lines.append("  " + _("{question}: {answer} (expected {expected}), {mistake}: "
                                  "{hint}", question=wrong["question"], answer=answer,
                                  expected=expected, mistake=wrong["mistake"] or "-",
                                  hint=wrong["hint"]))
    return "\n".join(lines) + "\n"

