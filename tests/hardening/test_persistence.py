"""State files survive a kill while being written; export then import gives identical state."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

statefile = pytest.importorskip(
    "simulator.core.statefile", reason="simulator/core/statefile.py not there yet"
)

KILLS = 6
WRITER = """
import json, sys
from pathlib import Path
from simulator.core.statefile import write_atomically
path = Path(sys.argv[1])
n = 0
while n < 100000:
    n += 1
    body = "v%d-" % n * 40000  # about 250 KB, so a kill often lands mid-write
    write_atomically(path, json.dumps({"n": n, "body": body, "len": len(body)}))
"""


def test_a_state_file_written_atomically_survives_a_kill_during_writing(tmp_path: Path) -> None:
    """After each SIGKILL the file holds one whole version, never a torn one."""
    path = tmp_path / "state.json"
    seen = []
    for k in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=Path(__file__).parents[2]
        )
        try:
            deadline = time.monotonic() + 10
            while not path.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.05 + 0.03 * k)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        document = json.loads(path.read_text())  # a torn file would not parse
        assert len(document["body"]) == document["len"]
        assert document["body"].startswith(f"v{document['n']}-")
        seen.append(document["n"])
    assert max(seen) > 1, "the writer never got past its first version"


@dataclass
class _Item:
    name: str
    tags: list[str] = field(default_factory=list)


@dataclass
class _World:
    items: list[_Item] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def test_export_then_import_gives_identical_state_for_a_plain_dataclass_world() -> None:
    """A tenant exported to JSON and imported into a fresh registry exports the same again."""
    from simulator.core.tenants import TenantRegistry

    source: TenantRegistry[_World] = TenantRegistry(lambda _t: _World(), seed=5)
    tenant = source.get("t1")
    tenant.state.items += [_Item("a", ["x"]), _Item("b")]
    tenant.state.counts["a"] = 2
    tenant.clock.freeze()
    tenant.clock.advance("3h")
    source.bind_credential("tok-1", "t1")
    document = statefile.export_tenants(source)
    target: TenantRegistry[_World] = TenantRegistry(lambda _t: _World(), seed=5)
    statefile.import_tenants(target, json.loads(json.dumps(document)))
    again = target.get("t1", create=False)
    assert again.state == tenant.state
    assert again.clock.now() == tenant.clock.now()
    assert target.tenant_of_credential("tok-1") == "t1"
    assert statefile.export_tenants(target) == document


def test_the_fakes_state_round_trips_through_a_state_file(tmp_path: Path, tiktok_app: Any) -> None:
    """A seeded, used tenant of the fake saved to a state file loads back identical."""
    from simulator.control import control_hooks
    from simulator.tiktok.app import create_app

    hooks = control_hooks(tiktok_app)
    client = tiktok_app.test_client()
    client.post("/_sim/tenants", json={"id": "p1", "dataset": "demo"})
    client.post("/_sim/clock", json={"tenant": "p1", "advance": "1h"})
    path = tmp_path / "state.db"
    saved = statefile.StateFile(path, {"tiktok": hooks.registry})
    assert saved.save()
    saved.close()
    fresh = control_hooks(create_app({"TESTING": True, "SEED": 3})).registry
    loaded = statefile.StateFile(path, {"tiktok": fresh})
    assert loaded.load() == ["tiktok"]
    loaded.close()
    export = statefile.export_tenants
    assert export(fresh, snapshots=True) == export(hooks.registry, snapshots=True)
    assert os.listdir(tmp_path) == ["state.db"]
