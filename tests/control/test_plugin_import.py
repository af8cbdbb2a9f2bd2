"""What the pytest plugins cost a project that installs tiktok-sim but does not use them.

pytest imports every `pytest11` entry point into every run, so these modules are imported
by test runs that never touch TikTok. They must not import the fake itself (Flask, the
apps), which costs such a run ~185 ms, and as much again in assertion rewriting when there
is no bytecode cache (PYTHONDONTWRITEBYTECODE, as in many CI containers). That the fixture
still brings the fake up is tests/control/test_inprocess.py's `tiktok_sim` test."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("flask", "werkzeug", "simulator.inprocess", "simulator.tiktok", "simulator.flex")


def _entry_points() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["project"]["entry-points"]["pytest11"].values())


def test_the_entry_points_import_nothing_of_the_fake() -> None:
    modules = _entry_points()
    assert "simulator.pytest_plugin" in modules
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"heavy = {HEAVY!r}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [], f"imported by the plugins alone: {run.stdout}"
