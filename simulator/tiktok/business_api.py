"""The Business API (`/open_api/v1.3/...`): TikTok One, TTCM orders, Spark Ads, webhooks."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, request

from simulator.core.errors import (
    ExpiredToken,
    Forbidden,
    InvalidInput,
    InvalidToken,
    MissingToken,
    NotFound,
)

from . import campaigns, sparkads
from .api import auth
from .lifecycle import iso
from .metrics import metrics
from .models import (
    Account,
    Brand,
    Campaign,
    Membership,
    SimState,
    Video,
    publish_ms,
)
from .web import (
    date_param,
    int_param,
    invite_link,
    json_answer,
    json_body,
    list_param,
    param,
    query,
    tenant,
)

PREFIX = "/open_api/v1.3"
bp = Blueprint("business", __name__, url_prefix=PREFIX)


def ok(data: dict[str, Any]) -> Response:
    """TikTok's success envelope."""
    t = tenant()
    return json_answer(
        {"code": 0, "message": "OK", "request_id": t.ids.request_id(t.clock.now()), "data": data}
    )


def access_token() -> str:
    """The Access-Token header; 40104 when it is missing."""
    token = request.headers.get("Access-Token", "").strip()
    if not token:
        raise MissingToken("Access-Token header is empty")
    return token


def require_brand(account_field: str | None = None, source: dict[str, Any] | None = None) -> Brand:
    """The brand of the Access-Token; checks it owns the account id the request names."""
    state = tenant().state
    token = access_token()
    brand = state.brand_by_token(token)
    if brand is None:
        raise InvalidToken("Access-Token is invalid")
    if brand.token_expires_at is not None and brand.token_expires_at <= tenant().clock.now():
        raise ExpiredToken("Access-Token has expired")
    if account_field is not None and source is not None:
        given = param(source, account_field)
        if given != brand.tcm_account_id:
            raise Forbidden(f"no permission for {account_field} {given}")
    return brand


def require_creator_caller(source: dict[str, Any]) -> tuple[Account, Brand | None]:
    """A creator-side call: a brand token or the creator's own OAuth token, naming creator_id."""
    return auth.creator_caller(param(source, "creator_id"))


def _campaign_data(c: Campaign) -> dict[str, Any]:
    return {
        "campaign_id": c.campaign_id,
        "campaign_name": c.name,
        "campaign_type": c.campaign_type,
        "tto_tcm_account_id": c.tcm_account_id,
        "invite_link": invite_link(c.invite_code),
        "handle_names": list(c.handle_names),
        "advertiser_ids": list(c.advertiser_ids),
        "default_spark_ads_requested_authorization_days": c.spark_ads_days,
        "campaign_description": c.description,
        "video_requirements": {
            "description": c.approved_description,
            "required_elements": list(c.required_elements),
        },
        "video_number": c.video_number,
        "create_time": int(c.created_at.timestamp()) if c.created_at else None,
    }


def _order_data(state: SimState, m: Membership) -> dict[str, Any]:
    c = state.campaign(m.campaign_id)
    assert c is not None
    bound = state.campaign_videos(c.campaign_id, m.handle)
    videos = [v.video_id for v in bound if v.status == "PUBLISHED"]
    return {
        "order_id": m.order_id,
        "handle_name": m.handle,
        "video_ids": videos,
        "campaign_code": c.campaign_code,
        "campaign_id": c.campaign_id,
        "invite_link": invite_link(c.invite_code),
        "status": m.status,
        "quota": campaigns.quota(state, c, m.handle, bound).to_dict(),
    }


def _post_data(state: SimState, v: Video, now: datetime) -> dict[str, Any]:
    from .screens import embed_url, thumbnail_url

    stats = metrics(v, state.account(v.handle), now)
    return {
        "video_id": v.video_id,
        "caption": v.caption,
        "likes": stats["likes"],
        "comments": stats["comments"],
        "shares": stats["shares"],
        "video_views": stats["video_views"],
        "engagement_rate": stats["engagement_rate"],
        "embed_url": embed_url(v),
        "thumbnail_url": thumbnail_url(v),
        "create_time": int((v.published_at or v.created_at or now).timestamp()),
    }


