"""Root conftest: pytester, which the harness's own tests use. The harness itself (plugin and
step library) is switched on by `tiktok_sim_harness = true` in pyproject.toml."""

pytest_plugins = ["pytester"]
