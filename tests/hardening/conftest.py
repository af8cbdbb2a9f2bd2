"""Fixtures for the hardening tests: the real apps, served or not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator.serving import RunningServer, serve_in_thread


@pytest.fixture
def tiktok_app() -> Any:
    """A fresh fake TikTok (webhooks delivered in the request thread, for determinism)."""
    from simulator.tiktok.app import create_app

    return create_app({"TESTING": True, "SEED": 3, "WEBHOOK_SYNC": True})


@pytest.fixture
def served_tiktok(tiktok_app: Any) -> Iterator[RunningServer]:
    """The fake TikTok on a loopback port (waitress, the same server `serve` uses)."""
    server = serve_in_thread(tiktok_app, "127.0.0.1", 0)
    yield server
    server.stop()
