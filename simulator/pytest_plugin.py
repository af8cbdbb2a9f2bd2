"""pytest plugin: the `tiktok_sim` fixture, an in-process fake TikTok for each test.

Registered through the `pytest11` entry point `tiktok_sim = "simulator.pytest_plugin"`.
Override `tiktok_sim_options` in a conftest (or a test module) to change how it starts:

    @pytest.fixture
    def tiktok_sim_options():
        return {"dataset": "empty", "config": {"SEED": 7}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .inprocess import SimHandle, tiktok_mock


@pytest.fixture
def tiktok_sim_options() -> dict[str, Any]:
    """Keyword arguments for `tiktok_mock()` (dataset, scenario, config, hosts, tenant)."""
    return {}


@pytest.fixture
def tiktok_sim(tiktok_sim_options: dict[str, Any]) -> Iterator[SimHandle]:
    """A fresh in-process fake TikTok, demo-seeded; `requests` to TikTok's hosts reach it."""
    with tiktok_mock(**tiktok_sim_options) as sim:
        yield sim