def _page_info(page: int, page_size: int, total: int) -> dict[str, int]:
    return {
        "page": page,
        "page_size": page_size,
        "total_number": total,
        "total_page": math.ceil(total / page_size) if total else 0,
    }


# ---- TikTok One campaigns (brand) ------------------------------------------------------------
@bp.post("/tto/tcm/campaign/create/")
def campaign_create() -> Response:
    """Create a campaign and invite creators; returns its invite link."""
    body = json_body()
    brand = require_brand("tto_tcm_account_id", body)
    campaign, failed = campaigns.create_campaign(tenant(), brand, body)
    from .web import registry

    registry().bind_credential(campaign.invite_code, tenant().id)
    return ok(
        {
            "campaign_id": campaign.campaign_id,
            "invite_link": invite_link(campaign.invite_code),
            "failed_handle_names": failed,
        }
    )


@bp.post("/tto/tcm/campaign/update/")
def campaign_update() -> Response:
    """Rename a campaign, change its brief or requirements, invite more handles."""
    body = json_body()
    brand = require_brand("tto_tcm_account_id", body)
    campaign = campaigns.require_campaign(tenant().state, param(body, "campaign_id"), brand)
    failed = campaigns.update_campaign(tenant(), campaign, body)
    return ok({"campaign_id": campaign.campaign_id, "failed_handle_names": failed})


@bp.get("/tto/tcm/campaign/")
def campaign_get() -> Response:
    """One campaign by id, or the brand's campaigns a page at a time."""
    q = query()
    brand = require_brand("tto_tcm_account_id", q)
    state = tenant().state
    if q.get("campaign_id"):
        campaign = campaigns.require_campaign(state, q["campaign_id"], brand)
        return ok({"campaigns": [_campaign_data(campaign)], "page_info": _page_info(1, 1, 1)})
    page = int_param(q, "page", 1, 1, 10_000)
    size = int_param(q, "page_size", 10, 1, 50)
    mine = [c for c in state.campaigns if c.tcm_account_id == brand.tcm_account_id]
    chunk = mine[(page - 1) * size : page * size]
    return ok(
        {
            "campaigns": [_campaign_data(c) for c in chunk],
            "page_info": _page_info(page, size, len(mine)),
        }
    )


@bp.post("/tto/tcm/campaign/creator/review/")
def campaign_creator_review() -> Response:
    """(Simulator's) The brand accepts or rejects a creator who joined (manual review)."""
    body = json_body()
    brand = require_brand("tto_tcm_account_id", body)
    campaign = campaigns.require_campaign(tenant().state, param(body, "campaign_id"), brand)
    membership = campaigns.review(
        tenant(), campaign, param(body, "handle_name"), param(body, "action")
    )
    return ok(
        {
            "order_id": membership.order_id,
            "handle_name": membership.handle,
            "status": membership.status,
        }
    )


@bp.post("/tto/tcm/campaign/link/")
def campaign_link() -> Response:
    """The brand links a creator's post (approving the creator's request) or revokes a link."""
    body = json_body()
    brand = require_brand("tto_tcm_account_id", body)
    campaign = campaigns.require_campaign(tenant().state, param(body, "campaign_id"), brand)
    link = campaigns.brand_link(tenant(), campaign, param(body, "video_id"), param(body, "action"))
    return ok(
        {"link_request_id": link.link_request_id, "video_id": link.video_id, "status": link.status}
    )


# ---- TikTok One (creator side) ---------------------------------------------------------------
def _campaign_from_link(source: dict[str, Any]) -> Campaign:
    campaign = tenant().state.campaign_by_invite(param(source, "tto_invite_link"))
    if campaign is None:
        raise NotFound("the invite link does not match any campaign")
    return campaign


