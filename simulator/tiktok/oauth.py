"""Login Kit: authorization codes (with PKCE), access and refresh tokens, scopes, revocation."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta

from simulator.core.errors import (
    InvalidInput,
    InvalidToken,
    RateLimited,
    ScopeNotAuthorized,
    Unauthorized,
)
from simulator.core.tenants import Tenant

from . import lifecycle
from .models import Account, AuthCode, ClientApp, OAuthToken, SimState

T = Tenant[SimState]
SCOPES = (
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.upload",
    "video.publish",
)
CODE_TTL = timedelta(minutes=10)


def parse_scopes(raw: str) -> list[str]:
    """Comma-separated scopes, each one TikTok knows."""
    scopes = [s.strip() for s in raw.split(",") if s.strip()]
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise InvalidInput(f"unknown scope: {', '.join(unknown) or '(none)'}")
    return scopes


def check_client(state: SimState, client_key: str, redirect_uri: str) -> ClientApp:
    """The app asking for consent, with a registered redirect URI."""
    app = state.app(client_key)
    if app is None:
        raise InvalidInput(f"client_key {client_key!r} is not registered")
    if redirect_uri not in app.redirect_uris:
        raise InvalidInput("redirect_uri is not registered for this app")
    return app


def issue_code(
    t: T,
    app: ClientApp,
    account: Account,
    scopes: list[str],
    redirect_uri: str,
    challenge: str,
    method: str,
) -> AuthCode:
    """The creator tapped Authorize: a one-time code valid for 10 minutes."""
    code = AuthCode(
        code=t.ids.token("", 40),
        client_key=app.client_key,
        handle=account.handle,
        scopes=scopes,
        redirect_uri=redirect_uri,
        expires_at=t.clock.now() + CODE_TTL,
        code_challenge=challenge,
        code_challenge_method=method,
    )
    t.state.auth_codes.append(code)
    return code


def _client(state: SimState, client_key: str, client_secret: str) -> ClientApp:
    app = state.app(client_key)
    if app is None or app.client_secret != client_secret:
        raise Unauthorized("client_key or client_secret is wrong", reason="invalid_client")
    return app


def _pkce_ok(code: AuthCode, verifier: str) -> bool:
    if not code.code_challenge:
        return True
    if not verifier:
        return False
    if code.code_challenge_method.upper() == "PLAIN":
        return verifier == code.code_challenge
    digest = hashlib.sha256(verifier.encode()).digest()
    b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return code.code_challenge in (b64, digest.hex())


def exchange(t: T, form: dict[str, str]) -> OAuthToken:
    """POST /v2/oauth/token/: authorization_code or refresh_token grants."""
    state, now = t.state, t.clock.now()
    app = _client(state, form.get("client_key", ""), form.get("client_secret", ""))
    grant = form.get("grant_type", "")
    if grant == "authorization_code":
        code = next((c for c in state.auth_codes if c.code == form.get("code")), None)
        if code is None or code.client_key != app.client_key:
            raise InvalidInput("the authorization code is invalid", reason="invalid_grant")
        if code.used or code.expires_at <= now:
            raise InvalidInput("the authorization code is expired or used", reason="invalid_grant")
        if form.get("redirect_uri") and form["redirect_uri"] != code.redirect_uri:
            raise InvalidInput(
                "redirect_uri does not match the authorization", reason="invalid_grant"
            )
        if not _pkce_ok(code, form.get("code_verifier", "")):
            raise InvalidInput(
                "code_verifier does not match code_challenge", reason="invalid_grant"
            )
        code.used = True
        return _new_token(t, app, code.handle, code.scopes)
    if grant == "refresh_token":
        return _refresh(t, app, form.get("refresh_token", ""))
    raise InvalidInput(
        "grant_type must be authorization_code or refresh_token", reason="unsupported_grant_type"
    )


def _refresh(t: T, app: ClientApp, refresh_token: str) -> OAuthToken:
    """`grant_type=refresh_token`: refresh tokens rotate, as TikTok's do ("Refresh a User
    Access Token": a successful refresh returns a new refresh_token in place of the one sent,
    and the previous one stops working). The new pair keeps the grant's refresh deadline, so
    `refresh_expires_in` counts down from the user's authorization."""
    now = t.clock.now()
    old = next((k for k in t.state.tokens if k.refresh_token == refresh_token), None)
    if old is None or old.client_key != app.client_key or old.revoked or old.refreshed:
        raise InvalidInput("the refresh token is invalid", reason="invalid_grant")
    if old.refresh_expires_at <= now:
        raise InvalidInput("the refresh token has expired", reason="invalid_grant")
    old.revoked = old.refreshed = True
    return _new_token(t, app, old.handle, old.scopes, refresh_expires_at=old.refresh_expires_at)


def _new_token(
    t: T,
    app: ClientApp,
    handle: str,
    scopes: list[str],
    *,
    refresh_expires_at: datetime | None = None,
) -> OAuthToken:
    """A new access/refresh pair, with the tenant's lifetimes (Settings)."""
    now, settings = t.clock.now(), t.state.settings
    token = OAuthToken(
        access_token="act." + t.ids.token("", 48),
        refresh_token="rft." + t.ids.token("", 48),
        client_key=app.client_key,
        handle=handle,
        scopes=list(scopes),
        expires_at=now + timedelta(seconds=settings.access_token_ttl_sec),
        refresh_expires_at=refresh_expires_at
        or now + timedelta(seconds=settings.refresh_token_ttl_sec),
    )
    t.state.tokens.append(token)
    return token


def revoke(t: T, form: dict[str, str]) -> None:
    """POST /v2/oauth/revoke/: the user's authorization of the app ends; the app is told."""
    state = t.state
    app = _client(state, form.get("client_key", ""), form.get("client_secret", ""))
    token = state.token(form.get("token", ""))
    if token is None or token.client_key != app.client_key:
        raise InvalidInput("the token is invalid", reason="invalid_request")
    for other in state.tokens:
        if other.client_key == app.client_key and other.handle == token.handle:
            other.revoked = True
    lifecycle.enqueue_open_event(
        state, app.client_key, token.handle, "authorization.removed", {"reason": 1}, t.clock.now()
    )


def require(t: T, access_token: str, scope: str | None) -> OAuthToken:
    """A live token with the scope, else access_token_invalid / scope_not_authorized (401)."""
    token = t.state.token(access_token)
    if token is None or token.revoked or token.expires_at <= t.clock.now():
        raise InvalidToken(
            "The access token is invalid or not found in the request.",
        )
    if scope is not None and scope not in token.scopes:
        raise ScopeNotAuthorized(
            f"The user did not authorize the scope required for this endpoint: {scope}.",
        )
    return token


def rate_limit(t: T, key: str, limit: int, window_sec: int = 60) -> None:
    """At most `limit` calls per window per key (on the virtual clock), else 429."""
    now = t.clock.now().timestamp()
    hits = [h for h in t.state.rate_hits.get(key, []) if h > now - window_sec]
    if len(hits) >= limit:
        t.state.rate_hits[key] = hits
        raise RateLimited(
            f"Too many requests: at most {limit} per minute for this token and endpoint.",
        )
    hits.append(now)
    t.state.rate_hits[key] = hits
