"""What the harness's pytester tests share: loading the plugin in a pytest of its own, a
Playwright browser server on loopback, and finding processes a run left behind."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

PLUGIN = "simulator.harness.plugin"
# Every process a run starts inherits its environment, so a mark there finds them all,
# even the ones that lost their parent (re-parented to init).
RUN_MARK = "TIKTOK_SIM_RUN_MARK"


def harness_plugin_args() -> list[str]:
    """`-p simulator.harness.plugin`: switch the harness on for one run (a pytester project
    has no `tiktok_sim_harness = true`, so the installed switch leaves it off)."""
    return ["-p", PLUGIN]


def playwright_cli() -> str | None:
    """The `playwright` command next to this Python."""
    return shutil.which("playwright", path=str(Path(sys.executable).parent))


@contextmanager
def browser_server(port: int) -> Iterator[str]:
    """`playwright run-server` on loopback; stopped with everything it started.

    The `playwright` command is a Python wrapper around Playwright's node driver: stopping
    the wrapper alone leaves node listening. It runs in a process group of its own, and the
    whole group is stopped."""
    cli = playwright_cli()
    if cli is None:
        raise RuntimeError("the playwright command is not installed next to this Python")
    server = subprocess.Popen(
        [cli, "run-server", "--host", "127.0.0.1", "--port", str(port), "--unsafe"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None:
                raise RuntimeError("the Playwright browser server stopped at start")
            time.sleep(0.1)
        else:
            raise RuntimeError("the Playwright browser server did not start")
        yield f"ws://127.0.0.1:{port}/"
    finally:
        _stop_group(server)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def marked_processes(mark: str, exclude: set[int] | None = None) -> list[psutil.Process]:
    """Live processes whose environment carries RUN_MARK=mark (but not `exclude`)."""
    found = []
    for process in psutil.process_iter():
        if exclude and process.pid in exclude:
            continue
        try:
            if process.environ().get(RUN_MARK) == mark and process.status() != "zombie":
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def survivors(mark: str, exclude: set[int] | None = None, grace: float = 10.0) -> list[str]:
    """What still runs with the mark after `grace` seconds to finish, as 'pid cmdline'."""
    alive = marked_processes(mark, exclude)
    if alive:
        _, alive = psutil.wait_procs(alive, timeout=grace)
    described = []
    for process in alive:
        try:
            described.append(f"{process.pid} {' '.join(process.cmdline())[:200]}")
        except psutil.Error:
            continue
    return described