@bp.post("/tto/creator/campaign/join/")
def creator_join() -> Response:
    """'Join Campaign' through the API."""
    body = json_body()
    account, acting = require_creator_caller(body)
    campaign = _campaign_from_link(body)
    campaigns.check_acting_brand(campaign, acting)
    membership = campaigns.join(tenant(), campaign, account)
    return ok(
        {
            "campaign_id": campaign.campaign_id,
            "order_id": membership.order_id,
            "status": membership.status,
        }
    )


@bp.post("/tto/creator/campaign/video/link/")
def creator_video_link() -> Response:
    """'Link existing post' through the API."""
    body = json_body()
    account, acting = require_creator_caller(body)
    campaign = _campaign_from_link(body)
    campaigns.check_acting_brand(campaign, acting)
    link = campaigns.link_existing(tenant(), campaign, account, param(body, "video_id"))
    return ok(
        {"link_request_id": link.link_request_id, "video_id": link.video_id, "status": link.status}
    )


@bp.get("/tto/creator/link/request/get/")
def creator_link_requests() -> Response:
    """The brand's requests to link this creator's posts to a campaign."""
    q = query()
    account, acting = require_creator_caller(q)
    campaign = _campaign_from_link(q)
    campaigns.check_acting_brand(campaign, acting)
    pending = [
        {"video_id": r.video_id, "link_request_id": r.link_request_id, "status": r.status}
        for r in tenant().state.link_requests
        if r.campaign_id == campaign.campaign_id
        and r.handle.lower() == account.handle.lower()
        and r.initiator == "BRAND"
        and r.status == "IN_REVIEW"
    ]
    return ok(
        {
            "campaign_id": campaign.campaign_id,
            "spark_authorization_days": campaign.spark_ads_days,
            "link_requests": pending,
        }
    )


@bp.post("/tto/creator/link/request/confirm/")
def creator_link_confirm() -> Response:
    """The creator approves or rejects a brand's link request."""
    body = json_body()
    account, acting = require_creator_caller(body)
    link = campaigns.confirm_link(
        tenant(), account, param(body, "link_request_id"), param(body, "action"), acting
    )
    return ok({"link_request_id": link.link_request_id, "status": link.status})


# ---- TTCM orders -----------------------------------------------------------------------------
@bp.post("/tcm/order/create/v2/")
def order_create() -> Response:
    """Workflow 2.0: create orders for invited creators with deliverables."""
    body = json_body()
    brand = require_brand("tcm_account_id", body)
    brand_name = param(body, "brand_name")
    description = param(body, "description", required=False)
    if len(brand_name) > 60 or len(description) > 60:
        raise InvalidInput("brand_name and description take at most 60 characters")
    source = param(body, "order_source", required=False) or "OTHER"
    if source not in ("MSP", "OTHER"):
        raise InvalidInput("order_source must be MSP or OTHER")
    deliverables = body.get("deliverables") or []
    if not isinstance(deliverables, list) or not 1 <= len(deliverables) <= 10:
        raise InvalidInput("deliverables takes 1 to 10 items")
    days = 0
    names = []
    for d in deliverables:
        if not isinstance(d, dict) or not d.get("deliverable_name"):
            raise InvalidInput("each deliverable needs a deliverable_name")
        names.append(str(d["deliverable_name"]))
        days = max(days, int(d.get("spark_ads_requested_authorization_days") or 0))
    video_number = int_param(body, "video_number", len(names), 1, 10)
    if not list_param(body, "handle_names", required=True, limit=100):
        raise InvalidInput("handle_names needs at least one handle")
    campaign, failed = campaigns.create_campaign(
        tenant(),
        brand,
        {
            "campaign_name": brand_name,
            "campaign_description": description,
            "handle_names": body.get("handle_names"),
            "default_spark_ads_requested_authorization_days": days,
            "video_number": video_number,
            "deliverables": names,
            "campaign_code": body.get("campaign_code"),
            "order_source": source,
            "video_requirements": body.get("video_requirements") or {},
        },
    )
    state = tenant().state
    orders = state.campaign_memberships(campaign.campaign_id)
    from .web import registry

    registry().bind_credential(campaign.invite_code, tenant().id)
    return ok(
        {
            "campaign_code": campaign.campaign_code,
            "invite_link": invite_link(campaign.invite_code),
            "remaining_orders": max(1000 - len(state.memberships), 0),
            "failed_handle_names": failed,
            "orders": [_order_data(state, m) for m in orders],
        }
    )


