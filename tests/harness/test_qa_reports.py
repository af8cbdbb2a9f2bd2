"""What a QA team expects from Playwright's own runner, for pytest-bdd: JUnit XML valid for
pytest's xunit2 schema, retries marked flaky in every report (each attempt with its own
screens and trace), and shards merged into the report of a single run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from simulator.cli import main as cli_main
from tests.harness.pytester_support import harness_plugin_args
from tests.harness.test_reports import FEATURE as COUNTING_FEATURE
from tests.harness.test_reports import STEPS as COUNTING_STEPS

ROOT = Path(__file__).resolve().parents[2]
XSD = Path(__file__).with_name("junit-10.xsd")  # pytest's own, vendored: see its header

FEATURE = (
    COUNTING_FEATURE
    + """
  Scenario: Flaky sum
    Given I have 2
    When I add 2
    Then I have 4 on the second try

  Scenario: Always wrong
    Given I have 3
    When I add 3
    Then I have 7
"""
)

# the counting steps of test_reports.py, and one that fails only the first time
STEPS = (
    COUNTING_STEPS
    + """

@then(parsers.parse("I have {n:d} on the second try"))
def _(request, total: int, n: int) -> None:
    marker = Path(request.node.name + ".tried")
    if not marker.exists():
        marker.write_text("tried")
        assert total == n + 1, "wrong the first time"
