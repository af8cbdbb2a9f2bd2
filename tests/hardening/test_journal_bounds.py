"""The journal is bounded: bodies are cut past a cap, the oldest entries dropped past a count or
a byte budget, and the journal answer says so; memory stays flat under a flood of large bodies
(issue 11: four 20 MB posts took the fake from 180 to 379 MB)."""

from __future__ import annotations

import gc
import json
from typing import Any

import psutil
import pytest

from simulator.core.journal import BODY_LIMIT

CREATE = "/open_api/v1.3/tto/tcm/campaign/create/"
HEADERS = {"Access-Token": "demo-business-token", "X-Sim-Tenant": "t1"}
MB = 1024 * 1024


@pytest.fixture
def client(tiktok_app: Any) -> Any:
    client = tiktok_app.test_client()
    assert client.post("/_sim/tenants", json={"id": "t1", "dataset": "demo"}).status_code == 201
    return client


def _big_json(size: int) -> bytes:
    return json.dumps({"campaign_name": "x" * size}).encode()


def test_a_large_body_is_cut_and_the_entry_says_how_large_it_was(client: Any) -> None:
    body = _big_json(2 * MB)
    client.post(CREATE, data=body, headers={**HEADERS, "Content-Type": "application/json"})
    entry = client.get("/_sim/journal?tenant=t1&limit=1").get_json()["entries"][0]
    assert len(entry["request_body"]) <= BODY_LIMIT + 100
    assert entry["request_body"].startswith('{"campaign_name": "xxx')
    assert entry["truncated"]["request_body"] == len(body)


def test_a_small_body_is_kept_whole(client: Any) -> None:
    client.post(CREATE, json={"campaign_name": "small"}, headers=HEADERS)
    entry = client.get("/_sim/journal?tenant=t1&limit=1").get_json()["entries"][0]
    assert entry["request_body"] == {"campaign_name": "small"}
    assert entry["truncated"] == {}


def test_the_oldest_entries_are_dropped_past_the_count_and_the_answer_says_so(
    tiktok_app: Any, client: Any
) -> None:
    journal = tiktok_app.extensions["tiktok_sim"].get("t1").journal
    journal.limit = 3
    for n in range(5):
        client.post(CREATE, json={"campaign_name": f"c{n}"}, headers=HEADERS)
    answer = client.get("/_sim/journal?tenant=t1").get_json()
    names = [e["request_body"]["campaign_name"] for e in answer["entries"]]
    assert names == ["c2", "c3", "c4"]
    assert answer["dropped"] == 2
    assert answer["limits"]["entries"] == 3
    assert answer["limits"]["body_bytes"] == BODY_LIMIT


def test_memory_stays_flat_under_a_flood_of_large_bodies(client: Any) -> None:
    """40 posts of 5 MB into one tenant: what the process holds after the first 10 is what it
    holds after all 40, give or take far less than one more post's worth per post."""
    body = _big_json(5 * MB)
    headers = {**HEADERS, "Content-Type": "application/json"}
    process = psutil.Process()

    def flood(times: int) -> int:
        for _ in range(times):
            client.post(CREATE, data=body, headers=headers)
        gc.collect()
        return int(process.memory_info().rss)

    settled = flood(10)
    after = flood(30)
    grown = (after - settled) / MB
    assert grown < 40, f"RSS grew {grown:.0f} MB over 30 posts of 5 MB: bodies are being kept"
    entries = client.get("/_sim/journal?tenant=t1").get_json()["entries"]
    assert len(entries) == 40


def test_the_oldest_entries_are_dropped_past_the_byte_budget() -> None:
    from simulator.core.journal import Journal, JournalEntry

    journal = Journal(limit=100, max_bytes=3 * BODY_LIMIT)
    for _ in range(5):
        journal.record_deferred(
            lambda seq, path: JournalEntry(
                seq=seq, kind="request", time="", method="POST", path=path
            ),
            "/",
            size=BODY_LIMIT,
        )
    assert [e.seq for e in journal.entries()] == [3, 4, 5]
    assert journal.dropped == 2


def test_a_tenant_holds_a_bounded_number_of_fault_rules(client: Any) -> None:
    from simulator.core.faults import RULE_LIMIT

    for n in range(RULE_LIMIT):
        rule = {"tenant": "t1", "path": f"/nowhere/{n}"}
        assert client.post("/_sim/faults", json=rule).status_code == 201
    answer = client.post("/_sim/faults", json={"tenant": "t1", "path": "/one/more"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "too_many_faults"
