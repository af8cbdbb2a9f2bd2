"""A tiny app built like the real two (tenancy, faults, journal, /_sim), for testing the controls.

Its state is a dataclass with nested dataclasses, datetimes and a reference to the tenant's
clock, the shapes the codec and snapshots must carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, jsonify, request

from simulator.control import install_control
from simulator.core.clock import VirtualClock
from simulator.core.errors import NotFound, SimError
from simulator.core.tenants import Tenant, TenantRegistry
from simulator.core.web import current_tenant, install_fault_answers, install_tenancy


@dataclass
class Note:
    id: str
    text: str
    created: datetime


@dataclass
class World:
    clock: VirtualClock
    notes: list[Note] = field(default_factory=list)
    tags: dict[str, set[str]] = field(default_factory=dict)


def seed(tenant: Tenant[World], scenario: dict[str, Any]) -> dict[str, Any]:
    ids = []
    for text in scenario.get("notes", []):
        note = Note(tenant.ids.numeric_id(8), text, tenant.clock.now())
        tenant.state.notes.append(note)
        ids.append(note.id)
    return {"notes": ids}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask("control_fakeapp")
    app.config.update(config or {})
    registry: TenantRegistry[World] = TenantRegistry(
        lambda t: World(clock=t.clock), seed=app.config.get("SEED", 0)
    )
    app.extensions["fake_sim"] = registry

    def _seed(tenant: Tenant[World], scenario: dict[str, Any]) -> dict[str, Any]:
        summary = seed(tenant, scenario)
        for token in scenario.get("tokens", []):
            registry.bind_credential(token, tenant.id)
        return summary

    install_tenancy(app, registry, credential=lambda: request.headers.get("Access-Token"))
    install_fault_answers(app)
    install_control(
        app, registry, _seed, lambda: {"demo": {"notes": ["hello", "world"]}, "empty": {}}
    )

    @app.errorhandler(SimError)
    def _err(exc: SimError) -> Any:
        return jsonify(code=exc.code, message=exc.message, data={}), exc.http_status

    @app.get("/api/notes")
    def notes() -> Any:
        state: World = current_tenant().state
        q = request.args.get("q", "")
        return jsonify(
            code=0,
            data={
                "notes": [
                    {"id": n.id, "text": n.text, "created": n.created.isoformat()}
                    for n in state.notes
                    if q in n.text
                ],
                "now": state.clock.timestamp(),
            },
        )

    @app.post("/api/notes")
    def add_note() -> Any:
        tenant = current_tenant()
        body = request.get_json(force=True)
        note = Note(tenant.ids.numeric_id(8), body["text"], tenant.clock.now())
        tenant.state.notes.append(note)
        return jsonify(code=0, data={"id": note.id}), 201

    @app.get("/api/notes/<note_id>")
    def get_note(note_id: str) -> Any:
        for n in current_tenant().state.notes:
            if n.id == note_id:
                return jsonify(code=0, data={"id": n.id, "text": n.text})
        raise NotFound(f"no note {note_id}")

    @app.post("/api/tokens")
    def issue_token() -> Any:
        """Issue a token in the caller's tenant, as an OAuth exchange does."""
        tenant = current_tenant()
        token = tenant.ids.token("tok-", 8)
        registry.bind_credential(token, tenant.id)
        return jsonify(code=0, data={"token": token}), 201

    @app.get("/api/echo")
    def echo() -> Any:
        return (
            jsonify(
                args=request.args.to_dict(flat=False),
                headers={k: v for k, v in request.headers.items() if k.startswith("X-")},
            ),
            200,
            {"X-Echo": "yes"},
        )

    return app


def texts(client: Any, tenant: str = "default") -> list[Any]:
    """The note texts a tenant holds, read through the app's own API (a Flask test client)."""
    data = client.get("/api/notes", headers={"X-Sim-Tenant": tenant}).get_json()
    return [n["text"] for n in data["data"]["notes"]]
