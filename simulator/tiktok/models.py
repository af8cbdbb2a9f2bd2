"""The fake TikTok's state: plain dataclasses, transition tables, and `settle(now)` for time.

The items a tenant holds by the thousand (accounts, campaigns, orders, videos, authorizations,
webhook deliveries...) are slotted dataclasses: no dictionary per instance. `bench scale`'s
100,000 videos took 42 MB with one, 36 MB without; a campaign/create keeps ~100 bytes less.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from simulator.core.errors import Conflict

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
        raise Conflict(f"cannot go from {current} to {to}")
    setattr(obj, attr, to)
    if table == "video":
        _VIDEO_MOVES.bump()


class _Epoch:
    """A counter of lifecycle moves: a cached count derived from statuses is good while it
    stands still (one for every tenant: a move anywhere only costs a recount)."""

    value = 0

    def bump(self) -> None:
        self.value += 1


_VIDEO_MOVES = _Epoch()


@dataclass(slots=True)
class Brand:
    """A brand's TTCM / TikTok One account and its Business API credentials."""

    name: str
    tcm_account_id: str
    access_token: str
    app_id: str = ""
    secret: str = ""
    advertiser_ids: list[str] = field(default_factory=list)
    token_expires_at: datetime | None = None
    redirect_uris: list[str] = field(default_factory=list)  # advertiser authorization page


@dataclass(slots=True)
class ClientApp:
    """An Open API client (client_key) a developer registered."""

    client_key: str
    client_secret: str
    name: str = "App"
    redirect_uris: list[str] = field(default_factory=list)
    webhook_url: str = ""
    audited: bool = True


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
class Membership:
    """One invited creator in one campaign: the order TTCM reports."""

    order_id: str
    campaign_id: str
    handle: str
    status: str = "INVITED"
    joined_at: datetime | None = None
    review_due: datetime | None = None
    decided_at: datetime | None = None


@dataclass(slots=True)
class Draft:
    """A clip in the creator's drafts (inbox): seeded, recorded, or uploaded by an app."""

    draft_id: str
    handle: str
    caption: str
    duration_sec: int = 15
    created_at: datetime | None = None
    source: str = "seed"
    publish_id: str = ""


@dataclass(slots=True)
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
    cover: str = ""  # the draft it was posted from: its cover keeps the draft's colours


@dataclass(slots=True)
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
    revoked_at: datetime | None = None  # the creator stopped the authorization in the app


@dataclass(slots=True)
class AdvertiserAuthCode:
    """What the advertiser authorization page hands the brand's app (1 hour, once)."""

    auth_code: str
    app_id: str
    tcm_account_id: str
    advertiser_ids: list[str]
    redirect_uri: str
    expires_at: datetime
    used: bool = False


@dataclass(slots=True)
class BrandToken:
    """A Business API access token a brand's app got from `oauth2/access_token/`."""

    access_token: str
    app_id: str
    tcm_account_id: str
    advertiser_ids: list[str]
    scope: list[int]
    created_at: datetime


@dataclass(slots=True)
class AdCampaign:
    """An advertiser's ad campaign (Marketing API `campaign/create/`)."""

    campaign_id: str
    advertiser_id: str
    campaign_name: str
    objective_type: str
    budget_mode: str
    budget: float
    created_at: datetime
    operation_status: str = "ENABLE"


@dataclass(slots=True)
class AdGroup:
    """An ad group: where, when and how much (Marketing API `adgroup/create/`)."""

    adgroup_id: str
    advertiser_id: str
    campaign_id: str
    adgroup_name: str
    budget_mode: str
    budget: float
    schedule_type: str
    start_time: datetime
    end_time: datetime | None
    placement_type: str
    placements: list[str]
    optimization_goal: str
    billing_event: str
    bid_type: str
    location_ids: list[str]
    created_at: datetime
    operation_status: str = "ENABLE"


@dataclass(slots=True)
class Ad:
    """A Spark Ad: a creator's post, used through an AUTH_CODE identity (`ad/create/`)."""

    ad_id: str
    advertiser_id: str
    campaign_id: str
    adgroup_id: str
    ad_name: str
    identity_type: str
    identity_id: str
    tiktok_item_id: str
    auth_code: str
    ad_format: str
    call_to_action: str
    landing_page_url: str
    created_at: datetime
    operation_status: str = "ENABLE"


