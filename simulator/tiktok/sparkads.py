"""Spark Ads: brands ask to use a post in ads, the creator grants a code, advertisers redeem it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.core.errors import Forbidden, InvalidInput, NotFound
from simulator.core.tenants import Tenant

from . import lifecycle
from .campaigns import SPARK_DAYS, new_auth_code
from .lifecycle import iso
from .models import Account, Brand, SimState, SparkAuth, Video, move

T = Tenant[SimState]


def _days(raw: Any) -> int:
    try:
        days = int(raw)
    except (TypeError, ValueError):
        raise InvalidInput("authorization_days must be 7, 30, 60 or 365") from None
    if days not in SPARK_DAYS or days == 0:
        raise InvalidInput("authorization_days must be 7, 30, 60 or 365")
    return days


def require_video(state: SimState, video_id: str) -> Video:
    """A post by id, or 40007."""
    video = state.video(str(video_id))
    if video is None:
        raise NotFound(f"video {video_id} does not exist")
    return video


def apply(t: T, brand: Brand, video_id: str, days_raw: Any, action: str) -> SparkAuth:
    """The brand asks the creator for (longer) ad authorization; the creator answers in the app."""
    if action not in ("APPLY", "CANCEL"):
        raise InvalidInput("action must be APPLY or CANCEL")
    video = require_video(t.state, video_id)
    if video.status != "PUBLISHED":
        raise InvalidInput("only published posts can be authorized for ads")
    current = t.state.spark_auth(video.video_id)
    if action == "CANCEL":
        if current is None or current.auth_status != "WAITING":
            raise InvalidInput("there is no waiting application to cancel")
        move(current, "auth_status", "auth", "REJECTED")
        return current
    days = _days(days_raw)
    if current is not None and current.auth_status == "WAITING":
        current.authorization_days = days
        return current
    auth = SparkAuth(
        video_id=video.video_id, tcm_account_id=brand.tcm_account_id, authorization_days=days
    )
    t.state.spark_auths.append(auth)
    return auth


def answer(t: T, account: Account, video_id: str, accept: bool) -> SparkAuth:
    """The creator accepts (a code is generated) or declines the brand's application."""
    auth = t.state.spark_auth(str(video_id))
    video = require_video(t.state, video_id)
    if video.handle.lower() != account.handle.lower():
        raise Forbidden("this post belongs to another account")
    if auth is None or auth.auth_status != "WAITING":
        raise InvalidInput("there is no waiting application for this post")
    if not accept:
        move(auth, "auth_status", "auth", "REJECTED")
        return auth
    _retire_previous(t.state, auth, t.clock.now())
    move(auth, "auth_status", "auth", "ACCEPTED")
    _start(t, auth)
    return auth


def generate(t: T, account: Account, video_id: str, days_raw: Any) -> SparkAuth:
    """In the app, the creator turns on ad authorization for a post and gets a code."""
    video = require_video(t.state, video_id)
    if video.handle.lower() != account.handle.lower():
        raise Forbidden("this post belongs to another account")
    if video.status != "PUBLISHED":
        raise InvalidInput("only published posts can be authorized for ads")
    days = _days(days_raw)
    campaign = t.state.campaign(video.campaign_id) if video.campaign_id else None
    auth = SparkAuth(
        video_id=video.video_id,
        tcm_account_id=campaign.tcm_account_id if campaign else "",
        authorization_days=days,
        auth_status="ACCEPTED",
    )
    _retire_previous(t.state, auth, t.clock.now())
    t.state.spark_auths.append(auth)
    _start(t, auth)
    return auth


def _retire_previous(state: SimState, keep: SparkAuth, now: datetime) -> None:
    """A new code for a post deletes the live one: it ends now."""
    for other in state.spark_auths:
        if (
            other is not keep
            and other.video_id == keep.video_id
            and other.auth_status == "ACCEPTED"
            and other.auth_code_status in ("NOT_USED", "IN_USE")
        ):
            move(other, "auth_code_status", "auth_code", "DELETED")
            other.end_time = now


def _start(t: T, auth: SparkAuth) -> None:
    now = t.clock.now()
    auth.auth_code = new_auth_code(t)
    auth.start_time = now
    auth.end_time = now + timedelta(days=auth.authorization_days)
    t.state.due_changed(auth)


def status(t: T, brand: Brand, video_id: str) -> dict[str, Any]:
    """The `tcm/tt_video/status/` data of a post."""
    video = require_video(t.state, video_id)
    auth = t.state.spark_auth(video.video_id)
    if auth is None:
        raise NotFound(f"no ad authorization was requested for video {video_id}")
    if auth.tcm_account_id and auth.tcm_account_id != brand.tcm_account_id:
        raise Forbidden("this authorization belongs to another account")
    return to_status(auth)


