"""The lesson checks can fail: a notebook with each kind of fault is caught by them.

Without this, a check that never finds anything (a wrong selector, a state
read too early) would pass every lesson.
"""

from __future__ import annotations

import nbformat
from labdriver import make_notebook

FAULTY = "browser_faulty.ipynb"


def test_faults_are_reported(lab):
    v4 = nbformat.v4
    make_notebook(
        lab.server.root / FAULTY,
        v4.new_markdown_cell("Typeset: $E_{total} = \\frac{1}{2}$."),
        v4.new_code_cell("raise ValueError('on purpose')", metadata={"tags": ["raises-exception"]}),
        "import ipywidgets\nipywidgets.IntSlider(description='fine')",
        "from IPython.display import HTML\nHTML('left raw: \\\\frac{1}{2} and $x$')",
        "import sys\nprint('a warning', file=sys.stderr)",
        "1 / 0",
        "print('never runs')",
    )
    lab.open(FAULTY)
    state = lab.restart_run_all()
    problems = [str(p) for p in lab.problems(state)]
    assert problems == ["cell 4: stderr: a warning\n",
                        "cell 5: error ZeroDivisionError: division by zero",
                        "cell 6: did not run"], problems
    # The tagged error is expected; the widget renders.
    assert lab.widget_count(state) == 1
    views = lab.wait_widgets_rendered(1)
    assert len(views) == 1 and views[0]["rendered"] and "fine" in views[0]["text"]
    # JupyterLab typesets $x$ in HTML output too; a TeX command outside $...$ stays raw.
    raw = lab.wait_typeset(timeout=5)
    assert [kind for kind, _ in raw] == ["text/html"], raw
    assert "\\frac{1}{2}" in raw[0][1]
