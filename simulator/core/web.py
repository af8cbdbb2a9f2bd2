"""Flask glue shared by both fakes: tenant per request, its lock, due timers, faults, journal."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, request

from .errors import SimError
from .faults import FaultRule
from .tenants import TENANT_COOKIE, TENANT_HEADER, Tenant, TenantRegistry

CONTROL_PREFIX = "/_sim"
# set on the hook that gives each request its tenant, so /_sim can be served ahead of it
TENANCY_HOOK_MARK = "_sim_tenancy_hook"
_JOURNAL_BODY_LIMIT = 20_000


class DroppedConnection(Exception):
    """Raised to make the server close the connection without an answer (a 'drop' fault)."""


def current_tenant() -> Tenant[Any]:
    """The tenant of the request being served."""
    return g.tenant  # type: ignore[no-any-return]


def install_tenancy(
    app: Flask,
    registry: TenantRegistry[Any],
    *,
    credential: Callable[[], str | None] = lambda: None,
    journal_paths: tuple[str, ...] = ("/",),
    lock_requests: bool = True,
) -> None:
    """Give every request its tenant (locked for the request), then faults and the journal.

    The tenant comes from the X-Sim-Tenant header, else the credentials the request
    carries (`credential()` reads them), else the sim_tenant cookie, else 'default'.
    With `lock_requests` the tenant stays locked for the whole request (simple and
    race-free for an app that never waits on the network); an app that calls out
    (Flex calls TikTok) passes False and locks `tenant.lock` around its own state changes.
    A fault's latency is slept before the lock is taken, so a slow call never stalls
    the tenant's other requests. Requests under /_sim and /static are neither faulted
    nor journaled.
    """

    @app.before_request
    def _enter_tenant() -> None:
        tenant = registry.resolve(
            header=request.headers.get(TENANT_HEADER),
            credential=credential(),
            cookie=request.cookies.get(TENANT_COOKIE),
        )
        g.tenant = tenant
        g.started = time.perf_counter()
        if _is_plumbing(request.path):
            return
        rule = tenant.faults.pick(request.method, request.path)
        if rule is not None:
            g.fault = rule
            if rule.latency_ms:
                time.sleep(rule.latency_ms / 1000)
        if lock_requests:
            tenant.lock.acquire()
            g.tenant_locked = True
        with tenant.lock:
            tenant.settle()
        if rule is not None:
            _apply_fault(rule)

    setattr(_enter_tenant, TENANCY_HOOK_MARK, True)

    @app.after_request
    def _journal(response: Response) -> Response:
        tenant: Tenant[Any] | None = g.get("tenant")
        if tenant is None or not tenant.journal.enabled or _is_plumbing(request.path):
            return response
        if not request.path.startswith(journal_paths):
            return response
        tenant.journal.record(
            kind="request",
            time=tenant.clock.now().isoformat().replace("+00:00", "Z"),
            method=request.method,
            path=request.path,
            query=request.args.to_dict(flat=True),
            request_headers={
                k: v for k, v in request.headers.items() if k.lower() not in {"cookie"}
            },
            request_body=_body_of(request.get_data(cache=True), request.mimetype),
            status=response.status_code,
            response_body=None
            if response.direct_passthrough
            else _body_of(response.get_data(), response.mimetype),
            duration_ms=round((time.perf_counter() - g.started) * 1000, 3),
            note=f"fault #{g.fault.id} ({g.fault.kind})" if g.get("fault") else "",
        )
        return response

    @app.teardown_request
    def _leave_tenant(_exc: BaseException | None) -> None:
        if g.pop("tenant_locked", False):
            g.tenant.lock.release()


def _is_plumbing(path: str) -> bool:
    return path.startswith((CONTROL_PREFIX, "/static"))


def _apply_fault(rule: FaultRule) -> None:
    if rule.kind == "latency":
        return
    if rule.kind == "drop":
        raise DroppedConnection(f"fault #{rule.id} dropped the connection")
    if rule.kind == "malformed":
        raise _MalformedAnswer(rule)
    raise SimError(rule.message, code=rule.error_code, http_status=rule.http_status)


class _MalformedAnswer(Exception):
    def __init__(self, rule: FaultRule) -> None:
        super().__init__(rule.message)
        self.rule = rule


def install_fault_answers(app: Flask) -> None:
    """Answer 'malformed' faults with a body that is not JSON, and drops with a closed socket."""

    @app.errorhandler(_MalformedAnswer)
    def _malformed(exc: _MalformedAnswer) -> Response:
        return Response(
            '{"code": 0, "message": "OK", "data": {"truncated',
            status=exc.rule.http_status or 200,
            mimetype="application/json",
        )

    @app.errorhandler(DroppedConnection)
    def _dropped(exc: DroppedConnection) -> Response:
        # Werkzeug and waitress both close the socket when the app raises while
        # streaming; an empty streaming body that raises does exactly that.
        def _explode() -> Any:
            raise ConnectionAbortedError(str(exc))
            yield b""  # pragma: no cover

        return Response(_explode(), status=200, direct_passthrough=True)


def _body_of(raw: bytes, mimetype: str | None) -> Any:
    if not raw:
        return None
    if mimetype == "application/json":
        try:
            return json.loads(raw)
        except ValueError:
            pass
    if mimetype and (mimetype.startswith("text/") or mimetype.endswith("x-www-form-urlencoded")):
        return raw[:_JOURNAL_BODY_LIMIT].decode("utf-8", "replace")
    if mimetype and mimetype.startswith("multipart/"):
        return f"<multipart, {len(raw)} bytes>"
    if mimetype == "application/json":
        return raw[:_JOURNAL_BODY_LIMIT].decode("utf-8", "replace")
    return f"<{mimetype or 'binary'}, {len(raw)} bytes>"
