"""tiktok_mock(): requests to TikTok's hosts reach an in-process app; same answers as a server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from control_fakeapp import create_app

from simulator.core.faults import FaultRule
from simulator.inprocess import SimHandle, serve_like_tiktok, tiktok_mock
from simulator.serving import serve_in_thread

API = "https://business-api.tiktok.com"
START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def fake_app() -> Any:
    return create_app({"SEED": 11})


def test_every_tiktok_host_and_scheme_is_routed_in_process() -> None:
    hosts = [
        "https://business-api.tiktok.com",
        "http://sandbox-ads.tiktok.com",
        "https://open.tiktokapis.com",
        "http://www.tiktok.com",
    ]
    with tiktok_mock(fake_app) as sim:
        answers = [requests.get(f"{h}/api/notes", timeout=1).json() for h in hosts]
    assert all([n["text"] for n in a["data"]["notes"]] == ["hello", "world"] for a in answers)
    assert len(sim.journal.entries()) == 4


def test_method_path_query_headers_and_body_reach_the_app() -> None:
    with tiktok_mock(fake_app):
        echoed = requests.get(
            f"{API}/api/echo",
            params={"video_ids": '["7301", "7302"]', "page": 2},
            headers={"X-Probe": "yes"},
            timeout=1,
        )
        created = requests.post(f"{API}/api/notes", json={"text": "via mock"}, timeout=1)
        fetched = requests.get(f"{API}/api/notes/{created.json()['data']['id']}", timeout=1)
    assert echoed.status_code == 200
    assert echoed.headers["X-Echo"] == "yes"
    assert echoed.json() == {
        "args": {"video_ids": ['["7301", "7302"]'], "page": ["2"]},
        "headers": {"X-Probe": "yes"},
    }
    assert created.status_code == 201
    assert fetched.json()["data"]["text"] == "via mock"


def test_the_handle_steers_tenants_clock_faults_and_journal() -> None:
    with tiktok_mock(fake_app, dataset="empty") as sim:
        sim.seed({"tiktok": {"notes": ["t1 note"]}}, tenant="t1")
        sim.clock.freeze()
        sim.clock.set(START)
        sim.clock.advance("2h")
        body = requests.get(f"{API}/api/notes", timeout=1).json()
        t1 = requests.get(f"{API}/api/notes", headers={"X-Sim-Tenant": "t1"}, timeout=1).json()
        sim.faults.add(FaultRule(path="/api/notes", http_status=503, error_code=50002, times=1))
        failed = requests.get(f"{API}/api/notes", timeout=1)
        assert sim.journal.verify(method="GET", path="/api/notes", times=2).ok
        sim.reset()
        assert requests.get(f"{API}/api/notes", timeout=1).json()["data"]["notes"] == []
    assert body["data"] == {"notes": [], "now": int(START.timestamp()) + 7200}
    assert [n["text"] for n in t1["data"]["notes"]] == ["t1 note"]
    assert (failed.status_code, failed.json()["code"]) == (503, 50002)


def test_a_dropped_connection_is_a_requests_connection_error() -> None:
    with tiktok_mock(fake_app) as sim:
        sim.faults.add(FaultRule(path="/api/notes", kind="drop", times=1))
        with pytest.raises(requests.ConnectionError, match="dropped by the simulator"):
            requests.get(f"{API}/api/notes", timeout=1)
        assert requests.get(f"{API}/api/notes", timeout=1).status_code == 200


def test_other_urls_pass_through_to_the_network() -> None:
    app = fake_app()
    app.extensions["sim_control"].load("default", {"notes": ["hello", "world"]})
    other = serve_in_thread(app)
    try:
        with tiktok_mock(fake_app, dataset="empty"):
            local = requests.get(f"{other.url}/api/notes", timeout=5).json()
    finally:
        other.stop()
    assert [n["text"] for n in local["data"]["notes"]] == ["hello", "world"]


def test_snapshots_and_forks_through_the_handle() -> None:
    with tiktok_mock(fake_app) as sim:
        sim.snapshot("base")
        requests.post(f"{API}/api/notes", json={"text": "extra"}, timeout=1)
        sim.fork("base", "f1")
        sim.restore("base")
        default = requests.get(f"{API}/api/notes", timeout=1).json()
        fork = requests.get(f"{API}/api/notes", headers={"X-Sim-Tenant": "f1"}, timeout=1).json()
    assert [n["text"] for n in default["data"]["notes"]] == ["hello", "world"]
    assert [n["text"] for n in fork["data"]["notes"]] == ["hello", "world"]


@tiktok_mock(fake_app, dataset="empty")
def test_the_decorator_hands_over_the_handle(tiktok_sim: SimHandle) -> None:
    requests.post(f"{API}/api/notes", json={"text": "decorated"}, timeout=1)
    assert [e.path for e in tiktok_sim.journal.entries()] == ["/api/notes"]


def test_each_entry_starts_fresh() -> None:
    mock = tiktok_mock(fake_app)
    with mock:
        requests.post(f"{API}/api/notes", json={"text": "gone next time"}, timeout=1)
    with mock:
        notes = requests.get(f"{API}/api/notes", timeout=1).json()["data"]["notes"]
    assert [n["text"] for n in notes] == ["hello", "world"]


CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/notes", {}),
    ("POST", "/api/notes", {"json": {"text": "one"}}),
    ("POST", "/api/notes", {"json": {"text": "two"}, "headers": {"X-Sim-Tenant": "t2"}}),
    ("GET", "/api/notes", {"params": {"q": "o"}}),
    ("GET", "/api/notes", {"headers": {"X-Sim-Tenant": "t2"}}),
    ("GET", "/api/notes/does-not-exist", {}),
    ("GET", "/api/echo", {"params": {"ids": '["1","2"]'}, "headers": {"X-A": "b"}}),
]


def _answers(base: str) -> list[tuple[int, str, Any]]:
    out = []
    for method, path, kw in CALLS:
        r = requests.request(method, base + path, timeout=5, **kw)
        out.append((r.status_code, r.headers.get("Content-Type", ""), r.json()))
    return out


def _prepare(app: Any) -> None:
    """Frozen clocks first, then the same seed data, so every answer is reproducible."""
    for tenant in ("default", "t2"):
        clock = app.extensions["fake_sim"].get(tenant).clock
        clock.freeze()
        clock.set(START)
    hooks = app.extensions["sim_control"]
    hooks.seed(hooks.registry.get("default"), {"notes": ["hello", "world"]})


def test_in_process_and_a_real_server_give_the_same_answers() -> None:
    with tiktok_mock(fake_app, dataset=None) as sim:
        _prepare(sim.app)
        in_process = _answers(API)
    served_app = fake_app()
    _prepare(served_app)
    with serve_like_tiktok(served_app) as url:
        served = _answers(url)
    assert in_process == served
    assert in_process[5][0] == 404
