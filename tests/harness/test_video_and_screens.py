"""Step screenshots are small JPEGs (PNG on request)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
Feature: Looking at a page
  Scenario: The page greets me
    Given I open a page that says hello
    Then it says hello

  Scenario: The page says goodbye
    Given I open a page that says hello
    Then it says goodbye
"""

STEPS = """\
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, scenarios, then

scenarios("looking.feature")


@given("I open a page that says hello")
def _(page: Page) -> None:
    page.set_content("<h1 style='font:40px sans-serif'>hello</h1>")


@then(parsers.parse("it says {word}"))
def _(page: Page, word: str) -> None:
    expect(page.get_by_text(word)).to_be_visible(timeout=300)
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", looking=FEATURE)
    pytester.makepyfile(test_looking=STEPS)
    return pytester.runpytest_subprocess(
        *harness_plugin_args(),
        "--devices",
        "Pixel 7",
        "--living-guide",
        "guide/living-guide.html",
        "-p",
        "no:cacheprovider",
        *args,
    )


def test_step_screenshots_are_jpeg(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch)
    result.assert_outcomes(passed=1, failed=1)  # type: ignore[attr-defined]
    shots = sorted((pytester.path / "guide" / "steps").rglob("*.*"))
    assert shots and all(s.suffix == ".jpg" for s in shots), shots
    assert all(s.read_bytes()[:2] == b"\xff\xd8" for s in shots)
    guide = (pytester.path / "guide" / "living-guide.html").read_text()
    assert "data:image/jpeg;base64," in guide and "data:image/png" not in guide
    assert "<video" not in guide  # no video asked for


def test_quality_zero_keeps_png(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "--step-screenshot-quality", "0", "-k", "greets")
    result.assert_outcomes(passed=1, deselected=1)  # type: ignore[attr-defined]
    shots = sorted((pytester.path / "guide" / "steps").rglob("*.*"))
    assert shots and all(s.suffix == ".png" for s in shots), shots
