"""Tenants come into being only through the control plane; a tenant id is checked wherever it
arrives; a refused seed leaves nothing half-made (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.demo import demo_scenario

LIST = "/open_api/v1.3/tto/tcm/campaign/?tto_tcm_account_id=7000000000000000001"
BRAND = {"Access-Token": "demo-business-token"}


@pytest.fixture
def flex_app(tmp_path: Path) -> Any:
    from simulator.flex.app import create_app

    return create_app({"TESTING": True, "UPLOAD_FOLDER": str(tmp_path), "TIKTOK_TIMEOUT": 0.5})


def _tenants(client: Any) -> list[str]:
    return list(client.get("/_sim/tenants").get_json()["tenants"])


@pytest.mark.parametrize("bad", ["../x", "a/b", "x" * 65, "é", " t", ".hidden"])
def test_a_bad_tenant_id_on_a_flex_page_is_a_clear_refusal(flex_app: Any, bad: str) -> None:
    client = flex_app.test_client()
    answer = client.get("/signin", headers={"X-Sim-Tenant": bad})
    assert answer.status_code == 400, answer.status_code
    assert "tenant" in answer.get_data(as_text=True)
    assert client.get("/signin").status_code == 200, "Flex stopped answering everyone else"


def test_a_bad_tenant_id_on_tiktoks_apis_answers_in_each_platforms_shape(tiktok_app: Any) -> None:
    client = tiktok_app.test_client()
    client.post("/_sim/tenants", json={"id": "good", "dataset": "demo"})
    biz = client.get(LIST, headers={**BRAND, "X-Sim-Tenant": "../x"})
    assert biz.status_code == 200
    body = biz.get_json()
    assert body["code"] not in (0, 50000) and "tenant" in body["message"], body
    open_api = client.post("/v2/post/publish/status/fetch/", headers={"X-Sim-Tenant": "../x"})
    assert open_api.status_code == 400
    assert "tenant" in open_api.get_json()["error"]["message"]
    assert client.get(LIST, headers={**BRAND, "X-Sim-Tenant": "good"}).get_json()["code"] == 0


def test_an_api_caller_cannot_create_a_tenant_by_naming_it(tiktok_app: Any) -> None:
    """A new X-Sim-Tenant is refused in the Business API's envelope; no tenant appears."""
    client = tiktok_app.test_client()
    before = _tenants(client)
    answer = client.get(LIST, headers={**BRAND, "X-Sim-Tenant": "invented"}).get_json()
    assert answer["code"] not in (0, 50000), answer
    assert "invented" in answer["message"] and "/_sim/tenants" in answer["message"]
    screen = client.get("/app/account", headers={"X-Sim-Tenant": "invented-too"})
    assert screen.status_code == 404
    assert _tenants(client) == before


def test_a_flex_visitor_cannot_create_a_tenant_by_naming_it(flex_app: Any) -> None:
    client = flex_app.test_client()
    before = _tenants(client)
    answer = client.get("/signin", headers={"X-Sim-Tenant": "invented"})
    assert answer.status_code == 404
    assert "invented" in answer.get_data(as_text=True)
    assert _tenants(client) == before


def test_a_tenant_made_through_the_control_plane_is_reached_by_name(tiktok_app: Any) -> None:
    client = tiktok_app.test_client()
    made = client.post("/_sim/tenants", json={"id": "made", "dataset": "demo"})
    assert made.status_code == 201
    answer = client.get(LIST, headers={**BRAND, "X-Sim-Tenant": "made"}).get_json()
    assert answer["code"] == 0, answer


def test_auto_created_tenants_are_a_setting_for_local_use() -> None:
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, "SIM_AUTO_TENANTS": True})
    client = app.test_client()
    client.get(LIST, headers={"X-Sim-Tenant": "mine"})
    assert "mine" in _tenants(client)


@pytest.mark.parametrize("make", ["tenants", "reset", "seed"])
def test_a_refused_seed_leaves_no_half_made_tenant(tiktok_app: Any, make: str) -> None:
    """A scenario refused part-way leaves the tenant list (and an old tenant) as they were."""
    client = tiktok_app.test_client()
    good = demo_scenario()["tiktok"]
    assert client.post("/_sim/tenants", json={"id": "old", "scenario": good}).status_code == 201
    before = client.get("/_sim/export?tenant=old").get_json()
    # refused at its last item, after the brands, accounts and drafts went in
    bad = {**good, "posts": [*good["posts"], {"handle": "mayaflores.creates", "published_ago": -5}]}
    for tenant in ("new", "old"):
        path = "/_sim/tenants" if make == "tenants" else f"/_sim/{make}"
        answer = client.post(path, json={"id": tenant, "tenant": tenant, "scenario": bad})
        assert answer.status_code == 400, answer.get_data(as_text=True)
    assert "new" not in _tenants(client)
    assert client.get("/_sim/export?tenant=old").get_json() == before
    answer = client.get(LIST, headers={**BRAND, "X-Sim-Tenant": "old"}).get_json()
    assert answer["code"] == 0, answer
