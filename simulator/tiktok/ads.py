"""Spark Ads after the code: the brand's Business API token, AUTH_CODE identities, ad
campaigns, ad groups and ads that use a creator's post, and their paid results on the clock.

Shapes follow TikTok's Marketing API as its official Python SDK calls it
(`tiktok-business-api-sdk-official` 1.1.3: AuthenticationApi, IdentityApi, CampaignCreationApi,
AdgroupApi, AdApi, ReportingApi) and the bububa/tiktok-business Go SDK's models (field names,
secondary statuses such as AD_STATUS_CREATOR_AUTHORIZATION_REVOKED); see
../shared/reference/tiktok-apis.md §5. No Flask here: views parse, call, serialize.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import msgspec

from simulator.core.errors import Forbidden, InvalidInput, InvalidToken, NotFound
from simulator.core.ids import stable_hash
from simulator.core.tenants import Tenant

from .models import (
    Ad,
    AdCampaign,
    AdGroup,
    AdvertiserAuthCode,
    Brand,
    BrandToken,
    SimState,
    SparkAuth,
    Video,
)
from .shapes.ads import IntegratedMetrics
from .sparkads import biz_time, require_video

T = Tenant[SimState]
AUTH_CODE_TTL = timedelta(hours=1)  # "valid for 1 hour and can be used only once"
# Scope ids the Marketing API answers for a token (ad account management, ads, reporting,
# TikTok accounts); the fake grants them all.
SCOPES = [1, 2, 3, 4, 5, 6, 14]
OBJECTIVES = ("REACH", "VIDEO_VIEWS", "TRAFFIC", "ENGAGEMENT", "LEAD_GENERATION", "WEB_CONVERSIONS")
CAMPAIGN_BUDGET_MODES = ("BUDGET_MODE_INFINITE", "BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL")
ADGROUP_BUDGET_MODES = ("BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL")
MIN_DAILY_BUDGET = 20.0  # TikTok's minimum ad group daily budget (USD)
# the report's metrics are the answer model's fields (one list, in shapes.ads)
REPORT_METRICS = tuple(f.name for f in msgspec.structs.fields(IntegratedMetrics))
DATA_LEVELS = {
    "AUCTION_AD": "ad_id",
    "AUCTION_ADGROUP": "adgroup_id",
    "AUCTION_CAMPAIGN": "campaign_id",
    "AUCTION_ADVERTISER": "advertiser_id",
}


# ---- the brand's token (advertiser authorization) ------------------------------------------
def brand_for_app(state: SimState, app_id: str) -> Brand:
    """The brand whose developer app this is (40001 for an unknown app)."""
    brand = next((b for b in state.brands if b.app_id and b.app_id == app_id), None)
    if brand is None:
        raise Forbidden(f"app_id {app_id} is not a registered developer app")
    return brand


def check_redirect(brand: Brand, redirect_uri: str) -> None:
    """The advertiser redirect URL must be one the app registered."""
    if redirect_uri not in brand.redirect_uris:
        raise InvalidInput("redirect_uri is not registered for this app")


def advertiser_names(brand: Brand) -> list[tuple[str, str]]:
    """(advertiser_id, advertiser_name) of the brand's ad accounts."""
    many = len(brand.advertiser_ids) > 1
    return [
        (adv, f"{brand.name} {i + 1}" if many else brand.name)
        for i, adv in enumerate(brand.advertiser_ids)
    ]


def grant(t: T, app_id: str, redirect_uri: str, advertiser_ids: list[str]) -> AdvertiserAuthCode:
    """The advertiser confirmed on the authorization page: a one-time `auth_code` (1 hour)."""
    brand = brand_for_app(t.state, app_id)
    check_redirect(brand, redirect_uri)
    chosen = [a for a in advertiser_ids if a in brand.advertiser_ids]
    if not chosen:
        raise InvalidInput("choose at least one ad account to authorize")
    code = AdvertiserAuthCode(
        auth_code=t.ids.token("", 40),
        app_id=app_id,
        tcm_account_id=brand.tcm_account_id,
        advertiser_ids=chosen,
        redirect_uri=redirect_uri,
        expires_at=t.clock.now() + AUTH_CODE_TTL,
    )
    t.state.advertiser_auth_codes.append(code)
    return code


