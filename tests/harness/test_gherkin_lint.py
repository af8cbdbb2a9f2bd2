"""The features are linted in every run; the linter itself catches what it should."""

from __future__ import annotations

from pathlib import Path

from simulator.harness.lint import lint
from simulator.harness.steps.library import STEP_MODULES
from simulator.harness.tags import TAGS

ROOT = Path(__file__).resolve().parents[2]


def test_features_are_clean() -> None:
    problems = lint(ROOT / "features", STEP_MODULES, TAGS, root=ROOT)
    assert not problems, "Gherkin lint:\n" + "\n".join(map(str, problems))


def test_lint_points_at_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.feature").write_text(
        "@nonsense\n"
        "Feature: Bad\n"
        "  Scenario: Too short and technical\n"
        "    Given I am signed in to Flex on my phone\n"
        "    When I click the button at https://example.com/_sim\n"
        "    Then nothing\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.feature").write_text(
        "Feature: Broken\n  Scenario: x\n    Given a\n  Nonsense here\n", encoding="utf-8"
    )
    found = [str(p) for p in lint(tmp_path, STEP_MODULES, TAGS, root=tmp_path)]
    assert any(p.startswith("bad.feature:1: unregistered tag @nonsense") for p in found), found
    assert any(p.startswith("bad.feature:5: undefined step") for p in found), found
    assert any(p.startswith("bad.feature:5: step speaks implementation") for p in found), found
    assert any(p.startswith("broken.feature:4:") for p in found), found
    assert any("unused step definition" in p for p in found), found
