"""Tenants and snapshots as JSON documents, and the atomic state file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.core.clock import VirtualClock
from simulator.core.errors import InvalidInput
from simulator.core.statefile import StateFile, export_tenants, import_tenants, write_atomically
from simulator.core.tenants import Tenant, TenantRegistry


@dataclass
class Item:
    name: str
    at: datetime


@dataclass
class Shop:
    clock: VirtualClock
    items: list[Item] = field(default_factory=list)


def _registry() -> TenantRegistry[Shop]:
    return TenantRegistry(lambda t: Shop(t.clock), seed=1)


def _fill(registry: TenantRegistry[Shop], tenant_id: str, *names: str) -> Tenant[Shop]:
    tenant = registry.get(tenant_id)
    tenant.clock.freeze()
    tenant.clock.set(datetime(2024, 5, 1, tzinfo=UTC))
    for name in names:
        tenant.state.items.append(Item(name, tenant.clock.now()))
    return tenant


def test_export_import_keeps_state_clock_ids_credentials_and_snapshots() -> None:
    source = _registry()
    tenant = _fill(source, "t1", "a", "b")
    source.bind_credential("tok-1", "t1")
    source.save_snapshot("t1", "base")
    tenant.state.items.append(Item("c", tenant.clock.now()))
    document = json.loads(json.dumps(export_tenants(source, snapshots=True)))

    target = _registry()
    assert import_tenants(target, document) == ["t1"]
    copy = target.get("t1")
    assert [i.name for i in copy.state.items] == ["a", "b", "c"]
    assert copy.state.clock is copy.clock
    assert copy.clock.now() == datetime(2024, 5, 1, tzinfo=UTC)
    assert copy.ids.numeric_id() == tenant.ids.numeric_id()
    assert target.tenant_of_credential("tok-1") == "t1"
    target.restore_snapshot("base")
    assert [i.name for i in target.get("t1").state.items] == ["a", "b"]


def test_import_as_another_tenant_leaves_credentials_unbound() -> None:
    source = _registry()
    _fill(source, "t1", "a")
    source.bind_credential("tok-1", "t1")
    target = _registry()
    assert import_tenants(target, export_tenants(source, ["t1"]), as_tenant="t2") == ["t2"]
    assert [i.name for i in target.get("t2").state.items] == ["a"]
    assert target.tenant_of_credential("tok-1") is None


def test_a_document_of_another_version_is_refused() -> None:
    document = export_tenants(_registry(), [])
    document["version"] = 99
    with pytest.raises(InvalidInput, match="state version 99 is not 1"):
        import_tenants(_registry(), document)


def test_state_file_saves_only_changes_and_loads_into_a_new_process(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = _registry()
    _fill(first, "t1", "kept")
    store = StateFile(path, {"tiktok": first})
    assert store.save() is True
    assert store.save() is False  # nothing changed, nothing written

    second = _registry()
    assert StateFile(path, {"tiktok": second, "flex": _registry()}).load() == ["tiktok"]
    assert [i.name for i in second.get("t1").state.items] == ["kept"]


def test_atomic_write_leaves_no_temp_file_and_replaces_whole(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    write_atomically(path, "one")
    write_atomically(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_a_broken_state_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(InvalidInput, match="cannot read state file"):
        StateFile(path, {"tiktok": _registry()}).load()


def test_a_state_file_that_cannot_be_opened_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InvalidInput, match="cannot read state file"):
        StateFile(blocker / "state.db", {"tiktok": _registry()}).load()


def test_a_json_state_file_of_an_older_version_is_loaded_and_kept_beside(tmp_path: Path) -> None:
    first = _registry()
    _fill(first, "t1", "from json")
    path = tmp_path / "state.json"
    document = {
        "format": "tiktok-sim/state",
        "version": 1,
        "apps": {"tiktok": export_tenants(first)},
    }
    path.write_text(json.dumps(document))
    second = _registry()
    store = StateFile(path, {"tiktok": second})
    assert store.load() == ["tiktok"]
    store.close()
    assert [i.name for i in second.get("t1").state.items] == ["from json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.v1.json"]
    third = _registry()
    assert StateFile(path, {"tiktok": third}).load() == ["tiktok"]
    assert [i.name for i in third.get("t1").state.items] == ["from json"]
