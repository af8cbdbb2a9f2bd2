"""In-process mode: one call through `tiktok_mock()` vs a bare `responses` callback vs HTTP."""

from __future__ import annotations

import json
import os
from typing import Any

import requests
import responses

from .api import BIZ, TENANT, seed_fake
from .common import Result, Skip, fmt, per_call_ms, served, why_not

CALLS = int(os.environ.get("BENCH_INPROC_CALLS", "500"))
TIKTOK_BASE = "https://business-api.tiktok.com"


def bare_callback_ms() -> float:
    """A `responses` callback that returns a fixed JSON body: the least a mocked call costs."""
    body = json.dumps({"code": 0, "message": "OK", "request_id": "1", "data": {"orders": []}})
    url = f"{TIKTOK_BASE}{BIZ}/tcm/order/get/v2/"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(
            responses.GET,
            url,
            callback=lambda _req: (200, {"Content-Type": "application/json"}, body),
        )
        session = requests.Session()
        return per_call_ms(lambda: session.get(url, params={"page": 1}).json(), calls=CALLS)


def _mock_factory() -> Any:
    from simulator import inprocess

    factory = getattr(inprocess, "tiktok_mock", None)
    if factory is None:
        raise Skip("simulator.inprocess has no tiktok_mock()")
    return factory


def run() -> Result:
    """Per-call cost of the three ways a developer's test can reach the fake."""
    result = Result()
    bare = bare_callback_ms()
    result.add("in-process floor: bare `responses` callback", f"{fmt(bare, 3)} ms per call")
    why = why_not("simulator.tiktok.app")
    if why:
        result.add("in-process / loopback calls", f"skipped: {why}")
        return result
    with served("tiktok") as srv:
        calls = seed_fake(srv.url)
        session = requests.Session()
        url = srv.url + calls["read_path"]
        headers = calls["headers"]
        http = per_call_ms(lambda: session.get(url, headers=headers).json(), calls=CALLS)
    result.add("loopback HTTP, kept-alive requests.Session", f"{fmt(http, 3)} ms per call")
    why = why_not("simulator.inprocess")
    if why:
        result.add("in-process `tiktok_mock()`", f"skipped: {why}")
        return result
    mock = _mock_factory()
    # seeded over /_sim like the served fake: /_sim answers only the host names it is told
    with mock(config={"SIM_CONTROL_HOSTS": "business-api.tiktok.com"}) as fake:
        base = _base_url_of(fake)
        calls = seed_fake(base, tenant=TENANT)
        session = requests.Session()
        url = base + calls["read_path"]
        headers = calls["headers"]
        first = session.get(url, headers=headers).json()
        if first.get("code") != 0:
            raise Skip(f"tiktok_mock answered {str(first)[:200]}")
        inproc = per_call_ms(lambda: session.get(url, headers=headers).json(), calls=CALLS)
    result.add(
        "in-process `tiktok_mock()` (same order/get read)",
        f"{fmt(inproc, 3)} ms per call, {inproc / bare:.1f}x the bare callback, "
        f"{http / inproc:.1f}x faster than loopback HTTP",
    )
    result.summary.update(inproc_x=inproc / bare, inproc_faster=http / inproc)
    return result


def _base_url_of(fake: Any) -> str:
    for attr in ("base_url", "url", "business_url"):
        value = getattr(fake, attr, None)
        if isinstance(value, str) and value.startswith("http"):
            return value.rstrip("/")
    return TIKTOK_BASE
