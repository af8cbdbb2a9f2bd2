"""Bad input to TikTok's JSON APIs is refused in TikTok's own shape and never stored
(issue 10 point 3, issue 11 "Bad input that breaks or poisons").

Business API: HTTP 200, `code 40002`, a message naming the field, `data {}`. No input answers
a 5xx or `50000`, and a refused request leaves nothing behind. Before the route registry,
`campaign_name: ["a","b"]` was stored as the text "['a', 'b']", a lone surrogate made the
campaign's invite page answer 500 from then on, and JSON nested a few thousand levels deep
answered `50000 RecursionError`."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.demo import DEMO_BRAND_TOKEN, DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET
from simulator.tiktok.api.registry import MAX_BODY_BYTES, MAX_DEPTH

BIZ = "/open_api/v1.3"
HEADERS = {"Access-Token": DEMO_BRAND_TOKEN, "X-Sim-Tenant": "bad-input"}
CALLBACK = "https://flex.test/hook"


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def _subscribe(**fields: Any) -> str:
    """A subscribe body as raw JSON text, so invalid text can be sent as it is."""
    import json

    body = {
        "app_id": DEMO_CLIENT_KEY,
        "secret": DEMO_CLIENT_SECRET,
        "subscribe_entity": "TCM_VIDEOS",
        "callback_url": CALLBACK,
    }
    raw = {k: v for k, v in fields.items() if not isinstance(v, _Raw)}
    text = json.dumps({**body, **raw})
    for name, value in fields.items():
        if isinstance(value, _Raw):
            text = text[:-1] + f', "{name}": {value.text}}}'
    return text


class _Raw:
    """A JSON value written as it is (lone surrogates, huge numbers, deep nesting)."""

    def __init__(self, text: str) -> None:
        self.text = text


BAD_BODIES = {
    "an array for a string": (_subscribe(callback_url=["a", "b"]), "callback_url"),
    "a number for a string": (_subscribe(secret=12), "secret"),
    "an unknown enum value": (_subscribe(subscribe_entity="EVERYTHING"), "subscribe_entity"),
    "a NUL in a string": (_subscribe(callback_url="https://flex.test/\u0000"), "callback_url"),
    "a lone surrogate": (_subscribe(secret=_Raw('"\\ud800"')), "secret"),
    "a missing field": ('{"app_id": "x"}', "secret"),
    "JSON nested too deep": (_subscribe(extra=_Raw(_deep(5000))), "body"),
    "a body that is not an object": ("[1, 2]", "body"),
    "a body that is not JSON": ("{oops", "body"),
}


@pytest.fixture
def client(tiktok_app: Any) -> Any:
    client = tiktok_app.test_client()
    made = client.post("/_sim/tenants", json={"id": "bad-input", "dataset": "demo"})
    assert made.status_code == 201, made.get_json()
    return client


def _subscriptions(client: Any) -> list[dict[str, Any]]:
    listed = client.get(f"{BIZ}/subscription/get/", headers=HEADERS).get_json()
    assert listed["code"] == 0, listed
    return list(listed["data"]["subscriptions"])


@pytest.mark.parametrize("case", list(BAD_BODIES), ids=list(BAD_BODIES))
def test_a_bad_business_body_is_refused_naming_the_field(client: Any, case: str) -> None:
    body, field = BAD_BODIES[case]
    answer = client.post(
        f"{BIZ}/subscription/subscribe/",
        headers=HEADERS,
        data=body.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )
    assert answer.status_code == 200
    envelope = answer.get_json()
    assert envelope["code"] == 40002, envelope
    assert envelope["message"].startswith(f"{field}:"), envelope["message"]
    assert envelope["data"] == {}
    assert _subscriptions(client) == []  # nothing was stored


def test_nesting_up_to_the_limit_is_only_refused_for_its_type(client: Any) -> None:
    """The depth limit refuses nesting, not bodies: a shallow wrong value names its field."""
    body = _subscribe(secret=_Raw(_deep(MAX_DEPTH - 1)))
    answer = client.post(
        f"{BIZ}/subscription/subscribe/",
        headers=HEADERS,
        data=body,
        content_type="application/json",
    ).get_json()
    assert answer["code"] == 40002 and answer["message"].startswith("secret:"), answer


def test_a_body_over_the_size_limit_is_refused(client: Any) -> None:
    body = _subscribe(padding="x" * MAX_BODY_BYTES)
    answer = client.post(
        f"{BIZ}/subscription/subscribe/",
        headers=HEADERS,
        data=body,
        content_type="application/json",
    )
    assert answer.status_code == 200
    envelope = answer.get_json()
    assert envelope["code"] == 40002 and envelope["message"].startswith("body:"), envelope
    assert _subscriptions(client) == []


def test_a_good_body_still_subscribes(client: Any) -> None:
    answer = client.post(
        f"{BIZ}/subscription/subscribe/",
        headers=HEADERS,
        data=_subscribe(),
        content_type="application/json",
    ).get_json()
    assert answer["code"] == 0, answer
    assert [s["callback_url"] for s in _subscriptions(client)] == [CALLBACK]


# ---- the cases the issues name, on the endpoints they were found on -------------------------
CAMPAIGN = {
    "tto_tcm_account_id": "7000000000000000001",
    "campaign_name": "Serum launch",
    "handle_names": ["mayaflores.creates"],
}


def _create(client: Any, raw: str) -> dict[str, Any]:
    answer = client.post(
        f"{BIZ}/tto/tcm/campaign/create/",
        headers=HEADERS,
        data=raw.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )
    assert answer.status_code == 200
    return dict(answer.get_json())


def _campaign_names(client: Any) -> list[str]:
    listed = client.get(
        f"{BIZ}/tto/tcm/campaign/",
        headers=HEADERS,
        query_string={"tto_tcm_account_id": CAMPAIGN["tto_tcm_account_id"]},
    ).get_json()
    assert listed["code"] == 0, listed
    return [c["campaign_name"] for c in listed["data"]["campaigns"]]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('"campaign_name": ["a", "b"]', "campaign_name"),
        ('"campaign_name": "\\ud800"', "campaign_name"),
        ('"default_spark_ads_requested_authorization_days": 1e400', "default_spark_ads"),
        ('"video_number": "3"', "video_number"),
        ('"video_number": 11', "video_number"),
        ('"handle_names": ["ok", 7]', "handle_names[1]"),
        ('"video_requirements": {"required_elements": "#ad"}', "video_requirements."),
    ],
)
def test_campaign_create_refuses_what_it_used_to_store(client: Any, raw: str, field: str) -> None:
    """Before: an array name was kept as "['a', 'b']", a lone surrogate made the invite page
    answer 500, 1e400 answered 50000."""
    import json

    body = json.dumps(CAMPAIGN)[:-1] + ", " + raw + "}"
    answer = _create(client, body)
    assert answer["code"] == 40002 and answer["message"].startswith(field), answer
    assert _campaign_names(client) == []


def test_a_refused_request_leaves_the_next_ones_working(client: Any) -> None:
    import json

    _create(client, json.dumps({**CAMPAIGN, "campaign_name": "x"})[:-1] + ', "a": "\\ud800"}')
    made = _create(client, json.dumps(CAMPAIGN))
    assert made["code"] == 0, made
    invite = client.get(made["data"]["invite_link"].split("tiktok.test", 1)[-1], headers=HEADERS)
    assert invite.status_code == 200
    assert _campaign_names(client) == ["Serum launch"]


def test_query_parameters_are_typed_too(client: Any) -> None:
    base = {"tcm_account_id": CAMPAIGN["tto_tcm_account_id"], "query_type": "ORDER_ID"}
    for extra, field in [
        ({"order_ids": '["7301"'}, "order_ids"),
        ({"order_ids": '["1"]', "page_size": "many"}, "page_size"),
        ({"order_ids": '["1"]', "page": "0"}, "page"),
        ({"order_ids": '["1"]', "query_type": "EVERYTHING"}, "query_type"),
        ({"order_ids": '["a\\u0000"]'}, "order_ids"),
        ({"order_ids": "[" * 100 + "]" * 100}, "order_ids"),
    ]:
        answer = client.get(
            f"{BIZ}/tcm/order/get/v2/", headers=HEADERS, query_string={**base, **extra}
        ).get_json()
        assert answer["code"] == 40002 and answer["message"].startswith(field), (extra, answer)


def _bearer(client: Any) -> dict[str, str]:
    """A creator's Open API v2 token with every scope (consent, then the code exchange)."""
    import re

    redirect = "http://127.0.0.1:8700/integrations/tiktok/callback"
    params = {
        "client_key": DEMO_CLIENT_KEY,
        "scope": "user.info.basic,video.list,video.upload,video.publish",
        "response_type": "code",
        "redirect_uri": redirect,
        "decision": "allow",
    }
    consent = client.post("/v2/auth/authorize/", data=params, headers=HEADERS)
    code = re.search(r"code=([^&]+)", consent.headers["Location"])
    assert code is not None, consent.headers
    token = client.post(
        "/v2/oauth/token/",
        headers=HEADERS,
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "code": code.group(1),
            "grant_type": "authorization_code",
            "redirect_uri": redirect,
        },
    ).get_json()
    return {"Authorization": f"Bearer {token['access_token']}", "X-Sim-Tenant": "bad-input"}


