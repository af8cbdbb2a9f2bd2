"""The TTCM and TikTok One shapes follow section 5 of ../shared/reference/tiktok-apis.md.

Sources (the best typed source for TTCM field names; TikTok's TTCM pages are not readable):
bububa/tiktok-business, model/tcm/report/{get,insight,dimensions,metrics}.go
(`data.insights[{dimensions, metrics}]` with `page_info`; organic/paid splits and `ad_*`
metrics), model/tcm/creator/{authorized,creator}.go (takes `creator_id`, answers one creator),
model/tcm/creator/authorized_video_list.go (takes `creator_id`, `limit` 1-10, answers
`{page_info, posts}`), model/tto/campaign/campaign.go (`spark_ads_requested_authorization_days`,
`create_time` a date-time, `GET` by `campaign_ids`). `model.DateTime` writes
"2006-01-02 15:04:05" (UTC).
"""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE

from .conftest import create_campaign, get_biz, join, post_biz, post_video, seed

ACCT = {"tcm_account_id": "7000000000000000001"}
ADV = "7100000000000000001"
DRAFT = "Morning routine with the new vitamin C serum"
DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def _posted(client: FlaskClient) -> tuple[dict[str, str], str, str]:
    data = create_campaign(client)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow #ad @lumenskincare")
    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        **ACCT,
        query_type="INVITE_LINK",
        invite_link=data["invite_link"],
    )["data"]["orders"]
    return data, video_id, orders[0]["order_id"]


def _today(client: FlaskClient) -> str:
    return str(client.get("/_sim/clock?tenant=t1").json["now"][:10])


def test_report_answers_insights_with_dimensions_and_metrics_and_a_page_info(
    client: FlaskClient,
) -> None:
    data, video_id, order_id = _posted(client)
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "3h"})
    report = get_biz(
        client,
        "/tcm/report/get/v2/",
        **ACCT,
        order_ids=json.dumps([order_id]),
        start_date=_today(client),
        end_date=_today(client),
    )
    assert report["code"] == 0, report
    body = report["data"]
    assert set(body) == {"insights", "page_info"}
    (row,) = body["insights"]
    assert row["dimensions"]["order_id"] == order_id
    assert row["dimensions"]["video_id"] == video_id
    assert row["dimensions"]["handle_name"] == CREATOR_HANDLE
    assert row["dimensions"]["campaign_id"] == data["campaign_id"]
    numbers = row["metrics"]
    assert numbers["video_views"] > 0 and "likes" in numbers and "engagement_rate" in numbers
    # no Spark Ad yet: every view is organic
    assert numbers["video_views_organic"] == numbers["video_views"]
    assert numbers["video_views_paid"] == 0 and numbers["ad_impressions"] == 0
    assert body["page_info"]["total_number"] == 1


def test_the_report_splits_organic_and_paid_once_the_post_runs_as_a_spark_ad(
    client: FlaskClient,
) -> None:
    _data, video_id, order_id = _posted(client)
    code = get_biz(client, "/tcm/tt_video/status/", **ACCT, video_id=video_id)["data"]["auth_code"]
    post_biz(client, "/tt_video/authorize/", {"advertiser_id": ADV, "auth_code": code})
    identity = get_biz(client, "/identity/get/", advertiser_id=ADV)["data"]["identity_list"][0]
    campaign = post_biz(
        client,
        "/campaign/create/",
        {"advertiser_id": ADV, "campaign_name": "Spark", "objective_type": "VIDEO_VIEWS"},
    )["data"]
    group = post_biz(
        client,
        "/adgroup/create/",
        {
            "advertiser_id": ADV,
            "campaign_id": campaign["campaign_id"],
            "adgroup_name": "G",
            "budget": 40,
        },
    )["data"]
    made = post_biz(
        client,
        "/ad/create/",
        {
            "advertiser_id": ADV,
            "adgroup_id": group["adgroup_id"],
            "creatives": [
                {
                    "ad_name": "A",
                    "identity_type": "AUTH_CODE",
                    "identity_id": identity["identity_id"],
                    "tiktok_item_id": video_id,
                }
            ],
        },
    )
    assert made["code"] == 0, made
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "12h"})
    row = get_biz(
        client,
        "/tcm/report/get/v2/",
        **ACCT,
        order_ids=json.dumps([order_id]),
        start_date=_today(client),
        end_date=_today(client),
    )["data"]["insights"][0]["metrics"]
    assert row["video_views_paid"] > 0 and row["ad_impressions"] > 0 and row["ad_cost"] > 0
    assert row["video_views"] == row["video_views_organic"] + row["video_views_paid"]
    assert row["likes"] == row["likes_organic"] + row["likes_paid"]


def test_creator_authorized_takes_a_creator_id_and_answers_that_creator(
    client: FlaskClient,
) -> None:
    creator_id = _creator_id(client)
    data = create_campaign(client)
    join(client, data["invite_link"])
    answer = get_biz(client, "/tcm/creator/authorized/", **ACCT, creator_id=creator_id)
    assert answer["code"] == 0, answer
    creator = answer["data"]
    assert creator["creator_id"] == creator_id and creator["handle_name"] == CREATOR_HANDLE
    assert creator["display_name"] and creator["followers_count"] > 0
    missing = get_biz(client, "/tcm/creator/authorized/", **ACCT)
    assert missing["code"] == 40002 and "creator_id" in missing["message"]


def _creator_id(client: FlaskClient) -> str:
    """A fresh demo world (as the fixture's), and the creator's id from its seed summary."""
    accounts = seed(client)["accounts"]
    return str(next(a["creator_id"] for a in accounts if a["handle"] == CREATOR_HANDLE))


def test_authorized_video_list_takes_a_creator_id_and_answers_page_info_and_posts(
    client: FlaskClient,
) -> None:
    creator_id = _creator_id(client)
    _data, video_id, _order = _posted(client)
    answer = get_biz(client, "/tcm/creator/authorized/video/list/", **ACCT, creator_id=creator_id)
    assert answer["code"] == 0, answer
    body = answer["data"]
    assert set(body) == {"page_info", "posts"}
    assert video_id in [p["video_id"] for p in body["posts"]]
    too_many = get_biz(
        client,
        "/tcm/creator/authorized/video/list/",
        **ACCT,
        creator_id=creator_id,
        limit="20",
    )
    assert too_many["code"] == 40002  # 1 to 10


def test_a_tto_campaign_names_its_spark_ads_days_and_create_time_as_tiktok_does(
    client: FlaskClient,
) -> None:
    data = create_campaign(client, default_spark_ads_requested_authorization_days=60)
    answer = get_biz(
        client,
        "/tto/tcm/campaign/",
        tto_tcm_account_id=ACCT["tcm_account_id"],
        campaign_ids=json.dumps([data["campaign_id"]]),
    )
    assert answer["code"] == 0, answer
    (campaign,) = answer["data"]["campaigns"]
    assert campaign["spark_ads_requested_authorization_days"] == 60
    assert "default_spark_ads_requested_authorization_days" not in campaign
    assert DATETIME.match(campaign["create_time"]), campaign["create_time"]
