"""Flex never holds its tenant's lock while it waits on TikTok.

TikTok is a `responses` mock whose answer to one call blocks on a `threading.Event`; while it
blocks, another request of the same tenant must answer. And two page loads racing to create a
deliverable's campaign make one create call between them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
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
    csrf,
    deliverable_id,
    offer_id,
    ok,
    report_data,
    signed_in,
    submit,
)

from simulator.demo import CREATOR_HANDLE
from simulator.flex.locking import locking_of

ORDERS = "/tcm/order/get/v2/"
VIDEO_LIST = "/tcm/creator/authorized/video/list/"
BLOCK_LIMIT = 5.0  # a blocked TikTok answer gives up after this, so a broken Flex fails, not hangs


class Gate:
    """A TikTok answer that waits until the test opens the gate; counts who got there."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.arrived = threading.Event()
        self.open = threading.Event()
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, _request: Any) -> tuple[int, dict[str, str], str]:
        with self._lock:
            self.calls += 1
        self.arrived.set()
        self.open.wait(BLOCK_LIMIT)
        return 200, {"Content-Type": "application/json"}, json.dumps(self.body)


class Background:
    """Run one request in a thread; keep its answer."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self.answer: Any = None
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call: Callable[[], Any]) -> None:
        self.answer = call()

    def done_within(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return not self.thread.is_alive()


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    answer = call()
    return answer, time.perf_counter() - started


def _campaign_gate(tiktok: responses.RequestsMock) -> Gate:
    tiktok.post(f"{API}/subscription/subscribe/", json=ok({"subscription_id": "sub1"}))
    gate = Gate(ok({"campaign_id": "camp1", "invite_link": INVITE, "failed_handle_names": []}))
    tiktok.add_callback(responses.POST, f"{API}/tto/tcm/campaign/create/", callback=gate)
    return gate


def _submitted(app: Any, tiktok: responses.RequestsMock) -> Any:
    """The creator hands in video 7301 and submits; returns the marketer, signed in."""
    phone = signed_in(app, "creator@example.com")
    add_video(app, phone, tiktok)
    submit(app, phone)
    return signed_in(app, "marketer@example.com")


def test_every_flex_view_says_how_it_locks_its_tenant(app: Any) -> None:
    flex_views = {
        endpoint: view
        for endpoint, view in app.view_functions.items()
        if view.__module__.startswith("simulator.flex")
    }
    assert len(flex_views) > 15
    undeclared = [endpoint for endpoint, view in flex_views.items() if not locking_of(view)]
    assert undeclared == []


def test_a_slow_campaign_create_does_not_stall_the_tenants_other_requests(
    app: Any, tiktok: responses.RequestsMock
) -> None:
    gate = _campaign_gate(tiktok)
    first = signed_in(app, "creator@example.com")
    second = signed_in(app, "creator@example.com")
    marketer = signed_in(app, "marketer@example.com")

    offer_page = Background(lambda: first.get(f"/offers/{offer_id(app, SERUM)}"))
    assert gate.arrived.wait(BLOCK_LIMIT), "Flex never asked TikTok for the campaign"
    offers, took = _timed(lambda: second.get("/offers"))
    theirs, took_too = _timed(lambda: marketer.get("/marketer/offers"))
    still_waiting = offer_page.thread.is_alive()
    gate.open.set()

    assert offers.status_code == 200 and SERUM in offers.text
    assert theirs.status_code == 200 and SERUM in theirs.text
    assert still_waiting, "the offer page should still be waiting on TikTok"
    assert took < 1.0 and took_too < 1.0, (took, took_too)
    assert offer_page.done_within(BLOCK_LIMIT)
    assert f'href="{INVITE}">Publish Content</a>' in offer_page.answer.text


@pytest.mark.parametrize("path", [ORDERS, VIDEO_LIST])
def test_a_slow_video_list_does_not_stall_saving_notes(
    app: Any, tiktok: responses.RequestsMock, path: str
) -> None:
    campaign(tiktok)
    phone = signed_in(app, "creator@example.com")
    phone.get(f"/offers/{offer_id(app, SERUM)}")  # the campaign exists now
    answers = {
        ORDERS: ok(
            {
                "orders": [
                    {"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": ["7301"]}
                ],
                "page_info": {"page": 1, "page_size": 20, "total_number": 1, "total_page": 1},
            }
        ),
        VIDEO_LIST: ok(
            {"posts": [{"video_id": "7301", "caption": CAPTION, "create_time": 1748772000}]}
        ),
    }
    gate = Gate(answers[path])
    for each, answer in answers.items():
        if each == path:
            tiktok.add_callback(responses.GET, f"{API}{each}", callback=gate)
        else:
            tiktok.get(f"{API}{each}", json=answer)

    other = signed_in(app, "creator@example.com")
    token = csrf(other.get(f"/offers/{offer_id(app, SERUM)}").text)
    sheet = Background(lambda: phone.get(base(app) + "/add"))
    assert gate.arrived.wait(BLOCK_LIMIT)
    saved, took = _timed(
        lambda: other.post(
            base(app) + "/content", data={"csrf_token": token, "notes": "8am", "action": "save"}
        )
    )
    still_waiting = sheet.thread.is_alive()
    gate.open.set()
    assert saved.status_code == 302 and took < 1.0, took
    assert still_waiting, "the sheet should still be waiting on TikTok"
    assert sheet.done_within(BLOCK_LIMIT) and CAPTION in sheet.answer.text


@pytest.mark.parametrize("path", ["/tcm/report/get/v2/", "/tcm/tt_video/status/"])
def test_slow_metrics_do_not_stall_the_creator(
    app: Any, tiktok: responses.RequestsMock, path: str
) -> None:
    marketer = _submitted(app, tiktok)
    report = ok(report_data({"order_id": "o1", "video_id": "7301", "insights": {"likes": 7}}))
    status = ok({"video_id": "7301", "auth_status": "WAITING"})
    gate = Gate(report if "report" in path else status)
    tiktok.add_callback(responses.GET, f"{API}{path}", callback=gate)
    if "report" in path:
        tiktok.get(f"{API}/tcm/tt_video/status/", json=status)
    else:
        tiktok.get(f"{API}/tcm/report/get/v2/", json=report)

    creator = signed_in(app, "creator@example.com")
    page = Background(lambda: marketer.get(f"/marketer/offers/{offer_id(app, SERUM)}"))
    assert gate.arrived.wait(BLOCK_LIMIT)
    offer, took = _timed(lambda: creator.get(f"/offers/{offer_id(app, SERUM)}"))
    gate.open.set()
    assert offer.status_code == 200 and "Submitted" in offer.text and took < 1.0, took
    assert page.done_within(BLOCK_LIMIT) and CAPTION in page.answer.text


def test_two_offer_pages_loading_at_once_create_one_campaign(
    app: Any, tiktok: responses.RequestsMock
) -> None:
    gate = _campaign_gate(tiktok)
    phones = [signed_in(app, "creator@example.com") for _ in range(2)]
    url = f"/offers/{offer_id(app, SERUM)}"

    first = Background(lambda: phones[0].get(url))
    assert gate.arrived.wait(BLOCK_LIMIT)
    second = Background(lambda: phones[1].get(url))
    time.sleep(0.3)  # the second load reaches the claim and waits for the first one's answer
    assert app.extensions["flex_inflight"].under_way(TENANT) == [
        f"campaign:{deliverable_id(app, SERUM, 'TikTok video')}"
    ]
    gate.open.set()

    assert first.done_within(BLOCK_LIMIT) and second.done_within(BLOCK_LIMIT)
    for load in (first, second):
        assert f'href="{INVITE}">Publish Content</a>' in load.answer.text
    assert gate.calls == 1
    assert app.extensions["flex_inflight"].under_way(TENANT) == []