def _app(state: SimState, app_id: str, secret: str) -> Brand:
    brand = brand_for_app(state, app_id)
    if brand.secret != secret:
        raise Forbidden("app_id and secret do not match")
    return brand


def exchange(t: T, app_id: str, secret: str, auth_code: str) -> BrandToken:
    """`oauth2/access_token/`: a long-term Business API token for the authorized ad accounts."""
    brand = _app(t.state, app_id, secret)
    now = t.clock.now()
    code = next((c for c in t.state.advertiser_auth_codes if c.auth_code == auth_code), None)
    if code is None or code.app_id != app_id:
        raise InvalidInput("auth_code is invalid", reason="auth_code_error")
    if code.used or code.expires_at <= now:
        raise InvalidInput("auth_code has expired or was already used", reason="auth_code_error")
    code.used = True
    token = BrandToken(
        access_token=t.ids.token("", 40),
        app_id=app_id,
        tcm_account_id=brand.tcm_account_id,
        advertiser_ids=list(code.advertiser_ids),
        scope=list(SCOPES),
        created_at=now,
    )
    t.state.brand_tokens.append(token)
    return token


def token_advertisers(t: T, app_id: str, secret: str, access_token: str) -> list[tuple[str, str]]:
    """`oauth2/advertiser/get/`: the ad accounts a token (of this app) may manage."""
    brand = _app(t.state, app_id, secret)
    issued = next((k for k in t.state.brand_tokens if k.access_token == access_token), None)
    if issued is not None and issued.app_id == app_id:
        allowed = set(issued.advertiser_ids)
    elif brand.access_token == access_token:
        allowed = set(brand.advertiser_ids)  # the seeded quick-start token
    else:
        raise InvalidToken("Access-Token is invalid")
    return [(adv, name) for adv, name in advertiser_names(brand) if adv in allowed]


# ---- identities and the authorized post ----------------------------------------------------
def require_advertiser(brand: Brand, advertiser_id: str) -> str:
    """The advertiser id, if this token may manage it (40001 otherwise)."""
    if not advertiser_id:
        raise InvalidInput("advertiser_id is required")
    if advertiser_id not in brand.advertiser_ids:
        raise Forbidden(f"advertiser {advertiser_id} is not authorized for this token")
    return advertiser_id


def _auths_of(state: SimState, advertiser_id: str) -> list[SparkAuth]:
    return [a for a in state.spark_auths if a.advertiser_id == advertiser_id and a.identity_id]


@dataclass
class Identity:
    """An AUTH_CODE identity: a creator account an advertiser holds a code for."""

    identity_id: str
    handle: str
    display_name: str
    profile_image: str


def identities(state: SimState, brand: Brand, advertiser_id: str, kind: str) -> list[Identity]:
    """`identity/get/`: the advertiser's AUTH_CODE identities, one per creator account."""
    require_advertiser(brand, advertiser_id)
    if kind not in ("", "AUTH_CODE", "CUSTOMIZED_USER", "TT_USER", "BC_AUTH_TT"):
        raise InvalidInput(
            "identity_type must be CUSTOMIZED_USER, AUTH_CODE, TT_USER or BC_AUTH_TT"
        )
    if kind not in ("", "AUTH_CODE"):
        return []  # the fake's advertisers have only AUTH_CODE identities
    found: dict[str, Identity] = {}
    for auth in _auths_of(state, advertiser_id):
        video = state.video(auth.video_id)
        account = state.account(video.handle) if video else None
        if video is None or auth.identity_id in found:
            continue
        found[auth.identity_id] = Identity(
            identity_id=auth.identity_id,
            handle=account.handle if account else video.handle,
            display_name=account.nickname if account else video.handle,
            profile_image=f"https://p16.tiktokcdn.com/avatar/{account.open_id if account else ''}",
        )
    return list(found.values())


def identity_auth(state: SimState, advertiser_id: str, identity_id: str, item_id: str) -> SparkAuth:
    """The code through which this identity lets the advertiser use this post (latest first)."""
    matching = [
        a
        for a in _auths_of(state, advertiser_id)
        if a.identity_id == identity_id and a.video_id == item_id
    ]
    if not matching:
        if not any(a.identity_id == identity_id for a in _auths_of(state, advertiser_id)):
            raise NotFound(f"identity {identity_id} does not exist")
        raise Forbidden(f"post {item_id} is not authorized through this identity")
    return matching[-1]