def to_status(auth: SparkAuth) -> dict[str, Any]:
    """Serialize an authorization as TTCM's status shape."""
    return {
        "video_id": auth.video_id,
        "auth_status": auth.auth_status,
        "auth_code": auth.auth_code if auth.auth_status == "ACCEPTED" else "",
        "auth_code_status": auth.auth_code_status,
        # TikTok names the days asked for `requested_authorization_days` (the TTCM reference,
        # mirrored by bububa/tiktok-business model/tcm/ttvideo/status.go); `authorization_days`
        # is the simulator's (Flex reads it), the same number.
        "requested_authorization_days": auth.authorization_days,
        "authorization_days": auth.authorization_days,
        "auth_code_start_time": iso(auth.start_time),
        "auth_code_end_time": iso(auth.end_time),
    }


def _by_code(state: SimState, code: str) -> SparkAuth:
    auth = next((a for a in state.spark_auths if a.auth_code and a.auth_code == code), None)
    if auth is None:
        raise NotFound("the auth code does not exist")
    return auth


def authorize(t: T, brand: Brand, advertiser_id: str, code: str) -> SparkAuth:
    """An advertiser redeems a creator's code (`tt_video/authorize/`)."""
    if str(advertiser_id) not in brand.advertiser_ids:
        raise Forbidden(f"advertiser {advertiser_id} is not authorized for this token")
    auth = _by_code(t.state, str(code))
    if auth.auth_code_status in ("EXPIRED", "DELETED"):
        raise InvalidInput(f"the auth code is {auth.auth_code_status.lower()}")
    if auth.auth_code_status == "IN_USE" and auth.advertiser_id != str(advertiser_id):
        raise InvalidInput("the auth code is in use by another advertiser")
    move(auth, "auth_code_status", "auth_code", "IN_USE")
    auth.advertiser_id = str(advertiser_id)
    if not auth.identity_id:
        auth.identity_id = _identity_for(t, auth)
    return auth


def _identity_for(t: T, auth: SparkAuth) -> str:
    """The AUTH_CODE identity an advertiser gets for a creator: one per (advertiser, account),
    made when the advertiser first redeems one of that creator's codes."""
    state = t.state
    handle = require_video(state, auth.video_id).handle.lower()
    for other in state.spark_auths:
        other_video = state.video(other.video_id) if other.identity_id else None
        if (
            other_video is not None
            and other.advertiser_id == auth.advertiser_id
            and other_video.handle.lower() == handle
        ):
            return other.identity_id
    return t.ids.token("", 32)


def revoke(t: T, account: Account, video_id: str) -> SparkAuth:
    """In the app, the creator stops ad authorization for a post: the code is deleted, ads
    using it stop delivering, and the brand is told (webhook)."""
    video = require_video(t.state, video_id)
    if video.handle.lower() != account.handle.lower():
        raise Forbidden("this post belongs to another account")
    auth = t.state.spark_auth(video.video_id)
    if (
        auth is None
        or auth.auth_status != "ACCEPTED"
        or auth.auth_code_status not in ("NOT_USED", "IN_USE")
    ):
        raise InvalidInput("ad authorization is not on for this post")
    now = t.clock.now()
    move(auth, "auth_code_status", "auth_code", "DELETED")
    auth.revoked_at = auth.end_time = now
    lifecycle.enqueue_auth_event(t.state, auth, "tto_video_ad_authorization_revoked", now)
    return auth


def biz_time(when: datetime | None) -> str | None:
    """A Marketing API time: `YYYY-MM-DD HH:MM:SS` in UTC+0, no `T`, no zone."""
    return None if when is None else when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def info(t: T, brand: Brand, advertiser_id: str, code: str) -> dict[str, Any]:
    """`tt_video/info/`: what a code authorizes, for the advertiser."""
    if str(advertiser_id) not in brand.advertiser_ids:
        raise Forbidden(f"advertiser {advertiser_id} is not authorized for this token")
    auth = _by_code(t.state, str(code))
    video = require_video(t.state, auth.video_id)
    account = t.state.account(video.handle)
    return {
        "auth_info": {
            "ad_auth_status": "AUTHORIZED"
            if auth.auth_code_status in ("NOT_USED", "IN_USE")
            else "UNAVAILABLE",
            # Business API (Marketing API) times: "2017-01-01 00:00:00", UTC+0 (TikTok's
            # /tt_video/info/ reference, as bububa/tiktok-business model/ttvideo/info.go quotes it)
            "auth_start_time": biz_time(auth.start_time),
            "auth_end_time": biz_time(auth.end_time),
        },
        "item_info": {
            "auth_code": auth.auth_code,
            "item_id": video.video_id,
            "text": video.caption,
            "status": "ITEM_STATUS_HESITATE_RECOMMEND"
            if video.status == "PUBLISHED"
            else "ITEM_STATUS_DELETED",
        },
        "user_info": {
            "tiktok_name": account.handle if account else video.handle,
            # the AUTH_CODE identity the advertiser got by redeeming the code (identity/get/)
            "identity_id": auth.identity_id,
            "identity_type": "AUTH_CODE",
        },
        "video_info": {"duration": video.duration_sec},
    }
