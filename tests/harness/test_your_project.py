"""The harness in a QA engineer's own project, as docs/harness.md's "Use it in your
project" tells it: the test runs that very block (read from the doc, so the two cannot
drift) in an empty folder, with a real `pip install` of this repository into a fresh
virtual environment, then adds the project's own `steps/` package and feature.

The install is the slow part (a fresh venv with every test dependency: ~40 s on an idle
2-core machine, ~110 s when it is busy), so it happens once for the module."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.harness.browser import find_browser

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "harness.md"

OWN_STEPS = """\
from pytest_bdd import parsers, then


@then(parsers.parse("my own check sees {word}"))
def _(phone, word):
    assert word in phone.page.content()
"""

OWN_FEATURE = """\
Feature: My team's own check
  Scenario: Our offer page names the offer
    Given I am signed in to Flex on my phone
    When I open the offer
    Then my own check sees Publish Content
"""

UNRELATED_FEATURE = """\
Feature: Something else entirely
  Scenario: Adding
    Given I have 2
    Then twice that is 4
"""

UNRELATED_TEST = """\
from pytest_bdd import given, parsers, scenarios, then

from steps.numbers import double

scenarios("adding.feature")


@given(parsers.parse("I have {n:d}"), target_fixture="n")
def _(n):
    return n


@then(parsers.parse("twice that is {m:d}"))
def _(n, m):
    assert double(n) == m
"""


def the_docs_block() -> str:
    """The shell block under "## Use it in your project", with this checkout as TIKTOK_SIM."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Use it in your project", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "docs/harness.md: no ```sh block under 'Use it in your project'"
    commands = block.group(1)
    assert "TIKTOK_SIM=/path/to/tiktok-sim" in commands
    return commands.replace("TIKTOK_SIM=/path/to/tiktok-sim", f"TIKTOK_SIM={ROOT}", 1)


def _shell(script: str, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass(frozen=True)
class Project:
    """The QA engineer's folder after the doc's block ran, and what it printed."""

    path: Path
    first_run: subprocess.CompletedProcess[str]

    def pytest(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return _shell(
            " ".join([str(self.path / ".venv/bin/pytest"), "-p", "no:cacheprovider", *args]),
            cwd or self.path,
        )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    if find_browser() is None:
        pytest.skip("needs a local Chromium (the doc's prerequisite)")
    folder = tmp_path_factory.mktemp("qa-project")
    return Project(folder, _shell(the_docs_block(), folder))


def _site_packages(project: Project) -> Path:
    return next((project.path / ".venv" / "lib").glob("python3*/site-packages"))


def test_the_docs_block_runs_our_scenarios_in_an_empty_folder(project: Project) -> None:
    run = project.first_run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert re.search(r"=+ [1-9]\d* passed in [\d.]+s =+\s*$", run.stdout), run.stdout[-2000:]
    assert "✓ [Pixel 7]" in run.stdout and "✓ [iPhone 13]" in run.stdout


def test_installing_adds_no_top_level_steps_fixtures_or_e2e(project: Project) -> None:
    installed = {p.name for p in _site_packages(project).iterdir()}
    assert "simulator" in installed
    assert not installed & {"steps", "fixtures", "e2e"}, sorted(installed & {"steps", "e2e"})


def test_the_projects_own_steps_package_and_feature_run_beside_ours(project: Project) -> None:
    steps = project.path / "steps"
    steps.mkdir(exist_ok=True)
    (steps / "__init__.py").write_text("", encoding="utf-8")
    (steps / "mine.py").write_text(OWN_STEPS, encoding="utf-8")
    (project.path / "conftest.py").write_text('pytest_plugins = ["steps.mine"]\n', "utf-8")
    (project.path / "features" / "own.feature").write_text(OWN_FEATURE, encoding="utf-8")
    run = project.pytest("-k", "names_the_offer", "--device", "'Pixel 7'")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout


def test_without_the_switch_the_harness_changes_nothing(project: Project) -> None:
    other = project.path / "unrelated"
    (other / "steps").mkdir(parents=True)
    (other / "steps" / "__init__.py").write_text("", encoding="utf-8")
    (other / "steps" / "numbers.py").write_text("def double(n):\n    return 2 * n\n", "utf-8")
    (other / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (other / "adding.feature").write_text(UNRELATED_FEATURE, encoding="utf-8")
    (other / "test_adding.py").write_text(UNRELATED_TEST, encoding="utf-8")
    run = project.pytest("-v", "-p", "pytester", cwd=other)  # rootdir: `other`
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "test_adding.py::test_adding PASSED" in run.stdout  # once, no [iphone-13]
    assert "[iphone" not in run.stdout and "tiktok-sim: faker seed" not in run.stdout
    assert not (other / "reports").exists()
