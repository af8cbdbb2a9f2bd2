"""TikTok's official Business API SDK, through its own ApiClient, against the fake.

`tiktok-business-api-sdk-official` 1.1.3 (PyPI, pinned in the test extra; imported as
`business_api_client`). It talks urllib3, not requests, so the fake is served for real on a
free port and the SDK's `Configuration.host` points at it; the tenant goes in the one header
its `ApiClient(header_name=, header_value=)` adds to every call.

- How a brand gets its token: the advertiser authorization page (a browser, played here by
  `requests`), then the SDK's `AuthenticationApi.oauth2_access_token` and
  `oauth2_advertiser_get`.
- TTCM calls: the SDK has no `tcm/`, `tto/` or `tt_video/` operation (244 operations, none
  there), so those go through its generic `ApiClient.call_api`, as its users would.
- Spark Ads: `IdentityApi`, `CampaignCreationApi`, `AdgroupApi`, `AdApi`, `ReportingApi`
  with the SDK's own body models. Its `report_integrated_get` sends list parameters repeated
  (`dimensions=ad_id`), not JSON-encoded: the fake takes both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, demo_scenario
from simulator.serving import serve_in_thread
from simulator.tiktok.app import create_app

sdk = pytest.importorskip("business_api_client")
from business_api_client import models  # noqa: E402
from business_api_client.api import (  # noqa: E402
    ad_api,
    adgroup_api,
    authentication_api,
    campaign_creation_api,
    identity_api,
    reporting_api,
)
from business_api_client.tiktok_business.tiktok_exceptions import TiktokSDKError  # noqa: E402

TENANT = "sdk"
ADV = "7100000000000000001"
ACCOUNT = "7000000000000000001"
APP_URL = "https://brand-app.test/tiktok/callback"
DRAFT = "Morning routine with the new vitamin C serum"


@pytest.fixture
def tiktok() -> Iterator[str]:
    """The fake TikTok on a free port, with the demo world in tenant `sdk`."""
    server = serve_in_thread(create_app({"WEBHOOK_SYNC": True}))
    try:
        half = demo_scenario()["tiktok"]
        half["brands"][0]["redirect_uris"] = [APP_URL]
        made = requests.post(
            f"{server.url}/_sim/tenants", json={"id": TENANT, "scenario": half}, timeout=5
        )
        assert made.status_code == 201, made.text
        requests.post(
            f"{server.url}/_sim/clock", json={"tenant": TENANT, "freeze": True}, timeout=5
        )
        yield server.url
    finally:
        server.stop()


def api_client(url: str) -> Any:
    configuration = sdk.Configuration()
    configuration.host = url
    return sdk.ApiClient(configuration, header_name="X-Sim-Tenant", header_value=TENANT)


def call(client: Any, method: str, path: str, token: str, **params: Any) -> dict[str, Any]:
    """A call the SDK has no operation for, through its own `call_api` (its envelope check,
    its TiktokSDKError)."""
    query = [] if method == "POST" else [(k, v) for k, v in params.items()]
    answer = client.call_api(
        f"/open_api/v1.3{path}",
        method,
        {},
        query,
        {"Access-Token": token, "Content-Type": "application/json", "Accept": "application/json"},
        body=params if method == "POST" else None,
        response_type="InlineResponse200",
        auth_settings=[],
        _return_http_data_only=True,
    )
    return dict(answer["data"])


def now(url: str) -> str:
    """The tenant's virtual now, as the Marketing API writes times (UTC+0)."""
    iso = requests.get(f"{url}/_sim/clock", params={"tenant": TENANT}, timeout=5).json()["now"]
    return str(iso[:19].replace("T", " "))


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["X-Sim-Tenant"] = TENANT
    return session


def authorize_advertiser(url: str) -> str:
    """The advertiser confirms on TikTok for Business's page; the app gets `auth_code`."""
    params = {"app_id": DEMO_CLIENT_KEY, "redirect_uri": APP_URL, "state": "s1"}
    page = browser().get(f"{url}/portal/auth", params=params, timeout=5)
    assert page.status_code == 200 and ADV in page.text
    back = browser().post(
        f"{url}/portal/auth",
        data={**params, "decision": "confirm", "advertiser_ids": ADV},
        allow_redirects=False,
        timeout=5,
    )
    assert back.status_code == 302, back.text[-300:]
    return parse_qs(urlsplit(back.headers["Location"]).query)["auth_code"][0]


