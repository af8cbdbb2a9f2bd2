"""Flex's state and rules: users, offers, deliverables, final content and submissions.

Everything here is plain data (dataclasses of JSON-able values), so a tenant's state can be
deep-copied for snapshots and exported as JSON. Views call the methods of `FlexState`;
the rules (who may see what, which status may follow which) live here, not in the views.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from simulator.core.errors import Conflict, InvalidInput, NotFound
from simulator.core.ids import IdFactory
from simulator.core.text import clean_text

TIKTOK_VIDEO = "tiktok_video"
DELIVERABLE_TYPES = {
    TIKTOK_VIDEO: "TikTok video",
    "instagram_post": "Instagram post",
    "instagram_reel": "Instagram reel",
    "youtube_video": "YouTube video",
    "blog_post": "Blog post",
}

# The deliverable lifecycle, as a table: status -> {action: next status}.
OPEN = "OPEN"
CONTENT_ADDED = "CONTENT_ADDED"
SUBMITTED = "SUBMITTED"
APPROVED = "APPROVED"
CHANGES_REQUESTED = "CHANGES_REQUESTED"
TRANSITIONS: dict[str, dict[str, str]] = {
    OPEN: {"add": CONTENT_ADDED},
    CONTENT_ADDED: {"add": CONTENT_ADDED, "remove": OPEN, "submit": SUBMITTED},
    SUBMITTED: {"approve": APPROVED, "request_changes": CHANGES_REQUESTED},
    CHANGES_REQUESTED: {"add": CONTENT_ADDED, "remove": CHANGES_REQUESTED},
    APPROVED: {},
}
# Deliverable badges; "Submitted" is kept for the offer's own status, so it shows once.
STATUS_LABELS = {
    OPEN: "To do",
    CONTENT_ADDED: "Ready to submit",
    SUBMITTED: "In review",
    APPROVED: "Approved",
    CHANGES_REQUESTED: "Changes requested",
}

CREATOR = "creator"
MARKETER = "marketer"
MAX_SESSIONS = 20  # signed-in sessions kept per user (phones, browsers, CI runners)


def iso(when: datetime) -> str:
    """A datetime as the ISO-8601 UTC text Flex stores (state stays JSON-able)."""
    return when.isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """The inverse of `iso`, for display and date arithmetic."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def hash_password(password: str, salt: str) -> str:
    """A salted PBKDF2 hash, so seeded passwords never sit in state as plain text."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000)
    return f"pbkdf2${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash made by `hash_password`."""
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, salt), stored)


@dataclass
class User:
    """Someone who signs in to Flex: a creator or a brand's marketer."""

    id: str
    email: str
    password_hash: str
    role: str
    name: str
    tiktok_handle: str = ""
    company: str = ""


@dataclass
class TikTokSettings:
    """The brand credentials Flex uses with TikTok, and its webhook subscription."""

    access_token: str = ""
    tcm_account_id: str = ""
    app_id: str = ""
    secret: str = ""
    advertiser_ids: list[str] = field(default_factory=list)
    subscription_id: str = ""


@dataclass
class BriefFile:
    """A file the marketer attached to the offer (name and size; the demo has no bytes)."""

    name: str
    size_kb: int = 0


@dataclass
class Asset:
    """A file the creator uploaded; stored under a generated name, never the user's path."""

    id: str
    filename: str
    stored_name: str
    content_type: str
    size: int
    uploaded_at: str


@dataclass
class Video:
    """A TikTok post as Flex knows it (from TikTok's authorized video list)."""

    video_id: str
    caption: str = ""
    thumbnail_url: str = ""
    embed_url: str = ""
    create_time: int = 0
    order_id: str = ""
    handle_name: str = ""


@dataclass
class FinalContent:
    """What the creator hands in for a deliverable: a TikTok video, or a link / upload."""

    kind: str  # "tiktok_video" | "link"
    added_at: str
    video: Video | None = None
    url: str = ""
    notes: str = ""
    assets: list[Asset] = field(default_factory=list)


