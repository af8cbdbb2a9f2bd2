"""Journey: the guide's journey on one phone end to end vs the same number of static page loads.

The journey is the e2e suite's own scenario, run by pytest with `bench.journey_plugin`, which
times the test body (browser launch, app start-up, tenant creation and the browser context
set up before the timer) and counts main-frame page loads. The floor walks that many static
pages on the same server setup (waitress) in the same browser with the same phone emulation,
following a link each time, as a creator taps.

Both sides time the same thing: page loads from a fresh page in a fresh context. What only
the harness does for its reports stays out of the timed run: no step screenshots (about
0.25 s for the guide's 7 steps, a person's phone takes none and the floor pays none per
page) and no living-guide report (`--step-screenshots off --living-guide ''`).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import BROWSER, PYTHON, ROOT, Result, Skip, served

DEVICE = os.environ.get("BENCH_DEVICE", "iPhone 13")
SELECT = os.environ.get("BENCH_JOURNEY_K", "posts_a_draft_through_tiktok_and_submits")
TIMEOUT = 300


def run_journey() -> dict[str, Any]:
    """Run the journey scenario(s) on one phone under pytest; the slowest passing one counts."""
    if not (ROOT / "e2e").is_dir():
        raise Skip("e2e/ (the BDD suite) not there yet")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "journey.jsonl"
        cmd = [
            PYTHON,
            "-m",
            "pytest",
            "e2e",
            "-p",
            "bench.journey_plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "-k",
            SELECT,
            "--devices",
            DEVICE,
            # The harness's own reporting is not the journey: no screenshot after each step,
            # no living guide (the floor pays for neither).
            "--step-screenshots",
            "off",
            "--living-guide",
            "",
        ]
        env = {**os.environ, "BENCH_JOURNEY_OUT": str(out), "TIKTOK_SIM_BROWSER": BROWSER}
        try:
            proc = subprocess.run(
                cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
            )
        except subprocess.TimeoutExpired as exc:
            raise Skip(f"the journey took over {TIMEOUT} s") from exc
        rows = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    passed = [r for r in rows if r["passed"] and r["page_loads"] > 0]
    if not passed:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
        raise Skip("no journey scenario passed on a phone: " + " | ".join(tail)[:300])
    return max(passed, key=lambda r: r["page_loads"])


def walk_static(loads: int) -> float:
    """Seconds for `loads` page loads of static pages, each reached by tapping a link."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise Skip("playwright is not installed") from exc
    from simulator.harness.browser import launch_args

    with served("static") as srv, sync_playwright() as pw:
        # the browser the harness launches, flags and all: the floor walks the same Chromium
        launch: dict[str, Any] = launch_args(BROWSER if Path(BROWSER).exists() else None)
        browser = pw.chromium.launch(**launch)
        try:
            context = browser.new_context(**pw.devices[DEVICE])
            # A fresh page whose first load is timed, as the journey's is: the harness gives
            # the scenario a new context and page and its first step's load is in the timed
            # span (a warm-up load here would spare the floor ~0.06 s the journey pays).
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{srv.url}/page/1")
            for n in range(2, loads + 1):
                page.get_by_role("link", name="Next").click()
                page.wait_for_url(f"**/page/{n}")
                page.get_by_role("heading", name=f"Page {n}").wait_for()
            elapsed = time.perf_counter() - start
            context.close()
        finally:
            browser.close()
    return elapsed


def run() -> Result:
    """The journey's time on one phone and its ratio to the Playwright floor."""
    result = Result()
    journey = run_journey()
    floor = walk_static(journey["page_loads"])
    ratio = journey["seconds"] / floor
    result.add(
        f"journey on one phone ({DEVICE}): {journey['nodeid'].split('::')[-1][:50]}",
        f"{journey['seconds']:.2f} s for {journey['page_loads']} page loads",
    )
    result.add(
        "journey floor (same page loads, static pages, same server)",
        f"{floor:.2f} s; journey is {ratio:.1f}x the floor",
    )
    result.summary.update(journey_x=ratio, journey_s=journey["seconds"])
    return result
