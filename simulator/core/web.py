"""Flask glue shared by both fakes: tenant per request, its lock, due timers, faults, journal."""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import msgspec
import werkzeug.urls  # noqa: F401  (registers the "werkzeug.url_quote" codec error handler)
from flask import Flask, Response, current_app, g, request
from flask.ctx import _AppCtxGlobals
from waitress.channel import ClientDisconnected
from werkzeug.datastructures import EnvironHeaders, ImmutableMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.utils import get_content_length
from werkzeug.wrappers import Request

from ..serving import DROP_CONNECTION
from .errors import Injected
from .faults import FaultRule
from .journal import BODY_LIMIT, JournalEntry
from .tenants import TENANT_COOKIE, TENANT_HEADER, Tenant, TenantRegistry

CONTROL_PREFIX = "/_sim"
# methods that change nothing (anything else may, and is made durable before it is answered)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# one line per request at INFO (`tiktok-sim serve --log-level INFO`)
_REQUEST_LOG = logging.getLogger("tiktok_sim.requests")
# the environ keys EnvironHeaders reads (it drops HTTP_CONTENT_TYPE/LENGTH itself)
_HEADER_KEYS = ("HTTP_", "CONTENT_TYPE", "CONTENT_LENGTH")


@dataclass(slots=True, eq=False)
class Exchange:
    """One call being served, as views and the helpers they use see it, whichever way it came
    in: through Flask (pages, /_sim, faulted calls) or through an app's own front for its hot
    JSON endpoints (`simulator.tiktok.api.front`), which skips Flask's request machinery.

    `request` is Werkzeug's request (Flask's own on the Flask path); `memo` keeps what a call
    works out once (its base URL, say). `body` is the request's body when the front read it
    already (straight off the input, a length it checked); None: ask `request.get_data()`.
    """

    request: Request
    app: Flask
    tenant: Tenant[Any] | None
    started: float
    memo: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None

    def read_body(self) -> bytes:
        """The request's body (read once)."""
        if self.body is None:
            self.body = self.request.get_data(cache=True)
        return self.body


# Set by a front for the call it serves (and reset before the call ends); unset, the call is
# Flask's and its Exchange lives in `g`.
_FRONT_EXCHANGE: ContextVar[Exchange | None] = ContextVar("simulator_exchange", default=None)


def exchange() -> Exchange:
    """The call being served."""
    ex = _FRONT_EXCHANGE.get()
    if ex is not None:
        return ex
    ctx_g = _g()
    ex = ctx_g.get("exchange")
    if ex is None:
        ex = ctx_g.exchange = Exchange(
            _request(),
            current_app._get_current_object(),  # type: ignore[attr-defined]
            ctx_g.get("tenant"),
            ctx_g.get("started", 0.0),
        )
    return ex


# Parsed query strings by their text: clients poll with the same query (Flex's order read),
# and an ImmutableMultiDict can be shared. Bounded: cleared when full.
_QUERIES: dict[str, ImmutableMultiDict[str, str]] = {}
_QUERY_CACHE_SIZE = 512


def query_args(req: Request) -> MultiDict[str, str]:
    """`req.args`, parsed once per distinct query string (Werkzeug parses it on every call,
    a fifth of a small read's time when a value is percent-encoded, as an invite link is)."""
    text = req.environ.get("QUERY_STRING", "")
    known = _QUERIES.get(text)
    if known is not None:
        return known
    parsed = req.args
    if isinstance(parsed, ImmutableMultiDict):  # shared only when nobody can change it
        if len(_QUERIES) >= _QUERY_CACHE_SIZE:
            _QUERIES.clear()
        _QUERIES[text] = parsed
    return parsed


def content_length(req: Request) -> int | None:
    """`req.content_length`, read straight from the environ (Werkzeug's own rule, without
    two header look-ups through EnvironHeaders)."""
    environ = req.environ
    return get_content_length(environ.get("CONTENT_LENGTH"), environ.get("HTTP_TRANSFER_ENCODING"))


_MIMETYPES: dict[str, str] = {}


