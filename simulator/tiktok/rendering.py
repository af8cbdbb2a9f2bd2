"""Errors on the wire: one renderer per API style, chosen by the request path."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from simulator.core.errors import SimError

from .errors import BIZ_MESSAGES, OAuthError, biz_code, open_code, open_status

log = logging.getLogger(__name__)


def style_of(path: str) -> str:
    """Which platform shape a path answers in: business, oauth, open, upload or screen."""
    if path.startswith("/open_api/"):
        return "business"
    if path.startswith("/v2/oauth/"):
        return "oauth"
    if path.startswith("/v2/auth/"):
        return "screen"
    if path.startswith(("/v2/", "/upload/")):
        return "open"
    if path.startswith("/openapi.json"):
        return "open"
    return "screen"


def _ids() -> str:
    tenant = g.get("tenant")
    if tenant is None:
        return "20240101000000" + "0" * 20
    return str(tenant.ids.request_id(tenant.clock.now()))


def business(exc: SimError) -> tuple[Response, int]:
    """Business API envelope: HTTP 200, numeric code, empty data (a fault may set a status)."""
    code = biz_code(exc)
    status = exc.http_status if (g.get("fault") is not None and "http_status" in vars(exc)) else 200
    message = exc.message or BIZ_MESSAGES.get(code, "Error")
    return jsonify(code=code, message=message, request_id=_ids(), data={}), status


def open_api(exc: SimError) -> tuple[Response, int]:
    """Open API v2 envelope: `{data: {}, error: {code, message, log_id}}` with TikTok's status."""
    code = open_code(exc)
    body = {"data": {}, "error": {"code": code, "message": exc.message, "log_id": _ids()}}
    return jsonify(body), open_status(exc, code)


def oauth(exc: SimError) -> tuple[Response, int]:
    """OAuth token endpoint: flat `{error, error_description, log_id}` as TikTok answers."""
    code = str(exc.code) if isinstance(exc, OAuthError) else open_code(exc)
    status = exc.http_status if "http_status" in vars(exc) or isinstance(exc, OAuthError) else 400
    return jsonify(error=code, error_description=exc.message, log_id=_ids()), status


def screen(exc: SimError) -> tuple[str, int]:
    """A friendly app page instead of an error dump."""
    status = exc.http_status if 400 <= exc.http_status < 600 else 400
    if isinstance(exc.code, int):
        status = {40001: 403, 40007: 404}.get(exc.code, 500 if exc.code >= 50000 else 400)
    return render_template("tiktok/error.html", message=exc.message, code=exc.code), status


def render(exc: SimError) -> Any:
    """Render any SimError in the shape of the path it happened on."""
    style = style_of(request.path)
    if style == "business":
        return business(exc)
    if style == "oauth":
        return oauth(exc)
    if style == "open":
        return open_api(exc)
    return screen(exc)


_HTTP_CODES: dict[int, tuple[int | str, str]] = {
    400: ("invalid_params", "The request is malformed"),
    404: ("not_found", "No such endpoint"),
    405: ("method_not_allowed", "This endpoint does not take that method"),
}


def install_error_rendering(app: Flask) -> None:
    """Register the handlers: SimError, HTTP errors and unexpected exceptions, by path style."""

    @app.errorhandler(SimError)
    def _sim(exc: SimError) -> Any:
        return render(exc)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        status = exc.code or 500
        code, message = _HTTP_CODES.get(status, ("internal_error", exc.description or "Error"))
        if style_of(request.path) == "business":
            biz = {404: 40007, 405: 40002, 400: 40002}.get(status, 50000)
            return render(SimError(f"{message}: {request.method} {request.path}", code=biz))
        if style_of(request.path) == "screen":
            text = "This page does not exist in the app." if status == 404 else str(exc.description)
            return render(SimError(text, code=code, http_status=status))
        return render(
            SimError(f"{message}: {request.method} {request.path}", code=code, http_status=status)
        )

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return _http(exc)
        log.exception("unexpected error on %s %s", request.method, request.path)
        if style_of(request.path) == "business":
            return render(SimError(f"System error: {type(exc).__name__}", code=50000))
        return render(
            SimError(
                f"Internal error: {type(exc).__name__}", code="internal_error", http_status=500
            )
        )
