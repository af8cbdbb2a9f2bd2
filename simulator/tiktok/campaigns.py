"""TikTok One campaigns: invitations, joining, review, posting for a campaign, quotas, links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from msgspec import UNSET

from simulator.core.errors import (
    ExpiredToken,
    Forbidden,
    InvalidInput,
    InvalidToken,
    NotFound,
)
from simulator.core.tenants import Tenant

from . import lifecycle
from .models import (
    Account,
    Brand,
    Campaign,
    Draft,
    LinkRequest,
    Membership,
    SimState,
    SparkAuth,
    Video,
    move,
)
from .shapes.base import VideoRequirements
from .shapes.tto import CampaignCreate, CampaignUpdate

T = Tenant[SimState]
SPAM_MAGIC = "#sim_fail_spam"
SPARK_DAYS = (0, 7, 30, 60, 365)
_HANDLE = re.compile(r"^[A-Za-z0-9_.]{2,24}$")


class MissingElements(InvalidInput):
    """The description lacks required elements; `missing` names them, in the campaign's order."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "Add the required elements: " + ", ".join(missing),
            details={"missing": missing},
        )
        self.missing = missing


class WrongAccount(Forbidden):
    """The signed-in account was not invited; names the invited handle(s)."""

    def __init__(self, invited: list[str]) -> None:
        names = ", ".join("@" + h for h in invited) or "another account"
        super().__init__(
            f"This campaign invited {names}. Switch to that account to join.",
            details={"invited_handles": invited},
        )
        self.invited = invited


@dataclass
class Quota:
    """How many campaign videos a creator has posted, and may post."""

    current_video_count: int
    per_creator_video_limit: int
    total_video_limit: int

    def to_dict(self) -> dict[str, int]:
        """The quota as TTCM's order shape."""
        return {
            "current_video_count": self.current_video_count,
            "per_creator_video_limit": self.per_creator_video_limit,
            "total_video_limit": self.total_video_limit,
        }

    @property
    def reached(self) -> bool:
        """Whether the creator has nothing left to post."""
        return self.current_video_count >= self.per_creator_video_limit


def require_campaign(state: SimState, campaign_id: str, brand: Brand | None = None) -> Campaign:
    """The campaign, or 40007; with a brand, 40001 when it is another brand's."""
    campaign = state.campaign(str(campaign_id))
    if campaign is None:
        raise NotFound(f"campaign {campaign_id} does not exist")
    if brand is not None and campaign.tcm_account_id != brand.tcm_account_id:
        raise Forbidden(f"campaign {campaign_id} belongs to another account")
    return campaign


def brand_for_token(t: T, token: str) -> Brand:
    """The brand whose Business API token this is: InvalidToken, or ExpiredToken."""
    brand = t.state.brand_by_token(token)
    if brand is None:
        raise InvalidToken("Access-Token is invalid")
    if brand.token_expires_at is not None and brand.token_expires_at <= t.clock.now():
        raise ExpiredToken("Access-Token has expired")
    return brand


def check_acting_brand(campaign: Campaign, brand: Brand | None) -> None:
    """A brand acting for a creator may do so only in its own campaigns (None: the creator
    acts with their own token)."""
    if brand is not None and brand.tcm_account_id != campaign.tcm_account_id:
        raise Forbidden(
            "the invite link belongs to another brand's campaign", field="tto_invite_link"
        )


def of_brand(state: SimState, brand: Brand) -> list[Campaign]:
    """The brand's campaigns, oldest first."""
    return [c for c in state.campaigns if c.tcm_account_id == brand.tcm_account_id]


def require_invite(state: SimState, invite_link: str) -> Campaign:
    """The campaign of an invite link (or bare code), or NotFound."""
    campaign = state.campaign_by_invite(invite_link)
    if campaign is None:
        raise NotFound("the invite link does not match any campaign", field="tto_invite_link")
    return campaign


def pending_brand_links(state: SimState, campaign: Campaign, account: Account) -> list[LinkRequest]:
    """The brand's requests to link this creator's posts to the campaign, still in review."""
    return [
        r
        for r in state.link_requests
        if r.campaign_id == campaign.campaign_id
        and r.handle.lower() == account.handle.lower()
        and r.initiator == "BRAND"
        and r.status == "IN_REVIEW"
    ]


def require_account(state: SimState, creator: str) -> Account:
    """A creator by creator_id or handle, or 40007."""
    account = state.account_by_creator_id(str(creator))
    if account is None:
        raise NotFound(f"creator {creator} does not exist")
    return account


