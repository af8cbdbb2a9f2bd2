"""TikTok One campaigns (`tto/...`): the brand's side and the creator's side."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from .base import (
    Answer,
    Handle,
    Id,
    Link,
    LinkStatus,
    LongText,
    MembershipStatus,
    Name,
    Page,
    PageInfo,
    Request,
    Requirements,
    RequirementsChange,
    SparkDays,
    Text,
    VideoRequirements,
)

Handles = Annotated[list[Handle], Meta(max_length=100)]
Ids = Annotated[list[Id], Meta(max_length=100)]
VideoNumber = Annotated[int, Meta(ge=1, le=10)]


class CampaignCreate(Request):
    """`tto/tcm/campaign/create/`. campaign_description, video_requirements and video_number
    are the simulator's additions (TikTok's composer shows a brief; the docs name no fields)."""

    tto_tcm_account_id: Id
    campaign_name: Name
    campaign_type: Literal["CAMPAIGN", "BRAND_LINK"] = "CAMPAIGN"
    brand_profile_id: Text = ""
    handle_names: Handles = []
    advertiser_ids: Ids = []
    default_spark_ads_requested_authorization_days: SparkDays = 0
    send_notification: bool = False
    campaign_description: LongText = ""
    video_requirements: VideoRequirements | None = None
    video_number: VideoNumber = 1


class CampaignUpdate(Request):
    """`tto/tcm/campaign/update/`: only the fields sent change; handle_names invites more."""

    tto_tcm_account_id: Id
    campaign_id: Id
    campaign_name: Name | UnsetType = UNSET
    handle_names: Handles = []
    default_spark_ads_requested_authorization_days: SparkDays | UnsetType = UNSET
    send_notification: bool = False
    campaign_description: LongText | UnsetType = UNSET
    video_requirements: RequirementsChange | UnsetType = UNSET
    video_number: VideoNumber | UnsetType = UNSET


class CampaignQuery(Request):
    """campaign_ids (a JSON-encoded array) as TikTok's GetRequest (bububa/tiktok-business
    model/tto/campaign/campaign.go); none: the brand's campaigns, a page at a time."""

    tto_tcm_account_id: Id
    campaign_ids: Annotated[list[Id], Meta(max_length=50)] = []
    page: Page = 1
    page_size: Annotated[int, Meta(ge=1, le=50)] = 10


class CampaignReview(Request):
    tto_tcm_account_id: Id
    campaign_id: Id
    handle_name: Handle
    action: Literal["ACCEPT", "REJECT"]


class CampaignLink(Request):
    tto_tcm_account_id: Id
    campaign_id: Id
    video_id: Id
    action: Literal["LINK", "REVOKE"]


class CreatorCampaign(Request):
    """A creator-side call about one campaign, named by its invite link."""

    creator_id: Id
    tto_invite_link: Link


class CreatorVideoLink(CreatorCampaign):
    video_id: Id


class LinkConfirm(Request):
    creator_id: Id
    link_request_id: Id
    action: Literal["APPROVE", "REJECT"]


# ---- answers -------------------------------------------------------------------------------
class CampaignCreated(Answer):
    campaign_id: str
    invite_link: str
    failed_handle_names: list[str]


class CampaignUpdated(Answer):
    campaign_id: str
    failed_handle_names: list[str]


class Campaign(Answer):
    campaign_id: str
    campaign_name: str
    campaign_type: Literal["CAMPAIGN", "BRAND_LINK"]
    tto_tcm_account_id: str
    invite_link: str
    handle_names: list[str]
    advertiser_ids: list[str]
    spark_ads_requested_authorization_days: int
    campaign_description: str
    video_requirements: Requirements
    video_number: int
    create_time: Annotated[str | None, Meta(description="YYYY-MM-DD HH:MM:SS, UTC+0")]


class CampaignPage(Answer):
    campaigns: list[Campaign]
    page_info: PageInfo


class Reviewed(Answer):
    order_id: str
    handle_name: str
    status: MembershipStatus


class LinkRequest(Answer):
    link_request_id: str
    video_id: str
    status: LinkStatus


class Joined(Answer):
    campaign_id: str
    order_id: str
    status: MembershipStatus


class LinkRequests(Answer):
    campaign_id: str
    spark_authorization_days: int
    link_requests: list[LinkRequest]


class LinkConfirmed(Answer):
    link_request_id: str
    status: LinkStatus
