"""pytest-playwright's own options on the BDD scenarios, and the harness's, each in a pytest
run of its own (pytester): what a QA engineer types, what they get back.

`test_every_documented_option_has_a_test` keeps docs/harness.md's option table and these
tests together."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from simulator.harness import browser as browser_finder
from simulator.harness.apps import start_apps
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "harness.md"

FEATURE = """\
Feature: Looking at a page
  Scenario: The page greets me
    Given I open a page that says hello
    Then it says hello

  @desktop
  Scenario: The desktop greets me too
    Given I open a page that says hello
    Then it says hello
"""

STEPS = """\
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, scenarios, then

scenarios("looking.feature")


@given("I open a page that says hello")
def _(page: Page) -> None:
    page.set_content("<h1>hello</h1>")


@then(parsers.parse("it says {word}"))
def _(page: Page, word: str) -> None:
    expect(page.get_by_text(word)).to_be_visible(timeout=1000)
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with one phone scenario and one @desktop scenario."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TIKTOK_SIM_DEVICES", "PYTEST_ADDOPTS"):
        monkeypatch.delenv(name, raising=False)
    pytester.makefile(".feature", looking=FEATURE)
    pytester.makepyfile(test_looking=STEPS)
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        *harness_plugin_args(), "--living-guide=", "-p", "no:cacheprovider", *args
    )


def _ids(result: pytest.RunResult) -> list[str]:
    return sorted(set(re.findall(r"\[([\w-]+)\]", result.stdout.str())))


# --- which phones ----------------------------------------------------------------------------


def test_device_is_repeatable_and_chooses_the_phones(project: pytest.Pytester) -> None:
    result = _run(project, "--collect-only", "-q", "--device", "Pixel 7", "--device=Galaxy S9+")
    assert result.ret == 0, result.stdout.str()
    assert _ids(result) == ["desktop-chrome", "galaxy-s9", "pixel-7"]


def test_devices_is_the_same_as_a_comma_separated_list(project: pytest.Pytester) -> None:
    result = _run(project, "--collect-only", "-q", "--devices", "Pixel 7,Galaxy S9+")
    assert _ids(result) == ["desktop-chrome", "galaxy-s9", "pixel-7"]
    both = _run(project, "--collect-only", "--device", "Pixel 7", "--devices", "Pixel 5")
    assert both.ret == pytest.ExitCode.USAGE_ERROR
    both.stderr.fnmatch_lines(["*--device (repeat it) or --devices, not both*"])


def test_default_phones_and_the_desktop_device(project: pytest.Pytester) -> None:
    assert _ids(_run(project, "--collect-only", "-q")) == [
        "desktop-chrome",
        "iphone-13",
        "pixel-7",
    ]
    chosen = _run(project, "--collect-only", "-q", "--desktop-device", "Desktop Safari")
    assert "desktop-safari" in _ids(chosen)


def test_an_unknown_device_stops_the_run_before_any_scenario(project: pytest.Pytester) -> None:
    result = _run(project, "--device", "Nokia 3310")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown Playwright device 'Nokia 3310'*similar: Nokia*"])
    assert "passed" not in result.stdout.str()


def test_the_chosen_device_is_emulated(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_agent="""
        def test_agent(page, device):
            assert "Galaxy S9" in device
            assert "SM-G965U" in page.evaluate("navigator.userAgent")  # Galaxy S9+'s
        """
    )
    result = _run(project, "test_agent.py", "--device", "Galaxy S9+")
    result.assert_outcomes(passed=1)


# --- which browser, and how ------------------------------------------------------------------


def _playwright_browser_installed(name: str) -> bool:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return Path(getattr(playwright, name).executable_path).exists()


@pytest.mark.parametrize("name", ["firefox", "webkit"])
def test_a_browser_that_is_not_installed_stops_the_run_and_says_how_to_get_it(
    project: pytest.Pytester, name: str
) -> None:
    if _playwright_browser_installed(name):
        result = _run(project, "--browser", name, "-k", "greets_me[")
        result.assert_outcomes(passed=2)  # where it is installed, it runs
        return
    result = _run(project, "--browser", name)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"*--browser {name}: Playwright's {name} is not installed*install --with-deps {name}*"]
    )


def test_several_browsers_run_every_scenario_on_each(project: pytest.Pytester) -> None:
    result = _run(project, "--collect-only", "-q", "--browser", "chromium", "--browser", "webkit")
    if result.ret == pytest.ExitCode.USAGE_ERROR:  # webkit is not installed here
        result.stderr.fnmatch_lines(["*--browser webkit*not installed*"])
        return
    assert "chromium-pixel-7" in result.stdout.str() and "webkit-pixel-7" in result.stdout.str()


def test_chromium_runs_the_scenarios(project: pytest.Pytester) -> None:
    result = _run(project, "--browser", "chromium", "--device", "Pixel 7")
    result.assert_outcomes(passed=2)


def test_a_browser_channel_that_is_not_installed_stops_the_run_once(
    project: pytest.Pytester,
) -> None:
    if Path("/opt/google/chrome/chrome").exists():
        pytest.skip("Google Chrome is installed here")
    result = _run(project, "--browser-channel", "chrome")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str()
    assert "the browser did not start" in out and "playwright install chrome" in out
    assert "passed" not in out and out.count("is not found at") == 1


