"""Flex's use of the tenant lock: short holds around its own state, never across a TikTok call.

`install_tenancy(..., lock_requests=False)` leaves locking to Flex. Views that only read or
change Flex's state are `@serialized` (the lock held for the view, after the request body
is read); views that call TikTok are `@calls_tiktok` and lock by hand around each read and
each change (see `integration`). Views that never touch state are `@stateless`. Every view
says which; a test checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import request

from simulator.core.web import current_tenant

F = TypeVar("F", bound=Callable[..., Any])
LOCKING = "flex_locking"


def serialized(view: F) -> F:
    """Hold the tenant's lock for the whole view (it never waits on TikTok)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if request.method == "POST":
            _ = request.form  # read and parse the body (uploads too) before taking the lock
        with current_tenant().lock:
            return view(*args, **kwargs)

    wrapped.__dict__[LOCKING] = "serialized"
    return cast(F, wrapped)


def calls_tiktok(view: F) -> F:
    """Mark a view that calls TikTok: it takes the tenant's lock only around state access."""
    view.__dict__[LOCKING] = "calls_tiktok"
    return view


def stateless(view: F) -> F:
    """Mark a view that never touches tenant state (no lock needed)."""
    view.__dict__[LOCKING] = "stateless"
    return view


def locking_of(view: Callable[..., Any]) -> str:
    """How a view locks its tenant ("serialized", "calls_tiktok", "stateless", or "")."""
    return str(getattr(view, LOCKING, ""))
