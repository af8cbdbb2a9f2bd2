"""Issue 4's leftovers: metrics say when they were fetched and can be refreshed; a webhooked
video is offered before TikTok's order API lists it; a failed "Select your video" can be
reopened without losing the notes and files."""

from __future__ import annotations

import json
from typing import Any

import requests
import responses
from flex_support import (
    API,
    CAPTION,
    INVITE,
    SERUM,
    TENANT,
    add_video,
    base,
    campaign,
    change_video,
    csrf,
    fail,
    offer_id,
    ok,
    report_data,
    signed_in,
    submit,
)
from responses import matchers

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_SECRET
from simulator.flex.tiktok_client import sign

WEBHOOKED = "7302"
WEBHOOKED_CAPTION = "Evening routine, same serum"
NO_PAGES = {"page": 1, "page_size": 20, "total_number": 1, "total_page": 1}


def _orders(tiktok: responses.RequestsMock, video_ids: list[str], **kw: Any) -> None:
    tiktok.get(
        f"{API}/tcm/order/get/v2/",
        json=ok(
            {
                "orders": [
                    {"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": video_ids}
                ],
                "page_info": NO_PAGES,
            }
        ),
        **kw,
    )


def _posts(tiktok: responses.RequestsMock, asked: list[str]) -> None:
    posts = {
        "7301": {"video_id": "7301", "caption": CAPTION, "create_time": 1748772000},
        WEBHOOKED: {"video_id": WEBHOOKED, "caption": WEBHOOKED_CAPTION, "create_time": 1748858400},
    }
    tiktok.get(
        f"{API}/tcm/creator/authorized/video/list/",
        json=ok({"posts": [posts[v] for v in asked]}),
        match=[matchers.query_param_matcher({"video_ids": json.dumps(asked)}, strict_match=False)],
    )