@pytest.mark.parametrize(
    ("path", "raw", "field"),
    [
        ("/v2/video/list/?fields=id", '{"max_count": "ten"}', "max_count"),
        ("/v2/video/list/?fields=id", '{"max_count": 21}', "max_count"),
        ("/v2/video/list/?fields=id", '{"cursor": 1e400}', "cursor"),
        ("/v2/video/list/?fields=id", '{"cursor": ' + _deep(3000) + "}", "body"),
        ("/v2/video/query/?fields=id", '{"filters": {"video_ids": "7301"}}', "filters.video_ids"),
        (
            "/v2/post/publish/inbox/video/init/",
            '{"source_info": {"source": "SMOKE_SIGNALS"}}',
            "source_info.source",
        ),
        (
            "/v2/post/publish/video/init/",
            '{"post_info": {"privacy_level": "SELF_ONLY", "title": "\\u0000"},'
            ' "source_info": {"source": "PULL_FROM_URL", "video_url": "https://x.test/v.mp4"}}',
            "post_info.title",
        ),
        ("/v2/post/publish/status/fetch/", '{"publish_id": ["a"]}', "publish_id"),
    ],
)
def test_a_bad_open_api_body_is_400_invalid_params_naming_the_field(
    client: Any, path: str, raw: str, field: str
) -> None:
    answer = client.post(path, headers=_bearer(client), data=raw, content_type="application/json")
    assert answer.status_code == 400, answer.get_data(as_text=True)
    envelope = answer.get_json()
    assert envelope["error"]["code"] == "invalid_params", envelope
    assert envelope["error"]["message"].startswith(f"{field}:"), envelope
    assert envelope["data"] == {}
