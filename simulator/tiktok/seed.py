"""Load a scenario's TikTok half into a tenant, and the named data sets the control API offers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec

from simulator.core.clock import parse_duration
from simulator.core.tenants import Tenant
from simulator.demo import demo_scenario

from . import campaigns, lifecycle
from .models import Account, Brand, ClientApp, Draft, Settings, SimState, Video
from .shapes.tto import CampaignCreate


def make_state(_tenant: Tenant[SimState]) -> SimState:
    """An empty world (the registry's state factory)."""
    return SimState()


def datasets() -> dict[str, dict[str, Any]]:
    """The named TikTok halves: `demo` (the guide's world) and `empty`."""
    return {"demo": demo_scenario()["tiktok"], "empty": {}}


def _seconds(raw: Any, default: int) -> int:
    if raw is None:
        return default
    return int(parse_duration(raw).total_seconds())


_UNSUPPORTED_POST_KEYS = ("views", "likes", "comments", "shares", "video_views")


def seed_post(tenant: Tenant[SimState], raw: dict[str, Any]) -> Video:
    """A post the creator published before the scenario starts: `published_ago` before now,
    in no campaign. It goes through the publishing path (lifecycle.publish_video), so it is
    filed among the creator's posts and its metrics grow from its publish time."""
    state, now = tenant.state, tenant.clock.now()
    handle = str(raw["handle"]).lstrip("@")
    account = state.account(handle)  # like drafts[], a handle not in accounts[] is kept as is
    given = [key for key in _UNSUPPORTED_POST_KEYS if key in raw]
    if given:
        raise ValueError(
            f"posts[]: {', '.join(given)} cannot be set: metrics grow from the publish time"
            " (set published_ago)"
        )
    ago = _seconds(raw.get("published_ago"), 0)
    if ago < 0:
        raise ValueError("posts[].published_ago must not be negative")
    published_at = now - timedelta(seconds=ago)
    video = Video(
        video_id=tenant.ids.video_id(),
        handle=account.handle if account else handle,
        caption=str(raw.get("caption", "")),
        duration_sec=int(raw.get("duration_sec", 15)),
        created_at=published_at,
    )
    state.videos.append(video)  # PROCESSING without a due time: nothing schedules it
    lifecycle.publish_video(state, video, published_at)
    return video


def seed(tenant: Tenant[SimState], half: dict[str, Any]) -> dict[str, Any]:
    """Fill a tenant from a scenario half; returns tokens, ids and invite paths it created."""
    state, ids, now = tenant.state, tenant.ids, tenant.clock.now()
    review = half.get("review") or {}
    tokens = half.get("oauth") or {}
    defaults = Settings()
    state.settings = Settings(
        review_mode=str(review.get("mode", "auto")),
        review_delay_sec=_seconds(review.get("delay"), 7200),
        processing_sec=_seconds(half.get("processing"), 0),
        access_token_ttl_sec=_seconds(
            tokens.get("access_token_ttl"), defaults.access_token_ttl_sec
        ),
        refresh_token_ttl_sec=_seconds(
            tokens.get("refresh_token_ttl"), defaults.refresh_token_ttl_sec
        ),
    )
    if state.settings.review_mode not in ("auto", "manual", "delay"):
        raise ValueError("review.mode must be auto, manual or delay")
    if min(state.settings.access_token_ttl_sec, state.settings.refresh_token_ttl_sec) <= 0:
        raise ValueError("oauth.access_token_ttl and oauth.refresh_token_ttl must be positive")
    for raw in half.get("brands") or []:
        expires_in = raw.get("token_expires_in")
        state.brands.append(
            Brand(
                name=str(raw["name"]),
                tcm_account_id=str(raw["tcm_account_id"]),
                access_token=str(raw["access_token"]),
                app_id=str(raw.get("app_id", "")),
                secret=str(raw.get("secret", "")),
                advertiser_ids=[str(a) for a in raw.get("advertiser_ids") or []],
                redirect_uris=[str(u) for u in raw.get("redirect_uris") or []],
                token_expires_at=None
                if expires_in is None
                else now + timedelta(seconds=_seconds(expires_in, 0)),
            )
        )
    for raw in half.get("apps") or []:
        state.apps.append(
            ClientApp(
                client_key=str(raw["client_key"]),
                client_secret=str(raw["client_secret"]),
                name=str(raw.get("name", "App")),
                redirect_uris=[str(u) for u in raw.get("redirect_uris") or []],
                webhook_url=str(raw.get("webhook_url", "")),
                audited=bool(raw.get("audited", True)),
            )
        )
    for raw in half.get("accounts") or []:
        state.accounts.append(
            Account(
                handle=str(raw["handle"]).lstrip("@"),
                nickname=str(raw.get("nickname") or raw["handle"]),
                creator_id=ids.numeric_id(19),
                open_id="-000" + ids.token("", 28),
                union_id="c9c6" + ids.token("", 28),
                followers=int(raw.get("followers", 0)),
                following=int(raw.get("following", 120)),
                region=str(raw.get("region", "US")),
                private=bool(raw.get("private", False)),
                on_phone=bool(raw.get("on_phone", True)),
                bio=str(raw.get("bio", "")),
                verified=bool(raw.get("verified", False)),
                tcm_creator=bool(raw.get("tcm_creator", True)),
            )
        )
    phone = [a.handle for a in state.accounts if a.on_phone]
    state.current_handle = str(half.get("current_handle") or (phone[0] if phone else ""))
    for raw in half.get("drafts") or []:
        state.drafts.append(
            Draft(
                draft_id=ids.numeric_id(16),
                handle=str(raw["handle"]).lstrip("@"),
                caption=str(raw.get("caption", "")),
                duration_sec=int(raw.get("duration_sec", 15)),
                created_at=now,
            )
        )
    posts = [seed_post(tenant, raw) for raw in half.get("posts") or []]
    created = []
    for raw in half.get("campaigns") or []:
        brand = state.brand(str(raw.get("tto_tcm_account_id", ""))) or (
            state.brands[0] if state.brands else None
        )
        if brand is None:
            raise ValueError("a seeded campaign needs a brand")
        spec = msgspec.convert({**raw, "tto_tcm_account_id": brand.tcm_account_id}, CampaignCreate)
        campaign, failed = campaigns.create_campaign(tenant, brand, spec)
        created.append(
            {
                "campaign_id": campaign.campaign_id,
                "campaign_name": campaign.name,
                "invite_code": campaign.invite_code,
                "invite_path": f"/tto/invite/{campaign.invite_code}",
                "failed_handle_names": failed,
            }
        )
    return {
        "brands": [
            {"tcm_account_id": b.tcm_account_id, "access_token": b.access_token}
            for b in state.brands
        ],
        "accounts": [
            {"handle": a.handle, "creator_id": a.creator_id, "open_id": a.open_id}
            for a in state.accounts
        ],
        "current_handle": state.current_handle,
        "drafts": len(state.drafts),
        "posts": [
            {"handle": v.handle, "video_id": v.video_id, "caption": v.caption} for v in posts
        ],
        "campaigns": created,
        "credentials": [b.access_token for b in state.brands] + [c["invite_code"] for c in created],
    }
