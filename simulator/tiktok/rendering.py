"""Errors on the wire: one renderer per API style, chosen by the request path.

Every code and status comes from `errors.WIRE`; nothing here picks one."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException

from simulator.core.errors import Internal, InvalidInput, NotFound, SimError
from simulator.core.web import exchange, tenant_or_none

from .errors import business_code, business_message, business_status, http_status, open_code
from .web import json_answer

log = logging.getLogger(__name__)


def style_of(path: str) -> str:
    """Which platform shape a path answers in: business, oauth, open or screen."""
    if path.startswith("/open_api/"):
        return "business"
    if path.startswith("/v2/oauth/"):
        return "oauth"
    if path.startswith("/v2/auth/"):
        return "screen"
    if path.startswith(("/v2/", "/upload/", "/openapi.json")):
        return "open"
    return "screen"


def _ids() -> str:
    tenant = tenant_or_none()
    if tenant is None:
        return "20240101000000" + "0" * 20
    return str(tenant.ids.request_id(tenant.clock.now()))


def business(exc: SimError) -> tuple[Response, int]:
    """Business API envelope: HTTP 200, numeric code, empty data (a fault may set a status)."""
    body = {
        "code": business_code(exc),
        "message": business_message(exc),
        "request_id": _ids(),
        "data": {},
    }
    return json_answer(body), business_status(exc)


def open_api(exc: SimError) -> tuple[Response, int]:
    """Open API v2 envelope: `{data: {}, error: {code, message, log_id}}` with TikTok's status."""
    body = {"data": {}, "error": {"code": open_code(exc), "message": exc.message, "log_id": _ids()}}
    return json_answer(body), http_status(exc)


def oauth(exc: SimError) -> tuple[Response, int]:
    """OAuth token endpoint: flat `{error, error_description, log_id}` as TikTok answers."""
    body = {"error": open_code(exc), "error_description": exc.message, "log_id": _ids()}
    return json_answer(body), http_status(exc)


def screen(exc: SimError) -> tuple[str, int]:
    """A friendly app page instead of an error dump."""
    page = render_template("tiktok/error.html", message=exc.message, code=open_code(exc))
    return page, http_status(exc)


_RENDERERS = {"business": business, "oauth": oauth, "open": open_api, "screen": screen}


def render(exc: SimError) -> Any:
    """Render any SimError in the shape of the path it happened on."""
    return _RENDERERS[style_of(exchange().request.path)](exc)


def _from_http(exc: HTTPException) -> SimError:
    """Werkzeug's routing and protocol errors as semantic errors."""
    status = exc.code or 500
    req = exchange().request
    where = f"{req.method} {req.path}"
    if status == 404:
        if style_of(req.path) == "screen":
            return NotFound("This page does not exist in the app.", reason="route_not_found")
        return NotFound(f"No such endpoint: {where}", reason="route_not_found")
    if status == 405:
        return SimError(
            f"This endpoint does not take that method: {where}", reason="method_not_allowed"
        )
    if status == 413:
        return InvalidInput("The request body is too large", reason="too_large", field="body")
    if status >= 500:
        return Internal(f"Internal error: {exc.description or exc.name}")
    return SimError(f"The request is malformed: {exc.description or exc.name}")


def render_any(exc: Exception) -> Any:
    """Any exception a call raised, rendered in its path's shape: a SimError as itself,
    Werkzeug's HTTP errors as their meaning, anything else as a logged internal error."""
    if isinstance(exc, SimError):
        return render(exc)
    if isinstance(exc, HTTPException):
        return render(_from_http(exc))
    req = exchange().request
    log.exception("unexpected error on %s %s", req.method, req.path)
    return render(Internal(f"System error: {type(exc).__name__}"))


def install_error_rendering(app: Flask) -> None:
    """Register the handlers: SimError, HTTP errors and unexpected exceptions, by path style."""
    app.register_error_handler(Exception, render_any)
