"""Shared machinery for the benchmarks: results, servers in child processes, wrk, memory."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
BROWSER = os.environ.get("TIKTOK_SIM_BROWSER", "/usr/lib/chromium/chromium-headless-shell")


class Skip(Exception):
    """The part a benchmark measures does not exist (yet), or a tool it needs is missing."""


@dataclass
class Row:
    """One line of the results table."""

    name: str
    figures: str


@dataclass
class Result:
    """What one benchmark measured: table rows and the values the summary line needs."""

    rows: list[Row] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, figures: str) -> None:
        """Append a row to the table."""
        self.rows.append(Row(name, figures))


def module_exists(name: str) -> bool:
    """Whether an importable module of this name exists (without importing it)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def why_not(module: str) -> str:
    """'' when `module` imports, else why not (a part being built may import half-way)."""
    if not module_exists(module):
        return f"{module} not there yet"
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        return f"{module} does not import yet: {exc}"
    return ""


def require(module: str) -> None:
    """Skip the benchmark when `module` does not exist or does not import yet."""
    why = why_not(module)
    if why:
        raise Skip(why)


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    port: int, timeout: float = 20.0, proc: subprocess.Popen[Any] | None = None
) -> None:
    """Block until something accepts connections on loopback:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise Skip(f"server exited with {proc.returncode}: {str(out)[-300:]}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.01)
    raise Skip(f"nothing listened on port {port} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen[Any], timeout: float = 5.0) -> None:
    """Stop a child we started (and its own process group), politely then firmly."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


