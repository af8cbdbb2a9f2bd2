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

from simulator.core.pages import local_path
from simulator.core.web import CONTROL_PREFIX, current_tenant, tenant_or_none

from .locking import serialized
from .models import CREATOR, FlexState, User

CSRF_FIELD = "csrf_token"
SESSION_ID = "sid"  # the cookie names a session Flex keeps; signing out ends it
CSRF_EXEMPT_PREFIXES = (CONTROL_PREFIX, "/webhooks/")

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("auth", __name__)


def state() -> FlexState:
    """The Flex state of the request's tenant."""
    return cast(FlexState, current_tenant().state)


def current_user() -> User | None:
    """The signed-in user: the session belongs to this tenant and was not signed out."""
    session_id = session.get(SESSION_ID)
    if not session_id or session.get("tenant") != current_tenant().id:
        return None
    return state().session_user(str(session_id))


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
    target = local_path(request.args.get("next"), fallback="")
    return render_template("flex/signin.html", next=target, email="")


@bp.post("/signin")
@serialized
def do_sign_in() -> str | Response | tuple[str, int]:
    """Check the credentials, start a fresh session, go where the user was heading."""
    email = request.form.get("email", "").strip()
    user = state().authenticate(email, request.form.get("password", ""))
    if user is None:
        flash("That email and password don't match an account.", "error")
        target = local_path(request.form.get("next"), fallback="")
        page = render_template("flex/signin.html", next=target, email=email)
        return page, 401
    session.clear()
    session_id = secrets.token_urlsafe(32)
    state().start_session(user, session_id)
    session[SESSION_ID] = session_id
    session["tenant"] = current_tenant().id
    session.permanent = True
    csrf_token()
    return redirect(local_path(request.form.get("next"), fallback=home_for(user)))


@bp.post("/signout")
@serialized
def sign_out() -> Response:
    """End the session, here and in Flex's state: the old cookie opens nothing any more."""
    if session.get("tenant") == current_tenant().id:
        state().end_session(str(session.get(SESSION_ID) or ""))
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
