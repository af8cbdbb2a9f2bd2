"""The /_sim control endpoints both apps share.

Tenants, reset, seed, snapshots (save, restore, fork, export, import), the virtual clock,
faults (API calls and webhook deliveries) and the journal (query, clear, verify). They
answer known Host names, same-origin requests and JSON writes only, from loopback callers or
callers with `Authorization: Bearer <SIM_CONTROL_TOKEN>` (required of all once set); see
`guard_control` and docs/security.md. Every field is checked before anything changes.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from .core.clock import parse_duration
from .core.errors import Forbidden, InvalidInput, NotFound, SimError, Unauthorized
from .core.faults import FaultRule, WebhookFault, check_rule_fields
from .core.ids import IdFactory
from .core.statefile import export_snapshot, export_tenants, import_tenants
from .core.tenants import DEFAULT_TENANT, TENANT_HEADER, Tenant, TenantRegistry
from .core.text import clean_tree
from .core.web import SAFE_METHODS

# seed(tenant, scenario) loads a scenario (the app's half of it) into a fresh tenant
# and returns a summary (ids, tokens, links) the caller may need.
Seeder = Callable[[Tenant[Any], dict[str, Any]], dict[str, Any]]
# named data sets an app offers, e.g. {"demo": <scenario dict>, "empty": {}}
Datasets = Callable[[], dict[str, dict[str, Any]]]

TOKEN_SETTING = "SIM_CONTROL_TOKEN"
REMOTE_SETTING = "SIM_CONTROL_ALLOW_REMOTE"
HOSTS_SETTING = "SIM_CONTROL_HOSTS"
_TRUE = {"1", "true", "yes", "on"}


def _setting(name: str) -> Any:
    value = current_app.config.get(name)
    if value is None or value == "":
        value = os.environ.get(name) or None
    return value


def _is_loopback(address: str | None) -> bool:
    if not address:
        return True  # no network peer (a Unix socket, or an in-process call)
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def guard_control() -> None:
    """Who may drive /_sim: see `docs/security.md`.

    In this order: the Host must be a known name (loopback names, the app's PUBLIC_URL host,
    SIM_CONTROL_HOSTS), so a DNS-rebinding page cannot reach it under its own name; the
    request must not come from another site's page (Origin, Sec-Fetch-Site); a write that
    carries a body must carry JSON (what a cross-site form or no-cors fetch cannot send);
    the caller must be on loopback, or hold the token, or remote control must be allowed;
    and when a token is set, every caller must send it.
    """
    _check_host()
    _check_same_origin()
    if request.method not in SAFE_METHODS:
        _check_json_body()
    token = _setting(TOKEN_SETTING)
    allow = _setting(REMOTE_SETTING)
    remote_allowed = token or allow is True or str(allow).lower() in _TRUE
    if not remote_allowed and not _is_loopback(request.remote_addr):
        raise Forbidden(
            f"the /_sim controls answer loopback callers only (set {TOKEN_SETTING} and send "
            f"it, or set {REMOTE_SETTING}, to allow {request.remote_addr})",
            code="control_remote_refused",
        )
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise Unauthorized(
                "the /_sim controls require 'Authorization: Bearer <SIM_CONTROL_TOKEN>'",
                code="control_token_required",
            )


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
# where a request may come from: its own page, or no page at all (typed, curl, CLI)
_SAME_SITE_FETCH = {"same-origin", "none"}


def _host_name(host: str) -> str:
    """'Example.com:8600' -> 'example.com'; '[::1]:8600' -> '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def known_hosts() -> set[str]:
    """The Host names /_sim answers: loopback ones, the app's public URL's, SIM_CONTROL_HOSTS."""
    names = set(_LOOPBACK_NAMES)
    public = current_app.config.get("PUBLIC_URL")
    if public:
        names.add(_host_name(urlsplit(str(public)).netloc))
    configured = _setting(HOSTS_SETTING) or ""
    if isinstance(configured, list | tuple | set):
        configured = ",".join(configured)
    names.update(_host_name(n) for n in str(configured).split(",") if n.strip())
    return names


def _check_host() -> None:
    name = _host_name(request.host)
    if name not in known_hosts():
        raise Forbidden(
            f"the /_sim controls do not answer to the host name {name!r:.80}: add it to "
            f"{HOSTS_SETTING} (loopback names and the public URL's are known)",
            code="control_host_refused",
        )


