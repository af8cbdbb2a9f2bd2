"""The living guide: a self-contained HTML page QA reads as its dashboard (Jinja2 template
`templates/living_guide.html.j2`), and the JSON beside it that `tiktok-sim report merge`
reads back. No pytest here, so the command line can merge shards without it."""

from __future__ import annotations

import base64
import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, TypedDict

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .records import ScenarioRecord, StepRecord

_HERE = Path(__file__).parent
_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
MAX_EMBED_TRACE = 8 * 1024 * 1024
MAX_EMBED_VIDEO = 8 * 1024 * 1024
IMPACTS = ("critical", "serious", "moderate", "minor")
DATA_NAME = "living-guide.json"  # beside the HTML, with paths relative to it


class RunInfo(TypedDict):
    """What the guide's header says about the run."""

    seed: int
    seconds: float  # wall-clock time of the run (of the longest shard, merged)
    started: str
    command: str  # the command that runs the same scenarios with the same data
    shards: int


def data_uri(path: str | None, limit: int | None = None) -> str | None:
    """The file inline, for a page that must travel alone (None when missing or too big)."""
    if not path or not os.path.exists(path):
        return None
    if limit is not None and os.path.getsize(path) > limit:
        return None
    suffix = Path(path).suffix.lower()
    mime = {**_IMAGE_TYPES, ".zip": "application/zip", ".webm": "video/webm"}.get(
        suffix, "application/octet-stream"
    )
    with open(path, "rb") as handle:
        return f"data:{mime};base64," + base64.b64encode(handle.read()).decode()


def status_of(record: ScenarioRecord) -> str:
    """passed | failed | skipped | flaky (passed on a retry)."""
    return "flaky" if record.get("flaky") else record["outcome"]


def axe_counts(record: ScenarioRecord) -> Counter[str]:
    """Violations per impact over the pages this scenario visited."""
    counts: Counter[str] = Counter()
    for step in record["steps"]:
        for violation in step.get("axe", {}).get("violations", []):
            counts[violation["impact"]] += 1
    return counts


def visual_checks(record: ScenarioRecord) -> list[StepRecord]:
    """The steps that compared a named checkpoint with its baseline."""
    return [step for step in record["steps"] if "visual" in step]


def checks_summary(records: list[ScenarioRecord]) -> list[str]:
    """What the visual and axe checks did and cost in this run (for the terminal and the
    guide's header): how many, how many reused, seconds spent."""
    lines = []
    checks = [s["visual"] for r in records for s in r["steps"] if "visual" in s]
    if checks:
        failed = sum(1 for c in checks if c["status"] == "failed")
        seconds = sum(c.get("seconds", 0.0) for c in checks)
        lines.append(
            f"visual: {len(checks)} checkpoints compared, {failed} differ ({seconds:.1f}s)"
        )
    pages = [s["axe"] for r in records for s in r["steps"] if "axe" in s]
    if pages:
        reused = sum(1 for p in pages if p.get("reused"))
        seconds = sum(p.get("seconds", 0.0) for p in pages)
        serious = sum(
            1
            for p in pages
            for v in p["violations"]
            if v["impact"] in ("serious", "critical") and not p.get("reused")
        )
        lines.append(
            f"axe-core: {len(pages)} pages, {len(pages) - reused} page states checked, "
            f"{reused} reused; {serious} serious or critical violations ({seconds:.1f}s)"
        )
    return lines


def sort_key(record: ScenarioRecord) -> tuple[str, int, str, str]:
    """One order for every report (a single run, xdist, merged shards)."""
    return (record["feature_file"], record["line"], record["device"], record["nodeid"])


def render_living_guide(records: list[ScenarioRecord], run: RunInfo) -> str:
    """The living guide: header with totals, filters, features and their scenarios per
    device, each step with its screenshot, checks and, on failure, what went wrong."""
    ordered = sorted(records, key=sort_key)
    by_feature: dict[tuple[str, str], list[ScenarioRecord]] = defaultdict(list)
    for record in ordered:
        by_feature[(record["feature_file"], record["feature"])].append(record)
    per_device: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for record in ordered:
        per_device[record["device"] or "-"][status_of(record)] += 1
        totals[status_of(record)] += 1
        totals["visual_failed"] += sum(
            1 for s in visual_checks(record) if s["visual"]["status"] == "failed"
        )
        totals["visual"] += len(visual_checks(record))
        counts = axe_counts(record)
        totals["axe_serious"] += counts["critical"] + counts["serious"]
        totals["axe_pages"] += sum(1 for s in record["steps"] if "axe" in s)
    template = _environment().get_template("living_guide.html.j2")
    return template.render(
        run=run,
        records=ordered,
        by_feature=by_feature,
        per_device=dict(sorted(per_device.items())),
        totals=totals,
        devices=sorted({r["device"] for r in ordered if r["device"]}),
        features=sorted({r["feature"] for r in ordered}),
        tags=sorted({t for r in ordered for t in r["tags"]}),
        checks=checks_summary(ordered),
        css=(_HERE / "static" / "living_guide.css").read_text(encoding="utf-8"),
        js=(_HERE / "static" / "living_guide.js").read_text(encoding="utf-8"),
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["data_uri"] = data_uri
    env.filters["file_uri"] = lambda path: Path(path).resolve().as_uri()
    env.filters["basename"] = lambda path: Path(path).name
    env.globals.update(
        status_of=status_of,
        axe_counts=axe_counts,
        visual_checks=visual_checks,
        impacts=IMPACTS,
        max_trace=MAX_EMBED_TRACE,
        max_video=MAX_EMBED_VIDEO,
    )
    return env


# --- the JSON beside the guide ------------------------------------------------------------


def _map_paths(record: ScenarioRecord, change: Any) -> ScenarioRecord:
    """A copy of the record with every file path passed through `change`."""
    copy: Any = json.loads(json.dumps(record))
    _map_in_place(copy, change)
    return copy  # type: ignore[no-any-return]


def _map_in_place(record: Any, change: Any) -> None:
    if record.get("trace"):
        record["trace"] = change(record["trace"])
    record["videos"] = [change(v) for v in record.get("videos") or []]
    for step in record["steps"]:
        if step.get("screenshot"):
            step["screenshot"] = change(step["screenshot"])
        visual = step.get("visual")
        if visual:
            for key in ("baseline", "actual", "diff"):
                if visual.get(key):
                    visual[key] = change(visual[key])
    for retry in record.get("retries") or []:
        _map_in_place(retry, change)


def write_guide(html_path: Path, records: list[ScenarioRecord], run: RunInfo) -> tuple[Path, Path]:
    """The HTML guide and, beside it, its data (file paths relative to that folder)."""
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(render_living_guide(records, run), encoding="utf-8")
    folder = html_path.parent.resolve()

    def relative(path: str) -> str:
        return os.path.relpath(Path(path).resolve(), folder)

    data_path = html_path.with_name(DATA_NAME)
    data = {
        "run": run,
        "records": [_map_paths(r, relative) for r in sorted(records, key=sort_key)],
    }
    data_path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return html_path, data_path


def read_guide_data(data_path: Path) -> tuple[RunInfo, list[ScenarioRecord]]:
    """A guide's data, with its file paths made absolute again."""
    data = json.loads(data_path.read_text(encoding="utf-8"))
    folder = data_path.parent.resolve()

    def absolute(path: str) -> str:
        return str((folder / path).resolve())

    run: RunInfo = data["run"]
    return run, [_map_paths(r, absolute) for r in data["records"]]
