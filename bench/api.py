"""API throughput and latency under wrk on loopback: a read, a write, and a bare Flask route."""

from __future__ import annotations

import json
import os
from typing import Any

import requests

from .common import HOST, Result, Skip, WrkResult, fmt, served, why_not, wrk

SECONDS = int(os.environ.get("BENCH_API_SECONDS", "5"))
ROUNDS = 3
ROUND_SECONDS = max(SECONDS // 2, 1)
CONNECTIONS = 16
TENANT = "bench-api"
BIZ = "/open_api/v1.3"


def campaign_body(account: str, handle: str, name: str = "Bench campaign") -> dict[str, Any]:
    """A campaign/create body as Flex sends it (docs/contract.md, call 1)."""
    return {
        "tto_tcm_account_id": account,
        "campaign_type": "CAMPAIGN",
        "campaign_name": name,
        "handle_names": [handle],
        "advertiser_ids": [],
        "default_spark_ads_requested_authorization_days": 30,
        "send_notification": False,
        "campaign_description": "Bench",
        "video_requirements": {"description": "Bench #ad", "required_elements": ["#ad"]},
        "video_number": 1,
    }


def seed_fake(url: str, tenant: str = TENANT) -> dict[str, Any]:
    """Seed a tenant with the demo data set and one campaign; return what the calls need."""
    from simulator.demo import demo_scenario

    half = demo_scenario()["tiktok"]
    brand = half["brands"][0]
    handle = half["current_handle"]
    http = requests.Session()
    made = http.post(f"{url}/_sim/tenants", json={"id": tenant, "scenario": half}, timeout=10)
    if made.status_code >= 300:
        raise Skip(f"seeding the fake failed: {made.status_code} {made.text[:200]}")
    headers = {"Access-Token": brand["access_token"], "X-Sim-Tenant": tenant}
    created = http.post(
        f"{url}{BIZ}/tto/tcm/campaign/create/",
        json=campaign_body(brand["tcm_account_id"], handle),
        headers=headers,
        timeout=10,
    ).json()
    if created.get("code") != 0:
        raise Skip(f"campaign/create answered {created}")
    invite = created["data"]["invite_link"]
    query = (
        f"tcm_account_id={brand['tcm_account_id']}&query_type=INVITE_LINK"
        f"&invite_link={requests.utils.quote(invite, safe='')}&page=1&page_size=20"
    )
    read_path = f"{BIZ}/tcm/order/get/v2/?{query}"
    check = http.get(url + read_path, headers=headers, timeout=10).json()
    if check.get("code") != 0 or not check["data"].get("orders"):
        raise Skip(f"order/get answered {str(check)[:200]}")
    return {
        "headers": headers,
        "read_path": read_path,
        "write_path": f"{BIZ}/tto/tcm/campaign/create/",
        "write_body": json.dumps(campaign_body(brand["tcm_account_id"], handle, "Bench write")),
    }


def _row(result: Result, name: str, w: WrkResult, ceiling: WrkResult | None) -> None:
    share = f", {w.rps / ceiling.rps:.0%} of ceiling" if ceiling else ""
    bad = f", {w.errors} socket errors, {w.non_2xx} non-2xx" if (w.errors or w.non_2xx) else ""
    result.add(
        name,
        f"{w.rps:,.0f} rps, p50 {fmt(w.p50_ms, 2)} ms, p99 {fmt(w.p99_ms, 2)} ms{share}{bad}",
    )


def _median(runs: list[WrkResult]) -> WrkResult:
    """The run with the median requests/s (its latencies go with it)."""
    return sorted(runs, key=lambda w: w.rps)[len(runs) // 2]


def run() -> Result:
    """Alternate the ceiling and the read in short rounds (medians), then the write."""
    result = Result()
    why = why_not("simulator.tiktok.app")
    if why:
        with served("ceiling") as srv:
            ceiling = wrk(f"{srv.url}/ceiling", seconds=SECONDS, connections=CONNECTIONS)
        _row(result, f"api ceiling (bare Flask route, waitress, c={CONNECTIONS})", ceiling, None)
        result.add("api read / write on the fake", f"skipped: {why}")
        return result
    ceilings: list[WrkResult] = []
    reads: list[WrkResult] = []
    with served("ceiling") as bare, served("tiktok") as srv:
        assert srv.url.startswith(f"http://{HOST}:")
        calls = seed_fake(srv.url)
        for _ in range(ROUNDS):  # side by side: noise from other users hits both alike
            ceilings.append(wrk(f"{bare.url}/ceiling", seconds=ROUND_SECONDS))
            reads.append(
                wrk(srv.url + calls["read_path"], seconds=ROUND_SECONDS, headers=calls["headers"])
            )
        write = wrk(
            srv.url + calls["write_path"],
            seconds=SECONDS,
            headers=calls["headers"],
            method="POST",
            body=calls["write_body"],
        )
    ceiling, read = _median(ceilings), _median(reads)
    shares = sorted(r.rps / c.rps for r, c in zip(reads, ceilings, strict=True))
    _row(result, f"api ceiling (bare Flask route, waitress, c={CONNECTIONS})", ceiling, None)
    _row(result, "api read (order/get/v2 by invite link, journal on)", read, ceiling)
    result.add(
        f"  read/ceiling per round ({ROUNDS} x {ROUND_SECONDS} s, alternated)",
        ", ".join(f"{s:.0%}" for s in shares),
    )
    _row(result, "api write (tto campaign/create, journal on; state grows)", write, ceiling)
    result.summary.update(
        api_rps=read.rps, api_share=shares[len(shares) // 2] * 100, api_p99=read.p99_ms
    )
    return result
