"""Signing in and out, sessions bound to a tenant, and CSRF protection on every form."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from simulator.core.web import CONTROL_PREFIX, current_tenant, tenant_or_none

from .locking import serialized
from .models import CREATOR, FlexState, User

CSRF_FIELD = "csrf_token"
CSRF_EXEMPT_PREFIXES = (CONTROL_PREFIX, "/webhooks/")

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("auth", __name__)


def state() -> FlexState:
    """The Flex state of the request's tenant."""
    return cast(FlexState, current_tenant().state)


def current_user() -> User | None:
    """The signed-in user, if the session belongs to this tenant and the user still exists."""
    user_id = session.get("uid")
    if not user_id or session.get("tenant") != current_tenant().id:
        return None
    return state().user(str(user_id))


def require_user(role: str | None = None) -> User:
    """The signed-in user (of `role`), or a redirect to sign in / a 404 for the wrong role."""
    user = current_user()
    if user is None:
        abort(redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?"))))
    if role is not None and user.role != role:
        abort(404)
    return user


def login_required(role: str | None = None) -> Callable[[F], F]:
    """Decorate a view so only a signed-in user (of `role`) reaches it."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_user(role)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def csrf_token() -> str:
    """The session's CSRF token (made on first use); every form posts it back."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return str(token)


def check_csrf() -> None:
    """Refuse a state-changing request whose form token does not match the session's."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.path.startswith(CSRF_EXEMPT_PREFIXES):
        return
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token") or ""
    if not expected or not hmac.compare_digest(str(expected), given):
        abort(400, description="This form has expired. Go back, reload the page and try again.")


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


def home_for(user: User) -> str:
    """Where a user lands after signing in."""
    return url_for("creator.offers") if user.role == CREATOR else url_for("marketer.offers")


@bp.get("/signin")
@serialized
def sign_in() -> str | Response:
    """Show the sign-in form (or go home when already signed in)."""
    user = current_user()
    if user is not None:
        return redirect(home_for(user))
    return render_template("flex/signin.html", next=request.args.get("next", ""), email="")


@bp.post("/signin")
@serialized
def do_sign_in() -> str | Response | tuple[str, int]:
    """Check the credentials, start a fresh session, go where the user was heading."""
    email = request.form.get("email", "").strip()
    user = state().authenticate(email, request.form.get("password", ""))
    if user is None:
        flash("That email and password don't match an account.", "error")
        page = render_template("flex/signin.html", next=request.form.get("next", ""), email=email)
        return page, 401
    session.clear()
    session["uid"] = user.id
    session["tenant"] = current_tenant().id
    session.permanent = True
    csrf_token()
    return redirect(_safe_next(request.form.get("next")) or home_for(user))


@bp.post("/signout")
@serialized
def sign_out() -> Response:
    """End the session."""
    session.clear()
    return redirect(url_for("auth.sign_in"))


def install_auth(app: Flask) -> None:
    """Mount sign-in, expose the CSRF token and the user to templates, check CSRF on posts."""
    app.register_blueprint(bp)
    app.before_request(check_csrf)

    @app.context_processor
    def _inject() -> dict[str, Any]:
        tenant = tenant_or_none()
        if tenant is None:  # an error page for a request refused before it had a tenant
            return {"csrf_token": csrf_token, "current_user": None}
        with tenant.lock:
            user = current_user()
        return {"csrf_token": csrf_token, "current_user": user}
