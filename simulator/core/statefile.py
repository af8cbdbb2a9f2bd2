"""Tenants and snapshots as JSON documents, and a state file that survives restarts."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .clock import VirtualClock
from .codec import CodecError, TypeRegistry, decode, encode
from .errors import InvalidInput, NotFound
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


_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tenants (app TEXT, id TEXT, doc TEXT, PRIMARY KEY (app, id))",
    "CREATE TABLE IF NOT EXISTS snapshots (app TEXT, name TEXT, doc TEXT, PRIMARY KEY (app, name))",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
)


def _digest(doc: str) -> bytes:
    return hashlib.blake2b(doc.encode(), digest_size=16).digest()


def _tenant_doc(registry: TenantRegistry[Any], tenant: Tenant[Any]) -> dict[str, Any]:
    """One tenant as `export_tenants` writes it, read under its lock without a deep copy."""
    with tenant.lock:
        try:
            world = encode_world((tenant.state, tenant.clock, tenant.ids), f"tenant {tenant.id}")
        except CodecError as exc:
            raise InvalidInput(str(exc), code="state_not_exportable") from exc
    world["credentials"] = registry.credentials_of(tenant.id)
    return world


class StateFile:
    """Every tenant and snapshot of one or more apps, kept across restarts and crashes.

    The file is an SQLite database in WAL mode with `synchronous=FULL`: a row per tenant and
    per snapshot, holding the same JSON `export_tenants` writes. Each app's registry calls
    `commit` (through `registry.on_commit`) after a request that changed something and before
    its answer goes out; the tenants it changed are written in one transaction, fsynced, so
    a `kill -9` loses nothing that was answered. Requests that change at once share a commit.
    SQLite's checkpoints fold the write-ahead log back into the file (the compaction); `close`
    checkpoints it whole, and SQLite removes its -wal and -shm files then. `save` writes
    whatever changed without a request (webhook deliveries, say): the server calls it every
    few seconds and on shutdown.
    """

    def __init__(self, path: Path, registries: dict[str, TenantRegistry[Any]]) -> None:
        self.path = path
        self.registries = registries
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        # (table, app, key) -> digest of the doc last written, to skip unchanged rows
        self._written: dict[tuple[str, str, str], bytes] = {}

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('format', ?), ('version', ?)",
                (FORMAT, str(VERSION)),
            )
            self._db = db
        return self._db

    def _read_legacy(self) -> dict[str, Any] | None:
        """A JSON state file of an older version (None when the file is SQLite or absent)."""
        if not self.path.exists():
            return None
        with open(self.path, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
        if head == _SQLITE_MAGIC or not head:
            return None
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"cannot read state file {self.path}: {exc}") from exc
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise InvalidInput(f"{self.path} is not a {FORMAT} file", code="invalid_state")
        return document

    def load(self) -> list[str]:
        """Load the file if it exists, and from then on keep the apps' changes in it; returns
        the apps it held state for. A JSON state file of an older version is loaded, kept
        beside as `<name>.v1.json`, and replaced by the database."""
        legacy = self._read_legacy()
        if legacy is not None:
            self.path.rename(self.path.with_name(f"{self.path.name}.v1.json"))
        try:
            db = self._connect()
            rows = db.execute("SELECT 'tenants', app, id, doc FROM tenants").fetchall()
            rows += db.execute("SELECT 'snapshots', app, name, doc FROM snapshots").fetchall()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise InvalidInput(f"cannot read state file {self.path}: {exc}") from exc
        documents: dict[str, dict[str, Any]] = dict((legacy or {}).get("apps") or {})
        for table, app, key, doc in rows:
            part = documents.setdefault(app, {"format": FORMAT, "version": VERSION})
            part.setdefault(table, {})[key] = json.loads(doc)
            self._written[(table, app, key)] = _digest(doc)
        loaded = []
        for app, registry in self.registries.items():
            if app in documents:
                import_tenants(registry, documents[app])
                loaded.append(app)
            registry.on_commit = functools.partial(self.commit, app)
        self.save()
        return loaded

    def commit(self, app: str) -> None:
        """Write the tenants and snapshots of `app` that changed since its last commit."""
        registry = self.registries[app]
        with self._lock:
            tenants, snapshots = registry.take_changes()
            if tenants or snapshots:
                self._write(app, registry, tenants, snapshots)

    def save(self) -> bool:
        """Write every tenant and snapshot whose content changed; True when something was."""
        with self._lock:
            wrote = False
            for app, registry in self.registries.items():
                registry.take_changes()  # all of them are looked at below
                known = {key for table, a, key in self._written if a == app and table == "tenants"}
                names = {n for t, a, n in self._written if a == app and t == "snapshots"}
                wrote |= self._write(
                    app,
                    registry,
                    known | set(registry.ids()),
                    names | {s.name for s in registry.snapshots()},
                )
            return wrote

    def _write(
        self, app: str, registry: TenantRegistry[Any], tenants: set[str], snapshots: set[str]
    ) -> bool:
        """One transaction: the given tenants and snapshots as they are now (rows of those
        that are gone removed); rows whose content is unchanged are not rewritten."""
        changes: list[tuple[str, str, str | None]] = []
        for tenant_id in sorted(tenants):
            try:
                tenant = registry.get(tenant_id, create=False)
            except NotFound:
                changes.append(("tenants", tenant_id, None))
                continue
            changes.append(
                ("tenants", tenant_id, json.dumps(_tenant_doc(registry, tenant), sort_keys=True))
            )
        by_name = {s.name: s for s in registry.snapshots()}
        for name in sorted(snapshots):
            found = by_name.get(name)
            text = None if found is None else json.dumps(export_snapshot(found), sort_keys=True)
            changes.append(("snapshots", name, text))
        changes = [
            c
            for c in changes
            if self._written.get((c[0], app, c[1])) != (None if c[2] is None else _digest(c[2]))
        ]
        if not changes:
            return False
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            for table, key, row in changes:
                column = "id" if table == "tenants" else "name"
                if row is None:
                    db.execute(f"DELETE FROM {table} WHERE app = ? AND {column} = ?", (app, key))
                else:
                    db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", (app, key, row))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        for table, key, row in changes:
            if row is None:
                self._written.pop((table, app, key), None)
            else:
                self._written[(table, app, key)] = _digest(row)
        return True

    def close(self) -> None:
        """Save what changed, fold the log into the file and close it (no -wal or -shm left)."""
        self.save()
        for registry in self.registries.values():
            registry.on_commit = None
        with self._lock:
            if self._db is not None:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._db.close()
                self._db = None
