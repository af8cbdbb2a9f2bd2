"""The /_sim endpoints on an app built like the real two, through Flask's test client."""

from __future__ import annotations

from typing import Any

import pytest
from control_fakeapp import texts
from flask import Flask
from flask.testing import FlaskClient

T1 = {"X-Sim-Tenant": "t1"}


def _post(client: FlaskClient, path: str, body: Any = None, **kw: Any) -> Any:
    response = client.post(f"/_sim{path}", json=body or {}, **kw)
    return response.status_code, response.get_json()


def test_tenants_are_created_seeded_listed_isolated_and_deleted(client: FlaskClient) -> None:
    assert _post(client, "/tenants", {"id": "t1", "dataset": "demo"})[0] == 201
    assert _post(client, "/tenants", {"id": "t2", "scenario": {"notes": ["only t2"]}})[0] == 201

    # a control call never creates a tenant ('default' appears with the first API call)
    assert client.get("/_sim/tenants").get_json() == {"tenants": ["t1", "t2"]}
    assert texts(client, "t1") == ["hello", "world"]
    assert texts(client, "t2") == ["only t2"]

    assert client.delete("/_sim/tenants/t2").get_json() == {"deleted": "t2"}
    assert client.get("/_sim/tenants").get_json() == {"tenants": ["t1"]}
    missing = client.delete("/_sim/tenants/t2")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "tenant_not_found"


