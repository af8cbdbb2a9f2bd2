"""The fake TikTok's state: plain dataclasses, transition tables, and `settle(now)` for time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .errors import BizError

# Explicit lifecycles: a transition not listed here is refused.
MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    "INVITED": {"JOINED"},
    "JOINED": {"ACCEPTED", "REJECTED"},
    "ACCEPTED": set(),
    "REJECTED": set(),
}
VIDEO_TRANSITIONS: dict[str, set[str]] = {
    "PROCESSING": {"PUBLISHED", "FAILED"},
    "PUBLISHED": {"DELETED"},
    "FAILED": set(),
    "DELETED": set(),
}
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    "NO_REVIEW": {"CONTENT_REVIEWING"},
    "CONTENT_REVIEWING": {"SUCCEED", "CONTENT_REVIEW_FAIL"},
    "SUCCEED": set(),
    "CONTENT_REVIEW_FAIL": set(),
}
AUTH_TRANSITIONS: dict[str, set[str]] = {
    "WAITING": {"ACCEPTED", "REJECTED"},
    "ACCEPTED": set(),
    "REJECTED": set(),
}
AUTH_CODE_TRANSITIONS: dict[str, set[str]] = {
    "NOT_USED": {"IN_USE", "EXPIRED", "DELETED"},
    "IN_USE": {"EXPIRED", "DELETED"},
    "EXPIRED": set(),
    "DELETED": set(),
}
LINK_TRANSITIONS: dict[str, set[str]] = {
    "IN_REVIEW": {"APPROVE", "REJECTED"},
    "APPROVE": {"REVOKE"},
    "REJECTED": set(),
    "REVOKE": set(),
}
PUBLISH_TRANSITIONS: dict[str, set[str]] = {
    "PROCESSING_UPLOAD": {
        "PROCESSING_DOWNLOAD",
        "SEND_TO_USER_INBOX",
        "PUBLISH_COMPLETE",
        "FAILED",
    },
    "PROCESSING_DOWNLOAD": {"SEND_TO_USER_INBOX", "PUBLISH_COMPLETE", "FAILED"},
    "SEND_TO_USER_INBOX": set(),
    "PUBLISH_COMPLETE": set(),
    "FAILED": set(),
}
TABLES = {
    "membership": MEMBERSHIP_TRANSITIONS,
    "video": VIDEO_TRANSITIONS,
    "review": REVIEW_TRANSITIONS,
    "auth": AUTH_TRANSITIONS,
    "auth_code": AUTH_CODE_TRANSITIONS,
    "link": LINK_TRANSITIONS,
    "publish": PUBLISH_TRANSITIONS,
}


def move(obj: Any, attr: str, table: str, to: str) -> None:
    """Change a lifecycle field only along its table, so illegal jumps fail loudly."""
    current = getattr(obj, attr)
    if current == to:
        return
    if to not in TABLES[table].get(current, set()):
        raise BizError(f"cannot go from {current} to {to}", code=40002)
    setattr(obj, attr, to)


@dataclass
class Brand:
    """A brand's TTCM / TikTok One account and its Business API credentials."""

    name: str
    tcm_account_id: str
    access_token: str
    app_id: str = ""
    secret: str = ""
    advertiser_ids: list[str] = field(default_factory=list)
    token_expires_at: datetime | None = None


@dataclass
class ClientApp:
    """An Open API client (client_key) a developer registered."""

    client_key: str
    client_secret: str
    name: str = "App"
    redirect_uris: list[str] = field(default_factory=list)
    webhook_url: str = ""
    audited: bool = True


@dataclass
class Account:
    """A TikTok account; several may be signed in on the simulated phone."""

    handle: str
    nickname: str
    creator_id: str
    open_id: str
    union_id: str
    followers: int = 0
    following: int = 0
    region: str = "US"
    private: bool = False
    on_phone: bool = True
    bio: str = ""
    verified: bool = False
    tcm_creator: bool = True


@dataclass
class Campaign:
    """A TikTok One campaign (or a TTCM order group): who is invited and what they must post."""

    campaign_id: str
    invite_code: str
    tcm_account_id: str
    name: str
    campaign_type: str = "CAMPAIGN"
    description: str = ""
    approved_description: str = ""
    required_elements: list[str] = field(default_factory=list)
    handle_names: list[str] = field(default_factory=list)
    advertiser_ids: list[str] = field(default_factory=list)
    spark_ads_days: int = 0
    video_number: int = 1
    deliverables: list[str] = field(default_factory=list)
    campaign_code: str = ""
    order_source: str = "OTHER"
    created_at: datetime | None = None
    brand_profile_id: str = ""