def creator_posts(url: str, invite_link: str) -> str:
    """On the phone: join the campaign and post the first draft for it; returns the video id."""
    phone = browser()
    code = invite_link.rstrip("/").rsplit("/", 1)[-1]
    joined = phone.post(f"{url}/tto/invite/{code}/join", data={"terms": "on"}, timeout=5)
    assert joined.status_code == 200, joined.text[-300:]
    campaign_id = urlsplit(joined.url).path.split("/")[3] if "/tto/campaigns/" in joined.url else ""
    drafts_page = phone.get(f"{url}/tto/invite/{code}", timeout=5).text
    assert "You're in" in drafts_page
    if not campaign_id:
        campaign_id = drafts_page.split("/tto/campaigns/", 1)[1].split("/", 1)[0]
    drafts = phone.get(f"{url}/tto/campaigns/{campaign_id}/drafts", timeout=5).text
    draft = drafts.split(f'aria-label="{DRAFT}"', 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    posted = phone.post(
        f"{url}/tto/campaigns/{campaign_id}/compose",
        data={"draft": draft, "description": "Glow #ad @lumenskincare"},
        allow_redirects=False,
        timeout=5,
    )
    assert posted.status_code == 302, posted.text[-300:]
    return posted.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_a_brand_gets_its_token_then_runs_the_creators_video_as_a_spark_ad(tiktok: str) -> None:
    client = api_client(tiktok)
    auth = authentication_api.AuthenticationApi(client)
    token_answer = auth.oauth2_access_token(
        body=models.Oauth2AccessTokenBody(
            app_id=DEMO_CLIENT_KEY,
            secret=DEMO_CLIENT_SECRET,
            auth_code=authorize_advertiser(tiktok),
        )
    )
    token = token_answer["data"]["access_token"]
    assert token_answer["data"]["advertiser_ids"] == [ADV]
    accounts = auth.oauth2_advertiser_get(DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, token)
    assert [a["advertiser_id"] for a in accounts["data"]["list"]] == [ADV]

    # TTCM / TikTok One through the SDK's call_api
    campaign = call(
        client,
        "POST",
        "/tto/tcm/campaign/create/",
        token,
        tto_tcm_account_id=ACCOUNT,
        campaign_type="CAMPAIGN",
        campaign_name="Serum launch",
        handle_names=[CREATOR_HANDLE],
        advertiser_ids=[ADV],
        default_spark_ads_requested_authorization_days=30,
        video_requirements={"required_elements": ["#ad", "@lumenskincare"]},
    )
    video_id = creator_posts(tiktok, campaign["invite_link"])
    orders = call(
        client,
        "GET",
        "/tcm/order/get/v2/",
        token,
        tcm_account_id=ACCOUNT,
        query_type="INVITE_LINK",
        invite_link=campaign["invite_link"],
    )
    assert orders["orders"][0]["video_ids"] == [video_id]
    status = call(
        client, "GET", "/tcm/tt_video/status/", token, tcm_account_id=ACCOUNT, video_id=video_id
    )
    assert status["auth_status"] == "ACCEPTED" and status["auth_code_status"] == "NOT_USED"
    redeemed = call(
        client,
        "POST",
        "/tt_video/authorize/",
        token,
        advertiser_id=ADV,
        auth_code=status["auth_code"],
    )
    assert redeemed["auth_code_status"] == "IN_USE"

    # Spark Ads through the SDK's own operations and models
    identities = identity_api.IdentityApi(client).identity_get(
        ADV, token, identity_type="AUTH_CODE"
    )["data"]["identity_list"]
    identity_id = identities[0]["identity_id"]
    detail = identity_api.IdentityApi(client).identity_video_info(
        token, ADV, "AUTH_CODE", identity_id, video_id
    )["data"]["video_detail"]
    assert detail["item_id"] == video_id
    ad_campaign = campaign_creation_api.CampaignCreationApi(client).campaign_create(
        token,
        body=models.CampaignCreateBody(
            advertiser_id=ADV, campaign_name="Serum Spark", objective_type="VIDEO_VIEWS"
        ),
    )["data"]
    group = adgroup_api.AdgroupApi(client).adgroup_create(
        token,
        body=models.AdgroupCreateBody(
            advertiser_id=ADV,
            campaign_id=ad_campaign["campaign_id"],
            adgroup_name="Serum Spark",
            budget_mode="BUDGET_MODE_DAY",
            budget=50.0,
            schedule_type="SCHEDULE_FROM_NOW",
            schedule_start_time=now(tiktok),
            pacing="PACING_MODE_SMOOTH",
            billing_event="CPM",
            optimization_goal="REACH",
            placement_type="PLACEMENT_TYPE_NORMAL",
            placements=["PLACEMENT_TIKTOK"],
        ),
    )["data"]
    made = ad_api.AdApi(client).ad_create(
        token,
        body=models.AdCreateBody(
            advertiser_id=ADV,
            adgroup_id=group["adgroup_id"],
            creatives=[
                models.AdcreateCreatives(
                    ad_name="Glow routine",
                    identity_type="AUTH_CODE",
                    identity_id=identity_id,
                    tiktok_item_id=video_id,
                    call_to_action="LEARN_MORE",
                )
            ],
        ),
    )["data"]
    ad_id = made["ad_ids"][0]
    requests.post(f"{tiktok}/_sim/clock", json={"tenant": TENANT, "advance": "1d"}, timeout=5)
    report = reporting_api.ReportingApi(client).report_integrated_get(
        "BASIC",
        token,
        advertiser_id=ADV,
        data_level="AUCTION_AD",
        dimensions=["ad_id"],
        metrics=["spend", "impressions", "video_play_actions"],
        query_lifetime=True,
    )["data"]
    row = report["list"][0]
    assert row["dimensions"]["ad_id"] == ad_id
    assert float(row["metrics"]["spend"]) == pytest.approx(50.0, abs=0.01)  # a day at $50
    assert int(row["metrics"]["video_play_actions"]) > 0


def test_an_error_reaches_the_sdk_as_its_own_exception_with_tiktoks_code(tiktok: str) -> None:
    client = api_client(tiktok)
    with pytest.raises(TiktokSDKError, match="Error Code: 40105"):
        identity_api.IdentityApi(client).identity_get(ADV, "not-a-token")
    with pytest.raises(TiktokSDKError, match="Error Code: 40400"):
        call(client, "GET", "/no/such/route/", "demo-business-token")
    with pytest.raises(TiktokSDKError, match="Error Code: 40110"):
        authentication_api.AuthenticationApi(client).oauth2_access_token(
            body=models.Oauth2AccessTokenBody(
                app_id=DEMO_CLIENT_KEY, secret=DEMO_CLIENT_SECRET, auth_code="never-issued"
            )
        )