@contextmanager
def served(target: str, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Serve a bench target (see bench/targets.py) in a child process on a free port."""
    port = free_port()
    cmd = [PYTHON, "-m", "bench.targets", target, str(port), *args]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        ready = _read_ready(proc, timeout=30)
        # keep draining the child's output (waitress warns under load) so it never blocks
        threading.Thread(target=_drain, args=(proc,), daemon=True).start()
        yield Served(f"http://{HOST}:{port}", port, proc.pid, ready)
    finally:
        stop_process(proc)


@dataclass
class Served:
    """A target served by `served()`: its URL and what it printed when ready."""

    url: str
    port: int
    pid: int
    info: dict[str, Any]


def _drain(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    for _line in proc.stdout:
        pass


def _read_ready(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        if line.startswith("READY "):
            return dict(json.loads(line[len("READY ") :]))
        if line.startswith("SKIP "):
            raise Skip(line[len("SKIP ") :].strip())
    raise Skip("target did not start: " + "".join(lines)[-400:])


@dataclass
class WrkResult:
    """What wrk measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx: int


def wrk(
    url: str,
    *,
    seconds: int = 5,
    connections: int = 16,
    threads: int = 1,  # one wrk thread: the server (one Python process) gets the other core
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
) -> WrkResult:
    """Run wrk against a loopback URL for a bounded time and parse its figures."""
    exe = shutil.which("wrk")
    if exe is None:
        raise Skip("wrk is not installed (apt-get install -y wrk)")
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("load generators only run against loopback")
    cmd = [exe, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    script = None
    if method != "GET" or body is not None:
        fd, name = tempfile.mkstemp(prefix="bench-wrk-", suffix=".lua")
        os.close(fd)
        script = Path(name)
        script.write_text(
            f"wrk.method = {json.dumps(method)}\n"
            f"wrk.body = {json.dumps(body or '')}\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
        cmd += ["-s", str(script)]
    cmd.append(url)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout
    finally:
        if script is not None:
            script.unlink(missing_ok=True)
    return parse_wrk(out)


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        return float("nan")
    return float(match[1]) * _UNIT_MS[match[2]]


def parse_wrk(out: str) -> WrkResult:
    """Read requests/s, p50, p99 and error counts from wrk's --latency output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and p99 and total):
        raise Skip("wrk gave no figures: " + out[-300:])
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(
        rps=float(rps[1]),
        p50_ms=_ms(p50[1]),
        p99_ms=_ms(p99[1]),
        requests=int(total[1]),
        errors=errors,
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
    )


@dataclass(frozen=True)
class ProcessTimes:
    """A process's CPU time (all its threads) and minor page faults so far, from /proc."""

    user_s: float
    system_s: float
    minor_faults: int


@dataclass(frozen=True)
class CallCost:
    """What a server process spent on one call, on average: CPU (all its threads) and page
    faults (the kernel mapping in memory the process touched for the first time)."""

    user_us: float
    system_us: float
    faults: float

    @classmethod
    def between(cls, before: ProcessTimes, after: ProcessTimes, calls: int) -> CallCost:
        """The average over `calls` calls made between two readings."""
        n = max(calls, 1)
        return cls(
            user_us=(after.user_s - before.user_s) / n * 1e6,
            system_us=(after.system_s - before.system_s) / n * 1e6,
            faults=(after.minor_faults - before.minor_faults) / n,
        )


# Run in a child: a fresh mapping touched page by page, timed in 16 MB chunks.
_FIRST_TOUCH = """
import mmap, statistics, sys, time
size, chunk = int(sys.argv[1]), 16 << 20
area = mmap.mmap(-1, size)
per_page = []
for start in range(0, size, chunk):
    began = time.perf_counter()
    for offset in range(start, start + chunk, 4096):
        area[offset] = 1
    per_page.append((time.perf_counter() - began) / (chunk >> 12) * 1e6)
print(statistics.median(per_page))
"""


def first_touch_us(megabytes: int = 256) -> float | None:
    """What this machine takes to map in a fresh page of memory on its first touch, in us a
    4 KB page (None if it could not be measured).

    About 2 us on most machines. In a virtual machine whose host backs guest memory only when
    it is first touched, and takes freed memory back within seconds, several times that (12 us
    on this project's 2-core machines once other processes hold memory). A call that keeps
    memory, such as the bench write, pays it for every page the process grows by; a read,
    which keeps nothing, never does. Measured in a child process, so the server's memory is
    left as it was."""
    try:
        done = subprocess.run(
            [PYTHON, "-c", _FIRST_TOUCH, str(megabytes << 20)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return float(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_times(pid: int) -> ProcessTimes | None:
    """`pid`'s user and system time and minor faults (None where /proc has no such file)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    # utime stime (proc(5))
    return ProcessTimes(
        user_s=int(fields[11]) / _TICK,
        system_s=int(fields[12]) / _TICK,
        minor_faults=int(fields[7]),
    )


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), in MB, from /proc."""
    path = f"/proc/{pid or 'self'}/status"
    with open(path) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants together, in MB."""
    total = _tree_sum(pid, lambda proc: proc.memory_info().rss)
    return rss_mb(pid) if total is None else total


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants together, in MB.

    Adding up RSS counts every shared page (libraries, Chromium's shared memory between its
    browser, renderer and utility processes) once per process that maps it; PSS charges each
    process its share, so the sum is the memory the tree really holds. NaN without psutil.
    """
    total = _tree_sum(pid, lambda proc: proc.memory_full_info().pss)
    return float("nan") if total is None else total


def _tree_sum(pid: int, measure: Callable[[Any], int]) -> float | None:
    """`measure` added up over a process and its descendants, in MB; None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        with suppress(psutil.Error, AttributeError):
            total += measure(proc)
    return total / 1024 / 1024


def per_call_ms(func: Callable[[], Any], *, calls: int, max_seconds: float = 10.0) -> float:
    """Median over a few rounds of the mean time of one call, in ms, bounded in time."""
    func()  # warm up
    rounds: list[float] = []
    deadline = time.monotonic() + max_seconds
    per_round = max(calls // 5, 1)
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(per_round):
            func()
        rounds.append((time.perf_counter() - start) * 1000 / per_round)
        if time.monotonic() > deadline:
            break
    return statistics.median(rounds)


def fmt(value: float, digits: int = 1) -> str:
    """A number for the table, or n/a."""
    if value != value:  # NaN
        return "n/a"
    return f"{value:.{digits}f}"
