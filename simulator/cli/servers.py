"""`tiktok-sim up`, `serve` and `flex`: build, seed and serve the apps in this process
(granian by default, see simulator/serving.py)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ..core.errors import SimError
from ..core.scenarios import half_of
from ..core.tenants import DEFAULT_TENANT
from .common import APPS, PORT_ENV, CliError, app_port, read_scenario_file
from .output import single_banner, up_banner

log = logging.getLogger("tiktok_sim")


def load_factory(kind: str) -> Callable[[dict[str, Any] | None], Any]:
    """The app factory for 'tiktok' or 'flex', imported only when a server is asked for."""
    module_name, label = APPS[kind]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise CliError(
                f"{label} is not built yet: {module_name} is missing "
                f"(it must define create_app(config))"
            ) from exc
        raise CliError(f"{label} cannot be loaded: {exc}") from exc
    except ImportError as exc:
        raise CliError(f"{label} cannot be loaded: {exc}") from exc
    factory = getattr(module, "create_app", None)
    if not callable(factory):
        raise CliError(f"{module_name} has no create_app(config)")
    return factory  # type: ignore[no-any-return]


@dataclass
class AppPlan:
    """One app to start: how to build it, where, and what to load into it."""

    kind: str
    host: str
    port: int
    config: dict[str, Any] = field(default_factory=dict)
    dataset: str | None = "demo"
    scenario: dict[str, Any] | None = None


def build_app(plan: AppPlan) -> Any:
    """Create the app and load its default tenant (data set or scenario)."""
    from ..control import control_hooks

    app = load_factory(plan.kind)(plan.config)
    try:
        hooks = control_hooks(app)
        if plan.scenario is not None:
            hooks.load(DEFAULT_TENANT, plan.scenario)
        elif plan.dataset:
            hooks.load(DEFAULT_TENANT, hooks.dataset(plan.dataset))
    except SimError as exc:
        raise CliError(f"cannot seed {APPS[plan.kind][1]}: {exc.message}") from exc
    return app


def run_servers(
    plans: Sequence[AppPlan],
    *,
    state_file: str | None = None,
    save_every: float = 10.0,
    banner: Callable[[dict[str, str]], str] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Build, seed and serve the apps until Ctrl-C or SIGTERM; then save and stop."""
    from ..serving import tune_for_serving

    previous = tune_for_serving()
    try:
        return _serve_apps(plans, state_file, save_every, banner, stop)
    finally:
        previous.restore()  # the process is the caller's again (a test's, say)


def _serve_apps(
    plans: Sequence[AppPlan],
    state_file: str | None,
    save_every: float,
    banner: Callable[[dict[str, str]], str] | None,
    stop: threading.Event | None,
) -> int:
    from ..serving import serve_in_thread

    apps = {plan.kind: build_app(plan) for plan in plans}
    store = None
    if state_file:
        from ..control import control_hooks
        from ..core.statefile import StateFile

        store = StateFile(
            Path(state_file), {kind: control_hooks(app).registry for kind, app in apps.items()}
        )
        loaded = store.load()
        if loaded:
            log.info("state loaded from %s (%s)", state_file, ", ".join(loaded))
    servers = []
    try:
        for plan in plans:
            try:
                servers.append(serve_in_thread(apps[plan.kind], plan.host, plan.port))
            except OSError as exc:
                raise CliError(
                    f"cannot listen on {plan.host}:{plan.port} for {APPS[plan.kind][1]}: "
                    f"{exc.strerror or exc} (choose another port with {PORT_ENV[plan.kind]} "
                    f"or a --*port flag)"
                ) from exc
        urls = {plan.kind: server.url for plan, server in zip(plans, servers, strict=False)}
        if banner is not None:
            print(banner(urls), flush=True)
        stop = stop or threading.Event()
        _stop_on_signals(stop)
        try:
            while not stop.wait(save_every if store else 3600):
                if store:
                    store.save()
        except KeyboardInterrupt:
            pass
    finally:
        for server in servers:
            server.stop()
        if store:
            store.close()
            print(f"state saved to {state_file}", flush=True)
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def _handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)


def _control_config(args: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {}
    token = getattr(args, "control_token", None) or os.environ.get("SIM_CONTROL_TOKEN")
    if token:
        config["SIM_CONTROL_TOKEN"] = token
    if getattr(args, "allow_remote_control", False) or os.environ.get("SIM_CONTROL_ALLOW_REMOTE"):
        config["SIM_CONTROL_ALLOW_REMOTE"] = True
    return config


def _dataset_arg(args: argparse.Namespace) -> str | None:
    return None if getattr(args, "seed_file", None) else args.dataset


def _plan(args: argparse.Namespace, kind: str, port: int, config: dict[str, Any]) -> AppPlan:
    """An app to start with the shared server flags: --host, --seed, the control settings,
    and what its default tenant holds (--dataset, or its half of --seed-file)."""
    scenario = half_of(read_scenario_file(args.seed_file), kind) if args.seed_file else None
    config = {"SEED": args.seed, **_control_config(args), **config}
    return AppPlan(kind, args.host, port, config, _dataset_arg(args), scenario)


def _serve(args: argparse.Namespace, plans: list[AppPlan]) -> int:
    token = "SIM_CONTROL_TOKEN" in _control_config(args)
    if len(plans) == 1:
        banner = single_banner(plans[0].kind, token)
    else:
        banner = up_banner(_dataset_arg(args), token)
    return run_servers(plans, state_file=args.state_file, banner=banner)


def _port(args: argparse.Namespace, kind: str) -> int:
    return int(args.port) if args.port is not None else app_port(kind)


def _serve_one(args: argparse.Namespace, kind: str, port: int, config: dict[str, Any]) -> int:
    if args.public_url:
        config["PUBLIC_URL"] = args.public_url
    return _serve(args, [_plan(args, kind, port, config)])


def cmd_up(args: argparse.Namespace) -> int:
    """Start both apps, Flex pointed at the fake TikTok: what `make serve` runs."""
    tiktok_port = args.tiktok_port or app_port("tiktok")
    flex_port = args.flex_port or app_port("flex")
    shown = "127.0.0.1" if args.host in {"0.0.0.0", ""} else args.host
    tiktok_url = f"http://{shown}:{tiktok_port}"
    flex_url = f"http://{shown}:{flex_port}"
    return _serve(
        args,
        [
            _plan(args, "tiktok", tiktok_port, {"PUBLIC_URL": tiktok_url}),
            _plan(args, "flex", flex_port, {"TIKTOK_BASE_URL": tiktok_url, "PUBLIC_URL": flex_url}),
        ],
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the fake TikTok alone."""
    return _serve_one(args, "tiktok", _port(args, "tiktok"), {})


def cmd_flex(args: argparse.Namespace) -> int:
    """Start Flex alone, talking to a fake TikTok (or any TikTok-shaped server) at --tiktok-url."""
    port = _port(args, "flex")
    tiktok_url = args.tiktok_url or f"http://127.0.0.1:{app_port('tiktok')}"
    return _serve_one(args, "flex", port, {"TIKTOK_BASE_URL": tiktok_url.rstrip("/")})
