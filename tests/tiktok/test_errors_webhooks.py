"""Error envelopes (typed errors, faults, 404/405, crashes) and webhook delivery with retries."""

from __future__ import annotations

import json

import responses
from flask.testing import FlaskClient

from simulator.demo import DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, DEMO_TCM_ACCOUNT_ID

from .conftest import BIZ, HOOK_URL, biz_headers, create_campaign, join, post_biz, post_video

DRAFT = "Morning routine with the new vitamin C serum"


def test_fault_on_a_business_path_uses_the_business_envelope(client: FlaskClient) -> None:
    client.post(
        "/_sim/faults",
        json={"tenant": "t1", "path": "/open_api/v1.3/tcm/*", "error_code": 40100, "times": 1},
    )
    answer = client.get(
        f"{BIZ}/tcm/creator/status/get/",
        headers=biz_headers(),
        query_string={"tcm_account_id": DEMO_TCM_ACCOUNT_ID, "handle_name": "x"},
    )
    assert answer.status_code == 200 and answer.json["code"] == 40100 and answer.json["data"] == {}
    again = client.get(
        f"{BIZ}/tcm/creator/status/get/",
        headers=biz_headers(),
        query_string={"tcm_account_id": DEMO_TCM_ACCOUNT_ID, "handle_name": "x"},
    )
    assert again.json["code"] == 0


def test_fault_with_a_5xx_status_is_answered_with_it(client: FlaskClient) -> None:
    client.post(
        "/_sim/faults",
        json={"tenant": "t1", "path": "/open_api/*", "error_code": 50002, "http_status": 503},
    )
    answer = client.post(f"{BIZ}/tto/tcm/campaign/create/", headers=biz_headers(), json={})
    assert answer.status_code == 503 and answer.json["code"] == 50002


def test_fault_on_v2_uses_the_open_envelope(client: FlaskClient) -> None:
    client.post(
        "/_sim/faults",
        json={
            "tenant": "t1",
            "path": "/v2/user/*",
            "error_code": "rate_limit_exceeded",
            "http_status": 429,
        },
    )
    answer = client.get("/v2/user/info/?fields=open_id")
    assert (
        answer.status_code == 429
        and answer.json["error"]["code"] == "rate_limit_exceeded"
        and answer.json["data"] == {}
    )


def test_unknown_paths_and_methods_keep_the_platform_shape(client: FlaskClient) -> None:
    missing = client.get(f"{BIZ}/no/such/")
    # 40400: "route not found" in the code table of TikTok's official Business API SDK
    # (tiktok-business-api-sdk-official, tiktok_business/tiktok_code.py)
    assert missing.status_code == 200 and missing.json["code"] == 40400
    wrong_method = client.get(f"{BIZ}/tto/tcm/campaign/create/", headers=biz_headers())
    assert wrong_method.json["code"] == 40002
    v2 = client.get("/v2/nothing/")
    assert v2.status_code == 404 and v2.json["error"]["code"] == "not_found"
    bad_json = client.post(
        f"{BIZ}/tto/tcm/campaign/create/",
        headers=biz_headers(),
        data="{oops",
        content_type="application/json",
    )
    assert bad_json.json["code"] == 40002
    screen = client.get("/tto/invite/nope")
    assert screen.status_code == 404 and "text/html" in screen.content_type
    assert client.get("/media/drafts/nope.svg").status_code == 404


def test_webhook_retries_with_backoff_until_delivered(client: FlaskClient) -> None:
    post_biz(
        client,
        "/subscription/subscribe/",
        {
            "app_id": DEMO_CLIENT_KEY,
            "secret": DEMO_CLIENT_SECRET,
            "subscribe_entity": "TCM_VIDEOS",
            "callback_url": HOOK_URL,
        },
    )
    data = create_campaign(client)
    join(client, data["invite_link"])
    with responses.RequestsMock() as hooks:
        hooks.add(responses.POST, HOOK_URL, status=500)
        hooks.add(responses.POST, HOOK_URL, status=500)
        video_id = post_video(client, data["campaign_id"], DRAFT, "Glow @lumenskincare #ad")
        assert len(hooks.calls) == 2  # uploaded and published, both failed
        hooks.replace(responses.POST, HOOK_URL, status=200)
        client.post("/_sim/clock", json={"tenant": "t1", "advance": "5s"})
        assert len(hooks.calls) == 2  # not due yet (first retry after 10 s)
        client.post("/_sim/clock", json={"tenant": "t1", "advance": "6s"})
        assert len(hooks.calls) == 4
        bodies = [json.loads(c.request.body) for c in hooks.calls]
        assert bodies[0] == bodies[2]  # a retry sends the same body (same request_id)
        assert {b["entry"][0]["video_id"] for b in bodies} == {video_id}
    notes = [e["note"] for e in client.get("/_sim/journal?tenant=t1&kind=webhook").json["entries"]]
    assert len(notes) == 4 and "failed" in notes[0] and "failed" not in notes[-1]


def test_subscribe_validation(client: FlaskClient) -> None:
    base = {
        "app_id": DEMO_CLIENT_KEY,
        "secret": DEMO_CLIENT_SECRET,
        "subscribe_entity": "TCM_VIDEOS",
        "callback_url": HOOK_URL,
    }
    assert post_biz(client, "/subscription/subscribe/", {**base, "secret": "x"})["code"] == 40001
    assert (
        post_biz(client, "/subscription/subscribe/", {**base, "subscribe_entity": "ADS"})["code"]
        == 40002
    )
    sub = post_biz(client, "/subscription/subscribe/", base)["data"]["subscription_id"]
    listed = client.get(f"{BIZ}/subscription/get/", headers=biz_headers()).json["data"][
        "subscriptions"
    ]
    assert [s["subscription_id"] for s in listed] == [sub]
    assert post_biz(client, "/subscription/unsubscribe/", {"subscription_id": sub})["code"] == 0
    assert post_biz(client, "/subscription/unsubscribe/", {"subscription_id": sub})["code"] == 40007
