"""Login Kit's token endpoint (`/v2/oauth/...`): a form in, flat OAuth JSON out."""

from __future__ import annotations

import msgspec

from .. import oauth
from ..shapes import v2
from ..web import registry, tenant
from .registry import Api

api = Api("login_kit", style="oauth", tag="Open API v2: Login Kit")


@api.post("/v2/oauth/token/", body=v2.TokenForm, answer=v2.Tokens)
def token(body: v2.TokenForm) -> v2.Tokens:
    """Exchange a code (authorization_code, PKCE code_verifier) or a refresh_token for tokens.

    Refresh tokens rotate, as TikTok's do. Errors are OAuth's flat
    {error, error_description, log_id}: invalid_client (401), invalid_grant, invalid_request,
    unsupported_grant_type (400)."""
    t = tenant()
    issued = oauth.exchange(t, msgspec.to_builtins(body))
    for credential in (issued.access_token, issued.refresh_token):
        registry().bind_credential(credential, t.id)
    account = t.state.account(issued.handle)
    now = t.clock.now()
    return v2.Tokens(
        open_id=account.open_id if account else "",
        scope=",".join(issued.scopes),
        access_token=issued.access_token,
        expires_in=round((issued.expires_at - now).total_seconds()),
        refresh_token=issued.refresh_token,
        refresh_expires_in=round((issued.refresh_expires_at - now).total_seconds()),
        token_type="Bearer",
    )


@api.post("/v2/oauth/revoke/", body=v2.RevokeForm, answer=v2.Revoked)
def revoke(body: v2.RevokeForm) -> v2.Revoked:
    """Revoke a token: the user's authorization of the app ends (authorization.removed)."""
    oauth.revoke(tenant(), msgspec.to_builtins(body))
    return v2.Revoked()
