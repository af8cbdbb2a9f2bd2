"""API throughput and latency under wrk on loopback: a read, a write, and a bare Flask route."""

from __future__ import annotations

import json
import os
import statistics
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from . import peers as peers_mod
from .common import (
    CallCost,
    Result,
    Skip,
    WrkResult,
    first_touch_us,
    fmt,
    process_times,
    require,
    served,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_API_SECONDS", "5"))
# Five rounds: the write's share of the read swung 61-86% from one 2 s round to the next in
# `make bench` (WireMock's JVMs beside it), which three rounds made a thin median of
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "5"))
ROUND_SECONDS = max(SECONDS // 2, 1)
CONNECTIONS = 16
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "2"))
# WireMock's JVM needed 10 s and more of load here before its rate settled (1,830 rps in
# its first 8 s, 4,394 in the next 4; with the read's long query string, 652 then 1,408)
JVM_WARM_UP = int(os.environ.get("BENCH_JVM_WARM_UP", "20"))
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
        f"&invite_link={quote(invite, safe='')}&page=1&page_size=20"
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


def _row(result: Result, name: str, w: WrkResult, note: str = "") -> None:
    bad = f", {w.errors} socket errors, {w.non_2xx} non-2xx" if (w.errors or w.non_2xx) else ""
    result.add(
        name,
        f"{w.rps:,.0f} rps, p50 {fmt(w.p50_ms, 2)} ms, p99 {fmt(w.p99_ms, 2)} ms{note}{bad}",
    )


