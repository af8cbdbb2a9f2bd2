"""Spark Ads after the code, and how a brand gets its Business API token (issue 14, 2-3).

Shapes per ../shared/reference/tiktok-apis.md §5: the official Business SDK
(`tiktok-business-api-sdk-official` 1.1.3: AuthenticationApi.oauth2_access_token /
oauth2_advertiser_get, IdentityApi.identity_get / identity_video_info, CampaignCreationApi,
AdgroupApi, AdApi, ReportingApi.report_integrated_get) and the bububa/tiktok-business Go SDK
(model/oauth/access_token.go: `{access_token, advertiser_ids, scope[int]}`;
model/oauth/advertiser_get.go: `{list[{advertiser_id, advertiser_name}]}`;
model/identity/identity.go; model/ttvideo/info.go ItemInfo; model/report/integrated_get.go
`{list[{dimensions, metrics}], page_info}`; enum/seconday_status.go for
AD_STATUS_CREATOR_AUTHORIZATION_REVOKED and AD_STATUS_ASSET_AUTHORIZATION_LOST).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import responses
from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET

from .conftest import (
    BIZ,
    HOOK_URL,
    create_campaign,
    get_biz,
    join,
    post_biz,
    post_video,
    scenario,
    seed,
)

ADV = "7100000000000000001"
ACCT = {"tcm_account_id": "7000000000000000001"}
DRAFT = "Morning routine with the new vitamin C serum"
APP_URL = "https://brand-app.test/tiktok/callback"


def _posted_with_code(client: FlaskClient, days: int = 30) -> tuple[str, str]:
    """A campaign asking for `days` of Spark Ads, the creator's post; (video id, code)."""
    data = create_campaign(client, default_spark_ads_requested_authorization_days=days)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow #ad @lumenskincare")
    status = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    return video_id, status["auth_code"]


def _identity(client: FlaskClient, code: str) -> str:
    redeemed = post_biz(client, "/tt_video/authorize/", {"advertiser_id": ADV, "auth_code": code})
    assert redeemed["code"] == 0, redeemed
    found = get_biz(client, "/identity/get/", advertiser_id=ADV, identity_type="AUTH_CODE")
    assert found["code"] == 0, found
    (identity,) = found["data"]["identity_list"]
    return str(identity["identity_id"])


def _spark_ad(client: FlaskClient, video_id: str, identity_id: str) -> str:
    """Campaign, ad group ($50 a day from now) and the Spark Ad using the post."""
    campaign = post_biz(
        client,
        "/campaign/create/",
        {"advertiser_id": ADV, "campaign_name": "Serum Spark", "objective_type": "VIDEO_VIEWS"},
    )
    assert campaign["code"] == 0, campaign
    group = post_biz(
        client,
        "/adgroup/create/",
        {
            "advertiser_id": ADV,
            "campaign_id": campaign["data"]["campaign_id"],
            "adgroup_name": "Serum Spark",
            "budget_mode": "BUDGET_MODE_DAY",
            "budget": 50,
            "schedule_type": "SCHEDULE_FROM_NOW",
            "placement_type": "PLACEMENT_TYPE_NORMAL",
            "placements": ["PLACEMENT_TIKTOK"],
        },
    )
    assert group["code"] == 0, group
    ad = post_biz(
        client,
        "/ad/create/",
        {
            "advertiser_id": ADV,
            "adgroup_id": group["data"]["adgroup_id"],
            "creatives": [
                {
                    "ad_name": "Glow routine",
                    "identity_type": "AUTH_CODE",
                    "identity_id": identity_id,
                    "tiktok_item_id": video_id,
                    "call_to_action": "LEARN_MORE",
                }
            ],
        },
    )
    assert ad["code"] == 0, ad
    assert ad["data"]["creatives"][0]["tiktok_item_id"] == video_id
    return str(ad["data"]["ad_ids"][0])


def _report(client: FlaskClient, **extra: Any) -> dict[str, Any]:
    query = {
        "advertiser_id": ADV,
        "report_type": "BASIC",
        "data_level": "AUCTION_AD",
        "dimensions": json.dumps(["ad_id"]),
        "metrics": json.dumps(["spend", "impressions", "clicks", "video_play_actions"]),
        "query_lifetime": "true",
        **extra,
    }
    return get_biz(client, "/report/integrated/get/", **query)


def _status(client: FlaskClient, ad_id: str) -> str:
    listed = get_biz(
        client, "/ad/get/", advertiser_id=ADV, filtering=json.dumps({"ad_ids": [ad_id]})
    )
    assert listed["code"] == 0, listed
    return str(listed["data"]["list"][0]["secondary_status"])


