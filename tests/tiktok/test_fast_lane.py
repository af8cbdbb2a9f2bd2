"""The fake TikTok on granian's fast lane (simulator.serving, "the fast lane"): the quick API
calls are answered on one thread, and nothing one tenant does there makes another wait: a
tenant that is busy elsewhere, or has a latency fault armed, is served from the pool."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from simulator.core.faults import FaultRule
from simulator.serving import RunningServer, serve_in_thread, serves_inline
from simulator.tiktok.app import create_app

from .conftest import BIZ, biz_headers, campaign_spec, seed

ORDERS = f"{BIZ}/tto/tcm/campaign/create/"


@pytest.fixture
def served() -> Iterator[tuple[Any, RunningServer]]:
    app = create_app({"SEED": 5, "WEBHOOK_SYNC": False})
    assert serves_inline(app)
    client = app.test_client()
    for tenant in ("busy", "calm"):
        client.environ_base["HTTP_X_SIM_TENANT"] = tenant
        seed(client, tenant=tenant)
    server = serve_in_thread(app)
    yield app, server
    server.stop()


def _create(server: RunningServer, tenant: str, name: str) -> requests.Response:
    return requests.post(
        server.url + ORDERS,
        json=campaign_spec(campaign_name=name),
        headers={**biz_headers(), "X-Sim-Tenant": tenant},
        timeout=10,
    )


def _in_thread(call: Any) -> tuple[threading.Thread, list[requests.Response]]:
    out: list[requests.Response] = []
    thread = threading.Thread(target=lambda: out.append(call()), daemon=True)
    thread.start()
    time.sleep(0.3)  # let it reach the server first (an order, not a measure)
    return thread, out


def test_a_write_to_a_tenant_busy_elsewhere_waits_for_it_alone(
    served: tuple[Any, RunningServer],
) -> None:
    app, server = served
    busy = app.extensions["tiktok_sim"].get("busy")
    busy.lock.acquire()  # as a page or a snapshot of that tenant would, on another thread
    try:
        waiting, out = _in_thread(lambda: _create(server, "busy", "Waited for its tenant"))
        calm = _create(server, "calm", "Not held up")
        assert calm.json()["code"] == 0
        assert waiting.is_alive(), "the busy tenant's call should wait for its lock"
    finally:
        busy.lock.release()
    waiting.join(10)
    answer = out[0].json()
    assert answer["code"] == 0, answer  # its body went with it to the pool thread
    names = [c.name for c in busy.state.campaigns]
    assert "Waited for its tenant" in names and "Not held up" not in names


def test_a_latency_fault_slows_its_tenant_only(served: tuple[Any, RunningServer]) -> None:
    app, server = served
    app.extensions["tiktok_sim"].get("busy").faults.add(
        FaultRule(path=ORDERS, kind="latency", latency_ms=3000)
    )
    slow, out = _in_thread(lambda: _create(server, "busy", "Slow"))
    calm = [_create(server, "calm", f"Calm {n}").json()["code"] for n in range(5)]
    assert calm == [0] * 5
    assert slow.is_alive(), "the faulted call should still be sleeping"
    slow.join(10)
    assert out[0].json()["code"] == 0