@dataclass
class Draft:
    """What the creator is in the middle of adding, kept so nothing typed is ever lost."""

    video_id: str = ""
    url: str = ""
    notes: str = ""
    assets: list[Asset] = field(default_factory=list)


@dataclass
class Metrics:
    """The latest TikTok numbers for a submitted video, and when Flex fetched them."""

    video_views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    favorites: int = 0
    reach: int = 0
    engagement_rate: float = 0.0
    fetched_at: str = ""


@dataclass
class SparkAds:
    """The Spark Ads authorization of a video, as TikTok last reported it."""

    auth_status: str = ""
    auth_code: str = ""
    auth_code_status: str = ""
    authorization_days: int = 0
    auth_code_start_time: str = ""
    auth_code_end_time: str = ""
    fetched_at: str = ""
    requested_at: str = ""


# The simulator's webhook events for an ended ad authorization (docs/tiktok.md), and how Flex
# words them.
AD_AUTHORIZATION_ENDED = {
    "tto_video_ad_authorization_revoked": "revoked",
    "tto_video_ad_authorization_expired": "expired",
}


@dataclass
class SparkAd:
    """The Spark Ad the marketer runs with the submitted video, as TikTok last reported it.

    The ids are kept as each create call answers, so a run that failed half way resumes
    where it stopped instead of making a second campaign."""

    budget_usd: int = 0
    days: int = 0
    start: str = ""  # ISO-8601, when the ad was asked to start
    end: str = ""
    advertiser_id: str = ""
    identity_id: str = ""
    item_id: str = ""
    campaign_id: str = ""
    adgroup_id: str = ""
    ad_id: str = ""
    status: str = ""  # TikTok's secondary_status: AD_STATUS_DELIVERY_OK, ...
    spend: float = 0.0
    impressions: int = 0
    clicks: int = 0
    paid_views: int = 0
    fetched_at: str = ""
    stopped: str = ""  # "revoked" | "expired" once TikTok said the authorization ended
    stopped_at: str = ""


@dataclass
class Deliverable:
    """One piece of content an offer asks for; TikTok ones go through the Creator Marketplace."""

    id: str
    type: str
    title: str
    approved_description: str = ""
    required_elements: list[str] = field(default_factory=list)
    spark_ads_days: int = 0
    payment_usd: int = 0
    status: str = OPEN
    campaign_id: str = ""
    invite_link: str = ""
    campaign_pending: bool = False  # a create call may have landed without Flex hearing back
    final_content: FinalContent | None = None
    draft: Draft = field(default_factory=Draft)
    videos: list[Video] = field(default_factory=list)  # the last list fetched from TikTok
    videos_fetched_at: str = ""
    webhook_video_ids: list[str] = field(default_factory=list)
    metrics: Metrics | None = None
    metrics_checked_at: str = ""  # when TikTok's report last answered (with numbers or not)
    spark_ads: SparkAds | None = None
    spark_ad: SparkAd | None = None
    review_note: str = ""

    @property
    def is_tiktok(self) -> bool:
        """Whether this deliverable goes through TikTok's Creator Marketplace."""
        return self.type == TIKTOK_VIDEO

    @property
    def type_label(self) -> str:
        """The deliverable type in words."""
        return DELIVERABLE_TYPES.get(self.type, self.type.replace("_", " ").title())

    @property
    def status_label(self) -> str:
        """The status in the creator's words."""
        return STATUS_LABELS[self.status]

    @property
    def editable(self) -> bool:
        """Whether the creator may still add, replace or remove final content."""
        return self.status in (OPEN, CONTENT_ADDED, CHANGES_REQUESTED)

    @property
    def ready(self) -> bool:
        """Whether this deliverable no longer blocks the offer's submission."""
        return self.status in (CONTENT_ADDED, SUBMITTED, APPROVED)

    def move(self, action: str) -> None:
        """Apply a lifecycle action, refusing those the transition table does not allow."""
        nxt = TRANSITIONS[self.status].get(action)
        if nxt is None:
            raise Conflict(
                f"{self.title} is {self.status_label.lower()}: it cannot be {_verb(action)} now",
                code="invalid_transition",
            )
        self.status = nxt