def create_campaign(
    t: T,
    brand: Brand,
    spec: CampaignCreate,
    *,
    deliverables: list[str] | None = None,
    campaign_code: str = "",
    order_source: str = "OTHER",
) -> tuple[Campaign, list[str]]:
    """A brand creates a campaign and invites handles; unknown handles come back as failed."""
    name = spec.campaign_name.strip()
    if not name:
        raise InvalidInput("campaign_name: must not be blank", field="campaign_name")
    requirements = spec.video_requirements or VideoRequirements()
    campaign_id = t.ids.numeric_id(19)
    campaign = Campaign(
        campaign_id=campaign_id,
        invite_code=t.ids.token("", 12),
        tcm_account_id=brand.tcm_account_id,
        name=name,
        campaign_type=spec.campaign_type,
        description=spec.campaign_description,
        approved_description=requirements.description,
        required_elements=[e.strip() for e in requirements.required_elements if e.strip()],
        advertiser_ids=list(spec.advertiser_ids),
        spark_ads_days=spec.default_spark_ads_requested_authorization_days,
        video_number=spec.video_number,
        deliverables=deliverables or video_labels(spec.video_number),
        campaign_code=campaign_code or campaign_id,
        order_source=order_source,
        created_at=t.clock.now(),
        brand_profile_id=spec.brand_profile_id,
    )
    t.state.campaigns.append(campaign)
    failed = invite(t, campaign, spec.handle_names, new=True)
    return campaign, failed


@lru_cache(maxsize=128)
def _labels(count: int) -> tuple[str, ...]:
    return tuple(f"Video {i + 1}" for i in range(count))


def video_labels(count: int) -> list[str]:
    """A campaign's default deliverables, "Video 1" to "Video <count>" (the label strings
    shared by every campaign, not made again for each)."""
    return list(_labels(count))


def invite(t: T, campaign: Campaign, handles: list[str], *, new: bool = False) -> list[str]:
    """Invite creators by handle; returns the handles that could not be invited.

    `new`: the campaign was made in this call, so none of its orders exist yet and the
    state's order index is not asked (a handle named twice is still invited once)."""
    failed: list[str] = []
    named: set[str] = set()
    for raw in handles:
        handle = raw.lstrip("@")
        account = t.state.account(handle)
        if account is None or not account.tcm_creator or not _HANDLE.match(handle):
            failed.append(raw)
            continue
        key = account.handle.lower()
        if key in named:
            continue
        named.add(key)
        if new or t.state.membership(campaign.campaign_id, account.handle) is None:
            campaign.handle_names.append(account.handle)
            t.state.memberships.append(
                Membership(
                    order_id=t.ids.numeric_id(19),
                    campaign_id=campaign.campaign_id,
                    handle=account.handle,
                )
            )
    return failed


def update_campaign(t: T, campaign: Campaign, spec: CampaignUpdate) -> list[str]:
    """Change a campaign's name, brief, requirements (only what the request sends), or invite
    more handles."""
    if spec.campaign_name is not UNSET:
        name = spec.campaign_name.strip()
        if not name:
            raise InvalidInput("campaign_name: must not be blank", field="campaign_name")
        campaign.name = name
    if spec.campaign_description is not UNSET:
        campaign.description = spec.campaign_description
    if spec.default_spark_ads_requested_authorization_days is not UNSET:
        campaign.spark_ads_days = spec.default_spark_ads_requested_authorization_days
    if spec.video_number is not UNSET:
        campaign.video_number = spec.video_number
        campaign.deliverables = video_labels(campaign.video_number)
    change = spec.video_requirements
    if change is not UNSET and change.description is not UNSET:
        campaign.approved_description = change.description
    if change is not UNSET and change.required_elements is not UNSET:
        campaign.required_elements = [e.strip() for e in change.required_elements if e.strip()]
    return invite(t, campaign, spec.handle_names)


def quota(
    state: SimState, campaign: Campaign, handle: str, bound: list[Video] | None = None
) -> Quota:
    """The creator's video quota in a campaign (`bound`: their campaign videos, if at hand)."""
    if bound is None:
        bound = state.campaign_videos(campaign.campaign_id, handle)
    return Quota(
        current_video_count=len(bound),
        per_creator_video_limit=campaign.video_number,
        total_video_limit=campaign.video_number * max(len(campaign.handle_names), 1),
    )


