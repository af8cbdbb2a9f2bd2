"""What a pytester subprocess needs to load the harness plugin (its project has no
`tiktok_sim_harness = true`, so the installed switch leaves the harness off)."""

from __future__ import annotations

PLUGIN = "simulator.harness.plugin"


def harness_plugin_args() -> list[str]:
    """`-p simulator.harness.plugin`: switch the harness on for one run."""
    return ["-p", PLUGIN]
