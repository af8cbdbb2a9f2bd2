"""The API front (`simulator.tiktok.api.front`) answers exactly as Flask's path does.

Two fakes with the same seed get the same calls in the same order: one with the front (the
default), one with `API_FRONT: False`. Every answer (status, headers, body) and every journal
entry must match, but for the request ids (their digits count calls). The calls cover what the
front serves (reads, writes, refusals raised by the registry and by backends) and what it
hands to Flask (a missing token, an unknown tenant, a faulted tenant, HEAD, a path without its
trailing slash), so the test also fails when the front sends a call down the wrong path.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID

from .conftest import BIZ, TENANT, seed

_IDS = re.compile(r'"(request_id|log_id)":"[^"]*"')


def _app(front: bool) -> Flask:
    from simulator.tiktok.app import create_app

    return create_app({"TESTING": True, "WEBHOOK_SYNC": True, "SEED": 3, "API_FRONT": front})


def _client(app: Flask) -> FlaskClient:
    c = app.test_client()
    c.environ_base["HTTP_X_SIM_TENANT"] = TENANT
    seed(c)
    return c


def _campaign(name: str = "Front", **extra: Any) -> dict[str, Any]:
    return {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_type": "CAMPAIGN",
        "campaign_name": name,
        "handle_names": [CREATOR_HANDLE],
        "advertiser_ids": [],
        "default_spark_ads_requested_authorization_days": 30,
        "send_notification": False,
        "campaign_description": "Front",
        "video_requirements": {"description": "x #ad", "required_elements": ["#ad"]},
        "video_number": 1,
        **extra,
    }


TOKEN = {"Access-Token": DEMO_BRAND_TOKEN}


def _calls(invite: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, kwargs for the test client) in order; `invite` from the first write."""
    order_get = (
        f"{BIZ}/tcm/order/get/v2/?tcm_account_id={DEMO_TCM_ACCOUNT_ID}"
        f"&query_type=INVITE_LINK&invite_link={invite}&page=1&page_size=20"
    )
    return [
        ("GET", order_get, {"headers": TOKEN}),  # a read
        ("POST", f"{BIZ}/tto/tcm/campaign/create/", {"headers": TOKEN, "json": _campaign("2")}),
        ("GET", order_get.replace("page_size=20", "page_size=0"), {"headers": TOKEN}),  # 40002
        ("POST", f"{BIZ}/tto/tcm/campaign/create/", {"headers": TOKEN, "data": "{nope"}),
        ("POST", f"{BIZ}/tto/tcm/campaign/create/", {"headers": TOKEN, "json": {"x": 1}}),
        ("GET", order_get, {"headers": {"Access-Token": "not-a-token"}}),  # backend refuses
        ("GET", order_get, {}),  # no token
        ("GET", order_get, {"headers": {**TOKEN, "X-Sim-Tenant": "nobody"}}),  # unknown tenant
        ("GET", order_get.replace("/v2/?", "/v2?"), {"headers": TOKEN}),  # no trailing slash
        ("HEAD", order_get, {"headers": TOKEN}),
        ("GET", f"{BIZ}/tcm/creator/public/?handle_name=\x00", {"headers": TOKEN}),
    ]


def _answer(response: Any) -> tuple[int, list[tuple[str, str]], str]:
    body = _IDS.sub(r'"\1":"-"', response.get_data(as_text=True))
    headers = sorted((k, v) for k, v in response.headers.items() if k != "Content-Length")
    return response.status_code, headers, body


def _journal(client: FlaskClient) -> list[dict[str, Any]]:
    entries = client.get("/_sim/journal").json["entries"]
    for e in entries:
        e.pop("duration_ms", None)
        e.pop("time", None)  # the clock runs on between the two calls
        e["response_body"] = json.loads(_IDS.sub(r'"\1":"-"', json.dumps(e["response_body"])))
    return list(entries)


@pytest.fixture
def twins() -> tuple[FlaskClient, FlaskClient]:
    return _client(_app(front=True)), _client(_app(front=False))


def test_the_front_answers_and_journals_as_flask_does(
    twins: tuple[FlaskClient, FlaskClient],
) -> None:
    front, flask = twins
    made = [
        c.post(f"{BIZ}/tto/tcm/campaign/create/", headers=TOKEN, json=_campaign()) for c in twins
    ]
    assert _answer(made[0]) == _answer(made[1])
    invite = made[0].json["data"]["invite_link"]
    assert made[0].json["code"] == 0
    for method, path, kwargs in _calls(invite):
        a = front.open(path, method=method, **kwargs)
        b = flask.open(path, method=method, **kwargs)
        assert _answer(a) == _answer(b), f"{method} {path}"
    assert _journal(front) == _journal(flask)


def test_the_front_serves_the_api_and_flask_serves_the_rest() -> None:
    """Flask's before_request hooks run for what the front hands on, and only for that."""
    app = _app(front=True)
    seen: list[str] = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append("flask"))
    client = _client(app)
    seen.clear()
    made = client.post(f"{BIZ}/tto/tcm/campaign/create/", headers=TOKEN, json=_campaign())
    assert made.json["code"] == 0
    assert seen == [], "the API call went through Flask"
    client.get(f"{BIZ}/tto/tcm/campaign/create/", headers=TOKEN)  # wrong method
    client.post(f"{BIZ}/tto/tcm/campaign/create", headers=TOKEN, json=_campaign())  # no slash
    assert seen == ["flask", "flask"]


def test_a_fault_rule_is_picked_once_per_call_with_the_front(
    twins: tuple[FlaskClient, FlaskClient],
) -> None:
    """A tenant with a rule armed is served by Flask's path, which counts each call once."""
    for c in twins:
        rule = {"path": f"{BIZ}/tto/tcm/campaign/create/", "kind": "error", "times": 1}
        assert c.post("/_sim/faults", json=rule).status_code == 201
    for _ in range(3):
        a, b = (
            c.post(f"{BIZ}/tto/tcm/campaign/create/", headers=TOKEN, json=_campaign())
            for c in twins
        )
        assert _answer(a) == _answer(b)
    assert _journal(twins[0]) == _journal(twins[1])
    notes = [e["note"] for e in _journal(twins[0]) if e["method"] == "POST"]
    assert sum(bool(n) for n in notes) == 1, notes
