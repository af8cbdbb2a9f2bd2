"""How `tiktok-sim` prints: raw JSON or one readable line per answer, and the servers' banners."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from .common import APPS

DEMO_SIGN_INS = (
    ("creator", "creator@example.com", "demo"),
    ("marketer", "marketer@example.com", "demo"),
)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print `text`, or the raw JSON answer when --json was given (or there is no text)."""
    if getattr(args, "json", False) or text is None:
        print(json.dumps(data, indent=2, sort_keys=True, default=str))
    else:
        print(text)


def lines_or(lines: list[str], empty: str) -> str:
    """One item per line, or `empty` when there are none."""
    return "\n".join(lines) or empty


def clock_text(data: dict[str, Any]) -> str:
    """`2024-05-01T09:00:00Z  (frozen, 2 timers pending)`."""
    state = "frozen" if data["frozen"] else "running"
    return f"{data['now']}  ({state}, {data['pending_timers']} timers pending)"


def fault_text(rule: dict[str, Any]) -> str:
    """`#1    GET /open_api/*: error HTTP 429 code 40100 (2 left, hit 0)`."""
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


def journal_line(entry: dict[str, Any]) -> str:
    """One journal entry: seq, virtual time, kind, method, path and query, status, note."""
    query = "&".join(f"{k}={v}" for k, v in (entry.get("query") or {}).items())
    path = entry["path"] + (f"?{query}" if query else "")
    note = f"  [{entry['note']}]" if entry.get("note") else ""
    return (
        f"{entry['seq']:>5} {entry['time']} {entry['kind'][:3]} {entry['method']:<6} {path}"[:160]
        + f" -> {entry['status']}{note}"
    )


def snapshot_line(snapshot: dict[str, Any]) -> str:
    """One snapshot: its name, the tenant it was taken from, and that tenant's time then."""
    return f"{snapshot['name']:<24} from {snapshot['tenant']:<16} at {snapshot['created']}"


def credentials_text(data: dict[str, Any]) -> str:
    """The tokens that lead to a tenant, and those a fork carried in (and where they lead)."""
    tenant = data["tenant"]
    lines = [f"lead to {tenant} by token: {', '.join(data['bound']) or '(none)'}"]
    if data.get("copied_from"):
        lines.append(
            f"copied from {data['copied_from']} (reach {tenant} with X-Sim-Tenant: {tenant}):"
        )
        for copied in data["copied"]:
            lines.append(f"  {copied['credential']} -> {copied['leads_to'] or '(no tenant)'}")
    return "\n".join(lines)


def _controls_lines(urls: dict[str, str], token: bool) -> list[str]:
    lines = ["", "Controls (tenants, reset, seed, snapshots, clock, faults, journal):"]
    lines += [f"  {url}/_sim/" for url in urls.values()]
    lines.append("  from a shell: tiktok-sim --help   (docs/controls.md has every control)")
    if token:
        lines.append("  they require Authorization: Bearer $SIM_CONTROL_TOKEN")
    if "tiktok" in urls:
        lines += ["", f"API description: {urls['tiktok']}/openapi.json"]
    return lines


def up_banner(dataset: str | None, token: bool) -> Callable[[dict[str, str]], str]:
    """What `tiktok-sim up` prints once both apps listen: URLs, demo sign-ins, controls."""

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


def single_banner(kind: str, token: bool) -> Callable[[dict[str, str]], str]:
    """What `serve` and `flex` print once their app listens."""

    def render(urls: dict[str, str]) -> str:
        lines = [f"{APPS[kind][1]} is running at {urls[kind]}"]
        lines += _controls_lines(urls, token)
        lines += ["", "Ctrl-C stops it."]
        return "\n".join(lines)

    return render
