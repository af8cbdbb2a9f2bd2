"""The per-request tenancy glue: faults, locking and the journal, on a tiny app."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests
from flask import Flask, jsonify

from simulator.core.errors import SimError
from simulator.core.faults import FaultRule
from simulator.core.journal import BODY_LIMIT
from simulator.core.tenants import TenantRegistry
from simulator.core.web import current_tenant, install_fault_answers, install_tenancy
from simulator.serving import serve_in_thread


def _app() -> tuple[Flask, TenantRegistry[dict[str, Any]]]:
    registry: TenantRegistry[dict[str, Any]] = TenantRegistry(lambda tenant: {"hits": 0})
    app = Flask("tiny")
    install_tenancy(app, registry)
    install_fault_answers(app)
    # each app renders errors in its own platform's envelope; this one in a bare one
    app.register_error_handler(
        SimError, lambda exc: (jsonify(code=exc.code, message=exc.message), exc.http_status)
    )

    @app.get("/slow")
    @app.get("/fast")
    def hit() -> Any:
        state = current_tenant().state
        state["hits"] += 1
        return jsonify(hits=state["hits"], tenant=current_tenant().id)

    return app, registry


def test_a_slow_call_does_not_stall_the_tenants_other_calls() -> None:
    app, registry = _app()
    registry.get("t1").faults.add(FaultRule(path="/slow", kind="latency", latency_ms=1500))
    server = serve_in_thread(app)
    try:
        slow = threading.Thread(
            target=requests.get,
            args=(f"{server.url}/slow",),
            kwargs={"headers": {"X-Sim-Tenant": "t1"}},
        )
        slow.start()
        time.sleep(0.2)
        started = time.perf_counter()
        fast = requests.get(f"{server.url}/fast", headers={"X-Sim-Tenant": "t1"}, timeout=5)
        waited = time.perf_counter() - started
        slow.join()
    finally:
        server.stop()
    assert fast.json()["tenant"] == "t1"
    assert waited < 1.0, f"the fast call waited {waited:.2f} s behind the slow one"


def test_requests_land_in_their_tenant_and_its_journal() -> None:
    app, registry = _app()
    registry.reset("alpha"), registry.reset("beta")
    client = app.test_client()
    client.get("/fast", headers={"X-Sim-Tenant": "alpha"})
    client.get("/fast", headers={"X-Sim-Tenant": "alpha"})
    answer = client.get("/fast", headers={"X-Sim-Tenant": "beta"})
    assert answer.get_json() == {"hits": 1, "tenant": "beta"}
    assert registry.get("alpha").state["hits"] == 2
    assert [e.path for e in registry.get("alpha").journal.entries()] == ["/fast", "/fast"]


def test_a_switched_off_journal_records_nothing() -> None:
    app, registry = _app()
    registry.get("quiet").journal.enabled = False
    app.test_client().get("/fast", headers={"X-Sim-Tenant": "quiet"})
    assert len(registry.get("quiet").journal) == 0


def test_an_error_fault_answers_with_its_status_then_lets_calls_through() -> None:
    app, registry = _app()
    registry.get("t").faults.add(FaultRule(path="/fast", http_status=503, times=1))
    client = app.test_client()
    first = client.get("/fast", headers={"X-Sim-Tenant": "t"})
    second = client.get("/fast", headers={"X-Sim-Tenant": "t"})
    assert first.status_code == 503
    assert second.get_json()["hits"] == 1


def test_the_journal_shows_a_call_as_it_was_served_even_when_read_later() -> None:
    app, registry = _app()
    registry.reset("j")
    client = app.test_client()
    client.get(
        "/fast?a=1&a=2&b=x",
        headers={"X-Sim-Tenant": "j", "Cookie": "sim_tenant=j; other=1", "X-Trace": "t1"},
    )
    client.post("/fast", json={"n": 1}, headers={"X-Sim-Tenant": "j"})
    client.post("/fast", data=b"\x00" * 50_000, headers={"X-Sim-Tenant": "j"})
    client.post(
        "/fast",
        data="x" * (BODY_LIMIT + 10_000),
        content_type="text/plain",
        headers={"X-Sim-Tenant": "j"},
    )
    first, posted, binary, text = (e.to_dict() for e in registry.get("j").journal.entries())
    assert first["query"] == {"a": "1", "b": "x"}
    assert first["request_headers"]["X-Trace"] == "t1"
    assert "Cookie" not in first["request_headers"]
    assert first["request_body"] is None
    assert first["response_body"] == {"hits": 1, "tenant": "j"}
    assert (first["status"], first["kind"], first["note"]) == (200, "request", "")
    assert first["time"].endswith("Z") and first["duration_ms"] >= 0
    assert posted["request_body"] == {"n": 1}
    assert posted["request_headers"]["Content-Type"] == "application/json"
    assert binary["request_body"] == "<binary, 50000 bytes>"
    assert text["request_body"] == "x" * BODY_LIMIT
    assert text["truncated"] == {"request_body": BODY_LIMIT + 10_000}
    # read twice: the same entries
    assert registry.get("j").journal.entries()[0].to_dict() == first


def test_a_drop_fault_closes_the_connection_without_an_answer() -> None:
    app, registry = _app()
    registry.get("t").faults.add(FaultRule(path="/fast", kind="drop", times=1))
    server = serve_in_thread(app)
    try:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/fast", headers={"X-Sim-Tenant": "t"}, timeout=5)
        after = requests.get(f"{server.url}/fast", headers={"X-Sim-Tenant": "t"}, timeout=5)
    finally:
        server.stop()
    assert after.status_code == 200
    dropped = registry.get("t").journal.entries()[0]
    assert dropped.status is None and "drop" in dropped.note


def test_each_request_is_logged_at_info_with_its_tenant_and_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, registry = _app()
    registry.reset("loud")
    with caplog.at_level("INFO", logger="tiktok_sim.requests"):
        app.test_client().get("/fast?x=1", headers={"X-Sim-Tenant": "loud"})
    assert any("[loud] GET /fast?x=1 -> 200" in record.getMessage() for record in caplog.records)
