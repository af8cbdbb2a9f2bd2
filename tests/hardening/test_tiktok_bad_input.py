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
