"""What every `tiktok-sim` command shares: defaults, ports from the environment, `CliError`."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..core.errors import SimError
from ..core.scenarios import load_scenario_file
from ..core.tenants import DEFAULT_TENANT

DEFAULT_HOST = "127.0.0.1"
DEFAULT_TIKTOK_PORT = 8600
DEFAULT_FLEX_PORT = 8700
# kind -> (module with create_app(config), the name the CLI calls it by)
APPS = {
    "tiktok": ("simulator.tiktok.app", "the fake TikTok"),
    "flex": ("simulator.flex.app", "Flex"),
}
PORT_ENV = {"tiktok": "TIKTOK_SIM_PORT", "flex": "FLEX_PORT"}
DEFAULT_PORTS = {"tiktok": DEFAULT_TIKTOK_PORT, "flex": DEFAULT_FLEX_PORT}


class CliError(Exception):
    """A failure the CLI reports as one line on stderr, then exits non-zero."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def env_port(name: str, default: int) -> int:
    """The port in environment variable `name`, else `default`."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise CliError(f"{name}={raw!r} is not a port number") from exc


def app_port(kind: str) -> int:
    """An app's port unless told otherwise: TIKTOK_SIM_PORT / FLEX_PORT, else 8600 / 8700."""
    return env_port(PORT_ENV[kind], DEFAULT_PORTS[kind])


def local_url(kind: str) -> str:
    """Where an app runs on this machine by default."""
    return f"http://127.0.0.1:{app_port(kind)}"


def tenant_of(args: argparse.Namespace) -> str:
    """The tenant a command acts on: --tenant, else 'default'."""
    return str(args.tenant or DEFAULT_TENANT)


def read_scenario_file(path: str) -> dict[str, Any]:
    """A scenario file (YAML or JSON), or a CliError saying why it cannot be read."""
    try:
        return load_scenario_file(path)
    except SimError as exc:
        raise CliError(exc.message) from exc
