"""TTCM (`tcm/...`): orders, reports, audit status and creators. Views parse, call `orders`,
and answer; the shapes are `shapes.ttcm`'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from simulator.core.errors import InvalidInput

from .. import campaigns, orders
from ..lifecycle import iso
from ..metrics import metrics
from ..models import Account, Brand, Membership, SimState, Video
from ..paging import by_page
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
    """Metrics per video of the orders, cumulative at the end of the date range (≤ 60 days)."""
    rows = orders.report(tenant(), auth.brand(query.tcm_account_id), query)
    return ttcm.Report(videos=[_report_video(row) for row in rows])


def _report_video(row: orders.ReportRow) -> ttcm.ReportVideo:
    item = ttcm.ReportVideo(
        order_id=row.order_id,
        video_id=row.video.video_id,
        insights=ttcm.Insights(**cast(dict[str, Any], row.insights)),
    )
    if row.daily is not None:
        item.daily_stats = [ttcm.DailyStat(**cast(dict[str, Any], d)) for d in row.daily]
    return item


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
def _creator(a: Account) -> ttcm.Creator:
    return ttcm.Creator(
        handle_name=a.handle,
        creator_id=a.creator_id,
        display_name=a.nickname,
        followers_count=a.followers,
        country_code=a.region,
    )


@api.get("/tcm/creator/authorized/", query=ttcm.CreatorsQuery, answer=ttcm.CreatorPage)
def creator_authorized(query: ttcm.CreatorsQuery) -> ttcm.CreatorPage:
    """Creators who joined one of the brand's campaigns (authorized the brand)."""
    brand = auth.brand(query.tcm_account_id)
    found = orders.authorized_creators(tenant().state, brand, query.handle_name)
    paged = by_page(found, query.page, query.page_size)
    return ttcm.CreatorPage(
        creators=[_creator(a) for a in paged.items], page_info=PageInfo.of(paged)
    )


@api.get("/tcm/creator/authorized/video/list/", query=ttcm.VideoListQuery, answer=ttcm.PostPage)
def creator_video_list(query: ttcm.VideoListQuery) -> ttcm.PostPage:
    """A creator's published posts, newest first (cursor in ms), or those in video_ids."""
    t = tenant()
    now = t.clock.now()
    page = orders.authorized_posts(t, auth.brand(query.tcm_account_id), query)
    return ttcm.PostPage(
        posts=[post_of(t.state, v, now) for v in page.items],
        has_more=page.has_more,
        cursor=page.cursor,
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