def join(t: T, campaign: Campaign, account: Account, *, terms_accepted: bool = True) -> Membership:
    """The creator joins: needs an invited handle and the terms accepted; review starts."""
    membership = t.state.membership(campaign.campaign_id, account.handle)
    if membership is None:
        raise WrongAccount(campaign.handle_names)
    if membership.status != "INVITED":
        return membership  # joining twice is harmless, as in the app
    if not terms_accepted:
        raise InvalidInput("Agree to TikTok's terms and conditions to join")
    now = t.clock.now()
    move(membership, "status", "membership", "JOINED")
    membership.joined_at = now
    lifecycle.start_review(t.state, membership, now)
    return membership


def review(t: T, campaign: Campaign, handle: str, action: str) -> Membership:
    """The brand accepts or rejects a creator who joined (manual or delayed review)."""
    membership = t.state.membership(campaign.campaign_id, handle)
    if membership is None:
        raise NotFound(f"@{handle.lstrip('@')} was not invited to this campaign")
    if action not in ("ACCEPT", "REJECT"):
        raise InvalidInput("action must be ACCEPT or REJECT")
    if membership.status != "JOINED":
        raise InvalidInput(f"the creator is {membership.status}, not JOINED")
    lifecycle.decide_review(t.state, membership, accept=action == "ACCEPT", now=t.clock.now())
    return membership


def missing_elements(campaign: Campaign, description: str) -> list[str]:
    """Required elements the description lacks (whole tokens, case-insensitive)."""
    return [
        element
        for element in campaign.required_elements
        if not re.search(re.escape(element) + r"(?![\w.])", description, re.IGNORECASE)
    ]


def require_accepted(state: SimState, campaign: Campaign, account: Account) -> Membership:
    """The membership, if the creator may post for this campaign."""
    membership = state.membership(campaign.campaign_id, account.handle)
    if membership is None:
        raise WrongAccount(campaign.handle_names)
    if membership.status != "ACCEPTED":
        raise Forbidden(f"the creator is {membership.status} in this campaign")
    return membership


def record_draft(t: T, account: Account) -> Draft:
    """'Record Video': a new clip lands in the creator's drafts."""
    now = t.clock.now()
    draft = Draft(
        draft_id=t.ids.numeric_id(16),
        handle=account.handle,
        caption=f"New recording {now:%b %d %H:%M}",
        duration_sec=15,
        created_at=now,
        source="record",
    )
    t.state.drafts.append(draft)
    return draft


def post_for_campaign(
    t: T, campaign: Campaign, account: Account, draft_id: str, description: str
) -> Video:
    """'Post' in the composer: checks membership, quota and required elements, then posts."""
    state, now = t.state, t.clock.now()
    membership = require_accepted(state, campaign, account)
    draft = state.draft(draft_id)
    if draft is None or draft.handle.lower() != account.handle.lower():
        raise NotFound("that draft is not in this account's drafts")
    if quota(state, campaign, account.handle).reached:
        raise InvalidInput("You've posted every video this campaign asks for")
    if len(description) > 2200:
        raise InvalidInput("The description can be at most 2200 characters")
    missing = missing_elements(campaign, description)
    if missing:
        raise MissingElements(missing)
    video = Video(
        video_id=t.ids.video_id(),
        handle=account.handle,
        caption=description,
        duration_sec=draft.duration_sec,
        created_at=now,
        publish_due=now + timedelta(seconds=state.settings.processing_sec),
        campaign_id=campaign.campaign_id,
        order_id=membership.order_id,
        review_status="CONTENT_REVIEWING",
        slot=quota(state, campaign, account.handle).current_video_count + 1,
        cover=draft.draft_id,
    )
    state.videos.append(video)
    if SPAM_MAGIC in description.lower():
        # TikTok refuses the post; the draft stays, so the creator can post it again later
        move(video, "status", "video", "FAILED")
        video.fail_reason = "spam_risk_too_many_posts"
        video.publish_due = None
        state.bind_video(video, "", video.order_id)
        return video
    state.drafts.remove(draft)
    if campaign.spark_ads_days:
        grant_campaign_auth(t, campaign, video)
    lifecycle.enqueue_campaign_event(state, campaign, video, "tto_video_uploaded", now)
    lifecycle.settle(state, now)
    return video


def grant_campaign_auth(t: T, campaign: Campaign, video: Video) -> SparkAuth:
    """A campaign that asked for Spark Ads gets the creator's authorization with the post."""
    now = t.clock.now()
    auth = SparkAuth(
        video_id=video.video_id,
        tcm_account_id=campaign.tcm_account_id,
        authorization_days=campaign.spark_ads_days,
        auth_status="ACCEPTED",
        auth_code=new_auth_code(t),
        start_time=now,
        end_time=now + timedelta(days=campaign.spark_ads_days),
    )
    t.state.spark_auths.append(auth)
    return auth


