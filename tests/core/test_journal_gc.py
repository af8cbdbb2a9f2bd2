"""What a served call leaves behind is out of the garbage collector's sight.

A tenant's journal holds up to 5,000 calls. When each held a handful of objects the cyclic
garbage collector tracks (a partial, its keyword dict, a headers dict...), a full collection
walked all of them every time a quarter of the heap had turned over: under `make bench`'s
read load, a pause of tens of milliseconds every half second, which was the read's p99.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

from simulator.demo import DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID

CALLS = 2000


@pytest.mark.parametrize("front", [True, False], ids=["api-front", "flask"])
def test_journaled_calls_leave_no_objects_for_the_collector(front: bool) -> None:
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, "SEED": 3, "API_FRONT": front})
    client = app.test_client()
    client.environ_base["HTTP_X_SIM_TENANT"] = "default"
    path = (
        f"/open_api/v1.3/tcm/order/get/v2/?tcm_account_id={DEMO_TCM_ACCOUNT_ID}"
        "&query_type=ORDER_ID&order_ids=%5B%5D&page=1&page_size=20"
    )
    from simulator.demo import demo_scenario

    seeded = client.post(
        "/_sim/tenants", json={"id": "default", "scenario": demo_scenario()["tiktok"]}
    )
    assert seeded.status_code in (200, 201), seeded.get_json()
    headers = {"Access-Token": DEMO_BRAND_TOKEN}
    for _ in range(50):
        client.get(path, headers=headers)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(CALLS):
        client.get(path, headers=headers)
    gc.collect()
    grown = len(gc.get_objects()) - before
    journal = client.get("/_sim/journal?limit=1").get_json()
    assert journal["entries"][0]["path"].endswith("/tcm/order/get/v2/")
    assert grown < CALLS // 10, f"{grown} more tracked objects after {CALLS} journaled calls"


def test_a_call_the_api_front_answers_leaves_no_garbage_cycle() -> None:
    """Nothing a call makes waits for the collector: Werkzeug puts a request into its environ
    by default, and the two then hold each other, a cycle for every call that only a
    collection frees (under a read load, the only reason collections ran at all)."""
    from werkzeug.test import EnvironBuilder

    from simulator.demo import demo_scenario
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, "SEED": 3})
    seeded = app.test_client().post(
        "/_sim/tenants", json={"id": "default", "scenario": demo_scenario()["tiktok"]}
    )
    assert seeded.status_code in (200, 201), seeded.get_json()
    builder = EnvironBuilder(
        path="/open_api/v1.3/tto/tcm/campaign/",
        query_string=f"tto_tcm_account_id={DEMO_TCM_ACCOUNT_ID}",
        headers=[("Access-Token", DEMO_BRAND_TOKEN), ("X-Sim-Tenant", "default")],
    )
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
        statuses.append(status)

    def call() -> bytes:
        return b"".join(app(builder.get_environ(), start_response))

    for _ in range(20):
        call()
    gc.collect()
    gc.disable()
    try:
        for _ in range(100):
            call()
        left = gc.collect()
    finally:
        gc.enable()
    answer = call()
    assert statuses[-1] == "200 OK" and b'"code":0' in answer, answer[:200]
    assert left < 10, f"100 calls left {left} objects only the collector could free"