def _check_same_origin() -> None:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    cross = fetch_site is not None and fetch_site.lower() not in _SAME_SITE_FETCH
    if origin is not None:
        parts = urlsplit(origin)
        cross = cross or parts.netloc.lower() != request.host.lower() or not parts.scheme
    if cross:
        raise Forbidden(
            "the /_sim controls answer same-origin requests only (this one came from "
            f"{origin or fetch_site!r:.80})",
            code="control_cross_site",
        )


def _check_json_body() -> None:
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if (has_body or request.content_type) and request.mimetype != "application/json":
        raise SimError(
            f"/_sim takes JSON: send 'Content-Type: application/json', not "
            f"{request.mimetype or 'no type'!r:.60}",
            code="control_json_only",
            http_status=415,
        )


def _tenant_id(body: dict[str, Any] | None = None) -> str:
    return str(
        (body or {}).get("tenant")
        or request.args.get("tenant")
        or request.headers.get(TENANT_HEADER)
        or DEFAULT_TENANT
    )


def _body() -> dict[str, Any]:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # json.loads on very deeply nested input
        raise InvalidInput("the request body is JSON nested too deeply") from None
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    return body


def _field_error(name: str, message: str) -> InvalidInput:
    """A 400 naming the field at fault (the answer's `error.field`)."""
    return InvalidInput(f"'{name}' {message}", details={"field": name})


def _int_arg(name: str, low: int = 0) -> int | None:
    """A whole-number query argument (None when absent), or a 400 naming it."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise _field_error(name, f"must be a whole number, not {raw!r:.40}") from None
    if value < low:
        raise _field_error(name, f"must be {low} or more, not {value}")
    return value


def _app_half() -> str:
    return "flex" if "flex_sim" in current_app.extensions else "tiktok"


def faker_scenario(seed: int, half: str) -> dict[str, Any]:
    """The app's half of a Faker-generated world: same seed, same world, in any process."""
    try:
        from simulator.harness.data.builders import build_scenario, make_faker
    except ImportError as exc:  # pragma: no cover - fixtures ships with the package
        raise InvalidInput("Faker seeding needs the fixtures package", code="no_faker") from exc
    scenario: dict[str, Any] = build_scenario(make_faker(int(seed)))
    return dict(scenario.get(half) or {})


def _scenario(body: dict[str, Any], datasets: Datasets) -> dict[str, Any] | None:
    if "scenario" in body:
        scenario = body["scenario"]
        if not isinstance(scenario, dict):
            raise InvalidInput("'scenario' must be an object", code="invalid_scenario")
        return scenario
    if body.get("faker_seed") is not None:
        try:
            seed = int(body["faker_seed"])
        except (TypeError, ValueError) as exc:
            raise InvalidInput("'faker_seed' must be an integer", code="invalid_scenario") from exc
        return faker_scenario(seed, _app_half())
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


# the times a clock may be set to: far enough either way for any test, far from overflow
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _parse_time(value: Any) -> datetime:
    wanted = "an ISO-8601 time such as 2024-05-01T09:00:00Z, or unix seconds"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _field_error("set", f"takes {wanted}, not {value!r:.60}")
    try:
        if isinstance(value, int | float):
            when = datetime.fromtimestamp(value, tz=UTC)
        else:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise _field_error("set", f"takes {wanted}, not {value!r:.60}") from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if not _EARLIEST <= when < _LATEST:
        raise _field_error("set", f"must fall between {_EARLIEST.year} and {_LATEST.year - 1}")
    return when


def _parse_step(value: Any) -> timedelta:
    """How far an 'advance' moves the clock, or a 400 naming 'advance'."""
    try:
        step = parse_duration(value)
    except ValueError as exc:
        raise _field_error("advance", str(exc)) from None
    if step < timedelta(0):
        raise _field_error("advance", "only moves forward; use 'set' to go back")
    return step


def _required(body: dict[str, Any], keys: tuple[str, ...], message: str, code: str) -> str:
    """The first of `keys` the body gives, or InvalidInput(message) when it gives none."""
    value = next((body[k] for k in keys if body.get(k)), "")
    if not value:
        raise InvalidInput(message, code=code)
    return str(value)


