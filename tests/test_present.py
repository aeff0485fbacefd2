"""Unit tests for nnlesson.present: the projector query setting and the command line."""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import pytest

from nnlesson import present
from nnlesson.errors import ParameterError


@pytest.mark.parametrize("query", ["projector=1", "projector=true", "projector=YES",
                                   "projector=on", "?projector=1", "token=abc&projector=1",
                                   "projector=0&projector=1", "projector=%201%20"])
def test_projector_on(query):
    assert present.projector_from_query(query) is True
    assert present.font_scale_from_query(query) == present.PROJECTOR_SCALE == 1.5


@pytest.mark.parametrize("query", ["", "token=abc", "projector=0", "projector=false",
                                   "projector=No", "projector=off", "projector=",
                                   "projector", "projector=1&projector=0", "projectorx=1"])
def test_projector_off(query):
    assert present.projector_from_query(query) is False
    assert present.font_scale_from_query(query) == present.NORMAL_SCALE == 1.0


@pytest.mark.parametrize("value", ["2", "big", "1.5", "__import__('os')"])
def test_bad_projector_value_names_the_setting_and_what_is_allowed(value):
    with pytest.raises(ParameterError) as caught:
        present.projector_from_query(f"projector={value}")
    error = caught.value
    assert error.name == "projector"
    assert error.value == value
    assert "projector=1" in str(error) and "projector=0" in str(error)


def test_page_reads_query_string(monkeypatch):
    import ipywidgets

    made = []

    class FakeDashboard(ipywidgets.VBox):
        def __init__(self, *, font_scale):
            super().__init__()
            made.append(font_scale)

    import nnlesson

    fake = type("widgets", (), {"Dashboard": FakeDashboard})
    monkeypatch.setitem(__import__("sys").modules, "nnlesson.widgets", fake)
    monkeypatch.setattr(nnlesson, "widgets", fake, raising=False)
    board = present.page({"QUERY_STRING": "projector=1"})
    assert isinstance(board, FakeDashboard) and made == [1.5]
    board = present.page({})
    assert isinstance(board, FakeDashboard) and made == [1.5, 1.0]
    shown = present.page({"QUERY_STRING": "projector=<b>"})
    # A bad value leaves a normal-size dashboard under the message, escaped.
    assert made[-1] == 1.0
    note, dashboard = shown.children
    assert isinstance(dashboard, FakeDashboard)
    assert "projector = '&lt;b&gt;'" in note.value and "<b>" not in note.value


