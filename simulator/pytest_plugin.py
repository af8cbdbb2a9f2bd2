"""pytest plugin: the `tiktok_sim` fixture, an in-process fake TikTok for each test.

Registered through the `pytest11` entry point `tiktok_sim = "simulator.pytest_plugin"`.
Override `tiktok_sim_options` in a conftest (or a test module) to change how it starts:

    @pytest.fixture
    def tiktok_sim_options():
        return {"dataset": "empty", "config": {"SEED": 7}}

pytest loads this module into every run of a project that installs tiktok-sim, tests that
never touch TikTok included, so it imports the fake (Flask, the apps: ~185 ms, and as much
again when assertion rewriting has no bytecode cache) only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .inprocess import SimHandle


@pytest.fixture
def tiktok_sim_options() -> dict[str, Any]:
    """Keyword arguments for `tiktok_mock()` (dataset, scenario, config, hosts, tenant)."""
    return {}


@pytest.fixture
def tiktok_sim(tiktok_sim_options: dict[str, Any]) -> Iterator[SimHandle]:
    """A fresh in-process fake TikTok, demo-seeded; `requests` to TikTok's hosts reach it."""
    from .inprocess import tiktok_mock

    with tiktok_mock(**tiktok_sim_options) as sim:
        yield sim
