"""Flex, the fake influencer-marketing platform: `create_app(config)` builds one instance."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, Response, flash, g, redirect, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from simulator.control import install_control
from simulator.core.errors import Forbidden, NotFound, SimError
from simulator.core.pages import (
    SecurityHeaders,
    install_static_cache,
    page_csp,
    path_of_own_url,
    render_defensively,
)
from simulator.core.tenants import TENANT_HEADER, TenantRegistry
from simulator.core.web import CONTROL_PREFIX, install_fault_answers, install_tenancy

from . import creator, marketer, webhooks
from .auth import install_auth
from .connect import INFLIGHT, install_session
from .integration import Inflight
from .locking import stateless
from .models import FlexState, parse_iso
from .seed import datasets, make_state, seed
from .tiktok_client import DEFAULT_BASE_URL

DEFAULTS: dict[str, Any] = {
    "TIKTOK_BASE_URL": DEFAULT_BASE_URL,
    "TIKTOK_TIMEOUT": 5.0,
    "TIKTOK_MAX_ATTEMPTS": 4,
    "TIKTOK_BACKOFF": 0.2,
    "TIKTOK_DEADLINE": 8.0,
    "PUBLIC_URL": None,
    "SEED": 0,
    "DATASET": None,
    "SESSION_COOKIE_NAME": "flex_session",
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "MAX_CONTENT_LENGTH": 110 * 1024 * 1024,
}


class _TenantFromQuery:
    """WSGI middleware: webhook callbacks carry `?tenant=<id>`; make it the X-Sim-Tenant header."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith("/webhooks/") and not environ.get(
            "HTTP_X_SIM_TENANT"
        ):
            tenant = parse_qs(environ.get("QUERY_STRING", "")).get("tenant")
            if tenant:
                environ["HTTP_X_SIM_TENANT"] = tenant[0]
        return self.wsgi_app(environ, start_response)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a Flex app: tenancy, /_sim controls, sign-in, creator and marketer pages, webhooks."""
    app = Flask(__name__, static_folder="static", static_url_path="/static/flex")
    app.config.update(DEFAULTS)
    app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["UPLOAD_FOLDER"] = tempfile.mkdtemp(prefix="flex-uploads-")
    app.config.update(config or {})

    registry: TenantRegistry[FlexState] = TenantRegistry(make_state, seed=app.config["SEED"])
    app.extensions["flex_sim"] = registry
    # Flex waits on TikTok: it locks its tenant around its own state only (see locking.py).
    install_tenancy(app, registry, lock_requests=False)
    app.extensions[INFLIGHT] = Inflight()
    install_session(app)
    install_fault_answers(app)
    install_control(app, registry, seed, datasets)
    install_auth(app)
    app.register_blueprint(creator.bp)
    app.register_blueprint(marketer.bp)
    app.register_blueprint(webhooks.bp)
    app.wsgi_app = _TenantFromQuery(app.wsgi_app)  # type: ignore[method-assign]
    _install_pages(app)
    install_static_cache(app)
    render_defensively(app)

    if app.config["DATASET"]:
        seed(registry.get(), datasets()[app.config["DATASET"]])
    return app


# Flex's pages run only flex.js and flex.css; video covers come from TikTok's host (any, as
# Flex does not know which address the browser reaches TikTok at). No page may be framed.
SECURITY_HEADERS = SecurityHeaders(csp=page_csp(img_src="'self' data: https: http:"))


def _install_pages(app: Flask) -> None:
    @app.get("/")
    @stateless
    def home() -> Response:
        return redirect("/offers")  # type: ignore[return-value]

    @app.get("/healthz")
    @stateless
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.errorhandler(SimError)
    def _sim_error(exc: SimError) -> Any:
        if request.path.startswith(CONTROL_PREFIX):
            return {"error": {"code": exc.code, "message": exc.message}}, exc.http_status
        if isinstance(exc, NotFound | Forbidden) or request.method == "GET":
            return _error_page(exc.http_status, exc.message)
        flash(exc.message, "error")
        return redirect(_back())

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc: RequestEntityTooLarge) -> Any:
        return _error_page(413, "That upload is too large. Each file may be at most 20 MB.")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        if exc.code is not None and exc.code < 400:
            return exc
        if request.path.startswith(CONTROL_PREFIX):
            return {"error": {"code": exc.name, "message": exc.description}}, exc.code
        return _error_page(exc.code or 500, exc.description or exc.name)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return SECURITY_HEADERS.apply(request, response)

    @app.after_request
    def _remember_tenant(response: Response) -> Response:
        # A browser that came with X-Sim-Tenant keeps its tenant for links opened later.
        header = request.headers.get(TENANT_HEADER)
        if header and g.get("tenant") is not None and request.cookies.get("sim_tenant") != header:
            response.set_cookie("sim_tenant", header, samesite="Lax", httponly=True)
        return response

    @app.template_filter("date")
    def _date(value: str | int | None) -> str:
        if not value:
            return ""
        when = (
            datetime.fromtimestamp(value).astimezone()
            if isinstance(value, int)
            else parse_iso(value)
        )
        return f"{when:%b} {when.day}, {when.year}"

    @app.template_filter("moment")
    def _moment(value: str | None) -> str:
        """A stored ISO time as "Jun 1, 2025 at 14:05 UTC" (Flex's clock is the tenant's)."""
        if not value:
            return ""
        when = parse_iso(value)
        return f"{when:%b} {when.day}, {when.year} at {when:%H:%M} UTC"

    @app.template_filter("money")
    def _money(value: int) -> str:
        return f"${value:,}"

    @app.template_filter("count")
    def _count(value: int) -> str:
        if value >= 1_000_000:
            return f"{value / 1_000_000:.1f}M"
        if value >= 10_000:
            return f"{value / 1000:.1f}K"
        return f"{value:,}"


def _back() -> str:
    """The page a failed form came from (its Referer), when that is a page of Flex."""
    return path_of_own_url(request.referrer, request.host_url)


def _error_page(status: int, message: str) -> tuple[str, int]:
    titles = {404: "Not found", 400: "Something went wrong", 413: "Upload too large"}
    return (
        render_template(
            "flex/error.html", status=status, title=titles.get(status, "Error"), message=message
        ),
        status,
    )