@dataclass
class Membership:
    """One invited creator in one campaign: the order TTCM reports."""

    order_id: str
    campaign_id: str
    handle: str
    status: str = "INVITED"
    joined_at: datetime | None = None
    review_due: datetime | None = None
    decided_at: datetime | None = None


@dataclass
class Draft:
    """A clip in the creator's drafts (inbox): seeded, recorded, or uploaded by an app."""

    draft_id: str
    handle: str
    caption: str
    duration_sec: int = 15
    created_at: datetime | None = None
    source: str = "seed"
    publish_id: str = ""


@dataclass
class Video:
    """A post: processing, then published (or failed), bound to at most one campaign."""

    video_id: str
    handle: str
    caption: str
    duration_sec: int = 15
    status: str = "PROCESSING"
    created_at: datetime | None = None
    publish_due: datetime | None = None
    published_at: datetime | None = None
    fail_reason: str = ""
    campaign_id: str = ""
    order_id: str = ""
    review_status: str = "NO_REVIEW"
    privacy_level: str = "PUBLIC_TO_EVERYONE"
    publish_id: str = ""
    slot: int = 0


@dataclass
class SparkAuth:
    """Ad authorization of one video: the brand's request and the creator's code."""

    video_id: str
    tcm_account_id: str
    authorization_days: int
    auth_status: str = "WAITING"
    auth_code: str = ""
    auth_code_status: str = "NOT_USED"
    start_time: datetime | None = None
    end_time: datetime | None = None
    advertiser_id: str = ""
    identity_id: str = ""


@dataclass
class LinkRequest:
    """A request to bind an already published post to a campaign."""

    link_request_id: str
    campaign_id: str
    video_id: str
    handle: str
    initiator: str  # CREATOR (asks the brand) or BRAND (asks the creator)
    status: str = "IN_REVIEW"
    created_at: datetime | None = None


@dataclass
class Subscription:
    """A Business API webhook subscription (TCM_VIDEOS) of one brand."""

    subscription_id: str
    tcm_account_id: str
    app_id: str
    secret: str
    callback_url: str
    subscribe_entity: str = "TCM_VIDEOS"


@dataclass
class Delivery:
    """One webhook in the outbox: its body is fixed at the first attempt, then retried."""

    delivery_id: str
    url: str
    secret: str
    kind: str  # business | open
    event: str
    payload: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    status: str = "PENDING"  # PENDING | IN_FLIGHT | DELIVERED | DEAD
    attempts: int = 0
    next_attempt_at: datetime | None = None
    created_at: datetime | None = None
    last_status: int | None = None
    last_error: str = ""
    held: bool = False  # a "reorder" webhook fault holds it until the next delivery


@dataclass
class AuthCode:
    """An OAuth authorization code waiting to be exchanged (10 minutes, once)."""

    code: str
    client_key: str
    handle: str
    scopes: list[str]
    redirect_uri: str
    expires_at: datetime
    code_challenge: str = ""
    code_challenge_method: str = ""
    used: bool = False


@dataclass
class OAuthToken:
    """An Open API access token and its refresh token, for one user of one app."""

    access_token: str
    refresh_token: str
    client_key: str
    handle: str
    scopes: list[str]
    expires_at: datetime
    refresh_expires_at: datetime
    revoked: bool = False


@dataclass
class Publish:
    """A Content Posting API publish: inbox upload or direct post, with its media transfer."""

    publish_id: str
    access_token: str
    client_key: str
    handle: str
    mode: str  # INBOX | DIRECT
    source: str  # FILE_UPLOAD | PULL_FROM_URL
    status: str = "PROCESSING_UPLOAD"
    video_size: int = 0
    chunk_size: int = 0
    total_chunk_count: int = 0
    uploaded_bytes: int = 0
    upload_id: str = ""
    upload_expires_at: datetime | None = None
    video_url: str = ""
    post_info: dict[str, Any] = field(default_factory=dict)
    fail_reason: str = ""
    video_id: str = ""
    draft_id: str = ""
    created_at: datetime | None = None


@dataclass
class Settings:
    """Per-tenant behaviour knobs from the scenario."""

    review_mode: str = "auto"  # auto | manual | delay
    review_delay_sec: int = 7200
    processing_sec: int = 0
    webhook_max_age_sec: int = 72 * 3600


