"""TikTok One campaigns: create, get, update, join, review modes, link requests, errors."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_TCM_ACCOUNT_ID, OTHER_HANDLE

from .conftest import (
    BIZ,
    biz_headers,
    create_campaign,
    direct_post,
    get_biz,
    post_biz,
    post_video,
    scenario,
    seed,
)

DRAFT = "Get ready with me: glowy skin in 5 minutes"


def creator_id(client: FlaskClient, handle: str = CREATOR_HANDLE) -> str:
    accounts = seed(client)["accounts"]
    return next(a["creator_id"] for a in accounts if a["handle"] == handle)


def test_create_returns_an_invite_link_and_failed_handles(client: FlaskClient) -> None:
    data = create_campaign(client, handle_names=[CREATOR_HANDLE, "nobody.here"])
    assert data["failed_handle_names"] == ["nobody.here"]
    got = get_biz(
        client,
        "/tto/tcm/campaign/",
        tto_tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        campaign_id=data["campaign_id"],
    )
    campaign = got["data"]["campaigns"][0]
    assert campaign["handle_names"] == [CREATOR_HANDLE]
    assert campaign["invite_link"] == data["invite_link"]
    assert campaign["video_requirements"]["required_elements"] == ["#ad", "@lumenskincare"]


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"campaign_name": ""}, "campaign_name"),
        ({"default_spark_ads_requested_authorization_days": 14}, "one of 0, 7, 30, 60, 365"),
        ({"video_number": 11}, "video_number"),
        ({"handle_names": "not-a-list"}, "handle_names"),
        ({"campaign_type": "OTHER"}, "campaign_type"),
    ],
)
def test_create_rejects_bad_input_with_40002(
    client: FlaskClient, override: dict[str, Any], fragment: str
) -> None:
    body: dict[str, Any] = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_name": "X",
        "handle_names": [CREATOR_HANDLE],
        **override,
    }
    answer = post_biz(client, "/tto/tcm/campaign/create/", body)
    assert answer["code"] == 40002 and fragment in answer["message"] and answer["data"] == {}


def test_token_errors(client: FlaskClient) -> None:
    url = f"{BIZ}/tto/tcm/campaign/create/"
    assert client.post(url, json={}).json["code"] == 40104
    assert client.post(url, json={}, headers=biz_headers("wrong")).json["code"] == 40105
    other = post_biz(
        client, "/tto/tcm/campaign/create/", {"tto_tcm_account_id": "123", "campaign_name": "x"}
    )
    assert other["code"] == 40001


def test_expired_brand_token_gives_40102(client: FlaskClient) -> None:
    half = scenario()
    half["brands"][0]["token_expires_in"] = "1h"
    seed(client, half)
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "2h"})
    assert (
        get_biz(client, "/tto/tcm/campaign/", tto_tcm_account_id=DEMO_TCM_ACCOUNT_ID)["code"]
        == 40102
    )


def test_update_renames_and_invites_more(client: FlaskClient) -> None:
    data = create_campaign(client, handle_names=[CREATOR_HANDLE])
    answer = post_biz(
        client,
        "/tto/tcm/campaign/update/",
        {
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_id": data["campaign_id"],
            "campaign_name": "Renamed",
            "handle_names": [OTHER_HANDLE],
        },
    )
    assert answer["code"] == 0
    got = get_biz(client, "/tto/tcm/campaign/", tto_tcm_account_id=DEMO_TCM_ACCOUNT_ID)["data"]
    assert got["campaigns"][0]["campaign_name"] == "Renamed"
    assert got["campaigns"][0]["handle_names"] == [CREATOR_HANDLE, OTHER_HANDLE]
    assert got["page_info"]["total_number"] == 1
    missing = post_biz(
        client,
        "/tto/tcm/campaign/update/",
        {"tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID, "campaign_id": "999"},
    )
    assert missing["code"] == 40007


def test_a_handle_named_twice_is_invited_once(client: FlaskClient) -> None:
    """In a new campaign and in an update: '@' and letter case name the same creator."""
    data = create_campaign(client, handle_names=[CREATOR_HANDLE, "@" + CREATOR_HANDLE.upper()])
    assert data["failed_handle_names"] == []
    update = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_id": data["campaign_id"],
        "handle_names": [OTHER_HANDLE, CREATOR_HANDLE, OTHER_HANDLE.upper()],
    }
    assert post_biz(client, "/tto/tcm/campaign/update/", update)["code"] == 0
    got = get_biz(client, "/tto/tcm/campaign/", tto_tcm_account_id=DEMO_TCM_ACCOUNT_ID)["data"]
    assert got["campaigns"][0]["handle_names"] == [CREATOR_HANDLE, OTHER_HANDLE]
    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        query_type="INVITE_LINK",
        invite_link=data["invite_link"],
    )["data"]["orders"]
    assert sorted(o["handle_name"] for o in orders) == sorted([CREATOR_HANDLE, OTHER_HANDLE])


def test_join_through_the_api_and_wrong_creator(client: FlaskClient) -> None:
    ids = {a["handle"]: a["creator_id"] for a in seed(client)["accounts"]}
    data = create_campaign(client, handle_names=[CREATOR_HANDLE])
    wrong = post_biz(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": ids[OTHER_HANDLE], "tto_invite_link": data["invite_link"]},
    )
    assert wrong["code"] == 40001 and f"@{CREATOR_HANDLE}" in wrong["message"]
    ok = post_biz(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": ids[CREATOR_HANDLE], "tto_invite_link": data["invite_link"]},
    )
    assert ok["data"]["status"] == "ACCEPTED"
    bad_link = post_biz(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": ids[CREATOR_HANDLE], "tto_invite_link": "x/none"},
    )
    assert bad_link["code"] == 40007


def _order_status(client: FlaskClient, link: str) -> str:
    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        query_type="INVITE_LINK",
        invite_link=link,
    )
    return str(orders["data"]["orders"][0]["status"])


def test_manual_review_waits_for_the_brand(client: FlaskClient) -> None:
    seed(client, scenario(review={"mode": "manual"}))
    data = create_campaign(client)
    client.post(
        "/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1] + "/join", data={"terms": "on"}
    )
    assert _order_status(client, data["invite_link"]) == "JOINED"
    page = client.get("/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1]).get_data(
        as_text=True
    )
    assert "Waiting for the brand to accept you" in page
    body = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_id": data["campaign_id"],
        "handle_name": CREATOR_HANDLE,
    }
    assert (
        post_biz(client, "/tto/tcm/campaign/creator/review/", {**body, "action": "MAYBE"})["code"]
        == 40002
    )
    assert (
        post_biz(client, "/tto/tcm/campaign/creator/review/", {**body, "action": "REJECT"})["data"][
            "status"
        ]
        == "REJECTED"
    )
    page = client.get("/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1]).get_data(
        as_text=True
    )
    assert "The brand did not accept you" in page
    assert (
        post_biz(client, "/tto/tcm/campaign/creator/review/", {**body, "action": "ACCEPT"})["code"]
        == 40002
    )


def test_delayed_review_accepts_when_the_clock_passes(client: FlaskClient) -> None:
    seed(client, scenario(review={"mode": "delay", "delay": "2h"}))
    data = create_campaign(client)
    client.post(
        "/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1] + "/join", data={"terms": "on"}
    )
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "1h"})
    assert _order_status(client, data["invite_link"]) == "JOINED"
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "1h"})
    assert _order_status(client, data["invite_link"]) == "ACCEPTED"


def test_reviewfail_handle_is_rejected(client: FlaskClient) -> None:
    half = scenario(current_handle="bad.reviewfail")
    half["accounts"].append({"handle": "bad.reviewfail", "nickname": "Bad", "followers": 5})
    seed(client, half)
    data = create_campaign(client, handle_names=["bad.reviewfail"])
    client.post(
        "/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1] + "/join", data={"terms": "on"}
    )
    assert _order_status(client, data["invite_link"]) == "REJECTED"


def _published_unlinked(client: FlaskClient, data: dict[str, Any]) -> str:
    """Post for one campaign, then unlink it through REVOKE so it can be linked again."""
    client.post(
        "/tto/invite/" + data["invite_link"].rsplit("/", 1)[-1] + "/join", data={"terms": "on"}
    )
    return post_video(client, data["campaign_id"], DRAFT, "Glow #ad @lumenskincare")


def test_link_existing_post_with_brand_review(client: FlaskClient) -> None:
    seed(client, scenario(review={"mode": "manual"}))
    video_id = direct_post(client, "Posted outside any campaign")
    data = create_campaign(client)
    link = data["invite_link"]
    client.post("/tto/invite/" + link.rsplit("/", 1)[-1] + "/join", data={"terms": "on"})
    review = {"tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID, "campaign_id": data["campaign_id"]}
    post_biz(
        client,
        "/tto/tcm/campaign/creator/review/",
        {**review, "handle_name": CREATOR_HANDLE, "action": "ACCEPT"},
    )
    asked = post_biz(
        client,
        "/tto/creator/campaign/video/link/",
        {"creator_id": CREATOR_HANDLE, "tto_invite_link": link, "video_id": video_id},
    )
    assert asked["data"]["status"] == "IN_REVIEW"
    approved = post_biz(
        client, "/tto/tcm/campaign/link/", {**review, "video_id": video_id, "action": "LINK"}
    )
    assert approved["data"]["status"] == "APPROVE"
    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        query_type="INVITE_LINK",
        invite_link=link,
    )
    assert orders["data"]["orders"][0]["video_ids"] == [video_id]
    again = post_biz(
        client,
        "/tto/creator/campaign/video/link/",
        {"creator_id": CREATOR_HANDLE, "tto_invite_link": link, "video_id": video_id},
    )
    assert again["code"] == 40002
    revoked = post_biz(
        client, "/tto/tcm/campaign/link/", {**review, "video_id": video_id, "action": "REVOKE"}
    )
    assert revoked["data"]["status"] == "REVOKE"


def test_brand_asks_to_link_and_creator_confirms(client: FlaskClient) -> None:
    video_id = direct_post(client, "Brand wants this one")
    data = create_campaign(client)
    link = data["invite_link"]
    client.post("/tto/invite/" + link.rsplit("/", 1)[-1] + "/join", data={"terms": "on"})
    ask = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_id": data["campaign_id"],
        "video_id": video_id,
    }
    assert post_biz(client, "/tto/tcm/campaign/link/", {**ask, "action": "DROP"})["code"] == 40002
    created = post_biz(client, "/tto/tcm/campaign/link/", {**ask, "action": "LINK"})["data"]
    got = get_biz(
        client, "/tto/creator/link/request/get/", creator_id=CREATOR_HANDLE, tto_invite_link=link
    )["data"]
    assert got["link_requests"] == [
        {"video_id": video_id, "link_request_id": created["link_request_id"], "status": "IN_REVIEW"}
    ]
    assert got["spark_authorization_days"] == 30
    confirm = {"creator_id": CREATOR_HANDLE, "link_request_id": created["link_request_id"]}
    assert (
        post_biz(client, "/tto/creator/link/request/confirm/", {**confirm, "action": "APPROVE"})[
            "data"
        ]["status"]
        == "APPROVE"
    )
    assert (
        post_biz(client, "/tto/creator/link/request/confirm/", {**confirm, "action": "REJECT"})[
            "code"
        ]
        == 40002
    )
    assert (
        post_biz(
            client,
            "/tto/creator/link/request/confirm/",
            {**confirm, "link_request_id": "1", "action": "APPROVE"},
        )["code"]
        == 40007
    )
