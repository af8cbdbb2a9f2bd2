"""A served app stops at once and cleanly, so test sessions don't wait or warn."""

from __future__ import annotations

import threading

import pytest
import requests
from flask import Flask

from simulator.serving import serve_in_thread


def _hello_app() -> Flask:
    app = Flask("hello")
    app.add_url_rule("/", "hello", lambda: "hello")
    return app


def test_a_stopped_server_refuses_connections_and_leaves_no_thread() -> None:
    server = serve_in_thread(_hello_app())
    assert requests.get(server.url, timeout=2).text == "hello"
    server.stop()
    assert not server._thread.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url, timeout=1)


def test_stopping_raises_nothing_in_the_serving_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    for _ in range(5):
        server = serve_in_thread(_hello_app())
        requests.get(server.url, timeout=2)
        server.stop()
    assert failures == []
