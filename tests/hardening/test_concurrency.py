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
    for tenant in ("t-a", "t-b"):
        registry.reset(tenant)

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


CREATORS = [f"creator.{i}" for i in range(6)]
VIDEOS_EACH = 3
BIZ = "/open_api/v1.3"


def _world() -> dict[str, Any]:
    """The demo brand, six invited creators, two campaigns asking one video each."""
    from simulator.demo import demo_scenario

    half = demo_scenario()["tiktok"]
    half["accounts"] = [{"handle": h, "nickname": h, "followers": 1000} for h in CREATORS]
    half["current_handle"] = CREATORS[0]
    half["drafts"] = []
    half["campaigns"] = [
        {
            "campaign_name": name,
            "handle_names": CREATORS,
            "video_number": 1,
            "video_requirements": {"description": "x #ad", "required_elements": ["#ad"]},
        }
        for name in ("Spring", "Summer")
    ]
    return half


def test_concurrent_joins_links_and_reads_keep_every_invariant(
    tiktok_app: Any, served_tiktok: Any
) -> None:
    """Creators join twice and link all their posts to two campaigns at once, while the brand
    reads: one order each, quota never exceeded, a post linked to one campaign only."""
    from simulator.control import control_hooks
    from simulator.tiktok.models import Video

    url = served_tiktok.url
    seeded = requests.post(
        f"{url}/_sim/tenants", json={"id": "busy", "scenario": _world()}, timeout=10
    ).json()["seeded"]
    brand = seeded["brands"][0]
    links = {c["campaign_name"]: c["invite_code"] for c in seeded["campaigns"]}
    tenant = control_hooks(tiktok_app).registry.get("busy", create=False)
    with tenant.lock:  # every creator already has published posts, not yet in any campaign
        now = tenant.clock.now()
        for handle in CREATORS:
            for k in range(VIDEOS_EACH):
                tenant.state.videos.append(
                    Video(
                        tenant.ids.video_id(),
                        handle,
                        f"{handle} {k} #ad",
                        status="PUBLISHED",
                        created_at=now,
                        published_at=now,
                    )
                )
    posts = {h: [v.video_id for v in tenant.state.videos if v.handle == h] for h in CREATORS}
    headers = {"Access-Token": brand["access_token"], "X-Sim-Tenant": "busy"}

    def call(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        answer = requests.request(method, url + BIZ + path, headers=headers, timeout=10, **kwargs)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def orders(campaign: str) -> list[dict[str, Any]]:
        return list(
            call(
                "GET",
                "/tcm/order/get/v2/",
                params={
                    "tcm_account_id": brand["tcm_account_id"],
                    "query_type": "INVITE_LINK",
                    "invite_link": links[campaign],
                    "page_size": 20,
                },
            )["data"]["orders"]
        )

    def creator(i: int) -> list[int]:
        handle = CREATORS[i % len(CREATORS)]
        # three workers per creator: one races another for the same slot with other posts,
        # the third for the same post in the other campaign
        way = i // len(CREATORS)
        mine = posts[handle][::-1] if way == 1 else posts[handle]
        campaigns = list(links)[::-1] if way == 2 else list(links)
        codes = []
        for campaign in links:
            codes.append(
                call(
                    "POST",
                    "/tto/creator/campaign/join/",
                    json={"creator_id": handle, "tto_invite_link": links[campaign]},
                )["code"]
            )
        for video_id in mine:
            for campaign in campaigns:
                codes.append(
                    call(
                        "POST",
                        "/tto/creator/campaign/video/link/",
                        json={
                            "creator_id": handle,
                            "tto_invite_link": links[campaign],
                            "video_id": video_id,
                        },
                    )["code"]
                )
                orders(campaign)
        return codes

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(creator, i) for i in range(len(CREATORS) * 3)]
        codes = [c for f in futures for c in f.result(timeout=DEADLINE)]
    assert codes.count(0) >= len(CREATORS) * 3 * len(links), "joins should all answer OK"
    linked: dict[str, list[str]] = {}
    for campaign in links:
        found = orders(campaign)
        assert sorted(o["handle_name"] for o in found) == CREATORS, "one order per creator"
        for order in found:
            assert order["status"] == "ACCEPTED"
            quota = order["quota"]
            assert len(order["video_ids"]) == quota["current_video_count"]
            assert quota["current_video_count"] <= quota["per_creator_video_limit"] == 1
            for video_id in order["video_ids"]:
                assert video_id in posts[order["handle_name"]]
                linked.setdefault(video_id, []).append(campaign)
    assert all(len(c) == 1 for c in linked.values()), f"linked twice: {linked}"
    assert len(linked) == 2 * len(CREATORS), "each creator fills each campaign's one slot"
