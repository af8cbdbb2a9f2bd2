"""Run a WSGI app on a real socket in a background thread (waitress), and stop it cleanly."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

from waitress.server import create_server


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    """A server started by `serve_in_thread`; `url` has no trailing slash."""

    url: str
    host: str
    port: int
    _server: Any
    _thread: threading.Thread

    def stop(self) -> None:
        """Close every socket from the serving thread itself, then wait for it to end.

        Closing waitress's sockets from another thread races its poll loop (EBADF); a
        thunk pulled through its trigger runs in the loop, which ends once its map is empty.
        """
        server = self._server
        if self._thread.is_alive():

            def _close_all() -> None:
                for channel in list(server._map.values()):
                    channel.close()

            server.trigger.pull_trigger(_close_all)
            self._thread.join(timeout=5)
        server.task_dispatcher.shutdown(timeout=2)


def serve_in_thread(
    app: Any, host: str = "127.0.0.1", port: int = 0, *, threads: int = 8
) -> RunningServer:
    """Start waitress serving `app` on host:port (0 picks a free port) and return at once."""
    server = create_server(app, host=host, port=port, threads=threads, ident="tiktok-sim")
    bound_port = int(server.effective_port)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.run, name=f"waitress:{bound_port}", daemon=True)
    thread.start()
    return RunningServer(f"http://{host}:{bound_port}", host, bound_port, server, thread)
