"""Nothing a pytest run starts outlives it: the apps' servers, Playwright's driver and
browsers, a `playwright run-server`. Each process the run starts carries a mark in its
environment, so even one re-parented to init is found (psutil)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from simulator.harness.browser import find_browser
from tests.harness.pytester_support import (
    RUN_MARK,
    harness_plugin_args,
    playwright_cli,
    survivors,
)

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
Feature: Looking at a page
  Scenario: The page greets me
    Given I open a page that says hello
    Then it says hello
"""

TESTS = """\
from playwright.sync_api import Page, expect
from pytest_bdd import given, scenarios, then

from simulator.serving import free_port
from tests.harness.pytester_support import browser_server

scenarios("looking.feature")


@given("I open a page that says hello")
def _(page: Page) -> None:
    page.set_content("<h1>hello</h1>")


@then("it says hello")
def _(page: Page) -> None:
    expect(page.get_by_text("hello")).to_be_visible()


def test_a_browser_server_runs_for_a_while():
    with browser_server(free_port()) as endpoint:
        assert endpoint.startswith("ws://127.0.0.1:")
"""


def test_no_process_survives_the_session(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    if playwright_cli() is None or find_browser() is None:
        pytest.skip("needs the playwright CLI and a local Chromium")
    mark = uuid.uuid4().hex
    monkeypatch.setenv(RUN_MARK, mark)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", looking=FEATURE)
    pytester.makepyfile(test_looking=TESTS)
    result = pytester.runpytest_subprocess(
        *harness_plugin_args(), "--device", "Pixel 7", "--living-guide=", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=2)
    assert survivors(mark) == []