def _seed_locked(
    seed: Seeder, tenant: Tenant[Any], scenario: dict[str, Any] | None
) -> dict[str, Any]:
    """Load a scenario into a tenant under its lock; the app's summary ({} for none).

    A scenario the app cannot load (a missing key, a wrong type or value) is InvalidInput;
    callers seed a tenant that is not in place yet (`TenantRegistry.replacing`), or put the
    old state back, so a refused scenario leaves nothing half-made.
    """
    if scenario is None:
        return {}
    with tenant.lock:
        try:
            return seed(tenant, clean_tree(scenario))  # a scenario is a door: core/text.py
        except SimError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            raise InvalidInput(
                f"the scenario cannot be loaded: {detail}", code="invalid_scenario"
            ) from None


def _replaced(
    registry: TenantRegistry[Any], seed: Seeder, tenant_id: str, scenario: dict[str, Any] | None
) -> tuple[Tenant[Any], dict[str, Any]]:
    """A fresh tenant seeded with `scenario`, in place of `tenant_id` once the seed succeeded."""
    with registry.replacing(tenant_id) as tenant:
        summary = _seed_locked(seed, tenant, scenario)
    return tenant, summary


_CLOCK_KEYS = {"tenant", "freeze", "unfreeze", "set", "advance"}


def _without_tenant(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "tenant"}


@dataclass
class _Copy:
    """A tenant made from another's state: which tenant object, from where, with which tokens."""

    tenant: Tenant[Any]
    source: str
    credentials: list[str]


@dataclass
class ControlHooks:
    """What an app handed to `install_control`, kept on `app.extensions["sim_control"]`.

    The CLI and the in-process mode use it to seed, snapshot and save an app they did not build.
    It also remembers which tenants are copies (forks, restores into another tenant, imports
    under a new name) and the credentials they carried in, for `credentials()`.
    """

    registry: TenantRegistry[Any]
    seed: Seeder
    datasets: Datasets
    copies: dict[str, _Copy] = field(default_factory=dict)

    def load(self, tenant_id: str, scenario: dict[str, Any] | None) -> dict[str, Any]:
        """Give a tenant fresh state seeded with `scenario` (None: empty); returns the summary."""
        return _replaced(self.registry, self.seed, tenant_id, scenario)[1]

    def dataset(self, name: str) -> dict[str, Any]:
        """A named data set of the app, or a clear error naming the known ones."""
        return _named_dataset(name, self.datasets)

    def fork(self, name: str, new_tenant: str) -> Tenant[Any]:
        """A new tenant from a snapshot: a copy (see `copied`)."""
        snapshot = self.registry.snapshot(name)
        tenant = self.registry.fork_snapshot(name, new_tenant)
        return self.copied(tenant, snapshot.tenant, snapshot.credentials)

    def restore(self, name: str, tenant_id: str | None = None) -> Tenant[Any]:
        """Put a snapshot back; restored into another tenant than its own, that one is a copy."""
        snapshot = self.registry.snapshot(name)
        tenant = self.registry.restore_snapshot(name, tenant_id)
        if tenant.id == snapshot.tenant:
            self.copies.pop(tenant.id, None)
            return tenant
        return self.copied(tenant, snapshot.tenant, snapshot.credentials)

    def copied(
        self, tenant: Tenant[Any], source: str, credentials: list[str], *, own_ids: bool = True
    ) -> Tenant[Any]:
        """Mark `tenant` as a copy of `source`'s state; with `own_ids`, give it its own ids.

        The credentials it carried in stay bound to `source`: the original keeps its tokens.
        `own_ids` re-seeds the id source from the copied one and the copy's id, so what the
        copy issues from now on (tokens, codes, invite links) is its own, still deterministic,
        and leads to it by token. Without it, every fork of one snapshot would issue the same
        tokens, and each would take the binding from the last. (An import keeps the document's
        id source exactly, so a tenant moved to another server goes on where it left off.)
        """
        if own_ids:
            with tenant.lock:
                tenant.ids = IdFactory(f"{tenant.ids.hex(16)}:{tenant.id}")
        self.copies[tenant.id] = _Copy(tenant, source, list(credentials))
        return tenant

    def credentials(self, tenant_id: str) -> dict[str, Any]:
        """The tokens that lead to a tenant, and for a copy the ones it carried in (with the
        tenant each leads to now)."""
        tenant = self.registry.get(tenant_id, create=False)
        copy = self.copies.get(tenant_id)
        if copy is not None and copy.tenant is not tenant:  # reset or replaced since
            copy = None
        return {
            "tenant": tenant_id,
            "bound": self.registry.credentials_of(tenant_id),
            "copied_from": copy.source if copy else None,
            "copied": [
                {"credential": c, "leads_to": self.registry.tenant_of_credential(c)}
                for c in (copy.credentials if copy else [])
            ],
        }


