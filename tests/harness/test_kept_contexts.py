"""Each phone's browser context is kept from one scenario to the next (contexts.py): the next
scenario finds the same tab, but nothing the last one left (cookies, storage, other tabs, its
tenant, a fake clock); `--fresh-contexts` gives every scenario a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

# Scenarios run in file order in one process: each notes the context it was given, leaves
# state behind on both apps and opens a second tab; the one after looks for any of it.
TESTS = """
from playwright.sync_api import expect

SEEN = []
LEFT = "() => [localStorage.length, sessionStorage.length, document.cookie]"


def leave_state_behind(page, sim_apps):
    for url in (sim_apps.flex_url, sim_apps.tiktok_url):
        page.goto(url + "/signin")
        page.evaluate(
            "() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');"
            " document.cookie = 'left=1; path=/'; }"
        )
    page.context.new_page().goto(sim_apps.flex_url + "/signin")


def nothing_left(page, sim_apps):
    assert len(page.context.pages) == 1
    assert page.url == "about:blank"
    assert page.context.cookies() == []
    for url in (sim_apps.flex_url, sim_apps.tiktok_url):
        page.goto(url + "/signin")
        assert page.evaluate(LEFT) == [0, 0, ""]  # the apps' own cookies are HttpOnly


def test_first(page, context, tenant, sim_apps):
    SEEN.append((context, tenant.id))
    leave_state_behind(page, sim_apps)
    page.set_default_timeout(1)  # a step's own timeouts on the tab
    page.set_default_navigation_timeout(1)


def test_second(page, context, tenant, sim_apps):
    SEEN.append((context, tenant.id))
    nothing_left(page, sim_apps)
    with page.expect_request(sim_apps.flex_url + "/signin") as sent:
        page.goto(sim_apps.flex_url + "/signin")
    assert sent.value.all_headers()["x-sim-tenant"] == tenant.id
    page.clock.install()


def test_third(page, context, tenant, sim_apps):
    SEEN.append((context, tenant.id))
    page.goto(sim_apps.flex_url + "/signin")
    assert not page.evaluate("() => '__pwClock' in globalThis")
    page.set_viewport_size({"width": 300, "height": 300})


def test_fourth(page, context, tenant, sim_apps):
    SEEN.append((context, tenant.id))
    page.goto(sim_apps.flex_url + "/signin")
    assert page.viewport_size == {"width": 412, "height": 839}  # Pixel 7's


def test_contexts():
    (first, one), (second, two), (third, three), (fourth, four) = SEEN
    print("same context after a plain scenario:", first is second)
    print("same context after a fake clock:", second is third)
    print("same context after a resized tab:", third is fourth)
    assert len({one, two, three, four}) == 4
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    pytester.makepyfile(test_kept=TESTS)
    return pytester


def _run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    return project.runpytest_subprocess(
        *harness_plugin_args(),
        "--living-guide=",
        "-p",
        "no:cacheprovider",
        "-s",
        "--device",
        "Pixel 7",
        *args,
    )


def test_the_next_scenario_gets_the_kept_tab_and_nothing_the_last_one_left(
    project: pytest.Pytester,
) -> None:
    result = _run(project)
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(
        [
            "*same context after a plain scenario: True*",
            "*same context after a fake clock: False*",
            "*same context after a resized tab: False*",
        ]
    )


def test_fresh_contexts_give_every_scenario_a_new_one(project: pytest.Pytester) -> None:
    result = _run(project, "--fresh-contexts")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*same context after a plain scenario: False*"])
