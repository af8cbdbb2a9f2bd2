"""Root conftest: pytester, which the harness's own tests use, and a check that nothing the
run started (servers, Playwright's driver and browsers, a browser server) outlives it.

The harness itself (plugin and step library) is switched on by `tiktok_sim_harness = true`
in pyproject.toml."""

from __future__ import annotations

import os
import uuid
from collections.abc import Generator

import pytest

from tests.harness.pytester_support import RUN_MARK, survivors

pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    """Mark this run's processes (xdist workers and everything they start inherit it)."""
    if not hasattr(config, "workerinput") and RUN_MARK not in os.environ:
        os.environ[RUN_MARK] = uuid.uuid4().hex


@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, None, None]:
    """After everything else finished (xdist's workers too): fail the run if a process it
    started is still there."""
    result = yield
    mark = os.environ.get(RUN_MARK)
    if mark and not hasattr(session.config, "workerinput"):
        left = survivors(mark, exclude={os.getpid()})
        if left:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line("processes this run started are still running:", red=True)
                for line in left:
                    reporter.write_line(f"  {line}", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    return result
