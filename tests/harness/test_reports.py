"""Cucumber JSON and JUnit XML stay complete under xdist; the living guide renders."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator.harness.guide import RunInfo, render_living_guide
from simulator.harness.records import ScenarioRecord, StepRecord
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
@journey
Feature: Counting
  Scenario: One and one
    Given I have 1
    When I add 1
    Then I have 2

  Scenario: Two and two
    Given I have 2
    When I add 2
    Then I have 4
"""

STEPS = """\
from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then, when

scenarios("counting.feature")


@given(parsers.parse("I have {n:d}"), target_fixture="total")
def _(n: int) -> int:
    return n


@when(parsers.parse("I add {n:d}"), target_fixture="total")
def _(total: int, n: int) -> int:
    return total + n


@then(parsers.parse("I have {n:d}"))
def _(total: int, n: int) -> None:
    assert total == n
"""


@pytest.mark.parametrize("workers", ["0", "2"])
def test_cucumber_json_and_junit_are_complete(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", counting=FEATURE)
    pytester.makepyfile(test_counting=STEPS)
    result = pytester.runpytest_subprocess(
        *harness_plugin_args(),
        "-n",
        workers,
        "--devices",
        "Pixel 7",
        "--cucumberjson=cucumber.json",
        "--junitxml=junit.xml",
        "--living-guide=",
        "-p",
        "no:cacheprovider",
    )
    result.assert_outcomes(passed=2)
    features = json.loads((pytester.path / "cucumber.json").read_text())
    scenarios = [e for f in features for e in f["elements"]]
    assert all(len(s["steps"]) == 3 for s in scenarios)
    assert all(st["result"]["status"] == "passed" for s in scenarios for st in s["steps"])
    assert sorted(s["name"] for s in scenarios) == [
        "One and one [Pixel 7]",
        "Two and two [Pixel 7]",
    ]
    assert all("@device:pixel-7" in [t["name"] for t in s["tags"]] for s in scenarios)
    cases = list(ET.parse(pytester.path / "junit.xml").getroot().iter("testcase"))
    # xunit2 (pytest's default) allows no <properties> in a test case: the device is in its output
    assert len(cases) == 2 and not any(list(case.iter("properties")) for case in cases)
    assert all("device: Pixel 7" in (case.findtext("system-out") or "") for case in cases)
    result.stdout.fnmatch_lines(["*tiktok-sim: faker seed 1312*", "*scenarios per device*"])


def _run(seconds: float) -> RunInfo:
    return RunInfo(
        seed=1312,
        seconds=seconds,
        started="2026-11-30 08:00 UTC",
        command="pytest e2e --faker-seed 1312",
        shards=1,
    )


_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_living_guide_shows_steps_screens_and_failures(tmp_path: Path) -> None:
    shot = tmp_path / "01-passed.png"
    shot.write_bytes(_PNG)
    step = StepRecord(
        keyword="Given",
        name="I am signed in to Flex on my phone",
        line=3,
        status="passed",
        duration=0.4,
        screenshot=str(shot),
        error=None,
    )
    failed = StepRecord(
        keyword="Then",
        name="Flex shows my content as submitted",
        line=9,
        status="failed",
        duration=1.2,
        screenshot=None,
        error="boom",
    )
    record = ScenarioRecord(
        nodeid="e2e/test_x.py::test_y[pixel-7]",
        feature="Publishing",
        feature_file="x.feature",
        scenario="A creator submits",
        line=2,
        tags=["journey"],
        device="Pixel 7",
        tenant="qa-1",
        seed=1312,
        outcome="failed",
        duration=3.2,
        steps=[step, failed],
        error="AssertionError",
        journal=[
            {
                "time": "t",
                "kind": "request",
                "method": "GET",
                "path": "/open_api/v1.3/tcm/order/get/v2/",
                "status": 200,
                "response_body": {"code": 40100},
            }
        ],
        trace=None,
    )
    page = render_living_guide([record], _run(3.2))
    assert "A creator submits" in page and "Pixel 7" in page
    assert "data:image/png;base64," in page
    assert "/open_api/v1.3/tcm/order/get/v2/" in page and "40100" in page
    assert "--faker-seed 1312" in page


def test_a_step_that_changed_nothing_on_screen_shows_no_second_copy(tmp_path: Path) -> None:
    shot = tmp_path / "01-passed.jpg"
    shot.write_bytes(b"\xff\xd8\xff\xe0not really a jpeg")
    steps = [
        StepRecord(
            keyword=keyword,
            name=name,
            line=line,
            status="passed",
            duration=0.1,
            screenshot=str(shot),
            error=None,
        )
        for keyword, name, line in (("When", "I look", 3), ("Then", "I see it", 4))
    ]
    record = ScenarioRecord(
        nodeid="e2e/test_x.py::test_z[pixel-7]",
        feature="Looking",
        feature_file="x.feature",
        scenario="Looking twice",
        line=2,
        tags=[],
        device="Pixel 7",
        tenant="qa-2",
        seed=1312,
        outcome="passed",
        duration=0.2,
        steps=steps,
        error=None,
        journal=None,
        trace=None,
    )
    page = render_living_guide([record], _run(0.2))
    assert page.count("data:image/jpeg;base64,") == 1
    assert "same screen as the step before" in page