def _brands_campaign(state: SimState, campaign_id: str, tcm_account_id: str) -> bool:
    campaign = state.campaign(campaign_id)
    return campaign is not None and campaign.tcm_account_id == tcm_account_id


@bp.get("/tcm/order/get/v2/")
def order_get() -> Response:
    """Orders by order id, campaign code or invite link, with their video ids and quota."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    state = tenant().state
    query_type = param(q, "query_type")
    if query_type == "ORDER_ID":
        wanted = set(list_param(q, "order_ids", required=True, limit=200))
        found = [m for m in state.memberships if m.order_id in wanted]
    elif query_type == "CAMPAIGN_CODE":
        code = param(q, "campaign_code")
        ids = {c.campaign_id for c in state.campaigns if c.campaign_code == code}
        found = [m for m in state.memberships if m.campaign_id in ids]
    elif query_type == "INVITE_LINK":
        campaign = state.campaign_by_invite(param(q, "invite_link"))
        found = state.campaign_memberships(campaign.campaign_id) if campaign else []
    else:
        raise InvalidInput("query_type must be ORDER_ID, CAMPAIGN_CODE or INVITE_LINK")
    # the brand's own campaigns only, looked up by id (not a scan of every campaign: a
    # tenant's campaigns grow with each create, and this is the read Flex makes most)
    found = [m for m in found if _brands_campaign(state, m.campaign_id, brand.tcm_account_id)]
    page = int_param(q, "page", 1, 1, 10_000)
    size = int_param(q, "page_size", 10, 1, 20)
    chunk = found[(page - 1) * size : page * size]
    return ok(
        {
            "orders": [_order_data(state, m) for m in chunk],
            "page_info": _page_info(page, size, len(found)),
        }
    )


@bp.get("/tcm/report/get/v2/")
def report_get() -> Response:
    """Metrics per video of the given orders (cumulative at the end of the date range)."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    t = tenant()
    state, now = t.state, t.clock.now()
    order_ids = list_param(q, "order_ids", required=True, limit=200)
    start, end = date_param(q, "start_date"), date_param(q, "end_date")
    if end < start:
        raise InvalidInput("end_date must not be before start_date")
    if (end - start).days > 60:
        raise InvalidInput("start_date and end_date must be at most 60 days apart")
    daily = str(q.get("need_daily_stats", "")).lower() == "true"
    until = min(now, datetime.combine(end + timedelta(days=1), time(), UTC))
    videos = []
    for order_id in order_ids:
        membership = state.order(order_id)
        campaign = state.campaign(membership.campaign_id) if membership else None
        if (
            membership is None
            or campaign is None
            or campaign.tcm_account_id != brand.tcm_account_id
        ):
            raise NotFound(f"order {order_id} does not exist")
        for v in state.campaign_videos(campaign.campaign_id, membership.handle):
            account = state.account(v.handle)
            item: dict[str, Any] = {
                "order_id": order_id,
                "video_id": v.video_id,
                "insights": metrics(v, account, until),
            }
            if daily:
                item["daily_stats"] = _daily(v, account, start, end, now)
            videos.append(item)
    return ok({"videos": videos})


def _daily(
    v: Video, account: Account | None, start: Any, end: Any, now: datetime
) -> list[dict[str, Any]]:
    rows = []
    day = start
    while day <= end:
        begin = datetime.combine(day, time(), UTC)
        if begin > now:
            break
        finish = min(begin + timedelta(days=1), now)
        before, after = metrics(v, account, begin), metrics(v, account, finish)
        rows.append(
            {
                "date": day.isoformat(),
                "video_views": int(after["video_views"]) - int(before["video_views"]),
                "likes": int(after["likes"]) - int(before["likes"]),
                "comments": int(after["comments"]) - int(before["comments"]),
                "shares": int(after["shares"]) - int(before["shares"]),
            }
        )
        day += timedelta(days=1)
    return rows


