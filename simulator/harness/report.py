"""Reports people and their tools read: progress per scenario, a summary per device, the
living guide (guide.py), Cucumber JSON (cucumber.py) and JUnit XML (junit.py), all complete
under pytest-xdist and pytest-rerunfailures."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .cucumber import cucumber_features
from .guide import RunInfo, checks_summary, write_guide
from .junit import JUnitRewriter
from .records import REPORT_ATTR, ScenarioRecord

_ICON = {"passed": "\u2713", "failed": "\u2717", "skipped": "-", "rerun": "\u21bb"}


class RunCollector:
    """Collects scenario records on the controller (also under xdist) and reports them."""

    def __init__(self, config: pytest.Config, html_path: Path | None, seed: int) -> None:
        self.config = config
        self.html_path = html_path
        self.seed = seed
        self.records: dict[str, ScenarioRecord] = {}
        self.retries: dict[str, list[ScenarioRecord]] = defaultdict(list)
        self.latest: dict[str, ScenarioRecord] = {}  # the attempt a teardown belongs to
        self.started = time.time()
        self.cucumber_path: Path | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Write Cucumber JSON from our records instead of pytest-bdd's writer, and tidy
        pytest's JUnit XML at the end (both only on the controller)."""
        bdd_writer = getattr(self.config, "_bddcucumberjson", None)
        if bdd_writer is not None:
            self.cucumber_path = Path(bdd_writer.logfile)
            self.config.pluginmanager.unregister(bdd_writer)
            self.config._bddcucumberjson = None  # type: ignore[attr-defined]
        xmlpath = getattr(self.config.option, "xmlpath", None)
        if xmlpath:
            path = Path(self.config.invocation_params.dir, xmlpath).resolve()
            self.config.pluginmanager.register(JUnitRewriter(self.config, path), "tiktok-sim-junit")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep each scenario's record (a retried attempt under the final one) and print a
        line when it finishes."""
        record: ScenarioRecord | None = getattr(report, REPORT_ATTR, None)
        if record is not None:
            self.latest[report.nodeid] = record
            if report.outcome == "rerun":  # type: ignore[comparison-overlap]
                self.retries[report.nodeid].append(record)
                self._progress(record, "rerun")
                return
            earlier = self.retries.pop(report.nodeid, [])
            if earlier:
                record["retries"] = earlier
                record["flaky"] = record["outcome"] == "passed"
            self.records[report.nodeid] = record
            self._progress(record, record["outcome"])
        elif report.when == "teardown" and report.nodeid in self.latest:
            record = self.latest[report.nodeid]
            for name, value in report.user_properties:
                if name == "playwright_trace":
                    record["trace"] = self._artifact(value)
                elif name == "playwright_video":
                    record.setdefault("videos", []).append(self._artifact(value))

    def _artifact(self, value: object) -> str:
        """pytest-playwright reports artifacts relative to where pytest started."""
        path = Path(str(value))
        return str(path if path.is_absolute() else self.config.invocation_params.dir / path)

    def _progress(self, record: ScenarioRecord, outcome: str) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None or self.config.getoption("verbose") > 0:
            return
        icon = _ICON.get(outcome, "?")
        writer = getattr(reporter, "_tw", None)
        if writer is not None and int(getattr(writer, "width_of_current_line", 0) or 0):
            writer.line()
        note = {"rerun": " failed, retrying"}.get(outcome, "")
        if record.get("flaky"):
            note = f" flaky: passed on attempt {record.get('attempt')}"
        reporter.write_line(
            f"  {icon} [{record['device']}] {record['feature']} \u203a {record['scenario']} "
            f"({record['duration']:.1f}s){note}",
            green=outcome == "passed" and not record.get("flaky"),
            red=outcome == "failed",
            yellow=outcome == "rerun" or bool(record.get("flaky")),
        )

    def per_device(self) -> dict[str, dict[str, float]]:
        """passed/failed/skipped counts and seconds, per device."""
        table: dict[str, dict[str, float]] = defaultdict(
            lambda: {"passed": 0, "failed": 0, "skipped": 0, "flaky": 0, "seconds": 0.0}
        )
        for record in self.records.values():
            row = table[record["device"] or "-"]
            row[record["outcome"]] = row.get(record["outcome"], 0) + 1
            row["flaky"] += 1 if record.get("flaky") else 0
            row["seconds"] += record["duration"]
        return dict(table)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """A summary per device, the seed, and where the living guide is."""
        if not self.records:
            return
        terminalreporter.section("scenarios per device")
        for device, row in sorted(self.per_device().items()):
            total = int(row["passed"] + row["failed"] + row["skipped"])
            flaky = f" ({int(row['flaky'])} flaky)" if row["flaky"] else ""
            terminalreporter.write_line(
                f"  {device:<18} {int(row['passed']):>3} passed{flaky} "
                f"{int(row['failed']):>3} failed {int(row['skipped']):>3} skipped  "
                f"{row['seconds']:6.1f}s in scenarios ({row['seconds'] / max(total, 1):.1f}s each)"
            )
        terminalreporter.write_line(
            f"  faker seed {self.seed} (reproduce with --faker-seed {self.seed})"
        )
        for line in checks_summary(list(self.records.values())):
            terminalreporter.write_line(f"  {line}")
        if self.html_path is not None:
            terminalreporter.write_line(f"  living guide: {self.html_path}")
        if self.cucumber_path is not None:
            terminalreporter.write_line(f"  cucumber json: {self.cucumber_path}")

    def run_info(self) -> RunInfo:
        """The guide's header: duration, seed and the command that runs it again."""
        return RunInfo(
            seed=self.seed,
            seconds=round(time.time() - self.started, 1),
            started=dt.datetime.fromtimestamp(self.started, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            command=reproduce_command(list(self.config.invocation_params.args), self.seed),
            shards=1,
        )

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the living guide (and its data) and the Cucumber JSON."""
        records = list(self.records.values())
        if self.cucumber_path is not None:
            self.cucumber_path.parent.mkdir(parents=True, exist_ok=True)
            self.cucumber_path.write_text(json.dumps(cucumber_features(records)), "utf-8")
        if self.html_path is None or not records:
            return
        write_guide(self.html_path, records, self.run_info())


def reproduce_command(args: list[str], seed: int) -> str:
    """`pytest <the same arguments>`, with the seed spelled out (also for 'random')."""
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--faker-seed":
            skip = True
        elif not arg.startswith("--faker-seed="):
            kept.append(arg)
    return shlex.join(["pytest", *kept, "--faker-seed", str(seed)])
