"""--visual compares the journey's checkpoints with baselines (masks what changes, fails on
a difference with expected/actual/diff in the living guide, --update-snapshots writes them);
--axe lists axe-core's violations per page and --axe-fail-on fails the scenario, also on a
page whose Content-Security-Policy forbids inline scripts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from simulator.harness.visual import compare_images, screen_name
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
@journey
Feature: A greeting
  Scenario: The greeting
    Given the greeting page
    Then it greets me
"""

# The page comes from a route with a strict CSP (as the apps send), so axe's injection is
# tested under it. GREETING and TODAY (the date, which a mask hides) come from the environment.
STEPS = """\
import os

from pytest_bdd import given, scenarios, then

scenarios("greeting.feature")

PAGE = '''<!doctype html><html lang="en"><head><title>Greeting</title>
<meta name="viewport" content="width=device-width"></head><body><main>
<h1>{greeting}</h1><p>Today is {today}</p>{extra}</main></body></html>'''


@given("the greeting page")
def _(page):
    html = PAGE.format(
        greeting=os.environ.get("GREETING", "Hello"),
        today=os.environ.get("TODAY", "Mar 5, 2027"),
        extra=os.environ.get("EXTRA", ""),
    )
    page.route("https://sim.test/greeting", lambda route: route.fulfill(
        body=html, content_type="text/html",
        headers={"content-security-policy": "default-src 'self'; script-src 'self'"},
    ))
    page.goto("https://sim.test/greeting")


@then("it greets me")
def _(page):
    assert page.locator("h1").inner_text()
"""


@pytest.fixture
def greeting(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", greeting=FEATURE)
    pytester.makepyfile(test_greeting=STEPS)
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, object]]:
    result = pytester.runpytest_subprocess(
        *harness_plugin_args(),
        "-p",
        "no:cacheprovider",
        "--devices",
        "Pixel 7",
        "--visual-baselines",
        "baselines",
        "--living-guide=reports/living-guide.html",
        *args,
    )
    (record,) = json.loads((pytester.path / "reports" / "living-guide.json").read_text())["records"]
    return result, record


def test_visual_baselines_are_written_compared_and_differences_shown(
    greeting: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, record = _run(greeting, "--visual", "--update-snapshots")
    result.assert_outcomes(passed=1)
    baselines = sorted((greeting.path / "baselines").rglob("*.png"))
    assert [p.name for p in baselines] == ["01-greeting.png"]
    assert baselines[0].parent.parts[-3:] == ("pixel-7", "greeting", "the_greeting")

    monkeypatch.setenv("TODAY", "Dec 31, 2028")  # another day: the date is masked
    result, record = _run(greeting, "--visual")
    result.assert_outcomes(passed=1)
    assert record["steps"][0]["visual"]["status"] == "passed"  # type: ignore[index]

    monkeypatch.setenv("GREETING", "Hullo")  # one letter
    result, record = _run(greeting, "--visual")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*checkpoint greeting (Pixel 7) differs*"])
    visual = record["steps"][0]["visual"]  # type: ignore[index]
    assert visual["status"] == "failed" and visual["ratio"] > 0
    reports = greeting.path / "reports"  # the guide's data names files relative to it
    assert (reports / visual["actual"]).exists() and (reports / visual["diff"]).exists()
    page = (greeting.path / "reports" / "living-guide.html").read_text()
    assert "expected (baseline)" in page and "difference" in page
    assert page.count("data:image/png;base64,") >= 3  # expected, actual and diff inlined

    # the same difference within a tolerance, under a looser colour threshold, or in a
    # scenario that is not checked, passes
    result, record = _run(greeting, "--visual", "--visual-tolerance", "0.5")
    result.assert_outcomes(passed=1)
    assert 0 < record["steps"][0]["visual"]["ratio"] <= 0.5  # type: ignore[index]
    result, record = _run(greeting, "--visual", "--visual-threshold", "1")
    result.assert_outcomes(passed=1)
    result, record = _run(greeting, "--visual", "--visual-tags", "unhappy")
    result.assert_outcomes(passed=1)
    assert "visual" not in record["steps"][0]  # type: ignore[index]


def test_axe_lists_violations_and_fails_on_serious_under_csp(
    greeting: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, record = _run(greeting, "--axe")
    result.assert_outcomes(passed=1)
    assert record["steps"][0]["axe"]["violations"] == []  # type: ignore[index]

    monkeypatch.setenv("EXTRA", '<img src="/nothing.png">')  # an image without alt text
    result, record = _run(greeting, "--axe")
    result.assert_outcomes(passed=1)  # listed, not failed
    (violation,) = record["steps"][0]["axe"]["violations"]  # type: ignore[index]
    assert (violation["id"], violation["impact"]) == ("image-alt", "critical")
    page = (greeting.path / "reports" / "living-guide.html").read_text()
    assert "image-alt" in page and "axe 1 critical" in page

    result, record = _run(greeting, "--axe-fail-on", "serious")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*accessibility: 1 serious or worse violation*image-alt*"])
    assert record["steps"][0]["status"] == "failed"  # type: ignore[index]


def _png(draw_box: bool) -> bytes:
    image = Image.new("RGB", (100, 100), "white")
    if draw_box:
        ImageDraw.Draw(image).rectangle((10, 10, 19, 19), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_compare_images_counts_the_pixels_that_differ() -> None:
    assert compare_images(_png(False), _png(False), 0.1) == (0.0, None)
    ratio, diff = compare_images(_png(False), _png(True), 0.1)
    assert ratio == pytest.approx(100 / 10_000)
    assert diff is not None and Image.open(io.BytesIO(diff)).size == (100, 100)


def test_screens_are_named_as_the_guide_names_them() -> None:
    assert screen_name("/tto/invite/abc123") == "TikTok campaign details"
    assert screen_name("/offers/42/deliverables/7/add") == "Flex recently published videos"
    assert screen_name("/somewhere/else") == "somewhere/else"


def test_visual_tolerance_threshold_and_tags_loosen_or_skip_the_comparison(
    greeting: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(greeting, "--visual", "--update-snapshots")[0].assert_outcomes(passed=1)
    monkeypatch.setenv("GREETING", "Hullo")  # one letter: fails with the defaults (above)
    tolerant, record = _run(greeting, "--visual", "--visual-tolerance", "0.5")
    tolerant.assert_outcomes(passed=1)
    assert record["steps"][0]["visual"]["status"] == "passed"  # type: ignore[index]
    blind, _ = _run(greeting, "--visual", "--visual-threshold", "1")
    blind.assert_outcomes(passed=1)
    untagged, record = _run(greeting, "--visual", "--visual-tags", "checkout")
    untagged.assert_outcomes(passed=1)
    assert not record["steps"][0].get("visual")  # type: ignore[attr-defined]