def mimetype(req: Request) -> str:
    """`req.mimetype`, parsed once per distinct Content-Type (a handful ever come)."""
    content_type = req.environ.get("CONTENT_TYPE", "")
    known = _MIMETYPES.get(content_type)
    if known is None:
        known = req.mimetype
        if len(_MIMETYPES) >= _QUERY_CACHE_SIZE:
            _MIMETYPES.clear()
        _MIMETYPES[content_type] = known
    return known


def serving(ex: Exchange) -> Callable[[], None]:
    """Make `ex` the call being served on this thread (a front's calls); returns the undo."""
    token = _FRONT_EXCHANGE.set(ex)
    return functools.partial(_FRONT_EXCHANGE.reset, token)


class DroppedConnection(Exception):
    """Raised to make the server close the connection without an answer (a 'drop' fault)."""


def _request() -> Request:
    """The request object itself: one context look-up instead of one per attribute."""
    return request._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _g() -> _AppCtxGlobals:
    """The request's `g` itself (see `_request`)."""
    return g._get_current_object()  # type: ignore[attr-defined,no-any-return]


def current_tenant() -> Tenant[Any]:
    """The tenant of the request being served."""
    ex = _FRONT_EXCHANGE.get()
    if ex is not None and ex.tenant is not None:
        return ex.tenant
    return _g().tenant  # type: ignore[no-any-return]


def tenant_or_none() -> Tenant[Any] | None:
    """The tenant of the request being served, or None (a /_sim call, or a request refused
    before it had one: an unknown or malformed tenant id)."""
    ex = _FRONT_EXCHANGE.get()
    if ex is not None:
        return ex.tenant
    return _g().get("tenant")  # type: ignore[no-any-return]


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
        req, ctx_g = _request(), _g()
        path = req.path
        if _is_plumbing(path):
            # /_sim names its tenant itself (and must not create one by looking);
            # static files belong to no tenant.
            return
        header = req.headers.get(TENANT_HEADER)
        tenant = registry.resolve(
            header=header,
            credential=credential(),
            # the header wins over the cookie: don't parse cookies for nothing
            cookie=None if header else req.cookies.get(TENANT_COOKIE),
            create=auto_tenants(app),
        )
        ctx_g.tenant = tenant
        ctx_g.started = time.perf_counter()
        rule = tenant.faults.pick(req.method, path)
        if rule is not None:
            ctx_g.fault = rule
            if rule.latency_ms:
                time.sleep(rule.latency_ms / 1000)
        if lock_requests:
            tenant.lock.acquire()
            ctx_g.tenant_locked = True
        with tenant.lock:
            tenant.settle()
        if rule is not None:
            _apply_fault(rule)

    @app.after_request
    def _journal(response: Response) -> Response:
        ctx_g = _g()
        tenant: Tenant[Any] | None = ctx_g.get("tenant")
        if tenant is None:
            return response
        req = _request()
        fault: FaultRule | None = ctx_g.get("fault")
        log_call(tenant, req, response.status_code, ctx_g.started)
        if not tenant.journal.enabled or not req.path.startswith(journal_paths):
            return response
        if _is_plumbing(req.path):
            return response
        journal_call(
            tenant,
            req,
            status=None if fault is not None and fault.kind == "drop" else response.status_code,
            response_raw=b"" if response.direct_passthrough else response.get_data(),
            response_mimetype=response.mimetype,
            started=ctx_g.started,
            note=f"fault #{fault.id} ({fault.kind})" if fault else "",
        )
        return response

    @app.teardown_request
    def _leave_tenant(_exc: BaseException | None) -> None:
        ctx_g = _g()
        if ctx_g.pop("tenant_locked", False):
            ctx_g.tenant.lock.release()
        # A request that may have changed its tenant is made durable (when a store is
        # attached) before its answer goes out: teardown runs before the server sends a byte.
        tenant = ctx_g.get("tenant")
        if tenant is not None:
            commit_changes(registry, tenant, _request().method)