_VIDEO_STATUS = {
    "PROCESSING": "UPLOAD",
    "PUBLISHED": "RELEASE",
    "FAILED": "INIT",
    "DELETED": "DELETE",
}


def _audit_status(brand: Brand, video: Video) -> dict[str, Any]:
    from .screens import thumbnail_url

    campaign = tenant().state.campaign(video.campaign_id) if video.campaign_id else None
    bound = campaign is not None and campaign.tcm_account_id == brand.tcm_account_id
    return {
        "video_id": video.video_id,
        "video_status": _VIDEO_STATUS[video.status],
        "bind_status": "BIND" if bound else "UNBIND",
        "review_status": video.review_status,
        "reject_reason": video.fail_reason,
        "upload_time": iso(video.created_at),
        "publish_time": iso(video.published_at),
        "cover_image_url": thumbnail_url(video),
        # TikTok: embed_url is empty unless review_status is SUCCEED
        "embed_url": _post_data(tenant().state, video, tenant().clock.now())["embed_url"]
        if video.review_status == "SUCCEED"
        else "",
    }


@bp.get("/tcm/video/audit_status/get/")
def video_audit_status() -> Response:
    """Where an order's videos stand: upload, release, binding and content review.

    TikTok's request names the order (`v2_order_id`) and answers `audit_status_list`, one
    item per video (the TTCM reference, as mirrored by the bububa/tiktok-business Go SDK's
    `AuditStatusGetRequest`/`AuditStatusGetResponse`). `video_id` instead of `v2_order_id`
    is the simulator's addition: the same list, of that one video."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    state = tenant().state
    if q.get("v2_order_id"):
        membership = state.order(str(q["v2_order_id"]))
        campaign = state.campaign(membership.campaign_id) if membership else None
        if (
            membership is None
            or campaign is None
            or campaign.tcm_account_id != brand.tcm_account_id
        ):
            raise NotFound(f"order {q['v2_order_id']} does not exist")
        videos = state.campaign_videos(campaign.campaign_id, membership.handle)
    elif q.get("video_id"):
        videos = [sparkads.require_video(state, str(q["video_id"]))]
    else:
        raise InvalidInput("v2_order_id is required")
    return ok({"audit_status_list": [_audit_status(brand, v) for v in videos]})


# ---- TTCM creators ---------------------------------------------------------------------------
def _brand_handles(state: SimState, brand: Brand, statuses: tuple[str, ...]) -> list[str]:
    ids = {c.campaign_id for c in state.campaigns if c.tcm_account_id == brand.tcm_account_id}
    seen: list[str] = []
    for m in state.memberships:
        if m.campaign_id in ids and m.status in statuses and m.handle not in seen:
            seen.append(m.handle)
    return seen


@bp.get("/tcm/creator/authorized/")
def creator_authorized() -> Response:
    """Creators who joined one of the brand's campaigns (authorized the brand)."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    state = tenant().state
    handles = _brand_handles(state, brand, ("JOINED", "ACCEPTED"))
    if q.get("handle_name"):
        handles = [h for h in handles if h.lower() == str(q["handle_name"]).lstrip("@").lower()]
    page = int_param(q, "page", 1, 1, 10_000)
    size = int_param(q, "page_size", 10, 1, 50)
    creators = []
    for handle in handles[(page - 1) * size : page * size]:
        a = state.account(handle)
        if a is not None:
            creators.append(
                {
                    "handle_name": a.handle,
                    "creator_id": a.creator_id,
                    "display_name": a.nickname,
                    "followers_count": a.followers,
                    "country_code": a.region,
                }
            )
    return ok({"creators": creators, "page_info": _page_info(page, size, len(handles))})


