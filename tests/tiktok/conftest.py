"""Fixtures for the fake TikTok's tests: an app per test, a demo tenant, builders and helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from simulator.demo import (
    CREATOR_HANDLE,
    DEMO_BRAND_TOKEN,
    DEMO_TCM_ACCOUNT_ID,
    demo_scenario,
)
from simulator.tiktok.app import create_app

TENANT = "t1"
BIZ = "/open_api/v1.3"
HOOK_URL = "https://flex.test/webhooks/tiktok"


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "WEBHOOK_SYNC": True, "PUBLIC_URL": "http://tiktok.test"})


def seed(
    client: FlaskClient, half: dict[str, Any] | None = None, tenant: str = TENANT
) -> dict[str, Any]:
    """(Re)create a tenant seeded with a TikTok half (the demo by default)."""
    body: dict[str, Any] = {"id": tenant}
    body["scenario"] = demo_scenario()["tiktok"] if half is None else half
    response = client.post("/_sim/tenants", json=body)
    assert response.status_code == 201, response.json
    return dict(response.json["seeded"])


def scenario(**overrides: Any) -> dict[str, Any]:
    """The demo's TikTok half with top-level overrides."""
    half = demo_scenario()["tiktok"]
    half.update(overrides)
    return half


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    c = app.test_client()
    c.environ_base["HTTP_X_SIM_TENANT"] = TENANT
    seed(c)
    return c


@pytest.fixture
def hooks() -> Iterator[responses.RequestsMock]:
    """Catch outgoing webhooks to HOOK_URL (answer 200)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.POST, re.compile(re.escape(HOOK_URL) + ".*"), status=200)
        yield mock


def biz_headers(token: str = DEMO_BRAND_TOKEN) -> dict[str, str]:
    return {"Access-Token": token}


def campaign_spec(**overrides: Any) -> dict[str, Any]:
    """A campaign create body with defaults, as Flex sends it."""
    spec: dict[str, Any] = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_type": "CAMPAIGN",
        "campaign_name": "Serum launch",
        "handle_names": [CREATOR_HANDLE],
        "advertiser_ids": ["7100000000000000001"],
        "default_spark_ads_requested_authorization_days": 30,
        "send_notification": False,
        "campaign_description": "Show your morning routine",
        "video_requirements": {
            "description": "Glow #ad @lumenskincare",
            "required_elements": ["#ad", "@lumenskincare"],
        },
        "video_number": 1,
    }
    spec.update(overrides)
    return spec


def create_campaign(client: FlaskClient, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        f"{BIZ}/tto/tcm/campaign/create/", headers=biz_headers(), json=campaign_spec(**overrides)
    )
    assert response.json["code"] == 0, response.json
    return dict(response.json["data"])


def invite_path(link: str) -> str:
    return "/tto/invite/" + link.rsplit("/", 1)[-1]


def draft_ids(client: FlaskClient, campaign_id: str) -> dict[str, str]:
    """Caption -> draft id, read from the drafts screen."""
    html = client.get(f"/tto/campaigns/{campaign_id}/drafts").get_data(as_text=True)
    return {
        caption: draft for draft, caption in re.findall(r'value="(\d+)" aria-label="([^"]*)"', html)
    }


def join(client: FlaskClient, link: str) -> None:
    response = client.post(invite_path(link) + "/join", data={"terms": "on"})
    assert response.status_code == 302


def post_video(client: FlaskClient, campaign_id: str, caption: str, description: str) -> str:
    """Post a draft for a campaign through the composer; returns the video id."""
    draft = draft_ids(client, campaign_id)[caption]
    response = client.post(
        f"/tto/campaigns/{campaign_id}/compose", data={"draft": draft, "description": description}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-600:]
    return str(response.headers["Location"].rsplit("/", 1)[-1])


def get_biz(client: FlaskClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"{BIZ}{path}", headers=biz_headers(), query_string=params)
    assert response.status_code == 200
    return dict(response.json)


def post_biz(
    client: FlaskClient, path: str, body: dict[str, Any], token: str = DEMO_BRAND_TOKEN
) -> dict[str, Any]:
    response = client.post(f"{BIZ}{path}", headers=biz_headers(token), json=body)
    assert response.status_code == 200
    return dict(response.json)


REDIRECT = "http://127.0.0.1:8700/integrations/tiktok/callback"
ALL_SCOPES = (
    "user.info.basic,user.info.profile,user.info.stats,video.list,video.upload,video.publish"
)


def oauth_token(client: FlaskClient, scope: str = ALL_SCOPES, **extra: str) -> dict[str, Any]:
    """Consent as the current account, then exchange the code; returns the token answer."""
    from simulator.demo import DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET

    params = {
        "client_key": DEMO_CLIENT_KEY,
        "scope": scope,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "state": "s1",
        **extra,
    }
    answer = client.post("/v2/auth/authorize/", data={**params, "decision": "allow"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[-400:]
    code = re.search(r"code=([^&]+)", answer.headers["Location"])
    assert code is not None
    form = {
        "client_key": DEMO_CLIENT_KEY,
        "client_secret": DEMO_CLIENT_SECRET,
        "code": code.group(1),
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT,
    }
    if "code_verifier" in extra:
        form["code_verifier"] = extra["code_verifier"]
    token = client.post("/v2/oauth/token/", data=form)
    assert token.status_code == 200, token.json
    return dict(token.json)


def bearer(token: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token['access_token']}"}


def direct_post(client: FlaskClient, title: str, privacy: str = "PUBLIC_TO_EVERYONE") -> str:
    """A post made through the Content Posting API (outside any campaign); returns its id."""
    token = oauth_token(client)
    init = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": title, "privacy_level": privacy},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://cdn.example.com/v.mp4",
            },
        },
    )
    assert init.status_code == 200, init.json
    status = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": init.json["data"]["publish_id"]},
    )
    return str(status.json["data"]["publicaly_available_post_id"][0])
