"""What the terminal says about a failed scenario: the feature, the scenario, the device and
the Gherkin step that failed first, then the error and a short traceback of the project's own
frames (pytest's, pluggy's, pytest-bdd's and Playwright's internals left out)."""

from __future__ import annotations

import os
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .records import StepRecord

# Frames of pytest, its plugins and the libraries say nothing about the scenario; the
# harness's own (under simulator/, installed or not) and the project's do.
_INTERNAL = ("/_pytest/", "/pluggy/", "/pytest_bdd/", "/playwright/", "/greenlet/")
MESSAGE_LINES = 12


def project_frames(tb: TracebackType | None, root: Path) -> list[str]:
    """The traceback's frames outside pytest's and the libraries' machinery, innermost last."""
    lines = []
    for frame in traceback.extract_tb(tb):
        path = frame.filename.replace(os.sep, "/")
        if any(part in path for part in _INTERNAL):
            continue
        if "/site-packages/" in path and "/site-packages/simulator/" not in path:
            continue
        try:
            shown = os.path.relpath(frame.filename, root)
        except ValueError:
            shown = frame.filename
        if shown.startswith(".."):
            shown = frame.filename
        lines.append(f"  {shown}:{frame.lineno} in {frame.name}")
        if frame.line:
            lines.append(f"      {frame.line.strip()}")
    return lines


@dataclass(frozen=True)
class Crash:
    """Where the failure is, in the shape pytest's short summary reads (`reprcrash`)."""

    path: str
    lineno: int
    message: str


@dataclass(frozen=True)
class ScenarioFailure:
    """A failed scenario's report text; pytest prints it with `toterminal` and takes the
    `-ra` summary line from `reprcrash.message` (the failing step and the error)."""

    text: str
    reprcrash: Crash

    def toterminal(self, out: Any) -> None:
        """Write the text (pytest's TerminalWriter)."""
        for line in self.text.splitlines():
            out.line(line)

    def __str__(self) -> str:
        return self.text


def failed_step(steps: Sequence[StepRecord]) -> StepRecord | None:
    """The first step recorded as failed."""
    return next((step for step in steps if step["status"] == "failed"), None)


def summary(
    *,
    feature: str,
    feature_file: str,
    scenario: str,
    device: str,
    steps: Sequence[StepRecord],
    error: BaseException,
    tb: TracebackType | None,
    root: Path,
) -> ScenarioFailure:
    """The failure as a QA engineer reads it: where in the Gherkin, then why."""
    step = failed_step(steps)
    if step is not None:
        where = f"{step['keyword']} {step['name']}"
        line = f" ({feature_file}:{step['line']})" if feature_file else ""
    else:
        where, line = "before the first step (in a fixture)", ""
    message = str(error).strip().splitlines() or [""]
    if len(message) > MESSAGE_LINES:
        message = [*message[:MESSAGE_LINES], f"... ({len(message) - MESSAGE_LINES} more lines)"]
    head = [
        f"Feature:  {feature}" + (f" ({feature_file})" if feature_file else ""),
        f"Scenario: {scenario}",
        f"Device:   {device or '-'}",
        f"Failed:   {where}{line}",
        "",
        f"{type(error).__name__}: {message[0]}",
        *message[1:],
        "",
    ]
    frames = project_frames(tb, root)
    text = "\n".join([*head, "Traceback (the project's frames):" if frames else "", *frames])
    crash = Crash(feature_file, step["line"] if step else 0, f"{where}: {message[0]}")
    return ScenarioFailure(text, crash)
