"""Two rules of the controls: which tenant a copied token leads to, and reads create nothing."""

from __future__ import annotations

from typing import Any

import pytest
from control_fakeapp import texts
from flask.testing import FlaskClient

from simulator import cli


def _post(client: FlaskClient, path: str, body: Any = None) -> Any:
    response = client.post(f"/_sim{path}", json=body or {})
    return response.status_code, response.get_json()


def _issue(client: FlaskClient, tenant: str) -> str:
    answer = client.post("/api/tokens", headers={"X-Sim-Tenant": tenant}).get_json()
    return str(answer["data"]["token"])


def _notes_by_token(client: FlaskClient, token: str) -> list[str]:
    data = client.get("/api/notes", headers={"Access-Token": token}).get_json()
    return [n["text"] for n in data["data"]["notes"]]


@pytest.fixture
def based(client: FlaskClient) -> FlaskClient:
    """t1 holds one note and the seeded token tok-1; snapshot 'base' is taken of it."""
    _post(client, "/tenants", {"id": "t1", "scenario": {"notes": ["from t1"], "tokens": ["tok-1"]}})
    assert _post(client, "/snapshots", {"tenant": "t1", "name": "base"})[0] == 201
    return client


# ---- (a) copied tokens: the original keeps them; a fork's own tokens lead to the fork


def test_a_forks_copied_tokens_still_lead_to_the_original(based: FlaskClient) -> None:
    assert _post(based, "/snapshots/base/fork", {"tenant": "f1"})[0] == 201
    based.post("/api/notes", json={"text": "only in f1"}, headers={"X-Sim-Tenant": "f1"})

    assert _notes_by_token(based, "tok-1") == ["from t1"]  # not the fork's
    assert texts(based, "f1") == ["from t1", "only in f1"]  # the fork, by header
    assert based.get("/_sim/tenants/f1/credentials").get_json() == {
        "tenant": "f1",
        "bound": [],
        "copied_from": "t1",
        "copied": [{"credential": "tok-1", "leads_to": "t1"}],
    }
    assert based.get("/_sim/tenants/t1/credentials").get_json() == {
        "tenant": "t1",
        "bound": ["tok-1"],
        "copied_from": None,
        "copied": [],
    }


def test_tokens_issued_in_each_fork_are_its_own_and_lead_to_it(based: FlaskClient) -> None:
    _post(based, "/snapshots/base/fork", {"tenant": "f1"})
    _post(based, "/snapshots/base/fork", {"tenant": "f2"})
    for tenant in ("f1", "f2"):
        based.post("/api/notes", json={"text": f"in {tenant}"}, headers={"X-Sim-Tenant": tenant})
    tokens = {tenant: _issue(based, tenant) for tenant in ("t1", "f1", "f2")}

    assert len(set(tokens.values())) == 3  # forks of one snapshot no longer issue the same
    assert _notes_by_token(based, tokens["f1"]) == ["from t1", "in f1"]
    assert _notes_by_token(based, tokens["f2"]) == ["from t1", "in f2"]
    assert _notes_by_token(based, tokens["t1"]) == ["from t1"]
    assert based.get("/_sim/tenants/f2/credentials").get_json()["bound"] == [tokens["f2"]]


def test_a_forks_ids_are_deterministic(based: FlaskClient, app: Any) -> None:
    from control_fakeapp import create_app

    other = create_app({"TESTING": True, "SEED": 3}).test_client()
    _post(other, "/tenants", {"id": "t1", "scenario": {"notes": ["from t1"], "tokens": ["tok-1"]}})
    _post(other, "/snapshots", {"tenant": "t1", "name": "base"})
    for client in (based, other):
        _post(client, "/snapshots/base/fork", {"tenant": "f1"})
    assert _issue(based, "f1") == _issue(other, "f1")


def test_restoring_into_another_tenant_copies_as_a_fork_does(based: FlaskClient) -> None:
    _post(based, "/snapshots/base/restore", {"tenant": "r1"})
    assert _notes_by_token(based, "tok-1") == ["from t1"]
    assert based.get("/_sim/tenants/r1/credentials").get_json()["copied_from"] == "t1"
    # restoring into its own tenant is not a copy, and its tokens lead home again
    based.delete("/_sim/tenants/t1")
    _post(based, "/snapshots/base/restore", {})
    assert based.get("/_sim/tenants/t1/credentials").get_json()["bound"] == ["tok-1"]


def test_when_the_original_is_gone_copied_tokens_lead_nowhere(based: FlaskClient) -> None:
    _post(based, "/snapshots/base/fork", {"tenant": "f1"})
    based.delete("/_sim/tenants/t1")
    answer = based.get("/_sim/tenants/f1/credentials").get_json()
    assert answer["copied"] == [{"credential": "tok-1", "leads_to": None}]
    # a reset fork is no longer a copy
    _post(based, "/reset", {"tenant": "f1"})
    assert based.get("/_sim/tenants/f1/credentials").get_json()["copied_from"] is None


