"""Every lesson in JupyterLab: Restart & Run All, no error, every widget and formula rendered,
and no accessibility violation (axe-core, every rule, every impact) in its outputs and
rendered Markdown.

New lessons are picked up by their file name (notebooks/NN_*.ipynb), and so are
their Chinese twins (notebooks/zh/NN_*.ipynb, screenshots named zh-NAME-…). Each run
leaves screenshots of the whole lesson, one 1280x800 screen at a time, in
screenshots/ (git-ignored): NAME-01.png is what a learner sees after running
the lesson and scrolling to its top, NAME-02.png the next screen, and so on.
"""

from __future__ import annotations

import re

import pytest
from axecheck import describe, violations
from labdriver import NOTEBOOKS

LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + \
    sorted(f"zh/{p.name}" for p in (NOTEBOOKS / "zh").glob("[0-9][0-9]_*.ipynb"))
CJK = re.compile(r"[\u3400-\u9fff]")
MAX_SCREENS = 30  # a lesson longer than this many screens is cut off in the screenshots


def test_the_lessons_are_found():
    assert LESSONS, f"no lesson notebooks (NN_*.ipynb) in {NOTEBOOKS}"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_runs_and_renders(lab, screenshots, name):
    stem = name.removesuffix(".ipynb").replace("/", "-")
    for old in screenshots.glob(f"{stem}-*.png"):
        old.unlink()
    lab.open(name)
    state = lab.restart_run_all()
    problems = lab.problems(state)
    expected = lab.widget_count(state)
    views = lab.wait_widgets_rendered(expected)
    raw = lab.wait_typeset()
    lab.screenshots(screenshots, stem, max_screens=MAX_SCREENS)
    found = violations(lab.page)

    assert not problems, f"{name}: " + "; ".join(map(str, problems))
    assert len(views) == expected, (f"{name}: {expected} widget outputs in the notebook, "
                                    f"{len(views)} widget views on the page")
    unrendered = [v["text"] for v in views if not v["rendered"]
                  or "Loading widget" in v["text"] or "Error displaying widget" in v["text"]]
    assert not unrendered, f"{name}: widgets not rendered: {unrendered}"
    assert not raw, f"{name}: formulas left as raw TeX: {raw}"
    assert not lab.page_errors(), f"{name}: errors in the page: {lab.page_errors()}"
    assert not found, f"{name}: accessibility violations:\n{describe(found)}"
    if name.startswith("zh/"):
        # The package speaks Chinese in a Chinese lesson: its controls and outputs too.
        said = lab.page.locator(".jp-OutputArea-output").all_inner_texts()
        assert any(CJK.search(text) for text in said), f"{name}: no Chinese in the outputs"