def new_auth_code(t: T) -> str:
    """A Spark Ads authorization code in TikTok's '#...' style."""
    return "#" + t.ids.token("", 30)


def link_existing(t: T, campaign: Campaign, account: Account, video_id: str) -> LinkRequest:
    """'Link existing post': ask the brand to count an already published post."""
    state = t.state
    require_accepted(state, campaign, account)
    video = state.video(str(video_id))
    if video is None or video.handle.lower() != account.handle.lower():
        raise NotFound(f"video {video_id} is not a post of @{account.handle}")
    if video.status != "PUBLISHED":
        raise InvalidInput("only published posts can be linked")
    if video.campaign_id:
        raise InvalidInput("this post is already linked to a campaign")
    if quota(state, campaign, account.handle).reached:
        raise InvalidInput("You've posted every video this campaign asks for")
    request = LinkRequest(
        link_request_id=t.ids.numeric_id(19),
        campaign_id=campaign.campaign_id,
        video_id=video.video_id,
        handle=account.handle,
        initiator="CREATOR",
        created_at=t.clock.now(),
    )
    state.link_requests.append(request)
    if state.settings.review_mode == "auto":
        approve_link(t, request)
    return request


def approve_link(t: T, request: LinkRequest) -> None:
    """Both sides agreed: the post now counts for the campaign."""
    state, now = t.state, t.clock.now()
    move(request, "status", "link", "APPROVE")
    video = state.video(request.video_id)
    campaign = state.campaign(request.campaign_id)
    if video is None or campaign is None:
        return
    membership = state.membership(campaign.campaign_id, video.handle)
    state.bind_video(video, campaign.campaign_id, membership.order_id if membership else "")
    if campaign.spark_ads_days and state.spark_auth(video.video_id) is None:
        grant_campaign_auth(t, campaign, video)
    lifecycle.enqueue_campaign_event(state, campaign, video, "tto_video_published", now)


def brand_link(t: T, campaign: Campaign, video_id: str, action: str) -> LinkRequest:
    """The brand approves a creator's link request (LINK), asks to link a post, or revokes."""
    state = t.state
    if action not in ("LINK", "REVOKE"):
        raise InvalidInput("action must be LINK or REVOKE")
    video = state.video(str(video_id))
    if video is None:
        raise NotFound(f"video {video_id} does not exist")
    existing = [
        r
        for r in state.link_requests
        if r.campaign_id == campaign.campaign_id and r.video_id == video.video_id
    ]
    latest = existing[-1] if existing else None
    if action == "REVOKE":
        if latest is None or latest.status != "APPROVE":
            raise InvalidInput("this video is not linked to the campaign")
        move(latest, "status", "link", "REVOKE")
        state.bind_video(video, "", "")
        return latest
    if latest is not None and latest.status == "IN_REVIEW" and latest.initiator == "CREATOR":
        approve_link(t, latest)
        return latest
    if video.status != "PUBLISHED" or video.campaign_id:
        raise InvalidInput("only a published, unlinked post can be linked")
    if state.membership(campaign.campaign_id, video.handle) is None:
        raise Forbidden(f"@{video.handle} is not in this campaign")
    request = LinkRequest(
        link_request_id=t.ids.numeric_id(19),
        campaign_id=campaign.campaign_id,
        video_id=video.video_id,
        handle=video.handle,
        initiator="BRAND",
        created_at=t.clock.now(),
    )
    state.link_requests.append(request)
    return request


def confirm_link(
    t: T, account: Account, link_request_id: str, action: str, acting: Brand | None = None
) -> LinkRequest:
    """The creator approves or rejects the brand's request to link a post (`acting`: the
    brand whose token made the call for the creator, kept to its own campaigns)."""
    request = next(
        (r for r in t.state.link_requests if r.link_request_id == str(link_request_id)), None
    )
    if request is None or request.handle.lower() != account.handle.lower():
        raise NotFound(f"link request {link_request_id} does not exist")
    campaign = t.state.campaign(request.campaign_id)
    if campaign is not None:
        check_acting_brand(campaign, acting)
    if action not in ("APPROVE", "REJECT"):
        raise InvalidInput("action must be APPROVE or REJECT")
    if request.status != "IN_REVIEW":
        raise InvalidInput(f"the link request is {request.status}")
    if action == "APPROVE":
        approve_link(t, request)
    else:
        move(request, "status", "link", "REJECTED")
    return request
