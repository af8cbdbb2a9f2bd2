"""Reports people read: progress per scenario, a summary per device, and the living guide
(a self-contained HTML page with a phone screenshot per step)."""

from __future__ import annotations

import base64
import html
import json
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .records import REPORT_ATTR, ScenarioRecord

_ICON = {"passed": "\u2713", "failed": "\u2717", "skipped": "-"}
_MAX_EMBED_TRACE = 8 * 1024 * 1024
_MAX_EMBED_VIDEO = 8 * 1024 * 1024
_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


class RunCollector:
    """Collects scenario records on the controller (also under xdist) and reports them."""

    def __init__(self, config: pytest.Config, html_path: Path | None, seed: int) -> None:
        self.config = config
        self.html_path = html_path
        self.seed = seed
        self.records: dict[str, ScenarioRecord] = {}
        self.started = time.time()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep each scenario's record and print a line when it finishes."""
        record: ScenarioRecord | None = getattr(report, REPORT_ATTR, None)
        if record is not None:
            self.records[report.nodeid] = record
            self._progress(record)
        elif report.when == "teardown" and report.nodeid in self.records:
            record = self.records[report.nodeid]
            for name, value in report.user_properties:
                if name == "playwright_trace":
                    record["trace"] = self._artifact(value)
                elif name == "playwright_video":
                    record.setdefault("videos", []).append(self._artifact(value))

    def _artifact(self, value: object) -> str:
        """pytest-playwright reports artifacts relative to where pytest started."""
        path = Path(str(value))
        return str(path if path.is_absolute() else self.config.invocation_params.dir / path)

    def _progress(self, record: ScenarioRecord) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None or self.config.getoption("verbose") > 0:
            return
        icon = _ICON.get(record["outcome"], "?")
        writer = getattr(reporter, "_tw", None)
        if writer is not None and int(getattr(writer, "width_of_current_line", 0) or 0):
            writer.line()
        reporter.write_line(
            f"  {icon} [{record['device']}] {record['feature']} \u203a {record['scenario']} "
            f"({record['duration']:.1f}s)",
            green=record["outcome"] == "passed",
            red=record["outcome"] == "failed",
        )

    def per_device(self) -> dict[str, dict[str, float]]:
        """passed/failed/skipped counts and seconds, per device."""
        table: dict[str, dict[str, float]] = defaultdict(
            lambda: {"passed": 0, "failed": 0, "skipped": 0, "seconds": 0.0}
        )
        for record in self.records.values():
            row = table[record["device"] or "-"]
            row[record["outcome"]] = row.get(record["outcome"], 0) + 1
            row["seconds"] += record["duration"]
        return dict(table)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """A summary per device, the seed, and where the living guide is."""
        if not self.records:
            return
        terminalreporter.section("scenarios per device")
        for device, row in sorted(self.per_device().items()):
            total = int(row["passed"] + row["failed"] + row["skipped"])
            terminalreporter.write_line(
                f"  {device:<18} {int(row['passed']):>3} passed {int(row['failed']):>3} failed "
                f"{int(row['skipped']):>3} skipped  {row['seconds']:6.1f}s in scenarios "
                f"({row['seconds'] / max(total, 1):.1f}s each)"
            )
        terminalreporter.write_line(
            f"  faker seed {self.seed} (reproduce with --faker-seed {self.seed})"
        )
        if self.html_path is not None:
            terminalreporter.write_line(f"  living guide: {self.html_path}")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the living guide."""
        if self.html_path is None or not self.records:
            return
        self.html_path.parent.mkdir(parents=True, exist_ok=True)
        self.html_path.write_text(
            render_living_guide(list(self.records.values()), self.seed, time.time() - self.started),
            encoding="utf-8",
        )


def _data_uri(path: str | None, mime: str, limit: int | None = None) -> str | None:
    if not path or not os.path.exists(path):
        return None
    if limit is not None and os.path.getsize(path) > limit:
        return None
    with open(path, "rb") as handle:
        return f"data:{mime};base64," + base64.b64encode(handle.read()).decode()


_CSS = (Path(__file__).parent / "static" / "living_guide.css").read_text(encoding="utf-8")


def render_living_guide(records: list[ScenarioRecord], seed: int, seconds: float) -> str:
    """The living guide: features, their scenarios per device, each step with its screenshot."""
    by_feature: dict[tuple[str, str], list[ScenarioRecord]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r["feature_file"], r["line"], r["device"])):
        by_feature[(record["feature_file"], record["feature"])].append(record)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in records:
        counts[record["device"]][record["outcome"]] += 1
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        "<title>Living guide: posting through TikTok Creator Marketplace</title>",
        f"<style>{_CSS}</style></head><body><header><h1>Living guide \u00b7 "
        "<span class=accent>posting through TikTok Creator Marketplace</span></h1>",
        f"<div>{len(records)} scenario runs in {seconds:.0f}s \u00b7 Faker seed {seed} "
        f"(reproduce with <code>--faker-seed {seed}</code>)</div></header><main>",
        "<table class=summary><tr><th>device</th><th>passed</th><th>failed</th>"
        "<th>skipped</th></tr>",
    ]
    for device, row in sorted(counts.items()):
        out.append(
            f"<tr><td>{html.escape(device)}</td><td>{row['passed']}</td>"
            f"<td>{row['failed']}</td><td>{row['skipped']}</td></tr>"
        )
    out.append("</table>")
    for (feature_file, feature), items in by_feature.items():
        out.append(
            f"<h2>{html.escape(feature)} <span class=feature-file>{html.escape(feature_file)}"
            "</span></h2>"
        )
        for record in items:
            out.append(_scenario_html(record))
    out.append("</main></body></html>")
    return "\n".join(out)


def _scenario_html(record: ScenarioRecord) -> str:
    outcome = record["outcome"]
    tags = " ".join(f"@{t}" for t in record["tags"])
    parts = [
        f"<details class=scenario{' open' if outcome == 'failed' else ''}><summary>",
        f"<span class='badge {outcome}'>{outcome}</span>",
        f"<strong>{html.escape(record['scenario'])}</strong>",
        f"<span class=meta>{html.escape(record['device'])} \u00b7 {record['duration']:.1f}s "
        f"\u00b7 {html.escape(tags)} \u00b7 tenant {html.escape(record['tenant'])}</span>",
        "</summary><ol class=steps>",
    ]
    previous: str | None = None
    for step in record["steps"]:
        shot = step["screenshot"]
        same = bool(shot) and shot == previous  # the step changed nothing on screen
        image = (
            _data_uri(shot, _IMAGE_TYPES.get(Path(shot).suffix.lower(), "image/png"))
            if shot and not same
            else None
        )
        previous = shot
        parts.append(
            f"<li class=st-{step['status']}><span class=kw>{html.escape(step['keyword'])}</span> "
            f"{html.escape(step['name'])}<br><small>{_ICON.get(step['status'], '')} "
            f"{step['status']} \u00b7 {step['duration']:.2f}s</small>"
            + (
                f"<img loading=lazy alt='screen after: {html.escape(step['name'])}' src='{image}'>"
                if image
                else ""
            )
            + ("<div class=same-screen>same screen as the step before</div>" if same else "")
            + "</li>"
        )
    parts.append("</ol>")
    if outcome == "failed":
        parts.append("<div class=failure><h3>What went wrong</h3>")
        parts.append(f"<pre>{html.escape(record['error'] or '')}</pre>")
        trace = record.get("trace")
        if trace:
            uri = _data_uri(trace, "application/zip", _MAX_EMBED_TRACE)
            link = uri or Path(trace).as_uri()
            parts.append(
                f"<h3>Playwright trace: <a download='trace.zip' href='{link}'>trace.zip</a> "
                "(open with <code>playwright show-trace trace.zip</code>)</h3>"
            )
        for number, video in enumerate(record.get("videos") or [], start=1):
            uri = _data_uri(video, "video/webm", _MAX_EMBED_VIDEO)
            name = Path(video).name
            parts.append(
                f"<h3>Video{f' {number}' if len(record.get('videos') or []) > 1 else ''}: "
                f"<a download='{html.escape(name)}' href='{Path(video).as_uri()}'>"
                f"{html.escape(name)}</a></h3>"
            )
            if uri:
                parts.append(f"<video class=failure-video controls muted src='{uri}'></video>")
        if record["journal"]:
            parts.append(
                "<h3>TikTok journal (calls made during the scenario)</h3><table class=journal>"
            )
            for entry in record["journal"]:
                body = entry.get("response_body")
                code = body.get("code") if isinstance(body, dict) else ""
                parts.append(
                    "<tr>"
                    + "".join(
                        f"<td>{html.escape(str(v))}</td>"
                        for v in (
                            entry.get("time", ""),
                            entry.get("kind", ""),
                            entry.get("method", ""),
                            entry.get("path", ""),
                            entry.get("status", ""),
                            code,
                            entry.get("note", "") or entry.get("error", ""),
                        )
                    )
                    + "</tr>"
                )
            parts.append("</table>")
            parts.append(
                "<details><summary>journal as JSON</summary><pre>"
                + html.escape(json.dumps(record["journal"], indent=1)[:50000])
                + "</pre></details>"
            )
        parts.append("</div>")
    parts.append("</details>")
    return "".join(parts)
