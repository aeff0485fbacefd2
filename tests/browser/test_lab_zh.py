"""`make lab-zh`: JupyterLab itself in Chinese (the zh-CN language pack, the extra `zh`),
with the setting the Makefile writes, and a Chinese lesson in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import labserver
from labdriver import GuardedPage, Lab

ROOT = Path(__file__).resolve().parents[2]


def lab_zh_setting() -> tuple[str, dict]:
    """The settings file `make lab-zh` writes: its path under the settings folder, its values."""
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"echo '(\{.*\})' > \$\(LAB_ZH\)/(\S+)", makefile)
    assert found, "make lab-zh no longer writes a settings file the test can read"
    return found[2], json.loads(found[1])


def test_lab_zh_is_jupyterlab_in_chinese_with_the_chinese_lessons(browser, tmp_path):
    relative, values = lab_zh_setting()
    assert values == {"locale": "zh_CN"}
    server = labserver.start_lab(tmp_path, labserver.copy_notebooks(tmp_path / "notebooks"),
                                 extra_settings={relative: values})
    guarded = GuardedPage(browser)
    try:
        lab = Lab(guarded.page, server, guarded.errors)
        lab.start()
        menus = guarded.page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "文件" in menus and "运行" in menus, menus   # File, Run
        lab.open("zh/03_forward_pass.ipynb")
        state = lab.restart_run_all()
        assert not lab.problems(state)
        lab.wait_widgets_rendered(lab.widget_count(state))
        assert "下一步" in guarded.page.locator(".nnl-sp").first.inner_text()
    finally:
        guarded.close()
        server.shutdown_kernels()
        server.stop()
    guarded.check_offsite()
