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
    tcm_account_id: Id
    order_ids: Annotated[list[OrderId], Meta(min_length=1, max_length=200)]
    start_date: date
    end_date: date
    need_daily_stats: bool = False


class AuditQuery(Request):
    """v2_order_id as TikTok's reference; video_id instead is the simulator's addition."""

    tcm_account_id: Id
    v2_order_id: Text = ""
    video_id: Text = ""


class CreatorsQuery(Request):
    tcm_account_id: Id
    handle_name: Text = ""
    page: Page = 1
    page_size: Annotated[int, Meta(ge=1, le=50)] = 10


class VideoListQuery(Request):
    tcm_account_id: Id
    handle_name: Text = ""
    creator_id: Text = ""
    video_ids: Annotated[list[Id], Meta(max_length=20)] = []
    cursor: Annotated[int, Meta(ge=0, le=2**62)] = 0
    limit: Annotated[int, Meta(ge=1, le=20)] = 10


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


class Insights(Answer):
    video_views: int
    likes: int
    comments: int
    shares: int
    favorites: int
    reach: int
    engagement_rate: float


class DailyStat(Answer):
    date: str
    video_views: int
    likes: int
    comments: int
    shares: int


class ReportVideo(Answer):
    order_id: str
    video_id: str
    insights: Insights
    daily_stats: list[DailyStat] | UnsetType = UNSET


class Report(Answer):
    videos: list[ReportVideo]


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
    handle_name: str
    creator_id: str
    display_name: str
    followers_count: int
    country_code: str


class CreatorPage(Answer):
    creators: list[Creator]
    page_info: PageInfo


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
    posts: list[Post]
    has_more: bool
    cursor: int


class Onboarding(Answer):
    handler_name: Annotated[str, Meta(description="TikTok's spelling.")]
    status: Literal["IN", "NOT_IN", "INVALID", "INVITED"]


class OnboardingStatus(Answer):
    onboarding_status: list[Onboarding]
