"""`tiktok-sim up | serve` start real waitress servers, seed them, and stop cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from simulator import cli
from simulator.serving import free_port

HERE = Path(__file__).parent

# Runs the real CLI with both app factories pointed at the small stand-in app.
LAUNCHER = """
import sys
sys.path.insert(0, {here!r})
from simulator import cli
cli.APPS["tiktok"] = ("control_fakeapp", "the fake TikTok")
cli.APPS["flex"] = ("control_fakeapp", "Flex")
sys.exit(cli.main(sys.argv[1:]))
"""


def _start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    code = LAUNCHER.format(here=str(HERE))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _read_banner(proc: subprocess.Popen[str], last: str) -> str:
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if last in line:
            return "".join(lines)
    proc.kill()
    raise AssertionError(f"no banner: {''.join(lines)} {proc.stderr.read() if proc.stderr else ''}")


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    out, _err = proc.communicate(timeout=10)
    return proc.returncode, out


def test_up_serves_both_apps_seeded_on_env_ports_and_saves_state_on_sigterm(
    tmp_path: Path,
) -> None:
    tiktok_port, flex_port = free_port(), free_port()
    state = tmp_path / "state.json"
    proc = _start(
        ["up", "--state-file", str(state)],
        {"TIKTOK_SIM_PORT": str(tiktok_port), "FLEX_PORT": str(flex_port)},
    )
    banner = _read_banner(proc, "Ctrl-C")
    assert f"http://127.0.0.1:{tiktok_port}" in banner
    assert f"http://127.0.0.1:{flex_port}" in banner
    assert "creator@example.com / demo" in banner
    assert "marketer@example.com / demo" in banner
    assert f"http://127.0.0.1:{tiktok_port}/openapi.json" in banner
    notes = requests.get(f"http://127.0.0.1:{tiktok_port}/api/notes", timeout=5).json()
    assert [n["text"] for n in notes["data"]["notes"]] == ["hello", "world"]
    flex = requests.get(f"http://127.0.0.1:{flex_port}/_sim/tenants", timeout=5).json()
    assert flex == {"tenants": ["default"]}

    code, out = _stop(proc)

    assert code == 0
    assert f"state saved to {state}" in out
    with sqlite3.connect(state) as db:
        saved = set(db.execute("SELECT app, id FROM tenants"))
    assert saved == {("tiktok", "default"), ("flex", "default")}


def test_serve_restarts_from_its_state_file_with_what_was_added(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    port = free_port()
    proc = _start(["serve", "--port", str(port), "--dataset", "empty", "--state-file", str(state)])
    _read_banner(proc, "Ctrl-C")
    base = f"http://127.0.0.1:{port}"
    requests.post(f"{base}/_sim/tenants", json={"id": "t7"}, timeout=5).raise_for_status()
    created = requests.post(
        f"{base}/api/notes", json={"text": "kept"}, headers={"X-Sim-Tenant": "t7"}, timeout=5
    ).json()
    assert _stop(proc)[0] == 0

    proc = _start(["serve", "--port", str(port), "--dataset", "empty", "--state-file", str(state)])
    _read_banner(proc, "Ctrl-C")
    again = requests.get(
        f"{base}/api/notes/{created['data']['id']}", headers={"X-Sim-Tenant": "t7"}, timeout=5
    ).json()
    assert _stop(proc)[0] == 0
    assert again["data"]["text"] == "kept"


def test_serve_seed_file_yaml_loads_the_tiktok_half(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("tiktok:\n  notes: [from yaml]\nflex:\n  notes: [not me]\n")
    port = free_port()
    proc = _start(["serve", "--port", str(port), "--seed-file", str(scenario)])
    _read_banner(proc, "Ctrl-C")
    notes = requests.get(f"http://127.0.0.1:{port}/api/notes", timeout=5).json()
    assert _stop(proc)[0] == 0
    assert [n["text"] for n in notes["data"]["notes"]] == ["from yaml"]


def test_a_busy_port_is_one_clear_line_and_a_non_zero_exit() -> None:
    port = free_port()
    blocker = _start(["serve", "--port", str(port)])
    _read_banner(blocker, "Ctrl-C")
    try:
        proc = _start(["serve", "--port", str(port)])
        _out, err = proc.communicate(timeout=10)
    finally:
        _stop(blocker)
    assert proc.returncode == 1
    assert err.strip().startswith(f"tiktok-sim: cannot listen on 127.0.0.1:{port}")
    assert len(err.strip().splitlines()) == 1


def test_a_missing_app_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.APPS, "tiktok", ("simulator.no_such_app", "the fake TikTok"))
    assert cli.main(["serve", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "tiktok-sim: the fake TikTok is not built yet: simulator.no_such_app is missing "
        "(it must define create_app(config))\n"
    )