def make_control_blueprint(
    registry: TenantRegistry[Any],
    seed: Seeder,
    datasets: Datasets,
    hooks: ControlHooks | None = None,
) -> Blueprint:
    """The /_sim endpoints over one app's tenants."""
    hooks = hooks or ControlHooks(registry, seed, datasets)
    bp = Blueprint("sim_control", __name__, url_prefix="/_sim")
    bp.before_request(guard_control)

    @bp.after_request
    def _durable(response: Response) -> Response:
        """A control call that changed something is made durable before it is answered."""
        if request.method not in SAFE_METHODS and registry.on_commit is not None:
            with contextlib.suppress(SimError):  # the clock, say, is not the registry's
                registry.touch(_tenant_id(_body()))
            registry.commit()
        return response

    @bp.errorhandler(SimError)
    def _error(exc: SimError) -> tuple[Response, int]:
        return jsonify(error={"code": exc.code, "message": exc.message, **exc.details}), (
            exc.http_status
        )

    @bp.errorhandler(ValueError)
    def _value_error(exc: ValueError) -> tuple[Response, int]:
        return jsonify(error={"code": "invalid_params", "message": str(exc)}), 400

    def _tenant(body: dict[str, Any] | None = None) -> Tenant[Any]:
        """The tenant a call that changes something names (created on first use)."""
        return registry.get(_tenant_id(body))

    def _existing(tenant_id: str) -> Tenant[Any]:
        """The tenant a read names: never created by reading, except 'default'."""
        if tenant_id == DEFAULT_TENANT:
            return registry.get(tenant_id)
        try:
            return registry.get(tenant_id, create=False)
        except NotFound:
            known = ", ".join(registry.ids()) or "none"
            raise NotFound(
                f"no tenant {tenant_id!r} (tenants: {known}); create it with "
                f"POST /_sim/tenants or `tiktok-sim tenants create {tenant_id}`",
                code="tenant_not_found",
            ) from None

    def _load(tenant: Tenant[Any], body: dict[str, Any]) -> dict[str, Any]:
        return _seed_locked(seed, tenant, _scenario(body, datasets))

    def _moved(name: str, tenant: Tenant[Any]) -> dict[str, Any]:
        return {"snapshot": name, "tenant": tenant.id, "clock": tenant.clock.describe()}

    def _added(rule: FaultRule | WebhookFault) -> tuple[Response, int]:
        return jsonify(rule.to_dict()), 201

    @bp.get("/health")
    def health() -> Response:
        return jsonify(status="ok", tenants=len(registry.ids()))

    @bp.get("/")
    def index() -> Response:
        """What the control API offers: every endpoint under /_sim with its methods."""
        methods: dict[str, set[str]] = {}
        for rule in current_app.url_map.iter_rules():
            if rule.endpoint.startswith(f"{bp.name}."):
                methods.setdefault(rule.rule, set()).update(
                    (rule.methods or set()) - {"HEAD", "OPTIONS"}
                )
        return jsonify(
            docs="docs/controls.md",
            endpoints=[{"path": p, "methods": sorted(m)} for p, m in sorted(methods.items())],
        )

    # tenants, reset, seed

    @bp.get("/tenants")
    def list_tenants() -> Response:
        return jsonify(tenants=registry.ids())

    @bp.post("/tenants")
    def create_tenant() -> tuple[Response, int]:
        body = _body()
        tenant_id = _required(
            body, ("id", "tenant"), "give the new tenant an 'id'", "invalid_tenant"
        )
        _, seeded = _replaced(registry, seed, tenant_id, _scenario(body, datasets))
        return jsonify(tenant=tenant_id, seeded=seeded), 201

    @bp.get("/tenants/<tenant_id>/credentials")
    def tenant_credentials(tenant_id: str) -> Response:
        _existing(tenant_id)
        return jsonify(hooks.credentials(tenant_id))

    @bp.delete("/tenants/<tenant_id>")
    def delete_tenant(tenant_id: str) -> Response:
        registry.delete(tenant_id)
        return jsonify(deleted=tenant_id)

    @bp.post("/reset")
    def reset() -> Response:
        body = _body()
        if body.get("all"):
            registry.reset_all()
            return jsonify(reset="all")
        tenant, seeded = _replaced(registry, seed, _tenant_id(body), _scenario(body, datasets))
        return jsonify(reset=tenant.id, seeded=seeded)

    @bp.post("/seed")
    def seed_tenant() -> Response:
        body = _body()
        if _scenario(body, datasets) is None:
            raise InvalidInput(
                "give a 'dataset' name, a 'scenario' object or a 'faker_seed'",
                code="invalid_scenario",
            )
        tenant_id = _tenant_id(body)
        if tenant_id not in registry.ids():
            tenant, seeded = _replaced(registry, seed, tenant_id, _scenario(body, datasets))
            return jsonify(tenant=tenant.id, seeded=seeded)
        tenant = registry.get(tenant_id)
        with tenant.lock:  # a refused scenario puts the tenant back as it was
            before = tenant.capture()
            try:
                seeded = _load(tenant, body)
            except SimError:
                tenant.restore(before)
                raise
        return jsonify(tenant=tenant.id, seeded=seeded)

    # snapshots, export, import

    @bp.get("/snapshots")
    def list_snapshots() -> Response:
        return jsonify(snapshots=[s.describe() for s in registry.snapshots()])

    @bp.post("/snapshots")
    def save_snapshot() -> tuple[Response, int]:
        body = _body()
        name = _required(body, ("name",), "give the snapshot a 'name'", "invalid_snapshot")
        snapshot = registry.save_snapshot(_tenant_id(body), name)
        return jsonify(snapshot.describe()), 201

    @bp.post("/snapshots/<name>/restore")
    def restore_snapshot(name: str) -> Response:
        target = _body().get("tenant") or request.args.get("tenant")
        return jsonify(_moved(name, hooks.restore(name, str(target) if target else None)))

    @bp.post("/snapshots/<name>/fork")
    def fork_snapshot(name: str) -> tuple[Response, int]:
        new_id = _required(
            _body(), ("tenant", "id"), "name the new tenant: {'tenant': 'fork-1'}", "invalid_tenant"
        )
        return jsonify(_moved(name, hooks.fork(name, new_id))), 201

    @bp.delete("/snapshots/<name>")
    def delete_snapshot(name: str) -> Response:
        registry.delete_snapshot(name)
        return jsonify(deleted=name)

    @bp.get("/export")
    def export() -> Response:
        snapshot = request.args.get("snapshot")
        if snapshot:
            found = registry.snapshot(snapshot)
            document = export_tenants(registry, [])
            document["tenants"] = {found.tenant: export_snapshot(found)}
            return jsonify(document)
        if request.args.get("all", "").lower() in _TRUE:
            return jsonify(export_tenants(registry, snapshots=True))
        tenant = _existing(_tenant_id())
        return jsonify(export_tenants(registry, [tenant.id]))

    @bp.post("/import")
    def import_() -> tuple[Response, int]:
        document = _body()
        as_tenant = request.args.get("tenant")
        tenants = import_tenants(registry, document, as_tenant=as_tenant)
        if as_tenant:  # one tenant under a new name: a copy (that keeps the document's ids)
            source, data = next(iter(document["tenants"].items()))
            credentials = list(data.get("credentials", []))
            hooks.copied(registry.get(as_tenant), source, credentials, own_ids=False)
        return jsonify(tenants=tenants), 201

    # clock

    @bp.get("/clock")
    def clock() -> Response:
        return jsonify(_existing(_tenant_id()).clock.describe())

    @bp.post("/clock")
    def move_clock() -> Response:
        body = _body()
        for key in sorted(set(body) - _CLOCK_KEYS):
            raise _field_error(key, "is not a clock key (freeze, unfreeze, set, advance)")
        # everything is checked before anything moves: a refused call leaves the clock alone
        when = _parse_time(body["set"]) if body.get("set") is not None else None
        step = _parse_step(body["advance"]) if "advance" in body else None
        tenant = _tenant(body)
        with tenant.lock:
            if when is not None and step is not None and when + step >= _LATEST:
                raise _field_error("advance", f"would take the clock past {_LATEST.year - 1}")
            if step is not None and (when or tenant.clock.now()) + step >= _LATEST:
                raise _field_error("advance", f"would take the clock past {_LATEST.year - 1}")
            if body.get("freeze"):
                tenant.clock.freeze()
            if body.get("unfreeze"):
                tenant.clock.unfreeze()
            if when is not None:
                tenant.clock.set(when)
            if step is not None:
                tenant.clock.advance(step)
            tenant.settle()
            return jsonify(tenant.clock.describe())

    # journal

    @bp.get("/journal")
    def journal() -> Response:
        args = request.args
        status, since, limit = _int_arg("status", 100), _int_arg("since"), _int_arg("limit")
        kept = _existing(_tenant_id()).journal
        entries = kept.entries(
            kind=args.get("kind"), path=args.get("path"), method=args.get("method")
        )
        if status is not None:
            entries = [e for e in entries if e.status == status]
        if since is not None:
            entries = [e for e in entries if e.seq > since]
        if limit is not None:
            entries = entries[-limit:] if limit else []
        return jsonify(
            entries=[e.to_dict() for e in entries], dropped=kept.dropped, limits=kept.bounds()
        )

    @bp.delete("/journal")
    def clear_journal() -> Response:
        _tenant().journal.clear()
        return jsonify(cleared=True)

    @bp.post("/journal/verify")
    def verify_journal() -> tuple[Response, int]:
        body = _body()
        times = body.get("times")
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 0
        ):
            raise _field_error("times", f"must be a whole number (0 or more), not {times!r:.40}")
        result = _existing(_tenant_id(body)).journal.verify(
            method=body.get("method"),
            path=body.get("path"),
            times=times,
            body=body.get("body"),
            query=body.get("query"),
            kind=str(body.get("kind") or "request"),
        )
        return jsonify(result.to_dict()), 200 if result.ok else 409

    # faults

    @bp.get("/faults")
    def list_faults() -> Response:
        faults = _existing(_tenant_id()).faults
        return jsonify(
            faults=[r.to_dict() for r in faults.rules()],
            webhook_faults=[r.to_dict() for r in faults.webhook_rules()],
        )

    @bp.post("/faults")
    def add_fault() -> tuple[Response, int]:
        body = _body()
        fields = check_rule_fields(FaultRule, _without_tenant(body))
        if "path" not in fields:
            raise _field_error("path", "is needed: a glob such as '/open_api/v1.3/tcm/*'")
        return _added(_tenant(body).faults.add(FaultRule(**fields)))

    @bp.get("/faults/webhooks")
    def list_webhook_faults() -> Response:
        rules = _existing(_tenant_id()).faults.webhook_rules()
        return jsonify(webhook_faults=[r.to_dict() for r in rules])

    @bp.post("/faults/webhooks")
    def add_webhook_fault() -> tuple[Response, int]:
        body = _without_tenant(_body())
        if "delay" in body:
            try:
                delay = parse_duration(body.pop("delay")).total_seconds()
            except ValueError as exc:
                raise _field_error("delay", str(exc)) from None
            body["delay_s"] = delay
        fields = check_rule_fields(WebhookFault, body)
        if "kind" not in fields:
            raise _field_error("kind", "is needed: delay, duplicate, reorder or fail")
        return _added(_tenant(_body()).faults.add_webhook(WebhookFault(**fields)))

    @bp.delete("/faults/<int:rule_id>")
    def remove_fault(rule_id: int) -> Response:
        if not _tenant().faults.remove(rule_id):
            raise SimError(f"no fault rule #{rule_id}", code="fault_not_found", http_status=404)
        return jsonify(removed=rule_id)

    @bp.delete("/faults")
    def clear_faults() -> Response:
        _tenant().faults.clear()
        return jsonify(cleared=True)

    return bp


def control_hooks(app: Flask) -> ControlHooks:
    """The hooks `install_control` left on an app; a clear error when the app has no /_sim."""
    hooks = app.extensions.get("sim_control")
    if not isinstance(hooks, ControlHooks):
        raise SimError(f"app {app.name!r} has no /_sim controls (install_control was not called)")
    return hooks


def install_control(
    app: Flask, registry: TenantRegistry[Any], seed: Seeder, datasets: Datasets
) -> None:
    """Mount /_sim on an app (its tenancy leaves /_sim alone: each call names its tenant)."""
    hooks = ControlHooks(registry, seed, datasets)
    app.extensions["sim_control"] = hooks
    app.register_blueprint(make_control_blueprint(registry, seed, datasets, hooks))
