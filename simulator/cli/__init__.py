"""`tiktok-sim`: run the fake TikTok and Flex, and steer a running simulator from a shell.

One job per module:
- `parser`: the command line (every flag and help text) and `main`, the console script;
- `servers`: `up`, `serve` and `flex`, which build, seed and serve the apps;
- `client`: the commands that talk to a running simulator's /_sim endpoints;
- `output`: how answers, banners and errors are printed;
- `common`: what they share (defaults, ports from the environment, `CliError`).
"""

from __future__ import annotations

from .client import Client
from .common import APPS, DEFAULT_FLEX_PORT, DEFAULT_HOST, DEFAULT_TIKTOK_PORT, CliError
from .parser import build_parser, main
from .servers import AppPlan, build_app, load_factory, run_servers

__all__ = [
    "APPS",
    "DEFAULT_FLEX_PORT",
    "DEFAULT_HOST",
    "DEFAULT_TIKTOK_PORT",
    "AppPlan",
    "CliError",
    "Client",
    "build_app",
    "build_parser",
    "load_factory",
    "main",
    "run_servers",
]
