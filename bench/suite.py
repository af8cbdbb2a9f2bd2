"""Suite: the whole BDD suite serial and with `-n 2`, scenarios per second and peak memory."""

from __future__ import annotations

import os
import re
import resource
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
# How often the tree's memory is sampled. The RSS sum reads each process's statm (~2 ms for
# the suite's ~17 processes); PSS reads smaps_rollup, which walks every page table (~40 ms of
# CPU). Taking PSS every 0.2 s cost the run a fifth of a core, on a 2-core machine whose
# suite is CPU-bound: one `-n 2` run took 39.6 s sampled where one alone took 35.8 s. A
# second between PSS samples costs 4% of one core and still sees the plateau of a run whose
# contexts live for seconds.
RSS_EVERY_S = 0.2
PSS_EVERY_S = 1.0


@dataclass
class SuiteRun:
    """One run of the BDD suite."""

    seconds: float
    passed: int
    failed: int
    peak_mb: float
    peak_pss_mb: float
    sampler_cpu_s: float


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
    seen = [0.0, 0.0, 0.0]  # RSS peak, PSS peak, the sampler's CPU seconds
    done = threading.Event()

    def _sample() -> None:
        next_pss = 0.0
        while not done.is_set():
            seen[0] = max(seen[0], tree_rss_mb(proc.pid))
            if time.monotonic() >= next_pss:
                seen[1] = max(seen[1], tree_pss_mb(proc.pid))
                next_pss = time.monotonic() + PSS_EVERY_S
            done.wait(RSS_EVERY_S)
        usage = resource.getrusage(resource.RUSAGE_THREAD)
        seen[2] = usage.ru_utime + usage.ru_stime

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
    return SuiteRun(seconds, passed, failed, *seen)


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
            f"{r.peak_pss_mb / 1024:.2f} GB PSS ({r.peak_mb / 1024:.2f} GB adding up RSS); "
            f"sampling it took {r.sampler_cpu_s:.1f} s of CPU",
        )
    two = runs[2]
    result.add("suite speed-up with -n 2", f"{runs[1].seconds / two.seconds:.2f}x")
    # PSS: the RSS sum counts Chromium's and Python's shared pages once per process
    result.summary.update(suite_peak_gb=two.peak_pss_mb / 1024, suite_s=two.seconds)
    return result
