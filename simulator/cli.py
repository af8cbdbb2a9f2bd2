"""`tiktok-sim`: run the fake TikTok and Flex, and steer a running simulator from a shell."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from .core.errors import SimError
from .core.scenarios import half_of, load_scenario_file
from .core.tenants import DEFAULT_TENANT, TENANT_HEADER

DEFAULT_HOST = "127.0.0.1"
DEFAULT_TIKTOK_PORT = 8600
DEFAULT_FLEX_PORT = 8700
APPS = {
    "tiktok": ("simulator.tiktok.app", "the fake TikTok"),
    "flex": ("simulator.flex.app", "Flex"),
}
DEMO_SIGN_INS = (
    ("creator", "creator@example.com", "demo"),
    ("marketer", "marketer@example.com", "demo"),
)

log = logging.getLogger("tiktok_sim")


class CliError(Exception):
    """A failure the CLI reports as one line on stderr, then exits non-zero."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# --------------------------------------------------------------------------- running servers


def _env_port(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise CliError(f"{name}={raw!r} is not a port number") from exc


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


def _control_config(args: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {}
    token = getattr(args, "control_token", None) or os.environ.get("SIM_CONTROL_TOKEN")
    if token:
        config["SIM_CONTROL_TOKEN"] = token
    if getattr(args, "allow_remote_control", False) or os.environ.get("SIM_CONTROL_ALLOW_REMOTE"):
        config["SIM_CONTROL_ALLOW_REMOTE"] = True
    return config


@dataclass
class AppPlan:
    """One app to start: how to build it, where, and what to load into it."""

    kind: str
    host: str
    port: int
    config: dict[str, Any] = field(default_factory=dict)
    dataset: str | None = "demo"
    scenario: dict[str, Any] | None = None


def _scenario_for(args: argparse.Namespace, kind: str) -> dict[str, Any] | None:
    seed_file = getattr(args, "seed_file", None)
    if seed_file:
        try:
            return half_of(load_scenario_file(seed_file), kind)
        except SimError as exc:
            raise CliError(exc.message) from exc
    return None


def build_app(plan: AppPlan) -> Any:
    """Create the app and load its default tenant (data set or scenario)."""
    from .control import control_hooks

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
    """Build, seed and serve the apps on waitress until Ctrl-C or SIGTERM; then save and stop."""
    from .serving import serve_in_thread

    apps = {plan.kind: build_app(plan) for plan in plans}
    store = None
    if state_file:
        from .control import control_hooks
        from .core.statefile import StateFile

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
                env = "TIKTOK_SIM_PORT" if plan.kind == "tiktok" else "FLEX_PORT"
                raise CliError(
                    f"cannot listen on {plan.host}:{plan.port} for {APPS[plan.kind][1]}: "
                    f"{exc.strerror or exc} (choose another port with {env} or a --*port flag)"
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
            store.save()
            print(f"state saved to {state_file}", flush=True)
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def _handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)


def _controls_lines(urls: dict[str, str], token: bool) -> list[str]:
    lines = ["", "Controls (tenants, reset, seed, snapshots, clock, faults, journal):"]
    lines += [f"  {url}/_sim/" for url in urls.values()]
    lines.append("  from a shell: tiktok-sim --help   (docs/controls.md has every control)")
    if token:
        lines.append("  they require Authorization: Bearer $SIM_CONTROL_TOKEN")
    if "tiktok" in urls:
        lines += ["", f"API description: {urls['tiktok']}/openapi.json"]
    return lines


def _up_banner(dataset: str | None, token: bool) -> Callable[[dict[str, str]], str]:
    def render(urls: dict[str, str]) -> str:
        lines = [
            "tiktok-sim is running",
            f"  fake TikTok  {urls['tiktok']}",
            f"  Flex         {urls['flex']}   <- open this on a phone (or a mobile emulator)",
        ]
        if dataset == "demo":
            lines += ["", "Demo sign-ins (Flex):"]
            lines += [f"  {role:<9} {email} / {pw}" for role, email, pw in DEMO_SIGN_INS]
        lines += _controls_lines(urls, token)
        lines += ["", "Ctrl-C stops both."]
        return "\n".join(lines)

    return render


def _single_banner(kind: str, token: bool) -> Callable[[dict[str, str]], str]:
    def render(urls: dict[str, str]) -> str:
        lines = [f"{APPS[kind][1]} is running at {urls[kind]}"]
        lines += _controls_lines(urls, token)
        lines += ["", "Ctrl-C stops it."]
        return "\n".join(lines)

    return render


def _dataset_arg(args: argparse.Namespace) -> str | None:
    return None if getattr(args, "seed_file", None) else args.dataset


def cmd_up(args: argparse.Namespace) -> int:
    """Start both apps, Flex pointed at the fake TikTok: what `make serve` runs."""
    host = args.host
    tiktok_port = args.tiktok_port or _env_port("TIKTOK_SIM_PORT", DEFAULT_TIKTOK_PORT)
    flex_port = args.flex_port or _env_port("FLEX_PORT", DEFAULT_FLEX_PORT)
    shown = "127.0.0.1" if host in {"0.0.0.0", ""} else host
    control = _control_config(args)
    base = {"SEED": args.seed, **control}
    tiktok_url = f"http://{shown}:{tiktok_port}"
    flex_url = f"http://{shown}:{flex_port}"
    plans = [
        AppPlan(
            "tiktok",
            host,
            tiktok_port,
            {**base, "PUBLIC_URL": tiktok_url},
            _dataset_arg(args),
            _scenario_for(args, "tiktok"),
        ),
        AppPlan(
            "flex",
            host,
            flex_port,
            {**base, "TIKTOK_BASE_URL": tiktok_url, "PUBLIC_URL": flex_url},
            _dataset_arg(args),
            _scenario_for(args, "flex"),
        ),
    ]
    return run_servers(
        plans,
        state_file=args.state_file,
        banner=_up_banner(_dataset_arg(args), "SIM_CONTROL_TOKEN" in control),
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the fake TikTok alone."""
    port = args.port if args.port is not None else _env_port("TIKTOK_SIM_PORT", DEFAULT_TIKTOK_PORT)
    control = _control_config(args)
    config = {"SEED": args.seed, **control}
    if args.public_url:
        config["PUBLIC_URL"] = args.public_url
    plan = AppPlan(
        "tiktok", args.host, port, config, _dataset_arg(args), _scenario_for(args, "tiktok")
    )
    return run_servers(
        [plan],
        state_file=args.state_file,
        banner=_single_banner("tiktok", "SIM_CONTROL_TOKEN" in control),
    )


def cmd_flex(args: argparse.Namespace) -> int:
    """Start Flex alone, talking to a fake TikTok (or any TikTok-shaped server) at --tiktok-url."""
    port = args.port if args.port is not None else _env_port("FLEX_PORT", DEFAULT_FLEX_PORT)
    tiktok_url = args.tiktok_url or (
        f"http://127.0.0.1:{_env_port('TIKTOK_SIM_PORT', DEFAULT_TIKTOK_PORT)}"
    )
    control = _control_config(args)
    config = {"SEED": args.seed, "TIKTOK_BASE_URL": tiktok_url.rstrip("/"), **control}
    if args.public_url:
        config["PUBLIC_URL"] = args.public_url
    plan = AppPlan("flex", args.host, port, config, _dataset_arg(args), _scenario_for(args, "flex"))
    return run_servers(
        [plan],
        state_file=args.state_file,
        banner=_single_banner("flex", "SIM_CONTROL_TOKEN" in control),
    )


# --------------------------------------------------------------------------- talking to a server


@dataclass
class Client:
    """A thin HTTP client for the /_sim endpoints of a running app."""

    url: str
    tenant: str | None = None
    token: str | None = None
    timeout: float = 10.0

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        accept: tuple[int, ...] = (),
    ) -> Any:
        """Make one control call; raise CliError with the server's message when it fails."""
        import requests

        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.tenant:
            headers[TENANT_HEADER] = self.tenant
        query = {k: v for k, v in (params or {}).items() if v is not None}
        url = f"{self.url.rstrip('/')}/_sim{path}"
        try:
            response = requests.request(
                method, url, json=body, params=query, headers=headers, timeout=self.timeout
            )
        except requests.ConnectionError as exc:
            raise CliError(
                f"cannot reach the simulator at {self.url} (is `tiktok-sim up` running?)", 2
            ) from exc
        except requests.Timeout as exc:
            raise CliError(f"the simulator at {self.url} did not answer in time", 2) from exc
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400 and response.status_code not in accept:
            error = data.get("error") if isinstance(data, dict) else None
            if isinstance(error, dict):
                detail = error.get("message") or error.get("code")
                raise CliError(f"{detail} (HTTP {response.status_code}, {error.get('code')})")
            raise CliError(f"{method} {url} answered HTTP {response.status_code}")
        return data


def _client(args: argparse.Namespace) -> Client:
    url = args.url
    if not url:
        if args.flex:
            url = f"http://127.0.0.1:{_env_port('FLEX_PORT', DEFAULT_FLEX_PORT)}"
        else:
            url = f"http://127.0.0.1:{_env_port('TIKTOK_SIM_PORT', DEFAULT_TIKTOK_PORT)}"
    token = args.token or os.environ.get("SIM_CONTROL_TOKEN")
    return Client(url, args.tenant, token)


def _print(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    if getattr(args, "json", False) or text is None:
        print(json.dumps(data, indent=2, sort_keys=True, default=str))
    else:
        print(text)


def _read_json_or_yaml(path: str) -> dict[str, Any]:
    try:
        return load_scenario_file(path)
    except SimError as exc:
        raise CliError(exc.message) from exc


def _load_source(args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if getattr(args, "dataset", None):
        body["dataset"] = args.dataset
    if getattr(args, "file", None):
        body["scenario"] = half_of(_read_json_or_yaml(args.file), "flex" if args.flex else "tiktok")
    if getattr(args, "faker_seed", None) is not None:
        body["faker_seed"] = args.faker_seed
    return body


def cmd_tenants(args: argparse.Namespace) -> int:
    """List, create or delete tenants."""
    client = _client(args)
    if args.action == "create":
        if not args.id:
            raise CliError("tenants create needs a tenant id")
        data = client.call("POST", "/tenants", body={"id": args.id, **_load_source(args)})
        _print(args, data, f"created tenant {data['tenant']}")
    elif args.action == "delete":
        if not args.id:
            raise CliError("tenants delete needs a tenant id")
        data = client.call("DELETE", f"/tenants/{args.id}")
        _print(args, data, f"deleted tenant {data['deleted']}")
    else:
        data = client.call("GET", "/tenants")
        _print(args, data, "\n".join(data["tenants"]) or "(no tenants yet)")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    """Reset one tenant (optionally reseeding it) or every tenant."""
    client = _client(args)
    body: dict[str, Any] = {"all": True} if args.all else {"tenant": args.tenant or DEFAULT_TENANT}
    body.update(_load_source(args))
    data = client.call("POST", "/reset", body=body)
    _print(args, data, "reset every tenant" if args.all else f"reset tenant {data['reset']}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    """Load a data set, a scenario file or a Faker-seeded world into a tenant."""
    body = _load_source(args)
    if not body:
        raise CliError("seed needs --dataset NAME, --file scenario.yaml or --faker-seed N")
    body["tenant"] = args.tenant or DEFAULT_TENANT
    data = _client(args).call("POST", "/seed", body=body)
    _print(args, data, f"seeded tenant {data['tenant']}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Save, restore, fork, list, delete, export and import snapshots."""
    client = _client(args)
    tenant = args.tenant or DEFAULT_TENANT
    action = args.action
    if action in {"save", "restore", "fork", "delete"} and not args.name:
        raise CliError(f"snapshot {action} needs a snapshot name")
    if action == "save":
        data = client.call("POST", "/snapshots", body={"name": args.name, "tenant": tenant})
        _print(args, data, f"saved tenant {tenant} as snapshot {args.name}")
    elif action == "restore":
        data = client.call("POST", f"/snapshots/{args.name}/restore", body={"tenant": tenant})
        _print(args, data, f"restored snapshot {args.name} into tenant {data['tenant']}")
    elif action == "fork":
        if not args.target:
            raise CliError("snapshot fork needs the new tenant's id: snapshot fork NAME NEW_TENANT")
        data = client.call("POST", f"/snapshots/{args.name}/fork", body={"tenant": args.target})
        _print(args, data, f"forked snapshot {args.name} into new tenant {data['tenant']}")
    elif action == "delete":
        data = client.call("DELETE", f"/snapshots/{args.name}")
        _print(args, data, f"deleted snapshot {args.name}")
    elif action == "export":
        data = client.call("GET", "/export", params={"tenant": tenant, "snapshot": args.name})
        text = json.dumps(data, indent=2, sort_keys=True)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
            print(f"exported tenant {tenant} to {args.out}")
        else:
            print(text)
    elif action == "import":
        source = args.name or args.file
        if not source:
            raise CliError("snapshot import needs a file: snapshot import state.json")
        try:
            document = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CliError(f"cannot read {source}: {exc}") from exc
        data = client.call("POST", "/import", body=document, params={"tenant": args.tenant})
        _print(args, data, f"imported into tenant(s) {', '.join(data['tenants'])}")
    else:
        data = client.call("GET", "/snapshots")
        rows = [
            f"{s['name']:<24} from {s['tenant']:<16} at {s['created']}" for s in data["snapshots"]
        ]
        _print(args, data, "\n".join(rows) or "(no snapshots)")
    return 0


def _clock_text(data: dict[str, Any]) -> str:
    state = "frozen" if data["frozen"] else "running"
    return f"{data['now']}  ({state}, {data['pending_timers']} timers pending)"


def cmd_clock(args: argparse.Namespace) -> int:
    """Show, freeze, unfreeze, set or advance a tenant's virtual clock."""
    client = _client(args)
    tenant = args.tenant or DEFAULT_TENANT
    action = args.action
    if action in {"set", "advance"} and not args.value:
        example = "2024-05-01T09:00:00Z" if action == "set" else "2h"
        raise CliError(f"clock {action} needs a value, e.g. clock {action} {example}")
    if action == "show":
        data = client.call("GET", "/clock", params={"tenant": tenant})
    else:
        body: dict[str, Any] = {"tenant": tenant}
        body[action] = args.value if action in {"set", "advance"} else True
        data = client.call("POST", "/clock", body=body)
    _print(args, data, _clock_text(data))
    return 0


def _fault_text(rule: dict[str, Any]) -> str:
    left = "always" if rule.get("remaining") is None else f"{rule['remaining']} left"
    if "event_type" in rule:
        what = f"webhook {rule['event_type']}: {rule['kind']}"
    else:
        what = f"{rule['method']} {rule['path']}: {rule['kind']}"
        if rule.get("http_status"):
            what += f" HTTP {rule['http_status']}"
        if rule.get("error_code") is not None:
            what += f" code {rule['error_code']}"
    return f"#{rule['id']:<4} {what} ({left}, hit {rule['hits']})"


def cmd_faults(args: argparse.Namespace) -> int:
    """List, add, remove or clear fault rules (API calls and webhook deliveries)."""
    client = _client(args)
    tenant = args.tenant or DEFAULT_TENANT
    if args.action == "add":
        if args.webhook:
            body: dict[str, Any] = {"tenant": tenant, "kind": args.webhook}
            body["event_type"] = args.path or "*"
            if args.delay:
                body["delay"] = args.delay
            if args.times is not None:
                body["times"] = args.times
            if args.probability is not None:
                body["probability"] = args.probability
            data = client.call("POST", "/faults/webhooks", body=body)
        else:
            if not args.path:
                raise CliError("faults add needs a path glob, e.g. faults add '/open_api/*' ...")
            body = {"tenant": tenant, "path": args.path, "kind": args.kind, "method": args.method}
            optional = {
                "http_status": args.status,
                "error_code": _maybe_int(args.code),
                "latency_ms": args.latency_ms,
                "times": args.times,
                "probability": args.probability,
                "seed": args.seed,
                "message": args.message,
            }
            body.update({k: v for k, v in optional.items() if v is not None})
            data = client.call("POST", "/faults", body=body)
        _print(args, data, f"added {_fault_text(data)}")
    elif args.action == "remove":
        if not args.path:
            raise CliError("faults remove needs a rule id, e.g. faults remove 3")
        data = client.call("DELETE", f"/faults/{args.path}", params={"tenant": tenant})
        _print(args, data, f"removed fault #{args.path}")
    elif args.action == "clear":
        data = client.call("DELETE", "/faults", params={"tenant": tenant})
        _print(args, data, f"cleared every fault rule of tenant {tenant}")
    else:
        data = client.call("GET", "/faults", params={"tenant": tenant})
        rules = data["faults"] + data.get("webhook_faults", [])
        _print(args, data, "\n".join(_fault_text(r) for r in rules) or "(no fault rules)")
    return 0


def _maybe_int(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else value


def _journal_line(entry: dict[str, Any]) -> str:
    query = "&".join(f"{k}={v}" for k, v in (entry.get("query") or {}).items())
    path = entry["path"] + (f"?{query}" if query else "")
    note = f"  [{entry['note']}]" if entry.get("note") else ""
    return (
        f"{entry['seq']:>5} {entry['time']} {entry['kind'][:3]} {entry['method']:<6} {path}"[:160]
        + f" -> {entry['status']}{note}"
    )


def cmd_journal(args: argparse.Namespace) -> int:
    """Show, clear or verify a tenant's journal of requests and webhooks."""
    client = _client(args)
    tenant = args.tenant or DEFAULT_TENANT
    if args.clear:
        data = client.call("DELETE", "/journal", params={"tenant": tenant})
        _print(args, data, f"cleared the journal of tenant {tenant}")
        return 0
    if args.verify:
        body: dict[str, Any] = {"tenant": tenant, "path": args.path, "method": args.method}
        if args.times is not None:
            body["times"] = args.times
        if args.body:
            try:
                body["body"] = json.loads(args.body)
            except ValueError as exc:
                raise CliError(f"--body must be JSON: {exc}") from exc
        data = client.call("POST", "/journal/verify", body=body, accept=(409,))
        if data.get("ok"):
            _print(args, data, data["message"])
            return 0
        if args.json:
            _print(args, data)
        else:
            print(f"tiktok-sim: {data['message']}", file=sys.stderr)
        return 1
    params = {
        "tenant": tenant,
        "path": args.path,
        "method": args.method,
        "kind": args.kind,
        "limit": args.limit,
    }
    data = client.call("GET", "/journal", params=params)
    _print(args, data, "\n".join(map(_journal_line, data["entries"])) or "(journal is empty)")
    return 0


# --------------------------------------------------------------------------- argument parsing


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)


MAIN_EPILOG = """\
start the simulator:
  tiktok-sim up                          fake TikTok on :8600 and Flex on :8700, demo data
  tiktok-sim serve --port 9000 --seed-file scenario.yaml --state-file state.json
  tiktok-sim flex --tiktok-url http://127.0.0.1:9000

steer a running simulator (fake TikTok by default, --flex for Flex, --url for any):
  tiktok-sim tenants create t1 --dataset demo
  tiktok-sim reset --tenant t1
  tiktok-sim snapshot save baseline --tenant t1
  tiktok-sim snapshot fork baseline t2
  tiktok-sim clock advance 2h --tenant t1
  tiktok-sim faults add '/open_api/v1.3/tcm/*' --kind error --code 40100 --times 2
  tiktok-sim faults add tto_video_published --webhook duplicate
  tiktok-sim journal --path '/open_api/*'
  tiktok-sim journal verify --method POST --path /open_api/v1.3/tto/tcm/campaign/create/

environment:
  TIKTOK_SIM_PORT, FLEX_PORT   default ports (8600, 8700)
  SIM_CONTROL_TOKEN            require (servers) or send (client commands) a bearer token
  SIM_CONTROL_ALLOW_REMOTE     let /_sim answer non-loopback callers

Every control is described in docs/controls.md.
"""


def _server_options(parser: argparse.ArgumentParser, *, single: bool) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface to listen on (%(default)s)")
    if single:
        parser.add_argument("--port", type=int, help="port to listen on")
        parser.add_argument("--public-url", help="base URL others reach this app at")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids (default %(default)s)")
    parser.add_argument(
        "--dataset",
        default="demo",
        choices=["demo", "empty"],
        help="data set for the default tenant (default %(default)s)",
    )
    parser.add_argument(
        "--seed-file", metavar="FILE", help="scenario (YAML or JSON) for the default tenant"
    )
    parser.add_argument(
        "--state-file",
        metavar="FILE",
        help="keep all state in FILE across restarts (loaded at start, saved atomically)",
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how chatty the server is (default %(default)s)",
    )
    parser.add_argument(
        "--control-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on /_sim (or set SIM_CONTROL_TOKEN)",
    )
    parser.add_argument(
        "--allow-remote-control",
        action="store_true",
        help="let /_sim answer callers that are not on loopback",
    )


def _client_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    group = parser.add_argument_group("which simulator")
    group.add_argument("--url", default=default, help="base URL (default http://127.0.0.1:8600)")
    group.add_argument(
        "--flex",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="talk to Flex (http://127.0.0.1:8700) instead of the fake TikTok",
    )
    group.add_argument(
        "--tenant", default=default, help=f"tenant to act on (default '{DEFAULT_TENANT}')"
    )
    group.add_argument("--token", default=default, help="bearer token (or SIM_CONTROL_TOKEN)")
    group.add_argument(
        "--json",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="print the raw JSON answer",
    )


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", help="a named data set: demo or empty")
    parser.add_argument("--file", help="a scenario file (YAML or JSON)")
    parser.add_argument("--faker-seed", type=int, help="a Faker-generated world from this seed")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with examples in each --help."""
    parser = argparse.ArgumentParser(
        prog="tiktok-sim",
        description=(
            "A local fake of TikTok's Creator Marketplace and a fake partner platform (Flex),\n"
            "with controls for tests: tenants, snapshots, a virtual clock, faults, a journal."
        ),
        epilog=MAIN_EPILOG,
        formatter_class=_Formatter,
    )
    _client_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str, epilog: str) -> Any:
        p = sub.add_parser(
            name, help=help_, description=help_, epilog=epilog, formatter_class=_Formatter
        )
        p.set_defaults(func=func)
        return p

    p = add(
        "up",
        cmd_up,
        "start the fake TikTok and Flex (what `make serve` runs)",
        "examples:\n  tiktok-sim up\n  TIKTOK_SIM_PORT=9600 FLEX_PORT=9700 tiktok-sim up\n"
        "  tiktok-sim up --state-file .sim-state.json",
    )
    p.add_argument("--tiktok-port", type=int, help="fake TikTok's port (TIKTOK_SIM_PORT, 8600)")
    p.add_argument("--flex-port", type=int, help="Flex's port (FLEX_PORT, 8700)")
    _server_options(p, single=False)

    p = add(
        "serve",
        cmd_serve,
        "start the fake TikTok only",
        "examples:\n  tiktok-sim serve\n  tiktok-sim serve --port 9000 --dataset empty\n"
        "  tiktok-sim serve --seed 7 --seed-file scenario.yaml --state-file state.json",
    )
    _server_options(p, single=True)

    p = add(
        "flex",
        cmd_flex,
        "start Flex only",
        "examples:\n  tiktok-sim flex --tiktok-url http://127.0.0.1:8600",
    )
    p.add_argument("--tiktok-url", help="where TikTok is (default http://127.0.0.1:8600)")
    _server_options(p, single=True)

    p = add(
        "tenants",
        cmd_tenants,
        "list, create or delete tenants",
        "examples:\n  tiktok-sim tenants\n  tiktok-sim tenants create t1 --dataset demo\n"
        "  tiktok-sim tenants delete t1",
    )
    p.add_argument("action", nargs="?", default="list", choices=["list", "create", "delete"])
    p.add_argument("id", nargs="?", help="tenant id (create, delete)")
    _source_options(p)
    _client_options(p, top=False)

    p = add(
        "reset",
        cmd_reset,
        "reset one tenant (optionally reseeding it) or every tenant",
        "examples:\n  tiktok-sim reset --tenant t1\n  tiktok-sim reset --tenant t1 --dataset demo\n"
        "  tiktok-sim reset --all",
    )
    p.add_argument("--all", action="store_true", help="remove every tenant")
    _source_options(p)
    _client_options(p, top=False)

    p = add(
        "seed",
        cmd_seed,
        "load a data set, a scenario file or a Faker-generated world into a tenant",
        "examples:\n  tiktok-sim seed --dataset demo --tenant t1\n"
        "  tiktok-sim seed --file scenario.yaml\n  tiktok-sim seed --faker-seed 42",
    )
    _source_options(p)
    _client_options(p, top=False)

    p = add(
        "snapshot",
        cmd_snapshot,
        "save, restore, fork, export or import a tenant's state",
        "examples:\n  tiktok-sim snapshot save baseline --tenant t1\n"
        "  tiktok-sim snapshot restore baseline --tenant t1\n"
        "  tiktok-sim snapshot fork baseline t2\n"
        "  tiktok-sim snapshot export --tenant t1 --out t1.json\n"
        "  tiktok-sim snapshot import t1.json --tenant t3\n  tiktok-sim snapshot list",
    )
    p.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "save", "restore", "fork", "delete", "export", "import"],
    )
    p.add_argument("name", nargs="?", help="snapshot name (import: the file)")
    p.add_argument("target", nargs="?", help="fork: the new tenant's id")
    p.add_argument("--out", help="export: write to this file instead of stdout")
    p.add_argument("--file", help="import: the file to read")
    _client_options(p, top=False)

    p = add(
        "clock",
        cmd_clock,
        "show or move a tenant's virtual clock",
        "examples:\n  tiktok-sim clock\n  tiktok-sim clock freeze\n  tiktok-sim clock advance 2h\n"
        "  tiktok-sim clock advance 1d --tenant t1\n  tiktok-sim clock set 2024-05-01T09:00:00Z",
    )
    p.add_argument(
        "action",
        nargs="?",
        default="show",
        choices=["show", "freeze", "unfreeze", "set", "advance"],
    )
    p.add_argument("value", nargs="?", help="set: ISO time; advance: a duration (90s, 2h, 1d)")
    _client_options(p, top=False)

    p = add(
        "faults",
        cmd_faults,
        "list, add, remove or clear fault rules",
        "examples:\n"
        "  tiktok-sim faults\n"
        "  tiktok-sim faults add '/open_api/v1.3/tcm/*' --code 40100 --times 2\n"
        "  tiktok-sim faults add '/open_api/*' --kind error --status 503 --probability 0.3\n"
        "  tiktok-sim faults add '/open_api/*' --kind latency --latency-ms 1500\n"
        "  tiktok-sim faults add '/open_api/*' --kind drop --times 1\n"
        "  tiktok-sim faults add tto_video_published --webhook duplicate\n"
        "  tiktok-sim faults add '*' --webhook delay --delay 5m\n"
        "  tiktok-sim faults remove 3\n  tiktok-sim faults clear",
    )
    p.add_argument("action", nargs="?", default="list", choices=["list", "add", "remove", "clear"])
    p.add_argument("path", nargs="?", help="add: path glob (or webhook event type); remove: id")
    p.add_argument(
        "--kind",
        default="error",
        choices=["error", "latency", "drop", "malformed"],
        help="what happens to a matching API call (default %(default)s)",
    )
    p.add_argument("--method", default="*", help="HTTP method to match (default any)")
    p.add_argument("--status", type=int, help="HTTP status to answer")
    p.add_argument("--code", help="TikTok error code to answer, e.g. 40100")
    p.add_argument("--message", help="error message to answer")
    p.add_argument("--latency-ms", type=int, help="delay before answering")
    p.add_argument("--times", type=int, help="only the next N matching calls")
    p.add_argument("--probability", type=float, help="hit matching calls at random (0..1)")
    p.add_argument("--seed", type=int, help="seed of that randomness")
    p.add_argument(
        "--webhook",
        choices=["delay", "duplicate", "reorder", "fail"],
        help="a webhook-delivery fault instead (PATH is then the event type glob)",
    )
    p.add_argument("--delay", help="webhook delay: a duration such as 30s or 5m")
    _client_options(p, top=False)

    p = add(
        "journal",
        cmd_journal,
        "show, clear or verify the requests and webhooks a tenant saw",
        "examples:\n  tiktok-sim journal\n  tiktok-sim journal --path '/open_api/*' --method GET\n"
        "  tiktok-sim journal --kind webhook\n  tiktok-sim journal --clear\n"
        "  tiktok-sim journal verify --method POST "
        "--path /open_api/v1.3/subscription/subscribe/ \\\n"
        '      --times 1 --body \'{"subscribe_entity": "TCM_VIDEOS"}\'',
    )
    p.add_argument("verify", nargs="?", choices=["verify"], help="check a call was made")
    p.add_argument("--path", help="exact path, or a prefix ending in '*'")
    p.add_argument("--method", help="HTTP method")
    p.add_argument(
        "--kind", choices=["request", "webhook"], help="requests served or webhooks sent"
    )
    p.add_argument("--limit", type=int, help="only the last N entries")
    p.add_argument("--clear", action="store_true", help="forget every entry")
    p.add_argument("--times", type=int, help="verify: exactly this many matching calls")
    p.add_argument("--body", help="verify: JSON the request body must contain (subset)")
    _client_options(p, top=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tiktok-sim` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(args, "log_level", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"tiktok-sim: {exc}", file=sys.stderr)
        return exc.exit_code
    except SimError as exc:
        print(f"tiktok-sim: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
