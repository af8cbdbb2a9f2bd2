"""Every JSON operation of the fake answers what the strict /openapi.json says (issue 10, point 7).

schemathesis drives each Business API and Open API v2 operation through the WSGI app with
real ids from a seeded tenant (a campaign, its order, a linked post and its Spark Ads code, a
subscription, a creator's OAuth token and publish), so most answers are successes, not 40002s,
and checks each answer against the document's schema (`response_schema_conformance`): a
success must carry every required field and nothing else, an error must be an error envelope.
A mutation check shows the check bites: an answer missing one required field fails it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from simulator.demo import (
    CREATOR_HANDLE,
    DEMO_BRAND_TOKEN,
    DEMO_CLIENT_KEY,
    DEMO_CLIENT_SECRET,
    DEMO_TCM_ACCOUNT_ID,
    demo_scenario,
)

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

BIZ = "/open_api/v1.3"
REDIRECT = "http://127.0.0.1:8700/integrations/tiktok/callback"
CHECKS = [not_a_server_error, response_schema_conformance]


def _ok(answer: Any) -> dict[str, Any]:
    body = answer.get_json()
    assert answer.status_code == 200 and body.get("code", 0) == 0, body
    return dict(body)


def _seeded(app: Flask) -> dict[str, Any]:
    """The demo world and one of everything, made through the API; the real values by name."""
    client = app.test_client()
    half = demo_scenario()["tiktok"]
    made = client.post("/_sim/reset", json={"scenario": half})
    assert made.status_code == 200, made.get_json()
    brand = {"Access-Token": DEMO_BRAND_TOKEN}
    created = _ok(
        client.post(
            f"{BIZ}/tto/tcm/campaign/create/",
            headers=brand,
            json={
                "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                "campaign_name": "Conformance",
                "handle_names": [CREATOR_HANDLE],
                "default_spark_ads_requested_authorization_days": 30,
            },
        )
    )["data"]
    link = created["invite_link"]
    joined = {"creator_id": CREATOR_HANDLE, "tto_invite_link": link}
    _ok(client.post(f"{BIZ}/tto/creator/campaign/join/", headers=brand, json=joined))
    video_id = made.get_json()["seeded"]["posts"][0]["video_id"]
    _ok(
        client.post(
            f"{BIZ}/tto/creator/campaign/video/link/",
            headers=brand,
            json={**joined, "video_id": video_id},
        )
    )
    order = _ok(
        client.get(
            f"{BIZ}/tcm/order/get/v2/",
            headers=brand,
            query_string={
                "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                "query_type": "INVITE_LINK",
                "invite_link": link,
            },
        )
    )["data"]["orders"][0]
    status = _ok(
        client.get(
            f"{BIZ}/tcm/tt_video/status/",
            headers=brand,
            query_string={"tcm_account_id": DEMO_TCM_ACCOUNT_ID, "video_id": video_id},
        )
    )["data"]
    sub = _ok(
        client.post(
            f"{BIZ}/subscription/subscribe/",
            headers=brand,
            json={
                "app_id": DEMO_CLIENT_KEY,
                "secret": DEMO_CLIENT_SECRET,
                "subscribe_entity": "TCM_VIDEOS",
                "callback_url": "https://flex.test/hook",
            },
        )
    )["data"]
    adv = half["brands"][0]["advertiser_ids"][0]
    redeem = {"advertiser_id": adv, "auth_code": status["auth_code"]}
    _ok(client.post(f"{BIZ}/tt_video/authorize/", headers=brand, json=redeem))
    identity = _ok(
        client.get(f"{BIZ}/identity/get/", headers=brand, query_string={"advertiser_id": adv})
    )["data"]["identity_list"][0]["identity_id"]
    ad_campaign = _ok(
        client.post(
            f"{BIZ}/campaign/create/",
            headers=brand,
            json={"advertiser_id": adv, "campaign_name": "Spark", "objective_type": "REACH"},
        )
    )["data"]["campaign_id"]
    adgroup = _ok(
        client.post(
            f"{BIZ}/adgroup/create/",
            headers=brand,
            json={
                "advertiser_id": adv,
                "campaign_id": ad_campaign,
                "adgroup_name": "Spark",
                "budget": 50,
            },
        )
    )["data"]["adgroup_id"]
    consent = client.post(
        "/v2/auth/authorize/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "scope": "user.info.basic,user.info.profile,video.list,video.upload,video.publish",
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "decision": "allow",
        },
    )
    code = re.search(r"code=([^&]+)", consent.headers["Location"])
    assert code is not None
    tokens = client.post(
        "/v2/oauth/token/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "code": code.group(1),
            "grant_type": "authorization_code",
            "redirect_uri": REDIRECT,
        },
    ).get_json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    publish = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer,
        json={
            "post_info": {"privacy_level": "SELF_ONLY", "title": "conformance"},
            "source_info": {"source": "PULL_FROM_URL", "video_url": "https://cdn.test/v.mp4"},
        },
    ).get_json()["data"]
    today = datetime.now(UTC).date().isoformat()
    return {
        "headers": {**brand, **bearer},
        "values": {
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_id": created["campaign_id"],
            "tto_invite_link": link,
            "invite_link": link,
            "creator_id": CREATOR_HANDLE,
            "handle_name": CREATOR_HANDLE,
            "handle_names": [CREATOR_HANDLE],
            "video_id": video_id,
            "video_ids": [video_id],
            "order_ids": [order["order_id"]],
            "v2_order_id": order["order_id"],
            "campaign_code": order["campaign_code"],
            "auth_code": status["auth_code"],
            "advertiser_id": half["brands"][0]["advertiser_ids"][0],
            "subscription_id": sub["subscription_id"],
            "app_id": DEMO_CLIENT_KEY,
            "secret": DEMO_CLIENT_SECRET,
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "callback_url": "https://flex.test/hook",
            "campaign_name": "Conformance two",
            "brand_name": "Lumen",
            "deliverables": [{"deliverable_name": "Video 1"}],
            "start_date": today,
            "end_date": today,
            "publish_id": publish["publish_id"],
            "fields": "id,create_time,title",
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "token": tokens["access_token"],
            "source_info": {"source": "PULL_FROM_URL", "video_url": "https://cdn.test/v2.mp4"},
            "post_info": {"privacy_level": "SELF_ONLY", "title": "conformance"},
            "filters": {"video_ids": [video_id]},
            "query_type": "INVITE_LINK",
            "authorization_days": 30,
            "identity_id": identity,
            "item_id": video_id,
            "adgroup_id": adgroup,
            "budget": 50,
            "dimensions": ["ad_id"],
            "identity_type": "AUTH_CODE",
            "creatives": [
                {
                    "ad_name": "Spark",
                    "identity_type": "AUTH_CODE",
                    "identity_id": identity,
                    "tiktok_item_id": video_id,
                }
            ],
            "action": None,  # each operation's first value
        },
    }


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _value(doc: dict[str, Any], name: str, schema: dict[str, Any], real: dict[str, Any]) -> Any:
    """A value for a field: the seeded tenant's real one, else the schema's simplest."""
    schema = _resolve(doc, schema)
    if real.get(name) is not None:
        return real[name]
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return option["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            key: _value(doc, key, sub, real)
            for key, sub in schema.get("properties", {}).items()
            if key in schema.get("required", [])
        }
    if kind == "array":
        return [_value(doc, name, schema["items"], real)] if schema.get("minItems") else []
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return "x"


def _happy_case(doc: dict[str, Any], operation: Any, real: dict[str, Any]) -> Any:
    item = doc["paths"][operation.path][operation.method.lower()]
    if operation.path == "/v2/user/info/":  # the user's fields, not a video's
        real = {**real, "fields": "open_id,display_name"}
    query = {}
    for param in item.get("parameters", []):
        if param["in"] != "query" or (not param["required"] and param["name"] not in real):
            continue
        schema = param.get("schema") or param["content"]["application/json"]["schema"]
        query[param["name"]] = _value(doc, param["name"], schema, real)
    kwargs: dict[str, Any] = {"query": query}
    if "requestBody" in item:
        media, spec = next(iter(item["requestBody"]["content"].items()))
        body = _value(doc, "", spec["schema"], real)
        kwargs.update(body=body, media_type=media)
    return operation.Case(**kwargs)


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, "SEED": 21, "WEBHOOK_SYNC": False})
    seeded = _seeded(app)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().tags
        and result.ok().tags[0].startswith(("Business API", "Open API v2"))
        and result.ok().path != "/upload/"
    ]
    doc = app.test_client().get("/openapi.json").get_json()
    return {"app": app, "operations": operations, "doc": doc, **seeded}


def _succeeded(response: Any) -> bool:
    body = response.json() if response.content else {}
    return response.status_code < 300 and (not isinstance(body, dict) or body.get("code", 0) == 0)


def test_every_operation_answers_as_the_document_says(world: dict[str, Any]) -> None:
    """One request per operation with real ids: every answer conforms; most are successes."""
    failures, successes = [], []
    for operation in world["operations"]:
        case = _happy_case(world["doc"], operation, world["values"])
        try:
            response = case.call_and_validate(headers=world["headers"], checks=CHECKS)
        except Exception as exc:  # schemathesis groups the failed checks
            failures.append(f"{operation.label}: {exc}")
            continue
        if _succeeded(response):
            successes.append(operation.label)
    assert failures == []
    assert len(world["operations"]) >= 40
    share = len(successes) / len(world["operations"])
    assert share >= 0.7, sorted(set(o.label for o in world["operations"]) - set(successes))


def test_an_answer_missing_a_required_field_fails_the_check(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mutation check: campaign/create answering without its invite_link is caught."""
    import json

    from simulator.tiktok.api import registry

    original = registry.encode_answer

    def without_invite_link(style: Any, data: Any) -> bytes:
        body = json.loads(original(style, data))
        if isinstance(body.get("data"), dict) and "invite_link" in body["data"]:
            del body["data"]["invite_link"]
        return json.dumps(body).encode()

    operation = next(o for o in world["operations"] if o.path == f"{BIZ}/tto/tcm/campaign/create/")
    case = _happy_case(world["doc"], operation, world["values"])
    case.call_and_validate(headers=world["headers"], checks=CHECKS)  # conforms as it is
    monkeypatch.setattr(registry, "encode_answer", without_invite_link)
    mutated = _happy_case(world["doc"], operation, world["values"])
    from schemathesis.core.failures import FailureGroup

    with pytest.raises(FailureGroup, match="Response violates schema"):
        mutated.call_and_validate(headers=world["headers"], checks=CHECKS)