def test_a_credential_bound_at_seed_time_chooses_the_tenant(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t9", "scenario": {"notes": ["n"], "tokens": ["tok-9"]}})
    data = client.get("/api/notes", headers={"Access-Token": "tok-9"}).get_json()
    assert [n["text"] for n in data["data"]["notes"]] == ["n"]


def test_reset_one_tenant_or_all(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t1", "dataset": "demo"})
    _post(client, "/tenants", {"id": "t2", "dataset": "demo"})
    assert _post(client, "/reset", {"tenant": "t1"}) == (200, {"reset": "t1", "seeded": {}})
    assert texts(client, "t1") == []
    assert texts(client, "t2") == ["hello", "world"]
    assert _post(client, "/reset", {"all": True}) == (200, {"reset": "all"})
    assert client.get("/_sim/tenants").get_json() == {"tenants": []}


def test_seed_adds_to_a_tenant_and_unknown_dataset_names_the_known_ones(
    client: FlaskClient,
) -> None:
    _post(client, "/seed", {"tenant": "t1", "scenario": {"notes": ["a"]}})
    _post(client, "/seed", {"tenant": "t1", "scenario": {"notes": ["b"]}})
    assert texts(client, "t1") == ["a", "b"]
    status, body = _post(client, "/seed", {"tenant": "t1", "dataset": "nope"})
    assert status == 400
    assert body["error"] == {
        "code": "unknown_dataset",
        "message": "no data set 'nope'; known: demo, empty",
    }


def test_snapshot_restore_brings_back_state_and_clock(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t1", "dataset": "demo"})
    _post(client, "/clock", {"tenant": "t1", "set": "2024-05-01T09:00:00Z", "freeze": True})
    status, snap = _post(client, "/snapshots", {"tenant": "t1", "name": "base"})
    assert (status, snap["name"], snap["tenant"]) == (201, "base", "t1")
    assert snap["created"] == "2024-05-01T09:00:00Z"

    client.post("/api/notes", json={"text": "later"}, headers=T1)
    _post(client, "/clock", {"tenant": "t1", "advance": "1d"})
    assert texts(client, "t1") == ["hello", "world", "later"]

    status, restored = _post(client, "/snapshots/base/restore", {"tenant": "t1"})
    assert status == 200
    assert restored["clock"]["now"] == "2024-05-01T09:00:00Z"
    assert texts(client, "t1") == ["hello", "world"]


def test_a_fork_starts_from_the_snapshot_and_lives_apart(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t1", "dataset": "demo"})
    _post(client, "/snapshots", {"tenant": "t1", "name": "base"})
    assert _post(client, "/snapshots/base/fork", {"tenant": "f1"})[0] == 201
    client.post("/api/notes", json={"text": "only in f1"}, headers={"X-Sim-Tenant": "f1"})

    assert texts(client, "f1") == ["hello", "world", "only in f1"]
    assert texts(client, "t1") == ["hello", "world"]
    listed = client.get("/_sim/snapshots").get_json()["snapshots"]
    assert [(s["name"], s["tenant"]) for s in listed] == [("base", "t1")]


def test_snapshots_survive_a_reset_of_their_tenant(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t1", "dataset": "demo"})
    _post(client, "/snapshots", {"tenant": "t1", "name": "base"})
    _post(client, "/reset", {"tenant": "t1"})
    _post(client, "/snapshots/base/restore")
    assert texts(client, "t1") == ["hello", "world"]


def test_unknown_snapshot_is_a_404_naming_the_known_ones(client: FlaskClient) -> None:
    _post(client, "/tenants", {"id": "t1"})
    _post(client, "/snapshots", {"tenant": "t1", "name": "base"})
    status, body = _post(client, "/snapshots/nope/restore")
    assert status == 404
    assert body["error"]["message"] == "no snapshot 'nope' (known: base)"


def test_export_then_import_under_another_name_gives_the_same_answers(
    client: FlaskClient, app: Flask
) -> None:
    _post(client, "/tenants", {"id": "t1", "dataset": "demo"})
    _post(client, "/clock", {"tenant": "t1", "set": "2024-05-01T09:00:00Z", "freeze": True})
    exported = client.get("/_sim/export?tenant=t1").get_json()
    assert exported["format"] == "tiktok-sim/state"

    other = type(app)  # noqa: F841 - a second app proves nothing is shared in memory
    from control_fakeapp import create_app

    fresh = create_app({"SEED": 3}).test_client()
    status, body = _post(fresh, "/import?tenant=copy", exported)
    assert (status, body) == (201, {"tenants": ["copy"]})
    before = client.get("/api/notes", headers=T1).get_json()
    after = fresh.get("/api/notes", headers={"X-Sim-Tenant": "copy"}).get_json()
    assert after == before
    assert fresh.get("/_sim/clock?tenant=copy").get_json()["now"] == "2024-05-01T09:00:00Z"
    # the id source travelled too: the next id is the same in both
    a = client.post("/api/notes", json={"text": "x"}, headers=T1).get_json()
    b = fresh.post("/api/notes", json={"text": "x"}, headers={"X-Sim-Tenant": "copy"}).get_json()
    assert a == b


def test_import_refuses_what_is_not_a_state_document(client: FlaskClient) -> None:
    status, body = _post(client, "/import", {"hello": 1})
    assert status == 400
    assert body["error"] == {"code": "invalid_state", "message": "not a tiktok-sim/state document"}


def test_clock_freeze_set_advance_unfreeze(client: FlaskClient) -> None:
    status, clock = _post(
        client, "/clock", {"tenant": "t1", "freeze": True, "set": "2024-05-01T09:00:00Z"}
    )
    assert (status, clock["now"], clock["frozen"]) == (200, "2024-05-01T09:00:00Z", True)
    for step, expected in [("2h", "11:00:00"), ("90s", "11:01:30"), ("1d", "11:01:30")]:
        clock = _post(client, "/clock", {"tenant": "t1", "advance": step})[1]
        day = "02" if step == "1d" else "01"
        assert clock["now"] == f"2024-05-{day}T{expected}Z"
    assert client.get("/_sim/clock?tenant=default").get_json()["frozen"] is False
    assert _post(client, "/clock", {"tenant": "t1", "unfreeze": True})[1]["frozen"] is False
    status, bad = _post(client, "/clock", {"tenant": "t1", "advance": "soon"})
    assert status == 400
    assert "not a duration" in bad["error"]["message"]


def test_fault_rules_hit_the_next_calls_and_one_can_be_removed(client: FlaskClient) -> None:
    status, rule = _post(
        client,
        "/faults",
        {
            "tenant": "t1",
            "path": "/api/notes",
            "method": "GET",
            "http_status": 429,
            "error_code": 40100,
            "message": "slow down",
            "times": 1,
        },
    )
    assert (status, rule["id"], rule["remaining"]) == (201, 1, 1)
    first = client.get("/api/notes", headers=T1)
    second = client.get("/api/notes", headers=T1)
    assert (first.status_code, first.get_json()["code"]) == (429, 40100)
    assert second.status_code == 200

    _post(client, "/faults", {"tenant": "t1", "path": "/api/*", "kind": "malformed"})
    assert client.get("/api/notes", headers=T1).get_json(silent=True) is None
    assert client.delete("/_sim/faults/2?tenant=t1").get_json() == {"removed": 2}
    assert client.get("/api/notes", headers=T1).status_code == 200
    assert client.delete("/_sim/faults/2?tenant=t1").status_code == 404


def test_unknown_fault_fields_are_named(client: FlaskClient) -> None:
    status, body = _post(client, "/faults", {"path": "/x", "colour": "red"})
    assert status == 400
    assert body["error"]["field"] == "colour"
    assert body["error"]["message"].startswith("'colour' is not a field of this rule (known: ")


def test_webhook_faults_are_stored_listed_and_picked_by_event_type(
    client: FlaskClient, app: Flask
) -> None:
    status, rule = _post(
        client,
        "/faults/webhooks",
        {"tenant": "t1", "kind": "delay", "event_type": "tto_video_*", "delay": "5m", "times": 1},
    )
    assert (status, rule["kind"], rule["delay_s"], rule["id"]) == (201, "delay", 300.0, 1)
    _post(client, "/faults/webhooks", {"tenant": "t1", "kind": "duplicate", "copies": 3})
    listed = client.get("/_sim/faults?tenant=t1").get_json()
    assert [r["kind"] for r in listed["webhook_faults"]] == ["delay", "duplicate"]

    faults = app.extensions["fake_sim"].get("t1").faults
    picked = [faults.pick_webhook("tto_video_published") for _ in range(2)]
    assert [p.kind if p else None for p in picked] == ["delay", "duplicate"]
    assert picked[1] is not None and picked[1].copies == 3
    status, bad = _post(client, "/faults/webhooks", {"kind": "explode"})
    assert status == 400
    assert bad["error"]["message"].startswith("'kind' must be one of delay, duplicate")


def test_journal_filters_and_clears(client: FlaskClient) -> None:
    client.post("/_sim/tenants", json={"id": "t1"})
    client.get("/api/notes", headers=T1)
    client.post("/api/notes", json={"text": "a"}, headers=T1)
    client.get("/api/notes/404", headers=T1)

    def paths(query: str) -> list[tuple[str, str, int]]:
        entries = client.get(f"/_sim/journal?tenant=t1&{query}").get_json()["entries"]
        return [(e["method"], e["path"], e["status"]) for e in entries]

    assert paths("method=POST") == [("POST", "/api/notes", 201)]
    assert paths("path=/api/notes/*") == [("GET", "/api/notes/404", 404)]
    assert paths("status=404") == [("GET", "/api/notes/404", 404)]
    assert paths("limit=1") == [("GET", "/api/notes/404", 404)]
    assert paths("since=2") == [("GET", "/api/notes/404", 404)]
    assert client.get("/_sim/journal?tenant=default").get_json()["entries"] == []
    assert client.delete("/_sim/journal?tenant=t1").get_json() == {"cleared": True}
    assert paths("") == []


def test_verify_passes_on_a_subset_body_match(client: FlaskClient) -> None:
    client.post("/_sim/tenants", json={"id": "t1"})
    client.post("/api/notes", json={"text": "hi", "extra": 1}, headers=T1)
    status, body = _post(
        client,
        "/journal/verify",
        {
            "tenant": "t1",
            "method": "POST",
            "path": "/api/notes",
            "times": 1,
            "body": {"text": "hi"},
        },
    )
    assert status == 200
    assert body["ok"] is True
    assert body["message"] == "ok: 1 call matched POST /api/notes"


def test_verify_failure_names_the_nearest_requests_and_how_they_differ(
    client: FlaskClient,
) -> None:
    client.post("/_sim/tenants", json={"id": "t1"})
    client.post("/api/notes", json={"text": "hello"}, headers=T1)
    client.get("/api/notes", headers=T1)
    status, body = _post(
        client,
        "/journal/verify",
        {"tenant": "t1", "method": "POST", "path": "/api/notes", "body": {"text": "bye"}},
    )
    assert status == 409
    assert body["ok"] is False
    assert body["matched"] == 0
    nearest = body["nearest"]
    assert nearest[0]["seq"] == 1
    assert nearest[0]["differences"] == ["body.text is 'hello', not 'bye'"]
    assert nearest[1]["differences"] == [
        "method is GET, not POST",
        "body is None, not an object",
    ]
    assert body["message"].startswith(
        "expected at least 1 call(s) to POST /api/notes, found 0; nearest:\n"
        "  #1 POST /api/notes: body.text is 'hello', not 'bye'"
    )


def test_verify_counts_exactly_when_times_is_given(client: FlaskClient) -> None:
    client.post("/_sim/tenants", json={"id": "t1"})
    for _ in range(2):
        client.post("/api/notes", json={"text": "x"}, headers=T1)
    status, body = _post(
        client, "/journal/verify", {"tenant": "t1", "path": "/api/notes", "times": 1}
    )
    assert (status, body["matched"], body["expected"]) == (409, 2, "exactly 1")


@pytest.mark.parametrize("remote", ["10.1.2.3", "192.168.0.7"])
def test_remote_callers_are_refused_unless_allowed(
    app: Flask, client: FlaskClient, remote: str
) -> None:
    refused = client.get("/_sim/tenants", environ_base={"REMOTE_ADDR": remote})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "control_remote_refused"
    # the app's own API is not a control and still answers remote callers
    assert client.get("/api/notes", environ_base={"REMOTE_ADDR": remote}).status_code == 200
    app.config["SIM_CONTROL_ALLOW_REMOTE"] = True
    assert client.get("/_sim/tenants", environ_base={"REMOTE_ADDR": remote}).status_code == 200


def test_ipv6_loopback_is_local(client: FlaskClient) -> None:
    assert client.get("/_sim/tenants", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_a_token_is_required_when_one_is_configured(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIM_CONTROL_TOKEN", "s3cret")
    missing = client.get("/_sim/tenants")
    wrong = client.get("/_sim/tenants", headers={"Authorization": "Bearer nope"})
    right = client.get("/_sim/tenants", headers={"Authorization": "Bearer s3cret"})
    assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
    assert missing.get_json()["error"]["code"] == "control_token_required"
    monkeypatch.delenv("SIM_CONTROL_TOKEN")
    app.config["SIM_CONTROL_TOKEN"] = "from-config"
    assert client.get("/_sim/tenants").status_code == 401


def test_the_control_root_lists_every_endpoint_with_its_methods(client: FlaskClient) -> None:
    answer = client.get("/_sim/")
    assert answer.status_code == 200
    listed = {e["path"]: e["methods"] for e in answer.get_json()["endpoints"]}
    assert listed["/_sim/clock"] == ["GET", "POST"]
    assert "POST" in listed["/_sim/tenants"] and "DELETE" in listed["/_sim/faults"]
