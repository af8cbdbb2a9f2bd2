"""TTCM orders, reports, audit status, creators, Spark Ads, and the growing metrics."""

from __future__ import annotations

import json
from datetime import date

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_TCM_ACCOUNT_ID, OTHER_HANDLE

from .conftest import (
    create_campaign,
    get_biz,
    invite_path,
    join,
    post_biz,
    post_video,
    scenario,
    seed,
)

DRAFT = "Morning routine with the new vitamin C serum"
ACCT = {"tcm_account_id": DEMO_TCM_ACCOUNT_ID}


def posted(client: FlaskClient, **overrides: object) -> tuple[dict[str, str], str]:
    data = create_campaign(client, **overrides)
    join(client, data["invite_link"])
    return data, post_video(client, data["campaign_id"], DRAFT, "Glow @lumenskincare #ad")


def test_order_create_and_get_by_id_and_code(client: FlaskClient) -> None:
    body = {
        **ACCT,
        "brand_name": "Lumen",
        "description": "Serum",
        "handle_names": [CREATOR_HANDLE, OTHER_HANDLE],
        "campaign_code": "LUMEN-1",
        "order_source": "OTHER",
        "deliverables": [{"deliverable_name": "Reel", "spark_ads_requested_authorization_days": 7}],
        "video_number": 1,
    }
    created = post_biz(client, "/tcm/order/create/v2/", body)["data"]
    assert created["campaign_code"] == "LUMEN-1" and [
        o["handle_name"] for o in created["orders"]
    ] == [CREATOR_HANDLE, OTHER_HANDLE]
    ids = [o["order_id"] for o in created["orders"]]
    by_id = get_biz(
        client, "/tcm/order/get/v2/", **ACCT, query_type="ORDER_ID", order_ids=json.dumps(ids[:1])
    )["data"]
    assert [o["order_id"] for o in by_id["orders"]] == ids[:1]
    by_code = get_biz(
        client,
        "/tcm/order/get/v2/",
        **ACCT,
        query_type="CAMPAIGN_CODE",
        campaign_code="LUMEN-1",
        page_size=1,
    )["data"]
    assert by_code["page_info"] == {"page": 1, "page_size": 1, "total_number": 2, "total_page": 2}
    assert get_biz(client, "/tcm/order/get/v2/", **ACCT, query_type="NOPE")["code"] == 40002
    assert (
        get_biz(client, "/tcm/order/get/v2/", **ACCT, query_type="ORDER_ID", order_ids="not json")[
            "code"
        ]
        == 40002
    )
    assert (
        get_biz(
            client,
            "/tcm/order/get/v2/",
            **ACCT,
            query_type="ORDER_ID",
            order_ids="[]",
            page_size=21,
        )["code"]
        == 40002
    )
    too_long = post_biz(client, "/tcm/order/create/v2/", {**body, "brand_name": "x" * 61})
    assert too_long["code"] == 40002


def test_report_metrics_grow_with_the_clock(client: FlaskClient) -> None:
    data, video_id = posted(client)
    order_id = get_biz(
        client,
        "/tcm/order/get/v2/",
        **ACCT,
        query_type="INVITE_LINK",
        invite_link=data["invite_link"],
    )["data"]["orders"][0]["order_id"]
    today = client.get("/_sim/clock?tenant=t1").json["now"][:10]
    params = {**ACCT, "order_ids": json.dumps([order_id]), "start_date": today, "end_date": today}
    # insights[{dimensions, metrics}] (bububa/tiktok-business model/tcm/report; test_ttcm_shapes)
    first = get_biz(client, "/tcm/report/get/v2/", **params)["data"]["insights"][0]
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "20h"})
    later_day = client.get("/_sim/clock?tenant=t1").json["now"][:10]
    later = get_biz(client, "/tcm/report/get/v2/", **{**params, "end_date": later_day})["data"][
        "insights"
    ][0]
    assert (
        first["dimensions"]["video_id"] == video_id
        and later["metrics"]["video_views"] > first["metrics"]["video_views"]
    )
    assert {"video_views", "likes", "comments", "shares", "favorites", "reach"} <= set(
        later["metrics"]
    )
    far = date.fromisoformat(today).replace(year=date.fromisoformat(today).year + 1).isoformat()
    assert get_biz(client, "/tcm/report/get/v2/", **{**params, "end_date": far})["code"] == 40002
    assert (
        get_biz(client, "/tcm/report/get/v2/", **{**params, "order_ids": '["1"]'})["code"] == 40007
    )


