"""Scale: a list page with 100,000 videos in the tenant vs 100, and memory per video.

Runs in a child process (`python -m bench.scale`) so the resident size it reads is the fake's
alone. Videos are put straight into the tenant's state through the app's own models.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

from .common import PYTHON, ROOT, Result, Skip, require, rss_mb

BIG = int(os.environ.get("BENCH_SCALE_VIDEOS", "100000"))
SMALL = 100
CALLS = 200


def _measure(n_videos: int) -> dict[str, Any]:
    """In this process: build the fake, seed `n_videos`, time the list page, read RSS."""
    import gc

    from .seeding import list_request, make_fake, order_request, seed_videos

    app, tenant_id = make_fake()
    client = app.test_client()
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    seed_videos(app, tenant_id, n_videos)
    seeded_s = time.perf_counter() - t0
    gc.collect()
    after = rss_mb()
    path, headers, check = list_request(app, tenant_id)
    first = client.get(path, headers=headers)
    check(first.get_json(), n_videos)
    other = order_request(app, tenant_id)
    return {
        "videos": n_videos,
        "median_ms": _median_ms(client, path, headers),
        "other_ms": _median_ms(client, other, headers),
        "rss_growth_mb": after - before,
        "seed_s": seeded_s,
    }


def _median_ms(client: Any, path: str, headers: dict[str, str]) -> float:
    times = []
    deadline = time.monotonic() + 15
    for _ in range(CALLS):
        start = time.perf_counter()
        client.get(path, headers=headers)
        times.append(time.perf_counter() - start)
        if time.monotonic() > deadline:
            break
    times.sort()
    return times[len(times) // 2] * 1000


def _child(n_videos: int) -> dict[str, Any]:
    proc = subprocess.run(
        [PYTHON, "-m", "bench.scale", str(n_videos)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[7:]))
        if line.startswith("SKIP "):
            raise Skip(line[5:])
    raise Skip(f"scale child failed: {(proc.stdout + proc.stderr)[-300:]}")


def run() -> Result:
    """The list page with BIG videos vs SMALL, each in its own fresh process."""
    result = Result()
    require("simulator.tiktok.app")
    small = _child(SMALL)
    big = _child(BIG)
    ratio = big["median_ms"] / small["median_ms"]
    per_video_kb = (big["rss_growth_mb"] - small["rss_growth_mb"]) * 1024 / (BIG - SMALL)
    per_100k_mb = per_video_kb * 100_000 / 1024
    result.add(
        f"scale: list page, {SMALL} videos vs {BIG:,}",
        f"{small['median_ms']:.2f} ms vs {big['median_ms']:.2f} ms = {ratio:.2f}x",
    )
    result.add(
        "scale: another read (order/get) in the same tenants",
        f"{small['other_ms']:.2f} ms vs {big['other_ms']:.2f} ms = "
        f"{big['other_ms'] / small['other_ms']:.2f}x (a read that lists nothing)",
    )
    result.add(
        f"scale: resident growth for {BIG:,} videos",
        f"{big['rss_growth_mb']:.0f} MB, {per_video_kb:.2f} KB per video "
        f"({per_100k_mb:.0f} MB per 100k); seeding took {big['seed_s']:.1f} s",
    )
    result.summary.update(scale_x=ratio, mem_per_100k_mb=per_100k_mb)
    return result


if __name__ == "__main__":
    try:
        print("RESULT " + json.dumps(_measure(int(sys.argv[1]))), flush=True)
    except Skip as exc:
        print(f"SKIP {exc}", flush=True)
