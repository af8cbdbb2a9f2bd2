"""The harness's on-switch, loaded by pytest in every project that has tiktok-sim installed
(the `tiktok_sim_harness` pytest11 entry point).

It does nothing unless the project asks for the harness, with the ini option

    [tool.pytest.ini_options]
    tiktok_sim_harness = true

(or `-p simulator.harness.plugin` on the command line). Only then are the harness plugin and
its step library loaded: no device parametrization, options or reports/ otherwise.
"""

from __future__ import annotations

import pytest

INI_OPTION = "tiktok_sim_harness"
PLUGIN = "simulator.harness.plugin"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the ini option (off by default)."""
    parser.addini(
        INI_OPTION,
        type="bool",
        default=False,
        help="load the tiktok-sim BDD harness (plugin, steps, phones, reports)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Load the harness before the project's conftests, so they can override its fixtures."""
    if early_config.getini(INI_OPTION):
        early_config.pluginmanager.import_plugin(PLUGIN)