def _median(runs: list[WrkResult]) -> WrkResult:
    """The run with the median requests/s (its latencies go with it)."""
    return sorted(runs, key=lambda w: w.rps)[len(runs) // 2]


def _median_ratio(tops: list[WrkResult], bottoms: list[WrkResult]) -> float:
    """The median of the per-round ratios (each round's two runs were back to back)."""
    ratios = sorted(t.rps / b.rps for t, b in zip(tops, bottoms, strict=True) if b.rps)
    return ratios[len(ratios) // 2] if ratios else float("nan")


def _peer(
    stack: ExitStack, result: Result, name: str, start: Any
) -> tuple[str, dict[str, str]] | None:
    """Start a peer; on failure, say why in its row and go on without it."""
    try:
        url, headers = stack.enter_context(start())
        return str(url), dict(headers)
    except Skip as exc:
        result.add(name, f"not measured: {exc}")
        return None


@dataclass(frozen=True)
class _Load:
    """One side of a round: what wrk sends."""

    url: str
    headers: dict[str, str]
    method: str = "GET"
    body: str | None = None
    warm_up: int = WARM_UP


def run() -> Result:
    """Alternate the ceiling, the fake's read and write and the peers in short rounds."""
    result = Result()
    require("simulator.tiktok.app")
    with ExitStack() as stack:
        bare = stack.enter_context(served("ceiling"))
        srv = stack.enter_context(served("tiktok"))
        server = srv.info.get("server", "?")
        calls = seed_fake(srv.url)
        read_url = srv.url + calls["read_path"]
        answer = requests.get(read_url, headers=calls["headers"], timeout=10).text
        urls = {
            "wiremock": _peer(
                stack,
                result,
                "api WireMock (static stub of the same answer)",
                lambda: peers_mod.wiremock(calls["read_path"], answer),
            ),
            "wiremock_nj": _peer(
                stack,
                result,
                "api WireMock --no-request-journal",
                lambda: peers_mod.wiremock(calls["read_path"], answer, journal=False),
            ),
            "moto": _peer(
                stack,
                result,
                "api moto (S3 GetObject of the same JSON)",
                lambda: peers_mod.moto(answer),
            ),
        }
        loads: dict[str, _Load] = {
            "ceiling": _Load(f"{bare.url}/ceiling", {}),
            "read": _Load(read_url, calls["headers"]),
            "write": _Load(
                srv.url + calls["write_path"], calls["headers"], "POST", calls["write_body"]
            ),
            **{
                name: _Load(*peer, warm_up=JVM_WARM_UP if "wiremock" in name else WARM_UP)
                for name, peer in urls.items()
                if peer
            },
        }
        for load in loads.values():  # warm every side up, the JVM's JIT longest
            _wrk(load, load.warm_up)
        runs: dict[str, list[WrkResult]] = {name: [] for name in loads}
        # what the fake's process spent per call on each side (why the write costs what it does)
        costs: dict[str, list[CallCost]] = {"read": [], "write": []}
        for _ in range(ROUNDS):  # side by side: noise from other users hits all alike
            for name, load in loads.items():
                before = process_times(srv.pid) if name in costs else None
                runs[name].append(_wrk(load, ROUND_SECONDS))
                after = process_times(srv.pid) if before else None
                if before and after:
                    costs[name].append(CallCost.between(before, after, runs[name][-1].requests))
        touch = first_touch_us()  # beside the same servers, with the memory they hold
    ceilings, reads, writes = runs["ceiling"], runs["read"], runs["write"]
    ceiling, read = _median(ceilings), _median(reads)
    share = _median_ratio(reads, ceilings)
    _row(result, f"api ceiling (bare Flask route, {server}, c={CONNECTIONS})", ceiling)
    _row(
        result,
        "api read (order/get/v2 by invite link, journal on)",
        read,
        f", {share:.0%} of ceiling",
    )
    result.add(
        f"  read/ceiling per round ({ROUNDS} x {ROUND_SECONDS} s, alternated)",
        ", ".join(f"{r.rps / c.rps:.0%}" for r, c in zip(reads, ceilings, strict=True)),
    )
    result.add("  read p99 per round", ", ".join(f"{fmt(r.p99_ms, 1)} ms" for r in reads))
    result.summary.update(api_rps=read.rps, api_share=share * 100, api_p99=read.p99_ms)
    version = _wiremock_version()
    for name, label in (
        ("wiremock", f"WireMock {version}, journal on (its default)"),
        ("wiremock_nj", f"WireMock {version}, --no-request-journal"),
        ("moto", "moto (S3 GetObject)"),
    ):
        if runs.get(name):
            ratio = _median_ratio(reads, runs[name])
            _row(
                result,
                f"api {label}",
                _median(runs[name]),
                f"; the fake's read is {ratio:.2f}x it",
            )
            result.summary[f"{name}_x"] = ratio
    write_share = _median_ratio(writes, reads)
    result.add(
        "  write/read per round",
        ", ".join(f"{w.rps / r.rps:.0%}" for w, r in zip(writes, reads, strict=True)),
    )
    _row(
        result,
        "api write (tto campaign/create, journal on; state grows)",
        _median(writes),
        f", {write_share:.0%} of the read (median of the rounds' ratios)",
    )
    result.summary["write_share"] = write_share * 100
    if costs["read"] and costs["write"]:
        r, w = _median_cost(costs["read"]), _median_cost(costs["write"])
        result.add(
            "  the fake's process per call, read / write",
            f"user {r.user_us:.0f} / {w.user_us:.0f} us, system {r.system_us:.0f} / "
            f"{w.system_us:.0f} us, page faults {r.faults:.2f} / {w.faults:.2f} "
            "(medians of the rounds; a write keeps its campaign, a read nothing)",
        )
        if touch is not None:
            result.add(
                "  a fresh page's first touch on this machine",
                f"{touch:.1f} us a 4 KB page: the write's {w.faults:.2f} faults a call are "
                f"about {touch * w.faults:.1f} us of its system time (docs/performance.md)",
            )
    return result


def _median_cost(costs: list[CallCost]) -> CallCost:
    """Each figure's median over the rounds."""
    return CallCost(
        user_us=statistics.median(c.user_us for c in costs),
        system_us=statistics.median(c.system_us for c in costs),
        faults=statistics.median(c.faults for c in costs),
    )


def _wrk(load: _Load, seconds: int) -> WrkResult:
    return wrk(load.url, seconds=seconds, headers=load.headers, method=load.method, body=load.body)


def _wiremock_version() -> str:
    try:
        return peers_mod.wiremock_version()
    except OSError:
        return ""