def test_audit_status_and_creator_status(client: FlaskClient) -> None:
    _data, video_id = posted(client)
    # video_id is the simulator's addition; TikTok's v2_order_id is pinned in test_real_shapes
    (audit,) = get_biz(client, "/tcm/video/audit_status/get/", **ACCT, video_id=video_id)["data"][
        "audit_status_list"
    ]
    assert (audit["video_status"], audit["bind_status"], audit["review_status"]) == (
        "RELEASE",
        "BIND",
        "SUCCEED",
    )
    handles = json.dumps([CREATOR_HANDLE, OTHER_HANDLE, "ghost"])
    answer = get_biz(client, "/tcm/creator/status/get/", **ACCT, handle_names=handles)
    assert answer["data"]["onboarding_status"] == [
        {"handler_name": CREATOR_HANDLE, "status": "IN"},
        {"handler_name": OTHER_HANDLE, "status": "NOT_IN"},
        {"handler_name": "ghost", "status": "INVALID"},
    ]
    # one creator by creator_id (model/tcm/creator/authorized.go); a handle works too here
    creator = get_biz(client, "/tcm/creator/authorized/", **ACCT, creator_id=CREATOR_HANDLE)
    assert creator["data"]["handle_name"] == CREATOR_HANDLE
    other = get_biz(client, "/tcm/creator/authorized/", **ACCT, creator_id=OTHER_HANDLE)
    assert other["code"] == 40001
    not_in = get_biz(
        client, "/tcm/creator/authorized/video/list/", **ACCT, handle_name=OTHER_HANDLE
    )
    assert not_in["code"] == 40001


def test_spark_ads_apply_answer_redeem_and_expire(client: FlaskClient) -> None:
    _data, video_id = posted(client, default_spark_ads_requested_authorization_days=7)
    first = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert first["auth_status"] == "ACCEPTED" and first["authorization_days"] == 7
    applied = post_biz(
        client,
        "/tcm/tt_video/apply/",
        {**ACCT, "video_id": video_id, "authorization_days": 60, "action": "APPLY"},
    )["data"]
    assert applied["auth_status"] == "WAITING"
    assert (
        post_biz(
            client,
            "/tcm/tt_video/apply/",
            {**ACCT, "video_id": video_id, "authorization_days": 5, "action": "APPLY"},
        )["code"]
        == 40002
    )
    page = client.get(f"/tto/videos/{video_id}").get_data(as_text=True)
    assert "asks to use this video in ads for <b>60 days</b>" in page
    client.post(f"/tto/videos/{video_id}/ads/answer", data={"answer": "accept"})
    accepted = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert accepted["auth_status"] == "ACCEPTED" and accepted["authorization_days"] == 60
    assert accepted["auth_code"] != first["auth_code"]
    redeem = post_biz(
        client,
        "/tt_video/authorize/",
        {"advertiser_id": "7100000000000000001", "auth_code": accepted["auth_code"]},
    )
    assert redeem["data"]["auth_code_status"] == "IN_USE"
    assert (
        post_biz(
            client,
            "/tt_video/authorize/",
            {"advertiser_id": "1", "auth_code": accepted["auth_code"]},
        )["code"]
        == 40001
    )
    info = get_biz(
        client,
        "/tt_video/info/",
        advertiser_id="7100000000000000001",
        auth_code=accepted["auth_code"],
    )["data"]
    assert (
        info["item_info"]["item_id"] == video_id
        and info["user_info"]["tiktok_name"] == CREATOR_HANDLE
    )
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "61d"})
    assert (
        get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"][
            "auth_code_status"
        ]
        == "EXPIRED"
    )
    assert (
        post_biz(
            client,
            "/tt_video/authorize/",
            {"advertiser_id": "7100000000000000001", "auth_code": accepted["auth_code"]},
        )["code"]
        == 40002
    )


def test_creator_generates_a_code_in_the_app(client: FlaskClient) -> None:
    _data, video_id = posted(client, default_spark_ads_requested_authorization_days=0)
    assert get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["code"] == 40007
    client.post(f"/tto/videos/{video_id}/ads", data={"days": "365"})
    status = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert status["authorization_days"] == 365 and status["auth_code"] in client.get(
        f"/tto/videos/{video_id}"
    ).get_data(as_text=True)
    bad = client.post(f"/tto/videos/{video_id}/ads", data={"days": "3"})
    assert "7%2C%2030" in bad.headers["Location"] or "message=" in bad.headers["Location"]


def test_authorized_video_list_pages_with_cursor(client: FlaskClient) -> None:
    seed(client, scenario(posts=[]))  # the creator has no earlier posts
    data, first = posted(client, video_number=2)
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "1m"})
    second = post_video(
        client,
        data["campaign_id"],
        "Get ready with me: glowy skin in 5 minutes",
        "Two @lumenskincare #ad",
    )
    page1 = get_biz(
        client, "/tcm/creator/authorized/video/list/", **ACCT, handle_name=CREATOR_HANDLE, limit=1
    )["data"]
    assert [p["video_id"] for p in page1["posts"]] == [second]
    assert page1["page_info"]["total_number"] == 2 and page1["page_info"]["total_page"] == 2
    page2 = get_biz(
        client,
        "/tcm/creator/authorized/video/list/",
        **ACCT,
        handle_name=CREATOR_HANDLE,
        limit=1,
        cursor=page1["posts"][-1]["create_time"] * 1000,  # before the last post shown
    )["data"]
    assert [p["video_id"] for p in page2["posts"]] == [first]
    page = client.get(invite_path(data["invite_link"])).get_data(as_text=True)
    assert "Quota reached" in page and "Upload video" not in page
