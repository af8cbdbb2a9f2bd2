"""What Flex does with TikTok, step by step: campaigns, the video list, metrics, Spark Ads.

A slow TikTok must never stall a tenant's other requests, so no step holds the tenant's lock
while it waits on TikTok. Each runs in three phases:

1. under `tenant.lock`, read what the call needs into a frozen *job* (plain values, no state);
2. without the lock, call TikTok;
3. under the lock again, look the offer and deliverable up *again by id* (the state may have
   changed, been restored or reset meanwhile), re-check, and apply the answer.

One-off calls that two requests could both start (creating a deliverable's campaign, the
tenant's webhook subscription) are claimed in `Inflight` while the lock is held: the second
request waits for the first one's answer instead of making a second campaign. Claims live in
the process, not in `tenant.state`: a snapshot taken mid-call must not carry a claim that no
thread will ever release.

TikTok failures propagate as `TikTokError` so the page can say what happened while everything
the creator entered stays in state.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

from simulator.core.errors import NotFound
from simulator.core.tenants import Tenant

from .models import Deliverable, FlexState, Metrics, SparkAds, Video, iso, parse_iso
from .tiktok_client import ConnectionDropped, TikTokClient, TikTokError, Timeout
from .tiktok_types import AdAuthorization, Campaign, Order, VideoReport

FlexTenant = Tenant[FlexState]


class StillWorking(TikTokError):
    """Another request is making this very call to TikTok and has not heard back yet."""

    retriable = True
    user_message = "Flex is still setting this up with TikTok."


class Inflight:
    """One-off TikTok calls under way in this process, by tenant and key.

    `claim` (called under the tenant's lock) returns None when the caller is now the one to
    make the call (it must `release` afterwards, after applying the answer under the lock),
    or the event that is set when the request already making it is done.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str], threading.Event] = {}

    def claim(self, tenant_id: str, key: str) -> threading.Event | None:
        """Become the request that makes this call, or get the event to wait for."""
        with self._lock:
            running = self._calls.get((tenant_id, key))
            if running is not None:
                return running
            self._calls[(tenant_id, key)] = threading.Event()
            return None

    def release(self, tenant_id: str, key: str) -> None:
        """The call is over and its answer applied: wake whoever waits for it."""
        with self._lock:
            done = self._calls.pop((tenant_id, key), None)
        if done is not None:
            done.set()

    def under_way(self, tenant_id: str) -> list[str]:
        """The keys of a tenant's calls under way (for tests and debugging)."""
        with self._lock:
            return sorted(key for tid, key in self._calls if tid == tenant_id)


# --- the webhook subscription and the campaign -------------------------------------------------


def ensure_subscription(
    tenant: FlexTenant, inflight: Inflight, client: TikTokClient, callback: str
) -> None:
    """Subscribe Flex to TikTok's video webhooks once per tenant (best effort).

    Webhooks only make lists fresher; a failed subscription is retried next time, and a
    request that finds another one subscribing goes on without waiting.
    """
    with tenant.lock:
        settings = tenant.state.tiktok
        if settings.subscription_id or not settings.app_id:
            return
        if inflight.claim(tenant.id, "subscription") is not None:
            return
        app_id, secret = settings.app_id, settings.secret
    try:
        subscription_id = ""
        with contextlib.suppress(TikTokError):
            subscription_id = client.subscribe(app_id=app_id, secret=secret, callback_url=callback)
        if subscription_id:
            with tenant.lock:
                if not tenant.state.tiktok.subscription_id:
                    tenant.state.tiktok.subscription_id = subscription_id
    finally:
        inflight.release(tenant.id, "subscription")


@dataclass(frozen=True)
class CampaignJob:
    """What creating (or adopting) a deliverable's campaign needs, read under the lock."""

    offer_id: str
    deliverable_id: str
    tcm_account_id: str
    campaign_name: str
    handle: str
    advertiser_ids: tuple[str, ...]
    brief: str
    approved_description: str
    required_elements: tuple[str, ...]
    spark_ads_days: int
    pending: bool  # the last create call may have landed without Flex hearing back

    def made(self, campaign: Campaign) -> bool:
        """True if `campaign` is the one an unanswered create call of this job made."""
        return (
            campaign.name == self.campaign_name
            and list(campaign.handles) == [self.handle]
            and campaign.requirements.description == self.approved_description
        )