def auth_status(auth: SparkAuth) -> str:
    """`ad_auth_status` of a code: AUTHORIZED while it may be used."""
    return "AUTHORIZED" if auth.auth_code_status in ("NOT_USED", "IN_USE") else "UNAVAILABLE"


def video_detail(state: SimState, auth: SparkAuth, poster_url: str) -> dict[str, Any]:
    """`identity/video/info/` `video_detail`: the post, its text, authorization and video."""
    video = require_video(state, auth.video_id)
    return {
        "item_id": video.video_id,
        "item_type": "VIDEO",
        "auth_code": auth.auth_code,
        "text": video.caption,
        "status": "ITEM_STATUS_HESITATE_RECOMMEND"
        if video.status == "PUBLISHED"
        else "ITEM_STATUS_DELETED",
        "auth_info": {
            "ad_auth_status": auth_status(auth),
            "auth_start_time": biz_time(auth.start_time),
            "auth_end_time": biz_time(auth.end_time),
        },
        "video_info": {
            "duration": float(video.duration_sec),
            "width": 1080,
            "height": 1920,
            "poster_url": poster_url,
        },
    }


# ---- campaigns, ad groups, ads -------------------------------------------------------------
def _money(raw: Any, name: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InvalidInput(f"{name} must be a number")
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a number") from None
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(f"{name} must be more than 0")
    return round(value, 2)


def _text(spec: dict[str, Any], name: str, limit: int = 512) -> str:
    value = spec.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} is required")
    if len(value) > limit:
        raise InvalidInput(f"{name} takes at most {limit} characters")
    return value.strip()


