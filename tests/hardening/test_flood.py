"""One tenant's creator walks the whole journey while another tenant's caller floods both apps
with bad input and large bodies (bounded in count and time, loopback only): the journey is
unaffected, every flood request is answered (refused, never a 5xx), and the flood leaves no
trace in the journey's tenant (issue 11)."""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from flex_forms import csrf
from tiktok_phone import PHONE, post_through_tiktok

from simulator.demo import demo_scenario
from simulator.serving import RunningServer, free_port, serve_in_thread

OFFER = "Vitamin C Serum launch"
CREATE = "/open_api/v1.3/tto/tcm/campaign/create/"
BRAND = {"Access-Token": "demo-business-token"}
FLOOD_ROUNDS = 6  # each round sends every kind of bad request once (see _flood_requests)
FLOOD_SECONDS = 60.0
MB = 1024 * 1024


def _png() -> bytes:
    """A real 1x1 PNG: Flex checks what an upload is, not only its name."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def apps() -> Iterator[tuple[RunningServer, RunningServer, Any]]:
    """Both apps on loopback, tenants 'journey' and 'noisy' made in each."""
    from simulator.flex.app import create_app as create_flex
    from simulator.tiktok.app import create_app as create_tiktok

    tiktok = serve_in_thread(create_tiktok({"SEED": 5, "WEBHOOK_SYNC": True}), "127.0.0.1", 0)
    port = free_port()
    flex_url = f"http://127.0.0.1:{port}"
    flex_app = create_flex({"TIKTOK_BASE_URL": tiktok.url, "PUBLIC_URL": flex_url, "SEED": 5})
    flex = serve_in_thread(flex_app, "127.0.0.1", port)
    scenario = demo_scenario()
    for tenant in ("journey", "noisy"):
        for url, half in ((tiktok.url, "tiktok"), (flex.url, "flex")):
            made = requests.post(
                f"{url}/_sim/tenants", json={"id": tenant, "scenario": scenario[half]}, timeout=10
            )
            assert made.status_code == 201, made.text
    yield tiktok, flex, flex_app
    flex.stop()
    tiktok.stop()


def _flood_requests(tiktok: str, flex: str) -> list[Callable[[requests.Session], int]]:
    """One round of the noisy tenant's bad calls; each returns the status it was answered."""
    noisy = {"X-Sim-Tenant": "noisy"}
    big = b'{"campaign_name": "' + b"x" * (2 * MB) + b'"}'
    nested = b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    json_type = {"Content-Type": "application/json"}

    def post(url: str, **kwargs: Any) -> Callable[[requests.Session], int]:
        return lambda s: s.post(url, timeout=30, **kwargs).status_code

    def get(url: str, **kwargs: Any) -> Callable[[requests.Session], int]:
        return lambda s: s.get(url, timeout=30, **kwargs).status_code

    biz = {**BRAND, **noisy, **json_type}
    return [
        post(f"{tiktok}{CREATE}", data=big, headers=biz),
        post(f"{tiktok}{CREATE}", data=nested, headers=biz),
        post(f"{tiktok}{CREATE}", data=b"\xff\xfe not json", headers=biz),
        post(f"{tiktok}/_sim/faults", json={"tenant": "noisy", "path": ["/*"], "times": "many"}),
        post(f"{tiktok}/_sim/clock", json={"tenant": "noisy", "advance": "9999999999d"}),
        post(f"{tiktok}/_sim/clock?tenant=noisy", data=nested, headers=json_type),
        get(f"{tiktok}/_sim/journal?tenant=noisy&limit=abc"),
        post(f"{tiktok}/_sim/reset?tenant=journey", data="x", headers={"Origin": "http://evil"}),
        get(f"{tiktok}{CREATE}", headers={**BRAND, "X-Sim-Tenant": "../journey"}),
        get(f"{tiktok}/app/account", headers={"X-Sim-Tenant": "invented"}),
        get(f"{flex}/offers", headers={"X-Sim-Tenant": "../x", "User-Agent": PHONE}),
        post(f"{flex}/signin", data=b"e=" + b"y" * (2 * MB), headers=noisy),
        post(f"{flex}/_sim/seed", json={"tenant": "noisy", "scenario": {"users": [{}]}}),
    ]


