"""What a pytester subprocess needs to load the harness plugin exactly once."""

from __future__ import annotations

from importlib.metadata import entry_points

PLUGIN = "simulator.harness.plugin"


def harness_plugin_args() -> list[str]:
    """`-p simulator.harness.plugin`, unless the installed entry point loads it already."""
    if any(ep.value == PLUGIN for ep in entry_points(group="pytest11")):
        return []
    return ["-p", PLUGIN]
