"""A private JupyterLab or Voila server and a Chromium for it: what the browser tests and
`make bench` (bench/browser.py) both start, from one place.

The server runs on 127.0.0.1 with a free port, a random token and throw-away
config, runtime, settings and workspace folders, serving the folder it is given
(the tests and the benchmark give it a temporary copy of notebooks/). Chromium's
background networking is off and any host name but localhost is unresolvable.
"""

from __future__ import annotations

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

from nnlesson.server import LAB_OPTION

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# From /work/shared/JUPYTER-FACTS.md: without the networking flags Chromium keeps
# trying hosts it cannot reach. The resolver rule makes any host name but
# localhost unresolvable, a second wall behind the tests' request routing.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

# JupyterLab settings: no news or update check (both fetched by the server from the
# internet), no restart confirmation, and every cell attached to the page (windowing
# would leave off-screen outputs out of the DOM the tests read). Closing a notebook
# keeps its kernel: the next notebook restarts and reuses it.
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

START_TIMEOUT = 90  # seconds; a shared 2-core machine can be slow to import lab


class ServerError(RuntimeError):
    """A server that exited or never answered; the message ends with its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A Jupyter server (JupyterLab or Voila) started here."""

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
        """Shut down every kernel this server runs."""
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


def wait_until_up(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"{server.name} exited with status {server.process.returncode}:"
                              f"\n{server.log_tail()}")
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
    raise ServerError(f"{server.name} did not answer {path} within {START_TIMEOUT} s:\n"
                      f"{server.log_tail()}")


def private_env(base: Path) -> dict[str, str]:
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


def lab_command(root: Path, port: int, token: str) -> list[str]:
    """JupyterLab's command line: loopback only, no browser of its own, as `make lab` runs it
    (the kernel's messages sent at once: nnlesson/server.py)."""
    return [sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True", LAB_OPTION]


def start_lab(base: Path, root: Path, extra_settings: dict | None = None) -> Server:
    """JupyterLab on loopback serving `root`, its private folders under `base`;
    `extra_settings` adds settings files (relative path -> values), e.g. a locale."""
    env = private_env(base / "jupyter")
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for relative, values in {**LAB_SETTINGS, **(extra_settings or {})}.items():
        path = settings / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    command = lab_command(root, port, token)
    if os.geteuid() == 0:
        command.append("--ServerApp.allow_root=True")
    log = base / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server("jupyterlab", f"http://127.0.0.1:{port}", token, root, process, log)
    wait_until_up(server, "/api/status")
    return server


def start_voila(base: Path, root: Path) -> Server:
    """Voila on loopback serving the folder `root`, started as `make present` does."""
    from nnlesson import present

    env = private_env(base / "jupyter")
    env = present.voila_environment(present.write_template(base / "template"), env)
    port, token = free_port(), secrets.token_hex(16)
    command = present.voila_command(root, port, token, python=sys.executable)
    log = base / "voila.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server("voila", f"http://127.0.0.1:{port}", token, root, process, log)
    wait_until_up(server, f"/?token={token}")
    return server


def launch_chromium(playwright, executable: Path):
    """Chromium for the tests and the benchmark, headless, with no background networking."""
    return playwright.chromium.launch(executable_path=str(executable), headless=True,
                                      args=CHROMIUM_ARGS)
