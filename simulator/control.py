"""The /_sim control endpoints both apps share: tenants, reset, seed, clock, journal, faults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request

from .core.clock import parse_duration
from .core.errors import InvalidInput, SimError
from .core.faults import FaultRule
from .core.tenants import DEFAULT_TENANT, TENANT_HEADER, Tenant, TenantRegistry

# seed(tenant, scenario) loads a scenario (the app's half of it) into a fresh tenant
# and returns a summary (ids, tokens, links) the caller may need.
Seeder = Callable[[Tenant[Any], dict[str, Any]], dict[str, Any]]
# named data sets an app offers, e.g. {"demo": <scenario dict>, "empty": {}}
Datasets = Callable[[], dict[str, dict[str, Any]]]


def _tenant_id(body: dict[str, Any] | None = None) -> str:
    return str(
        (body or {}).get("tenant")
        or request.args.get("tenant")
        or request.headers.get(TENANT_HEADER)
        or DEFAULT_TENANT
    )


def _scenario(body: dict[str, Any], datasets: Datasets) -> dict[str, Any] | None:
    if "scenario" in body:
        scenario = body["scenario"]
        if not isinstance(scenario, dict):
            raise InvalidInput("'scenario' must be an object", code="invalid_scenario")
        return scenario
    name = body.get("dataset")
    if name is None:
        return None
    return _named_dataset(str(name), datasets)


def _named_dataset(name: str, datasets: Datasets) -> dict[str, Any]:
    known = datasets()
    if name not in known:
        raise InvalidInput(
            f"no data set {name!r}; known: {', '.join(sorted(known))}", code="unknown_dataset"
        )
    return known[name]


def make_control_blueprint(
    registry: TenantRegistry[Any], seed: Seeder, datasets: Datasets
) -> Blueprint:
    """The /_sim endpoints over one app's tenants."""
    bp = Blueprint("sim_control", __name__, url_prefix="/_sim")

    @bp.errorhandler(SimError)
    def _error(exc: SimError) -> tuple[Response, int]:
        return jsonify(error={"code": exc.code, "message": exc.message, **exc.details}), (
            exc.http_status
        )

    @bp.errorhandler(ValueError)
    def _value_error(exc: ValueError) -> tuple[Response, int]:
        return jsonify(error={"code": "invalid_params", "message": str(exc)}), 400

    @bp.get("/health")
    def health() -> Response:
        return jsonify(status="ok", tenants=len(registry.ids()))

    @bp.get("/tenants")
    def list_tenants() -> Response:
        return jsonify(tenants=registry.ids())

    @bp.post("/tenants")
    def create_tenant() -> tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        tenant_id = str(body.get("id") or body.get("tenant") or "")
        if not tenant_id:
            raise InvalidInput("give the new tenant an 'id'", code="invalid_tenant")
        tenant = registry.reset(tenant_id)
        scenario = _scenario(body, datasets)
        summary = seed(tenant, scenario) if scenario is not None else {}
        return jsonify(tenant=tenant_id, seeded=summary), 201

    @bp.delete("/tenants/<tenant_id>")
    def delete_tenant(tenant_id: str) -> Response:
        registry.delete(tenant_id)
        return jsonify(deleted=tenant_id)

    @bp.post("/reset")
    def reset() -> Response:
        body = request.get_json(silent=True) or {}
        if body.get("all"):
            registry.reset_all()
            return jsonify(reset="all")
        tenant_id = _tenant_id(body)
        tenant = registry.reset(tenant_id)
        scenario = _scenario(body, datasets)
        summary = seed(tenant, scenario) if scenario is not None else {}
        return jsonify(reset=tenant_id, seeded=summary)

    @bp.post("/seed")
    def seed_tenant() -> Response:
        body = request.get_json(silent=True) or {}
        scenario = _scenario(body, datasets)
        if scenario is None:
            raise InvalidInput(
                "give a 'dataset' name or a 'scenario' object", code="invalid_scenario"
            )
        tenant = registry.get(_tenant_id(body))
        with tenant.lock:
            return jsonify(tenant=tenant.id, seeded=seed(tenant, scenario))

    @bp.get("/clock")
    def clock() -> Response:
        tenant = registry.get(_tenant_id())
        return jsonify(tenant.clock.describe())

    @bp.post("/clock")
    def move_clock() -> Response:
        body = request.get_json(silent=True) or {}
        tenant = registry.get(_tenant_id(body))
        with tenant.lock:
            if body.get("freeze"):
                tenant.clock.freeze()
            if body.get("unfreeze"):
                tenant.clock.unfreeze()
            if "advance" in body:
                tenant.clock.advance(parse_duration(body["advance"]))
            tenant.settle()
            return jsonify(tenant.clock.describe())

    @bp.get("/journal")
    def journal() -> Response:
        tenant = registry.get(_tenant_id())
        entries = tenant.journal.entries(
            kind=request.args.get("kind"),
            path=request.args.get("path"),
            method=request.args.get("method"),
        )
        return jsonify(entries=[e.to_dict() for e in entries])

    @bp.delete("/journal")
    def clear_journal() -> Response:
        registry.get(_tenant_id()).journal.clear()
        return jsonify(cleared=True)

    @bp.get("/faults")
    def list_faults() -> Response:
        tenant = registry.get(_tenant_id())
        return jsonify(faults=[r.to_dict() for r in tenant.faults.rules()])

    @bp.post("/faults")
    def add_fault() -> tuple[Response, int]:
        body = dict(request.get_json(silent=True) or {})
        tenant = registry.get(_tenant_id(body))
        body.pop("tenant", None)
        allowed = set(FaultRule.__dataclass_fields__) - {"id", "hits", "_random"}
        unknown = set(body) - allowed
        if unknown:
            raise InvalidInput(f"unknown fault fields: {', '.join(sorted(unknown))}")
        if "path" not in body:
            raise InvalidInput("a fault needs a 'path' glob such as '/open_api/v1.3/tcm/*'")
        rule = tenant.faults.add(FaultRule(**body))
        return jsonify(rule.to_dict()), 201

    @bp.delete("/faults")
    def clear_faults() -> Response:
        registry.get(_tenant_id()).faults.clear()
        return jsonify(cleared=True)

    return bp


@dataclass
class ControlHooks:
    """What an app handed to `install_control`, kept on `app.extensions["sim_control"]`.

    The CLI and the in-process mode use it to seed, snapshot and save an app they did not build.
    """

    registry: TenantRegistry[Any]
    seed: Seeder
    datasets: Datasets

    def load(self, tenant_id: str, scenario: dict[str, Any] | None) -> dict[str, Any]:
        """Give a tenant fresh state seeded with `scenario` (None: empty); returns the summary."""
        tenant = self.registry.reset(tenant_id)
        if scenario is None:
            return {}
        with tenant.lock:
            return self.seed(tenant, scenario)

    def dataset(self, name: str) -> dict[str, Any]:
        """A named data set of the app, or a clear error naming the known ones."""
        return _named_dataset(name, self.datasets)


def control_hooks(app: Flask) -> ControlHooks:
    """The hooks `install_control` left on an app; a clear error when the app has no /_sim."""
    hooks = app.extensions.get("sim_control")
    if not isinstance(hooks, ControlHooks):
        raise SimError(f"app {app.name!r} has no /_sim controls (install_control was not called)")
    return hooks


def install_control(
    app: Flask, registry: TenantRegistry[Any], seed: Seeder, datasets: Datasets
) -> None:
    """Mount /_sim on an app."""
    app.extensions["sim_control"] = ControlHooks(registry, seed, datasets)
    app.register_blueprint(make_control_blueprint(registry, seed, datasets))
