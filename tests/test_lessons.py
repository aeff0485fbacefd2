"""The course as a whole: lesson 01 links every lesson, every lesson links the notation sheet
and names the next lesson, one notation everywhere, and predict-then-check questions that exist.

Only the lessons that exist are checked, so the tests keep working as new lessons land.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nnlesson.practice import questions
from nnlesson.show.worked import NOTATION

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SHEET = "notation.ipynb"
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def cells(name: str) -> list[dict]:
    return json.loads((NOTEBOOKS / name).read_text())["cells"]


def markdown(name: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells(name) if c["cell_type"] == "markdown")


def code(name: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells(name) if c["cell_type"] == "code")


def number(name: str) -> int:
    return int(name[:2])


def title(name: str) -> str:
    first = "".join(cells(name)[0]["source"]).splitlines()[0]
    found = re.fullmatch(r"# (\d+)\. (.*)", first)
    assert found, f"{name}: the first line is not '# N. Title': {first!r}"
    return found[2]


#: Lesson 01's course table: [NN Title](NN_name.ipynb), one row per lesson of the course.
COURSE_LINK = re.compile(r"\[(\d\d) ([^\]]+)\]\((\d\d_[a-z0-9_]+\.ipynb)\)")


def course() -> dict[int, tuple[str, str]]:
    """Lesson number -> (title, file name), as lesson 01 lists the course."""
    found = COURSE_LINK.findall(markdown(LESSONS[0]))
    listed = {int(n): (t, f) for n, t, f in found}
    assert len(listed) == len(found), "lesson 01 lists a lesson twice"
    return listed


def test_lesson_01_links_every_lesson_and_the_notation_sheet():
    listed = course()
    assert sorted(listed) == list(range(1, max(listed) + 1)), "lesson 01 skips a lesson number"
    for name in LESSONS:
        assert listed.get(number(name), ("", ""))[1] == name, f"lesson 01 does not link {name}"
    for n, (_title, file) in listed.items():
        assert file.startswith(f"{n:02d}_"), f"lesson 01 links {file} as lesson {n:02d}"
    assert f"]({SHEET})" in markdown(LESSONS[0])
    assert (NOTEBOOKS / SHEET).exists()


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_has_the_title_lesson_01_gives_it(name):
    listed_title, _file = course()[number(name)]
    assert title(name).lower().startswith(listed_title.lower()), (title(name), listed_title)


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_links_the_notation_sheet_near_its_top(name):
    top = "\n".join("".join(c["source"]) for c in cells(name)[:3] if c["cell_type"] == "markdown")
    assert f"]({SHEET})" in top, f"{name} does not link the {SHEET} in its first cells"


#: "Continue with **lesson 03, the forward pass**", the lesson perhaps a link to its file.
CONTINUE = re.compile(r"Continue with \**\[?lesson (\d\d), ([^*\]\n]+?)\]?"
                      r"(?:\(([^)\s]+)\))?\**(?:[.:,]|$)", re.MULTILINE)


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_ends_by_naming_the_next_lesson_of_the_course(name):
    listed = course()
    later = [n for n in listed if n > number(name)]
    if not later:
        return  # the last lesson of the course
    following = min(later)
    last = [c for c in cells(name) if c["cell_type"] == "markdown"][-1]
    found = CONTINUE.findall("".join(last["source"]))
    assert found, f"{name} does not end with 'Continue with **lesson NN, title**'"
    named, named_title, link = found[-1]
    assert int(named) == following, f"{name} continues with lesson {named}, not {following:02d}"
    assert named_title.strip().lower() in listed[following][0].lower(), \
        f"{name}: lesson {following:02d} is {listed[following][0]!r}, not {named_title!r}"
    assert link in ("", listed[following][1]), f"{name} links {link} as lesson {following:02d}"


#: The old notation: layer numbers in round brackets and lowercase z, a for whole layers.
OLD_NOTATION = re.compile(r"(W|b|z|a|\\delta)\^\{\((l|\d)\)\}")


@pytest.mark.parametrize("name", LESSONS)
def test_no_lesson_uses_the_old_layer_notation(name):
    # (The notation sheet shows other books' round brackets on purpose, beside the map.)
    text = markdown(name) + "\n" + code(name)
    assert "W^{(" not in text and not OLD_NOTATION.search(text), OLD_NOTATION.search(text)


def _matrix_names() -> set[str]:
    # Each matrix name the sheet uses, layer by layer: W^{[1]}, dZ^{[2]}, A^{[0]}, ...
    return {m for _, matrix, _ in NOTATION
            for m in re.findall(r"d?[WbZA]\^\{\[\d\]\}", matrix)}


def test_the_sheet_shows_the_whole_notation_map():
    sheet = code(SHEET)
    assert "show.notation_map(trace())" in sheet
    assert "".join(cells(SHEET)[0]["source"]).startswith("# Notation\n")


def test_every_matrix_name_of_the_sheet_appears_in_a_lesson():
    lessons = "\n".join(markdown(name) + code(name) for name in LESSONS)
    missing = sorted(name for name in _matrix_names() if name not in lessons)
    assert not missing, f"the notation sheet names {missing}, which no lesson uses"


@pytest.mark.parametrize("name", LESSONS)
def test_a_lesson_that_writes_matrix_names_writes_them_as_the_sheet_does(name):
    written = set(re.findall(r"\b(d?[A-Za-z])\^\{\[(?:\d|l|l-1|L)\]\}", markdown(name)))
    sheet = {m.split("^")[0] for m in _matrix_names()} | {"n"}
    assert written <= sheet, f"{name} writes {sorted(written - sheet)}, which the sheet lacks"


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_asks_only_its_own_questions_and_they_exist(name):
    asked = re.findall(r'widgets\.Predict\("([^"]+)"\)', code(name))
    for id in asked:
        assert id in questions.QUESTIONS, f"{name} asks {id!r}, which is not a question"
        assert id.startswith(f"{number(name):02d}-"), f"{name} asks lesson {id[:2]}'s question"
    assert len(asked) == len(set(asked)), f"{name} asks a question twice"


@pytest.mark.parametrize("name", [n for n in LESSONS if 2 <= number(n) <= 10])
def test_each_lesson_of_the_worked_example_asks_one_to_three_questions(name):
    asked = re.findall(r'widgets\.Predict\("([^"]+)"\)', code(name))
    assert 1 <= len(asked) <= 3, f"{name} asks {len(asked)} predict-then-check questions"
