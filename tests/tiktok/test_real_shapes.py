"""Wire shapes pinned to TikTok's real APIs, each test naming where the shape comes from."""

from __future__ import annotations

import json
from datetime import datetime

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_TCM_ACCOUNT_ID, OTHER_HANDLE

from .conftest import (
    bearer,
    create_campaign,
    get_biz,
    join,
    oauth_token,
    post_video,
    scenario,
    seed,
)

ACCT = {"tcm_account_id": DEMO_TCM_ACCOUNT_ID}
DRAFT = "Morning routine with the new vitamin C serum"  # a demo draft

URL_SOURCE = {"source": "PULL_FROM_URL", "video_url": "https://cdn.example.com/v.mp4"}


def test_status_fetch_post_ids_are_int64_and_url_pulls_report_downloaded_bytes(
    client: FlaskClient,
) -> None:
    # Source: TikTok for Developers, Content Posting API "Get Post Status"
    # (developers.tiktok.com/doc/content-posting-api-reference-get-video-status), nested data
    # struct: publicaly_available_post_id list<int64>, uploaded_bytes int64 (FILE_UPLOAD),
    # downloaded_bytes int64 (PULL_FROM_URL). A typed client (Go []int64) cannot read strings.
    seed(client, scenario(posts=[]))
    token = oauth_token(client)
    init = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "Typed ids", "privacy_level": "PUBLIC_TO_EVERYONE"},
            "source_info": URL_SOURCE,
        },
    ).json["data"]
    data = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": init["publish_id"]},
    ).json["data"]
    assert data["status"] == "PUBLISH_COMPLETE"
    (post_id,) = data["publicaly_available_post_id"]
    assert isinstance(post_id, int) and not isinstance(post_id, bool)
    assert 0 < post_id < 2**63  # fits int64
    assert isinstance(data["downloaded_bytes"], int)


def test_status_fetch_errors_use_the_documented_codes(client: FlaskClient) -> None:
    # Source: the same "Get Post Status" page, nested error struct: 400 invalid_publish_id
    # ("The publish_id does not exist"), 400 token_not_authorized_for_specified_publish_id.
    seed(client, scenario(posts=[]))
    token = oauth_token(client)
    unknown = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": "v_pub_url~v2.1234567890123456789"},
    )
    assert unknown.status_code == 400
    assert unknown.json["error"]["code"] == "invalid_publish_id"
    assert unknown.json["data"] == {}
    mine = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "Mine", "privacy_level": "PUBLIC_TO_EVERYONE"},
            "source_info": URL_SOURCE,
        },
    ).json["data"]["publish_id"]
    switched = client.post("/app/account", data={"handle": OTHER_HANDLE})
    assert switched.status_code == 302
    other = oauth_token(client)
    foreign = client.post(
        "/v2/post/publish/status/fetch/", headers=bearer(other), json={"publish_id": mine}
    )
    assert foreign.status_code == 400
    assert foreign.json["error"]["code"] == "token_not_authorized_for_specified_publish_id"


def test_audit_status_takes_the_order_id_and_answers_a_list(client: FlaskClient) -> None:
    # Source: TikTok Business API (TTCM) "Get the review status of videos",
    # GET /open_api/v1.3/tcm/video/audit_status/get/ with tcm_account_id and v2_order_id,
    # answering data.audit_status_list[{video_id, video_status, bind_status, review_status,
    # upload_time, publish_time, cover_image_url, reject_reason, embed_url}] (as modelled by the
    # bububa/tiktok-business Go SDK, model/tcm/ttvideo/audit_status_get.go).
    data = create_campaign(client)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow @lumenskincare #ad")
    (order,) = get_biz(
        client,
        "/tcm/order/get/v2/",
        **ACCT,
        query_type="INVITE_LINK",
        invite_link=data["invite_link"],
    )["data"]["orders"]
    answer = get_biz(client, "/tcm/video/audit_status/get/", **ACCT, v2_order_id=order["order_id"])
    assert answer["code"] == 0
    (audit,) = answer["data"]["audit_status_list"]
    assert audit["video_id"] == video_id
    assert (audit["video_status"], audit["bind_status"], audit["review_status"]) == (
        "RELEASE",
        "BIND",
        "SUCCEED",
    )
    assert {"upload_time", "publish_time", "cover_image_url", "embed_url"} <= set(audit)
    missing = get_biz(client, "/tcm/video/audit_status/get/", **ACCT, v2_order_id="1")
    assert missing["code"] == 40007 and missing["data"] == {}


def test_creator_status_takes_handle_names_and_answers_onboarding_status(
    client: FlaskClient,
) -> None:
    # Source: TikTok Business API (TTCM) "Check the TTCM status of creators",
    # GET /open_api/v1.3/tcm/creator/status/get/ with handle_names as a JSON-encoded array (at
    # most 20), answering data.onboarding_status[{handler_name (TikTok's spelling), status:
    # IN | NOT_IN | INVALID | INVITED}] (bububa/tiktok-business, model/tcm/creator/status_get.go).
    data = create_campaign(client)
    join(client, data["invite_link"])
    answer = get_biz(
        client,
        "/tcm/creator/status/get/",
        **ACCT,
        handle_names=json.dumps([CREATOR_HANDLE, "nobody.here"]),
    )
    assert answer["data"] == {
        "onboarding_status": [
            {"handler_name": CREATOR_HANDLE, "status": "IN"},
            {"handler_name": "nobody.here", "status": "INVALID"},
        ]
    }
    too_many = json.dumps([f"h{i}" for i in range(21)])
    over = get_biz(client, "/tcm/creator/status/get/", **ACCT, handle_names=too_many)
    assert over["code"] == 40002


def test_spark_ads_status_names_the_requested_days_as_tiktok_does(client: FlaskClient) -> None:
    # Source: TikTok Business API (TTCM) "Get the authorization status of a video",
    # GET /open_api/v1.3/tcm/tt_video/status/: requested_authorization_days (7, 30, 60, 365),
    # auth_status, auth_code, auth_code_status, auth_code_start_time, auth_code_end_time
    # (bububa/tiktok-business, model/tcm/ttvideo/status.go). authorization_days stays as the
    # simulator's addition because Flex reads it (docs/contract.md call 6).
    data = create_campaign(client)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow @lumenskincare #ad")
    status = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]
    assert status["requested_authorization_days"] == status["authorization_days"] == 30
    assert {"auth_status", "auth_code", "auth_code_status"} <= set(status)


def test_tt_video_info_times_are_marketing_api_datetimes(client: FlaskClient) -> None:
    # Source: TikTok Business API "Get info about a Spark Ads post", GET /open_api/v1.3/
    # tt_video/info/: auth_info.auth_start_time / auth_end_time in UTC+0, time format
    # "2017-01-01 00:00:00" (quoted by bububa/tiktok-business, model/ttvideo/info.go), not
    # ISO-8601 with T and Z: a client parsing "%Y-%m-%d %H:%M:%S" must be able to read them.
    data = create_campaign(client)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow @lumenskincare #ad")
    code = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]["auth_code"]
    assert code
    info = get_biz(client, "/tt_video/info/", advertiser_id="7100000000000000001", auth_code=code)[
        "data"
    ]
    start = datetime.strptime(info["auth_info"]["auth_start_time"], "%Y-%m-%d %H:%M:%S")
    end = datetime.strptime(info["auth_info"]["auth_end_time"], "%Y-%m-%d %H:%M:%S")
    assert (end - start).days == 30
