"""Build the TikTok client for the current request's tenant, from the app's config."""

from __future__ import annotations

from typing import cast

import requests
from flask import Flask, current_app, request

from simulator.core.web import current_tenant

from .auth import state
from .integration import FlexTenant, Inflight
from .tiktok_client import TikTokClient

INFLIGHT = "flex_inflight"
SESSION = "flex_tiktok_session"


def install_session(app: Flask) -> None:
    """One kept-alive HTTP session per app for every call to TikTok: a page that calls TikTok
    twice (the video list) or a request per tap reuses pooled connections instead of opening
    a new one (and leaving it in TIME_WAIT) per call. urllib3's pool is thread-safe and holds
    10 connections per host, more than waitress's 8 threads."""
    app.extensions[SESSION] = requests.Session()


def client() -> TikTokClient:
    """A TikTok client with the tenant's brand token that forwards the tenant id."""
    cfg = current_app.config
    with current_tenant().lock:
        token = state().tiktok.access_token
    return TikTokClient(
        access_token=token,
        base_url=str(cfg["TIKTOK_BASE_URL"]),
        tenant_id=current_tenant().id,
        timeout=float(cfg["TIKTOK_TIMEOUT"]),
        max_attempts=int(cfg["TIKTOK_MAX_ATTEMPTS"]),
        backoff=float(cfg["TIKTOK_BACKOFF"]),
        session=cast(requests.Session, current_app.extensions[SESSION]),
    )


def tenant() -> FlexTenant:
    """The request's tenant, typed for Flex."""
    return cast(FlexTenant, current_tenant())


def inflight() -> Inflight:
    """The app's one-off TikTok calls under way (see `integration.Inflight`)."""
    return cast(Inflight, current_app.extensions[INFLIGHT])


def longest_call() -> float:
    """How long one TikTok call may take with its retries: how long a twin request waits."""
    cfg = current_app.config
    attempts = int(cfg["TIKTOK_MAX_ATTEMPTS"])
    return float(cfg["TIKTOK_TIMEOUT"]) * attempts + float(cfg["TIKTOK_BACKOFF"]) * attempts + 1


def callback_url() -> str:
    """Where TikTok should send webhooks for this tenant (PUBLIC_URL or this host)."""
    base = str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return f"{base}/webhooks/tiktok?tenant={current_tenant().id}"
