"""Every step of the guide keeps at least one scenario (docs/harness.md's guide map)."""

from __future__ import annotations

from pathlib import Path

from simulator.harness.coverage import coverage_problems, read_map
from simulator.harness.lint import parse_features

ROOT = Path(__file__).resolve().parents[2]
GUIDE_CANDIDATES = (
    ROOT / "docs" / "guide" / "posting-through-ttcm.txt",
    ROOT.parent / "shared" / "guide" / "posting-through-ttcm.txt",
)


def _guide() -> str:
    for path in GUIDE_CANDIDATES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise AssertionError(f"the guide is not at any of {GUIDE_CANDIDATES}")


def _scenarios() -> dict[str, set[str]]:
    features, problems = parse_features(ROOT / "features", ROOT)
    assert not problems
    return {Path(f.filename).name: set(f.scenarios) for f in features}


def test_every_guide_step_is_covered() -> None:
    markdown = (ROOT / "docs" / "harness.md").read_text(encoding="utf-8")
    problems = coverage_problems(_guide(), markdown, _scenarios())
    assert not problems, "\n".join(problems)


def test_losing_a_scenario_or_a_row_is_caught() -> None:
    markdown = (ROOT / "docs" / "harness.md").read_text(encoding="utf-8")
    rows = read_map(markdown)
    assert len(rows) >= 15
    scenarios = _scenarios()
    scenarios["joining_the_campaign.feature"].discard(
        "With several accounts I switch to the invited profile before joining"
    )
    assert any(
        "correct TikTok profile" in p or "no scenario" in p
        for p in coverage_problems(_guide(), markdown, scenarios)
    )
    without_row = "\n".join(
        line for line in markdown.splitlines() if "Select your draft" not in line
    )
    problems = coverage_problems(_guide(), without_row, _scenarios())
    assert any("Select your draft" in p for p in problems), problems
