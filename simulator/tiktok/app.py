"""The fake TikTok as a Flask app: Business API, Open API v2, the app's screens, /_sim controls."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Request, Response, g, request

from simulator.control import install_control
from simulator.core.pages import (
    SecurityHeaders,
    install_static_cache,
    page_csp,
    render_defensively,
)
from simulator.core.tenants import TENANT_COOKIE, Tenant, TenantRegistry
from simulator.core.web import install_fault_answers, install_tenancy
from simulator.serving import set_serves_inline

from . import lifecycle, open_api, openapi, portal, screens
from .api import FAMILIES
from .api.auth import header_credential
from .api.front import ApiFront
from .models import SimState
from .rendering import install_error_rendering, style_of
from .seed import datasets, make_state
from .seed import seed as seed_tenant
from .webhooks import WebhookSender

# Pages take scripts and styles from TikTok's own files only. Forms post here, and the OAuth
# consent form's answer redirects to the client app's redirect_uri, so form-action allows
# web addresses too. The embeddable player may be framed by any site; nothing else may.
SECURITY_HEADERS = SecurityHeaders(
    csp=page_csp(form_action="'self' https: http:"), frameable=("/embed/",)
)


def _credential() -> str | None:
    """What a request carries that names its tenant: a token, an upload token or an invite code."""
    request = _request()
    token = header_credential(request.environ)
    if token is not None:
        return token
    if request.path.startswith("/upload/"):
        return request.args.get("upload_token")
    if request.path.startswith("/tto/invite/"):
        return request.path.rstrip("/").rsplit("/", 1)[-1]
    if request.path.startswith("/v2/oauth/"):
        return (
            request.form.get("code")
            or request.form.get("refresh_token")
            or request.form.get("token")
        )
    if request.path.endswith("/oauth2/access_token/") and (request.content_length or 0) < 4096:
        try:  # the advertiser authorization page's auth_code leads to its tenant
            body = json.loads(request.get_data(cache=True) or b"{}")
        except (ValueError, RecursionError):
            return None
        code = body.get("auth_code") if isinstance(body, dict) else None
        return code if isinstance(code, str) else None
    return None


def _request() -> Request:
    """The request object itself (one context look-up, then plain attribute reads)."""
    return request._get_current_object()  # type: ignore[attr-defined,no-any-return]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a fresh fake TikTok (its own tenants, no module-level state)."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(PUBLIC_URL=None, WEBHOOK_SYNC=False, SEED=0)
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]

    registry: TenantRegistry[SimState] = TenantRegistry(
        make_state, seed=app.config["SEED"], settle=lifecycle.settle
    )
    app.extensions["tiktok_sim"] = registry
    sender = WebhookSender(registry)
    app.extensions["tiktok_webhooks"] = sender

    def seed(tenant: Tenant[Any], half: dict[str, Any]) -> dict[str, Any]:
        summary = seed_tenant(tenant, half)
        for credential in summary.get("credentials", []):
            registry.bind_credential(credential, tenant.id)
        return summary

    @app.teardown_request
    def _deliver_after_request(_exc: BaseException | None) -> None:
        # Registered before install_tenancy, so it runs after the tenant lock is released.
        if app.config["WEBHOOK_SYNC"]:
            sender.flush_all()

    @app.before_request
    def _start_deliverer() -> None:
        if not app.config["WEBHOOK_SYNC"]:
            sender.ensure_thread()

    install_tenancy(app, registry, credential=_credential)
    install_fault_answers(app)
    install_control(app, registry, seed, datasets)
    install_error_rendering(app)
    app.before_request(screens.refuse_cross_site_forms)
    render_defensively(app)
    install_static_cache(app)

    for family in FAMILIES:
        app.register_blueprint(family.blueprint)
    app.register_blueprint(open_api.bp)
    app.register_blueprint(screens.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(openapi.bp)

    @app.after_request
    def _remember_tenant(response: Response) -> Response:
        tenant = g.get("tenant")
        if tenant is None:
            return response
        path = _request().path
        if (
            style_of(path) == "screen"
            and not path.startswith("/_sim")
            and request.cookies.get(TENANT_COOKIE) != tenant.id
        ):
            response.set_cookie(TENANT_COOKIE, tenant.id, samesite="Lax")
        return response

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return SECURITY_HEADERS.apply(_request(), response)

    if app.config.get("API_FRONT", True):
        operations = [op for family in FAMILIES for op in family.operations]
        app.wsgi_app = ApiFront(  # type: ignore[method-assign]
            app, registry, sender, operations, SECURITY_HEADERS
        )
        set_serves_inline(app)  # the front answers the quick calls on granian's fast lane
    return app
