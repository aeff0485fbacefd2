"""Session fixtures for the browser tests: a private JupyterLab, a Voila server, Chromium.

Both servers come from tools/labserver.py (shared with `make bench`): 127.0.0.1, a
free port, a random token and throw-away config, runtime, settings and workspace
folders, serving a temporary copy of notebooks/ so that no test can modify the
repository. At the end of the session every kernel is shut down and the servers
stopped. Chromium is the one tools/find_chromium.py names; its background
networking is off and every request that is not for loopback is aborted and
fails the test that made it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from pathlib import Path

import pytest
from labdriver import GuardedPage

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "screenshots"

# The server and browser start-up is shared with bench/browser.py (tools/labserver.py).
sys.path.insert(0, str(ROOT / "tools"))
import labserver  # noqa: E402
from labserver import (  # noqa: E402, F401  (names the tests and older fixtures use)
    CHROMIUM_ARGS,
    LAB_SETTINGS,
    Server,
    ServerError,
    copy_notebooks,
    free_port,
)


def _find_chromium_module():
    spec = importlib.util.spec_from_file_location("find_chromium",
                                                  ROOT / "tools" / "find_chromium.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives a real browser: mark it so."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _started(start, base, root):
    try:
        return start(base, root)
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    finder = _find_chromium_module()
    try:
        return finder.find()
    except finder.NoChromium as error:
        # Never skipped: a machine without a browser fails with the one line that fixes it.
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> Server:
    """JupyterLab on loopback serving a temporary copy of notebooks/."""
    base = tmp_path_factory.mktemp("jupyterlab")
    server = _started(labserver.start_lab, base, copy_notebooks(base / "notebooks"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory) -> Server:
    """Voila on loopback serving a temporary copy of notebooks/, started as `make present` does.

    Same command line and page template as nnlesson.present, but for the folder, so
    the page is /voila/render/presentation.ipynb and a test can add a query to it.
    """
    base = tmp_path_factory.mktemp("voila")
    server = _started(labserver.start_voila, base, copy_notebooks(base / "notebooks"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = labserver.launch_chromium(playwright, chromium_path)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page for one test; reaching beyond loopback fails the test."""
    guarded = GuardedPage(browser)
    yield guarded.page
    guarded.close()
    guarded.check_offsite()


@pytest.fixture(scope="session")
def _lab_page(browser, lab_server):
    """One JupyterLab page for the session: loading the app once saves seconds per lesson."""
    guarded = GuardedPage(browser)
    yield guarded
    guarded.close()


@contextlib.contextmanager
def lab_session(guarded: GuardedPage, server: Server):
    """JupyterLab with nothing open; afterwards its notebooks and kernels are closed."""
    from labdriver import Lab

    before = len(guarded.offsite)
    driver = Lab(guarded.page, server, guarded.errors)
    driver.start()
    try:
        yield driver
    finally:
        # The kernel stays for the next test (LAB_SETTINGS); its pid is noted so that
        # the end of the session can make sure it is gone.
        server.remember_children()
        driver.close_all()
    guarded.check_offsite(before)


@pytest.fixture
def lab(_lab_page, lab_server):
    """JupyterLab for one test."""
    with lab_session(_lab_page, lab_server) as driver:
        yield driver


@pytest.fixture(scope="module")
def widget_notebook(request, _lab_page, lab_server):
    """A notebook that builds one widget, opened and run once for a whole test module.

    The module sets WIDGET_NOTEBOOK = (file name, code); its tests share the page
    (opening a notebook and starting its kernel costs seconds on this machine).
    """
    from labdriver import make_notebook

    name, source = request.module.WIDGET_NOTEBOOK
    make_notebook(lab_server.root / name, source)
    with lab_session(_lab_page, lab_server) as driver:
        driver.open(name)
        state = driver.restart_run_all()
        problems = driver.problems(state)
        assert not problems, f"{name}: " + "; ".join(map(str, problems))
        views = driver.wait_widgets_rendered(driver.widget_count(state))
        assert views and all(v["rendered"] for v in views), views
        yield driver


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
