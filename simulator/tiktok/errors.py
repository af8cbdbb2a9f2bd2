"""TikTok's error codes, the typed errors backends raise, and their mapping between API styles."""

from __future__ import annotations

from simulator.core.errors import SimError

# Business API numeric codes (from TikTok's official SDK).
BIZ_MESSAGES: dict[int, str] = {
    40000: "Invalid parameters",
    40001: "No permission to operate",
    40002: "Parameter error",
    40007: "The resource does not exist",
    40009: "Unsupported in sandbox",
    40100: "Request too frequent",
    40102: "Access token has expired",
    40104: "Access token is empty",
    40105: "Access token is invalid",
    40121: "The creator is not a TCM creator",
    40122: "The creator is in an unsupported country",
    40130: "Scope not authorized",
    40132: "Request frequency limited",
    50000: "System error",
    50002: "System timeout",
}

# Open API v2 string codes and their HTTP statuses.
OPEN_STATUS: dict[str, int] = {
    "ok": 200,
    "access_token_invalid": 401,
    "scope_not_authorized": 401,
    "scope_permission_missed": 400,
    "invalid_params": 400,
    "invalid_file_upload": 400,
    "rate_limit_exceeded": 429,
    "internal_error": 500,
    "spam_risk_too_many_pending_share": 403,
    "spam_risk_too_many_posts": 403,
    "spam_risk_user_banned_from_posting": 403,
    "unaudited_client_can_only_post_to_private_accounts": 403,
    "privacy_level_option_mismatch": 400,
    "url_ownership_unverified": 403,
    "invalid_publish_id": 400,
    "token_not_authorized_for_specified_publish_id": 400,
    "not_found": 404,
    "method_not_allowed": 405,
}

_BIZ_FROM_STRING: dict[str, int] = {
    "rate_limit_exceeded": 40100,
    "access_token_invalid": 40105,
    "scope_not_authorized": 40130,
    "invalid_params": 40002,
    "not_found": 40007,
    "forbidden": 40001,
    "unauthorized": 40105,
    "internal_error": 50000,
}

_STRING_FROM_BIZ: dict[int, str] = {
    40000: "invalid_params",
    40001: "scope_not_authorized",
    40002: "invalid_params",
    40007: "invalid_params",
    40100: "rate_limit_exceeded",
    40102: "access_token_invalid",
    40104: "access_token_invalid",
    40105: "access_token_invalid",
    40130: "scope_not_authorized",
    40132: "rate_limit_exceeded",
    50000: "internal_error",
    50002: "internal_error",
}


class BizError(SimError):
    """A Business API failure: numeric `code`, answered with HTTP 200 as TikTok does."""

    code: int | str = 40002
    http_status = 200


class OpenError(SimError):
    """An Open API v2 failure: string `code`, answered with TikTok's HTTP status for it."""

    code: int | str = "invalid_params"
    http_status = 400

    def __init__(self, message: str, *, code: str = "invalid_params", **kw: object) -> None:
        status = kw.pop("http_status", None)
        super().__init__(
            message,
            code=code,
            http_status=int(status) if isinstance(status, int) else OPEN_STATUS.get(code, 400),
        )


class OAuthError(SimError):
    """An OAuth token-endpoint failure, answered in OAuth's flat `{error, error_description}`."""

    code: int | str = "invalid_request"
    http_status = 400


def biz_code(exc: SimError) -> int:
    """The Business API code for any SimError (faults and Open-API-style errors included)."""
    if isinstance(exc.code, int):
        return exc.code
    text = str(exc.code)
    if text.isdigit():
        return int(text)
    if text in _BIZ_FROM_STRING:
        return _BIZ_FROM_STRING[text]
    return 50000 if exc.http_status >= 500 else 40002


def open_code(exc: SimError) -> str:
    """The Open API v2 string code for any SimError."""
    if isinstance(exc.code, int):
        return _STRING_FROM_BIZ.get(
            exc.code, "internal_error" if exc.code >= 50000 else "invalid_params"
        )
    text = str(exc.code)
    if text.isdigit():
        return _STRING_FROM_BIZ.get(int(text), "invalid_params")
    if text in ("error", "unauthorized"):
        return (
            "internal_error"
            if exc.http_status >= 500
            else "access_token_invalid"
            if text == "unauthorized"
            else "invalid_params"
        )
    return text


def open_status(exc: SimError, code: str) -> int:
    """The HTTP status an Open API error is answered with."""
    if "http_status" in vars(exc):
        return exc.http_status
    return OPEN_STATUS.get(code, exc.http_status)
