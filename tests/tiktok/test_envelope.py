"""The read path's shortcuts answer exactly as the plain Flask calls they stand in for."""

from __future__ import annotations

from typing import Any

import pytest
from flask import jsonify

from simulator.demo import CREATOR_HANDLE, DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID, demo_scenario
from simulator.tiktok.app import create_app
from simulator.tiktok.web import json_answer

BODY: dict[str, Any] = {
    "code": 0,
    "message": "OK",
    "request_id": "2024",
    "data": {"é": ["ü", 1, 2.5, None, True], "z": {"b": 1, "a": 2}},
}


@pytest.mark.parametrize("debug", [False, True])
def test_json_answer_is_jsonify_byte_for_byte(debug: bool) -> None:
    app = create_app({"TESTING": True, "DEBUG": debug})
    with app.test_request_context("/"):
        ours, flasks = json_answer(BODY), jsonify(BODY)
        assert ours.get_data() == flasks.get_data()
        assert list(ours.headers.items()) == list(flasks.headers.items())
        assert ours.status_code == flasks.status_code


def _invite_links(host: str, scheme: str = "http") -> list[str]:
    app = create_app({"TESTING": True, "WEBHOOK_SYNC": True})
    client = app.test_client()
    client.post("/_sim/tenants", json={"id": "e", "scenario": demo_scenario()["tiktok"]})
    base = f"{scheme}://{host}"
    headers = {"Access-Token": DEMO_BRAND_TOKEN, "X-Sim-Tenant": "e"}
    made = client.post(
        "/open_api/v1.3/tto/tcm/campaign/create/",
        json={
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_type": "CAMPAIGN",
            "campaign_name": "Links",
            "handle_names": [CREATOR_HANDLE],
            "video_number": 1,
        },
        headers=headers,
        base_url=base,
    ).get_json()
    assert made["code"] == 0, made
    answer = client.get(
        "/open_api/v1.3/tto/tcm/campaign/",
        query_string={"tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID},
        headers=headers,
        base_url=base,
    ).get_json()
    assert answer["code"] == 0, answer
    return [c["invite_link"] for c in answer["data"]["campaigns"]]


@pytest.mark.parametrize(
    ("host", "scheme", "origin"),
    [
        ("tiktok.test:8080", "http", "http://tiktok.test:8080"),
        ("tiktok.test:80", "http", "http://tiktok.test"),
        ("other.test", "https", "https://other.test"),
        ("tiktok.test:8080", "http", "http://tiktok.test:8080"),  # asked again: same answer
    ],
)
def test_invite_links_follow_the_host_each_request_names(
    host: str, scheme: str, origin: str
) -> None:
    links = _invite_links(host, scheme)
    assert links and all(link.startswith(f"{origin}/tto/invite/") for link in links)
