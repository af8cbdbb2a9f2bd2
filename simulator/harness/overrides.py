"""Fixtures that override pytest-playwright's and Faker's; the harness plugin registers this
module in pytest_configure, after all plugins, so they win regardless of load order."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest

from simulator.core.tenants import TENANT_HEADER

from . import browser as browser_finder
from .contexts import ContextPool, Lease

ACTION_TIMEOUT_MS = 10_000
EXIT_USAGE = 4  # pytest.ExitCode.USAGE_ERROR


def _browser_executable(config: pytest.Config) -> str | None:
    if config.getoption("--browser-ws"):
        # A path on the browser server's machine, sent in Playwright's launch-options header
        # (the server needs --unsafe for that); else the server uses its own browser.
        return os.environ.get(browser_finder.ENV_VAR) or None
    if config.getoption("--browser-channel"):
        return None  # the channel (chrome, msedge, ...) names the browser
    try:
        return browser_finder.find_browser(headed=bool(config.getoption("--headed")))
    except FileNotFoundError as exc:
        raise pytest.UsageError(str(exc)) from exc


@pytest.fixture
def faker_seed(scenario_seed: int) -> int:
    """Faker's own `faker` fixture uses the scenario's seed too."""
    return scenario_seed


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], pytestconfig: pytest.Config, browser_name: str
) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --browser-channel, --slowmo, per-test
    params) plus, for Chromium, the Chromium found here and its quiet flags: Playwright
    cannot download its own browsers on this machine."""
    args = dict(browser_type_launch_args)
    if browser_name == "chromium":
        args.update(browser_finder.launch_args(_browser_executable(pytestconfig)))
    return args


@pytest.fixture(scope="session")
def connect_options(pytestconfig: pytest.Config, browser_name: str) -> dict[str, Any] | None:
    """--browser-ws: drive a remote browser server (Playwright's connect) instead.

    The launch options travel in the `x-playwright-launch-options` header in the server's
    (camelCase) spelling; pytest-playwright would send Python's snake_case names."""
    ws = pytestconfig.getoption("--browser-ws")
    if not ws:
        return None
    options: dict[str, Any] = {}
    if browser_name == "chromium":
        options["args"] = list(browser_finder.LAUNCH_ARGS)
        executable = _browser_executable(pytestconfig)
        if executable:
            options["executablePath"] = executable
    if pytestconfig.getoption("--headed"):
        options["headless"] = False
    if pytestconfig.getoption("--browser-channel"):
        options["channel"] = pytestconfig.getoption("--browser-channel")
    if pytestconfig.getoption("--slowmo"):
        options["slowMo"] = pytestconfig.getoption("--slowmo")
    return {"endpoint": ws, "headers": {"x-playwright-launch-options": json.dumps(options)}}


@pytest.fixture(scope="session")
def browser(launch_browser: Callable[[], Any]) -> Iterator[Any]:
    """pytest-playwright's browser; one that cannot start stops the run at once (the same
    error would otherwise fail every scenario)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        launched = launch_browser()
    except PlaywrightError as exc:
        message = str(exc).strip().splitlines()
        pytest.exit("the browser did not start: " + "\n".join(message[:12]), returncode=EXIT_USAGE)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def device(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> str | None:
    """The Playwright device this test emulates (parametrized per scenario)."""
    param = getattr(request, "param", None)
    return cast("str | None", param or pytestconfig.getoption("--device"))


@pytest.fixture(scope="session")
def base_url(sim_apps: Any) -> str:
    """Flex's URL: where the phone's relative addresses (page.goto("/offers")) lead."""
    return str(sim_apps.flex_url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], browser_name: str) -> dict[str, Any]:
    """pytest-playwright's context options (the device's emulation, base_url, video), less
    what the chosen engine cannot emulate."""
    args = dict(browser_context_args)
    args.pop("default_browser_type", None)
    if browser_name == "firefox":
        args.pop("is_mobile", None)  # Playwright's Firefox has no isMobile emulation
    return args


# pytest-playwright's options that record per context: a kept context would mix scenarios
_PER_CONTEXT_RECORDING = ("--tracing", "--video", "--screenshot")


def keeps_contexts(config: pytest.Config, browser_name: str) -> bool:
    """Whether scenarios share a kept context per phone (contexts.py) rather than each
    making its own: on Chromium, unless told otherwise or recording per context."""
    if browser_name != "chromium" or config.getoption("--fresh-contexts"):
        return False
    if config.getoption("--playwright-debug", default=None):
        return False
    return all(
        str(config.getoption(name, default="off")) == "off" for name in _PER_CONTEXT_RECORDING
    )


@pytest.fixture(scope="session")
def _tiktok_sim_context_pool(browser: Any) -> Iterator[ContextPool]:
    pool = ContextPool(browser)
    yield pool
    pool.close()


@pytest.fixture
def _tiktok_sim_lease(
    request: pytest.FixtureRequest,
    browser_context_args: dict[str, Any],
    browser_name: str,
    tenant_id: str,
) -> Iterator[Lease | None]:
    """The kept context and tab this scenario borrows (None: it makes its own)."""
    if not keeps_contexts(request.config, browser_name):
        yield None
        return
    pool: ContextPool = request.getfixturevalue("_tiktok_sim_context_pool")
    options = dict(browser_context_args)
    marker = request.node.get_closest_marker("browser_context_args")
    if marker is not None:
        options.update(marker.kwargs)

    def prepare(lease: Lease) -> None:
        lease.context.set_extra_http_headers({TENANT_HEADER: tenant_id})
        lease.context.set_default_timeout(ACTION_TIMEOUT_MS)
        # a step may have set the kept tab's own: it gets what a new tab has
        lease.page.set_default_timeout(ACTION_TIMEOUT_MS)
        lease.page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)

    lease = pool.take(options, prepare)
    yield lease
    call = getattr(request.node, "rep_call", None)  # pytest-playwright's record of the call
    pool.give_back(lease, keep=call is not None and call.passed)


@pytest.fixture
def context(request: pytest.FixtureRequest, _tiktok_sim_lease: Lease | None, tenant_id: str) -> Any:
    """A browser context whose every request names the scenario's tenant: the phone's kept
    one, or (--fresh-contexts, tracing, video) a new one from pytest-playwright."""
    if _tiktok_sim_lease is not None:
        return _tiktok_sim_lease.context
    new_context = request.getfixturevalue("new_context")
    ctx = new_context(extra_http_headers={TENANT_HEADER: tenant_id})
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    return ctx


@pytest.fixture
def page(context: Any, _tiktok_sim_lease: Lease | None) -> Any:
    """The scenario's tab: the kept context's own, or a new one."""
    if _tiktok_sim_lease is not None:
        return _tiktok_sim_lease.page
    return context.new_page()
