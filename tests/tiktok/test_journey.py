"""The guide's whole path: create, invite, join, upload from drafts, post, webhooks, read back."""

from __future__ import annotations

import json

import responses
from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, DEMO_TCM_ACCOUNT_ID
from simulator.tiktok.webhooks import verify

from .conftest import HOOK_URL, create_campaign, get_biz, invite_path, join, post_biz, post_video

CAPTION = "Morning routine with the new vitamin C serum"


def test_the_guides_path_end_to_end(client: FlaskClient, hooks: responses.RequestsMock) -> None:
    sub = post_biz(
        client,
        "/subscription/subscribe/",
        {
            "app_id": DEMO_CLIENT_KEY,
            "secret": DEMO_CLIENT_SECRET,
            "subscribe_entity": "TCM_VIDEOS",
            "callback_url": HOOK_URL,
        },
    )
    assert sub["code"] == 0 and sub["data"]["subscription_id"]
    created = create_campaign(client, campaign_name="Serum launch")
    link = created["invite_link"]
    assert link.startswith("http://tiktok.test/tto/invite/")

    page = client.get(invite_path(link)).get_data(as_text=True)
    assert "Serum launch" in page and f"@{CREATOR_HANDLE}" in page and "Join Campaign" in page
    join(client, link)
    page = client.get(invite_path(link)).get_data(as_text=True)
    assert "You're in" in page and "Upload video" in page

    options = client.get(f"/tto/campaigns/{created['campaign_id']}/upload").get_data(as_text=True)
    for name in ("Record Video", "Upload from drafts", "Link existing post"):
        assert name in options
    description = "My glow routine with @lumenskincare #ad"
    video_id = post_video(client, created["campaign_id"], CAPTION, description)
    assert len(video_id) == 19
    posted = client.get(f"/tto/videos/{video_id}").get_data(as_text=True)
    assert "Published" in posted

    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        query_type="INVITE_LINK",
        invite_link=link,
        page=1,
        page_size=20,
    )["data"]
    assert orders["orders"][0]["video_ids"] == [video_id]
    assert orders["orders"][0]["status"] == "ACCEPTED"
    assert orders["orders"][0]["quota"]["current_video_count"] == 1
    assert orders["page_info"] == {"page": 1, "page_size": 20, "total_number": 1, "total_page": 1}

    posts = get_biz(
        client,
        "/tcm/creator/authorized/video/list/",
        tcm_account_id=DEMO_TCM_ACCOUNT_ID,
        handle_name=CREATOR_HANDLE,
        video_ids=json.dumps([video_id]),
    )["data"]["posts"]
    assert [p["caption"] for p in posts] == [description]

    status = get_biz(
        client, "/tcm/tt_video/status/", tcm_account_id=DEMO_TCM_ACCOUNT_ID, video_id=video_id
    )
    assert status["data"]["auth_status"] == "ACCEPTED"
    assert status["data"]["authorization_days"] == 30
    assert status["data"]["auth_code"].startswith("#")

    sent = [json.loads(call.request.body) for call in hooks.calls]
    kinds = [e["entry"][0]["tto_campaign_event_type"] for e in sent]
    assert kinds == ["tto_video_uploaded", "tto_video_published"]
    assert all(e["entry"][0]["video_id"] == video_id for e in sent)
    call = hooks.calls[0]
    body = call.request.body.decode() if isinstance(call.request.body, bytes) else call.request.body
    assert verify(DEMO_CLIENT_SECRET, call.request.headers["TikTok-Signature"], body)