def ensure_campaign(
    tenant: FlexTenant,
    inflight: Inflight,
    offer_id: str,
    deliverable_id: str,
    client: TikTokClient,
    callback: str,
) -> str:
    """The deliverable's invite link, creating its TikTok campaign (and subscription) if needed.

    Two requests needing the same campaign at once make one create call: the second waits
    for the first one's answer (at most what is left of its own page's time for TikTok),
    and if that failed, tries itself.
    """
    ensure_subscription(tenant, inflight, client, callback)
    key = f"campaign:{deliverable_id}"
    deadline = time.monotonic() + client.deadline.remaining()
    while True:
        with tenant.lock:
            offer, deliverable = tenant.state.find_deliverable(offer_id, deliverable_id)
            if deliverable.invite_link:
                return deliverable.invite_link
            running = inflight.claim(tenant.id, key)
            if running is None:
                settings = tenant.state.tiktok
                job = CampaignJob(
                    offer_id=offer.id,
                    deliverable_id=deliverable.id,
                    tcm_account_id=settings.tcm_account_id,
                    campaign_name=offer.title,
                    handle=tenant.state.creator_of(offer).tiktok_handle,
                    advertiser_ids=tuple(settings.advertiser_ids),
                    brief=offer.brief,
                    approved_description=deliverable.approved_description,
                    required_elements=tuple(deliverable.required_elements),
                    spark_ads_days=deliverable.spark_ads_days,
                    pending=deliverable.campaign_pending,
                )
                break
        if not running.wait(max(0.0, deadline - time.monotonic())):
            raise StillWorking(f"campaign of deliverable {deliverable_id} is still being created")
    campaign: tuple[str, str] | None = None
    maybe_made = False
    try:
        campaign = _create_or_adopt(job, client)
    except (Timeout, ConnectionDropped):
        maybe_made = True
        raise
    finally:
        with tenant.lock:
            _apply_campaign(tenant.state, job, campaign, maybe_made)
        inflight.release(tenant.id, key)
    return campaign[1]


def _create_or_adopt(job: CampaignJob, client: TikTokClient) -> tuple[str, str]:
    if job.pending:
        # The last create call timed out or was cut off: it may have worked. Adopt that
        # campaign instead of making a second one.
        found = client.find_campaign(tcm_account_id=job.tcm_account_id, match=job.made)
        if found is not None and found.invite_link:
            return found.campaign_id, found.invite_link
    made = client.create_campaign(
        tcm_account_id=job.tcm_account_id,
        campaign_name=job.campaign_name,
        handle_names=[job.handle],
        advertiser_ids=list(job.advertiser_ids),
        description=job.brief,
        approved_description=job.approved_description,
        required_elements=list(job.required_elements),
        spark_ads_days=job.spark_ads_days,
    )
    return made.campaign_id, made.invite_link


def _apply_campaign(
    state: FlexState, job: CampaignJob, campaign: tuple[str, str] | None, maybe_made: bool
) -> None:
    deliverable = _still_there(state, job.offer_id, job.deliverable_id)
    if deliverable is None or deliverable.invite_link:
        # The offer is gone (reset meanwhile), or the state got a campaign meanwhile
        # (a snapshot restored): keep what the state has.
        return
    if campaign is not None:
        deliverable.campaign_id, deliverable.invite_link = campaign
        deliverable.campaign_pending = False
    elif maybe_made:
        deliverable.campaign_pending = True


def _still_there(state: FlexState, offer_id: str, deliverable_id: str) -> Deliverable | None:
    """The deliverable after a TikTok call, or None if its offer is gone meanwhile."""
    try:
        return state.find_deliverable(offer_id, deliverable_id)[1]
    except NotFound:
        return None


# --- the creator's campaign videos ---------------------------------------------------------------


