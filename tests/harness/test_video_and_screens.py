"""Step screenshots are small JPEGs; a failure's Playwright video reaches the living guide
when ffmpeg is where Playwright looks, and `--video` without it says what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.harness import video
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]
# Read before pytester gives each run a HOME of its own.
REGISTRY = video.registry_directory()
HAS_FFMPEG = video.has_playwright_ffmpeg()

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
    page.set_content(
        "<h1 style='font:40px sans-serif'>hello</h1><form><input type=hidden name=a value=1>"
        "<label><input type=radio name=r checked> here</label></form>"
    )


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


def test_a_step_that_only_looked_keeps_the_screenshot_before(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the page has form fields, on which Playwright's screenshot leaves an empty style
    # attribute: that is no change on screen, so the Then reuses the Given's picture
    result = _run(pytester, monkeypatch, "-k", "greets")
    result.assert_outcomes(passed=1, deselected=1)  # type: ignore[attr-defined]
    shots = sorted((pytester.path / "guide" / "steps").rglob("*.jpg"))
    assert [s.name for s in shots] == ["01-passed.jpg"], shots


def test_quality_zero_keeps_png(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "--step-screenshot-quality", "0", "-k", "greets")
    result.assert_outcomes(passed=1, deselected=1)  # type: ignore[attr-defined]
    shots = sorted((pytester.path / "guide" / "steps").rglob("*.*"))
    assert shots and all(s.suffix == ".png" for s in shots), shots


@pytest.mark.skipif(
    not HAS_FFMPEG,
    reason="no ffmpeg where Playwright looks (python -m simulator.harness.video links Debian's)",
)
def test_failure_video_is_in_the_living_guide(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pytester gives the run its own HOME: point it at this machine's Playwright registry
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(REGISTRY))
    result = _run(pytester, monkeypatch, "--video", "retain-on-failure")
    result.assert_outcomes(passed=1, failed=1)  # type: ignore[attr-defined]
    videos = list((pytester.path / "test-results").rglob("*.webm"))
    assert len(videos) == 1 and "goodbye" in str(videos[0])  # only the failure keeps one
    guide = (pytester.path / "guide" / "living-guide.html").read_text()
    assert guide.count("<video") == 1 and "data:video/webm;base64," in guide


def test_video_without_ffmpeg_says_how_to_get_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty-registry"))
    result = _run(pytester, monkeypatch, "--video", "retain-on-failure")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # type: ignore[attr-defined]
    result.stderr.fnmatch_lines(  # type: ignore[attr-defined]
        ["*--video needs ffmpeg at*empty-registry/ffmpeg-*/ffmpeg-linux*simulator.harness.video*"]
    )


def test_linking_debians_ffmpeg_where_playwright_looks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "registry"))
    fake_ffmpeg = tmp_path / "ffmpeg"
    fake_ffmpeg.write_text("#!/bin/sh\n")
    fake_ffmpeg.chmod(0o755)
    assert not video.has_playwright_ffmpeg()
    target = video.link_system_ffmpeg(str(fake_ffmpeg))
    assert target == tmp_path / "registry" / f"ffmpeg-{video.ffmpeg_revision()}" / "ffmpeg-linux"
    assert os.readlink(target) == str(fake_ffmpeg) and video.has_playwright_ffmpeg()
    assert video.main([str(fake_ffmpeg)]) == 0  # again: replaces the link
