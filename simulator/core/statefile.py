"""Tenants and snapshots as JSON documents, and a state file that survives restarts."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .clock import VirtualClock
from .codec import CodecError, TypeRegistry, decode, encode
from .errors import InvalidInput
from .ids import IdFactory
from .tenants import Snapshot, Tenant, TenantRegistry

FORMAT = "tiktok-sim/state"
VERSION = 1


def _clock_to_json(clock: VirtualClock) -> dict[str, Any]:
    frozen_at = clock._frozen_at
    return {
        "frozen_at": frozen_at.isoformat() if frozen_at is not None else None,
        "offset_s": clock._offset.total_seconds(),
    }


def _clock_from_json(data: dict[str, Any]) -> VirtualClock:
    clock = VirtualClock()
    if data.get("frozen_at"):
        clock._frozen_at = datetime.fromisoformat(data["frozen_at"])
    else:
        clock._offset = timedelta(seconds=float(data.get("offset_s", 0)))
    return clock


def encode_world(
    captured: tuple[object, VirtualClock, IdFactory], where: str = "state"
) -> dict[str, Any]:
    """A state, its clock and id source as JSON; pending timers cannot travel and are counted."""
    state, clock, ids = captured
    refs = {id(clock): "clock", id(ids): "ids"}
    out = {
        "state": encode(state, refs=refs, where=where),
        "clock": _clock_to_json(clock),
        "ids": encode(ids._random, where=f"{where}.ids"),
    }
    if clock.pending:
        out["dropped_timers"] = clock.pending
    return out


def decode_world(
    data: dict[str, Any], types: TypeRegistry, allow: tuple[str, ...]
) -> tuple[object, VirtualClock, IdFactory]:
    """The inverse of `encode_world`: a fresh (state, clock, ids) triple."""
    try:
        clock = _clock_from_json(data["clock"])
        ids = IdFactory()
        ids._random = decode(data["ids"], types)
        state = decode(data["state"], types, refs={"clock": clock, "ids": ids}, allow_modules=allow)
    except KeyError as exc:
        raise InvalidInput(f"state document lacks {exc.args[0]!r}", code="invalid_state") from exc
    except CodecError as exc:
        raise InvalidInput(str(exc), code="invalid_state") from exc
    return state, clock, ids


def _types_for(registry: TenantRegistry[Any]) -> tuple[TypeRegistry, tuple[str, ...]]:
    # A throwaway tenant tells us the state's root class without touching real tenants.
    probe: Tenant[Any] = registry._build("codec-probe")
    root = type(probe.state)
    package = root.__module__.split(".")[0]
    return TypeRegistry(root), (f"{package}.",)


def export_tenants(
    registry: TenantRegistry[Any],
    tenant_ids: list[str] | None = None,
    *,
    snapshots: bool = False,
) -> dict[str, Any]:
    """Tenants (all, or the ones named) and optionally every snapshot, as one JSON document."""
    tenants: dict[str, Any] = {}
    for tenant_id in registry.ids() if tenant_ids is None else tenant_ids:
        tenant = registry.get(tenant_id, create=False)
        try:
            world = encode_world(tenant.capture(), f"tenant {tenant_id}")
        except CodecError as exc:
            raise InvalidInput(str(exc), code="state_not_exportable") from exc
        world["credentials"] = registry.credentials_of(tenant_id)
        tenants[tenant_id] = world
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "tenants": tenants}
    if snapshots:
        document["snapshots"] = {s.name: export_snapshot(s) for s in registry.snapshots()}
    return document


def export_snapshot(snapshot: Snapshot) -> dict[str, Any]:
    """One snapshot as JSON."""
    try:
        world = encode_world(snapshot.captured, f"snapshot {snapshot.name}")
    except CodecError as exc:
        raise InvalidInput(str(exc), code="state_not_exportable") from exc
    world.update(tenant=snapshot.tenant, created=snapshot.created, credentials=snapshot.credentials)
    return world


def import_tenants(
    registry: TenantRegistry[Any], document: dict[str, Any], *, as_tenant: str | None = None
) -> list[str]:
    """Load a document made by `export_tenants`; returns the tenant ids it (re)created.

    `as_tenant` renames the single tenant of a one-tenant document (its credentials then
    stay unbound, as for a fork).
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"not a {FORMAT} document", code="invalid_state")
    if document.get("version") != VERSION:
        raise InvalidInput(
            f"state version {document.get('version')!r} is not {VERSION}", code="invalid_state"
        )
    tenants: dict[str, Any] = document.get("tenants") or {}
    if as_tenant and len(tenants) != 1:
        raise InvalidInput(
            f"the document holds {len(tenants)} tenants; import it without a tenant name",
            code="invalid_state",
        )
    types, allow = _types_for(registry)
    worlds = {tid: decode_world(data, types, allow) for tid, data in tenants.items()}
    snapshots = [
        Snapshot(
            name,
            str(data.get("tenant", "")),
            str(data.get("created", "")),
            decode_world(data, types, allow),
            list(data.get("credentials", [])),
        )
        for name, data in (document.get("snapshots") or {}).items()
    ]
    loaded = []
    for tenant_id, world in worlds.items():
        target = as_tenant or tenant_id
        tenant = registry.reset(target)
        tenant.restore(world)
        if not as_tenant:
            for credential in tenants[tenant_id].get("credentials", []):
                registry.bind_credential(credential, target)
        loaded.append(target)
    for snapshot in snapshots:
        registry.add_snapshot(snapshot)
    return loaded


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so a crash leaves either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class StateFile:
    """Every tenant and snapshot of one or more apps, kept in a JSON file across restarts."""

    def __init__(self, path: Path, registries: dict[str, TenantRegistry[Any]]) -> None:
        self.path = path
        self.registries = registries
        self._last = ""
        self._lock = threading.Lock()

    def load(self) -> list[str]:
        """Load the file if it exists; returns the apps it held state for."""
        if not self.path.exists():
            return []
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"cannot read state file {self.path}: {exc}") from exc
        if document.get("format") != FORMAT:
            raise InvalidInput(f"{self.path} is not a {FORMAT} file", code="invalid_state")
        loaded = []
        for app, registry in self.registries.items():
            part = (document.get("apps") or {}).get(app)
            if part is not None:
                import_tenants(registry, part)
                loaded.append(app)
        return loaded

    def dump(self) -> str:
        """The file's content for the apps' current state."""
        apps = {
            app: export_tenants(registry, snapshots=True)
            for app, registry in self.registries.items()
        }
        document = {"format": FORMAT, "version": VERSION, "apps": apps}
        return json.dumps(document, indent=1, sort_keys=True)

    def save(self) -> bool:
        """Write the state if it changed since the last save; True when the file was written."""
        with self._lock:
            text = self.dump()
            if text == self._last:
                return False
            write_atomically(self.path, text)
            self._last = text
            return True
