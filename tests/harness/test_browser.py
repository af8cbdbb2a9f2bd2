"""Finding a Chromium Playwright can drive."""

from __future__ import annotations

import pytest

from simulator.harness.browser import CANDIDATES, find_browser, launch_args


def test_environment_wins() -> None:
    assert find_browser({"TIKTOK_SIM_BROWSER": "/opt/c"}, is_executable=lambda p: True) == "/opt/c"


def test_environment_must_be_an_executable() -> None:
    with pytest.raises(FileNotFoundError, match="TIKTOK_SIM_BROWSER"):
        find_browser({"TIKTOK_SIM_BROWSER": "/nope"}, is_executable=lambda p: False)


def test_headless_shell_then_chromium_then_playwrights_own() -> None:
    assert CANDIDATES == ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium")
    assert find_browser({}, is_executable=lambda p: True) == CANDIDATES[0]
    assert find_browser({}, is_executable=lambda p: p == CANDIDATES[1]) == CANDIDATES[1]
    assert find_browser({}, is_executable=lambda p: False) is None


def test_launch_args() -> None:
    args = launch_args("/usr/bin/chromium")
    assert args["executable_path"] == "/usr/bin/chromium"
    assert args["args"] == [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    assert "executable_path" not in launch_args(None)
