"""Finding a Chromium Playwright can drive."""

from __future__ import annotations

import psutil
import pytest
from playwright.sync_api import sync_playwright

from simulator.harness import browser as browser_mod
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
    flags = args["args"]
    assert isinstance(flags, list)
    assert flags[:5] == [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    assert [f for f in flags if f.startswith("--disable-features=")] == flags[5:]
    assert "executable_path" not in launch_args(None)


def test_without_playwrights_list_no_features_are_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(browser_mod, "playwright_disabled_features", lambda: None)
    flags = launch_args(None)["args"]
    assert isinstance(flags, list)
    assert not [f for f in flags if f.startswith("--disable-features")]


def _browsers() -> list[psutil.Process]:
    """The Chromium main processes this process started (Playwright drives them by pipe)."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "--remote-debugging-pipe" in proc.cmdline():
                found.append(proc)
        except psutil.Error:
            continue
    return found


def _features(switch: str) -> set[str]:
    return set(switch.split("=", 1)[1].split(","))


def test_the_browser_keeps_playwrights_disabled_features_and_adds_ours() -> None:
    """Read off the running browser's own command line: Chromium applies only the last
    `--disable-features`, so that one must name Playwright's (the first) and ours."""
    executable = find_browser()
    if executable is None:
        pytest.skip("needs a local Chromium")
    before = {p.pid for p in _browsers()}  # a browser another test of this session keeps
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_args(executable))  # type: ignore[arg-type]
        try:
            main = [p.cmdline() for p in _browsers() if p.pid not in before]
        finally:
            browser.close()
    assert len(main) == 1, main
    switches = [arg for arg in main[0] if arg.startswith("--disable-features=")]
    assert len(switches) == 2, switches  # Playwright's, then ours
    playwrights, applied = _features(switches[0]), _features(switches[-1])
    assert "PaintHolding" in playwrights  # Playwright's own, as its launcher sets it
    assert playwrights <= applied, playwrights - applied
    assert set(browser_mod.DISABLED_FEATURES) <= applied
