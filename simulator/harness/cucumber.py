"""Cucumber JSON from the harness's scenario records, in place of pytest-bdd's writer.

What QA's report tools need and pytest-bdd's writer leaves out: the device in each
scenario's name and as a tag (`@device:pixel-7`: cucumber-html-reporter and
multiple-cucumber-html-reporter otherwise show two runs of a scenario under one name), each
step's screenshot as an embedding, a `@flaky` tag for a scenario that passed on a retry, and
pytest-rerunfailures' `rerun` outcome (pytest-bdd's writer stops the run on it: "Unknown test
outcome rerun"). The format is Cucumber's JSON formatter's: features with `elements`
(scenarios) with `steps`, each with `result.status` and `result.duration` in nanoseconds.
No pytest here: `tiktok-sim report merge` uses it too."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from .records import ScenarioRecord, StepRecord

_MIME = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def slug(text: str) -> str:
    """lower-case words joined by '-' (Cucumber's ids, the device tag)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def device_tag(device: str) -> str:
    """The tag that carries a scenario's device."""
    return f"@device:{slug(device)}"


def _embedding(path: str | None) -> list[dict[str, str]]:
    if not path or not Path(path).exists():
        return []
    data = base64.b64encode(Path(path).read_bytes()).decode()
    return [{"mime_type": _MIME.get(Path(path).suffix.lower(), "image/png"), "data": data}]


def _step(step: StepRecord, failed_error: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "status": step["status"],
        "duration": int(step["duration"] * 10**9),
    }
    if step["status"] == "failed":
        result["error_message"] = step["error"] or failed_error or ""
    return {
        "keyword": f"{step['keyword']} ",
        "name": step["name"],
        "line": step["line"],
        "match": {"location": ""},
        "result": result,
        "embeddings": _embedding(step["screenshot"]),
    }


def scenario_element(record: ScenarioRecord) -> dict[str, Any]:
    """One scenario run on one device, as a Cucumber JSON element."""
    tags = [f"@{t}" for t in record["tags"]] + [device_tag(record["device"])]
    if record.get("flaky"):
        tags.append("@flaky")
    description = ""
    if record.get("retries"):
        failed = len(record.get("retries") or [])
        description = (
            f"{'flaky: passed' if record.get('flaky') else 'failed'} on attempt "
            f"{record.get('attempt', failed + 1)} after {failed} failed attempt(s)"
        )
    device = record["device"]
    return {
        "keyword": "Scenario",
        "id": f"{slug(record['feature'])};{slug(record['scenario'])};{slug(device)}",
        "name": f"{record['scenario']} [{device}]" if device else record["scenario"],
        "line": record["line"],
        "description": description,
        "tags": [{"name": t, "line": max(record["line"] - 1, 1)} for t in tags],
        "type": "scenario",
        "steps": [_step(s, record["error"]) for s in record["steps"]],
    }


def cucumber_features(records: list[ScenarioRecord]) -> list[dict[str, Any]]:
    """The whole report: one feature per feature file, its scenarios by line then device."""
    features: dict[str, dict[str, Any]] = {}
    for record in records:
        uri = record["feature_file"]
        feature = features.setdefault(
            uri,
            {
                "keyword": "Feature",
                "uri": uri,
                "name": record["feature"] or uri,
                "id": slug(record["feature"] or uri),
                "line": 1,
                "description": "",
                "tags": [],
                "elements": [],
            },
        )
        feature["elements"].append(scenario_element(record))
    return merge_features([list(features.values())])


def merge_features(reports: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Several Cucumber JSON reports (shards of one run) as the one report a single run
    writes: features by file, their scenarios by line then device."""
    features: dict[str, dict[str, Any]] = {}
    for report in reports:
        for feature in report:
            merged = features.setdefault(feature["uri"], {**feature, "elements": []})
            merged["elements"].extend(feature["elements"])
    for feature in features.values():
        feature["elements"].sort(key=lambda e: (e["line"], e["id"]))
    return [features[uri] for uri in sorted(features)]
