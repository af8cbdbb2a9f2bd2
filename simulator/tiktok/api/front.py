"""The fast path for TikTok's JSON endpoints: a WSGI front that serves the registry's
operations without Flask's request machinery, and hands everything else to Flask.

Why: `make bench` profiled a read (`tcm/order/get/v2`) at 131 us per call in-process, of which
Flask's request and app contexts, URL routing, nine hook calls and its response object took
about 40 us: as much as the fake's own work (tenant, lock, parse, backend, encode, journal).
A call that goes through here does exactly what Flask's path does for it, in the same order,
with the same helpers (`simulator.core.web`): resolve the tenant, lock it, settle due timers,
parse and validate (`registry.serve`), render a refusal in the platform's shape
(`rendering.render_any`), journal, unlock, make the change durable, deliver webhooks; the
answer carries the same headers. `tests/tiktok/test_api_front.py` holds the two paths to the
same answers.

What it leaves to Flask, unchanged: every page and /_sim call, HEAD and OPTIONS, a path that
is not an operation's own (no trailing slash: Flask's redirect), OAuth's form endpoints and
the token exchange (their tenant comes from the body), a body over the registry's limit or
streamed without a length (refused, or read, as Flask's path does), a call whose tenant
cannot be resolved (Flask renders why), a host that TRUSTED_HOSTS refuses, and every call of
a tenant with an API fault rule armed (Flask's path picks, counts and applies the rule,
drops included).
Hooks a project adds to the app (`before_request`...) run for what Flask serves only;
`create_app({"API_FRONT": False})` turns the front off.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Request, Response

from simulator.core.errors import SimError
from simulator.core.pages import SecurityHeaders
from simulator.core.tenants import TENANT_COOKIE, TenantRegistry
from simulator.core.web import (
    SAFE_METHODS,
    Exchange,
    auto_tenants,
    commit_changes,
    content_length,
    journal_call,
    log_call,
    serving,
)
from simulator.serving import DEFER, INLINE

from ..models import SimState
from ..rendering import render_any
from ..webhooks import WebhookSender
from .auth import header_credential
from .registry import MAX_BODY_BYTES, Operation, serve

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_JSON = "application/json"
_FRONT_STYLES = ("business", "open")
# The largest body read on the server's fast lane: a JSON call's; uploads go to a pool thread.
INLINE_BODY_BYTES = 64 * 1024


class ApiFront:
    """`app.wsgi_app` for the fake TikTok: the registry's header-authenticated JSON
    operations served here, everything else by Flask (`flask_app`, the app's own)."""

    def __init__(
        self,
        app: Flask,
        registry: TenantRegistry[SimState],
        sender: WebhookSender,
        operations: Iterable[Operation],
        security: SecurityHeaders,
    ) -> None:
        self.app = app
        self.flask_app: WSGIApp = app.wsgi_app
        self.registry = registry
        self.sender = sender
        self.security = security
        self.routes = {
            (op.method, op.path): op
            for op in operations
            if op.style in _FRONT_STYLES and op.security is not None
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        inline = environ.get(INLINE, False)
        op = self.routes.get((environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")))
        if op is None:
            return self._elsewhere(environ, start_response)
        started = time.perf_counter()
        # not put back into the environ (Werkzeug's default): the environ would hold the request
        # and the request the environ, a cycle only the garbage collector frees, a few objects
        # for every call (reads set off no collection at all without it; see docs/performance.md)
        request = Request(environ, populate_request=False)
        length = content_length(request)
        if (length or 0) > MAX_BODY_BYTES or (
            length is None and "HTTP_TRANSFER_ENCODING" in environ
        ):  # refused or streamed: Flask's path
            return self._elsewhere(environ, start_response)
        tenant = self._tenant_of(request)
        if tenant is None:  # Flask's path refuses it, or applies a fault rule
            return self._elsewhere(environ, start_response)
        config = self.app.config
        if inline and not self._quick(op, length):
            return DEFER
        if not config["WEBHOOK_SYNC"]:
            self.sender.ensure_thread()
        # the body straight off the input (its length checked above): Werkzeug's get_data
        # wraps the stream twice to read the same bytes
        body_in = environ["wsgi.input"].read(length) if length else b""
        if not tenant.lock.acquire(blocking=not inline):
            # another thread has the tenant (a page, a snapshot): the lane does not wait
            environ["wsgi.input"] = io.BytesIO(body_in)
            return DEFER
        undo = serving(Exchange(request, self.app, tenant, started, body=body_in))
        try:
            try:
                status, headers, body = self._answer_locked(op, request, tenant, body_in, started)
            finally:
                tenant.lock.release()
            commit_changes(self.registry, tenant, op.method)
        finally:
            undo()
        if config["WEBHOOK_SYNC"]:
            self.sender.flush_all()
        start_response(_STATUS_LINES.get(status) or Response(status=status).status, headers)
        return [body]

    def _answer_locked(
        self, op: Operation, request: Request, tenant: Any, body_in: bytes, started: float
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Settle the tenant, serve the call (or render its refusal), log and journal it; the
        caller holds the tenant's lock."""
        tenant.settle()
        try:
            body = serve(op)
        except Exception as exc:  # rendered as Flask's error handler does
            status, headers, body = self._refusal(request, exc)
        else:
            status = 200
            headers = [("Content-Type", _JSON), ("Content-Length", str(len(body)))]
            headers += self.security.of(op.path)
        log_call(tenant, request, status, started)
        if tenant.journal.enabled:
            journal_call(
                tenant,
                request,
                status=status,
                request_raw=body_in,
                response_raw=body,
                response_mimetype=_JSON,
                started=started,
            )
        return status, headers, body

    def _elsewhere(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """A call the front does not answer: Flask's, or, on the server's fast lane, DEFER
        (Flask's path may wait: a fault's latency, a page's work)."""
        if environ.get(INLINE, False):
            return DEFER
        return self.flask_app(environ, start_response)

    def _quick(self, op: Operation, length: int | None) -> bool:
        """Whether the call can be answered on the server's fast lane, without waiting on
        anything but the tenant's lock (tried, not waited for): not when webhooks go out
        while the caller waits, a write is made durable on disk, or the body is larger than
        a JSON call's (an upload is parsed on a pool thread)."""
        if self.app.config["WEBHOOK_SYNC"] or (length or 0) > INLINE_BODY_BYTES:
            return False
        return self.registry.on_commit is None or op.method in SAFE_METHODS

    def _tenant_of(self, request: Request) -> Any:
        """The call's tenant, or None when Flask's path must serve the call."""
        environ = request.environ
        if self.app.config.get("TRUSTED_HOSTS"):
            request.trusted_hosts = self.app.config["TRUSTED_HOSTS"]
            try:
                request.host  # noqa: B018  (Werkzeug checks the host when it is read)
            except SecurityError:
                return None
        header = environ.get("HTTP_X_SIM_TENANT")
        try:
            tenant = self.registry.resolve(
                header=header,
                credential=header_credential(environ),
                cookie=None if header else request.cookies.get(TENANT_COOKIE),
                create=auto_tenants(self.app),
            )
        except SimError:
            return None
        return None if tenant.faults.armed() else tenant

    def _refusal(
        self, request: Request, exc: Exception
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """The refusal Flask's error handler would answer, as status, headers and body."""
        rendered = render_any(exc)
        response, status = rendered if isinstance(rendered, tuple) else (rendered, None)
        if status is not None:
            response.status_code = status
        self.security.apply(request, response)
        return response.status_code, list(response.headers.items()), response.get_data()


_STATUS_LINES = {code: Response(status=code).status for code in (200, 400, 401, 403, 404, 429)}
