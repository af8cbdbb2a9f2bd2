"""Typed errors raised by backends; each API style renders them into its own envelope."""

from __future__ import annotations


class SimError(Exception):
    """A failure the platform would report to its caller.

    `code` is the platform's own code (a number for the Business API, a string for
    the Open API v2, a short slug for Flex and the control API); `http_status` is
    what the platform answers on the wire.
    """

    code: int | str = "error"
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        code: int | str | None = None,
        http_status: int | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if http_status is not None:
            self.http_status = http_status
        self.details = details or {}


class NotFound(SimError):
    """The thing asked for does not exist (in this tenant)."""

    code = "not_found"
    http_status = 404


class InvalidInput(SimError):
    """The request is malformed or a field has a wrong value."""

    code = "invalid_params"
    http_status = 400


class Conflict(SimError):
    """The request is valid but the current state forbids it."""

    code = "conflict"
    http_status = 409


class Forbidden(SimError):
    """The caller may not do this."""

    code = "forbidden"
    http_status = 403


class Unauthorized(SimError):
    """The caller's credentials are missing, invalid or expired."""

    code = "unauthorized"
    http_status = 401


class RateLimited(SimError):
    """Too many requests in the current window."""

    code = "rate_limit_exceeded"
    http_status = 429