def test_headed_without_a_display_is_refused(project: pytest.Pytester) -> None:
    result = _run(project, "--headed")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--headed opens a browser window*no display*xvfb-run*"])


def test_headed_with_only_a_headless_shell_is_refused(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    if browser_finder.find_browser(headed=True) is not None:
        pytest.skip("a Chromium with a window is installed here")
    monkeypatch.setenv("DISPLAY", ":99")
    result = _run(project, "--headed")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--headed needs a Chromium with a window*headless shell*"])


def _fake_chromium(tmp_path: Path) -> Path:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_headed_slowmo_and_channel_reach_the_launch_as_in_pytest_playwright(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What pytest-playwright hands BrowserType.launch(), plus the harness's Chromium.
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("TIKTOK_SIM_BROWSER", str(_fake_chromium(tmp_path)))
    project.makepyfile(
        test_launch="""
        import os

        def test_launch(browser_type_launch_args):
            assert browser_type_launch_args["headless"] is False
            assert browser_type_launch_args["slow_mo"] == 250
            assert browser_type_launch_args["executable_path"] == os.environ["TIKTOK_SIM_BROWSER"]
            assert "--no-sandbox" in browser_type_launch_args["args"]

        def test_no_executable_with_a_channel(pytestconfig, browser_type_launch_args):
            if pytestconfig.getoption("--browser-channel"):
                assert browser_type_launch_args["channel"] == "chrome"
                assert "executable_path" not in browser_type_launch_args
        """
    )
    _run(project, "test_launch.py", "--headed", "--slowmo", "250").assert_outcomes(passed=2)
    channel = _run(project, "test_launch.py", "-k", "channel", "--browser-channel", "chrome")
    channel.assert_outcomes(passed=1, deselected=1)


# --- which apps --------------------------------------------------------------------------


def test_base_url_alone_points_at_flex_url(project: pytest.Pytester) -> None:
    result = _run(project, "--base-url", "http://127.0.0.1:1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--base-url is Flex's URL here*use --flex-url*--tiktok-url*"])
    flex_alone = _run(project, "--flex-url", "http://127.0.0.1:1")
    flex_alone.stderr.fnmatch_lines(["*--flex-url needs --tiktok-url*"])


def test_base_url_is_flex_and_the_pages_relative_addresses_lead_there(
    project: pytest.Pytester,
) -> None:
    apps = start_apps()
    try:
        project.makepyfile(
            test_base="""
            def test_base(tenant, page, base_url, sim_apps):
                assert base_url == sim_apps.flex_url
                page.goto("/signin")
                assert page.url == base_url + "/signin"
                assert page.get_by_role("button", name="Sign in").is_visible()
            """
        )
        args = ["test_base.py", "--device", "Pixel 7", "--tiktok-url", apps.tiktok_url]
        args += ["--base-url", apps.flex_url]
        _run(project, *args).assert_outcomes(passed=1)
        other = _run(project, *args, "--flex-url", "http://127.0.0.1:1")
        other.stderr.fnmatch_lines(["*--base-url*and --flex-url*disagree*"])
    finally:
        apps.stop()


# --- the data and the reports ---------------------------------------------------------------


def test_faker_seed_is_printed_and_random_picks_one(project: pytest.Pytester) -> None:
    fixed = _run(project, "--collect-only", "--faker-seed", "4711")
    fixed.stdout.fnmatch_lines(["*faker seed 4711 (reproduce with --faker-seed 4711)*"])
    chosen = _run(project, "--collect-only", "--faker-seed", "random")
    assert re.search(r"faker seed (\d+) \(reproduce with --faker-seed \1\)", chosen.stdout.str())


def test_without_a_living_guide_or_step_screenshots_nothing_is_written(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest_subprocess(
        *harness_plugin_args(),
        "-p",
        "no:cacheprovider",
        "--device",
        "Pixel 7",
        "--step-screenshots",
        "off",
        "--living-guide",
        "out/guide.html",
    )
    result.assert_outcomes(passed=2)
    assert (project.path / "out" / "guide.html").exists()
    assert not (project.path / "out" / "steps").exists()
    _run(project, "--device", "Pixel 7").assert_outcomes(passed=2)
    assert not (project.path / "reports").exists()


def test_tracing_keeps_a_trace_of_a_failed_scenario(project: pytest.Pytester) -> None:
    project.makefile(
        ".feature",
        failing="Feature: Failing\n  Scenario: It is not there\n"
        "    Given I open a page that says hello\n    Then it says goodbye\n",
    )
    project.makepyfile(test_failing=STEPS.replace("looking.feature", "failing.feature"))
    result = _run(
        project, "test_failing.py", "--device", "Pixel 7", "--tracing", "retain-on-failure"
    )
    result.assert_outcomes(failed=1)
    assert list((project.path / "test-results").rglob("trace.zip"))


# --- the docs and the tests agree ---------------------------------------------------------


def _documented_options() -> list[str]:
    """The options in docs/harness.md's table of options (first column)."""
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `--")]
    return sorted({opt for row in rows for opt in re.findall(r"`(--[a-z-]+)", row.split("|")[1])})


def test_every_documented_option_has_a_test() -> None:
    documented = _documented_options()
    assert "--device" in documented and "--browser" in documented, documented
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py")
    )
    untested = [opt for opt in documented if not re.search(rf"[\"']{opt}[\"'= ]", tests)]
    assert not untested, f"options in docs/harness.md without a test: {untested}"
