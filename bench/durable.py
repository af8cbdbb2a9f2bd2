"""What `--state-file` costs: a write to the fake with and without the durable state file.

Each write (a campaign create) is committed to the SQLite state file and fsynced before it is
answered (docs/controls.md, "--state-file"); this compares that with the same server keeping
state in memory only, side by side on this machine, and shows a read for scale.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .api import seed_fake
from .common import HOST, PYTHON, ROOT, Result, Skip, fmt, free_port, per_call_ms, stop_process

CALLS = int(os.environ.get("BENCH_DURABLE_CALLS", "200"))


@contextmanager
def _serve(state_file: Path | None) -> Iterator[str]:
    """`tiktok-sim serve` in a child process (with the state file, if given); its URL."""
    port = free_port()
    command = [PYTHON, "-m", "simulator.cli", "serve", "--port", str(port), "--dataset", "empty"]
    if state_file is not None:
        command += ["--state-file", str(state_file)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/_sim/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise Skip("tiktok-sim serve did not start")
            time.sleep(0.1)
        yield url
    finally:
        stop_process(proc)


def _write_and_read_ms(url: str) -> tuple[float, float]:
    calls = seed_fake(url)
    session = requests.Session()
    headers = {**calls["headers"], "Content-Type": "application/json"}
    write_url, body = url + calls["write_path"], calls["write_body"]
    read_url = url + calls["read_path"]
    write = per_call_ms(lambda: session.post(write_url, data=body, headers=headers), calls=CALLS)
    read = per_call_ms(lambda: session.get(read_url, headers=headers), calls=CALLS)
    return write, read


def run() -> Result:
    """Per-write cost of the durable state file, side by side with memory only."""
    result = Result()
    with _serve(None) as url:
        memory_write, memory_read = _write_and_read_ms(url)
    with tempfile.TemporaryDirectory() as folder, _serve(Path(folder) / "state.db") as url:
        durable_write, durable_read = _write_and_read_ms(url)
    ratio = durable_write / memory_write if memory_write else float("nan")
    result.add(
        "write (campaign create), memory only / --state-file",
        f"{fmt(memory_write, 2)} / {fmt(durable_write, 2)} ms per call ({fmt(ratio, 2)}x)",
    )
    result.add(
        "read (order get), memory only / --state-file",
        f"{fmt(memory_read, 2)} / {fmt(durable_read, 2)} ms per call",
    )
    result.summary["durable_write_x"] = ratio
    return result
