"""Who is calling: the Business API's Access-Token, Open API v2's Bearer token.

Reading the headers is the view layer's job; what a credential may do is the backends'."""

from __future__ import annotations

from typing import Any

from simulator.core.errors import Forbidden, InvalidToken, MissingToken
from simulator.core.web import exchange

from .. import campaigns, oauth
from ..models import Account, Brand, OAuthToken
from ..web import tenant
from .registry import Api

BUSINESS_PREFIX = "/open_api/v1.3"


def business_family(name: str, tag: str) -> Api:
    """A family of Business API endpoints: under /open_api/v1.3, behind the Access-Token."""
    return Api(
        name,
        style="business",
        prefix=BUSINESS_PREFIX,
        tag=tag,
        security="AccessToken",
        authenticate=check_access_token,
    )


def header_credential(environ: dict[str, Any]) -> str | None:
    """The token a call carries in its headers: Access-Token, else `Authorization: Bearer`."""
    token = environ.get("HTTP_ACCESS_TOKEN")
    if token:
        return str(token).strip()
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if auth[:7].lower() == "bearer ":
        return str(auth[7:]).strip()
    return None


def access_token() -> str:
    """The Access-Token header (MissingToken when it is absent or blank)."""
    token = str(exchange().request.environ.get("HTTP_ACCESS_TOKEN", "")).strip()
    if not token:
        raise MissingToken("Access-Token header is empty")
    return token


def check_access_token(_scope: str | None = None) -> None:
    """A Business API call's Access-Token is a brand's live token or a creator's live OAuth
    token (MissingToken, InvalidToken, ExpiredToken otherwise)."""
    t = tenant()
    token = access_token()
    own = t.state.token(token)
    if own is not None and not own.revoked and own.expires_at > t.clock.now():
        return
    campaigns.brand_for_token(t, token)


def check_bearer(scope: str | None) -> None:
    """An Open API v2 call's Bearer token is live and has the endpoint's scope."""
    oauth.require(tenant(), bearer_token(), scope)


def brand(account_id: str | None = None, field: str = "tcm_account_id") -> Brand:
    """The brand of the Access-Token; with `account_id`, it must be the brand's own account."""
    found = campaigns.brand_for_token(tenant(), access_token())
    if account_id is not None and account_id != found.tcm_account_id:
        raise Forbidden(f"no permission for {field} {account_id}", field=field)
    return found


def creator_caller(creator_id: str) -> tuple[Account, Brand | None]:
    """A creator-side call: the creator's own OAuth token, or a brand's token acting for the
    creator (then the brand comes back too, so the backend can keep it to its campaigns)."""
    t = tenant()
    token = access_token()
    account = campaigns.require_account(t.state, creator_id)
    own = t.state.token(token)
    if own is not None and not own.revoked and own.expires_at > t.clock.now():
        if own.handle.lower() != account.handle.lower():
            raise Forbidden("the token belongs to another creator", field="creator_id")
        return account, None
    return account, campaigns.brand_for_token(t, token)


def bearer_token() -> str:
    """The token of `Authorization: Bearer <token>` ('' when there is none)."""
    header = exchange().request.environ.get("HTTP_AUTHORIZATION", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


def bearer() -> tuple[OAuthToken, Account]:
    """The Open API v2 caller (its token checked by the registry): the token and its user."""
    token = oauth.require(tenant(), bearer_token(), None)
    account = tenant().state.account(token.handle)
    if account is None:
        raise InvalidToken("the token's user no longer exists")
    return token, account
