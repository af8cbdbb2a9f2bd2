"""An action step checks its outcome before the next step starts: a join TikTok refused
fails the join step, and the terminal says so first (feature, scenario, device, step), with
a short traceback of the project's own frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
Feature: Joining while TikTok refuses
  Scenario: TikTok refuses my join
    Given TikTok refuses every join
    And I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I join the campaign, agreeing to TikTok's terms
    Then I am accepted into the campaign
"""

STEPS = """\
from pytest_bdd import given, scenarios

scenarios("joining.feature")


@given("TikTok refuses every join")
def _(tenant):
    tenant.add_fault(
        path="/tto/invite/*/join", kind="error", http_status=403, error_code=40001,
        message="This campaign is not taking new members.",
    )
"""


def test_a_refused_join_fails_the_join_step_and_the_summary_says_where(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", joining=FEATURE)
    pytester.makepyfile(test_joining=STEPS)
    result = pytester.runpytest_subprocess(
        *harness_plugin_args(),
        *("--device", "Pixel 7", "--living-guide=", "-ra", "-p", "no:cacheprovider"),
    )
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    failure = out[out.index("Feature:  Joining while TikTok refuses") :]
    result.stdout.fnmatch_lines(
        [
            "Feature:  Joining while TikTok refuses*",
            "Scenario: TikTok refuses my join",
            "Device:   Pixel 7",
            "Failed:   And I join the campaign, agreeing to TikTok's terms (*joining.feature:6)",
            "",
            "StepOutcomeError: Join Campaign *",
        ]
    )
    assert "/_pytest/" not in failure and "pluggy" not in failure
    assert "simulator/harness/steps/joining.py" in failure
    assert "I am accepted into the campaign (" not in failure
    # -ra's line names the step too
    result.stdout.fnmatch_lines(["FAILED *test_tiktok_refuses_my_join* - And I join*"])
