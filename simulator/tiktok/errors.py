"""The one table from the semantic errors backends raise to TikTok's codes and statuses.

Backends raise `simulator.core.errors` classes (NotFound, Forbidden, InvalidInput ...), with
a `reason` where TikTok names the case more precisely (`invalid_publish_id`, OAuth's
`invalid_grant` ...). `WIRE` gives each kind and each reason its Business API code (answered
with HTTP 200), its Open API v2 / OAuth code and the HTTP status that goes with it (also the
status of the app's error page). `rendering.py` reads nothing else.

Business codes are those of TikTok's official SDK (`tiktok_business/tiktok_code.py`); Open
API v2 codes and statuses those of TikTok's v2 reference (`../shared/reference/tiktok-apis.md`).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.core.errors import Injected, SimError


@dataclass(frozen=True)
class Wire:
    """How one kind of error looks on TikTok's wire."""

    business: int  # the Business API's `code` (HTTP 200)
    open: str  # Open API v2 `error.code`, or OAuth's `error`
    status: int  # the HTTP status of an Open API v2 / OAuth answer, and of a page
    message: str  # the Business API's text when the backend gave none


WIRE: dict[str, Wire] = {
    # ---- kinds (simulator.core.errors) ----
    "error": Wire(40002, "invalid_params", 400, "Parameter error"),
    "invalid": Wire(40002, "invalid_params", 400, "Parameter error"),
    "not_found": Wire(40007, "not_found", 404, "The resource does not exist"),
    "conflict": Wire(40002, "invalid_params", 409, "Parameter error"),
    "forbidden": Wire(40001, "scope_not_authorized", 403, "No permission to operate"),
    "unauthorized": Wire(40105, "access_token_invalid", 401, "Access token is invalid"),
    "missing_token": Wire(40104, "access_token_invalid", 401, "Access token is empty"),
    "invalid_token": Wire(40105, "access_token_invalid", 401, "Access token is invalid"),
    "expired_token": Wire(40102, "access_token_invalid", 401, "Access token has expired"),
    "scope_not_authorized": Wire(40130, "scope_not_authorized", 401, "Scope not authorized"),
    "rate_limited": Wire(40100, "rate_limit_exceeded", 429, "Request too frequent"),
    "internal": Wire(50000, "internal_error", 500, "System error"),
    "timeout": Wire(50002, "internal_error", 504, "System timeout"),
    # ---- reasons: the cases TikTok names more precisely ----
    "route_not_found": Wire(40400, "not_found", 404, "Route not found"),
    # the advertiser authorization page's auth_code is wrong, used or older than an hour
    "auth_code_error": Wire(40110, "invalid_grant", 400, "Auth code error"),
    "method_not_allowed": Wire(40002, "method_not_allowed", 405, "Parameter error"),
    "too_large": Wire(40002, "invalid_params", 413, "Parameter error"),
    "not_tcm_creator": Wire(40121, "invalid_params", 400, "The creator is not a TCM creator"),
    "invalid_publish_id": Wire(40002, "invalid_publish_id", 400, "Parameter error"),
    "token_not_authorized_for_specified_publish_id": Wire(
        40001, "token_not_authorized_for_specified_publish_id", 400, "No permission to operate"
    ),
    "privacy_level_option_mismatch": Wire(
        40002, "privacy_level_option_mismatch", 400, "Parameter error"
    ),
    "spam_risk_too_many_pending_share": Wire(
        40001, "spam_risk_too_many_pending_share", 403, "No permission to operate"
    ),
    "spam_risk_too_many_posts": Wire(
        40001, "spam_risk_too_many_posts", 403, "No permission to operate"
    ),
    "unaudited_client_can_only_post_to_private_accounts": Wire(
        40001,
        "unaudited_client_can_only_post_to_private_accounts",
        403,
        "No permission to operate",
    ),
    "url_ownership_unverified": Wire(
        40001, "url_ownership_unverified", 403, "No permission to operate"
    ),
    "upload_url_invalid": Wire(40001, "invalid_file_upload", 403, "No permission to operate"),
    "upload_range": Wire(40002, "invalid_file_upload", 416, "Parameter error"),
    "upload_length": Wire(40002, "invalid_file_upload", 400, "Parameter error"),
    # OAuth's token endpoint (RFC 6749 section 5.2, as TikTok answers it)
    "invalid_request": Wire(40002, "invalid_request", 400, "Parameter error"),
    "invalid_client": Wire(40105, "invalid_client", 401, "Access token is invalid"),
    "invalid_grant": Wire(40002, "invalid_grant", 400, "Parameter error"),
    "unsupported_grant_type": Wire(40002, "unsupported_grant_type", 400, "Parameter error"),
}


def wire_of(exc: SimError) -> Wire:
    """The table's row for an error: its reason's, else its kind's (or a parent kind's)."""
    if exc.reason and exc.reason in WIRE:
        return WIRE[exc.reason]
    for cls in type(exc).__mro__:
        kind = getattr(cls, "kind", None)
        if kind in WIRE:
            return WIRE[kind]
    return WIRE["error"]


def business_code(exc: SimError) -> int:
    """The Business API code; an injected fault's own code when it gave one."""
    if isinstance(exc, Injected) and exc.wire_code is not None:
        text = str(exc.wire_code)
        if text.lstrip("-").isdigit():
            return int(text)
        return _by_open(text, exc).business
    if isinstance(exc, Injected):
        return WIRE["internal" if (exc.wire_status or 0) >= 500 else "error"].business
    return wire_of(exc).business


def open_code(exc: SimError) -> str:
    """The Open API v2 (or OAuth) code; an injected fault's own code when it gave one."""
    if isinstance(exc, Injected) and exc.wire_code is not None:
        text = str(exc.wire_code)
        if not text.lstrip("-").isdigit():
            return text
        row = next((w for w in WIRE.values() if w.business == int(text)), None)
        return row.open if row else ("internal_error" if int(text) >= 50000 else "invalid_params")
    if isinstance(exc, Injected):
        return WIRE["internal" if (exc.wire_status or 0) >= 500 else "error"].open
    return wire_of(exc).open


def http_status(exc: SimError) -> int:
    """The HTTP status of an Open API v2 / OAuth answer or a page (a fault's when it set one)."""
    if isinstance(exc, Injected):
        if exc.wire_status is not None:
            return exc.wire_status
        return _by_open(open_code(exc), exc).status
    return wire_of(exc).status


def business_status(exc: SimError) -> int:
    """The HTTP status of a Business API error: 200 as TikTok answers, or a fault's own."""
    if isinstance(exc, Injected) and exc.wire_status is not None:
        return exc.wire_status
    return 200


def business_message(exc: SimError) -> str:
    """The Business API's message: the backend's words, else the table's."""
    return exc.message or wire_of(exc).message


def _by_open(code: str, exc: SimError) -> Wire:
    row = next((w for w in WIRE.values() if w.open == code), None)
    if row is not None:
        return row
    return WIRE["internal" if (getattr(exc, "wire_status", None) or 0) >= 500 else "error"]


BUSINESS_ERROR_CODES = sorted({w.business for w in WIRE.values()})
OPEN_ERROR_CODES = sorted({w.open for w in WIRE.values()})