def commit_changes(registry: TenantRegistry[Any], tenant: Tenant[Any], method: str) -> None:
    """Make a call that may have changed its tenant durable (when a store is attached), before
    its answer goes out."""
    if registry.on_commit is not None and method not in SAFE_METHODS:
        registry.touch(tenant.id)
        registry.commit()


def log_call(tenant: Tenant[Any], req: Request, status: int, started: float) -> None:
    """One line per call at INFO (`tiktok-sim serve --log-level INFO`)."""
    if _REQUEST_LOG.isEnabledFor(logging.INFO):
        _REQUEST_LOG.info(
            "[%s] %s %s -> %s (%.1f ms)",
            tenant.id,
            req.method,
            req.full_path.rstrip("?"),
            status,
            (time.perf_counter() - started) * 1000,
        )


def journal_call(
    tenant: Tenant[Any],
    req: Request,
    *,
    status: int | None,
    request_raw: bytes | None = None,
    response_raw: bytes,
    response_mimetype: str | None,
    started: float,
    note: str = "",
) -> None:
    """Journal a served call. Keeps raw parts now (cheap); `_build_entry` decodes them when
    the journal is first read. `request_raw`: the body, when the caller has it at hand."""
    environ = req.environ
    raw = _request_bytes(req) if request_raw is None else request_raw
    request_mimetype = mimetype(req) if raw else None
    request_body = _kept(raw, request_mimetype) if raw else None
    response_body = _kept(response_raw, response_mimetype)
    truncated = tuple(
        (name, len(data))
        for name, data in (("request_body", raw), ("response_body", response_raw))
        if len(data) > BODY_LIMIT
    )
    tenant.journal.record_deferred(
        _build_entry,
        _RawCall(
            when=tenant.clock.now(),
            method=environ.get("REQUEST_METHOD", "GET"),
            path=req.path,
            query_string=environ.get("QUERY_STRING", ""),
            headers=tuple((k, v) for k, v in environ.items() if k.startswith(_HEADER_KEYS)),
            request_body=request_body,
            request_mimetype=request_mimetype,
            status=status,
            response_body=response_body,
            response_mimetype=response_mimetype,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            note=note,
            truncated=truncated,
        ),
        size=len(request_body or "") + len(response_body or ""),
    )


class _RawCall(msgspec.Struct, frozen=True, gc=False):
    """What `journal_call` keeps of a served call until the journal is read: text, bytes,
    numbers and tuples of them only, so it can stay out of the garbage collector's sight
    (see `journal._Item`)."""

    when: datetime
    method: str
    path: str
    query_string: str
    headers: tuple[tuple[str, str], ...]  # the environ's HTTP_* and CONTENT_* keys
    request_body: bytes | str | None
    request_mimetype: str | None
    status: int | None
    response_body: bytes | str | None
    response_mimetype: str | None
    duration_ms: float
    note: str
    truncated: tuple[tuple[str, int], ...]


AUTO_TENANTS_SETTING = "SIM_AUTO_TENANTS"
_TRUE = {"1", "true", "yes", "on"}


def auto_tenants(app: Flask) -> bool:
    """Whether a request may make the tenant it names (off unless SIM_AUTO_TENANTS is set in
    the app config or the environment): on a shared server, tenants come from the control
    plane only, so a caller cannot fill the server with tenants by inventing names."""
    value = app.config.get(AUTO_TENANTS_SETTING)
    if value is None or value == "":
        value = os.environ.get(AUTO_TENANTS_SETTING, "")
    return value is True or str(value).lower() in _TRUE


def _is_plumbing(path: str) -> bool:
    return path.startswith((CONTROL_PREFIX, "/static"))


def _apply_fault(rule: FaultRule) -> None:
    if rule.kind == "latency":
        return
    if rule.kind == "drop":
        raise DroppedConnection(f"fault #{rule.id} dropped the connection")
    if rule.kind == "malformed":
        raise _MalformedAnswer(rule)
    raise Injected(rule.message, code=rule.error_code, http_status=rule.http_status)


