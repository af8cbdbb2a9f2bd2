"""What Flex does with TikTok, step by step: campaigns, the video list, metrics, Spark Ads.

Each function takes the tenant's state, a `TikTokClient` and the tenant's time, calls TikTok,
and records the answer in state; TikTok failures propagate as `TikTokError` so the page can
say what happened while everything the creator entered stays in state.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from .models import (
    Deliverable,
    FlexState,
    Metrics,
    Offer,
    SparkAds,
    Video,
    iso,
    parse_iso,
)
from .tiktok_client import ConnectionDropped, TikTokClient, TikTokError, Timeout


def ensure_campaign(
    state: FlexState, offer: Offer, deliverable: Deliverable, client: TikTokClient, callback: str
) -> str:
    """The deliverable's invite link, creating its TikTok campaign (and subscription) if needed."""
    settings = state.tiktok
    if not settings.subscription_id and settings.app_id:
        # Webhooks only make lists fresher; a failed subscription is retried next time.
        with contextlib.suppress(TikTokError):
            settings.subscription_id = client.subscribe(
                app_id=settings.app_id, secret=settings.secret, callback_url=callback
            )
    if deliverable.invite_link:
        return deliverable.invite_link
    creator = state.creator_of(offer)
    if deliverable.campaign_pending:
        # The last create call timed out or was cut off: it may have worked. Adopt that
        # campaign instead of making a second one.
        def same(c: dict[str, Any]) -> bool:
            requirements = c.get("video_requirements") or {}
            return (
                c.get("campaign_name") == offer.title
                and list(c.get("handle_names") or []) == [creator.tiktok_handle]
                and requirements.get("description", "") == deliverable.approved_description
            )

        found = client.find_campaign(tcm_account_id=settings.tcm_account_id, match=same)
        if found is not None and found.get("invite_link"):
            deliverable.campaign_id = str(found["campaign_id"])
            deliverable.invite_link = str(found["invite_link"])
            deliverable.campaign_pending = False
            return deliverable.invite_link
    try:
        data = client.create_campaign(
            tcm_account_id=settings.tcm_account_id,
            campaign_name=offer.title,
            handle_names=[creator.tiktok_handle],
            advertiser_ids=list(settings.advertiser_ids),
            description=offer.brief,
            approved_description=deliverable.approved_description,
            required_elements=list(deliverable.required_elements),
            spark_ads_days=deliverable.spark_ads_days,
        )
    except (Timeout, ConnectionDropped):
        deliverable.campaign_pending = True
        raise
    deliverable.campaign_pending = False
    deliverable.campaign_id = str(data["campaign_id"])
    deliverable.invite_link = str(data["invite_link"])
    return deliverable.invite_link


def fetch_videos(
    state: FlexState,
    offer: Offer,
    deliverable: Deliverable,
    client: TikTokClient,
    now: datetime,
) -> list[Video]:
    """The creator's published videos for this campaign, newest first, fresh from TikTok."""
    creator = state.creator_of(offer)
    handle = creator.tiktok_handle
    orders = client.orders_by_invite_link(
        tcm_account_id=state.tiktok.tcm_account_id, invite_link=deliverable.invite_link
    )
    order_of: dict[str, str] = {}
    for order in orders:
        if str(order.get("handle_name", "")).lstrip("@") != handle:
            continue
        for video_id in order.get("video_ids") or []:
            order_of[str(video_id)] = str(order.get("order_id", ""))
    # Webhooks may announce a video before the order lists it; ask for those too.
    for video_id in deliverable.webhook_video_ids:
        order_of.setdefault(video_id, "")
    posts = client.authorized_videos(
        tcm_account_id=state.tiktok.tcm_account_id, handle_name=handle, video_ids=list(order_of)
    )
    videos = [
        Video(
            video_id=str(post.get("video_id", "")),
            caption=str(post.get("caption", "")),
            thumbnail_url=str(post.get("thumbnail_url", "")),
            embed_url=str(post.get("embed_url", "")),
            create_time=int(post.get("create_time") or 0),
            order_id=order_of.get(str(post.get("video_id", "")), ""),
            handle_name=handle,
        )
        for post in posts
        if post.get("video_id")
    ]
    videos.sort(key=lambda v: v.create_time, reverse=True)
    state.remember_videos(deliverable, videos, now)
    return videos


def refresh_metrics(
    state: FlexState, offer: Offer, deliverable: Deliverable, client: TikTokClient, now: datetime
) -> Metrics | None:
    """Fetch the submitted video's numbers from TikTok's report and keep them."""
    content = deliverable.final_content
    if content is None or content.video is None or not content.video.order_id:
        return None
    start = parse_iso(offer.created_at).date()
    end = (now + timedelta(days=0)).date()
    rows = client.report(
        tcm_account_id=state.tiktok.tcm_account_id,
        order_ids=[content.video.order_id],
        start_date=start.isoformat(),
        end_date=max(start, end).isoformat(),
    )
    row = next((r for r in rows if str(r.get("video_id")) == content.video.video_id), None)
    if row is None:
        return deliverable.metrics
    insights = row.get("insights") or {}
    deliverable.metrics = Metrics(
        video_views=int(insights.get("video_views", 0)),
        likes=int(insights.get("likes", 0)),
        comments=int(insights.get("comments", 0)),
        shares=int(insights.get("shares", 0)),
        favorites=int(insights.get("favorites", 0)),
        reach=int(insights.get("reach", 0)),
        engagement_rate=float(insights.get("engagement_rate", 0.0)),
        fetched_at=iso(now),
    )
    return deliverable.metrics


def refresh_spark_ads(
    state: FlexState, deliverable: Deliverable, client: TikTokClient, now: datetime
) -> SparkAds | None:
    """Fetch the video's Spark Ads authorization (code, status, dates) and keep it."""
    content = deliverable.final_content
    if content is None or content.video is None:
        return None
    data = client.video_status(
        tcm_account_id=state.tiktok.tcm_account_id, video_id=content.video.video_id
    )
    previous = deliverable.spark_ads
    deliverable.spark_ads = SparkAds(
        auth_status=str(data.get("auth_status", "")),
        auth_code=str(data.get("auth_code", "") or ""),
        auth_code_status=str(data.get("auth_code_status", "") or ""),
        authorization_days=int(data.get("authorization_days") or 0),
        auth_code_start_time=str(data.get("auth_code_start_time", "") or ""),
        auth_code_end_time=str(data.get("auth_code_end_time", "") or ""),
        fetched_at=iso(now),
        requested_at=previous.requested_at if previous else "",
    )
    return deliverable.spark_ads


def request_spark_ads(
    state: FlexState, deliverable: Deliverable, client: TikTokClient, now: datetime
) -> None:
    """Ask TikTok for Spark Ads authorization of the submitted video."""
    content = deliverable.final_content
    if content is None or content.video is None:
        return
    client.apply_authorization(
        tcm_account_id=state.tiktok.tcm_account_id,
        video_id=content.video.video_id,
        authorization_days=deliverable.spark_ads_days or 30,
    )
    if deliverable.spark_ads is None:
        deliverable.spark_ads = SparkAds()
    deliverable.spark_ads.requested_at = iso(now)
