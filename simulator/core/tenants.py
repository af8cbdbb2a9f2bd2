"""Isolated per-tenant state, so parallel test workers can share one server."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from .clock import VirtualClock
from .errors import InvalidInput, NotFound
from .faults import FaultSet
from .ids import IdFactory
from .journal import Journal

DEFAULT_TENANT = "default"
TENANT_HEADER = "X-Sim-Tenant"
TENANT_COOKIE = "sim_tenant"
_TENANT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

S = TypeVar("S")


def check_tenant_id(tenant_id: str) -> str:
    """Refuse tenant ids that could not travel safely in a header, cookie or file name."""
    if not _TENANT_ID.match(tenant_id or ""):
        raise InvalidInput(
            f"tenant id {tenant_id!r} must be 1-64 letters, digits, '.', '_' or '-'",
            code="invalid_tenant",
        )
    return tenant_id


@dataclass
class Snapshot:
    """A tenant's state, clock and id source saved under a name, kept by the registry.

    Snapshots outlive a reset of the tenant they were taken from, and can be restored
    into it or forked into new tenants any number of times.
    """

    name: str
    tenant: str
    created: str  # the tenant's virtual time when it was taken, ISO-8601
    captured: tuple[object, VirtualClock, IdFactory]
    credentials: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, object]:
        """The snapshot as the control API lists it."""
        return {"name": self.name, "tenant": self.tenant, "created": self.created}


@dataclass
class Tenant(Generic[S]):
    """One tenant's world: its state, clock, id source, journal and fault rules.

    `lock` serializes every change to the tenant, so invariants hold under concurrent
    requests. Timer actions scheduled on `clock` must be bound methods (or partials
    of them) of objects inside `state`, so a snapshot carries them along.
    """

    id: str
    clock: VirtualClock
    ids: IdFactory
    state: S = field(init=False)
    journal: Journal = field(default_factory=Journal)
    faults: FaultSet = field(default_factory=FaultSet)
    lock: threading.RLock = field(default_factory=threading.RLock)
    snapshots: dict[str, tuple[object, VirtualClock, IdFactory]] = field(default_factory=dict)
    settle_state: Callable[[S, datetime], None] | None = None

    def settle(self) -> None:
        """Bring the state up to the clock: fire due timers, then the app's `settle_state`.

        Time-based transitions are best kept as due times inside the state, applied by the
        settle function the app gives its registry (`TenantRegistry(..., settle=...)`): the
        state then stays plain data that snapshots and JSON export carry.
        """
        self.clock.run_due()
        if self.settle_state is not None:
            self.settle_state(self.state, self.clock.now())

    def capture(self) -> tuple[object, VirtualClock, IdFactory]:
        """A deep copy of the state, clock and id source (not journal, faults or snapshots)."""
        with self.lock:
            return copy.deepcopy((self.state, self.clock, self.ids))

    def restore(self, captured: tuple[object, VirtualClock, IdFactory]) -> None:
        """Put back a capture (copied again, so it can be restored many times)."""
        state, clock, ids = copy.deepcopy(captured)
        with self.lock:
            self.state = state  # type: ignore[assignment]
            self.clock = clock
            self.ids = ids


class TenantRegistry(Generic[S]):
    """Creates tenants on first use and finds the tenant a request belongs to.

    `make_state(tenant)` builds a tenant's empty (or seeded) state; it may keep a
    reference to `tenant.clock` and `tenant.ids`. `settle(state, now)` applies the state's
    due transitions (each request settles its tenant first).
    """

    def __init__(
        self,
        make_state: Callable[[Tenant[S]], S],
        *,
        seed: int | str = 0,
        settle: Callable[[S, datetime], None] | None = None,
    ) -> None:
        self._make_state = make_state
        self._settle = settle
        self._seed = seed
        self._tenants: dict[str, Tenant[S]] = {}
        self._credentials: dict[str, str] = {}
        self._lock = threading.RLock()
        self._snapshots: dict[str, Snapshot] = {}
        # credentials bound while a tenant's replacement is being seeded (see `replacing`)
        self._staged: dict[str, set[str]] = {}
        # what changed since a durable store last took the changes (see `commit`)
        self._changed: set[str] = set()
        self._snapshots_changed: set[str] = set()
        self.on_commit: Callable[[], None] | None = None

    # Changes, for a durable store: the registry notes which tenants and snapshots changed;
    # `commit()` (after a request that changed something, before its answer goes out) asks
    # the store, if there is one, to write them.

    def touch(self, tenant_id: str) -> None:
        """Note that a tenant's state changed (or that it came or went)."""
        with self._lock:
            self._changed.add(tenant_id)

    def take_changes(self) -> tuple[set[str], set[str]]:
        """The tenants and snapshots changed since the last call (for the durable store)."""
        with self._lock:
            tenants, self._changed = self._changed, set()
            snapshots, self._snapshots_changed = self._snapshots_changed, set()
            return tenants, snapshots

    def commit(self) -> None:
        """Make the noted changes durable, if a store is attached; never call it while
        holding a tenant's lock (the store takes each changed tenant's lock to read it)."""
        hook = self.on_commit
        if hook is not None:
            hook()

    def _build(self, tenant_id: str) -> Tenant[S]:
        tenant: Tenant[S] = Tenant(
            id=tenant_id,
            clock=VirtualClock(),
            ids=IdFactory(f"{self._seed}:{tenant_id}"),
            settle_state=self._settle,
        )
        tenant.state = self._make_state(tenant)
        return tenant

    def get(self, tenant_id: str = DEFAULT_TENANT, *, create: bool = True) -> Tenant[S]:
        """The tenant with this id, created empty on first use unless create=False."""
        with self._lock:
            tenant = self._tenants.get(tenant_id)
            if tenant is None:
                if not create:
                    raise NotFound(f"no tenant {tenant_id!r}", code="tenant_not_found")
                tenant = self._build(check_tenant_id(tenant_id))
                self._tenants[tenant_id] = tenant
                self._changed.add(tenant_id)
            return tenant

    def ids(self) -> list[str]:
        """Every tenant that exists now."""
        with self._lock:
            return sorted(self._tenants)

    def reset(self, tenant_id: str) -> Tenant[S]:
        """Give the tenant fresh empty state, a fresh clock and an empty journal."""
        with self._lock:
            self._forget_credentials(tenant_id)
            tenant = self._build(check_tenant_id(tenant_id))
            self._tenants[tenant_id] = tenant
            self._changed.add(tenant_id)
            return tenant

    def delete(self, tenant_id: str) -> None:
        """Remove a tenant and every credential bound to it."""
        with self._lock:
            if self._tenants.pop(tenant_id, None) is None:
                raise NotFound(f"no tenant {tenant_id!r}", code="tenant_not_found")
            self._forget_credentials(tenant_id)
            self._changed.add(tenant_id)

    def reset_all(self) -> None:
        """Remove every tenant."""
        with self._lock:
            self._changed.update(self._tenants)
            self._tenants.clear()
            self._credentials.clear()

    def bind_credential(self, credential: str, tenant_id: str) -> None:
        """Remember that a token or key belongs to a tenant, so requests carrying it land there.

        The first tenant to hold a credential keeps it while it exists: seeding the same
        data set into a second tenant (the demo's fixed brand token, say) does not pull the
        first tenant's clients over; the second is reached by its X-Sim-Tenant header.
        """
        with self._lock:
            holder = self._credentials.get(credential)
            if holder is not None and holder != tenant_id and holder in self._tenants:
                return
            self._credentials[credential] = tenant_id
            self._changed.add(tenant_id)
            staged = self._staged.get(tenant_id)
            if staged is not None:
                staged.add(credential)

    def tenant_of_credential(self, credential: str | None) -> str | None:
        """The tenant a token or key was issued in, if any."""
        if not credential:
            return None
        with self._lock:
            return self._credentials.get(credential)

    def _forget_credentials(self, tenant_id: str) -> None:
        for credential in [c for c, t in self._credentials.items() if t == tenant_id]:
            del self._credentials[credential]

    def resolve(
        self,
        *,
        header: str | None = None,
        credential: str | None = None,
        cookie: str | None = None,
        create: bool = False,
    ) -> Tenant[S]:
        """The tenant a request belongs to: its header, else its credentials, else its cookie.

        A request never makes a tenant come into being (only the control plane does), except
        'default', the tenant of requests that name none, or when `create` is set (the
        SIM_AUTO_TENANTS setting, for a developer alone on their machine). An id that could not
        travel safely is refused (InvalidInput), an unknown one is NotFound.
        """
        tenant_id = header or self.tenant_of_credential(credential) or cookie or DEFAULT_TENANT
        with self._lock:
            tenant = self._tenants.get(tenant_id)
        if tenant is not None:
            return tenant
        check_tenant_id(tenant_id)
        if create or tenant_id == DEFAULT_TENANT:
            return self.get(tenant_id)
        raise NotFound(
            f"no tenant {tenant_id!r} on this server: tenants are made through the control "
            f"plane (POST /_sim/tenants, or `tiktok-sim tenants create {tenant_id}`)",
            code="tenant_not_found",
        )

    @contextmanager
    def replacing(self, tenant_id: str) -> Iterator[Tenant[S]]:
        """A fresh tenant to fill, put in place of `tenant_id` only if the block succeeds.

        While the block runs (seeding, say), the old tenant (if any) goes on serving; when
        the block raises, nothing changes: no half-made tenant, and the credentials the
        block bound are let go. On success the old tenant's credentials that the new one
        did not bind again are forgotten, as `reset` does.
        """
        tenant = self._build(check_tenant_id(tenant_id))
        with self._lock:
            if tenant_id in self._staged:
                raise InvalidInput(
                    f"tenant {tenant_id!r} is being replaced by another call",
                    code="tenant_busy",
                )
            before = {c for c, t in self._credentials.items() if t == tenant_id}
            staged = self._staged[tenant_id] = set()
        try:
            yield tenant
        except BaseException:
            with self._lock:
                for credential in staged - before:
                    self._credentials.pop(credential, None)
            raise
        finally:
            with self._lock:
                self._staged.pop(tenant_id, None)
        with self._lock:
            for credential in before - staged:
                self._credentials.pop(credential, None)
            self._tenants[tenant_id] = tenant
            self._changed.add(tenant_id)

    @contextmanager
    def locked(self, tenant_id: str) -> Iterator[Tenant[S]]:
        """Hold a tenant's lock, firing its due timers first."""
        tenant = self.get(tenant_id)
        with tenant.lock:
            tenant.settle()
            yield tenant

    def credentials_of(self, tenant_id: str) -> list[str]:
        """Every token or key bound to a tenant (what an export carries along)."""
        with self._lock:
            return sorted(c for c, t in self._credentials.items() if t == tenant_id)

    # Snapshots: named, registry-wide, so they survive a reset of their tenant.

    def save_snapshot(self, tenant_id: str, name: str) -> Snapshot:
        """Capture a tenant under `name` (replacing an older snapshot of that name)."""
        check_tenant_id(name)
        tenant = self.get(tenant_id, create=False)
        with tenant.lock:
            created = tenant.clock.now().isoformat().replace("+00:00", "Z")
            snapshot = Snapshot(
                name, tenant_id, created, tenant.capture(), self.credentials_of(tenant_id)
            )
        with self._lock:
            self._snapshots[name] = snapshot
            self._snapshots_changed.add(name)
        return snapshot

    def snapshot(self, name: str) -> Snapshot:
        """The snapshot called `name`, or NotFound naming the ones that exist."""
        with self._lock:
            found = self._snapshots.get(name)
            if found is None:
                known = ", ".join(sorted(self._snapshots)) or "none"
                raise NotFound(f"no snapshot {name!r} (known: {known})", code="snapshot_not_found")
            return found

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, by name."""
        with self._lock:
            return [self._snapshots[n] for n in sorted(self._snapshots)]

    def add_snapshot(self, snapshot: Snapshot) -> None:
        """Keep a snapshot built elsewhere (an import from JSON)."""
        with self._lock:
            self._snapshots[snapshot.name] = snapshot
            self._snapshots_changed.add(snapshot.name)

    def delete_snapshot(self, name: str) -> None:
        """Forget a snapshot."""
        self.snapshot(name)
        with self._lock:
            self._snapshots.pop(name, None)
            self._snapshots_changed.add(name)

    def restore_snapshot(self, name: str, tenant_id: str | None = None) -> Tenant[S]:
        """Put a snapshot back into a tenant (by default the one it was taken from)."""
        snapshot = self.snapshot(name)
        target = tenant_id or snapshot.tenant
        tenant = self.get(target)
        tenant.restore(snapshot.captured)
        self.touch(target)
        if target == snapshot.tenant:
            for credential in snapshot.credentials:
                self.bind_credential(credential, target)
        return tenant

    def fork_snapshot(self, name: str, new_tenant_id: str) -> Tenant[S]:
        """A new tenant (replacing one of that id) that starts from a snapshot.

        The fork's credentials stay bound to the snapshot's own tenant, so requests reach
        the fork by the X-Sim-Tenant header (or cookie), never by token.
        """
        snapshot = self.snapshot(name)
        tenant = self.reset(new_tenant_id)
        tenant.restore(snapshot.captured)
        self.touch(new_tenant_id)
        return tenant
