"""TikTok One campaigns (`tto/...`): views that parse, call `campaigns`, and answer."""

from __future__ import annotations

from typing import cast

from .. import campaigns
from ..models import Account, Campaign, LinkRequest, Membership
from ..paging import by_page
from ..shapes import tto
from ..shapes.base import LinkStatus, MembershipStatus, PageInfo, Requirements
from ..sparkads import biz_time
from ..web import invite_link, registry, tenant
from . import auth

api = auth.business_family("tto", "Business API: TikTok One campaigns")
ACCOUNT = "tto_tcm_account_id"


def campaign_of(c: Campaign) -> tto.Campaign:
    """A campaign as `GET tto/tcm/campaign/` answers it."""
    return tto.Campaign(
        campaign_id=c.campaign_id,
        campaign_name=c.name,
        campaign_type="BRAND_LINK" if c.campaign_type == "BRAND_LINK" else "CAMPAIGN",
        tto_tcm_account_id=c.tcm_account_id,
        invite_link=invite_link(c.invite_code),
        handle_names=list(c.handle_names),
        advertiser_ids=list(c.advertiser_ids),
        # the campaign's own names (TikTok's Campaign model: create takes the "default_" one)
        spark_ads_requested_authorization_days=c.spark_ads_days,
        campaign_description=c.description,
        video_requirements=Requirements(
            description=c.approved_description, required_elements=list(c.required_elements)
        ),
        video_number=c.video_number,
        create_time=biz_time(c.created_at),
    )


def link_of(link: LinkRequest) -> tto.LinkRequest:
    """A link request as answered."""
    return tto.LinkRequest(
        link_request_id=link.link_request_id,
        video_id=link.video_id,
        status=cast(LinkStatus, link.status),
    )


def _membership(campaign: Campaign, m: Membership) -> tto.Joined:
    status = cast(MembershipStatus, m.status)
    return tto.Joined(campaign_id=campaign.campaign_id, order_id=m.order_id, status=status)


# ---- the brand's side ------------------------------------------------------------------------
@api.post("/tto/tcm/campaign/create/", body=tto.CampaignCreate, answer=tto.CampaignCreated)
def campaign_create(body: tto.CampaignCreate) -> tto.CampaignCreated:
    """Create a TikTok One campaign and invite creators; answers its invite link.

    campaign_description, video_requirements and video_number are the simulator's additions
    (TikTok's composer shows a brief; its public docs name no fields). Handles that cannot be
    invited (unknown, not TCM creators) come back in failed_handle_names."""
    brand = auth.brand(body.tto_tcm_account_id, ACCOUNT)
    campaign, failed = campaigns.create_campaign(tenant(), brand, body)
    registry().bind_credential(campaign.invite_code, tenant().id)
    return tto.CampaignCreated(
        campaign_id=campaign.campaign_id,
        invite_link=invite_link(campaign.invite_code),
        failed_handle_names=failed,
    )


@api.post("/tto/tcm/campaign/update/", body=tto.CampaignUpdate, answer=tto.CampaignUpdated)
def campaign_update(body: tto.CampaignUpdate) -> tto.CampaignUpdated:
    """Update a campaign (only the fields sent change); handle_names invites more creators."""
    brand = auth.brand(body.tto_tcm_account_id, ACCOUNT)
    campaign = campaigns.require_campaign(tenant().state, body.campaign_id, brand)
    failed = campaigns.update_campaign(tenant(), campaign, body)
    return tto.CampaignUpdated(campaign_id=campaign.campaign_id, failed_handle_names=failed)


@api.get("/tto/tcm/campaign/", query=tto.CampaignQuery, answer=tto.CampaignPage)
def campaign_get(query: tto.CampaignQuery) -> tto.CampaignPage:
    """The campaigns named in campaign_ids, or the brand's campaigns, a page at a time."""
    brand = auth.brand(query.tto_tcm_account_id, ACCOUNT)
    state = tenant().state
    if query.campaign_ids:
        found = [campaigns.require_campaign(state, c, brand) for c in query.campaign_ids]
        paged = by_page(found, 1, max(len(found), 1))
    else:
        paged = by_page(campaigns.of_brand(state, brand), query.page, query.page_size)
    return tto.CampaignPage(
        campaigns=[campaign_of(c) for c in paged.items], page_info=PageInfo.of(paged)
    )


