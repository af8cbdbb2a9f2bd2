"""--browser-ws drives a remote Playwright browser server (here: one on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.harness.browser import find_browser
from simulator.serving import free_port
from tests.harness import pytester_support
from tests.harness.pytester_support import harness_plugin_args, playwright_cli

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
    if playwright_cli() is None or find_browser() is None:
        pytest.skip("needs the playwright CLI and a local Chromium")
    with pytester_support.browser_server(free_port()) as endpoint:
        yield endpoint


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