def _verb(action: str) -> str:
    return {
        "add": "changed",
        "remove": "removed",
        "submit": "submitted",
        "approve": "approved",
        "request_changes": "sent back",
    }.get(action, action)


@dataclass
class Submission:
    """One time the creator pressed "Submit Content", and the marketer's answer."""

    id: str
    submitted_at: str
    deliverable_ids: list[str]
    terms_accepted: bool = True


@dataclass
class Offer:
    """A brand's offer to one creator: the brief, the money, the deliverables."""

    id: str
    title: str
    brand: str
    marketer_id: str
    creator_id: str
    brief: str
    due_at: str
    payment_usd: int
    created_at: str
    files: list[BriefFile] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)

    def deliverable(self, deliverable_id: str) -> Deliverable:
        """The deliverable with this id in this offer."""
        for deliverable in self.deliverables:
            if deliverable.id == deliverable_id:
                return deliverable
        raise NotFound("There is no such deliverable in this offer.")

    @property
    def can_submit(self) -> bool:
        """Every deliverable has final content and at least one is waiting to be submitted."""
        return all(d.ready for d in self.deliverables) and any(
            d.status == CONTENT_ADDED for d in self.deliverables
        )

    @property
    def status_label(self) -> str:
        """The offer's overall status, from its deliverables."""
        statuses = {d.status for d in self.deliverables}
        if statuses == {APPROVED}:
            return "Approved"
        if CHANGES_REQUESTED in statuses:
            return "Changes requested"
        if statuses <= {SUBMITTED, APPROVED}:
            return "Submitted"
        if statuses <= {CONTENT_ADDED, SUBMITTED, APPROVED}:
            return "Ready to submit"
        return "In progress"

    @property
    def webhook_ids(self) -> list[str]:
        """Campaign ids of this offer's TikTok deliverables (for routing webhooks)."""
        return [d.campaign_id for d in self.deliverables if d.campaign_id]


@dataclass
class WebhookEvent:
    """A TikTok webhook entry Flex has applied (kept for idempotency and for the journal)."""

    key: str
    event_type: str
    video_id: str
    campaign_id: str
    received_at: str


