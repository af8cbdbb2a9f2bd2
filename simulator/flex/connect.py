"""Build the TikTok client for the current request's tenant, from the app's config."""

from __future__ import annotations

from flask import current_app, request

from simulator.core.web import current_tenant

from .auth import state
from .tiktok_client import TikTokClient


def client() -> TikTokClient:
    """A TikTok client with the tenant's brand token that forwards the tenant id."""
    cfg = current_app.config
    return TikTokClient(
        access_token=state().tiktok.access_token,
        base_url=str(cfg["TIKTOK_BASE_URL"]),
        tenant_id=current_tenant().id,
        timeout=float(cfg["TIKTOK_TIMEOUT"]),
        max_attempts=int(cfg["TIKTOK_MAX_ATTEMPTS"]),
        backoff=float(cfg["TIKTOK_BACKOFF"]),
    )


def callback_url() -> str:
    """Where TikTok should send webhooks for this tenant (PUBLIC_URL or this host)."""
    base = str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return f"{base}/webhooks/tiktok?tenant={current_tenant().id}"
