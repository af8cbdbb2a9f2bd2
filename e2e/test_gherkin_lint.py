"""Lint the features whenever the e2e suite runs (also `pytest e2e` alone)."""

from __future__ import annotations

from pathlib import Path

from simulator.harness.lint import lint
from simulator.harness.steps.library import STEP_MODULES
from simulator.harness.tags import TAGS

ROOT = Path(__file__).resolve().parents[1]


def test_gherkin_is_clean() -> None:
    problems = lint(ROOT / "features", STEP_MODULES, TAGS, root=ROOT)
    assert not problems, "Gherkin lint:\n" + "\n".join(map(str, problems))