@dataclass
class SimState:
    """Everything one tenant's TikTok knows; plain data so snapshots and JSON export work."""

    settings: Settings = field(default_factory=Settings)
    brands: list[Brand] = field(default_factory=list)
    apps: list[ClientApp] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    current_handle: str = ""
    campaigns: list[Campaign] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    spark_auths: list[SparkAuth] = field(default_factory=list)
    link_requests: list[LinkRequest] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    outbox: list[Delivery] = field(default_factory=list)
    auth_codes: list[AuthCode] = field(default_factory=list)
    tokens: list[OAuthToken] = field(default_factory=list)
    publishes: list[Publish] = field(default_factory=list)
    rate_hits: dict[str, list[float]] = field(default_factory=dict)
    counter: int = 0

    # ---- lookups -------------------------------------------------------------------------
    def brand_by_token(self, token: str) -> Brand | None:
        """The brand whose Business API token this is."""
        return next((b for b in self.brands if b.access_token == token), None)

    def brand(self, tcm_account_id: str) -> Brand | None:
        """The brand with this TTCM account id."""
        return next((b for b in self.brands if b.tcm_account_id == tcm_account_id), None)

    def app(self, client_key: str) -> ClientApp | None:
        """The Open API client with this key."""
        return next((a for a in self.apps if a.client_key == client_key), None)

    def account(self, handle: str) -> Account | None:
        """The account with this handle (without '@', case-insensitive)."""
        wanted = handle.lstrip("@").lower()
        return next((a for a in self.accounts if a.handle.lower() == wanted), None)

    def account_by_creator_id(self, creator_id: str) -> Account | None:
        """The account a creator_id (or a handle, as a convenience) names."""
        found = next((a for a in self.accounts if a.creator_id == creator_id), None)
        return found or self.account(creator_id)

    def current_account(self) -> Account | None:
        """The account the phone is signed in as."""
        return self.account(self.current_handle) if self.current_handle else None

    def campaign(self, campaign_id: str) -> Campaign | None:
        """A campaign by id."""
        return next((c for c in self.campaigns if c.campaign_id == campaign_id), None)

    def campaign_by_invite(self, link_or_code: str) -> Campaign | None:
        """A campaign from its invite link or bare invite code (any host)."""
        code = link_or_code.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
        return next((c for c in self.campaigns if c.invite_code == code), None)

    def membership(self, campaign_id: str, handle: str) -> Membership | None:
        """The order of one creator in one campaign."""
        wanted = handle.lstrip("@").lower()
        return next(
            (
                m
                for m in self.memberships
                if m.campaign_id == campaign_id and m.handle.lower() == wanted
            ),
            None,
        )

    def order(self, order_id: str) -> Membership | None:
        """A membership by its order id."""
        return next((m for m in self.memberships if m.order_id == order_id), None)

    def video(self, video_id: str) -> Video | None:
        """A post by id."""
        return next((v for v in self.videos if v.video_id == video_id), None)

    def draft(self, draft_id: str) -> Draft | None:
        """A draft by id."""
        return next((d for d in self.drafts if d.draft_id == draft_id), None)

    def spark_auth(self, video_id: str) -> SparkAuth | None:
        """The latest ad authorization of a video."""
        found = [a for a in self.spark_auths if a.video_id == video_id]
        return found[-1] if found else None

    def token(self, access_token: str) -> OAuthToken | None:
        """An Open API token record."""
        return next((t for t in self.tokens if t.access_token == access_token), None)

    def publish(self, publish_id: str) -> Publish | None:
        """A content posting publish by id."""
        return next((p for p in self.publishes if p.publish_id == publish_id), None)

    def campaign_videos(self, campaign_id: str, handle: str | None = None) -> list[Video]:
        """Videos bound to a campaign (optionally of one creator), not failed or deleted."""
        return [
            v
            for v in self.videos
            if v.campaign_id == campaign_id
            and v.status in ("PROCESSING", "PUBLISHED")
            and (handle is None or v.handle.lower() == handle.lower())
        ]

    def next_seq(self) -> int:
        """A counter for ids minted inside settle(), where no IdFactory is at hand."""
        self.counter += 1
        return self.counter

    # ---- time ----------------------------------------------------------------------------
    def settle(self, now: datetime) -> None:
        """Apply every transition whose due time has come (review, publish, code expiry)."""
        from . import lifecycle  # late import: lifecycle works on this state

        lifecycle.settle(self, now)


def seconds(n: int | float) -> timedelta:
    """A timedelta of n seconds (short helper for due times)."""
    return timedelta(seconds=n)
