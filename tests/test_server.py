"""The servers that show the lessons send the kernel's messages at once (nnlesson.server)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nnlesson import present, server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import labserver  # noqa: E402


class _Handler:
    nodelay = None

    def set_nodelay(self, value):
        self.nodelay = value


def test_the_kernel_websocket_turns_nagles_wait_off(monkeypatch):
    handler = _Handler()
    called = []
    monkeypatch.setattr(server.ZMQChannelsWebsocketConnection, "connect",
                        lambda self: called.append(self) or "connected")
    connection = server.PromptConnection.__new__(server.PromptConnection)
    monkeypatch.setattr(server.PromptConnection, "websocket_handler", handler, raising=False)
    assert connection.connect() == "connected" and called == [connection]
    assert handler.nodelay is True


def test_make_lab_the_test_servers_and_voila_all_use_it():
    makefile = (ROOT / "Makefile").read_text()
    prompt = re.search(r"^PROMPT := (.+)$", makefile, re.M)
    assert prompt and prompt[1] == server.LAB_OPTION
    for target in ("lab", "lab-zh"):
        recipe = re.search(rf"^{target}: .*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe and "$(PROMPT)" in recipe[1], target
    assert server.LAB_OPTION in labserver.lab_command(Path("."), 8888, "t")
    assert server.VOILA_OPTION in present.voila_command(Path("x.ipynb"), 8866, "t")
    # Each option names a setting its server has, and the class that does it.
    from jupyter_server.serverapp import ServerApp
    from traitlets.utils.importstring import import_item
    from voila.app import Voila

    for option, app in ((server.LAB_OPTION, ServerApp), (server.VOILA_OPTION, Voila)):
        setting, value = option.removeprefix("--").split("=")
        owner, trait = setting.split(".")
        assert owner == app.__name__ and trait in app.class_trait_names(), option
        assert import_item(value) is server.PromptConnection
