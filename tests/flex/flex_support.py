"""Helpers for Flex's tests: TikTok envelopes, user agents, CSRF tokens, seeded ids."""

from __future__ import annotations

import re
from typing import Any

TIKTOK = "http://tiktok.test"
API = f"{TIKTOK}/open_api/v1.3"
PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
TENANT = "t1"


def ok(data: dict[str, Any]) -> dict[str, Any]:
    """TikTok's success envelope around `data`."""
    return {"code": 0, "message": "OK", "request_id": "20250101000000ABCDEF", "data": data}


def fail(code: int, message: str = "error") -> dict[str, Any]:
    """TikTok's error envelope (HTTP 200, code != 0)."""
    return {"code": code, "message": message, "request_id": "20250101000000ABCDEF", "data": {}}


def csrf(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def offer_id(app: Any, title: str) -> str:
    """The id of the seeded offer with this title."""
    return next(o["id"] for o in app.config["SEEDED"]["offers"] if o["title"] == title)


def deliverable_id(app: Any, title: str, deliverable: str) -> str:
    """The id of a seeded offer's deliverable."""
    offer = next(o for o in app.config["SEEDED"]["offers"] if o["title"] == title)
    return next(d["id"] for d in offer["deliverables"] if d["title"] == deliverable)


def signed_in(app: Any, email: str, ua: str = PIXEL, tenant: str = TENANT) -> Any:
    """A test client (a phone by default) signed in as `email`."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = ua
    client.environ_base["HTTP_X_SIM_TENANT"] = tenant
    page = client.get("/signin")
    answer = client.post(
        "/signin", data={"email": email, "password": "demo", "csrf_token": csrf(page.text)}
    )
    assert answer.status_code == 302, answer.text
    return client