@dataclass(frozen=True)
class VideosJob:
    """What listing a deliverable's campaign videos needs, read under the lock."""

    offer_id: str
    deliverable_id: str
    tcm_account_id: str
    handle: str
    invite_link: str
    webhook_video_ids: tuple[str, ...]
    known_orders: dict[str, str] = field(default_factory=dict)  # video id -> order id, last list


def fetch_videos(
    tenant: FlexTenant, offer_id: str, deliverable_id: str, client: TikTokClient
) -> list[Video]:
    """The creator's published videos for this campaign, newest first, fresh from TikTok.

    Videos TikTok's webhooks announced are asked for by id even when the order API does not
    list them yet (it lags behind publishing) or fails; then the videos seen before are asked
    for again too, so the list never shrinks because of an order API hiccup.
    """
    with tenant.lock:
        offer, deliverable = tenant.state.find_deliverable(offer_id, deliverable_id)
        job = VideosJob(
            offer_id=offer.id,
            deliverable_id=deliverable.id,
            tcm_account_id=tenant.state.tiktok.tcm_account_id,
            handle=tenant.state.creator_of(offer).tiktok_handle,
            invite_link=deliverable.invite_link,
            webhook_video_ids=tuple(deliverable.webhook_video_ids),
            known_orders={v.video_id: v.order_id for v in deliverable.videos},
        )
    order_of: dict[str, str] = {}
    try:
        orders = client.orders_by_invite_link(
            tcm_account_id=job.tcm_account_id, invite_link=job.invite_link
        )
    except TikTokError:
        if not job.webhook_video_ids:
            raise
        order_of = dict(job.known_orders)
    else:
        for order in _orders_of(orders, job.handle):
            for video_id in order.video_ids:
                order_of[video_id] = order.order_id
    for video_id in job.webhook_video_ids:
        order_of.setdefault(video_id, job.known_orders.get(video_id, ""))
    posts = client.authorized_videos(
        tcm_account_id=job.tcm_account_id, handle_name=job.handle, video_ids=list(order_of)
    )
    videos = [
        Video(
            video_id=post.video_id,
            caption=post.caption,
            thumbnail_url=post.thumbnail_url,
            embed_url=post.embed_url,
            create_time=post.create_time,
            order_id=order_of.get(post.video_id, ""),
            handle_name=job.handle,
        )
        for post in posts
    ]
    videos.sort(key=lambda v: v.create_time, reverse=True)
    with tenant.lock:
        deliverable_now = _still_there(tenant.state, job.offer_id, job.deliverable_id)
        if deliverable_now is None:
            return videos
        tenant.state.remember_videos(deliverable_now, videos, tenant.clock.now())
        if set(deliverable_now.webhook_video_ids) - set(job.webhook_video_ids):
            deliverable_now.videos_fetched_at = ""  # a webhook came in meanwhile: still stale
        return list(deliverable_now.videos)


# --- the marketer's view: metrics and Spark Ads --------------------------------------------------


@dataclass(frozen=True)
class SubmissionJob:
    """What refreshing a handed-in video's numbers needs, read under the lock."""

    offer_id: str
    deliverable_id: str
    tcm_account_id: str
    video_id: str
    order_id: str
    handle: str
    invite_link: str
    start_date: str
    end_date: str
    spark_ads_days: int


def _submission_job(tenant: FlexTenant, offer_id: str, deliverable_id: str) -> SubmissionJob | None:
    offer, deliverable = tenant.state.find_deliverable(offer_id, deliverable_id)
    content = deliverable.final_content
    if content is None or content.video is None:
        return None
    start = parse_iso(offer.created_at).date()
    end = max(start, tenant.clock.now().date())
    return SubmissionJob(
        offer_id=offer.id,
        deliverable_id=deliverable.id,
        tcm_account_id=tenant.state.tiktok.tcm_account_id,
        video_id=content.video.video_id,
        order_id=content.video.order_id,
        handle=content.video.handle_name or tenant.state.creator_of(offer).tiktok_handle,
        invite_link=deliverable.invite_link,
        start_date=start.isoformat(),
        end_date=end.isoformat(),
        spark_ads_days=deliverable.spark_ads_days,
    )


