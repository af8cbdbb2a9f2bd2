"""Start-up: `tiktok-sim serve` to the fake TikTok's first answer, against a bare Flask app."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import requests

from .common import HOST, PYTHON, ROOT, Result, Skip, free_port, stop_process, why_not

RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "5"))
TIMEOUT = 15.0


def _cli() -> list[str]:
    exe = Path(PYTHON).parent / "tiktok-sim"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("tiktok-sim")
    return [found] if found else [PYTHON, "-m", "simulator.cli"]


def time_to_first_answer(cmd: list[str], url_of: str, env: dict[str, str]) -> float:
    """Seconds from spawning `cmd` to a 2xx answer from `url_of` (bounded by TIMEOUT)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = start + TIMEOUT
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                err = proc.stderr.read().decode()[-300:] if proc.stderr else ""
                raise Skip(f"`{' '.join(cmd[-2:])}` exited with {proc.returncode}: {err}")
            try:
                if requests.get(url_of, timeout=0.5).ok:
                    return time.perf_counter() - start
            except requests.ConnectionError:
                time.sleep(0.005)
        raise Skip(f"no answer from {url_of} within {TIMEOUT:.0f} s")
    finally:
        stop_process(proc)


def run() -> Result:
    """Median start-up of the CLI's serve vs a bare Flask app on the same server."""
    result = Result()
    floor: list[float] = []
    serve: list[float] = []
    why = why_not("simulator.cli") or why_not("simulator.tiktok.app")
    have_cli = not why
    for _ in range(RUNS):
        port = free_port()
        floor.append(
            time_to_first_answer(
                [PYTHON, "-m", "bench.targets", "ceiling", str(port)],
                f"http://{HOST}:{port}/ceiling",
                {},
            )
        )
        if have_cli:
            port, flex_port = free_port(), free_port()
            serve.append(
                time_to_first_answer(
                    [*_cli(), "serve"],
                    f"http://{HOST}:{port}/_sim/health",
                    {"TIKTOK_SIM_PORT": str(port), "FLEX_PORT": str(flex_port)},
                )
            )
    base = statistics.median(floor)
    result.add("start-up floor (python + Flask + the server, bare app)", f"{base:.2f} s median")
    if not have_cli:
        result.add("start-up `tiktok-sim serve`", f"skipped: {why}")
        return result
    med = statistics.median(serve)
    result.add(
        "start-up `tiktok-sim serve` to the fake's first answer",
        f"{med:.2f} s median of {RUNS} (min {min(serve):.2f}, {med / base:.1f}x the floor)",
    )
    result.summary["start_s"] = med
    return result
