"""Which tenant a credential leads to when two tenants were seeded with the same one."""

from __future__ import annotations

from simulator.core.tenants import TenantRegistry


def _registry() -> TenantRegistry[dict[str, str]]:
    return TenantRegistry(lambda tenant: {})


def test_a_credential_stays_with_the_first_tenant_that_holds_it() -> None:
    registry = _registry()
    registry.get("default")
    registry.bind_credential("demo-business-token", "default")
    registry.get("team-a")
    registry.bind_credential("demo-business-token", "team-a")
    assert registry.resolve(credential="demo-business-token").id == "default"
    assert registry.resolve(header="team-a", credential="demo-business-token").id == "team-a"


def test_a_credential_passes_on_once_its_tenant_is_gone() -> None:
    registry = _registry()
    registry.get("first")
    registry.bind_credential("token-1", "first")
    registry.delete("first")
    registry.get("second")
    registry.bind_credential("token-1", "second")
    assert registry.tenant_of_credential("token-1") == "second"
