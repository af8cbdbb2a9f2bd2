"""`tiktok-sim report merge DIR... --out DIR`: the reports of several shards of one run
(pytest-split groups, CI machines) as the reports of a single run.

Each DIR is a shard's report folder: its `living-guide.json` (written beside
`living-guide.html`) and, when the shard wrote one, its `cucumber.json`. The merged folder
gets a living guide and a Cucumber JSON with every scenario in the order a single run gives
them; the screenshots stay where the shards wrote them (the merged HTML inlines them)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from .cucumber import merge_features
from .guide import DATA_NAME, RunInfo, read_guide_data, write_guide
from .records import ScenarioRecord

CUCUMBER_NAME = "cucumber.json"


class MergeError(Exception):
    """A shard folder without what merging needs."""


def merge_reports(folders: list[Path], out: Path) -> list[Path]:
    """Merge the shards' reports into `out`; the files written."""
    runs: list[RunInfo] = []
    records: dict[str, ScenarioRecord] = {}
    cucumber: list[list[dict[str, object]]] = []
    for folder in folders:
        data = folder / DATA_NAME
        if not data.exists():
            raise MergeError(f"{folder}: no {DATA_NAME} (was it a --living-guide folder?)")
        run, shard = read_guide_data(data)
        runs.append(run)
        for record in shard:
            if record["nodeid"] in records:
                raise MergeError(f"{record['nodeid']} ran in two shards ({folder})")
            records[record["nodeid"]] = record
        if (folder / CUCUMBER_NAME).exists():
            cucumber.append(json.loads((folder / CUCUMBER_NAME).read_text(encoding="utf-8")))
    if len({run["seed"] for run in runs}) > 1:
        raise MergeError(
            "the shards used different Faker seeds: " + ", ".join(str(run["seed"]) for run in runs)
        )
    run = RunInfo(
        seed=runs[0]["seed"],
        seconds=max(run["seconds"] for run in runs),
        started=min(run["started"] for run in runs),
        command=" ; ".join(dict.fromkeys(_whole_run(run["command"]) for run in runs)),
        shards=len(runs),
    )
    written = list(write_guide(out / "living-guide.html", list(records.values()), run))
    if cucumber:
        path = out / CUCUMBER_NAME
        path.write_text(json.dumps(merge_features(cucumber)), encoding="utf-8")
        written.append(path)
    return written


_SHARD_OPTIONS = ("--splits", "--group", "--living-guide", "--cucumberjson", "--cucumber-json")


def _whole_run(command: str) -> str:
    """A shard's command without what made it a shard: the command of the whole run."""
    kept: list[str] = []
    words = shlex.split(command)
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _SHARD_OPTIONS:
            skip = True
        elif not word.startswith(tuple(f"{o}=" for o in _SHARD_OPTIONS)):
            kept.append(word)
    return shlex.join(kept)
