"""Many callers at once against one served app: no lost update, every invariant holds."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from flask import Flask, Response, jsonify

from simulator.core.faults import FaultRule, FaultSet
from simulator.core.tenants import TenantRegistry
from simulator.core.web import current_tenant, install_fault_answers, install_tenancy
from simulator.serving import serve_in_thread

THREADS = 12
PER_THREAD = 20
DEADLINE = 30  # seconds: every pool below is bounded by it


def _counter_app() -> Flask:
    """A tiny app with a read-modify-write that loses updates unless requests are serialized."""
    registry: TenantRegistry[dict[str, Any]] = TenantRegistry(lambda _t: {"n": 0, "seen": []})
    app = Flask("counter")
    install_tenancy(app, registry)
    install_fault_answers(app)

    @app.post("/bump")
    def bump() -> Response:
        state = current_tenant().state
        n = state["n"]
        time.sleep(0.0005)  # widen the window a race would need
        state["n"] = n + 1
        state["seen"].append(n + 1)
        return jsonify(n=n + 1)

    @app.get("/count")
    def count() -> Response:
        state = current_tenant().state
        return jsonify(n=state["n"], seen=state["seen"])

    return app


def test_a_tenants_requests_never_lose_an_update_under_concurrency() -> None:
    """Every bump of each tenant is counted once, and tenants never mix their counts."""
    server = serve_in_thread(_counter_app(), "127.0.0.1", 0, threads=8)
    tenants = ["t-a", "t-b"]

    def worker(i: int) -> list[int]:
        session = requests.Session()
        headers = {"X-Sim-Tenant": tenants[i % 2]}
        got = []
        for _ in range(PER_THREAD):
            answer = session.post(f"{server.url}/bump", headers=headers, timeout=10)
            got.append(answer.json()["n"])
        return got

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            answers = [
                f.result(timeout=DEADLINE) for f in [pool.submit(worker, i) for i in range(THREADS)]
            ]
        for k, tenant in enumerate(tenants):
            final = requests.get(
                f"{server.url}/count", headers={"X-Sim-Tenant": tenant}, timeout=10
            ).json()
            expected = THREADS // 2 * PER_THREAD
            assert final["n"] == expected, f"{tenant} lost {expected - final['n']} updates"
            assert sorted(final["seen"]) == list(range(1, expected + 1))
            handed_out = sorted(n for i, got in enumerate(answers) if i % 2 == k for n in got)
            assert handed_out == list(range(1, expected + 1)), "two callers got the same answer"
    finally:
        server.stop()


def test_a_fault_for_the_next_n_calls_hits_exactly_n_of_many_concurrent_calls() -> None:
    """A 'times=7' rule fires 7 times, no more, however many threads race for it."""
    faults = FaultSet()
    faults.add(FaultRule(path="/open_api/*", kind="error", http_status=500, times=7))
    hits = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        start.wait(timeout=DEADLINE)
        for _ in range(PER_THREAD):
            if faults.pick("GET", "/open_api/v1.3/tcm/order/get/v2/") is not None:
                with lock:
                    hits.append(1)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DEADLINE)
    assert len(hits) == 7
    assert faults.rules()[0].to_dict()["remaining"] == 0