def _flood(tiktok: str, flex: str, stop: threading.Event) -> list[int]:
    """FLOOD_ROUNDS rounds on two threads, or until FLOOD_SECONDS pass; the answers' statuses."""
    calls = _flood_requests(tiktok, flex) * FLOOD_ROUNDS
    deadline = time.monotonic() + FLOOD_SECONDS
    local = threading.local()

    def one(call: Callable[[requests.Session], int]) -> int:
        if stop.is_set() or time.monotonic() > deadline:
            return 0
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        return call(session)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return [s for s in pool.map(one, calls) if s]


def _journey(tiktok: str, flex: str, flex_app: Any) -> str:
    """The creator's whole journey, over HTTP, as the guide tells it; the offer's status."""
    from simulator.control import control_hooks

    creator = requests.Session()
    creator.headers.update({"X-Sim-Tenant": "journey", "User-Agent": PHONE})
    page = creator.get(f"{flex}/signin", timeout=30).text
    signed = creator.post(
        f"{flex}/signin",
        data={"email": "creator@example.com", "password": "demo", "csrf_token": csrf(page)},
        timeout=30,
    )
    assert signed.ok, "signing in failed"
    state = control_hooks(flex_app).registry.get("journey").state
    offer = next(o for o in state.offers if o.title == OFFER)
    deliverable = offer.deliverables[0]
    base = f"{flex}/offers/{offer.id}/deliverables/{deliverable.id}"
    assert "Publish Content" in creator.get(f"{flex}/offers/{offer.id}", timeout=30).text
    # on TikTok: join the campaign, upload from drafts, post with the approved description
    post_through_tiktok(
        tiktok, "journey", deliverable.invite_link, deliverable.approved_description
    )
    # back on Flex: +Add Final Content, pick the video, an asset and a note, Submit Content
    sheet = creator.get(f"{base}/add", timeout=30).text
    video = re.search(r'name="video_id" value="([^"]+)"', sheet)
    assert video, "the posted video is not offered under Select your video"
    creator.post(
        f"{base}/select", data={"csrf_token": csrf(sheet), "video_id": video[1]}, timeout=30
    )
    details = creator.get(f"{base}/details", timeout=30).text
    creator.post(
        f"{base}/content",
        data={"csrf_token": csrf(details), "notes": "Posted at 8am", "action": "add"},
        files={"assets": ("views.png", _png(), "image/png")},
        timeout=30,
    )
    offer_page = creator.get(f"{flex}/offers/{offer.id}", timeout=30).text
    creator.post(
        f"{flex}/offers/{offer.id}/submit",
        data={"csrf_token": csrf(offer_page), "terms": "yes"},
        timeout=30,
    )
    return str(offer.status_label)


def test_the_journey_is_unaffected_by_another_tenants_flood(
    apps: tuple[RunningServer, RunningServer, Any],
) -> None:
    tiktok, flex, flex_app = apps
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as background:
        flood = background.submit(_flood, tiktok.url, flex.url, stop)
        try:
            status = _journey(tiktok.url, flex.url, flex_app)
        finally:
            stop.set()
        answers = flood.result(timeout=FLOOD_SECONDS + 30)
    assert status == "Submitted"
    assert answers, "the flood sent nothing"
    assert all(s < 500 for s in answers), sorted(set(answers))  # refused, never broken
    journal = requests.get(f"{tiktok.url}/_sim/journal?tenant=journey", timeout=10).json()
    assert journal["entries"], "the journey's calls were not journaled"
    assert all(not e["truncated"] for e in journal["entries"]), "the flood reached 'journey'"
    assert requests.get(f"{tiktok.url}/_sim/faults?tenant=journey", timeout=10).json() == {
        "faults": [],
        "webhook_faults": [],
    }
