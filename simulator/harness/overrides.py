"""Fixtures that override pytest-playwright's and Faker's; the harness plugin registers this
module in pytest_configure, after all plugins, so they win regardless of load order."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, cast

import pytest

from simulator.core.tenants import TENANT_HEADER

from . import browser as browser_finder

ACTION_TIMEOUT_MS = 10_000


def _browser_executable(config: pytest.Config) -> str | None:
    if config.getoption("--browser-ws"):
        # A path on the browser server's machine, sent in Playwright's launch-options header
        # (the server needs --unsafe for that); else the server uses its own browser.
        return os.environ.get(browser_finder.ENV_VAR) or None
    try:
        return browser_finder.find_browser()
    except FileNotFoundError as exc:
        raise pytest.UsageError(str(exc)) from exc


@pytest.fixture
def faker_seed(scenario_seed: int) -> int:
    """Faker's own `faker` fixture uses the scenario's seed too."""
    return scenario_seed


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config) -> dict[str, Any]:
    """Launch Debian's Chromium (or $TIKTOK_SIM_BROWSER), since Playwright can't download."""
    args = browser_finder.launch_args(
        _browser_executable(pytestconfig), headed=bool(pytestconfig.getoption("--headed"))
    )
    channel = pytestconfig.getoption("--browser-channel")
    if channel:
        args["channel"] = channel
    slowmo = pytestconfig.getoption("--slowmo")
    if slowmo:
        args["slow_mo"] = slowmo
    return args


@pytest.fixture(scope="session")
def connect_options(pytestconfig: pytest.Config) -> dict[str, Any] | None:
    """--browser-ws: drive a remote browser server (Playwright's connect) instead.

    The launch options travel in the `x-playwright-launch-options` header in the server's
    (camelCase) spelling; pytest-playwright would send Python's snake_case names."""
    ws = pytestconfig.getoption("--browser-ws")
    if not ws:
        return None
    options: dict[str, Any] = {"args": list(browser_finder.LAUNCH_ARGS)}
    executable = _browser_executable(pytestconfig)
    if executable:
        options["executablePath"] = executable
    if pytestconfig.getoption("--headed"):
        options["headless"] = False
    return {"endpoint": ws, "headers": {"x-playwright-launch-options": json.dumps(options)}}


@pytest.fixture(scope="session")
def device(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> str | None:
    """The Playwright device this test emulates (parametrized per scenario)."""
    param = getattr(request, "param", None)
    return cast("str | None", param or pytestconfig.getoption("--device"))


@pytest.fixture(scope="session")
def browser_context_args(
    pytestconfig: pytest.Config,
    playwright: Any,
    device: str | None,
    _pw_artifacts_folder: tempfile.TemporaryDirectory[str],
) -> dict[str, Any]:
    """Mobile emulation from Playwright's device descriptors."""
    args: dict[str, Any] = {}
    if device:
        if device not in playwright.devices:
            raise pytest.UsageError(f"unknown Playwright device {device!r}")
        args.update(playwright.devices[device])
        args.pop("default_browser_type", None)
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture
def context(new_context: Any, tenant_id: str) -> Any:
    """A browser context whose every request names the scenario's tenant."""
    ctx = new_context(extra_http_headers={TENANT_HEADER: tenant_id})
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    return ctx
