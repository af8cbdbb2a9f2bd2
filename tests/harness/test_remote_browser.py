"""--browser-ws drives a remote Playwright browser server (here: one on loopback)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.harness.browser import find_browser
from simulator.serving import free_port
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

REMOTE_TEST = """\
import pytest


@pytest.mark.parametrize("device", ["Pixel 7"], indirect=True)
def test_a_phone_from_the_remote_browser(page, device):
    page.set_content("<h1>hello</h1>")
    assert page.get_by_role("heading").inner_text() == "hello"
    assert page.evaluate("navigator.userAgent").find("Pixel 7") >= 0
"""


@pytest.fixture
def browser_server() -> Iterator[str]:
    playwright = shutil.which("playwright", path=str(Path(sys.executable).parent))
    if playwright is None or find_browser() is None:
        pytest.skip("needs the playwright CLI and a local Chromium")
    port = free_port()
    server = subprocess.Popen(
        [playwright, "run-server", "--host", "127.0.0.1", "--port", str(port), "--unsafe"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        import socket

        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("the Playwright browser server did not start")
        yield f"ws://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_suite_runs_on_a_remote_browser(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, browser_server: str
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    # the server is this machine, so our Chromium path is valid there too
    monkeypatch.setenv("TIKTOK_SIM_BROWSER", str(find_browser()))
    pytester.makepyfile(test_remote=REMOTE_TEST)
    result = pytester.runpytest_subprocess(
        *harness_plugin_args(),
        "--browser-ws",
        browser_server,
        "--living-guide=",
        "-p",
        "no:cacheprovider",
    )
    result.assert_outcomes(passed=1)