def _subscribe(client: FlaskClient) -> None:
    """The brand listens to TCM_VIDEOS webhooks at HOOK_URL."""
    body = {"app_id": DEMO_CLIENT_KEY, "secret": DEMO_CLIENT_SECRET}
    body |= {"subscribe_entity": "TCM_VIDEOS", "callback_url": HOOK_URL}
    assert post_biz(client, "/subscription/subscribe/", body)["code"] == 0


def _advance(client: FlaskClient, by: str) -> None:
    assert client.post("/_sim/clock", json={"tenant": "t1", "advance": by}).status_code == 200


def test_a_brand_gets_its_token_through_the_advertiser_authorization_page(
    client: FlaskClient,
) -> None:
    half = scenario()
    half["brands"][0]["redirect_uris"] = [APP_URL]
    seed(client, half)
    params = {"app_id": DEMO_CLIENT_KEY, "redirect_uri": APP_URL, "state": "xyz"}
    page = client.get("/portal/auth", query_string=params).get_data(as_text=True)
    assert "would like to manage your ad accounts" in page and ADV in page
    back = client.post(
        "/portal/auth", data={**params, "decision": "confirm", "advertiser_ids": [ADV]}
    )
    assert back.status_code == 302
    target = urlsplit(back.headers["Location"])
    query = parse_qs(target.query)
    assert target.geturl().startswith(APP_URL) and query["state"] == ["xyz"]
    assert query["auth_code"] == query["code"]  # TikTok sends both names, same value
    body = {"app_id": DEMO_CLIENT_KEY, "secret": DEMO_CLIENT_SECRET}
    token = client.post(
        f"{BIZ}/oauth2/access_token/", json={**body, **{"auth_code": query["auth_code"][0]}}
    ).json
    assert token["code"] == 0, token
    assert token["data"]["advertiser_ids"] == [ADV]
    assert all(isinstance(s, int) for s in token["data"]["scope"])
    again = client.post(
        f"{BIZ}/oauth2/access_token/", json={**body, "auth_code": query["auth_code"][0]}
    )
    assert again.json["code"] == 40110  # an auth_code works once
    advertisers = client.get(
        f"{BIZ}/oauth2/advertiser/get/",
        query_string=body,
        headers={"Access-Token": token["data"]["access_token"]},
    ).json
    assert advertisers["code"] == 0
    assert advertisers["data"]["list"] == [
        {"advertiser_id": ADV, "advertiser_name": "Lumen Skincare"}
    ]
    # the new token works for the brand's calls; the seeded quick-start token still does too
    campaigns = client.get(
        f"{BIZ}/tto/tcm/campaign/",
        query_string={"tto_tcm_account_id": ACCT["tcm_account_id"]},
        headers={"Access-Token": token["data"]["access_token"]},
    ).json
    assert campaigns["code"] == 0
    assert (
        get_biz(client, "/tto/tcm/campaign/", tto_tcm_account_id=ACCT["tcm_account_id"])["code"]
        == 0
    )


def test_an_unregistered_redirect_or_a_wrong_secret_is_refused(client: FlaskClient) -> None:
    page = client.get(
        "/portal/auth",
        query_string={"app_id": DEMO_CLIENT_KEY, "redirect_uri": "https://evil.test/"},
    )
    assert page.status_code == 400 and "redirect_uri" in page.get_data(as_text=True)
    wrong = client.post(
        f"{BIZ}/oauth2/access_token/",
        json={"app_id": DEMO_CLIENT_KEY, "secret": "nope", "auth_code": "x"},
    ).json
    assert wrong["code"] == 40001 and wrong["data"] == {}


def test_spark_ad_after_the_code_delivers_and_its_paid_results_grow_with_the_clock(
    client: FlaskClient,
) -> None:
    video_id, code = _posted_with_code(client)
    identity_id = _identity(client, code)
    status = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert status["auth_code_status"] == "IN_USE"
    info = get_biz(
        client,
        "/identity/video/info/",
        advertiser_id=ADV,
        identity_type="AUTH_CODE",
        identity_id=identity_id,
        item_id=video_id,
    )
    detail = info["data"]["video_detail"]
    assert detail["item_id"] == video_id and detail["auth_code"] == code
    assert detail["auth_info"]["ad_auth_status"] == "AUTHORIZED"
    identities = get_biz(client, "/identity/get/", advertiser_id=ADV, identity_type="AUTH_CODE")
    assert identities["data"]["identity_list"][0]["user_name"] == CREATOR_HANDLE
    ad_id = _spark_ad(client, video_id, identity_id)
    assert _status(client, ad_id) == "AD_STATUS_DELIVERY_OK"
    _advance(client, "6h")
    first = _report(client)["data"]["list"][0]
    assert first["dimensions"] == {"ad_id": ad_id}
    assert all(isinstance(v, str) for v in first["metrics"].values())  # TikTok writes strings
    _advance(client, "1d")
    later = _report(client)["data"]["list"][0]["metrics"]
    for name in ("spend", "impressions", "video_play_actions"):
        assert float(later[name]) > float(first["metrics"][name]) > 0, name
    assert float(later["spend"]) <= 50 * 1.25 + 0.01  # a day and a quarter at $50 a day
    daily = _report(
        client,
        dimensions=json.dumps(["ad_id", "stat_time_day"]),
        query_lifetime="false",
        start_date=client.get("/_sim/clock?tenant=t1").json["now"][:10],
        end_date=client.get("/_sim/clock?tenant=t1").json["now"][:10],
    )
    assert daily["data"]["list"][0]["dimensions"]["stat_time_day"].endswith(" 00:00:00")


