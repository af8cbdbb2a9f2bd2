"""Server choice: each candidate single-process server on the bare route and on the fake's read.

The candidates are the ones `simulator.serving` can run in-process while keeping the design
(state in one process, a 'drop' that closes the connection, a clean stop): waitress and
granian. Each runs the same two apps (`bench.targets`), alternated round by round.
"""

from __future__ import annotations

from contextlib import ExitStack

from .api import ROUND_SECONDS, ROUNDS, WARM_UP, _median, _median_ratio, seed_fake
from .common import Result, WrkResult, fmt, require, served, wrk

CANDIDATES = ("waitress", "granian")


def run() -> Result:
    """Every candidate's bare route and fake read, in alternated short rounds."""
    require("simulator.tiktok.app")
    result = Result()
    runs: dict[tuple[str, str], list[WrkResult]] = {}
    loads: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    with ExitStack() as stack:
        for server in CANDIDATES:
            env = {"BENCH_SERVER": server}
            bare = stack.enter_context(served("ceiling", env=env))
            fake = stack.enter_context(served("tiktok", env=env))
            calls = seed_fake(fake.url)
            loads[(server, "bare")] = (f"{bare.url}/ceiling", {})
            loads[(server, "read")] = (fake.url + calls["read_path"], calls["headers"])
        for url, headers in loads.values():
            wrk(url, seconds=WARM_UP, headers=headers)
        for _ in range(ROUNDS):
            for key, (url, headers) in loads.items():
                runs.setdefault(key, []).append(wrk(url, seconds=ROUND_SECONDS, headers=headers))
    for server in CANDIDATES:
        bare_runs, read_runs = runs[(server, "bare")], runs[(server, "read")]
        for kind, label in (("bare", "bare Flask route"), ("read", "the fake's read")):
            w = _median(runs[(server, kind)])
            result.add(
                f"server {server}: {label}",
                f"{w.rps:,.0f} rps, p50 {fmt(w.p50_ms, 2)} ms, p99 {fmt(w.p99_ms, 2)} ms",
            )
        result.add(f"  {server}: read / bare", f"{_median_ratio(read_runs, bare_runs):.0%}")
    for kind in ("bare", "read"):
        ratio = _median_ratio(runs[("granian", kind)], runs[("waitress", kind)])
        result.add(f"server granian / waitress, {kind}", f"{ratio:.2f}x")
    return result
