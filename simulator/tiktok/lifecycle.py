"""Transitions that happen by themselves as time passes, and the webhooks they queue."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from .models import (
    Campaign,
    Delivery,
    Membership,
    SimState,
    SparkAuth,
    Video,
    move,
)

REVIEW_FAIL_SUFFIX = ".reviewfail"


def iso(when: datetime | None) -> str | None:
    """ISO-8601 UTC with a Z, as TikTok writes times."""
    return None if when is None else when.isoformat().replace("+00:00", "Z")


def settle(state: SimState, now: datetime) -> None:
    """Apply every due transition; safe to call any number of times.

    The state keeps the pending due times in a heap, so when nothing is due this returns
    without walking memberships, videos or authorizations.
    """
    for item in state.due_items(now):
        if isinstance(item, Membership):
            decide_review(state, item, accept=not _fails_review(item), now=now)
        elif isinstance(item, Video):
            publish_video(state, item, now)
        else:
            move(item, "auth_code_status", "auth_code", "EXPIRED")
            enqueue_auth_event(state, item, "tto_video_ad_authorization_expired", now)


def _fails_review(membership: Membership) -> bool:
    return membership.handle.lower().endswith(REVIEW_FAIL_SUFFIX)


def start_review(state: SimState, membership: Membership, now: datetime) -> None:
    """After a join: accept at once, schedule the brand's decision, or wait for the brand."""
    mode = state.settings.review_mode
    if mode == "auto":
        decide_review(state, membership, accept=not _fails_review(membership), now=now)
    elif mode == "delay":
        membership.review_due = now + timedelta(seconds=state.settings.review_delay_sec)
        state.due_changed(membership)


def decide_review(state: SimState, membership: Membership, *, accept: bool, now: datetime) -> None:
    """The brand's decision on a joined creator."""
    move(membership, "status", "membership", "ACCEPTED" if accept else "REJECTED")
    membership.review_due = None
    membership.decided_at = now


def publish_video(state: SimState, video: Video, now: datetime) -> None:
    """Processing is over: the post is public, reviewed, and Flex and apps are told."""
    move(video, "status", "video", "PUBLISHED")
    video.published_at = state.publish_time(video.handle, now)
    video.publish_due = None
    if video.review_status == "CONTENT_REVIEWING":
        move(video, "review_status", "review", "SUCCEED")
    state.note_published(video)
    campaign = state.campaign(video.campaign_id) if video.campaign_id else None
    if campaign is not None:
        enqueue_campaign_event(state, campaign, video, "tto_video_published", now)
    publish = state.publish(video.publish_id) if video.publish_id else None
    if publish is not None:
        move(publish, "status", "publish", "PUBLISH_COMPLETE")
        enqueue_open_event(
            state,
            publish.client_key,
            video.handle,
            "post.publish.complete",
            {"publish_id": publish.publish_id, "publish_type": "DIRECT_PUBLISH"},
            now,
        )
        if video.privacy_level == "PUBLIC_TO_EVERYONE":
            enqueue_open_event(
                state,
                publish.client_key,
                video.handle,
                "post.publish.publicly_available",
                {
                    "publish_id": publish.publish_id,
                    "publish_type": "DIRECT_PUBLISH",
                    "post_id": video.video_id,
                },
                now,
            )


def enqueue_campaign_event(
    state: SimState, campaign: Campaign, video: Video, event_type: str, now: datetime
) -> None:
    """Queue a TikTok One campaign webhook for every TCM_VIDEOS subscription of the brand."""
    for sub in state.subscriptions:
        if sub.tcm_account_id != campaign.tcm_account_id:
            continue
        entry = {
            "event_type": "tto_campaign_webhook",
            "tto_campaign_event_type": event_type,
            "video_id": video.video_id,
            "handle_name": video.handle,
            "campaign_id": campaign.campaign_id,
            "tto_tcm_account_id": campaign.tcm_account_id,
            "event_time": iso(now),
        }
        _queue(state, sub.callback_url, sub.secret, "business", event_type, {"entry": entry}, now)


def enqueue_auth_event(state: SimState, auth: SparkAuth, event_type: str, now: datetime) -> None:
    """Tell the brand an ad authorization ended (expired, or revoked by the creator), so
    Spark Ads using it stop: the simulator's `tto_campaign_event_type`s
    `tto_video_ad_authorization_expired|revoked` on the TCM_VIDEOS subscription (TikTok
    documents no webhook for this; the TTCM status `auth_code_status` tells it too)."""
    video = state.video(auth.video_id)
    for sub in state.subscriptions:
        if not auth.tcm_account_id or sub.tcm_account_id != auth.tcm_account_id:
            continue
        entry = {
            "event_type": "tto_campaign_webhook",
            "tto_campaign_event_type": event_type,
            "video_id": auth.video_id,
            "handle_name": video.handle if video else "",
            "campaign_id": video.campaign_id if video else "",
            "tto_tcm_account_id": auth.tcm_account_id,
            "auth_code_status": auth.auth_code_status,
            "event_time": iso(now),
        }
        _queue(state, sub.callback_url, sub.secret, "business", event_type, {"entry": entry}, now)


def enqueue_open_event(
    state: SimState,
    client_key: str,
    handle: str,
    event: str,
    content: dict[str, Any],
    now: datetime,
) -> None:
    """Queue an Open API webhook to the app's registered URL (if it has one)."""
    app = state.app(client_key)
    account = state.account(handle)
    if app is None or not app.webhook_url or account is None:
        return
    payload = {
        "client_key": client_key,
        "event": event,
        "create_time": int(now.timestamp()),
        "user_openid": account.open_id,
        "content": json.dumps(content),
    }
    _queue(state, app.webhook_url, app.client_secret, "open", event, payload, now)


def _queue(
    state: SimState,
    url: str,
    secret: str,
    kind: str,
    event: str,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    state.outbox.append(
        Delivery(
            delivery_id=f"wh_{state.next_seq():06d}",
            url=url,
            secret=secret,
            kind=kind,
            event=event,
            payload=payload,
            next_attempt_at=now,
            created_at=now,
        )
    )
