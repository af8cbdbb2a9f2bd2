"""Root conftest: loads the BDD harness plugin and the step library (and pytester, which
the harness's own tests use).

When the project is installed with its pytest11 entry points, pytest already loaded the
harness and the steps; naming them again here would register them twice, so only the
missing ones are listed.
"""

from importlib.metadata import entry_points

_WANTED = ("simulator.harness.plugin", "steps.library")
_LOADED_BY_ENTRY_POINT = {ep.value for ep in entry_points(group="pytest11")}

pytest_plugins = [name for name in _WANTED if name not in _LOADED_BY_ENTRY_POINT]
pytest_plugins.append("pytester")