@dataclass(slots=True)
class LinkRequest:
    """A request to bind an already published post to a campaign."""

    link_request_id: str
    campaign_id: str
    video_id: str
    handle: str
    initiator: str  # CREATOR (asks the brand) or BRAND (asks the creator)
    status: str = "IN_REVIEW"
    created_at: datetime | None = None


@dataclass(slots=True)
class Subscription:
    """A Business API webhook subscription (TCM_VIDEOS) of one brand."""

    subscription_id: str
    tcm_account_id: str
    app_id: str
    secret: str
    callback_url: str
    subscribe_entity: str = "TCM_VIDEOS"


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
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
    refreshed: bool = False  # its refresh token was used: refresh tokens rotate


@dataclass(slots=True)
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
    # Login Kit token lifetimes: TikTok's current values ("Manage OAuth Access Tokens":
    # access token 2 hours, refresh token 180 days); older pages said 24 h / 365 days.
    access_token_ttl_sec: int = 2 * 3600
    refresh_token_ttl_sec: int = 180 * 86400


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
    advertiser_auth_codes: list[AdvertiserAuthCode] = field(default_factory=list)
    brand_tokens: list[BrandToken] = field(default_factory=list)
    ad_campaigns: list[AdCampaign] = field(default_factory=list)
    adgroups: list[AdGroup] = field(default_factory=list)
    ads: list[Ad] = field(default_factory=list)
    rate_hits: dict[str, list[float]] = field(default_factory=dict)
    counter: int = 0

    # ---- lookups -------------------------------------------------------------------------
    def brand_by_token(self, token: str) -> Brand | None:
        """The brand whose Business API token this is: its seeded token, or one its app got
        through the advertiser authorization flow (`oauth2/access_token/`)."""
        found = next((b for b in self.brands if b.access_token == token), None)
        if found is None and self.brand_tokens:
            issued = next((k for k in self.brand_tokens if k.access_token == token), None)
            found = self.brand(issued.tcm_account_id) if issued else None
        return found

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
        return self._index().campaign_by_id.get(campaign_id)

    def campaign_by_invite(self, link_or_code: str) -> Campaign | None:
        """A campaign from its invite link or bare invite code (any host)."""
        code = link_or_code.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
        return self._index().campaign_by_code.get(code)

    def membership(self, campaign_id: str, handle: str) -> Membership | None:
        """The order of one creator in one campaign."""
        key = (campaign_id, handle.lstrip("@").lower())
        return self._index().membership_by_key.get(key)

    def campaign_memberships(self, campaign_id: str) -> list[Membership]:
        """The orders of one campaign, in the order the creators were invited."""
        return list(self._index().memberships_of.get(campaign_id, ()))

    def order(self, order_id: str) -> Membership | None:
        """A membership by its order id."""
        pos = self._index().order_pos.get(order_id)
        if pos is None:
            return None
        found = self.memberships[pos]
        return found if found.order_id == order_id else None

    def video(self, video_id: str) -> Video | None:
        """A post by id."""
        return self._index().video_by_id.get(video_id)

    def draft(self, draft_id: str) -> Draft | None:
        """A draft by id."""
        return next((d for d in self.drafts if d.draft_id == draft_id), None)

    def spark_auth(self, video_id: str) -> SparkAuth | None:
        """The latest ad authorization of a video."""
        found = self._index().auths_of.get(video_id)
        return found[-1] if found else None

    def token(self, access_token: str) -> OAuthToken | None:
        """An Open API token record."""
        return next((t for t in self.tokens if t.access_token == access_token), None)

    def publish(self, publish_id: str) -> Publish | None:
        """A content posting publish by id."""
        return next((p for p in self.publishes if p.publish_id == publish_id), None)

    def campaign_videos(self, campaign_id: str, handle: str | None = None) -> list[Video]:
        """Videos bound to a campaign (optionally of one creator), not failed or deleted."""
        index = self._index()
        wanted = handle.lower() if handle is not None else None
        found = []
        for pos in sorted(index.campaign_video_pos.get(campaign_id, ())):
            v = self.videos[pos]
            if (
                v.campaign_id == campaign_id
                and v.status in ("PROCESSING", "PUBLISHED")
                and (wanted is None or v.handle.lower() == wanted)
            ):
                found.append(v)
        return found

    def creator_posts(
        self, handle: str, before_ms: int, limit: int, now: datetime, *, timed_only: bool = False
    ) -> tuple[list[Video], bool]:
        """A creator's published posts, newest first (by publish time, then id), only those
        published before `before_ms` (unix ms; 0 for no bound): at most `limit` of them, and
        whether more follow. Costs O(limit + log n), n the creator's posts. Posts without a
        publish time (put in by hand) sort as `now`, or are left out with `timed_only`."""
        index = self._index()
        dated = index.dated(handle)
        if not timed_only and any(
            v.status == "PUBLISHED" and v.published_at is None
            for v in index.undated_of.get(handle, ())
        ):  # posts put in by hand without a time sort as "now": the plain way
            every = sorted(
                (v for v in [*dated, *index.undated_of[handle]] if v.status == "PUBLISHED"),
                key=lambda v: (v.published_at or now, v.video_id),
                reverse=True,
            )
            if before_ms:
                every = [v for v in every if publish_ms(v, now) < before_ms]
            return every[:limit], len(every) > limit
        end = len(dated)
        if before_ms:
            end = bisect_left(dated, before_ms, key=lambda v: publish_ms(v, now))
        page: list[Video] = []
        for i in range(end - 1, -1, -1):  # no slice: a page must not copy every post
            v = dated[i]
            if v.status != "PUBLISHED":
                continue  # deleted since
            if len(page) == limit:
                return page, True
            page.append(v)
        return page, False

    def creator_published(self, handle: str) -> list[Video]:
        """Every published post of a creator (the exact handle), with or without a publish
        time, in no set order: O(their posts), never a walk of every video."""
        index = self._index()
        dated = index.dated(handle)  # first: it files undated posts that got a time since
        undated = index.undated_of.get(handle, ())
        return [v for v in (*dated, *undated) if v.status == "PUBLISHED"]

    def published_count(self, handle: str) -> int:
        """How many posts `creator_published(handle)` holds, counted again only when the
        creator's filed posts or a video's lifecycle moved since (not on every read of their
        list: a creator with 100,000 posts would cost a walk of them each time). A status
        changed by hand, not through `move`, shows once the creator's posts change."""
        index = self._index()
        dated = index.dated(handle)
        undated = index.undated_of.get(handle, ())
        key = (len(dated), len(undated), _VIDEO_MOVES.value)
        known = index.published_counts.get(handle)
        if known is not None and known[0] == key:
            return known[1]
        count = sum(1 for v in (*dated, *undated) if v.status == "PUBLISHED")
        index.published_counts[handle] = (key, count)
        return count

    def publish_time(self, handle: str, now: datetime) -> datetime:
        """When a post of this creator going out at `now` is stamped: `now`, or the first
        millisecond after it in which none of the creator's posts went out.

        TikTok's video lists page by a millisecond cursor (the posts "created before" it), so
        two posts of one creator stamped in one millisecond would lose the second between two
        pages, after a page that said `has_more`. People never post twice in a millisecond; a
        suite posting twice in a row, or under a frozen clock, does."""
        dated = self._index().dated(handle)
        wanted = unix_ms(now)
        i = bisect_left(dated, wanted, key=lambda v: publish_ms(v, now))
        taken = wanted  # the first millisecond from `now` that no post at or after dated[i] has
        while i < len(dated) and (at := publish_ms(dated[i], now)) <= taken:
            taken = max(taken, at + 1)  # posts may share a millisecond (put in with a time)
            i += 1
        if taken == wanted:
            return now
        return now + timedelta(milliseconds=taken - wanted, microseconds=-(now.microsecond % 1000))

    def note_published(self, video: Video) -> None:
        """Processing is over for a post in state.videos: list it among its creator's posts."""
        self._index().published(video)

    def due_changed(self, item: Membership | Video | SparkAuth) -> None:
        """An item already in the lists got a (new) due time: review_due, publish_due, end_time.

        Items appended with their due time set need no call; settle() finds them.
        """
        self._index().schedule(item)

    def anything_due(self, now: datetime) -> bool:
        """Whether `due_items(now)` would find anything; it only reads (see _Index.anything_due),
        for a background sweep that must not take a tenant's lock for nothing."""
        index: _Index | None = self.__dict__.get("_ix")
        return index is None or index.anything_due(self, now)

    def due_items(self, now: datetime) -> list[Membership | Video | SparkAuth]:
        """Memberships, videos and ad authorizations whose timed transition has come."""
        index = self._index()
        if not index.heap_due(now):
            return []  # the common case: nothing is due, and nothing was walked
        return index.pop_due(self, now)

    def bind_video(self, video: Video, campaign_id: str, order_id: str) -> None:
        """Bind a post to a campaign's order (or unbind it with empty ids)."""
        video.campaign_id, video.order_id = campaign_id, order_id
        self._index().bound(video)

    def _index(self) -> _Index:
        """The derived look-ups, brought up to date with the lists (see _Index)."""
        index: _Index | None = self.__dict__.get("_ix")
        if index is None:
            index = self.__dict__["_ix"] = _Index()
        return index.sync(self)

    def next_seq(self) -> int:
        """A counter for ids minted inside settle(), where no IdFactory is at hand."""
        self.counter += 1
        return self.counter


