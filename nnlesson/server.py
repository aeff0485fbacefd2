"""What nnlesson asks of the Jupyter server that shows its lessons (`make lab`, `make present`).

A widget's answer to an edit is several small websocket messages (the kernel's busy
status, the widgets' new states, idle). jupyter_server writes them on a socket that, by
Nagle's algorithm, holds every message after the first until the browser acknowledges
the first, and the browser delays that acknowledgement (up to 40 ms on Linux). So two
answers in five arrived 50-60 ms after the edit instead of 15-25 ms (a bare ipywidgets
Text -> HTML round trip in JupyterLab and Chromium; 16 ms median with the wait off, none
over 34 ms). `PromptConnection` turns the wait off for the kernel's websocket, as
tornado's documentation advises for interactive sockets.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["LAB_OPTION", "VOILA_OPTION", "PromptConnection"]

#: The command-line settings that make JupyterLab (`make lab`, tools/labserver.py) and
#: Voila (`make present`) use it.
LAB_OPTION = "--ServerApp.kernel_websocket_connection_class=nnlesson.server.PromptConnection"
VOILA_OPTION = "--Voila.kernel_websocket_connection_class=nnlesson.server.PromptConnection"


class PromptConnection(ZMQChannelsWebsocketConnection):
    """The kernel's websocket, writing each message at once (TCP_NODELAY)."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()