def test_the_creator_revoking_stops_the_ad_and_tells_the_brand(
    client: FlaskClient, hooks: responses.RequestsMock
) -> None:
    _subscribe(client)
    video_id, code = _posted_with_code(client)
    ad_id = _spark_ad(client, video_id, _identity(client, code))
    _advance(client, "2h")
    page = client.get(f"/tto/videos/{video_id}").get_data(as_text=True)
    assert "Turn off ad authorization" in page
    assert client.post(f"/tto/videos/{video_id}/ads/stop").status_code == 302
    assert _status(client, ad_id) == "AD_STATUS_CREATOR_AUTHORIZATION_REVOKED"
    status = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert status["auth_code_status"] == "DELETED"
    spent = _report(client)["data"]["list"][0]["metrics"]["spend"]
    _advance(client, "1d")
    assert _report(client)["data"]["list"][0]["metrics"]["spend"] == spent  # no more delivery
    entries = [json.loads(c.request.body)["entry"][0] for c in hooks.calls]
    revoked = [e for e in entries if e["tto_campaign_event_type"].endswith("_revoked")]
    assert revoked and revoked[0]["video_id"] == video_id


def test_the_code_expiring_stops_the_ad_and_tells_the_brand(
    client: FlaskClient, hooks: responses.RequestsMock
) -> None:
    _subscribe(client)
    video_id, code = _posted_with_code(client, days=7)
    ad_id = _spark_ad(client, video_id, _identity(client, code))
    _advance(client, "8d")
    assert _status(client, ad_id) == "AD_STATUS_ASSET_AUTHORIZATION_LOST"
    spend = float(_report(client)["data"]["list"][0]["metrics"]["spend"])
    assert 0 < spend <= 7 * 50 + 0.01  # it spent only while the code lived
    events = [
        json.loads(c.request.body)["entry"][0]["tto_campaign_event_type"] for c in hooks.calls
    ]
    assert "tto_video_ad_authorization_expired" in events


def test_a_post_not_authorized_through_the_identity_makes_no_ad(client: FlaskClient) -> None:
    video_id, code = _posted_with_code(client)
    identity_id = _identity(client, code)
    campaign = post_biz(
        client,
        "/campaign/create/",
        {"advertiser_id": ADV, "campaign_name": "X", "objective_type": "REACH"},
    )["data"]
    group = post_biz(
        client,
        "/adgroup/create/",
        {
            "advertiser_id": ADV,
            "campaign_id": campaign["campaign_id"],
            "adgroup_name": "G",
            "budget": 50,
        },
    )["data"]
    creative = {"ad_name": "A", "identity_type": "AUTH_CODE", "identity_id": identity_id}
    body = {
        "advertiser_id": ADV,
        "adgroup_id": group["adgroup_id"],
        "creatives": [
            {**creative, "tiktok_item_id": video_id},
            {**creative, "tiktok_item_id": "1"},
        ],
    }
    refused = post_biz(client, "/ad/create/", body)
    assert refused["code"] == 40001 and "not authorized" in refused["message"]
    assert get_biz(client, "/ad/get/", advertiser_id=ADV)["data"]["list"] == []  # none kept
    small = post_biz(
        client,
        "/adgroup/create/",
        {
            "advertiser_id": ADV,
            "campaign_id": campaign["campaign_id"],
            "adgroup_name": "G",
            "budget": 5,
        },
    )
    assert small["code"] == 40002 and "at least 20" in small["message"]
    other = post_biz(
        client,
        "/campaign/create/",
        {"advertiser_id": "999", "campaign_name": "X", "objective_type": "REACH"},
    )
    assert other["code"] == 40001


def test_an_unknown_business_route_answers_40400(client: FlaskClient) -> None:
    """The SDK's code table names 40400 for a route that does not exist (ROUTE_NOT_FOUND)."""
    answer = client.get(f"{BIZ}/no/such/route/", headers={"Access-Token": "x"})
    assert answer.status_code == 200 or answer.status_code == 404
    assert answer.json["code"] == 40400
