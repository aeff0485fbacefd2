"""Session fixtures for the browser tests: a private JupyterLab, a Voila server, Chromium.

JupyterLab runs on 127.0.0.1 with a free port, a random token and throw-away
config, runtime, settings and workspace folders; it serves a temporary copy of
notebooks/ so that no test can modify the repository. At the end of the session
every kernel it started is shut down and the server is stopped. Chromium is the
one tools/find_chromium.py names; its background networking is off and every
request that is not for loopback is aborted and fails the test that made it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from labdriver import GuardedPage

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "screenshots"

# From /work/shared/JUPYTER-FACTS.md: without the networking flags Chromium keeps
# trying hosts it cannot reach. The resolver rule makes any host name but
# localhost unresolvable, a second wall behind the request routing below.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

# JupyterLab settings for the tests: no news or update check (both fetched by the
# server from the internet), no restart confirmation, and every cell attached to the
# page (windowing would leave off-screen outputs out of the DOM the tests read).
# Closing a notebook keeps its kernel: the next test's notebook restarts and reuses it
# (labdriver.Lab.open), and the end of the session shuts every kernel down.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/apputils-extension/sessionDialogs.jupyterlab-settings":
        {"skipKernelRestartDialog": True},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"windowingMode": "none", "kernelShutdown": False},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings":
        {"enabled": False},
}

SERVER_START_TIMEOUT = 90  # seconds; a shared 2-core machine can be slow to import lab


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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A Jupyter server (JupyterLab or Voila) that this session started."""

    name: str
    url: str            # http://127.0.0.1:PORT
    token: str
    root: Path          # the folder it serves
    process: subprocess.Popen
    log: Path
    descendants: set[int] = field(default_factory=set)

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def remember_children(self) -> None:
        """Note every process below the server (kernels), to be sure they end with it."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return
        self.descendants.update(c.pid for c in children)

    def shutdown_kernels(self) -> None:
        """Shut down every kernel this server runs (the tests open one per notebook)."""
        self.remember_children()
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError, ValueError):
            pass  # a server that is gone has no kernels left to ask about

    def stop(self) -> None:
        self.remember_children()
        if self.name == "jupyterlab":
            self.shutdown_kernels()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        # Kernels run in their own process sessions; any that outlived the server
        # are ended here, one by one, by the ids noted while it ran.
        for pid in self.descendants:
            try:
                proc = psutil.Process(pid)
                proc.terminate()
                proc.wait(timeout=5)
            except psutil.TimeoutExpired:
                proc.kill()
            except psutil.NoSuchProcess:
                pass


def _wait_until_up(server: Server, path: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"{server.name} exited with status {server.process.returncode}:\n"
                        f"{server.log_tail()}", pytrace=False)
        try:
            request = urllib.request.Request(
                f"{server.url}{path}", headers={"Authorization": f"token {server.token}"})
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    server.stop()
    pytest.fail(f"{server.name} did not answer {path} within {SERVER_START_TIMEOUT} s:\n"
                f"{server.log_tail()}", pytrace=False)


def _private_env(base: Path) -> dict[str, str]:
    """Environment with throw-away Jupyter folders, so no user setting leaks in or out."""
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_DATA_DIR", "data"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "matplotlib")):
        folder = base / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_TOKEN", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def copy_notebooks(target: Path) -> Path:
    shutil.copytree(NOTEBOOKS, target,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target


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
    root = copy_notebooks(base / "notebooks")
    env = _private_env(base / "jupyter")
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for relative, values in LAB_SETTINGS.items():
        path = settings / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        command.append("--ServerApp.allow_root=True")
    log = base / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server("jupyterlab", f"http://127.0.0.1:{port}", token, root, process, log)
    _wait_until_up(server, "/api/status")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory) -> Server:
    """Voila on loopback serving a temporary copy of notebooks/, started as `make present` does.

    Same command line and page template as nnlesson.present, but for the folder, so
    the page is /voila/render/presentation.ipynb and a test can add a query to it.
    """
    from nnlesson import present

    base = tmp_path_factory.mktemp("voila")
    root = copy_notebooks(base / "notebooks")
    env = _private_env(base / "jupyter")
    env = present.voila_environment(present.write_template(base / "template"), env)
    port, token = free_port(), secrets.token_hex(16)
    command = present.voila_command(root, port, token, python=sys.executable)
    log = base / "voila.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server("voila", f"http://127.0.0.1:{port}", token, root, process, log)
    _wait_until_up(server, f"/?token={token}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True,
                                             args=CHROMIUM_ARGS)
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