def test_voila_command_is_loopback_without_code_and_browser(tmp_path):
    notebook = tmp_path / "presentation.ipynb"
    command = present.voila_command(notebook, 8123, "tok", python="/py")
    assert command[:3] == ["/py", "-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in command
    assert "--port=8123" in command and "--token=tok" in command
    assert "--no-browser" in command and "--strip_sources=True" in command
    assert "--template=nnlesson" in command
    assert command[-1] == str(notebook)


def test_template_drops_the_cdn_links_of_voilas_lab_template(tmp_path):
    root = present.write_template(tmp_path)
    folder = root / "voila" / "templates" / "nnlesson"
    assert (folder / "conf.json").read_text() == '{"base_template": "lab"}\n'
    page = (folder / "index.html.j2").read_text()
    assert page.startswith("{%- extends 'voila/templates/lab/index.html.j2' -%}")
    # The links removed are exactly those Voila's lab template writes.
    from jupyter_core.paths import jupyter_path

    lab = next(Path(p) / "voila" / "templates" / "lab" / "index.html.j2"
               for p in jupyter_path() if (Path(p) / "voila" / "templates" / "lab").is_dir())
    cdn = [line.strip() for line in lab.read_text().splitlines() if "cdn.jsdelivr" in line]
    assert len(cdn) == 2
    for link in cdn:
        assert f"replace('{link}', '')" in page


def test_voila_environment_puts_the_template_first(tmp_path):
    env = present.voila_environment(tmp_path, {"JUPYTER_PATH": "/a", "HOME": "/h"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path), "/a"]
    assert env["HOME"] == "/h"
    assert present.voila_environment(tmp_path, {})["JUPYTER_PATH"] == str(tmp_path)


def test_page_url():
    assert present.page_url(8123, "tok") == "http://127.0.0.1:8123/?token=tok"
    assert (present.page_url(8123, "tok", projector=True)
            == "http://127.0.0.1:8123/?token=tok&projector=1")
    assert present.projector_from_query(
        present.page_url(8123, "t", projector=True).split("?", 1)[1])


def test_default_notebook_is_the_presentation_page():
    assert present.NOTEBOOK.name == "presentation.ipynb"
    assert present.NOTEBOOK.parent.name == "notebooks"


@pytest.mark.parametrize("argv, port, projector, open_browser", [
    ([], 0, False, False),
    (["--port", "9000"], 9000, False, False),
    (["--projector", "--open"], 0, True, True),
])
def test_parse_args(argv, port, projector, open_browser):
    args = present.parse_args(argv)
    assert (args.port, args.projector, args.open_browser) == (port, projector, open_browser)


@pytest.mark.parametrize("port, said", [("http", "not a whole number"), ("80", "out of range"),
                                        ("70000", "out of range")])
def test_bad_port_is_refused_with_what_is_allowed(port, said, capsys):
    with pytest.raises(SystemExit) as caught:
        present.parse_args(["--port", port])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "1024 to 65535" in err


class FakeVoila:
    """Stands in for the Voila process: listens on the port it was given, then exits."""

    def __init__(self, command, env=None):
        self.command, self.env = command, env
        port = int(next(a for a in command if a.startswith("--port="))[7:])
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen()
        self.returncode = None
        self.terminated = False

    def poll(self):
        return self.returncode

    def wait(self, timeout=None):
        self.listener.close()
        self.returncode = 0
        return 0

    def terminate(self):
        self.terminated = True


def test_main_starts_voila_and_prints_the_address(tmp_path):
    notebook = tmp_path / "presentation.ipynb"
    notebook.write_text("{}")
    started, out = [], io.StringIO()

    def popen(command, env):
        started.append(FakeVoila(command, env))
        return started[-1]

    assert present.main(["--notebook", str(notebook)], popen=popen, out=out) == 0
    (voila,) = started
    assert voila.command[-1] == str(notebook)
    # Voila finds the page template in the folder main wrote (and removes afterwards).
    template_root = Path(voila.env["JUPYTER_PATH"].split(os.pathsep)[0])
    assert template_root.name.startswith("nnlesson-present-")
    assert not template_root.exists()
    port = next(a for a in voila.command if a.startswith("--port="))[7:]
    token = next(a for a in voila.command if a.startswith("--token="))[8:]
    assert len(token) >= 16
    text = out.getvalue()
    assert f"http://127.0.0.1:{port}/?token={token}\n" in text
    assert f"http://127.0.0.1:{port}/?token={token}&projector=1" in text
    assert "Ctrl-C" in text


def test_main_with_projector_prints_the_projector_address(tmp_path):
    notebook = tmp_path / "presentation.ipynb"
    notebook.write_text("{}")
    out = io.StringIO()
    assert present.main(["--notebook", str(notebook), "--projector"], popen=FakeVoila,
                        out=out) == 0
    first = out.getvalue().splitlines()[0]
    assert first.startswith("The dashboard is served at http://127.0.0.1:")
    assert first.endswith("&projector=1")


def test_main_without_the_page_says_where_it_should_be(tmp_path, capsys):
    missing = tmp_path / "nowhere.ipynb"
    assert present.main(["--notebook", str(missing)], popen=FakeVoila) == 1
    assert "nowhere.ipynb not found" in capsys.readouterr().err


def test_main_reports_a_voila_that_does_not_start(tmp_path, capsys):
    notebook = tmp_path / "presentation.ipynb"
    notebook.write_text("{}")

    class DeadVoila:
        def __init__(self, command, env):
            pass

        def poll(self):
            return 1

    assert present.main(["--notebook", str(notebook)], popen=DeadVoila) == 1
    assert "Voila did not start" in capsys.readouterr().err
