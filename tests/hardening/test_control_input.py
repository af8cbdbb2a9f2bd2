"""Bad input to /_sim is refused at the door: a 400 naming the field, nothing stored, and the
tenant's API and journal keep answering (issue 11, "bad input that breaks or poisons")."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.demo import demo_scenario

CREATE = "/open_api/v1.3/tto/tcm/campaign/create/"
TOKEN = {"Access-Token": "demo-business-token", "X-Sim-Tenant": "t1"}


@pytest.fixture
def client(tiktok_app: Any) -> Any:
    """A client of the fake TikTok with tenant 't1' holding the demo's TikTok half."""
    client = tiktok_app.test_client()
    made = client.post("/_sim/tenants", json={"id": "t1", "scenario": demo_scenario()["tiktok"]})
    assert made.status_code == 201, made.get_data(as_text=True)
    return client


def _api_still_answers(client: Any) -> None:
    """The tenant's Business API answers in its own envelope (not 50000 from a poisoned rule)."""
    answer = client.get(
        "/open_api/v1.3/tto/tcm/campaign/?tto_tcm_account_id=7000000000000000001", headers=TOKEN
    ).get_json()
    assert answer["code"] != 50000, answer


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"path": "/open_api/*", "times": "many"}, "times"),
        ({"path": "/open_api/*", "times": -1}, "times"),
        ({"path": "/open_api/*", "probability": "x"}, "probability"),
        ({"path": "/open_api/*", "probability": 2}, "probability"),
        ({"path": ["/open_api/*"]}, "path"),
        ({"path": "/open_api/*", "http_status": "abc"}, "http_status"),
        ({"path": "/open_api/*", "http_status": 99}, "http_status"),
        ({"path": "/open_api/*", "latency_ms": "slow"}, "latency_ms"),
        ({"path": "/open_api/*", "method": 5}, "method"),
        ({"path": "/open_api/*", "kind": "explode"}, "kind"),
        ({"path": "/open_api/*", "seed": {"a": 1}}, "seed"),
        ({"path": "/open_api/*", "error_code": [1]}, "error_code"),
        ({"path": "/open_api/*", "message": 12}, "message"),
    ],
)
def test_a_bad_fault_rule_is_refused_naming_its_field_and_nothing_is_stored(
    client: Any, rule: dict[str, Any], field: str
) -> None:
    answer = client.post("/_sim/faults", json={"tenant": "t1", **rule})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert error["field"] == field
    assert field in error["message"]
    assert client.get("/_sim/faults?tenant=t1").get_json()["faults"] == []
    _api_still_answers(client)


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"kind": "fail", "http_status": "x"}, "http_status"),
        ({"kind": "duplicate", "copies": "two"}, "copies"),
        ({"kind": "delay", "delay": "soon"}, "delay"),
        ({"kind": "delay", "delay_s": -5}, "delay_s"),
        ({"kind": "fail", "event_type": ["*"]}, "event_type"),
        ({"kind": "fail", "times": 1.5}, "times"),
    ],
)
def test_a_bad_webhook_fault_is_refused_naming_its_field(
    client: Any, rule: dict[str, Any], field: str
) -> None:
    answer = client.post("/_sim/faults/webhooks", json={"tenant": "t1", **rule})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["field"] == field
    assert client.get("/_sim/faults?tenant=t1").get_json()["webhook_faults"] == []


def test_a_good_fault_rule_still_works(client: Any) -> None:
    rule = {"tenant": "t1", "path": "/open_api/*", "error_code": 40100, "times": 1}
    added = client.post("/_sim/faults", json=rule)
    assert added.status_code == 201
    first = client.get(
        "/open_api/v1.3/tto/tcm/campaign/?tto_tcm_account_id=7000000000000000001", headers=TOKEN
    ).get_json()
    assert first["code"] == 40100
    _api_still_answers(client)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"advance": "9999999999d"}, "advance"),
        ({"advance": "soon"}, "advance"),
        ({"advance": [1]}, "advance"),
        ({"advance": -5}, "advance"),
        ({"set": 1e20}, "set"),
        ({"set": "yesterday"}, "set"),
        ({"set": -1e15}, "set"),
        ({"set": True}, "set"),
    ],
)
def test_a_bad_clock_move_is_refused_naming_its_field_and_the_clock_stands(
    client: Any, body: dict[str, Any], field: str
) -> None:
    client.post("/_sim/clock", json={"tenant": "t1", "freeze": True})
    before = client.get("/_sim/clock?tenant=t1").get_json()
    answer = client.post("/_sim/clock", json={"tenant": "t1", **body})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["field"] == field
    assert client.get("/_sim/clock?tenant=t1").get_json() == before
    _api_still_answers(client)


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=abc", "limit"), ("since=x", "since"), ("limit=-3", "limit"), ("status=ok", "status")],
)
def test_a_bad_journal_query_is_refused_naming_its_field(
    client: Any, query: str, field: str
) -> None:
    answer = client.get(f"/_sim/journal?tenant=t1&{query}")
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["field"] == field


def test_a_bad_verify_times_is_refused_naming_its_field(client: Any) -> None:
    answer = client.post("/_sim/journal/verify", json={"tenant": "t1", "times": "twice"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["field"] == "times"


def _nested(depth: int) -> bytes:
    return b'{"a": ' + b"[" * depth + b"]" * depth + b"}"


def test_deeply_nested_json_is_refused_and_the_journal_keeps_answering(client: Any) -> None:
    """Nested JSON on /_sim is a 400; on an API it is journaled, and the journal still reads."""
    nested = _nested(100_000)
    answer = client.post(
        "/_sim/clock?tenant=t1", data=nested, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400, answer.get_data(as_text=True)
    client.post(CREATE, data=nested, headers={**TOKEN, "Content-Type": "application/json"})
    journal = client.get("/_sim/journal?tenant=t1")
    assert journal.status_code == 200, journal.get_data(as_text=True)
    assert journal.get_json()["entries"], "the nested call was not journaled"
    _api_still_answers(client)
