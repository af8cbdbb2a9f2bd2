"""The fake TikTok on granian's fast lane (simulator.serving, "the fast lane"): the quick API
calls are answered on one thread, and nothing one tenant does there makes another wait: a
tenant that is busy elsewhere, or has a latency fault armed, is served from the pool."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests

from simulator.core.faults import FaultRule
from simulator.serving import RunningServer, serve_in_thread, serves_inline
from simulator.tiktok.app import create_app
from simulator.tiktok.models import Delivery, Membership

from .conftest import BIZ, HOOK_URL, biz_headers, campaign_spec, seed

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


class _CountingLock:
    """A tenant's lock that counts who takes it (the lane, a page, the webhook pass)."""

    def __init__(self, lock: Any) -> None:
        self.lock, self.taken = lock, 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        self.taken += 1
        return bool(self.lock.acquire(blocking, timeout))

    def release(self) -> None:
        self.lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def test_the_webhook_pass_leaves_a_tenant_with_nothing_due_unlocked(
    served: tuple[Any, RunningServer],
) -> None:
    """The lane hands a call whose tenant's lock is taken to the pool; the background pass
    runs every 0.2 s, so a pass that took each lock for nothing sent reads to the pool (and
    put 30-140 ms on `make bench`'s read p99)."""
    app, server = served
    sender = app.extensions["tiktok_webhooks"]
    tenants = [app.extensions["tiktok_sim"].get(name) for name in ("busy", "calm")]
    for tenant in tenants:
        tenant.lock = _CountingLock(tenant.lock)
    for _ in range(5):
        assert sender.flush_all() == 0
    assert [t.lock.taken for t in tenants] == [0, 0]
    assert _create(server, "busy", "Still served").json()["code"] == 0
    assert tenants[0].lock.taken == 1  # the call itself (so the count can see a take)


def test_the_webhook_pass_still_settles_what_fell_due_with_no_call_since(
    served: tuple[Any, RunningServer],
) -> None:
    """A review that fell due on an order put straight into the state (as an import or a
    seed does, with no call to bring the look-ups up to date) is still decided by a pass."""
    app, server = served
    assert _create(server, "busy", "Reviewed late").json()["code"] == 0
    tenant = app.extensions["tiktok_sim"].get("busy")
    campaign = tenant.state.campaigns[-1]
    order = Membership(
        order_id="7000000000000000042",
        campaign_id=campaign.campaign_id,
        handle="late_reviewed",
        status="JOINED",
        review_due=tenant.clock.now() - timedelta(seconds=1),
    )
    tenant.state.memberships.append(order)
    app.extensions["tiktok_webhooks"].flush_all()
    assert order.status == "ACCEPTED" and order.decided_at is not None


def test_the_webhook_pass_still_sends_a_delivery_that_came_due(
    served: tuple[Any, RunningServer], hooks: Any
) -> None:
    app, _server = served
    tenant = app.extensions["tiktok_sim"].get("calm")
    later = Delivery("d-later", HOOK_URL, "s", "business", "e", body="{}")
    later.next_attempt_at = tenant.clock.now() + timedelta(hours=1)
    due = Delivery("d-due", HOOK_URL, "s", "business", "e", body="{}")
    tenant.state.outbox += [later, due]
    assert app.extensions["tiktok_webhooks"].flush_all() == 1
    assert (due.status, later.status) == ("DELIVERED", "PENDING")
    assert [call.request.url for call in hooks.calls] == [HOOK_URL]
