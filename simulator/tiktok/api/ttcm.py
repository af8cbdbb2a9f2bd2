"""TTCM (`tcm/...`): orders, reports, audit status and creators. Views parse, call `orders`,
and answer; the shapes are `shapes.ttcm`'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from simulator.core.errors import InvalidInput

from .. import campaigns, orders
from ..lifecycle import iso
from ..metrics import metrics
from ..models import Brand, Membership, SimState, Video
from ..paging import Paged, by_page
from ..screens import embed_url, thumbnail_url
from ..shapes import ttcm
from ..shapes.base import MembershipStatus, PageInfo
from ..web import invite_link, registry, tenant
from . import auth

api = auth.business_family("ttcm", "Business API: TTCM orders and creators")


def order_of(state: SimState, m: Membership) -> ttcm.Order:
    """An order with its published videos and quota."""
    c = state.campaign(m.campaign_id)
    assert c is not None
    bound = state.campaign_videos(c.campaign_id, m.handle)
    quota = campaigns.quota(state, c, m.handle, bound)
    return ttcm.Order(
        order_id=m.order_id,
        handle_name=m.handle,
        video_ids=[v.video_id for v in bound if v.status == "PUBLISHED"],
        campaign_code=c.campaign_code,
        campaign_id=c.campaign_id,
        invite_link=invite_link(c.invite_code),
        status=cast(MembershipStatus, m.status),
        quota=ttcm.Quota(
            current_video_count=quota.current_video_count,
            per_creator_video_limit=quota.per_creator_video_limit,
            total_video_limit=quota.total_video_limit,
        ),
    )


def post_of(state: SimState, v: Video, now: datetime) -> ttcm.Post:
    """A creator's post with its metrics now."""
    stats = metrics(v, state.account(v.handle), now)
    return ttcm.Post(
        video_id=v.video_id,
        caption=v.caption,
        likes=int(stats["likes"]),
        comments=int(stats["comments"]),
        shares=int(stats["shares"]),
        video_views=int(stats["video_views"]),
        engagement_rate=float(stats["engagement_rate"]),
        embed_url=embed_url(v),
        thumbnail_url=thumbnail_url(v),
        create_time=int((v.published_at or v.created_at or now).timestamp()),
    )


# ---- orders --------------------------------------------------------------------------------
@api.post("/tcm/order/create/v2/", body=ttcm.OrderCreate, answer=ttcm.OrderCreated)
def order_create(body: ttcm.OrderCreate) -> ttcm.OrderCreated:
    """TTCM workflow 2.0: create orders for invited creators, with deliverables."""
    t = tenant()
    brand = auth.brand(body.tcm_account_id)
    campaign, failed = orders.create_orders(t, brand, body)
    registry().bind_credential(campaign.invite_code, t.id)
    return ttcm.OrderCreated(
        campaign_code=campaign.campaign_code,
        invite_link=invite_link(campaign.invite_code),
        remaining_orders=orders.remaining_orders(t.state),
        failed_handle_names=failed,
        orders=[order_of(t.state, m) for m in t.state.campaign_memberships(campaign.campaign_id)],
    )


@api.get("/tcm/order/get/v2/", query=ttcm.OrderQuery, answer=ttcm.OrderPage)
def order_get(query: ttcm.OrderQuery) -> ttcm.OrderPage:
    """Orders by ORDER_ID (order_ids), CAMPAIGN_CODE or INVITE_LINK, with videos and quota."""
    state = tenant().state
    found = orders.find_orders(state, auth.brand(query.tcm_account_id), query)
    paged = by_page(found, query.page, query.page_size)
    return ttcm.OrderPage(
        orders=[order_of(state, m) for m in paged.items], page_info=PageInfo.of(paged)
    )


@api.get("/tcm/report/get/v2/", query=ttcm.ReportQuery, answer=ttcm.Report)
def report_get(query: ttcm.ReportQuery) -> ttcm.Report:
    """Metrics per video of the orders, cumulative at the end of the date range (≤ 60 days):
    insights[{dimensions, metrics}] with page_info, as TikTok's TTCM report (bububa/tiktok-
    business model/tcm/report). Metrics split organic and paid (the brand's Spark Ads with
    the post) and carry the ads' cost; daily_stats (in metrics) with need_daily_stats."""
    t = tenant()
    brand = auth.brand(query.tcm_account_id)
    rows = orders.report(t, brand, query)
    paged = by_page(rows, query.page, query.page_size)
    return ttcm.Report(
        insights=[_insight(t.state, brand, row) for row in paged.items],
        page_info=PageInfo.of(paged),
    )