def _same_video(tenant: FlexTenant, job: SubmissionJob) -> Deliverable | None:
    """The deliverable, if it still holds the video the job was about."""
    deliverable = _still_there(tenant.state, job.offer_id, job.deliverable_id)
    if deliverable is None:
        return None
    content = deliverable.final_content
    if content is None or content.video is None or content.video.video_id != job.video_id:
        return None
    return deliverable


def refresh_submission(
    tenant: FlexTenant, offer_id: str, deliverable_id: str, client: TikTokClient
) -> TikTokError | None:
    """Fetch the handed-in video's metrics (report) and Spark Ads status (tt_video status).

    Whatever TikTok answered is kept, with when it was fetched; the first failure is returned
    (not raised) so the page shows the last numbers Flex has next to what went wrong. A video
    picked before TikTok's order API listed it has no order id yet: it is looked up first.
    """
    with tenant.lock:
        job = _submission_job(tenant, offer_id, deliverable_id)
    if job is None:
        return None
    problem: TikTokError | None = None
    order_id = job.order_id
    row: VideoReport | None = None
    reported = False
    status: AdAuthorization | None = None
    try:
        if not order_id and job.invite_link:
            order_id = _order_of_video(job, client)
        if order_id:
            rows = client.report(
                tcm_account_id=job.tcm_account_id,
                order_ids=[order_id],
                start_date=job.start_date,
                end_date=job.end_date,
            )
            row = next((r for r in rows if r.video_id == job.video_id), None)
        reported = True
    except TikTokError as exc:
        problem = exc
    try:
        status = client.video_status(tcm_account_id=job.tcm_account_id, video_id=job.video_id)
    except TikTokError as exc:
        problem = problem or exc
    with tenant.lock:
        deliverable = _same_video(tenant, job)
        if deliverable is None:
            return problem
        now = iso(tenant.clock.now())
        video = deliverable.final_content.video if deliverable.final_content else None
        if order_id and video is not None and not video.order_id:
            video.order_id = order_id
        if reported:
            deliverable.metrics_checked_at = now
        if row is not None:
            numbers = row.insights
            deliverable.metrics = Metrics(
                video_views=numbers.video_views,
                likes=numbers.likes,
                comments=numbers.comments,
                shares=numbers.shares,
                favorites=numbers.favorites,
                reach=numbers.reach,
                engagement_rate=numbers.engagement_rate,
                fetched_at=now,
            )
        if status is not None:
            previous = deliverable.spark_ads
            deliverable.spark_ads = SparkAds(
                auth_status=status.auth_status,
                auth_code=status.auth_code,
                auth_code_status=status.auth_code_status,
                authorization_days=status.authorization_days,
                auth_code_start_time=status.auth_code_start_time,
                auth_code_end_time=status.auth_code_end_time,
                fetched_at=now,
                requested_at=previous.requested_at if previous else "",
            )
    return problem


def _order_of_video(job: SubmissionJob, client: TikTokClient) -> str:
    orders = client.orders_by_invite_link(
        tcm_account_id=job.tcm_account_id, invite_link=job.invite_link
    )
    for order in _orders_of(orders, job.handle):
        if job.video_id in order.video_ids:
            return order.order_id
    return ""


def _orders_of(orders: list[Order], handle: str) -> list[Order]:
    """The orders of one creator (a campaign's order list holds every invited creator's)."""
    return [order for order in orders if order.handle == handle]


def request_spark_ads(
    tenant: FlexTenant, offer_id: str, deliverable_id: str, client: TikTokClient
) -> None:
    """Ask TikTok for Spark Ads authorization of the handed-in video."""
    with tenant.lock:
        job = _submission_job(tenant, offer_id, deliverable_id)
    if job is None:
        return
    client.apply_authorization(
        tcm_account_id=job.tcm_account_id,
        video_id=job.video_id,
        authorization_days=job.spark_ads_days or 30,
    )
    with tenant.lock:
        deliverable = _same_video(tenant, job)
        if deliverable is None:
            return
        if deliverable.spark_ads is None:
            deliverable.spark_ads = SparkAds()
        deliverable.spark_ads.requested_at = iso(tenant.clock.now())
