"""Issue 11: with TikTok slow, Flex's "Change" page waited attempts x timeout (21 s at the
defaults) before it said anything. Now every TikTok call of a page shares one deadline.

Against the real fake TikTok over HTTP, slowed by its latency fault. Nothing here asserts a
speed: the test counts the attempts Flex sends, which the deadline bounds whatever the
machine's load (a slower machine fits fewer attempts in the deadline, never more).
"""

from __future__ import annotations

import io
import re
from typing import Any

import requests

from simulator.demo import demo_scenario
from simulator.flex.app import create_app
from simulator.serving import RunningServer

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/15.0 Mobile/15E148 Safari/604.1"
)
ORDERS = "/open_api/v1.3/tcm/order/get/v2/"
TENANT = "slow"
TIMEOUT_S, ATTEMPTS = 0.3, 4  # one attempt's wait, and the tries of one call
DEADLINE_S = 0.8  # the page's budget: time for two attempts, not four
TIKTOK_TAKES_MS = 1000  # TikTok answers after Flex has stopped waiting


class CountingSession(requests.Session):
    """Flex's HTTP session to TikTok, counting the requests it sends per path."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kw: Any) -> Any:  # type: ignore[override]
        self.sent.append(str(url))
        return super().request(method, url, *args, **kw)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
    assert match, "the page has no form"
    return match[1]


def test_the_change_page_stops_waiting_at_its_deadline_and_keeps_what_the_creator_typed(
    served_tiktok: RunningServer,
) -> None:
    flex = create_app(
        {
            "TESTING": True,
            "TIKTOK_BASE_URL": served_tiktok.url,
            "TIKTOK_TIMEOUT": TIMEOUT_S,
            "TIKTOK_MAX_ATTEMPTS": ATTEMPTS,
            "TIKTOK_BACKOFF": 0.01,
            "TIKTOK_DEADLINE": DEADLINE_S,
            "PUBLIC_URL": "http://127.0.0.1:9",
        }
    )
    session = CountingSession()
    flex.extensions["flex_tiktok_session"] = session
    scenario = demo_scenario()
    assert requests.post(
        f"{served_tiktok.url}/_sim/tenants",
        json={"id": TENANT, "scenario": scenario["tiktok"]},
        timeout=10,
    ).ok
    seeded = flex.test_client().post(
        "/_sim/tenants", json={"id": TENANT, "scenario": scenario["flex"]}
    )
    offer = next(o for o in seeded.get_json()["seeded"]["offers"] if o["deliverables"])
    base = f"{offer['path']}/deliverables/{offer['deliverables'][0]['id']}"
    phone = flex.test_client()
    phone.environ_base.update(HTTP_X_SIM_TENANT=TENANT, HTTP_USER_AGENT=PHONE)
    signin = phone.get("/signin").get_data(as_text=True)
    phone.post(
        "/signin",
        data={"email": "creator@example.com", "password": "demo", "csrf_token": _csrf(signin)},
    )
    assert "Select your video" in phone.get(f"{base}/add").get_data(as_text=True)

    assert (
        requests.post(
            f"{served_tiktok.url}/_sim/faults",
            json={
                "tenant": TENANT,
                "path": ORDERS,
                "kind": "latency",
                "latency_ms": TIKTOK_TAKES_MS,
                "times": 10,
            },
            timeout=10,
        ).status_code
        == 201
    )
    session.sent.clear()
    offer_page = phone.get(offer["path"]).get_data(as_text=True)
    changed = phone.post(
        f"{base}/content",
        data={
            "csrf_token": _csrf(offer_page),
            "notes": "Shot at golden hour",
            "action": "change",
            "assets": [(io.BytesIO(b"\x89PNG\r\n\x1a\n data"), "views.png")],
        },
        content_type="multipart/form-data",
    )
    assert changed.status_code == 302
    page = phone.get(changed.location).get_data(as_text=True)

    tries = sum(ORDERS in url for url in session.sent)
    assert 1 <= tries < ATTEMPTS, f"{tries} tries: the deadline did not bound the retries"
    assert "TikTok is slow to answer right now." in page
    assert "Your notes and 1 file are saved." in page
