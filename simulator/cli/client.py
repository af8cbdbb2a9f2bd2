"""The commands that steer a running simulator through its /_sim endpoints.

`tenants`, `reset`, `seed`, `snapshot`, `clock`, `faults` and `journal`: each turns its flags
into one control call, then prints the answer (a readable line, or JSON with --json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.scenarios import half_of
from ..core.tenants import TENANT_HEADER
from .common import CliError, local_url, read_scenario_file, tenant_of
from .output import (
    clock_text,
    credentials_text,
    emit,
    fault_text,
    journal_line,
    lines_or,
    snapshot_line,
)

# the readable line for an answer: fixed, or made from the answer
Text = str | Callable[[Any], str]


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

    def show(self, args: argparse.Namespace, method: str, path: str, text: Text, **kw: Any) -> int:
        """Make one control call and print its answer as `text` (or JSON with --json)."""
        data = self.call(method, path, **kw)
        emit(args, data, text(data) if callable(text) else text)
        return 0


def make_client(args: argparse.Namespace) -> Client:
    """A client for --url, else the local Flex (--flex) or fake TikTok, with --token or
    $SIM_CONTROL_TOKEN."""
    url = args.url or local_url("flex" if args.flex else "tiktok")
    token = args.token or os.environ.get("SIM_CONTROL_TOKEN")
    return Client(url, args.tenant, token)


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _load_source(args: argparse.Namespace) -> dict[str, Any]:
    """What to load into a tenant: --dataset, --file (this app's half) and/or --faker-seed."""
    body: dict[str, Any] = {}
    if getattr(args, "dataset", None):
        body["dataset"] = args.dataset
    if getattr(args, "file", None):
        body["scenario"] = half_of(read_scenario_file(args.file), "flex" if args.flex else "tiktok")
    if getattr(args, "faker_seed", None) is not None:
        body["faker_seed"] = args.faker_seed
    return body


def _need(value: Any, message: str) -> None:
    if not value:
        raise CliError(message)


def cmd_tenants(args: argparse.Namespace) -> int:
    """List, create or delete tenants, or show which tokens lead to one."""
    client = make_client(args)
    if args.action == "list":
        return client.show(
            args, "GET", "/tenants", lambda d: lines_or(d["tenants"], "(no tenants yet)")
        )
    _need(args.id, f"tenants {args.action} needs a tenant id")
    if args.action == "credentials":
        return client.show(args, "GET", f"/tenants/{args.id}/credentials", credentials_text)
    if args.action == "create":
        return client.show(
            args,
            "POST",
            "/tenants",
            lambda d: f"created tenant {d['tenant']}",
            body={"id": args.id, **_load_source(args)},
        )
    return client.show(
        args, "DELETE", f"/tenants/{args.id}", lambda d: f"deleted tenant {d['deleted']}"
    )


def cmd_reset(args: argparse.Namespace) -> int:
    """Reset one tenant (optionally reseeding it) or every tenant."""
    client = make_client(args)
    body: dict[str, Any] = {"all": True} if args.all else {"tenant": tenant_of(args)}
    body.update(_load_source(args))
    text: Text = "reset every tenant" if args.all else (lambda d: f"reset tenant {d['reset']}")
    return client.show(args, "POST", "/reset", text, body=body)


def cmd_seed(args: argparse.Namespace) -> int:
    """Load a data set, a scenario file or a Faker-seeded world into a tenant."""
    body = _load_source(args)
    _need(body, "seed needs --dataset NAME, --file scenario.yaml or --faker-seed N")
    body["tenant"] = tenant_of(args)
    return make_client(args).show(
        args, "POST", "/seed", lambda d: f"seeded tenant {d['tenant']}", body=body
    )


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Save, restore, fork, list, delete, export and import snapshots."""
    client = make_client(args)
    tenant = tenant_of(args)
    action, name = args.action, args.name
    if action in {"save", "restore", "fork", "delete"}:
        _need(name, f"snapshot {action} needs a snapshot name")
    if action == "save":
        text = f"saved tenant {tenant} as snapshot {name}"
        return client.show(args, "POST", "/snapshots", text, body={"name": name, "tenant": tenant})
    if action == "restore":
        return client.show(
            args,
            "POST",
            f"/snapshots/{name}/restore",
            lambda d: f"restored snapshot {name} into tenant {d['tenant']}",
            body={"tenant": tenant},
        )
    if action == "fork":
        _need(args.target, "snapshot fork needs the new tenant's id: snapshot fork NAME NEW_TENANT")
        return client.show(
            args,
            "POST",
            f"/snapshots/{name}/fork",
            lambda d: f"forked snapshot {name} into new tenant {d['tenant']}",
            body={"tenant": args.target},
        )
    if action == "delete":
        return client.show(args, "DELETE", f"/snapshots/{name}", f"deleted snapshot {name}")
    if action == "export":
        return _export(args, client, tenant)
    if action == "import":
        return _import(args, client)
    return client.show(
        args,
        "GET",
        "/snapshots",
        lambda d: lines_or([snapshot_line(s) for s in d["snapshots"]], "(no snapshots)"),
    )


def _export(args: argparse.Namespace, client: Client, tenant: str) -> int:
    data = client.call("GET", "/export", params={"tenant": tenant, "snapshot": args.name})
    text = json.dumps(data, indent=2, sort_keys=True)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"exported tenant {tenant} to {args.out}")
    else:
        print(text)
    return 0


def _import(args: argparse.Namespace, client: Client) -> int:
    source = args.name or args.file
    _need(source, "snapshot import needs a file: snapshot import state.json")
    try:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read {source}: {exc}") from exc
    return client.show(
        args,
        "POST",
        "/import",
        lambda d: f"imported into tenant(s) {', '.join(d['tenants'])}",
        body=document,
        params={"tenant": args.tenant},
    )


def cmd_clock(args: argparse.Namespace) -> int:
    """Show, freeze, unfreeze, set or advance a tenant's virtual clock."""
    client = make_client(args)
    tenant = tenant_of(args)
    action = args.action
    if action in {"set", "advance"} and not args.value:
        example = "2024-05-01T09:00:00Z" if action == "set" else "2h"
        raise CliError(f"clock {action} needs a value, e.g. clock {action} {example}")
    if action == "show":
        return client.show(args, "GET", "/clock", clock_text, params={"tenant": tenant})
    body = {"tenant": tenant, action: args.value if action in {"set", "advance"} else True}
    return client.show(args, "POST", "/clock", clock_text, body=body)


def _maybe_int(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else value


def _fault_body(args: argparse.Namespace, tenant: str) -> tuple[str, dict[str, Any]]:
    """The endpoint and body that add the rule `faults add` describes."""
    if args.webhook:
        body = {"tenant": tenant, "kind": args.webhook, "event_type": args.path or "*"}
        body.update(
            _present(
                delay=args.delay or None,
                http_status=args.status,
                times=args.times,
                probability=args.probability,
                seed=args.seed,
            )
        )
        return "/faults/webhooks", body
    _need(args.path, "faults add needs a path glob, e.g. faults add '/open_api/*' ...")
    body = {"tenant": tenant, "path": args.path, "kind": args.kind, "method": args.method}
    body.update(
        _present(
            http_status=args.status,
            error_code=_maybe_int(args.code),
            latency_ms=args.latency_ms,
            times=args.times,
            probability=args.probability,
            seed=args.seed,
            message=args.message,
        )
    )
    return "/faults", body


def cmd_faults(args: argparse.Namespace) -> int:
    """List, add, remove or clear fault rules (API calls and webhook deliveries)."""
    client = make_client(args)
    tenant = tenant_of(args)
    params = {"tenant": tenant}
    if args.action == "add":
        path, body = _fault_body(args, tenant)
        return client.show(args, "POST", path, lambda d: f"added {fault_text(d)}", body=body)
    if args.action == "remove":
        _need(args.path, "faults remove needs a rule id, e.g. faults remove 3")
        return client.show(
            args, "DELETE", f"/faults/{args.path}", f"removed fault #{args.path}", params=params
        )
    if args.action == "clear":
        text = f"cleared every fault rule of tenant {tenant}"
        return client.show(args, "DELETE", "/faults", text, params=params)

    def listing(data: dict[str, Any]) -> str:
        rules = data["faults"] + data.get("webhook_faults", [])
        return lines_or([fault_text(r) for r in rules], "(no fault rules)")

    return client.show(args, "GET", "/faults", listing, params=params)


def cmd_journal(args: argparse.Namespace) -> int:
    """Show, clear or verify a tenant's journal of requests and webhooks."""
    client = make_client(args)
    tenant = tenant_of(args)
    if args.clear:
        text = f"cleared the journal of tenant {tenant}"
        return client.show(args, "DELETE", "/journal", text, params={"tenant": tenant})
    if args.verify:
        return _verify(args, client, tenant)
    params = {
        "tenant": tenant,
        "path": args.path,
        "method": args.method,
        "kind": args.kind,
        "limit": args.limit,
    }
    return client.show(
        args,
        "GET",
        "/journal",
        lambda d: lines_or([journal_line(e) for e in d["entries"]], "(journal is empty)"),
        params=params,
    )


def _verify(args: argparse.Namespace, client: Client, tenant: str) -> int:
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
        emit(args, data, data["message"])
        return 0
    if args.json:
        emit(args, data)
    else:
        print(f"tiktok-sim: {data['message']}", file=sys.stderr)
    return 1