def seconds(n: int | float) -> timedelta:
    """A timedelta of n seconds (short helper for due times)."""
    return timedelta(seconds=n)


_Item = TypeVar("_Item")


def _publish_key(video: Video) -> tuple[datetime, str]:
    assert video.published_at is not None
    return (video.published_at, video.video_id)


_REVIEW, _PUBLISH, _EXPIRE = 0, 1, 2


def _due(item: Membership | Video | SparkAuth) -> tuple[int, datetime | None]:
    """Which timed transition an item waits for, and when (None: it waits for none)."""
    if isinstance(item, Membership):
        return _REVIEW, item.review_due if item.status == "JOINED" else None
    if isinstance(item, Video):
        return _PUBLISH, item.publish_due if item.status == "PROCESSING" else None
    live = item.auth_code_status in ("NOT_USED", "IN_USE")
    return _EXPIRE, item.end_time if live else None


def unix_ms(when: datetime) -> int:
    """A time in unix milliseconds, as the video lists' cursors count it."""
    return int(when.timestamp() * 1000)


def publish_ms(video: Video, now: datetime) -> int:
    """When a post was published, in unix ms (now for a post without a time)."""
    return unix_ms(video.published_at or now)


class _Tail:
    """How far into one of the state's lists an index has looked (lists only grow)."""

    def __init__(self) -> None:
        self.source: list[Any] | None = None
        self.seen = 0
        self.last: Any = None

    def unchanged(self, items: list[Any]) -> bool:
        """Whether `items` is the list last looked at, with nothing appended or removed since
        (what `new_items` would answer with (False, []))."""
        seen = self.seen
        return (
            self.source is items
            and len(items) == seen
            and (seen == 0 or items[seen - 1] is self.last)
        )

    def peek(self, items: list[_Item]) -> tuple[bool, Sequence[_Item]]:
        """(whether the list was replaced or shrunk, so the index must start over; the new tail),
        without taking the tail in: it only reads, so a thread without the tenant's lock may
        ask (an item appended meanwhile is simply not in the answer)."""
        seen = self.seen
        fresh = (
            self.source is not items
            or len(items) < seen
            or (seen > 0 and items[seen - 1] is not self.last)
        )
        return fresh, items[0 if fresh else seen :]

    def new_items(self, items: list[_Item]) -> tuple[bool, Sequence[_Item]]:
        """What `peek` answers, the tail then taken in."""
        fresh, tail = self.peek(items)
        self.source, self.seen = items, len(items)
        self.last = items[-1] if items else None
        return fresh, tail