"""
)


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*harness_plugin_args(), "-p", "no:cacheprovider", *args)


@pytest.fixture
def counting(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", counting=FEATURE)
    pytester.makepyfile(test_counting=STEPS)
    return pytester


def test_retries_are_reported_flaky_and_junit_stays_valid_xunit2(counting: pytest.Pytester) -> None:
    result = _run(
        counting,
        "--devices",
        "Pixel 7",
        "--reruns",
        "1",
        "--cucumberjson=reports/cucumber.json",
        "--junitxml=reports/junit.xml",
        "--living-guide=reports/living-guide.html",
    )
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*1 failed, 3 passed, 2 rerun*"])
    assert "INTERNALERROR" not in result.stdout.str()
    reports = counting.path / "reports"

    junit = reports / "junit.xml"
    xmlschema.XMLSchema(XSD).validate(junit)  # raises with the first offending element
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    assert len(cases) == 4  # one per test, however many attempts
    flaky, wrong = cases["test_flaky_sum[pixel-7]"], cases["test_always_wrong[pixel-7]"]
    assert [c.tag for c in flaky if c.tag != "system-out"] == ["flakyFailure"]
    assert "wrong the first time" in (flaky.find("flakyFailure/stackTrace").text or "")  # type: ignore[union-attr]
    assert sorted(c.tag for c in wrong if c.tag != "system-out") == ["failure", "rerunFailure"]
    assert not [c for c in cases["test_one_and_one[pixel-7]"] if c.tag != "system-out"]

    features = json.loads((reports / "cucumber.json").read_text())
    elements = {e["name"]: e for f in features for e in f["elements"]}
    assert "@flaky" in [t["name"] for t in elements["Flaky sum [Pixel 7]"]["tags"]]
    assert "@flaky" not in [t["name"] for t in elements["Always wrong [Pixel 7]"]["tags"]]
    assert [s["result"]["status"] for s in elements["Always wrong [Pixel 7]"]["steps"]] == [
        "passed",
        "passed",
        "failed",
    ]

    guide = json.loads((reports / "living-guide.json").read_text())
    records = {r["scenario"]: r for r in guide["records"]}
    assert records["Flaky sum"]["flaky"] is True and records["Flaky sum"]["attempt"] == 2
    assert [r["outcome"] for r in records["Flaky sum"]["retries"]] == ["failed"]
    assert records["Always wrong"].get("flaky") is False
    assert len(records["Always wrong"]["retries"]) == 1
    page = (reports / "living-guide.html").read_text()
    assert "flaky · passed on attempt 2" in page
    result.stdout.fnmatch_lines(["*Flaky sum*flaky: passed on attempt 2*"])


def test_junit_properties_stay_for_the_legacy_family(counting: pytest.Pytester) -> None:
    _run(
        counting,
        "--devices",
        "Pixel 7",
        "-o",
        "junit_family=legacy",
        "--junitxml=junit.xml",
        "--living-guide=",
        "-k",
        "one_and_one",
    )
    (case,) = ET.parse(counting.path / "junit.xml").getroot().iter("testcase")
    props = [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert props == [("device", "Pixel 7"), ("faker_seed", "1312")]


def _comparable_guide(folder: Path) -> list[dict[str, Any]]:
    records = json.loads((folder / "living-guide.json").read_text())["records"]
    for record in records:  # what differs between any two runs: time and tenant names
        record.pop("duration"), record.pop("tenant")
        for step in record["steps"]:
            step.pop("duration")
    return records  # type: ignore[no-any-return]


def _comparable_cucumber(folder: Path) -> list[dict[str, Any]]:
    features = json.loads((folder / "cucumber.json").read_text())
    for feature in features:
        for element in feature["elements"]:
            for step in element["steps"]:
                step["result"].pop("duration")
    return features  # type: ignore[no-any-return]


def test_two_shards_merge_into_what_a_single_run_reports(counting: pytest.Pytester) -> None:
    devices = ("--devices", "iPhone 13,Pixel 7")

    def run(name: str, *args: str) -> None:
        _run(
            counting,
            *devices,
            f"--living-guide={name}/living-guide.html",
            f"--cucumberjson={name}/cucumber.json",
            "-k",
            "not always_wrong and not flaky",
            *args,
        )

    run("single")
    run("shard-1", "--splits", "2", "--group", "1")
    run("shard-2", "--splits", "2", "--group", "2")
    path = counting.path
    shard_1 = _comparable_guide(path / "shard-1")
    shard_2 = _comparable_guide(path / "shard-2")
    assert shard_1 and shard_2, "each shard ran some scenarios"
    assert cli_main(["report", "merge", "shard-1", "shard-2", "--out", "merged"]) == 0

    assert _comparable_guide(path / "merged") == _comparable_guide(path / "single")
    assert _comparable_cucumber(path / "merged") == _comparable_cucumber(path / "single")
    merged_page = (path / "merged" / "living-guide.html").read_text()
    assert "longest of 2 shards" in merged_page
    assert "--splits" not in merged_page and "--faker-seed 1312" in merged_page


SCREEN_FEATURE = """\
Feature: A screen
  Scenario: The greeting shows on the second try
    Given a page that says "Hello"
    Then it says "Hello" on the second try
"""

SCREEN_STEPS = """\
from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then

scenarios("screen.feature")


@given(parsers.parse('a page that says "{text}"'), target_fixture="greeting")
def _(page, text: str) -> str:
    page.set_content(f"<main><h1>{text}</h1></main>")
    return text


@then(parsers.parse('it says "{text}" on the second try'))
def _(request, page, greeting: str, text: str) -> None:
    marker = Path("screen.tried")
    if not marker.exists():
        marker.write_text("tried")
        raise AssertionError("not yet")
    assert page.locator("h1").inner_text() == text
