"""Helpers for Flex's tests: TikTok envelopes, user agents, CSRF tokens, seeded ids."""

from __future__ import annotations

import io
import re
from typing import Any

import responses
from responses import matchers

from simulator.demo import CREATOR_HANDLE

TIKTOK = "http://tiktok.test"
API = f"{TIKTOK}/open_api/v1.3"
PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
TENANT = "t1"


def ok(data: dict[str, Any]) -> dict[str, Any]:
    """TikTok's success envelope around `data`."""
    return {"code": 0, "message": "OK", "request_id": "20250101000000ABCDEF", "data": data}


def fail(code: int, message: str = "error") -> dict[str, Any]:
    """TikTok's error envelope (HTTP 200, code != 0)."""
    return {"code": code, "message": message, "request_id": "20250101000000ABCDEF", "data": {}}


def csrf(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def offer_id(app: Any, title: str) -> str:
    """The id of the seeded offer with this title."""
    return next(o["id"] for o in app.config["SEEDED"]["offers"] if o["title"] == title)


def deliverable_id(app: Any, title: str, deliverable: str) -> str:
    """The id of a seeded offer's deliverable."""
    offer = next(o for o in app.config["SEEDED"]["offers"] if o["title"] == title)
    return next(d["id"] for d in offer["deliverables"] if d["title"] == deliverable)


def signed_in(app: Any, email: str, ua: str = PIXEL, tenant: str = TENANT) -> Any:
    """A test client (a phone by default) signed in as `email`."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = ua
    client.environ_base["HTTP_X_SIM_TENANT"] = tenant
    page = client.get("/signin")
    answer = client.post(
        "/signin", data={"email": email, "password": "demo", "csrf_token": csrf(page.text)}
    )
    assert answer.status_code == 302, answer.text
    return client


SERUM = "Vitamin C Serum launch"
BUNDLE = "Summer glow bundle"
INVITE = f"{TIKTOK}/tto/invite/serum01"
CAPTION = "Morning routine with the new vitamin C serum"


def campaign(tiktok: responses.RequestsMock, link: str = INVITE) -> None:
    """TikTok answers the subscription and the campaign create."""
    tiktok.post(f"{API}/subscription/subscribe/", json=ok({"subscription_id": "sub1"}))
    tiktok.post(
        f"{API}/tto/tcm/campaign/create/",
        json=ok({"campaign_id": "camp1", "invite_link": link, "failed_handle_names": []}),
    )


def videos(tiktok: responses.RequestsMock) -> None:
    """TikTok lists one order with video 7301 for the demo creator (and one of someone else)."""
    tiktok.get(
        f"{API}/tcm/order/get/v2/",
        json=ok(
            {
                "orders": [
                    {"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": ["7301"]},
                    {"order_id": "o2", "handle_name": "someone.else", "video_ids": ["7999"]},
                ],
                "page_info": {"page": 1, "page_size": 20, "total_number": 2, "total_page": 1},
            }
        ),
    )
    tiktok.get(
        f"{API}/tcm/creator/authorized/video/list/",
        json=ok({"posts": [{"video_id": "7301", "caption": CAPTION, "create_time": 1748772000}]}),
        match=[matchers.query_param_matcher({"video_ids": '["7301"]'}, strict_match=False)],
    )


def base(app: Any, title: str = SERUM, deliverable: str = "TikTok video") -> str:
    """The URL of a seeded deliverable."""
    return f"/offers/{offer_id(app, title)}/deliverables/{deliverable_id(app, title, deliverable)}"


def add_video(app: Any, phone: Any, tiktok: responses.RequestsMock, notes: str = "8am") -> Any:
    """The creator picks video 7301, adds notes and a screenshot: final content added."""
    campaign(tiktok)
    videos(tiktok)
    sheet = phone.get(base(app) + "/add")
    phone.post(base(app) + "/select", data={"csrf_token": csrf(sheet.text), "video_id": "7301"})
    return phone.post(
        base(app) + "/content",
        data={
            "csrf_token": csrf(sheet.text),
            "notes": notes,
            "action": "add",
            "assets": [(io.BytesIO(b"\x89PNG data"), "views.png")],
        },
        content_type="multipart/form-data",
    )


def submit(app: Any, phone: Any, title: str = SERUM) -> None:
    """The creator ticks the terms box and taps "Submit Content"."""
    page = phone.get(f"/offers/{offer_id(app, title)}").text
    phone.post(
        f"/offers/{offer_id(app, title)}/submit", data={"csrf_token": csrf(page), "terms": "yes"}
    )


def change_video(app: Any, phone: Any, notes: str = "Shot at golden hour") -> Any:
    """On "Assets and notes", the creator types notes, adds a file and taps "Change"."""
    details = phone.get(base(app) + "/details").text
    assert 'value="change"' in details and ">Change</button>" in details
    return phone.post(
        base(app) + "/content",
        data={
            "csrf_token": csrf(details),
            "notes": notes,
            "action": "change",
            "assets": [(io.BytesIO(b"\x89PNG data"), "views.png")],
        },
        content_type="multipart/form-data",
    )


def report_data(*rows: dict[str, Any]) -> dict[str, Any]:
    """`data` of tcm/report/get/v2/ as TikTok nests it (bububa/tiktok-business
    model/tcm/report: `insights[{dimensions, metrics}]`, `page_info`), from rows written
    `{"order_id", "video_id", "insights": {...numbers}}`."""
    insights = [
        {
            "dimensions": {"order_id": r.get("order_id", ""), "video_id": r["video_id"]},
            "metrics": r.get("insights", {}),
        }
        for r in rows
    ]
    total = len(insights)
    page_info = {"page": 1, "page_size": 50, "total_number": total, "total_page": 1}
    return {"insights": insights, "page_info": page_info}
