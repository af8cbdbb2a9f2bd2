"""Semantic errors raised by backends; each app's renderer turns them into its platform's shape.

A backend says *what* went wrong (not found, forbidden, invalid, conflict, rate limited, an
expired token ...), never a wire code. Each app keeps one table from these kinds to its own
codes and statuses (the fake TikTok: `simulator.tiktok.errors.WIRE`). `code` and
`http_status` on the classes are the generic defaults the control API and Flex answer with.

`reason` names a platform-specific case more precisely than the kind (TikTok's
`invalid_publish_id`, OAuth's `invalid_grant` ...): a renderer looks the reason up first.
`field` names the request field an `InvalidInput` is about.
"""

from __future__ import annotations


class SimError(Exception):
    """A failure the platform would report to its caller.

    `code` and `http_status` are what the control API and Flex answer; the fake TikTok
    answers from its table, by `kind` (and `reason`)."""

    kind = "error"
    code: int | str = "error"
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        code: int | str | None = None,
        http_status: int | None = None,
        reason: str | None = None,
        field: str | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if http_status is not None:
            self.http_status = http_status
        self.reason = reason
        self.field = field
        self.details = details or {}


class NotFound(SimError):
    """The thing asked for does not exist (in this tenant)."""

    kind = "not_found"
    code = "not_found"
    http_status = 404


class InvalidInput(SimError):
    """The request is malformed or a field has a wrong value (`field` names it)."""

    kind = "invalid"
    code = "invalid_params"
    http_status = 400


class Conflict(SimError):
    """The request is valid but the current state forbids it."""

    kind = "conflict"
    code = "conflict"
    http_status = 409


class Forbidden(SimError):
    """The caller may not do this (another brand's campaign, another creator's post ...)."""

    kind = "forbidden"
    code = "forbidden"
    http_status = 403


class Unauthorized(SimError):
    """The caller's credentials are missing, invalid or expired."""

    kind = "unauthorized"
    code = "unauthorized"
    http_status = 401


class MissingToken(Unauthorized):
    """The request carries no credential at all."""

    kind = "missing_token"


class InvalidToken(Unauthorized):
    """The credential is unknown or revoked."""

    kind = "invalid_token"


class ExpiredToken(Unauthorized):
    """The credential was valid and has run out."""

    kind = "expired_token"


class ScopeNotAuthorized(Unauthorized):
    """The credential is valid, but its user did not grant what this call needs."""

    kind = "scope_not_authorized"


class RateLimited(SimError):
    """Too many requests in the current window."""

    kind = "rate_limited"
    code = "rate_limit_exceeded"
    http_status = 429


class Internal(SimError):
    """Something broke inside the fake (an answer the caller cannot fix)."""

    kind = "internal"
    code = "internal_error"
    http_status = 500


class Injected(SimError):
    """A fault rule's answer: the wire code and status the developer asked for, as given
    (`code` None or `http_status` None: the platform's own choice for an error)."""

    kind = "injected"

    def __init__(
        self, message: str, *, code: int | str | None = None, http_status: int | None = None
    ) -> None:
        super().__init__(message)
        self.wire_code = code
        self.wire_status = http_status
        if code is not None:
            self.code = code
        if http_status is not None:
            self.http_status = http_status
