"""Flex's marketer runs the submitted video as a Spark Ad (TikTok mocked with the shapes the
fake TikTok answers; the whole journey against the fake is features/running_a_spark_ad.feature).

Calls, in TikTok's order for a Spark Ad (../shared/reference/tiktok-apis.md §5, the official
Business SDK's AdApi/AdgroupApi/CampaignCreationApi/ReportingApi): tt_video/authorize,
tt_video/info, campaign/create, adgroup/create, ad/create; then ad/get and
report/integrated/get for the ad's delivery and paid results."""

from __future__ import annotations

import json
from typing import Any

import responses
from flex_support import (
    API,
    SERUM,
    TENANT,
    add_video,
    base,
    csrf,
    offer_id,
    ok,
    report_data,
    signed_in,
    submit,
)
from responses import matchers

from simulator.demo import DEMO_CLIENT_SECRET
from simulator.flex.tiktok_client import sign

ADVERTISER = "7100000000000000001"
CODE = "#SparkCode1"


def _reads(tiktok: responses.RequestsMock, auth_code_status: str = "NOT_USED") -> None:
    """What opening the marketer's offer reads from TikTok."""
    tiktok.get(f"{API}/tcm/report/get/v2/", json=ok(report_data()))
    tiktok.get(
        f"{API}/tcm/tt_video/status/",
        json=ok(
            {
                "video_id": "7301",
                "auth_status": "ACCEPTED",
                "auth_code": CODE,
                "auth_code_status": auth_code_status,
                "auth_code_end_time": "2026-12-30T10:00:00Z",
            }
        ),
    )


def _creates(tiktok: responses.RequestsMock, fail_adgroup: bool = False) -> None:
    tiktok.post(
        f"{API}/tt_video/authorize/",
        json=ok({"video_id": "7301", "auth_code_status": "IN_USE"}),
        match=[matchers.json_params_matcher({"advertiser_id": ADVERTISER, "auth_code": CODE})],
    )
    tiktok.get(
        f"{API}/tt_video/info/",
        json=ok(
            {
                "auth_info": {
                    "ad_auth_status": "AUTHORIZED",
                    "auth_end_time": "2026-12-30 10:00:00",
                },
                "item_info": {"auth_code": CODE, "item_id": "7301", "text": "Glow"},
                "user_info": {"identity_id": "ident1", "identity_type": "AUTH_CODE"},
            }
        ),
    )
    tiktok.post(f"{API}/campaign/create/", json=ok({"campaign_id": "c1"}))
    if fail_adgroup:
        tiktok.post(f"{API}/adgroup/create/", status=503)
    else:
        tiktok.post(f"{API}/adgroup/create/", json=ok({"adgroup_id": "g1"}))
    tiktok.post(f"{API}/ad/create/", json=ok({"ad_ids": ["a1"], "creatives": []}))


def _ad_reads(tiktok: responses.RequestsMock, status: str, spend: str = "42.50") -> None:
    tiktok.get(
        f"{API}/ad/get/",
        json=ok(
            {
                "list": [{"ad_id": "a1", "secondary_status": status, "operation_status": "ENABLE"}],
                "page_info": {"page": 1, "page_size": 10, "total_number": 1, "total_page": 1},
            }
        ),
    )
    tiktok.get(
        f"{API}/report/integrated/get/",
        json=ok(
            {
                "list": [
                    {
                        "dimensions": {"ad_id": "a1"},
                        "metrics": {
                            "spend": spend,
                            "impressions": "8500",
                            "clicks": "97",
                            "video_play_actions": "4710",
                            "reach": "6800",
                            "likes": "81",
                        },
                    }
                ],
                "page_info": {"page": 1, "page_size": 1000, "total_number": 1, "total_page": 1},
            }
        ),
    )


def _submitted(app: Any, phone: Any, tiktok: responses.RequestsMock) -> tuple[Any, str]:
    add_video(app, phone, tiktok)
    submit(app, phone)
    _reads(tiktok)
    jordan = signed_in(app, "marketer@example.com")
    page = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    return jordan, page


def _body(tiktok: responses.RequestsMock, path: str) -> dict[str, Any]:
    call = next(c for c in tiktok.calls if c.request.url.split("?")[0].endswith(path))
    return dict(json.loads(call.request.body))


def test_run_as_spark_ad_creates_campaign_adgroup_and_ad_with_the_budget_and_days(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    assert "Run as Spark Ad" in page and 'name="budget"' in page
    _creates(tiktok)
    _ad_reads(tiktok, "AD_STATUS_DELIVERY_OK")
    answer = jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "300", "days": "7"},
    )
    shown = jordan.get(answer.location).text
    assert "Your Spark Ad runs for 7 days with a budget of $300." in shown
    assert "Delivering" in shown and "over 7 days" in shown
    assert "$42.50" in shown and "4,710" in shown and "8,500" in shown  # paid, beside organic
    group = _body(tiktok, "/adgroup/create/")
    assert group["budget_mode"] == "BUDGET_MODE_TOTAL" and group["budget"] == 300.0
    assert group["schedule_type"] == "SCHEDULE_START_END"
    ad = _body(tiktok, "/ad/create/")["creatives"][0]
    assert ad["identity_type"] == "AUTH_CODE" and ad["identity_id"] == "ident1"
    assert ad["tiktok_item_id"] == "7301"


