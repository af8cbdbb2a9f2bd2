"""Build the TikTok client for the current request's tenant, from the app's config."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import requests
from flask import Flask, current_app, g, request

from simulator.core.web import current_tenant

from .auth import state
from .integration import FlexTenant, Inflight
from .tiktok_client import Deadline, TikTokClient

INFLIGHT = "flex_inflight"
SESSION = "flex_tiktok_session"
TIMING = "flex_tiktok_timing"


@dataclass(frozen=True)
class Timing:
    """The clock a page's TikTok deadline runs on and the sleep between retries.

    Real time in the app; tests put a virtual clock here to count what a slow TikTok costs
    a page without waiting for it."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def install_session(app: Flask) -> None:
    """One kept-alive HTTP session per app for every call to TikTok: a page that calls TikTok
    twice (the video list) or a request per tap reuses pooled connections instead of opening
    a new one (and leaving it in TIME_WAIT) per call. urllib3's pool is thread-safe and holds
    10 connections per host, more than waitress's 8 threads."""
    app.extensions[SESSION] = requests.Session()
    app.extensions[TIMING] = Timing()


def client() -> TikTokClient:
    """The request's TikTok client: the tenant's brand token, the tenant id forwarded, and one
    deadline (`TIKTOK_DEADLINE` seconds from the first call) for all the page's TikTok calls.

    Built once per request, so a page that calls TikTok several times (campaign, orders,
    videos; or metrics for each video) cannot spend more than the deadline on it in total."""
    made = g.get("flex_tiktok_client")
    if made is not None:
        return cast(TikTokClient, made)
    cfg = current_app.config
    timing = cast(Timing, current_app.extensions[TIMING])
    with current_tenant().lock:
        token = state().tiktok.access_token
    made = TikTokClient(
        access_token=token,
        base_url=str(cfg["TIKTOK_BASE_URL"]),
        tenant_id=current_tenant().id,
        timeout=float(cfg["TIKTOK_TIMEOUT"]),
        max_attempts=int(cfg["TIKTOK_MAX_ATTEMPTS"]),
        backoff=float(cfg["TIKTOK_BACKOFF"]),
        deadline=Deadline.after(float(cfg["TIKTOK_DEADLINE"]), timing.clock),
        sleep=timing.sleep,
        session=cast(requests.Session, current_app.extensions[SESSION]),
    )
    g.flex_tiktok_client = made
    return made


def tenant() -> FlexTenant:
    """The request's tenant, typed for Flex."""
    return cast(FlexTenant, current_tenant())


def inflight() -> Inflight:
    """The app's one-off TikTok calls under way (see `integration.Inflight`)."""
    return cast(Inflight, current_app.extensions[INFLIGHT])


def callback_url() -> str:
    """Where TikTok should send webhooks for this tenant (PUBLIC_URL or this host)."""
    base = str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return f"{base}/webhooks/tiktok?tenant={current_tenant().id}"
