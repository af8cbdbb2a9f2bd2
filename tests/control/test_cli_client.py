"""The CLI's client commands against a served app, with a control token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from control_fakeapp import create_app

from simulator import cli
from simulator.serving import RunningServer, serve_in_thread

TOKEN = "cli-token"


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    app = create_app({"SEED": 5, "SIM_CONTROL_TOKEN": TOKEN})
    running = serve_in_thread(app)
    yield running
    running.stop()


@pytest.fixture
def run(server: RunningServer, capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    def _run(*argv: str) -> tuple[int, str, str]:
        code = cli.main([*argv, "--url", server.url, "--token", TOKEN])
        out, err = capsys.readouterr()
        return code, out, err

    yield _run


def test_tenants_create_list_delete(run) -> None:  # type: ignore[no-untyped-def]
    assert run("tenants", "create", "t1", "--dataset", "demo")[:2] == (0, "created tenant t1\n")
    assert "t1" in run("tenants")[1].split()
    assert run("tenants", "delete", "t1")[1] == "deleted tenant t1\n"


def test_errors_are_one_line_and_non_zero(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("tenants", "delete", "nobody")
    assert (code, out) == (1, "")
    assert err == "tiktok-sim: no tenant 'nobody' (HTTP 404, tenant_not_found)\n"


def test_without_the_token_the_server_refuses(server: RunningServer, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["tenants", "--url", server.url]) == 1
    assert "Authorization: Bearer" in capsys.readouterr().err


def test_an_unreachable_server_is_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["clock", "--url", "http://127.0.0.1:9"]) == 2
    assert capsys.readouterr().err == (
        "tiktok-sim: cannot reach the simulator at http://127.0.0.1:9 "
        "(is `tiktok-sim up` running?)\n"
    )


def test_clock_freeze_set_advance(run) -> None:  # type: ignore[no-untyped-def]
    run("clock", "freeze", "--tenant", "t1")
    run("clock", "set", "2024-05-01T09:00:00Z", "--tenant", "t1")
    code, out, _ = run("clock", "advance", "2h", "--tenant", "t1")
    assert (code, out) == (0, "2024-05-01T11:00:00Z  (frozen, 0 timers pending)\n")


def test_snapshot_save_fork_export_import(run, server: RunningServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("tenants", "create", "t1", "--dataset", "demo")
    assert run("snapshot", "save", "base", "--tenant", "t1")[1] == (
        "saved tenant t1 as snapshot base\n"
    )
    assert run("snapshot", "fork", "base", "f1")[1] == "forked snapshot base into new tenant f1\n"
    out_file = tmp_path / "t1.json"
    run("snapshot", "export", "--tenant", "t1", "--out", str(out_file))
    assert json.loads(out_file.read_text())["format"] == "tiktok-sim/state"
    assert run("snapshot", "import", str(out_file), "--tenant", "copy")[1] == (
        "imported into tenant(s) copy\n"
    )
    notes = requests.get(
        f"{server.url}/api/notes", headers={"X-Sim-Tenant": "copy"}, timeout=5
    ).json()
    assert [n["text"] for n in notes["data"]["notes"]] == ["hello", "world"]
    assert run("snapshot", "list")[1].startswith("base")


def test_faults_add_list_remove(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "faults",
        "add",
        "/api/*",
        "--code",
        "40100",
        "--status",
        "429",
        "--times",
        "2",
        "--tenant",
        "tf",
    )
    assert (code, out) == (0, "added #1    * /api/*: error HTTP 429 code 40100 (2 left, hit 0)\n")
    run(
        "faults",
        "add",
        "tto_video_published",
        "--webhook",
        "delay",
        "--delay",
        "5m",
        "--tenant",
        "tf",
    )
    listed = run("faults", "--tenant", "tf")[1].splitlines()
    assert listed[1] == "#2    webhook tto_video_published: delay (always, hit 0)"
    assert run("faults", "remove", "1", "--tenant", "tf")[1] == "removed fault #1\n"
    assert run("faults", "clear", "--tenant", "tf")[0] == 0


def test_journal_list_verify_clear(run, server: RunningServer) -> None:  # type: ignore[no-untyped-def]
    requests.post(f"{server.url}/api/notes", json={"text": "x"}, timeout=5)
    lines = run("journal")[1].splitlines()
    assert len(lines) == 1 and "POST   /api/notes -> 201" in lines[0]
    ok = run(
        "journal",
        "verify",
        "--method",
        "POST",
        "--path",
        "/api/notes",
        "--times",
        "1",
        "--body",
        '{"text": "x"}',
    )
    assert ok[:2] == (0, "ok: 1 call matched POST /api/notes\n")
    code, out, err = run(
        "journal", "verify", "--method", "POST", "--path", "/api/notes", "--body", '{"text": "y"}'
    )
    assert code == 1
    assert "body.text is 'x', not 'y'" in out + err
    assert run("journal", "--clear")[1] == "cleared the journal of tenant default\n"


def test_help_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    for command in (
        "up",
        "serve",
        "flex",
        "tenants",
        "reset",
        "seed",
        "snapshot",
        "clock",
        "faults",
        "journal",
    ):
        assert f"\n    {command}" in text
    assert "tiktok-sim clock advance 2h --tenant t1" in text


def test_a_webhook_fault_takes_its_status_and_seed(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "faults", "add", "tto_*", "--webhook", "fail", "--status", "503",
        "--probability", "0.5", "--seed", "7", "--tenant", "wh", "--json",
    )  # fmt: skip
    rule = json.loads(out)
    assert (code, rule["kind"], rule["http_status"], rule["seed"]) == (0, "fail", 503, 7)