def test_a_budget_under_the_daily_minimum_is_refused_and_what_was_typed_stays(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    before = len(tiktok.calls)
    answer = jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "50", "days": "7"},
    )
    assert not any(c.request.url == f"{API}/campaign/create/" for c in tiktok.calls[before:])
    shown = jordan.get(answer.location).text
    assert "TikTok needs at least $20 a day: $140 for 7 days." in shown
    assert 'value="50"' in shown and 'value="7"' in shown


def test_a_run_that_failed_half_way_resumes_without_a_second_campaign(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    _creates(tiktok, fail_adgroup=True)
    answer = jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "300", "days": "7"},
    )
    shown = jordan.get(answer.location).text
    assert "The ad is not running yet: try again." in shown
    tiktok.replace(responses.POST, f"{API}/adgroup/create/", json=ok({"adgroup_id": "g1"}))
    _ad_reads(tiktok, "AD_STATUS_DELIVERY_OK")
    jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(shown), "budget": "300", "days": "7"},
    )
    made = [c for c in tiktok.calls if c.request.url == f"{API}/campaign/create/"]
    assert len(made) == 1


def test_the_marketer_is_told_clearly_when_the_creator_revoked_or_the_code_expired(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    _creates(tiktok)
    _ad_reads(tiktok, "AD_STATUS_DELIVERY_OK")
    jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "300", "days": "7"},
    )
    tiktok.replace(
        responses.GET,
        f"{API}/ad/get/",
        json=ok(
            {
                "list": [
                    {"ad_id": "a1", "secondary_status": "AD_STATUS_CREATOR_AUTHORIZATION_REVOKED"}
                ]
            }
        ),
    )
    _reads(tiktok, auth_code_status="DELETED")
    shown = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    assert "The creator turned off ad authorization for this video" in shown
    assert "Your Spark Ad stopped delivering." in shown
    assert "Request Spark Ads authorization" in shown
    assert "Stopped: authorization revoked" in shown


def test_the_expired_code_is_named_as_such(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    _creates(tiktok)
    _ad_reads(tiktok, "AD_STATUS_ASSET_AUTHORIZATION_LOST")
    jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "300", "days": "7"},
    )
    _reads(tiktok, auth_code_status="EXPIRED")
    shown = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    assert "The ad authorization code expired on Dec 30, 2026." in shown
    assert "Stopped: authorization expired" in shown


def test_after_the_ad_stopped_a_new_code_lets_the_marketer_run_it_again(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    jordan, page = _submitted(app, phone, tiktok)
    _creates(tiktok)
    _ad_reads(tiktok, "AD_STATUS_DELIVERY_OK")
    form = {"csrf_token": csrf(page), "budget": "300", "days": "7"}
    jordan.post(f"/marketer{base(app)}/spark-ad", data=form)
    again = jordan.post(f"/marketer{base(app)}/spark-ad", data=form)
    assert "This video already runs as a Spark Ad." in jordan.get(again.location).text
    tiktok.replace(
        responses.GET,
        f"{API}/ad/get/",
        json=ok(
            {"list": [{"ad_id": "a1", "secondary_status": "AD_STATUS_ASSET_AUTHORIZATION_LOST"}]}
        ),
    )
    _reads(tiktok, auth_code_status="EXPIRED")
    assert "Run as Spark Ad" not in jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    _reads(tiktok)  # the creator granted a new code
    shown = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    assert 'aria-label="Run as Spark Ad"' in shown
    tiktok.replace(responses.POST, f"{API}/ad/create/", json=ok({"ad_ids": ["a2"]}))
    jordan.post(f"/marketer{base(app)}/spark-ad", data={**form, "csrf_token": csrf(shown)})
    made = [c for c in tiktok.calls if c.request.url == f"{API}/ad/create/"]
    assert len(made) == 2


def test_the_revoked_webhook_tells_the_marketer_even_when_tiktok_is_not_asked(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    """tto_video_ad_authorization_revoked (the fake's TCM_VIDEOS event, docs/tiktok.md) stops
    the ad in Flex's state at once."""
    jordan, page = _submitted(app, phone, tiktok)
    _creates(tiktok)
    _ad_reads(tiktok, "AD_STATUS_DELIVERY_OK")
    jordan.post(
        f"/marketer{base(app)}/spark-ad",
        data={"csrf_token": csrf(page), "budget": "300", "days": "7"},
    )
    tenant = app.extensions["flex_sim"].get(TENANT)
    body = json.dumps(
        {
            "object": "tto_campaign",
            "entry": [
                {
                    "event_type": "tto_campaign_webhook",
                    "tto_campaign_event_type": "tto_video_ad_authorization_revoked",
                    "video_id": "7301",
                    "auth_code_status": "DELETED",
                }
            ],
        }
    ).encode()
    stamp = tenant.clock.timestamp()
    answer = app.test_client().post(
        f"/webhooks/tiktok?tenant={TENANT}",
        data=body,
        headers={
            "TikTok-Signature": sign(DEMO_CLIENT_SECRET, stamp, body),
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 200 and answer.get_json()["data"]["applied"] == 1
    deliverable = next(d for d in tenant.state.offers[0].deliverables if d.spark_ad)
    assert deliverable.spark_ad.stopped == "revoked"
    assert deliverable.spark_ads.auth_code_status == "DELETED"