@api.post("/tto/tcm/campaign/creator/review/", body=tto.CampaignReview, answer=tto.Reviewed)
def campaign_creator_review(body: tto.CampaignReview) -> tto.Reviewed:
    """Accept or reject a creator who joined (manual or delayed review).

    The simulator's addition: TikTok documents no such endpoint (its brands review in the
    TikTok One web app)."""
    brand = auth.brand(body.tto_tcm_account_id, ACCOUNT)
    campaign = campaigns.require_campaign(tenant().state, body.campaign_id, brand)
    m = campaigns.review(tenant(), campaign, body.handle_name, body.action)
    status = cast(MembershipStatus, m.status)
    return tto.Reviewed(order_id=m.order_id, handle_name=m.handle, status=status)


@api.post("/tto/tcm/campaign/link/", body=tto.CampaignLink, answer=tto.LinkRequest)
def campaign_link(body: tto.CampaignLink) -> tto.LinkRequest:
    """Brand link review: LINK approves a creator's request (or asks the creator); REVOKE."""
    brand = auth.brand(body.tto_tcm_account_id, ACCOUNT)
    campaign = campaigns.require_campaign(tenant().state, body.campaign_id, brand)
    return link_of(campaigns.brand_link(tenant(), campaign, body.video_id, body.action))


# ---- the creator's side (the creator's own OAuth token, or a brand's for its campaigns) ------
def _campaign(call: tto.CreatorCampaign) -> tuple[Campaign, Account]:
    account, acting = auth.creator_caller(call.creator_id)
    campaign = campaigns.require_invite(tenant().state, call.tto_invite_link)
    campaigns.check_acting_brand(campaign, acting)
    return campaign, account


@api.post("/tto/creator/campaign/join/", body=tto.CreatorCampaign, answer=tto.Joined)
def creator_join(body: tto.CreatorCampaign) -> tto.Joined:
    """The creator joins a campaign ('Join Campaign' through the API)."""
    campaign, account = _campaign(body)
    return _membership(campaign, campaigns.join(tenant(), campaign, account))


@api.post("/tto/creator/campaign/video/link/", body=tto.CreatorVideoLink, answer=tto.LinkRequest)
def creator_video_link(body: tto.CreatorVideoLink) -> tto.LinkRequest:
    """Link an existing published post to a campaign ('Link existing post')."""
    campaign, account = _campaign(body)
    return link_of(campaigns.link_existing(tenant(), campaign, account, body.video_id))


@api.get("/tto/creator/link/request/get/", query=tto.CreatorCampaign, answer=tto.LinkRequests)
def creator_link_requests(query: tto.CreatorCampaign) -> tto.LinkRequests:
    """The brand's pending requests to link the creator's posts to a campaign."""
    campaign, account = _campaign(query)
    pending = campaigns.pending_brand_links(tenant().state, campaign, account)
    return tto.LinkRequests(
        campaign_id=campaign.campaign_id,
        spark_authorization_days=campaign.spark_ads_days,
        link_requests=[link_of(r) for r in pending],
    )


@api.post("/tto/creator/link/request/confirm/", body=tto.LinkConfirm, answer=tto.LinkConfirmed)
def creator_link_confirm(body: tto.LinkConfirm) -> tto.LinkConfirmed:
    """Approve or reject a brand's request to link a post."""
    account, acting = auth.creator_caller(body.creator_id)
    link = campaigns.confirm_link(tenant(), account, body.link_request_id, body.action, acting)
    status = cast(LinkStatus, link.status)
    return tto.LinkConfirmed(link_request_id=link.link_request_id, status=status)