@bp.get("/tcm/creator/authorized/video/list/")
def creator_video_list() -> Response:
    """A creator's published posts (newest first, cursor in ms), or the ones named in video_ids."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    t = tenant()
    state, now = t.state, t.clock.now()
    who = q.get("handle_name") or q.get("creator_id")
    if not who:
        raise InvalidInput("handle_name or creator_id is required")
    account = campaigns.require_account(state, str(who))
    if account.handle not in _brand_handles(state, brand, ("JOINED", "ACCEPTED")):
        raise Forbidden(f"@{account.handle} has not authorized this account")
    limit = int_param(q, "limit", 10, 1, 20)
    wanted = set(list_param(q, "video_ids", limit=20))
    cursor = int_param(q, "cursor", 0, 0, 2**62)
    if wanted:
        named = (state.video(video_id) for video_id in wanted)
        posts = sorted(
            (v for v in named if v and v.handle == account.handle and v.status == "PUBLISHED"),
            key=lambda v: (v.published_at or now, v.video_id),
            reverse=True,
        )
        if cursor:
            posts = [v for v in posts if publish_ms(v, now) < cursor]
        page, more = posts[:limit], len(posts) > limit
    else:  # the creator's posts in publish order, from the index: no scan of every video
        page, more = state.creator_posts(account.handle, cursor, limit, now)
    return ok(
        {
            "posts": [_post_data(state, v, now) for v in page],
            "has_more": more,
            "cursor": publish_ms(page[-1], now) if page else cursor,
        }
    )


@bp.get("/tcm/creator/status/get/")
def creator_status() -> Response:
    """Whether each handle is in, invited to, or outside the brand's campaigns.

    TikTok's request takes `handle_names` (a JSON-encoded array, at most 20) and answers
    `onboarding_status: [{handler_name, status}]`, `handler_name` spelled so (the TTCM
    reference, as mirrored by the bububa/tiktok-business Go SDK's `StatusGetRequest` and
    `OnboardingStatus`). A single `handle_name` is the simulator's addition."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    state = tenant().state
    handles = list_param(q, "handle_names", limit=20)
    if not handles:
        handles = [param(q, "handle_name")] if q.get("handle_name") else []
    if not handles:
        raise InvalidInput("handle_names is required")
    joined = _brand_handles(state, brand, ("JOINED", "ACCEPTED"))
    invited = _brand_handles(state, brand, ("INVITED",))
    statuses = []
    for raw in handles:
        handle = raw.lstrip("@")
        account = state.account(handle)
        if account is None or not account.tcm_creator:
            status = "INVALID"
        elif account.handle in joined:
            status = "IN"
        elif account.handle in invited:
            status = "INVITED"
        else:
            status = "NOT_IN"
        statuses.append({"handler_name": handle, "status": status})
    return ok({"onboarding_status": statuses})


# ---- Spark Ads -------------------------------------------------------------------------------
@bp.post("/tcm/tt_video/apply/")
def tt_video_apply() -> Response:
    """The brand asks the creator to authorize a post for ads (the creator answers in the app)."""
    body = json_body()
    brand = require_brand("tcm_account_id", body)
    auth = sparkads.apply(
        tenant(),
        brand,
        param(body, "video_id"),
        body.get("authorization_days"),
        param(body, "action", required=False) or "APPLY",
    )
    return ok(sparkads.to_status(auth))


@bp.get("/tcm/tt_video/status/")
def tt_video_status() -> Response:
    """A post's ad authorization: status, code, its status and dates."""
    q = query()
    brand = require_brand("tcm_account_id", q)
    return ok(sparkads.status(tenant(), brand, param(q, "video_id")))


@bp.post("/tt_video/authorize/")
def tt_video_authorize() -> Response:
    """An advertiser redeems an authorization code."""
    body = json_body()
    brand = require_brand()
    auth = sparkads.authorize(
        tenant(), brand, param(body, "advertiser_id"), param(body, "auth_code")
    )
    return ok({"video_id": auth.video_id, "auth_code_status": auth.auth_code_status})


@bp.get("/tt_video/info/")
def tt_video_info() -> Response:
    """What an authorization code gives the advertiser."""
    q = query()
    brand = require_brand()
    return ok(sparkads.info(tenant(), brand, param(q, "advertiser_id"), param(q, "auth_code")))
