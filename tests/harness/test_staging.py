"""Against apps on another host (a team's staging): the harness sends the control token it
is given, and a refused or unreachable control plane stops the run once, before any
scenario, saying what to set on the server.

The "other host" is real: both apps run in a network namespace of their own, with their
own address on a veth pair (10.251.x.2; the test creates and removes it). Where namespaces
cannot be made (not root, no `ip`), the tests skip and say why."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.harness.browser import find_browser
from tests.harness.pytester_support import harness_plugin_args

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "staging-secret-7f3a"

FEATURE = """\
Feature: The offer on staging
  Scenario: On a phone the offer lets me publish
    Given I am signed in to Flex on my phone
    When I open the offer
    Then I can publish my TikTok deliverable from here
"""


@dataclass(frozen=True)
class Staging:
    """Both apps served in a namespace: their URLs."""

    tiktok_url: str
    flex_url: str
    closed_url: str  # the namespace's address, a port nothing listens on


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


@pytest.fixture
def namespace() -> Iterator[tuple[str, str]]:
    """A network namespace with its own address, reachable from here over a veth pair."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("making a network namespace needs root and iproute2's `ip`")
    tag = f"{os.getpid() % 10000:04d}"
    name, host_if, ns_if = f"tsim{tag}", f"tsh{tag}", f"tsn{tag}"
    subnet = f"10.251.{random.randrange(0, 250)}"
    try:
        _ip("netns", "add", name)
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"this machine does not allow network namespaces: {exc}")
    try:
        _ip("link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        _ip("link", "set", ns_if, "netns", name)
        _ip("addr", "add", f"{subnet}.1/30", "dev", host_if)
        _ip("link", "set", host_if, "up")
        _ip("netns", "exec", name, "ip", "addr", "add", f"{subnet}.2/30", "dev", ns_if)
        _ip("netns", "exec", name, "ip", "link", "set", ns_if, "up")
        _ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        yield name, f"{subnet}.2"
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=20)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True, timeout=20)


def _wait_for(address: str, port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex((address, port)) == 0:
                return
        if server.poll() is not None:
            raise RuntimeError(
                f"tiktok-sim up stopped: {server.stdout.read() if server.stdout else ''!r}"
            )
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {address}:{port}")


@pytest.fixture
def staging(namespace: tuple[str, str]) -> Iterator[Staging]:
    """`tiktok-sim up` in the namespace, on its address, requiring the control token."""
    name, address = namespace
    tiktok_port, flex_port = 18600, 18700
    cli = str(Path(sys.executable).parent / "tiktok-sim")
    server = subprocess.Popen(
        [
            "ip",
            "netns",
            "exec",
            name,
            cli,
            "up",
            "--host",
            address,
            "--control-token",
            TOKEN,
            "--tiktok-port",
            str(tiktok_port),
            "--flex-port",
            str(flex_port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "SIM_CONTROL_TOKEN": ""},
    )
    try:
        _wait_for(address, tiktok_port, server)
        _wait_for(address, flex_port, server)
        yield Staging(
            f"http://{address}:{tiktok_port}",
            f"http://{address}:{flex_port}",
            f"http://{address}:18999",
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("SIM_CONTROL_TOKEN", raising=False)
    pytester.makefile(".feature", staging=FEATURE)
    pytester.makepyfile(
        test_staging='from pytest_bdd import scenarios\n\nscenarios("staging.feature")\n'
    )
    return pytester


def _run(pytester: pytest.Pytester, tiktok: str, flex: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        *harness_plugin_args(),
        *("--tiktok-url", tiktok, "--flex-url", flex, "--device", "Pixel 7"),
        *("--living-guide=", "-p", "no:cacheprovider", *args),
    )


def test_without_the_token_the_run_stops_once_saying_what_to_set(
    project: pytest.Pytester, staging: Staging
) -> None:
    result = _run(project, staging.tiktok_url, staging.flex_url)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str() + result.stderr.str()
    assert out.count("refused the harness's control call without a token: HTTP 401") == 1, out
    assert "--control-token <secret>" in out and "SIM_CONTROL_TOKEN" in out
    assert " passed" not in out and " failed" not in out and " error" not in out


def test_with_the_token_a_scenario_runs_against_the_other_host(
    project: pytest.Pytester, staging: Staging, monkeypatch: pytest.MonkeyPatch
) -> None:
    if find_browser() is None:
        pytest.skip("needs a local Chromium")
    monkeypatch.setenv("SIM_CONTROL_TOKEN", TOKEN)
    _run(project, staging.tiktok_url, staging.flex_url).assert_outcomes(passed=1)
    monkeypatch.delenv("SIM_CONTROL_TOKEN")
    as_option = _run(project, staging.tiktok_url, staging.flex_url, "--control-token", TOKEN)
    as_option.assert_outcomes(passed=1)


def test_an_unreachable_control_plane_stops_the_run_once(
    project: pytest.Pytester, staging: Staging
) -> None:
    result = _run(project, staging.tiktok_url, staging.closed_url, "--control-token", TOKEN)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str() + result.stderr.str()
    assert out.count(f"Flex at {staging.closed_url} cannot be reached") == 1, out
    assert " passed" not in out and " failed" not in out