def test_an_import_under_a_new_name_is_listed_as_a_copy(based: FlaskClient) -> None:
    exported = based.get("/_sim/export?tenant=t1").get_json()
    assert _post(based, "/import?tenant=t3", exported)[0] == 201
    assert _notes_by_token(based, "tok-1") == ["from t1"]
    answer = based.get("/_sim/tenants/t3/credentials").get_json()
    assert (answer["copied_from"], answer["copied"]) == (
        "t1",
        [{"credential": "tok-1", "leads_to": "t1"}],
    )


# ---- (b) reading through /_sim never creates a tenant ('default' excepted)

READS = [
    ("GET", "/_sim/clock?tenant=ghost", None),
    ("GET", "/_sim/journal?tenant=ghost", None),
    ("POST", "/_sim/journal/verify", {"tenant": "ghost", "path": "/api/notes"}),
    ("GET", "/_sim/faults?tenant=ghost", None),
    ("GET", "/_sim/faults/webhooks?tenant=ghost", None),
    ("GET", "/_sim/export?tenant=ghost", None),
    ("GET", "/_sim/tenants/ghost/credentials", None),
]


@pytest.mark.parametrize(("method", "path", "body"), READS)
def test_reading_an_unknown_tenant_is_404_and_creates_nothing(
    client: FlaskClient, method: str, path: str, body: Any
) -> None:
    _post(client, "/tenants", {"id": "t1"})
    response = client.open(path, method=method, json=body)
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "tenant_not_found"
    assert error["message"] == (
        "no tenant 'ghost' (tenants: t1); create it with POST /_sim/tenants "
        "or `tiktok-sim tenants create ghost`"
    )
    assert client.get("/_sim/tenants").get_json() == {"tenants": ["t1"]}


def test_the_tenant_header_on_a_control_call_creates_nothing(client: FlaskClient) -> None:
    headers = {"X-Sim-Tenant": "ghost"}
    assert client.get("/_sim/tenants", headers=headers).get_json() == {"tenants": []}
    assert client.get("/_sim/clock", headers=headers).status_code == 404
    assert client.get("/_sim/tenants").get_json() == {"tenants": []}


def test_default_can_always_be_read_and_writes_still_create(client: FlaskClient) -> None:
    assert client.get("/_sim/clock").status_code == 200
    assert _post(client, "/faults", {"tenant": "t5", "path": "/api/*"})[0] == 201
    assert client.get("/_sim/tenants").get_json() == {"tenants": ["default", "t5"]}


def test_after_reset_all_the_real_apps_list_no_tenant() -> None:
    from simulator.flex.app import create_app as flex_app
    from simulator.tiktok.app import create_app as tiktok_app

    for make in (tiktok_app, flex_app):
        client = make({"TESTING": True, "WEBHOOK_SYNC": True}).test_client()  # no sender thread
        assert client.post("/_sim/reset", json={"all": True}).status_code == 200
        assert client.get("/_sim/tenants").get_json() == {"tenants": []}
        assert client.get("/_sim/clock?tenant=ghost").status_code == 404
        assert client.get("/_sim/tenants").get_json() == {"tenants": []}
        client.get("/_sim/health")
        assert client.get("/_sim/tenants").get_json() == {"tenants": []}


def test_the_guard_still_applies_ahead_of_tenancy(client: FlaskClient, app: Any) -> None:
    app.config["SIM_CONTROL_TOKEN"] = "s3cret"
    refused = client.get("/_sim/tenants")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "control_token_required"
    ok = client.get("/_sim/tenants", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200


def test_in_process_fork_and_credentials() -> None:
    from control_fakeapp import create_app

    from simulator.inprocess import tiktok_mock

    app = create_app({"TESTING": True})
    with tiktok_mock(app, dataset=None) as sim:
        sim.hooks.load("t1", {"notes": ["n"], "tokens": ["tok-1"]})
        sim.snapshot("base", tenant="t1")
        fork = sim.fork("base", "f1")
        assert fork.ids.token() != sim.tenant("t1").ids.token()
        assert sim.credentials("f1")["copied"] == [{"credential": "tok-1", "leads_to": "t1"}]
        assert sim.credentials("t1")["bound"] == ["tok-1"]


def test_cli_tenants_credentials(
    based: FlaskClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _post(based, "/snapshots/base/fork", {"tenant": "f1"})
    answer = based.get("/_sim/tenants/f1/credentials").get_json()
    monkeypatch.setattr(cli.client.Client, "call", lambda self, *a, **k: answer)
    assert cli.main(["tenants", "credentials", "f1"]) == 0
    assert capsys.readouterr().out == (
        "lead to f1 by token: (none)\n"
        "copied from t1 (reach f1 with X-Sim-Tenant: f1):\n"
        "  tok-1 -> t1\n"
    )
    assert cli.main(["tenants", "credentials"]) == 1
    assert capsys.readouterr().err == "tiktok-sim: tenants credentials needs a tenant id\n"
