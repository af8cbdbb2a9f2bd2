"""Per-scenario records that travel with test reports (also across pytest-xdist workers)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class VisualCheck(TypedDict):
    """A named checkpoint of the journey compared with its baseline (`--visual`)."""

    checkpoint: str
    status: str  # passed | failed | written (a new or updated baseline)
    baseline: str
    actual: str | None  # the screen as it was, when it differed
    diff: str | None  # pixelmatch's picture of the difference
    ratio: float  # share of pixels that differ
    message: str
    seconds: NotRequired[float]  # what the check cost: shot, comparison, files


class AxeViolation(TypedDict):
    """One axe-core rule a page breaks."""

    id: str
    impact: str  # minor | moderate | serious | critical
    help: str
    help_url: str
    targets: list[str]  # CSS selectors of the elements, at most a few


class AxePage(TypedDict):
    """The axe-core result of one page state the scenario visited (`--axe`)."""

    url: str
    title: str
    violations: list[AxeViolation]
    reused: NotRequired[bool]  # the same page state was checked earlier in the run
    seconds: NotRequired[float]  # what the check cost


class StepRecord(TypedDict):
    """One step as the living guide shows it."""

    keyword: str
    name: str
    line: int
    status: str  # passed | failed | skipped
    duration: float
    screenshot: str | None
    error: str | None
    visual: NotRequired[VisualCheck]
    axe: NotRequired[AxePage]


class ScenarioRecord(TypedDict):
    """One scenario run on one device."""

    nodeid: str
    feature: str
    feature_file: str
    scenario: str
    line: int
    tags: list[str]
    device: str
    tenant: str
    seed: int
    outcome: str
    duration: float
    steps: list[StepRecord]
    error: str | None
    journal: list[dict[str, Any]] | None
    trace: str | None
    videos: NotRequired[list[str]]  # Playwright videos kept on failure, one per tab
    attempt: NotRequired[int]  # 1, or the retry's number under pytest-rerunfailures
    retries: NotRequired[list[ScenarioRecord]]  # the earlier attempts that failed
    flaky: NotRequired[bool]  # passed, but only on a retry


REPORT_ATTR = "tiktok_sim"
BDD_KEY = "$pytest_bdd_context"
