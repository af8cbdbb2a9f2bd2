"""Faults during the creator's journey, at the HTTP level: TikTok slow, rate-limited, failing,
dropping the connection or garbling its answer; webhooks duplicated and reordered.

The creator sees on Flex's page what happened and can retry; nothing they entered is lost; once
TikTok recovers, the final state (on both sides) equals a clean run's.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from tiktok_phone import PHONE, post_through_tiktok

from simulator.demo import demo_scenario
from simulator.serving import RunningServer, serve_in_thread

OFFER = "Vitamin C Serum launch"
CREATE = "/open_api/v1.3/tto/tcm/campaign/create/"
FAULTS = {
    "rate limited (200 + 40100)": {"kind": "error", "http_status": 200, "error_code": 40100},
    "rate limited (429 + 40100)": {"kind": "error", "http_status": 429, "error_code": 40100},
    "server error (500)": {"kind": "error", "http_status": 500, "error_code": 50000},
    "system error (200 + 50002)": {"kind": "error", "http_status": 200, "error_code": 50002},
    "dropped connection": {"kind": "drop"},
    "malformed answer": {"kind": "malformed"},
    "slower than Flex waits": {"kind": "latency", "latency_ms": 700},
}


@pytest.fixture(scope="module")
def tiktok() -> Iterator[RunningServer]:
    """The fake TikTok, served on loopback (Flex reaches it over real HTTP)."""
    from simulator.tiktok.app import create_app

    server = serve_in_thread(create_app({"SEED": 9, "WEBHOOK_SYNC": False}), "127.0.0.1", 0)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def flex(tiktok: RunningServer) -> Any:
    """Flex pointed at the served fake, waiting at most 0.3 s per call (4 attempts)."""
    from simulator.flex.app import create_app

    return create_app(
        {
            "TESTING": True,
            "TIKTOK_BASE_URL": tiktok.url,
            "TIKTOK_TIMEOUT": 0.3,
            "TIKTOK_BACKOFF": 0.01,
            "PUBLIC_URL": "http://127.0.0.1:9",
        }
    )


class Journey:
    """One creator's walk through Flex's pages in one tenant of both apps."""

    def __init__(self, flex: Any, tiktok: RunningServer, tenant: str) -> None:
        self.flex, self.tiktok, self.tenant = flex, tiktok, tenant
        scenario = demo_scenario()
        assert requests.post(
            f"{tiktok.url}/_sim/tenants",
            json={"id": tenant, "scenario": scenario["tiktok"]},
            timeout=10,
        ).ok
        seeded = flex.test_client().post(
            "/_sim/tenants", json={"id": tenant, "scenario": scenario["flex"]}
        )
        assert seeded.status_code == 201
        offers = seeded.get_json()["seeded"]["offers"]
        self.offer = next(o for o in offers if o["title"] == OFFER)
        self.deliverable = self.offer["deliverables"][0]["id"]
        self.browser = flex.test_client()
        self.browser.environ_base.update(HTTP_X_SIM_TENANT=tenant, HTTP_USER_AGENT=PHONE)
        page = self.browser.get("/signin").get_data(as_text=True)
        signed = self.browser.post(
            "/signin",
            data={"email": "creator@example.com", "password": "demo", "csrf_token": _csrf(page)},
        )
        assert signed.status_code == 302

    def break_tiktok(self, rule: dict[str, Any], times: int = 20) -> None:
        """Make TikTok's campaign/create fail the next `times` calls of this tenant."""
        answer = requests.post(
            f"{self.tiktok.url}/_sim/faults",
            json={"tenant": self.tenant, "path": CREATE, "times": times, **rule},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text

    def mend_tiktok(self) -> None:
        """Take every fault rule of this tenant away."""
        requests.delete(f"{self.tiktok.url}/_sim/faults?tenant={self.tenant}", timeout=10)

    def keep_notes(self, notes: str) -> None:
        """The creator types notes for the TikTok deliverable and saves them."""
        page = self.browser.get("/offers").get_data(as_text=True)
        self.browser.post(
            f"{self.offer['path']}/deliverables/{self.deliverable}/content",
            data={"csrf_token": _csrf(page), "notes": notes, "action": "save"},
        )

    def open_offer(self) -> tuple[int, str]:
        """The offer page on the phone, as the creator sees it."""
        page = self.browser.get(self.offer["path"])
        return page.status_code, page.get_data(as_text=True)

    def retry_until_linked(self, seconds: float = 6.0) -> tuple[int, str]:
        """The creator reloads the offer (a bounded number of times) until TikTok answers."""
        deadline = time.monotonic() + seconds
        status, html = self.open_offer()
        while not _publish_link(html) and time.monotonic() < deadline:
            time.sleep(0.2)
            status, html = self.open_offer()
        return status, html

    def outcome(self) -> dict[str, Any]:
        """What both sides hold once the journey is over (ids left out, names kept)."""
        from simulator.control import control_hooks

        state = control_hooks(self.flex).registry.get(self.tenant).state
        offer = next(o for o in state.offers if o.title == OFFER)
        deliverable = offer.deliverables[0]
        campaigns = requests.get(
            f"{self.tiktok.url}/open_api/v1.3/tto/tcm/campaign/",
            params={"tto_tcm_account_id": state.tiktok.tcm_account_id},
            headers={"Access-Token": state.tiktok.access_token, "X-Sim-Tenant": self.tenant},
            timeout=10,
        ).json()
        return {
            "flex_has_invite_link": bool(deliverable.invite_link),
            "flex_notes": deliverable.draft.notes,
            "tiktok_campaigns": _campaign_names(campaigns),
        }


def _campaign_names(answer: dict[str, Any]) -> list[str]:
    data = answer.get("data") or {}
    items = data.get("campaigns") or data.get("list") or ([data] if "campaign_name" in data else [])
    return sorted(str(c.get("campaign_name")) for c in items)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
    return match[1] if match else ""


def _publish_link(html: str) -> bool:
    return bool(re.search(r"<a[^>]*>\s*Publish Content\s*</a>", html))


@pytest.fixture(scope="module")
def clean_outcome(flex: Any, tiktok: RunningServer) -> dict[str, Any]:
    """The journey's outcome with no fault at all."""
    journey = Journey(flex, tiktok, "clean")
    journey.keep_notes("My notes for the brand")
    status, html = journey.open_offer()
    assert status == 200 and _publish_link(html)
    return journey.outcome()


CASES = [pytest.param(f, id=f) for f in FAULTS]


@pytest.mark.parametrize("fault", CASES)
def test_the_creator_sees_a_tiktok_fault_can_retry_and_ends_like_a_clean_run(
    fault: str, flex: Any, tiktok: RunningServer, clean_outcome: dict[str, Any]
) -> None:
    """While TikTok fails, the offer page says so and offers no link; after, all is as clean."""
    tenant = "f-" + re.sub(r"[^a-z0-9]+", "-", fault.lower()).strip("-")
    journey = Journey(flex, tiktok, tenant)
    journey.keep_notes("My notes for the brand")
    journey.break_tiktok(FAULTS[fault])
    status, html = journey.open_offer()
    assert status == 200, "a TikTok fault must not break Flex's page"
    assert not _publish_link(html)
    assert "TikTok" in html and OFFER in html
    journey.mend_tiktok()
    status, html = journey.retry_until_linked()
    assert status == 200 and _publish_link(html)
    assert journey.outcome() == clean_outcome


def test_duplicated_and_reordered_webhooks_end_like_one_delivery_each(
    flex: Any, tiktok: RunningServer
) -> None:
    """Published-before-uploaded, each sent three times: Flex notes each event once."""
    from simulator.control import control_hooks
    from simulator.flex.tiktok_client import sign

    journey = Journey(flex, tiktok, "webhooks")
    tenant = control_hooks(flex).registry.get("webhooks")
    secret = tenant.state.tiktok.secret
    applied = []
    for event in ["tto_video_published", "tto_video_uploaded"] * 3:
        body = json.dumps(
            {
                "request_id": "r",
                "object": "tto_campaign",
                "time": tenant.clock.timestamp(),
                "entry": [
                    {
                        "event_type": "tto_campaign_webhook",
                        "tto_campaign_event_type": event,
                        "video_id": "7301234567890123456",
                        "handle_name": "mayaflores.creates",
                        "campaign_id": "1",
                        "tto_tcm_account_id": tenant.state.tiktok.tcm_account_id,
                        "event_time": "2025-01-01T00:00:00Z",
                        "log_id": "l",
                    }
                ],
            }
        ).encode()
        answer = journey.flex.test_client().post(
            "/webhooks/tiktok?tenant=webhooks",
            data=body,
            headers={
                "TikTok-Signature": sign(secret, tenant.clock.timestamp(), body),
                "Content-Type": "application/json",
            },
        )
        assert answer.status_code == 200
        applied.append(answer.get_json()["data"]["applied"])
    assert applied == [1, 1, 0, 0, 0, 0]
    assert len(tenant.state.webhook_events) == 2


WEBHOOK_FAULTS = {
    "none": None,
    "duplicated": {"kind": "duplicate", "copies": 3},
    "reordered": {"kind": "reorder", "times": 1},
    "failing twice": {"kind": "fail", "http_status": 503, "times": 2},
}


@pytest.fixture(scope="module")
def served_pair() -> Iterator[tuple[RunningServer, RunningServer, Any]]:
    """Both apps on loopback: TikTok delivers its webhooks to Flex over real HTTP."""
    from simulator.flex.app import create_app as create_flex
    from simulator.serving import free_port
    from simulator.tiktok.app import create_app as create_tiktok

    tiktok = serve_in_thread(create_tiktok({"SEED": 4, "WEBHOOK_SYNC": True}), "127.0.0.1", 0)
    port = free_port()
    flex_url = f"http://127.0.0.1:{port}"
    flex_app = create_flex(
        {"TESTING": True, "TIKTOK_BASE_URL": tiktok.url, "PUBLIC_URL": flex_url, "SEED": 4}
    )
    flex = serve_in_thread(flex_app, "127.0.0.1", port)
    yield tiktok, flex, flex_app
    flex.stop()
    tiktok.stop()


@pytest.mark.parametrize("fault", list(WEBHOOK_FAULTS))
def test_webhooks_duplicated_reordered_or_failing_end_like_clean_deliveries(
    fault: str, served_pair: tuple[RunningServer, RunningServer, Any]
) -> None:
    """The creator posts on TikTok while its webhooks to Flex misbehave; Flex ends up noting
    uploaded and published once each, and lists the post under "Select your video"."""
    from simulator.control import control_hooks

    tiktok, flex, flex_app = served_pair
    tenant = "wh-" + re.sub(r"[^a-z0-9]+", "-", fault)
    scenario = demo_scenario()
    for url, half in ((tiktok.url, "tiktok"), (flex.url, "flex")):
        made = requests.post(
            f"{url}/_sim/tenants", json={"id": tenant, "scenario": scenario[half]}, timeout=10
        )
        assert made.status_code == 201, made.text
    if WEBHOOK_FAULTS[fault]:
        rule = {"tenant": tenant, **WEBHOOK_FAULTS[fault]}
        assert requests.post(f"{tiktok.url}/_sim/faults/webhooks", json=rule, timeout=10).ok
    creator = requests.Session()
    creator.headers.update({"X-Sim-Tenant": tenant, "User-Agent": PHONE})
    signin = creator.get(f"{flex.url}/signin", timeout=10).text
    creator.post(
        f"{flex.url}/signin",
        data={"email": "creator@example.com", "password": "demo", "csrf_token": _csrf(signin)},
        timeout=10,
    )
    state = control_hooks(flex_app).registry.get(tenant).state
    offer = next(o for o in state.offers if o.title == OFFER)
    assert _publish_link(creator.get(f"{flex.url}/offers/{offer.id}", timeout=10).text)
    deliverable = offer.deliverables[0]
    description = deliverable.approved_description
    post_through_tiktok(tiktok.url, tenant, deliverable.invite_link, description)
    for _ in range(6):  # failed deliveries are retried with back-off, in TikTok's virtual time
        requests.post(
            f"{tiktok.url}/_sim/clock", json={"tenant": tenant, "advance": "1h"}, timeout=10
        )
    events = sorted(e.event_type for e in state.webhook_events)
    assert events == ["tto_video_published", "tto_video_uploaded"]
    sheet = creator.get(
        f"{flex.url}/offers/{offer.id}/deliverables/{deliverable.id}/add", timeout=10
    ).text
    assert sheet.count(description) >= 1, "the post is not offered under Select your video"


@pytest.mark.parametrize(
    "rule", [FAULTS["rate limited (429 + 40100)"], FAULTS["dropped connection"]]
)
def test_select_your_video_says_tiktok_failed_keeps_the_notes_and_recovers(
    rule: dict[str, Any], served_pair: tuple[RunningServer, RunningServer, Any]
) -> None:
    """After posting, TikTok fails while Flex lists the creator's videos: the sheet says so,
    the notes already saved stay, and once TikTok answers the post is offered."""
    from simulator.control import control_hooks

    tiktok, flex, flex_app = served_pair
    tenant = "sheet-" + rule["kind"]
    scenario = demo_scenario()
    for url, half in ((tiktok.url, "tiktok"), (flex.url, "flex")):
        requests.post(
            f"{url}/_sim/tenants", json={"id": tenant, "scenario": scenario[half]}, timeout=10
        )
    creator = requests.Session()
    creator.headers.update({"X-Sim-Tenant": tenant, "User-Agent": PHONE})
    signin = creator.get(f"{flex.url}/signin", timeout=10).text
    creator.post(
        f"{flex.url}/signin",
        data={"email": "creator@example.com", "password": "demo", "csrf_token": _csrf(signin)},
        timeout=10,
    )
    state = control_hooks(flex_app).registry.get(tenant).state
    offer = next(o for o in state.offers if o.title == OFFER)
    deliverable = offer.deliverables[0]
    page = creator.get(f"{flex.url}/offers/{offer.id}", timeout=10).text
    base = f"{flex.url}/offers/{offer.id}/deliverables/{deliverable.id}"
    creator.post(
        f"{base}/content",
        data={"csrf_token": _csrf(page), "notes": "Shot at golden hour", "action": "save"},
        timeout=10,
    )
    post_through_tiktok(
        tiktok.url, tenant, deliverable.invite_link, deliverable.approved_description
    )
    broken = {"tenant": tenant, "path": "/open_api/v1.3/tcm/*", "times": 50, **rule}
    assert requests.post(f"{tiktok.url}/_sim/faults", json=broken, timeout=10).status_code == 201
    sheet = creator.get(f"{base}/add", timeout=10)
    assert sheet.status_code == 200 and "TikTok" in sheet.text
    assert deliverable.approved_description not in sheet.text
    requests.delete(f"{tiktok.url}/_sim/faults?tenant={tenant}", timeout=10)
    sheet = creator.get(f"{base}/add", timeout=10)
    assert deliverable.approved_description in sheet.text
    assert deliverable.draft.notes == "Shot at golden hour"