def _webhook(app: Any, video_id: str) -> None:
    tenant = app.extensions["flex_sim"].get(TENANT)
    body = json.dumps(
        {
            "object": "tto_campaign",
            "entry": [
                {
                    "tto_campaign_event_type": "tto_video_published",
                    "video_id": video_id,
                    "campaign_id": "camp1",
                    "handle_name": CREATOR_HANDLE,
                }
            ],
        }
    ).encode()
    answer = app.test_client().post(
        f"/webhooks/tiktok?tenant={TENANT}",
        data=body,
        headers={
            "TikTok-Signature": sign(DEMO_CLIENT_SECRET, tenant.clock.timestamp(), body),
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 200 and answer.get_json()["data"]["applied"] == 1


def _deliverable(app: Any) -> Any:
    return app.extensions["flex_sim"].get(TENANT).state.offers[0].deliverables[0]


def _report(tiktok: responses.RequestsMock, views: int) -> None:
    tiktok.get(
        f"{API}/tcm/report/get/v2/",
        json=ok(
            report_data({"order_id": "o1", "video_id": "7301", "insights": {"video_views": views}})
        ),
    )


def test_the_marketer_sees_when_metrics_were_fetched_and_can_refresh_them(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    add_video(app, phone, tiktok)
    submit(app, phone)
    tiktok.get(f"{API}/tcm/tt_video/status/", json=ok({"auth_status": "WAITING"}))
    _report(tiktok, 4321)
    clock = app.extensions["flex_sim"].get(TENANT).clock
    clock.set(clock.now().replace(year=2025, month=6, day=3, hour=9, minute=30))
    jordan = signed_in(app, "marketer@example.com")
    url = f"/marketer/offers/{offer_id(app, SERUM)}"

    page = jordan.get(url).text
    assert "4,321" in page and "Jun 3, 2025 at 09:30 UTC" in page
    assert ">Refresh metrics</button>" in page and f'action="{url}#d-' in page

    clock.advance(3600)
    tiktok.replace(
        responses.GET,
        f"{API}/tcm/report/get/v2/",
        json=ok(report_data({"video_id": "7301", "insights": {"video_views": 5000}})),
    )
    page = jordan.get(url).text  # what "Refresh metrics" does
    assert "5,000" in page and "Jun 3, 2025 at 10:30 UTC" in page

    clock.advance(3600)
    tiktok.replace(responses.GET, f"{API}/tcm/report/get/v2/", json=fail(50002, "busy"))
    page = jordan.get(url).text
    assert "TikTok had a problem on its side." in page and "Showing the last numbers" in page
    assert "5,000" in page and "Fetched from TikTok" in page and "at 10:30 UTC" in page


def test_a_webhooked_video_is_offered_while_the_order_api_lags(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    phone.get(f"/offers/{offer_id(app, SERUM)}")
    _webhook(app, WEBHOOKED)
    _orders(tiktok, ["7301"])  # TikTok's order API does not list the new video yet
    _posts(tiktok, ["7301", WEBHOOKED])

    sheet = phone.get(base(app) + "/add").text
    assert WEBHOOKED_CAPTION in sheet and CAPTION in sheet
    assert sheet.index(WEBHOOKED_CAPTION) < sheet.index(CAPTION)  # newest first
    assert _deliverable(app).videos_fetched_at


def test_a_webhooked_video_is_offered_while_the_order_api_fails(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    phone.get(f"/offers/{offer_id(app, SERUM)}")
    _webhook(app, WEBHOOKED)
    tiktok.get(f"{API}/tcm/order/get/v2/", json=fail(40100, "Request too frequent"))
    _posts(tiktok, [WEBHOOKED])

    sheet = phone.get(base(app) + "/add").text
    assert WEBHOOKED_CAPTION in sheet and 'role="alert"' not in sheet


def test_metrics_of_a_video_picked_before_its_order_existed_look_the_order_up(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    phone.get(f"/offers/{offer_id(app, SERUM)}")
    _webhook(app, "7301")
    _orders(tiktok, [])  # the order lags: the video has no order id when picked
    _posts(tiktok, ["7301"])
    sheet = phone.get(base(app) + "/add")
    phone.post(base(app) + "/select", data={"csrf_token": csrf(sheet.text), "video_id": "7301"})
    phone.post(base(app) + "/content", data={"csrf_token": csrf(sheet.text), "action": "add"})
    submit(app, phone)
    assert _deliverable(app).final_content.video.order_id == ""

    tiktok.replace(
        responses.GET,
        f"{API}/tcm/order/get/v2/",
        json=ok(
            {
                "orders": [
                    {"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": ["7301"]}
                ],
                "page_info": NO_PAGES,
            }
        ),
    )
    _report(tiktok, 777)
    tiktok.get(f"{API}/tcm/tt_video/status/", json=ok({"auth_status": "WAITING"}))
    page = signed_in(app, "marketer@example.com").get(f"/marketer/offers/{offer_id(app, SERUM)}")
    assert "777" in page.text
    assert _deliverable(app).final_content.video.order_id == "o1"


def test_changing_the_video_keeps_notes_and_files_and_try_again_reopens_the_sheet(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    _orders(tiktok, ["7301"])
    _posts(tiktok, ["7301"])
    sheet = phone.get(base(app) + "/add")
    phone.post(base(app) + "/select", data={"csrf_token": csrf(sheet.text), "video_id": "7301"})
    tiktok.replace(responses.GET, f"{API}/tcm/order/get/v2/", body=requests.ConnectionError("down"))
    answer = change_video(app, phone)
    assert answer.status_code == 302 and answer.location.endswith("/add")
    failed = phone.get(answer.location).text
    assert 'role="alert"' in failed and ">Try again</a>" in failed
    assert "Your notes and 1 file are saved." in failed
    assert CAPTION in failed  # the list Flex saw last time, still selectable

    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert "Your notes and 1 file are saved." in page and f'href="{INVITE}"' in page

    tiktok.replace(
        responses.GET,
        f"{API}/tcm/order/get/v2/",
        json=ok(
            {
                "orders": [
                    {"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": ["7301"]}
                ],
                "page_info": NO_PAGES,
            }
        ),
    )
    again = phone.get(base(app) + "/add").text  # "Try again"
    assert 'role="alert"' not in again and CAPTION in again
    phone.post(base(app) + "/select", data={"csrf_token": csrf(again), "video_id": "7301"})
    details = phone.get(base(app) + "/details").text
    assert "Shot at golden hour" in details and "views.png" in details
