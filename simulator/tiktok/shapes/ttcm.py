"""TTCM orders ("workflow 2.0"), reports, audit status and creators (`tcm/...`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from .base import (
    Answer,
    Handle,
    Id,
    MembershipStatus,
    Page,
    PageInfo,
    Request,
    SparkDays,
    Text,
    VideoRequirements,
)

OrderId = Annotated[str, Meta(pattern=r"^[0-9]{1,20}$", description="A numeric order id.")]
OrderIds = Annotated[list[OrderId], Meta(max_length=200)]


class Deliverable(Request):
    deliverable_name: Annotated[str, Meta(min_length=1, max_length=100)]
    spark_ads_requested_authorization_days: SparkDays = 0


class OrderCreate(Request):
    """`tcm/order/create/v2/`. video_requirements is the simulator's addition."""

    tcm_account_id: Id
    brand_name: Annotated[str, Meta(min_length=1, max_length=60)]
    handle_names: Annotated[list[Handle], Meta(min_length=1, max_length=100)]
    deliverables: Annotated[list[Deliverable], Meta(min_length=1, max_length=10)]
    description: Annotated[str, Meta(max_length=60)] = ""
    campaign_code: Text = ""
    order_source: Literal["MSP", "OTHER"] = "OTHER"
    video_number: Annotated[int, Meta(ge=1, le=10)] | UnsetType = UNSET
    video_requirements: VideoRequirements | None = None


class OrderQuery(Request):
    """`tcm/order/get/v2/`: order_ids is a JSON-encoded array in the query string."""

    tcm_account_id: Id
    query_type: Literal["ORDER_ID", "CAMPAIGN_CODE", "INVITE_LINK"]
    order_ids: OrderIds = []
    campaign_code: Text = ""
    invite_link: Annotated[str, Meta(max_length=2048)] = ""
    page: Page = 1
    page_size: Annotated[int, Meta(ge=1, le=20)] = 10


class ReportQuery(Request):
    """order_ids as a JSON-encoded array; page and page_size as TikTok's GetRequest
    (bububa/tiktok-business model/tcm/report/get.go)."""

    tcm_account_id: Id
    order_ids: Annotated[list[OrderId], Meta(min_length=1, max_length=200)]
    start_date: date
    end_date: date
    need_daily_stats: bool = False
    page: Page = 1
    page_size: Annotated[int, Meta(ge=1, le=50)] = 10


class AuditQuery(Request):
    """v2_order_id as TikTok's reference; video_id instead is the simulator's addition."""

    tcm_account_id: Id
    v2_order_id: Text = ""
    video_id: Text = ""


class CreatorQuery(Request):
    """`creator_id` of one creator who authorized the brand (model/tcm/creator/authorized.go)."""

    tcm_account_id: Id
    creator_id: Text


class VideoListQuery(Request):
    """creator_id, limit 1-10, cursor (ms) and video_ids as TikTok's
    AuthorizedVideoListRequest (model/tcm/creator/authorized_video_list.go). handle_name
    instead of creator_id is the simulator's addition (a partner knows the handle)."""

    tcm_account_id: Id
    creator_id: Text = ""
    handle_name: Text = ""
    video_ids: Annotated[list[Id], Meta(max_length=20)] = []
    cursor: Annotated[int, Meta(ge=0, le=2**62)] = 0
    limit: Annotated[int, Meta(ge=1, le=10)] = 10


class CreatorStatusQuery(Request):
    """handle_names as TikTok's reference (≤ 20); a single handle_name is the simulator's."""

    tcm_account_id: Id
    handle_names: Annotated[list[Handle], Meta(max_length=20)] = []
    handle_name: Text = ""


# ---- answers -------------------------------------------------------------------------------
class Quota(Answer):
    current_video_count: int
    per_creator_video_limit: int
    total_video_limit: int


class Order(Answer):
    """An order. status and campaign_id are the simulator's additions (Flex reads them)."""

    order_id: str
    handle_name: str
    video_ids: list[str]
    campaign_code: str
    campaign_id: str
    invite_link: str
    status: MembershipStatus
    quota: Quota


class OrderCreated(Answer):
    campaign_code: str
    invite_link: str
    remaining_orders: int
    failed_handle_names: list[str]
    orders: list[Order]


class OrderPage(Answer):
    orders: list[Order]
    page_info: PageInfo


class DailyStat(Answer):
    date: str
    video_views: int
    likes: int
    comments: int
    shares: int


class ReportDimensions(Answer):
    tcm_account_id: str
    campaign_id: str
    order_id: str
    video_id: str
    handle_name: str
    video_first_release_time: Annotated[str | None, Meta(description="YYYY-MM-DD, UTC+0")]


class ReportMetrics(Answer):
    """Totals, their organic and paid parts (the brand's Spark Ads with the post), and what
    the ads cost (model/tcm/report/metrics.go names)."""

    video_views: int
    video_views_organic: int
    video_views_paid: int
    likes: int
    likes_organic: int
    likes_paid: int
    comments: int
    comments_organic: int
    comments_paid: int
    shares: int
    shares_organic: int
    shares_paid: int
    reach: int
    reach_organic: int
    reach_paid: int
    favorites: int
    engagement_count: int
    engagement_rate: float
    engagement_rate_organic: float
    engagement_rate_paid: float
    ad_impressions: int
    ad_clicks: int
    ad_cost: float
    ad_ctr: float
    ad_cpm: float
    ad_cpc: float
    daily_stats: list[DailyStat] | UnsetType = UNSET


class Insight(Answer):
    dimensions: ReportDimensions
    metrics: ReportMetrics


class Report(Answer):
    insights: list[Insight]
    page_info: PageInfo


class AuditStatus(Answer):
    video_id: str
    video_status: Literal["INIT", "UPLOAD", "RELEASE", "DELETE"]
    bind_status: Literal["BIND", "UNBIND"]
    review_status: Literal[
        "NO_REVIEW",
        "CONTENT_REVIEWING",
        "AD_REVIEWING",
        "CONTENT_REVIEW_FAIL",
        "AD_REVIEW_FAIL",
        "SUCCEED",
        "ALL_FAIL",
    ]
    reject_reason: str
    upload_time: str | None
    publish_time: str | None
    cover_image_url: str
    embed_url: Annotated[str, Meta(description="Empty unless review_status is SUCCEED.")]


class AuditStatusList(Answer):
    audit_status_list: list[AuditStatus]


class Creator(Answer):
    """One creator (model/tcm/creator/creator.go's default fields and counts)."""

    creator_id: str
    handle_name: str
    display_name: str
    profile_image: str
    followers_count: int
    followings_count: int
    videos_count: int
    likes_count: int
    bio: str
    location: str


class Post(Answer):
    video_id: str
    caption: str
    likes: int
    comments: int
    shares: int
    video_views: int
    engagement_rate: float
    embed_url: str
    thumbnail_url: str
    create_time: int


class PostPage(Answer):
    page_info: PageInfo
    posts: list[Post]


class Onboarding(Answer):
    handler_name: Annotated[str, Meta(description="TikTok's spelling.")]
    status: Literal["IN", "NOT_IN", "INVALID", "INVITED"]


class OnboardingStatus(Answer):
    onboarding_status: list[Onboarding]
