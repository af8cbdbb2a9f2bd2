"""API throughput and latency under wrk on loopback: a read, a write, a bare Flask route, and
the peers (WireMock, moto) serving the same read, in alternated rounds (see `run`)."""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class _Load:
    """One side of a round: what wrk sends."""

    url: str
    headers: dict[str, str]
    method: str = "GET"
    body: str | None = None
    warm_up: int = WARM_UP


@dataclass(frozen=True)
class _Rounds:
    """What alternated rounds measured: every side's wrk runs, round by round, and what the
    fake's process spent per call on its read and its write."""

    runs: dict[str, list[WrkResult]]
    costs: dict[str, list[CallCost]]

    def share(self, top: str, bottom: str) -> float:
        """`top`'s requests/s over `bottom`'s: the median of the rounds' ratios."""
        return _median_ratio(self.runs[top], self.runs[bottom])

    def by_round(self, top: str, bottom: str) -> str:
        """Each round's ratio, in order."""
        pairs = zip(self.runs[top], self.runs[bottom], strict=True)
        return ", ".join(f"{t.rps / b.rps:.0%}" for t, b in pairs if b.rps)


def _alternate(pid: int, loads: dict[str, _Load]) -> _Rounds:
    """Warm every side up (the JVM's JIT longest), then run them in turn, round after round:
    noise from other users of the machine hits all sides alike."""
    for load in loads.values():
        if load.warm_up:
            _wrk(load, load.warm_up)
    runs: dict[str, list[WrkResult]] = {name: [] for name in loads}
    costs: dict[str, list[CallCost]] = {name: [] for name in ("read", "write") if name in loads}
    for _ in range(ROUNDS):
        for name, load in loads.items():
            before = process_times(pid) if name in costs else None
            runs[name].append(_wrk(load, ROUND_SECONDS))
            after = process_times(pid) if before else None
            if before and after:
                costs[name].append(CallCost.between(before, after, runs[name][-1].requests))
    return _Rounds(runs, costs)


def run() -> Result:
    """The ceiling, the fake's read and write and the peers in alternated rounds, in two
    phases: first beside the peers whose memory holds level, then beside WireMock's default,
    whose request journal keeps every request it answers (its heap grew by about 3 GB in a
    `bench api`). On a machine whose host backs memory on first touch, that growth makes
    every fresh page dearer for the processes beside it: the fake's write, which keeps its
    campaign, pays it and the read does not (docs/performance.md, "Fresh memory"). Both
    phases are reported; the read's ratio to each peer comes from the rounds it shared."""
    result = Result()
    require("simulator.tiktok.app")
    with ExitStack() as stack:
        bare = stack.enter_context(served("ceiling"))
        srv = stack.enter_context(served("tiktok"))
        calls = seed_fake(srv.url)
        read_url = srv.url + calls["read_path"]
        answer = requests.get(read_url, headers=calls["headers"], timeout=10).text
        read = _Load(read_url, calls["headers"])
        write = _Load(srv.url + calls["write_path"], calls["headers"], "POST", calls["write_body"])
        steady = _peers(
            stack,
            result,
            {
                "wiremock_nj": (
                    "api WireMock --no-request-journal",
                    lambda: peers_mod.wiremock(calls["read_path"], answer, journal=False),
                ),
                "moto": (
                    "api moto (S3 GetObject of the same JSON)",
                    lambda: peers_mod.moto(answer),
                ),
            },
        )
        first = _alternate(
            srv.pid,
            {"ceiling": _Load(f"{bare.url}/ceiling", {}), "read": read, "write": write, **steady},
        )
        touch = first_touch_us()  # beside the same servers, with the memory they hold
        growing = _peers(
            stack,
            result,
            {
                "wiremock": (
                    "api WireMock (static stub of the same answer)",
                    lambda: peers_mod.wiremock(calls["read_path"], answer),
                )
            },
        )
        second = None
        if growing:  # the fake is warm: only the JVM warms up
            warm = {"read": replace(read, warm_up=0), "write": replace(write, warm_up=0)}
            second = _alternate(srv.pid, {**warm, **growing})
        touch_beside = first_touch_us() if second else None
    _report_reads(result, srv.info.get("server", "?"), first)
    _report_peers(result, first, second)
    _report_write(result, first, touch)
    if second:
        _report_write_beside(result, second, touch_beside)
    return result


def _peers(
    stack: ExitStack, result: Result, starts: dict[str, tuple[str, Callable[[], Any]]]
) -> dict[str, _Load]:
    """Start peers; one that fails says why in its row, and the rest go on without it."""
    loads = {}
    for name, (label, start) in starts.items():
        try:
            url, headers = stack.enter_context(start())
        except Skip as exc:
            result.add(label, f"not measured: {exc}")
            continue
        warm_up = JVM_WARM_UP if "wiremock" in name else WARM_UP
        loads[name] = _Load(str(url), dict(headers), warm_up=warm_up)
    return loads


def _report_reads(result: Result, server: str, rounds: _Rounds) -> None:
    ceiling, read = _median(rounds.runs["ceiling"]), _median(rounds.runs["read"])
    share = rounds.share("read", "ceiling")
    _row(result, f"api ceiling (bare Flask route, {server}, c={CONNECTIONS})", ceiling)
    _row(
        result,
        "api read (order/get/v2 by invite link, journal on)",
        read,
        f", {share:.0%} of ceiling",
    )
    result.add(
        f"  read/ceiling per round ({ROUNDS} x {ROUND_SECONDS} s, alternated)",
        rounds.by_round("read", "ceiling"),
    )
    result.add(
        "  read p99 per round", ", ".join(f"{fmt(r.p99_ms, 1)} ms" for r in rounds.runs["read"])
    )
    result.summary.update(api_rps=read.rps, api_share=share * 100, api_p99=read.p99_ms)


def _report_peers(result: Result, first: _Rounds, second: _Rounds | None) -> None:
    version = _wiremock_version()
    for name, label, rounds in (
        ("wiremock", f"WireMock {version}, journal on (its default; measured last)", second),
        ("wiremock_nj", f"WireMock {version}, --no-request-journal", first),
        ("moto", "moto (S3 GetObject)", first),
    ):
        if rounds and rounds.runs.get(name):
            ratio = rounds.share("read", name)
            _row(
                result,
                f"api {label}",
                _median(rounds.runs[name]),
                f"; the fake's read is {ratio:.2f}x it",
            )
            result.summary[f"{name}_x"] = ratio


def _report_write(result: Result, rounds: _Rounds, touch: float | None) -> None:
    share = rounds.share("write", "read")
    result.add("  write/read per round", rounds.by_round("write", "read"))
    _row(
        result,
        "api write (tto campaign/create, journal on; state grows)",
        _median(rounds.runs["write"]),
        f", {share:.0%} of the read (median of the rounds' ratios)",
    )
    result.summary["write_share"] = share * 100
    if rounds.costs["read"] and rounds.costs["write"]:
        r, w = _median_cost(rounds.costs["read"]), _median_cost(rounds.costs["write"])
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


def _report_write_beside(result: Result, rounds: _Rounds, touch: float | None) -> None:
    """The write again, beside WireMock's growing journal: what the dearer memory costs it."""
    w = _median_cost(rounds.costs["write"]) if rounds.costs["write"] else None
    cost = f"; system {w.system_us:.0f} us a write" if w else ""
    page = f", a fresh page {touch:.1f} us" if touch is not None else ""
    result.add(
        "  the write beside WireMock's journal heap",
        f"{rounds.share('write', 'read'):.0%} of the read "
        f"({rounds.by_round('write', 'read')}){cost}{page}",
    )


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
