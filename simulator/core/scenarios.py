"""Scenario files (YAML or JSON) and the app's half of a scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InvalidInput

HALVES = ("tiktok", "flex")


def load_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario from a .yaml/.yml or .json file, so --seed-file takes either."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read scenario file {file}: {exc.strerror}") from exc
    try:
        if file.suffix.lower() in {".yaml", ".yml"}:
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except ValueError as exc:  # yaml.YAMLError and JSONDecodeError both derive from it or below
        raise InvalidInput(f"scenario file {file} is not valid: {exc}") from exc
    except Exception as exc:  # yaml.YAMLError is not a ValueError
        raise InvalidInput(f"scenario file {file} is not valid: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput(f"scenario file {file} must hold a mapping at the top level")
    return data


def half_of(scenario: dict[str, Any], app: str) -> dict[str, Any]:
    """The app's half of a scenario: `scenario[app]` for a whole one, else the scenario itself.

    A whole scenario has a 'tiktok' and/or a 'flex' key; a file written for one app only may
    hold that app's half directly.
    """
    if any(key in scenario for key in HALVES):
        part = scenario.get(app) or {}
        if not isinstance(part, dict):
            raise InvalidInput(f"the {app!r} half of the scenario must be a mapping")
        return part
    return scenario
