"""Every lesson in JupyterLab: Restart & Run All, no error, every widget and formula rendered.

New lessons are picked up by their file name (notebooks/NN_*.ipynb). Each run
leaves screenshots of the whole lesson, one 1280x800 screen at a time, in
screenshots/ (git-ignored): NAME-01.png is what a learner sees after running
the lesson and scrolling to its top, NAME-02.png the next screen, and so on.
"""

from __future__ import annotations

import pytest
from labdriver import NOTEBOOKS

LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
MAX_SCREENS = 30  # a lesson longer than this many screens is cut off in the screenshots


def test_the_lessons_are_found():
    assert LESSONS, f"no lesson notebooks (NN_*.ipynb) in {NOTEBOOKS}"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_runs_and_renders(lab, screenshots, name):
    stem = name.removesuffix(".ipynb")
    for old in screenshots.glob(f"{stem}-*.png"):
        old.unlink()
    lab.open(name)
    state = lab.restart_run_all()
    problems = lab.problems(state)
    expected = lab.widget_count(state)
    views = lab.wait_widgets_rendered(expected)
    raw = lab.wait_typeset()
    lab.screenshots(screenshots, stem, max_screens=MAX_SCREENS)

    assert not problems, f"{name}: " + "; ".join(map(str, problems))
    assert len(views) == expected, (f"{name}: {expected} widget outputs in the notebook, "
                                    f"{len(views)} widget views on the page")
    unrendered = [v["text"] for v in views if not v["rendered"]
                  or "Loading widget" in v["text"] or "Error displaying widget" in v["text"]]
    assert not unrendered, f"{name}: widgets not rendered: {unrendered}"
    assert not raw, f"{name}: formulas left as raw TeX: {raw}"
    assert not lab.page_errors(), f"{name}: errors in the page: {lab.page_errors()}"