class _Index:
    """Look-ups over a SimState's lists, derived from them, never exported nor copied.

    The lists stay the truth (snapshots, JSON export): the index notices items appended
    to them (by any code) and a list that was replaced, and starts over after a restore or
    an import (a deep copy gets a fresh, empty index). Look-ups check what they find against
    the items' current fields, so a stale entry is harmless; a change that *adds* an item to
    a look-up (a video bound to a campaign) goes through a SimState method.
    """

    def __init__(self) -> None:
        self.campaigns_tail = _Tail()
        self.campaign_by_id: dict[str, Campaign] = {}
        self.campaign_by_code: dict[str, Campaign] = {}
        self.memberships_tail = _Tail()
        # order id -> position in state.memberships: the order look-up, and where an order
        # stands for settle's list order (one entry per order, no second map by id())
        self.order_pos: dict[str, int] = {}
        self.membership_by_key: dict[tuple[str, str], Membership] = {}
        self.memberships_of: dict[str, list[Membership]] = {}
        self.videos_tail = _Tail()
        self.video_by_id: dict[str, Video] = {}
        self.video_pos: dict[int, int] = {}  # id(video) -> position in state.videos
        self.campaign_video_pos: dict[str, set[int]] = {}  # campaign -> positions (candidates)
        self.auths_tail = _Tail()
        self.auths_of: dict[str, list[SparkAuth]] = {}
        # each creator's published posts by (published_at, video_id), oldest first
        self.published_of: dict[str, list[Video]] = {}
        self.undated_of: dict[str, list[Video]] = {}  # published without a time (set by hand)
        self.published_ids: set[int] = set()
        # handle -> (what the count was taken at, the count): see SimState.published_count
        self.published_counts: dict[str, tuple[tuple[int, int, int], int]] = {}
        # what time will change: (due, tie-break, kind, item); checked again when popped
        self.due: list[tuple[datetime, int, int, Any]] = []
        self.pushed = 0
        self.auth_pos: dict[int, int] = {}
        self._lowered: dict[str, str] = {}  # handle -> handle.lower(), one string per creator

    def __deepcopy__(self, memo: dict[int, Any]) -> _Index:
        return _Index()  # a copy of the state rebuilds its own index on first use

    def __reduce__(self) -> tuple[type[_Index], tuple[()]]:
        return (_Index, ())

    def sync(self, state: SimState) -> _Index:
        """Take in whatever was appended to the state's lists since the last look.

        Each list is looked at on its own: a write appends to one or two of them (a campaign
        and its orders), and the others are left alone. `make bench`'s write (campaign/create)
        synced the index twice a call, at 7 us of its 52."""
        if not self.campaigns_tail.unchanged(state.campaigns):
            self._take_campaigns(state.campaigns)
        if not self.memberships_tail.unchanged(state.memberships):
            self._take_memberships(state.memberships)
        if not self.videos_tail.unchanged(state.videos):
            self._take_videos(state.videos)
        if not self.auths_tail.unchanged(state.spark_auths):
            self._take_auths(state.spark_auths)
        return self

    def _take_campaigns(self, items: list[Campaign]) -> None:
        fresh, campaigns = self.campaigns_tail.new_items(items)
        if fresh:
            self.campaign_by_id, self.campaign_by_code = {}, {}
        by_id, by_code = self.campaign_by_id, self.campaign_by_code
        for c in campaigns:
            by_id.setdefault(c.campaign_id, c)
            by_code.setdefault(c.invite_code, c)

    def _take_memberships(self, items: list[Membership]) -> None:
        fresh, memberships = self.memberships_tail.new_items(items)
        if fresh:
            self.order_pos, self.membership_by_key, self.memberships_of = {}, {}, {}
            self._forget(_REVIEW)
        start = len(items) - len(memberships)
        for pos, m in enumerate(memberships, start):
            self.schedule(m)
            self.order_pos.setdefault(m.order_id, pos)
            self.membership_by_key.setdefault((m.campaign_id, self.lowered(m.handle)), m)
            self.memberships_of.setdefault(m.campaign_id, []).append(m)

    def _take_videos(self, items: list[Video]) -> None:
        fresh, videos = self.videos_tail.new_items(items)
        if fresh:
            self.video_by_id, self.video_pos, self.campaign_video_pos = {}, {}, {}
            self.published_of, self.undated_of, self.published_ids = {}, {}, set()
            self._forget(_PUBLISH)
        start = len(items) - len(videos)
        for pos, v in enumerate(videos, start):
            self.video_by_id.setdefault(v.video_id, v)
            self.video_pos[id(v)] = pos
            if v.campaign_id:
                self.campaign_video_pos.setdefault(v.campaign_id, set()).add(pos)
            if v.status == "PUBLISHED":
                self.published(v)
            else:
                self.schedule(v)

    def _take_auths(self, items: list[SparkAuth]) -> None:
        fresh, auths = self.auths_tail.new_items(items)
        if fresh:
            self.auths_of, self.auth_pos = {}, {}
            self._forget(_EXPIRE)
        start = len(items) - len(auths)
        for pos, a in enumerate(auths, start):
            self.auth_pos[id(a)] = pos
            self.schedule(a)
            self.auths_of.setdefault(a.video_id, []).append(a)

    def heap_due(self, now: datetime) -> bool:
        """Whether the earliest scheduled transition has come. It only reads, so a thread
        without the tenant's lock may ask."""
        due = self.due
        try:
            return bool(due) and due[0][0] <= now
        except IndexError:  # popped by a request while we looked
            return False

    def anything_due(self, state: SimState, now: datetime) -> bool:
        """Whether settle() at `now` would apply a transition, asked without syncing: a read
        only, so a thread without the tenant's lock may ask. An item appended or rescheduled
        while it looks is found by the next ask. A list that was replaced answers True: the
        locked settle that follows rebuilds the index once, rather than every ask walking it."""
        if self.heap_due(now):
            return True
        timed: tuple[tuple[_Tail, list[Any]], ...] = (
            (self.memberships_tail, state.memberships),
            (self.videos_tail, state.videos),
            (self.auths_tail, state.spark_auths),
        )
        for tail, items in timed:
            fresh, new = tail.peek(items)
            if fresh and items:
                return True
            for item in new:
                when = _due(item)[1]
                if when is not None and when <= now:
                    return True
        return False

    def lowered(self, handle: str) -> str:
        """The handle in lower case, as the order index keys it: one string per creator, kept
        once, instead of one more for each of their orders."""
        low = self._lowered.get(handle)
        if low is None:
            low = self._lowered[handle] = handle.lower()
        return low

    def schedule(self, item: Membership | Video | SparkAuth) -> None:
        """Remember when an item's next timed transition falls due (if it has one)."""
        kind, when = _due(item)
        if when is not None:
            self.pushed += 1
            heapq.heappush(self.due, (when, self.pushed, kind, item))

    def _forget(self, kind: int) -> None:
        self.due = [entry for entry in self.due if entry[2] != kind]
        heapq.heapify(self.due)

    def pop_due(self, state: SimState, now: datetime) -> list[Membership | Video | SparkAuth]:
        """Items whose transition is due, in the order settle always applied them: reviews,
        then publishes, then code expiries, each in list order."""
        found: dict[int, tuple[int, int, Any]] = {}
        while self.due and self.due[0][0] <= now:
            _when, _n, kind, item = heapq.heappop(self.due)
            if kind == _REVIEW:
                pos = self._order_position(state.memberships, item)
            else:
                pos = (self.video_pos, self.auth_pos)[kind - 1].get(id(item))
            if pos is None:
                continue  # no longer in the state's lists
            due_kind, when = _due(item)
            if when is None or due_kind != kind:
                continue  # moved on, or its due time was cleared
            if when > now:
                self.schedule(item)  # put off since it was scheduled
                continue
            found[id(item)] = (kind, pos, item)
        return [item for _kind, _pos, item in sorted(found.values(), key=lambda f: f[:2])]

    def _order_position(self, memberships: list[Membership], item: Membership) -> int | None:
        """Where an order stands in state.memberships (None: no longer there). By its order
        id; an order that shares its id with an earlier one, or was put in place of another,
        is looked for in the list."""
        pos = self.order_pos.get(item.order_id)
        if pos is not None and memberships[pos] is item:
            return pos
        return next((i for i, m in enumerate(memberships) if m is item), None)

    def published(self, video: Video) -> None:
        """A video (already in state.videos) is published: file it under its creator."""
        if id(video) in self.published_ids or id(video) not in self.video_pos:
            return
        self.published_ids.add(id(video))
        if video.published_at is None:
            self.undated_of.setdefault(video.handle, []).append(video)
        else:
            insort(self.published_of.setdefault(video.handle, []), video, key=_publish_key)

    def dated(self, handle: str) -> list[Video]:
        """The creator's published posts oldest first (undated ones that got a time filed in)."""
        undated = self.undated_of.get(handle)
        if undated and any(v.published_at is not None for v in undated):
            self.undated_of[handle] = [v for v in undated if v.published_at is None]
            for v in undated:
                if v.published_at is not None:
                    insort(self.published_of.setdefault(handle, []), v, key=_publish_key)
        return self.published_of.get(handle, [])

    def bound(self, video: Video) -> None:
        """A video (already in state.videos) was bound to video.campaign_id."""
        pos = self.video_pos.get(id(video))
        if pos is not None and video.campaign_id:
            self.campaign_video_pos.setdefault(video.campaign_id, set()).add(pos)
