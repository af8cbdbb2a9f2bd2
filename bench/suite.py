"""Suite: the whole BDD suite serial and with `-n 2`, scenarios per second and peak memory."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass

from .common import (
    BROWSER,
    PYTHON,
    ROOT,
    Result,
    Skip,
    module_exists,
    stop_process,
    tree_pss_mb,
    tree_rss_mb,
)

TIMEOUT = int(os.environ.get("BENCH_SUITE_TIMEOUT", "400"))


@dataclass
class SuiteRun:
    """One run of the BDD suite."""

    seconds: float
    passed: int
    failed: int
    peak_mb: float
    peak_pss_mb: float


def run_suite(workers: int) -> SuiteRun:
    """Run `pytest e2e` (optionally with xdist) and sample the whole process tree's memory."""
    cmd = [PYTHON, "-m", "pytest", "e2e", "-q", "-p", "no:cacheprovider"]
    if workers > 1:
        cmd += ["-n", str(workers)]
    env = {**os.environ, "TIKTOK_SIM_BROWSER": BROWSER}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    peak = [0.0, 0.0]
    done = threading.Event()

    def _sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            peak[1] = max(peak[1], tree_pss_mb(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=_sample, daemon=True)
    sampler.start()
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        stop_process(proc)
        raise Skip(f"the suite took over {TIMEOUT} s with -n {workers}") from exc
    finally:
        done.set()
        sampler.join(timeout=2)
    seconds = time.perf_counter() - start
    passed = _count(out, "passed")
    failed = _count(out, "failed") + _count(out, "error")
    if passed == 0:
        raise Skip("the suite passed no test: " + out.strip().splitlines()[-1][:200])
    return SuiteRun(seconds, passed, failed, peak[0], peak[1])


def _count(out: str, word: str) -> int:
    found = re.findall(rf"(\d+) {word}", out.strip().splitlines()[-1] if out.strip() else "")
    return int(found[0]) if found else 0


def run() -> Result:
    """Serial and two-worker runs of the BDD suite, side by side."""
    result = Result()
    if not (ROOT / "e2e").is_dir() or not module_exists("pytest_bdd"):
        raise Skip("e2e/ (the BDD suite) not there yet")
    runs = {n: run_suite(n) for n in (1, 2)}
    for n, r in runs.items():
        failed = f", {r.failed} failed" if r.failed else ""
        result.add(
            f"suite {'serial' if n == 1 else f'-n {n}'}",
            f"{r.passed} scenarios{failed} in {r.seconds:.1f} s = "
            f"{r.passed / r.seconds:.2f} scenarios/s, peak of all processes "
            f"{r.peak_pss_mb / 1024:.2f} GB PSS ({r.peak_mb / 1024:.2f} GB adding up RSS)",
        )
    two = runs[2]
    result.add("suite speed-up with -n 2", f"{runs[1].seconds / two.seconds:.2f}x")
    # PSS: the RSS sum counts Chromium's and Python's shared pages once per process
    result.summary.update(suite_peak_gb=two.peak_pss_mb / 1024, suite_s=two.seconds)
    return result
