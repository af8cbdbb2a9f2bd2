"""Per-scenario records that travel with test reports (also across pytest-xdist workers)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class StepRecord(TypedDict):
    """One step as the living guide shows it."""

    keyword: str
    name: str
    line: int
    status: str  # passed | failed | skipped
    duration: float
    screenshot: str | None
    error: str | None


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


REPORT_ATTR = "tiktok_sim"
BDD_KEY = "$pytest_bdd_context"