class _SocketDropped(ClientDisconnected, ConnectionAbortedError):  # type: ignore[misc]
    """Waitress closes the socket on it; anything else reading the body sees a ConnectionError."""


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
        # Granian's runner (simulator/serving.py) closes the connection on this key.
        _request().environ[DROP_CONNECTION] = True

        # Waitress closes the socket without writing a byte when the body raises its own
        # ClientDisconnected before the headers went out (any other exception there
        # becomes a 500); the client sees the connection closed with no answer.
        def _explode() -> Any:
            raise _SocketDropped(str(exc))
            yield b""  # pragma: no cover

        return Response(_explode(), status=200, direct_passthrough=True)


def _build_entry(seq: int, raw: _RawCall) -> JournalEntry:
    """A served call's journal entry from the raw parts `journal_call` kept."""
    return JournalEntry(
        seq=seq,
        kind="request",
        time=raw.when.isoformat().replace("+00:00", "Z"),
        method=raw.method,
        path=raw.path,
        query=_query(raw.query_string),
        request_headers={
            k: v
            for k, v in EnvironHeaders(dict(raw.headers)).items()
            if k.lower() not in {"cookie"}
        },
        request_body=_decoded(raw.request_body, raw.request_mimetype),
        status=raw.status,
        response_body=_decoded(raw.response_body, raw.response_mimetype),
        duration_ms=raw.duration_ms,
        note=raw.note,
        truncated=dict(raw.truncated),
    )


def _query(query_string: str) -> dict[str, str]:
    """The query string as Werkzeug's `request.args.to_dict()` gives it (the first value of
    each name; bytes that are not UTF-8 stay percent-encoded)."""
    text = query_string.encode("latin-1").decode("utf-8", "werkzeug.url_quote")
    pairs = parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")
    return MultiDict(pairs).to_dict(flat=True)


def _request_bytes(req: Request) -> bytes:
    """The request's body; b"" without reading the stream when the request says it has none
    (no Content-Length, or 0, and no Transfer-Encoding: HTTP gives such a request no body),
    or when it is over the app's MAX_CONTENT_LENGTH (the app answered 413 without reading it;
    reading it here would turn that answer into a 500)."""
    environ = req.environ
    if environ.get("CONTENT_LENGTH") in (None, "", "0") and not environ.get(
        "HTTP_TRANSFER_ENCODING"
    ):
        return b""
    try:
        return req.get_data(cache=True)
    except RequestEntityTooLarge:
        return b""


def _kept(raw: bytes, mimetype: str | None) -> bytes | str | None:
    """What the journal needs of a body until it is read: JSON whole up to BODY_LIMIT (parsed
    when read), past it its first BODY_LIMIT bytes as text; text cut to BODY_LIMIT; anything
    else described at once (never kept whole). A copy, so the request's own bytes can go."""
    if not raw:
        return None
    if mimetype == "application/json":
        if len(raw) > BODY_LIMIT:
            return raw[:BODY_LIMIT].decode("utf-8", "replace")
        return bytes(raw)
    if mimetype and (mimetype.startswith("text/") or mimetype.endswith("x-www-form-urlencoded")):
        return raw[:BODY_LIMIT]
    body: str = _body_of(raw, mimetype)
    return body


def _decoded(kept: bytes | str | None, mimetype: str | None) -> Any:
    """The body as the journal shows it, from what `_kept` kept."""
    return _body_of(kept, mimetype) if isinstance(kept, bytes) else kept


def _body_of(raw: bytes, mimetype: str | None) -> Any:
    if not raw:
        return None
    if mimetype == "application/json":
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested too deeply to decode
            pass
    if mimetype and (mimetype.startswith("text/") or mimetype.endswith("x-www-form-urlencoded")):
        return raw[:BODY_LIMIT].decode("utf-8", "replace")
    if mimetype and mimetype.startswith("multipart/"):
        return f"<multipart, {len(raw)} bytes>"
    if mimetype == "application/json":
        return raw[:BODY_LIMIT].decode("utf-8", "replace")
    return f"<{mimetype or 'binary'}, {len(raw)} bytes>"