@dataclass
class FlexState:
    """One tenant's Flex: users, offers and the TikTok connection."""

    users: list[User] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    tiktok: TikTokSettings = field(default_factory=TikTokSettings)
    webhook_events: list[WebhookEvent] = field(default_factory=list)
    # who is signed in: SHA-256 of a session id (the cookie holds the id) -> user id
    sessions: dict[str, str] = field(default_factory=dict)

    # --- users -------------------------------------------------------------------------------
    def add_user(
        self, ids: IdFactory, *, email: str, password: str, role: str, **extra: str
    ) -> User:
        """Register a user (seeding); emails are unique, case-insensitively."""
        if role not in (CREATOR, MARKETER):
            raise InvalidInput(f"role must be {CREATOR!r} or {MARKETER!r}")
        if self.find_user_by_email(email) is not None:
            raise Conflict(f"a user with email {email!r} exists already")
        salt = ids.hex(16)
        user = User(
            id=ids.numeric_id(8),
            email=email.strip().lower(),
            password_hash=hash_password(password, salt),
            role=role,
            name=extra.get("name", email.split("@")[0]),
            tiktok_handle=extra.get("tiktok_handle", "").lstrip("@"),
            company=extra.get("company", ""),
        )
        self.users.append(user)
        return user

    def find_user_by_email(self, email: str) -> User | None:
        """The user with this email, if any."""
        wanted = email.strip().lower()
        return next((u for u in self.users if u.email == wanted), None)

    def user(self, user_id: str) -> User | None:
        """The user with this id, if any."""
        return next((u for u in self.users if u.id == user_id), None)

    def authenticate(self, email: str, password: str) -> User | None:
        """The user these credentials sign in, or None."""
        user = self.find_user_by_email(email)
        if user is None or not check_password(password, user.password_hash):
            return None
        return user

    # --- sessions ----------------------------------------------------------------------------
    def start_session(self, user: User, session_id: str) -> None:
        """Remember a sign-in (at most MAX_SESSIONS per user: the oldest ends first)."""
        self.sessions[_session_key(session_id)] = user.id
        mine = [key for key, uid in self.sessions.items() if uid == user.id]
        for key in mine[:-MAX_SESSIONS]:
            del self.sessions[key]

    def session_user(self, session_id: str) -> User | None:
        """The user a live session belongs to; None once it was ended (or never started)."""
        user_id = self.sessions.get(_session_key(session_id)) if session_id else None
        return self.user(user_id) if user_id else None

    def end_session(self, session_id: str) -> None:
        """Sign a session out: its cookie opens nothing from now on."""
        self.sessions.pop(_session_key(session_id), None)

    # --- offers ------------------------------------------------------------------------------
    def offers_for(self, user: User) -> list[Offer]:
        """The offers a user may see: a creator's own, or a marketer's own."""
        if user.role == CREATOR:
            return [o for o in self.offers if o.creator_id == user.id]
        return [o for o in self.offers if o.marketer_id == user.id]

    def offer_for(self, user: User, offer_id: str) -> Offer:
        """An offer the user may see; someone else's looks exactly like a missing one."""
        for offer in self.offers_for(user):
            if offer.id == offer_id:
                return offer
        raise NotFound("There is no such offer.")

    def creator_of(self, offer: Offer) -> User:
        """The creator an offer is for."""
        user = self.user(offer.creator_id)
        if user is None:  # pragma: no cover - seeding guarantees it
            raise NotFound("The offer's creator is gone.")
        return user

    def marketer_of(self, offer: Offer) -> User | None:
        """The marketer who made an offer."""
        return self.user(offer.marketer_id)

    def find_deliverable(self, offer_id: str, deliverable_id: str) -> tuple[Offer, Deliverable]:
        """An offer and its deliverable by id (after a TikTok call: the state may have changed)."""
        for offer in self.offers:
            if offer.id == offer_id:
                return offer, offer.deliverable(deliverable_id)
        raise NotFound("There is no such offer.")

    def find_deliverable_by_campaign(self, campaign_id: str) -> Deliverable | None:
        """The TikTok deliverable whose campaign this is (webhooks name campaigns)."""
        for offer in self.offers:
            for deliverable in offer.deliverables:
                if deliverable.campaign_id and deliverable.campaign_id == campaign_id:
                    return deliverable
        return None

    # --- the creator's work ------------------------------------------------------------------
    @staticmethod
    def _editable(deliverable: Deliverable) -> None:
        if not deliverable.editable:
            raise Conflict(
                f"{deliverable.title} was {deliverable.status_label.lower()}; "
                "it can no longer be changed.",
                code="read_only",
            )

    def remember_videos(self, deliverable: Deliverable, videos: list[Video], now: datetime) -> None:
        """Keep the latest list of campaign videos from TikTok (shown when TikTok is down); what
        TikTok wrote in them is text from outside, cleaned like a form's."""
        deliverable.videos = [
            replace(
                v,
                caption=clean_text(v.caption),
                thumbnail_url=clean_text(v.thumbnail_url),
                embed_url=clean_text(v.embed_url),
                handle_name=clean_text(v.handle_name),
            )
            for v in videos
        ]
        deliverable.videos_fetched_at = iso(now)

    def choose_video(self, deliverable: Deliverable, video_id: str) -> Video:
        """Remember which campaign video the creator picked in "Select your video"."""
        self._editable(deliverable)
        if not deliverable.is_tiktok:
            raise InvalidInput("Only TikTok deliverables take a TikTok video.")
        video = next((v for v in deliverable.videos if v.video_id == video_id), None)
        if video is None:
            raise InvalidInput("Choose one of your campaign videos first.", code="no_video")
        deliverable.draft.video_id = video_id
        return video

    def keep_draft(
        self, deliverable: Deliverable, *, notes: str | None = None, url: str | None = None
    ) -> None:
        """Save what the creator typed so far, whatever happens next."""
        self._editable(deliverable)
        if notes is not None:
            deliverable.draft.notes = clean_text(notes).strip()[:5000]
        if url is not None:
            deliverable.draft.url = clean_text(url).strip()[:2000]

    def attach_draft_asset(self, deliverable: Deliverable, asset: Asset) -> None:
        """Keep an uploaded supporting asset with the draft as soon as it arrives."""
        self._editable(deliverable)
        deliverable.draft.assets.append(asset)

    def drop_draft_asset(self, deliverable: Deliverable, asset_id: str) -> Asset:
        """Take a supporting asset off the draft (the creator changed their mind)."""
        self._editable(deliverable)
        for asset in deliverable.draft.assets:
            if asset.id == asset_id:
                deliverable.draft.assets.remove(asset)
                return asset
        raise NotFound("There is no such file.")

    def add_final_content(self, deliverable: Deliverable, now: datetime) -> FinalContent:
        """Turn the draft into the deliverable's final content (adding or replacing it)."""
        self._editable(deliverable)
        draft = deliverable.draft
        if deliverable.is_tiktok:
            video = next((v for v in deliverable.videos if v.video_id == draft.video_id), None)
            if video is None:
                raise InvalidInput("Choose the video for this deliverable first.", code="no_video")
            content = FinalContent(kind=TIKTOK_VIDEO, added_at=iso(now), video=video)
        else:
            if not _looks_like_url(draft.url) and not draft.assets:
                raise InvalidInput(
                    "Add the link to your published post, or upload the content file.",
                    code="no_content",
                )
            if draft.url and not _looks_like_url(draft.url):
                raise InvalidInput("The link must start with https:// or http://", code="bad_url")
            content = FinalContent(kind="link", added_at=iso(now), url=draft.url)
        content.notes = draft.notes
        content.assets = list(draft.assets)
        deliverable.move("add")
        deliverable.final_content = content
        deliverable.draft = Draft()
        return content

    def edit_final_content(self, deliverable: Deliverable) -> None:
        """Start replacing final content: the draft starts from what was handed in."""
        self._editable(deliverable)
        content = deliverable.final_content
        if content is None or deliverable.draft.video_id or deliverable.draft.notes:
            return
        deliverable.draft = Draft(
            video_id=content.video.video_id if content.video else "",
            url=content.url,
            notes=content.notes,
            assets=list(content.assets),
        )

    def remove_final_content(self, deliverable: Deliverable) -> None:
        """Take the final content back before submitting."""
        if deliverable.final_content is None:
            raise Conflict("There is no final content to remove.", code="nothing_to_remove")
        self._editable(deliverable)
        deliverable.move("remove")
        deliverable.final_content = None

    def submit(
        self, offer: Offer, *, terms_accepted: bool, ids: IdFactory, now: datetime
    ) -> Submission:
        """Hand every deliverable with final content to the marketer (the terms must be ticked)."""
        if not terms_accepted:
            raise InvalidInput(
                "Tick the box to confirm you understand the terms of this offer.", code="terms"
            )
        missing = [d.title for d in offer.deliverables if not d.ready]
        if missing:
            raise Conflict(
                "Add final content to every deliverable first: " + ", ".join(missing) + ".",
                code="incomplete",
            )
        waiting = [d for d in offer.deliverables if d.status == CONTENT_ADDED]
        if not waiting:
            raise Conflict("This offer was submitted already.", code="already_submitted")
        for deliverable in waiting:
            deliverable.move("submit")
        submission = Submission(
            id=ids.numeric_id(8), submitted_at=iso(now), deliverable_ids=[d.id for d in waiting]
        )
        offer.submissions.append(submission)
        return submission

    # --- the marketer's answer ---------------------------------------------------------------
    def review(self, deliverable: Deliverable, *, approve: bool, note: str = "") -> None:
        """Approve a submitted deliverable or send it back with a note."""
        note = clean_text(note).strip()[:5000]
        if approve:
            deliverable.move("approve")
            deliverable.review_note = note
            return
        if not note:
            raise InvalidInput("Tell the creator what to change.", code="note_required")
        deliverable.move("request_changes")
        deliverable.review_note = note

    # --- webhooks ----------------------------------------------------------------------------
    def apply_webhook_entry(self, entry: dict[str, Any], now: datetime) -> bool:
        """Note a TikTok video event once (by video id and event type); False if seen before."""
        video_id = str(entry.get("video_id") or "")
        event_type = str(entry.get("tto_campaign_event_type") or "")
        if not video_id:
            raise InvalidInput("a webhook entry needs a video_id")
        key = f"{video_id}:{event_type}"
        if any(e.key == key for e in self.webhook_events):
            return False
        campaign_id = str(entry.get("campaign_id") or "")
        self.webhook_events.append(
            WebhookEvent(key, event_type, video_id, campaign_id, received_at=iso(now))
        )
        ended = AD_AUTHORIZATION_ENDED.get(event_type)
        if ended is not None:
            self._ad_authorization_ended(video_id, ended, iso(now))
            return True
        deliverable = self.find_deliverable_by_campaign(campaign_id)
        if deliverable is not None and video_id not in deliverable.webhook_video_ids:
            deliverable.webhook_video_ids.append(video_id)
            deliverable.videos_fetched_at = ""  # the cached list is stale now
        return True

    def _ad_authorization_ended(self, video_id: str, how: str, when: str) -> None:
        """TikTok says a video's ad authorization ended: its code and any Spark Ad stop."""
        for offer in self.offers:
            for d in offer.deliverables:
                video = d.final_content.video if d.final_content else None
                if video is None or video.video_id != video_id:
                    continue
                if d.spark_ads is not None:
                    d.spark_ads.auth_code_status = "DELETED" if how == "revoked" else "EXPIRED"
                if d.spark_ad is not None and not d.spark_ad.stopped:
                    d.spark_ad.stopped, d.spark_ad.stopped_at = how, when

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON-able data (export, debugging)."""
        return asdict(self)


def _session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _looks_like_url(text: str) -> bool:
    return text.startswith(("https://", "http://")) and "." in text and " " not in text


def new_offer(
    ids: IdFactory,
    *,
    title: str,
    brand: str,
    marketer: User,
    creator: User,
    brief: str,
    due_at: datetime,
    payment_usd: int,
    created_at: datetime,
    files: list[dict[str, Any]],
    deliverables: list[dict[str, Any]],
) -> Offer:
    """Build an offer from scenario data, validating the deliverable types."""
    offer = Offer(
        id=ids.numeric_id(8),
        title=title,
        brand=brand,
        marketer_id=marketer.id,
        creator_id=creator.id,
        brief=brief,
        due_at=iso(due_at),
        payment_usd=payment_usd,
        created_at=iso(created_at),
        files=[BriefFile(name=str(f["name"]), size_kb=int(f.get("size_kb", 0))) for f in files],
    )
    for item in deliverables:
        kind = str(item.get("type", TIKTOK_VIDEO))
        if kind not in DELIVERABLE_TYPES:
            raise InvalidInput(
                f"unknown deliverable type {kind!r}; known: {', '.join(DELIVERABLE_TYPES)}"
            )
        offer.deliverables.append(
            Deliverable(
                id=ids.numeric_id(8),
                type=kind,
                title=str(item.get("title") or DELIVERABLE_TYPES[kind]),
                approved_description=str(item.get("approved_description", "")),
                required_elements=[str(x) for x in item.get("required_elements", [])],
                spark_ads_days=int(item.get("spark_ads_days", 0)),
                payment_usd=int(item.get("payment_usd", 0)),
                campaign_id=str(item.get("campaign_id", "")),
                invite_link=str(item.get("invite_link", "")),
            )
        )
    return offer