def _insight(state: SimState, brand: Brand, row: orders.ReportRow) -> ttcm.Insight:
    v = row.video
    numbers = ttcm.ReportMetrics(**cast(dict[str, Any], row.insights))
    if row.daily is not None:
        numbers.daily_stats = [ttcm.DailyStat(**cast(dict[str, Any], d)) for d in row.daily]
    return ttcm.Insight(
        dimensions=ttcm.ReportDimensions(
            tcm_account_id=brand.tcm_account_id,
            campaign_id=v.campaign_id,
            order_id=row.order_id,
            video_id=v.video_id,
            handle_name=v.handle,
            video_first_release_time=v.published_at.date().isoformat() if v.published_at else None,
        ),
        metrics=numbers,
    )


# ---- audit status --------------------------------------------------------------------------
_VIDEO_STATUS: dict[str, Any] = {
    "PROCESSING": "UPLOAD",
    "PUBLISHED": "RELEASE",
    "FAILED": "INIT",
    "DELETED": "DELETE",
}


def _audit(state: SimState, brand: Brand, video: Video) -> ttcm.AuditStatus:
    succeeded = video.review_status == "SUCCEED"
    return ttcm.AuditStatus(
        video_id=video.video_id,
        video_status=_VIDEO_STATUS[video.status],
        bind_status="BIND" if orders.bound_to(state, brand, video) else "UNBIND",
        review_status=cast(Any, video.review_status),
        reject_reason=video.fail_reason,
        upload_time=iso(video.created_at),
        publish_time=iso(video.published_at),
        cover_image_url=thumbnail_url(video),
        embed_url=embed_url(video) if succeeded else "",  # TikTok: empty until SUCCEED
    )


@api.get("/tcm/video/audit_status/get/", query=ttcm.AuditQuery, answer=ttcm.AuditStatusList)
def video_audit_status(query: ttcm.AuditQuery) -> ttcm.AuditStatusList:
    """Where an order's videos stand: upload, release, binding and content review.

    TikTok's request names the order (v2_order_id) and answers audit_status_list, one item
    per video (the TTCM reference, as the bububa/tiktok-business Go SDK mirrors it). video_id
    instead of v2_order_id is the simulator's addition: the same list, of that one video."""
    state = tenant().state
    brand = auth.brand(query.tcm_account_id)
    videos = orders.audited_videos(state, brand, query.v2_order_id, query.video_id)
    return ttcm.AuditStatusList(audit_status_list=[_audit(state, brand, v) for v in videos])


# ---- creators ------------------------------------------------------------------------------
@api.get("/tcm/creator/authorized/", query=ttcm.CreatorQuery, answer=ttcm.Creator)
def creator_authorized(query: ttcm.CreatorQuery) -> ttcm.Creator:
    """One creator who authorized the brand (joined one of its campaigns), by creator_id."""
    t = tenant()
    a = orders.authorized_creator(t.state, auth.brand(query.tcm_account_id), query.creator_id)
    posts = t.state.creator_published(a.handle)
    now = t.clock.now()
    return ttcm.Creator(
        creator_id=a.creator_id,
        handle_name=a.handle,
        display_name=a.nickname,
        profile_image=f"https://p16.tiktokcdn.com/avatar/{a.open_id}.jpeg",
        followers_count=a.followers,
        followings_count=a.following,
        videos_count=len(posts),
        likes_count=sum(int(metrics(v, a, now)["likes"]) for v in posts),
        bio=a.bio,
        location=a.region,
    )


@api.get("/tcm/creator/authorized/video/list/", query=ttcm.VideoListQuery, answer=ttcm.PostPage)
def creator_video_list(query: ttcm.VideoListQuery) -> ttcm.PostPage:
    """A creator's published posts, newest first, before the cursor (ms; 0: the newest), or
    those in video_ids: {page_info, posts}, limit 1-10."""
    t = tenant()
    now = t.clock.now()
    page, total = orders.authorized_posts(t, auth.brand(query.tcm_account_id), query)
    return ttcm.PostPage(
        page_info=PageInfo.of(Paged(page.items, 1, query.limit, total)),
        posts=[post_of(t.state, v, now) for v in page.items],
    )


@api.get("/tcm/creator/status/get/", query=ttcm.CreatorStatusQuery, answer=ttcm.OnboardingStatus)
def creator_status(query: ttcm.CreatorStatusQuery) -> ttcm.OnboardingStatus:
    """IN, NOT_IN, INVALID or INVITED per handle, in the brand's campaigns.

    TikTok's request takes handle_names (a JSON-encoded array, at most 20) and answers
    onboarding_status[{handler_name, status}], handler_name spelled so (the TTCM reference, as
    the bububa/tiktok-business Go SDK mirrors it). A single handle_name is the simulator's."""
    brand = auth.brand(query.tcm_account_id)
    handles = list(query.handle_names) or ([query.handle_name] if query.handle_name else [])
    if not handles:
        raise InvalidInput("handle_names: is required", field="handle_names")
    return ttcm.OnboardingStatus(
        onboarding_status=[
            ttcm.Onboarding(handler_name=handle, status=cast(Any, status))
            for handle, status in orders.onboarding(tenant().state, brand, handles)
        ]
    )