def _choice(spec: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = spec.get(name, default)
    if value not in allowed:
        raise InvalidInput(f"{name} must be one of {', '.join(allowed)}")
    return str(value)


def create_campaign(t: T, brand: Brand, spec: dict[str, Any]) -> AdCampaign:
    """`campaign/create/`: an ad campaign with an objective and an optional budget."""
    advertiser_id = require_advertiser(brand, str(spec.get("advertiser_id") or ""))
    mode = _choice(spec, "budget_mode", CAMPAIGN_BUDGET_MODES, "BUDGET_MODE_INFINITE")
    budget = 0.0 if mode == "BUDGET_MODE_INFINITE" else _money(spec.get("budget"), "budget")
    campaign = AdCampaign(
        campaign_id=t.ids.numeric_id(19),
        advertiser_id=advertiser_id,
        campaign_name=_text(spec, "campaign_name"),
        objective_type=_choice(spec, "objective_type", OBJECTIVES, ""),
        budget_mode=mode,
        budget=budget,
        created_at=t.clock.now(),
    )
    t.state.ad_campaigns.append(campaign)
    return campaign


def parse_time(raw: Any, name: str) -> datetime:
    """A Marketing API time, `YYYY-MM-DD HH:MM:SS` in UTC+0."""
    try:
        return datetime.strptime(str(raw), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        message = f"{name} must be a time as YYYY-MM-DD HH:MM:SS (UTC+0)"
        raise InvalidInput(message) from None


def _campaign(state: SimState, advertiser_id: str, campaign_id: str) -> AdCampaign:
    found = next((c for c in state.ad_campaigns if c.campaign_id == campaign_id), None)
    if found is None or found.advertiser_id != advertiser_id:
        raise NotFound(f"campaign {campaign_id} does not exist")
    return found


def create_adgroup(t: T, brand: Brand, spec: dict[str, Any]) -> AdGroup:
    """`adgroup/create/`: placements, a schedule and a budget for the campaign's ads."""
    state, now = t.state, t.clock.now()
    advertiser_id = require_advertiser(brand, str(spec.get("advertiser_id") or ""))
    campaign = _campaign(state, advertiser_id, str(spec.get("campaign_id") or ""))
    mode = _choice(spec, "budget_mode", ADGROUP_BUDGET_MODES, "BUDGET_MODE_DAY")
    budget = _money(spec.get("budget"), "budget")
    schedule = _choice(
        spec, "schedule_type", ("SCHEDULE_START_END", "SCHEDULE_FROM_NOW"), "SCHEDULE_FROM_NOW"
    )
    start = (
        parse_time(spec["schedule_start_time"], "schedule_start_time")
        if spec.get("schedule_start_time")
        else now
    )
    end = None
    if schedule == "SCHEDULE_START_END":
        end = parse_time(spec.get("schedule_end_time"), "schedule_end_time")
        if end <= start:
            raise InvalidInput("schedule_end_time must be after schedule_start_time")
    elif mode == "BUDGET_MODE_TOTAL":
        raise InvalidInput("a total budget needs schedule_type SCHEDULE_START_END")
    days = (end - start) / timedelta(days=1) if end else 1.0
    daily = budget if mode == "BUDGET_MODE_DAY" else budget / max(days, 1 / 24)
    if daily < MIN_DAILY_BUDGET:
        raise InvalidInput(f"the daily budget must be at least {MIN_DAILY_BUDGET:.0f} USD")
    placements = spec.get("placements") or ["PLACEMENT_TIKTOK"]
    locations = spec.get("location_ids") or []
    if not isinstance(placements, list) or not isinstance(locations, list):
        raise InvalidInput("placements and location_ids must be arrays")
    group = AdGroup(
        adgroup_id=t.ids.numeric_id(19),
        advertiser_id=advertiser_id,
        campaign_id=campaign.campaign_id,
        adgroup_name=_text(spec, "adgroup_name"),
        budget_mode=mode,
        budget=budget,
        schedule_type=schedule,
        start_time=start,
        end_time=end,
        placement_type=str(spec.get("placement_type") or "PLACEMENT_TYPE_NORMAL"),
        placements=[str(p) for p in placements],
        optimization_goal=str(spec.get("optimization_goal") or "REACH"),
        billing_event=str(spec.get("billing_event") or "CPM"),
        bid_type=str(spec.get("bid_type") or "BID_TYPE_NO_BID"),
        location_ids=[str(loc) for loc in locations],
        created_at=now,
    )
    state.adgroups.append(group)
    return group


def _adgroup(state: SimState, advertiser_id: str, adgroup_id: str) -> AdGroup:
    found = next((g for g in state.adgroups if g.adgroup_id == adgroup_id), None)
    if found is None or found.advertiser_id != advertiser_id:
        raise NotFound(f"adgroup {adgroup_id} does not exist")
    return found


def create_ads(t: T, brand: Brand, spec: dict[str, Any]) -> list[Ad]:
    """`ad/create/`: Spark Ads in an ad group, each using a post through its AUTH_CODE identity.

    Every creative is checked before any ad is kept, so a refused request stores nothing."""
    state, now = t.state, t.clock.now()
    advertiser_id = require_advertiser(brand, str(spec.get("advertiser_id") or ""))
    group = _adgroup(state, advertiser_id, str(spec.get("adgroup_id") or ""))
    creatives = spec.get("creatives")
    if not isinstance(creatives, list) or not 1 <= len(creatives) <= 20:
        raise InvalidInput("creatives takes 1 to 20 creatives")
    ads: list[Ad] = []
    for i, creative in enumerate(creatives):
        if not isinstance(creative, dict):
            raise InvalidInput(f"creatives[{i}] must be an object")
        if creative.get("identity_type") != "AUTH_CODE":
            raise InvalidInput(f"creatives[{i}].identity_type must be AUTH_CODE for a Spark Ad")
        item_id = str(creative.get("tiktok_item_id") or "")
        if not item_id:
            raise InvalidInput(f"creatives[{i}].tiktok_item_id is required")
        auth = identity_auth(state, advertiser_id, str(creative.get("identity_id") or ""), item_id)
        if auth.auth_code_status not in ("NOT_USED", "IN_USE"):
            raise InvalidInput(
                f"the authorization of post {item_id} is {auth.auth_code_status.lower()}"
            )
        ads.append(
            Ad(
                ad_id=t.ids.numeric_id(19),
                advertiser_id=advertiser_id,
                campaign_id=group.campaign_id,
                adgroup_id=group.adgroup_id,
                ad_name=_text(creative, "ad_name"),
                identity_type="AUTH_CODE",
                identity_id=auth.identity_id,
                tiktok_item_id=item_id,
                auth_code=auth.auth_code,
                ad_format=str(creative.get("ad_format") or "SINGLE_VIDEO"),
                call_to_action=str(creative.get("call_to_action") or "LEARN_MORE"),
                landing_page_url=str(creative.get("landing_page_url") or ""),
                created_at=now,
            )
        )
    state.ads.extend(ads)
    return ads


# ---- delivery and paid results --------------------------------------------------------------
def _auth_of(state: SimState, ad: Ad) -> SparkAuth | None:
    return next((a for a in state.spark_auths if a.auth_code == ad.auth_code), None)


def authorization_end(auth: SparkAuth | None) -> tuple[datetime | None, str]:
    """When the ad lost its right to the post, and why ('' while it still has it)."""
    if auth is None:
        return None, "AD_STATUS_ASSET_AUTHORIZATION_LOST"
    if auth.auth_code_status not in ("EXPIRED", "DELETED"):
        return None, ""
    if auth.revoked_at is not None:
        return auth.revoked_at, "AD_STATUS_CREATOR_AUTHORIZATION_REVOKED"
    return auth.end_time, "AD_STATUS_ASSET_AUTHORIZATION_LOST"  # expired, or replaced


@dataclass
class Delivery:
    """An ad's delivery: its status at `now` and the window it spent in."""

    secondary_status: str
    start: datetime
    stop: datetime  # delivery so far ends here (now, or when it stopped)
    daily_rate: float  # USD per day while delivering
    cap: float | None  # a total budget, if any


def delivery(state: SimState, ad: Ad, now: datetime) -> Delivery:
    """Where an ad stands: delivering, not started, done, out of budget or without the post."""
    group = _adgroup(state, ad.advertiser_id, ad.adgroup_id)
    campaign = _campaign(state, ad.advertiser_id, ad.campaign_id)
    siblings = max(sum(1 for a in state.ads if a.adgroup_id == group.adgroup_id), 1)
    start = max(ad.created_at, group.start_time)
    days = (group.end_time - group.start_time) / timedelta(days=1) if group.end_time else 1.0
    daily = group.budget if group.budget_mode == "BUDGET_MODE_DAY" else group.budget / days
    if campaign.budget_mode == "BUDGET_MODE_DAY":
        daily = min(daily, campaign.budget)
    daily /= siblings
    caps = [group.budget / siblings] if group.budget_mode == "BUDGET_MODE_TOTAL" else []
    if campaign.budget_mode == "BUDGET_MODE_TOTAL":
        caps.append(campaign.budget / siblings)
    cap = min(caps) if caps else None
    lost_at, lost = authorization_end(_auth_of(state, ad))
    stop = min(t for t in (now, group.end_time, lost_at) if t is not None)
    status = "AD_STATUS_DELIVERY_OK"
    if lost:
        status = lost
    elif ad.operation_status == "DISABLE":
        status = "AD_STATUS_DISABLE"
    elif now < start:
        status = "AD_STATUS_NOT_START"
    elif group.end_time is not None and now >= group.end_time:
        status = "AD_STATUS_DONE"
    elif cap is not None and _spend(daily, cap, start, stop) >= cap:
        status = "AD_STATUS_BUDGET_EXCEED"
    return Delivery(status, start, max(stop, start), daily, cap)


def _spend(daily: float, cap: float | None, start: datetime, stop: datetime) -> float:
    spent = daily * max((stop - start) / timedelta(days=1), 0.0)
    return min(spent, cap) if cap is not None else spent


def paid_metrics(state: SimState, ad: Ad, since: datetime, until: datetime) -> dict[str, float]:
    """What the ad bought between two times: spend, impressions, clicks, plays, engagement.

    Spend runs at the budget's pace while the ad delivers; the rest follows from per-ad rates
    drawn from a stable hash of the ad id (CPM 4-10 USD, CTR 0.6-2 %), never random."""
    window = delivery(state, ad, until)

    def bought(at: datetime) -> float:
        return _spend(window.daily_rate, window.cap, window.start, min(at, window.stop))

    spend = max(bought(until) - bought(since), 0.0)
    seed = stable_hash("ad", ad.ad_id)
    cpm = 4 + (seed % 600) / 100
    impressions = int(spend / cpm * 1000)
    clicks = impressions * (60 + (seed >> 10) % 140) // 10000
    plays = impressions * (45 + (seed >> 20) % 30) // 100
    return {
        "spend": round(spend, 2),
        "impressions": impressions,
        "clicks": clicks,
        "ctr": round(clicks / impressions * 100, 2) if impressions else 0.0,
        "cpm": round(spend / impressions * 1000, 2) if impressions else 0.0,
        "cpc": round(spend / clicks, 2) if clicks else 0.0,
        "reach": impressions * (70 + (seed >> 30) % 20) // 100,
        "video_play_actions": plays,
        "video_watched_2s": plays * 60 // 100,
        "video_watched_6s": plays * 30 // 100,
        "likes": plays * (10 + (seed >> 40) % 20) // 1000,
        "comments": plays * (1 + (seed >> 45) % 4) // 1000,
        "shares": plays * (1 + (seed >> 50) % 5) // 1000,
        "follows": plays * (1 + (seed >> 55) % 3) // 1000,
        "profile_visits": plays * (5 + (seed >> 35) % 10) // 1000,
    }


def ads_of_post(state: SimState, video: Video, tcm_account_id: str) -> list[Ad]:
    """The Spark Ads that use a post through codes the brand's ad accounts redeemed."""
    brand = state.brand(tcm_account_id)
    accounts = set(brand.advertiser_ids) if brand else set()
    return [
        a for a in state.ads if a.tiktok_item_id == video.video_id and a.advertiser_id in accounts
    ]


def paid_of_post(
    state: SimState, video: Video, tcm_account_id: str, until: datetime
) -> dict[str, float]:
    """What the brand's Spark Ads with this post bought up to `until`: the paid side of the
    TTCM report (`*_paid`, `ad_*` metrics), summed over its ads (zeros when there are none)."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    parts = [
        paid_metrics(state, ad, epoch, until) for ad in ads_of_post(state, video, tcm_account_id)
    ]
    return _sum(parts) if parts else _sum([{k: 0 for k in REPORT_METRICS}])


def with_paid(organic: dict[str, int | float], paid: dict[str, float]) -> dict[str, int | float]:
    """A TTCM report's metrics for a post: totals, their organic and paid parts, and what the
    brand's Spark Ads cost (bububa/tiktok-business model/tcm/report/metrics.go names)."""
    paid_counts = {
        "video_views": int(paid["video_play_actions"]),
        "likes": int(paid["likes"]),
        "comments": int(paid["comments"]),
        "shares": int(paid["shares"]),
        "reach": int(paid["reach"]),
    }
    out: dict[str, int | float] = {}
    for name in ("video_views", "likes", "comments", "shares", "reach"):
        own = int(organic.get(name, 0))
        out[name] = own + paid_counts[name]
        out[f"{name}_organic"] = own
        out[f"{name}_paid"] = paid_counts[name]
    out["favorites"] = int(organic.get("favorites", 0))
    engaged = int(out["likes"]) + int(out["comments"]) + int(out["shares"])
    out["engagement_count"] = engaged
    out["engagement_rate"] = (
        round(engaged / int(out["video_views"]), 4) if out["video_views"] else 0.0
    )
    out["engagement_rate_organic"] = float(organic.get("engagement_rate", 0.0))
    paid_engaged = paid_counts["likes"] + paid_counts["comments"] + paid_counts["shares"]
    out["engagement_rate_paid"] = (
        round(paid_engaged / paid_counts["video_views"], 4) if paid_counts["video_views"] else 0.0
    )
    out["ad_impressions"] = int(paid["impressions"])
    out["ad_clicks"] = int(paid["clicks"])
    out["ad_cost"] = round(float(paid["spend"]), 2)
    out["ad_ctr"] = float(paid["ctr"])
    out["ad_cpm"] = float(paid["cpm"])
    out["ad_cpc"] = float(paid["cpc"])
    return out


def ad_data(state: SimState, ad: Ad, now: datetime) -> dict[str, Any]:
    """An ad as `ad/get/` and `ad/create/` answer it."""
    group = _adgroup(state, ad.advertiser_id, ad.adgroup_id)
    campaign = _campaign(state, ad.advertiser_id, ad.campaign_id)
    return {
        "advertiser_id": ad.advertiser_id,
        "campaign_id": ad.campaign_id,
        "campaign_name": campaign.campaign_name,
        "adgroup_id": ad.adgroup_id,
        "adgroup_name": group.adgroup_name,
        "ad_id": ad.ad_id,
        "ad_name": ad.ad_name,
        "identity_type": ad.identity_type,
        "identity_id": ad.identity_id,
        "tiktok_item_id": ad.tiktok_item_id,
        "ad_format": ad.ad_format,
        "call_to_action": ad.call_to_action,
        "landing_page_url": ad.landing_page_url,
        "operation_status": ad.operation_status,
        "secondary_status": delivery(state, ad, now).secondary_status,
        "create_time": biz_time(ad.created_at),
        "modify_time": biz_time(ad.created_at),
    }


# ---- the integrated report -------------------------------------------------------------------
@dataclass
class ReportQuery:
    """`report/integrated/get/` as the backend needs it (the view parses the query string)."""

    advertiser_id: str
    report_type: str
    data_level: str
    dimensions: list[str]
    metrics: list[str]
    start_date: date | None
    end_date: date | None
    lifetime: bool
    page: int
    page_size: int


def report(state: SimState, brand: Brand, q: ReportQuery, now: datetime) -> dict[str, Any]:
    """Paid results per ad, ad group, campaign or advertiser (optionally per day), as the
    Marketing API answers them: metric values are strings, dimensions name the ids."""
    require_advertiser(brand, q.advertiser_id)
    if q.report_type != "BASIC":
        raise InvalidInput("report_type must be BASIC (the fake serves the basic report)")
    id_field = DATA_LEVELS.get(q.data_level)
    if id_field is None:
        raise InvalidInput(f"data_level must be one of {', '.join(DATA_LEVELS)}")
    extra = [d for d in q.dimensions if d not in (id_field, "stat_time_day")]
    if id_field not in q.dimensions or extra:
        raise InvalidInput(
            f"dimensions for {q.data_level} are {id_field!r}, optionally with 'stat_time_day'"
        )
    unknown = [m for m in q.metrics if m not in REPORT_METRICS]
    if unknown or not q.metrics:
        raise InvalidInput(
            f"unknown metrics: {', '.join(unknown) or '(none)'}; "
            f"the fake reports {', '.join(REPORT_METRICS)}"
        )
    days = _days(q, state, now)
    mine = [a for a in state.ads if a.advertiser_id == q.advertiser_id]
    groups: dict[str, list[Ad]] = {}
    for ad in mine:
        key = q.advertiser_id if id_field == "advertiser_id" else str(getattr(ad, id_field))
        groups.setdefault(key, []).append(ad)
    rows = []
    for key, ads in groups.items():
        spans = (
            [(None, days[0], days[-1])]
            if "stat_time_day" not in q.dimensions
            else [(d, d, d) for d in days]
        )
        for day, first, last in spans:
            since = datetime.combine(first, time(), UTC)
            until = min(datetime.combine(last + timedelta(days=1), time(), UTC), now)
            totals = _sum([paid_metrics(state, ad, since, until) for ad in ads])
            dims = {id_field: key}
            if day is not None:
                dims["stat_time_day"] = f"{day.isoformat()} 00:00:00"
            rows.append({"dimensions": dims, "metrics": _as_strings(totals, q.metrics)})
    chunk = rows[(q.page - 1) * q.page_size : q.page * q.page_size]
    return {
        "list": chunk,
        "page_info": {
            "page": q.page,
            "page_size": q.page_size,
            "total_number": len(rows),
            "total_page": math.ceil(len(rows) / q.page_size) if rows else 0,
        },
    }


def _days(q: ReportQuery, state: SimState, now: datetime) -> list[date]:
    if q.lifetime:
        mine = (a.created_at for a in state.ads if a.advertiser_id == q.advertiser_id)
        first = min(mine, default=now)
        start, end = first.date(), now.date()
    else:
        if q.start_date is None or q.end_date is None:
            raise InvalidInput("start_date and end_date are required unless query_lifetime")
        start, end = q.start_date, q.end_date
    if end < start:
        raise InvalidInput("end_date must not be before start_date")
    if (end - start).days > 365:
        raise InvalidInput("start_date and end_date must be at most 365 days apart")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _sum(parts: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for part in parts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value
    spend, impressions, clicks = (total.get(k, 0) for k in ("spend", "impressions", "clicks"))
    total["ctr"] = round(clicks / impressions * 100, 2) if impressions else 0.0
    total["cpm"] = round(spend / impressions * 1000, 2) if impressions else 0.0
    total["cpc"] = round(spend / clicks, 2) if clicks else 0.0
    return total


def _as_strings(values: dict[str, float], wanted: list[str]) -> dict[str, str]:
    """The Marketing API writes report metrics as strings ("12.30", "1520")."""
    out = {}
    for name in wanted:
        value = values.get(name, 0)
        out[name] = f"{value:.2f}" if name in ("spend", "ctr", "cpm", "cpc") else str(int(value))
    return out