"""


def test_each_attempt_keeps_its_screens_and_trace_and_allure_gets_them(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", screen=SCREEN_FEATURE)
    pytester.makepyfile(test_screen=SCREEN_STEPS)
    result = _run(
        pytester,
        "--devices",
        "Pixel 7",
        "--reruns",
        "1",
        "--tracing",
        "retain-on-failure",
        "--living-guide=reports/living-guide.html",
        "--alluredir=allure",
    )
    result.assert_outcomes(passed=1)
    guide = json.loads((pytester.path / "reports" / "living-guide.json").read_text())
    (record,) = guide["records"]
    (first,) = record["retries"]
    reports = pytester.path / "reports"
    first_shots = [reports / s["screenshot"] for s in first["steps"] if s["screenshot"]]
    final_shots = [reports / s["screenshot"] for s in record["steps"] if s["screenshot"]]
    assert len(first_shots) == 2 and len(final_shots) == 2
    assert all(p.exists() for p in first_shots + final_shots)
    assert not set(first_shots) & set(final_shots), "each attempt has its own screenshots"
    assert first["trace"] and (reports / first["trace"]).exists()  # the failed attempt's
    assert not record["trace"]  # the passing attempt keeps none (retain-on-failure)

    results = [json.loads(p.read_text()) for p in (pytester.path / "allure").glob("*-result.json")]
    by_status = {r["status"]: r for r in results}
    assert set(by_status) == {"failed", "passed"}  # one Allure result per attempt
    for allure_result in results:
        steps = allure_result["steps"]
        assert all(s["attachments"][0]["name"].startswith("screen after:") for s in steps)
        assert steps[0]["parameters"] == [{"name": "text", "value": "'Hello'"}]
    names = [a["name"] for a in by_status["failed"]["attachments"]]
    assert "Playwright trace" in names


def _record(scenario: str, device: str, outcome: str, tags: list[str], **extra: Any) -> Any:
    return {
        "nodeid": f"e2e/test_x.py::test_{slug_of(scenario)}[{device}]",
        "feature": "Joining",
        "feature_file": "joining.feature",
        "scenario": scenario,
        "line": 3,
        "tags": tags,
        "device": device,
        "tenant": "qa-1",
        "seed": 1312,
        "outcome": outcome,
        "duration": 1.0,
        "steps": [
            {
                "keyword": "Given",
                "name": "I am on my phone",
                "line": 4,
                "status": outcome,
                "duration": 0.5,
                "screenshot": None,
                "error": "boom" if outcome == "failed" else None,
            }
        ],
        "error": "AssertionError: boom" if outcome == "failed" else None,
        "journal": None,
        "trace": "/tmp/trace.zip" if outcome == "failed" else None,
        **extra,
    }


def slug_of(text: str) -> str:
    return text.lower().replace(" ", "_")


def test_the_living_guide_filters_by_device_status_tag_and_search(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from simulator.harness.browser import find_browser
    from simulator.harness.guide import RunInfo, render_living_guide

    records = [
        _record("Joining gets me in", "Pixel 7", "passed", ["joining"]),
        _record("Joining gets me in", "iPhone 13", "passed", ["joining"], flaky=True, attempt=2),
        _record("Joining without terms", "Pixel 7", "failed", ["joining", "unhappy"]),
    ]
    run = RunInfo(
        seed=7, seconds=12.0, started="today", command="pytest e2e --faker-seed 7", shards=1
    )
    page_file = tmp_path / "guide.html"
    page_file.write_text(render_living_guide(records, run))  # type: ignore[arg-type]
    html = page_file.read_text()
    assert "pytest e2e --faker-seed 7" in html and "playwright show-trace /tmp/trace.zip" in html
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser())
        page = browser.new_page()
        page.goto(page_file.as_uri())
        shown = page.locator("details.scenario:visible")
        assert shown.count() == 3
        page.get_by_label("device").select_option("Pixel 7")
        assert shown.count() == 2
        page.get_by_label("status").select_option("failed")
        assert shown.count() == 1
        page.get_by_label("device").select_option("")
        page.get_by_label("status").select_option("flaky")
        assert shown.count() == 1 and "flaky" in shown.first.inner_text()
        page.get_by_label("status").select_option("")
        page.get_by_label("tag").select_option("unhappy")
        assert shown.count() == 1
        page.get_by_label("tag").select_option("")
        page.get_by_label("search").fill("without terms")
        assert shown.count() == 1
        assert page.locator("output.shown").inner_text() == "1 of 3 shown"
        browser.close()
