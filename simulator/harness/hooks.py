"""Hooks the harness offers other plugins (the visual, axe and Allure modules use them;
pytest only collects hook implementations whose names start with `pytest_`)."""

from __future__ import annotations

from typing import Any

import pytest

from .records import StepRecord


@pytest.hookspec
def pytest_tiktok_sim_step_recorded(
    request: pytest.FixtureRequest, record: StepRecord, page: Any
) -> None:
    """A step has just been recorded, with the screenshot of what the phone shows (`page`:
    the Playwright page, or None when the scenario has no screen yet).

    Called before any other plugin's `pytest_bdd_after_step`, so reporters can attach to the
    step while it is still open. A check may change the record (status, error) and raise:
    the step, and the scenario, fail with that error."""
