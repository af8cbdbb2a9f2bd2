"""Content Posting API rules: init (inbox or direct), chunked media transfer, status, limits."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlparse

import msgspec
from msgspec import UNSET, UnsetType

from simulator.core.errors import Forbidden, InvalidInput, ScopeNotAuthorized
from simulator.core.tenants import Tenant

from . import lifecycle, oauth
from .campaigns import SPAM_MAGIC
from .models import Account, ClientApp, Draft, OAuthToken, Publish, SimState, Video, move
from .shapes.v2 import ContentInit, CreatorInfo, PostInfo, Privacy, PublishStatus, SourceInfo

T = Tenant[SimState]
MB = 1024 * 1024
MIN_CHUNK, MAX_CHUNK, MAX_LAST_CHUNK, MAX_CHUNKS = 5 * MB, 64 * MB, 128 * MB, 1000
UPLOAD_URL_TTL = timedelta(hours=1)
PENDING_SHARE_LIMIT = 5
PRIVACY_PUBLIC = [
    "PUBLIC_TO_EVERYONE",
    "MUTUAL_FOLLOW_FRIENDS",
    "FOLLOWER_OF_CREATOR",
    "SELF_ONLY",
]
PRIVACY_PRIVATE = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def privacy_options(account: Account, app: ClientApp | None = None) -> list[str]:
    """Which privacy levels a post by this account may use (through this app: an unaudited
    one may post only SELF_ONLY)."""
    if app is not None and not app.audited:
        return ["SELF_ONLY"]
    return PRIVACY_PRIVATE if account.private else PRIVACY_PUBLIC


def check_unaudited(app: ClientApp | None, account: Account) -> None:
    """An unaudited client posts only for private accounts, whatever the post's privacy
    (../shared/reference/tiktok-apis.md section 5)."""
    if app is not None and not app.audited and not account.private:
        raise Forbidden(
            f"this app is not audited yet: it can post only to private accounts, and "
            f"@{account.handle} is public",
            reason="unaudited_client_can_only_post_to_private_accounts",
        )


def creator_info(account: Account, app: ClientApp | None = None) -> CreatorInfo:
    """`creator_info/query` data (for the asking app: an unaudited one offers SELF_ONLY)."""
    return CreatorInfo(
        creator_avatar_url=f"https://p16.tiktokcdn.com/avatar/{account.open_id}.jpeg",
        creator_username=account.handle,
        creator_nickname=account.nickname,
        privacy_level_options=cast(list[Privacy], privacy_options(account, app)),
        comment_disabled=False,
        duet_disabled=account.private,
        stitch_disabled=account.private,
        max_video_post_duration_sec=600,
    )


def _size(value: int | UnsetType, name: str) -> int:
    if value is UNSET:
        raise InvalidInput(
            f"source_info.{name}: is required for FILE_UPLOAD", field=f"source_info.{name}"
        )
    return value


def check_chunks(source: SourceInfo) -> tuple[int, int, int]:
    """Validate FILE_UPLOAD sizes the way TikTok does; returns (size, chunk, count)."""
    size = _size(source.video_size, "video_size")
    chunk = _size(source.chunk_size, "chunk_size")
    count = _size(source.total_chunk_count, "total_chunk_count")
    if size < MIN_CHUNK:
        if chunk != size or count != 1:
            raise InvalidInput(
                "source_info.chunk_size: a video under 5 MB is sent whole: chunk_size ="
                " video_size, 1 chunk",
                field="source_info.chunk_size",
            )
        return size, chunk, count
    if not MIN_CHUNK <= chunk <= MAX_CHUNK:
        raise InvalidInput(
            "source_info.chunk_size: must be between 5 MB and 64 MB", field="source_info.chunk_size"
        )
    if count != size // chunk:
        raise InvalidInput(
            f"source_info.total_chunk_count: must be video_size // chunk_size = {size // chunk}",
            field="source_info.total_chunk_count",
        )
    if count > MAX_CHUNKS:
        raise InvalidInput(
            "source_info.total_chunk_count: a video takes at most 1000 chunks",
            field="source_info.total_chunk_count",
        )
    if size - chunk * (count - 1) > MAX_LAST_CHUNK:
        raise InvalidInput(
            "source_info.chunk_size: the last chunk may be at most 128 MB",
            field="source_info.chunk_size",
        )
    return size, chunk, count


def _pending_shares(state: SimState, handle: str, now: datetime) -> int:
    return sum(
        1
        for p in state.publishes
        if p.handle == handle
        and p.mode == "INBOX"
        and p.created_at is not None
        and now - p.created_at < timedelta(hours=24)
        and (p.status != "SEND_TO_USER_INBOX" or state.draft(p.draft_id) is not None)
        and p.status != "FAILED"
    )


def check_privacy(t: T, token: OAuthToken, account: Account, privacy: str) -> None:
    """A direct post's privacy: the app may post for this account, with this level."""
    app = t.state.app(token.client_key)
    check_unaudited(app, account)
    options = privacy_options(account, app)
    if privacy not in options:
        raise InvalidInput(
            f"post_info.privacy_level: must be one of {', '.join(options)}",
            reason="privacy_level_option_mismatch",
            field="post_info.privacy_level",
        )


def check_post_info(t: T, token: OAuthToken, account: Account, info: PostInfo) -> dict[str, Any]:
    """Validate direct-post `post_info` (privacy for this account and app, magic spam caption)."""
    check_privacy(t, token, account, info.privacy_level)
    if SPAM_MAGIC in info.title.lower():
        raise Forbidden("this account posted too much today", reason="spam_risk_too_many_posts")
    kept: dict[str, Any] = msgspec.to_builtins(info)
    return kept


def init(
    t: T,
    token: OAuthToken,
    account: Account,
    source: SourceInfo,
    post: PostInfo | None = None,
) -> Publish:
    """Start a publish (a direct post with `post`, else an upload to the creator's drafts):
    validate, then wait for the upload (FILE_UPLOAD) or pull the URL."""
    state, now = t.state, t.clock.now()
    mode = "DIRECT" if post is not None else "INBOX"
    kind = source.source
    post_info = check_post_info(t, token, account, post) if post is not None else {}
    if mode == "INBOX" and _pending_shares(state, account.handle, now) >= PENDING_SHARE_LIMIT:
        raise Forbidden(
            "at most 5 pending shares per user in 24 hours",
            reason="spam_risk_too_many_pending_share",
        )
    prefix = "v_inbox_file~v2." if mode == "INBOX" else "v_pub_file~v2."
    if kind == "PULL_FROM_URL":
        prefix = prefix.replace("file", "url")
    publish = Publish(
        publish_id=prefix + t.ids.digits(19),
        access_token=token.access_token,
        client_key=token.client_key,
        handle=account.handle,
        mode=mode,
        source=str(kind),
        post_info=post_info,
        created_at=now,
    )
    if kind == "FILE_UPLOAD":
        publish.video_size, publish.chunk_size, publish.total_chunk_count = check_chunks(source)
        publish.upload_id = t.ids.token("", 16)
        publish.upload_expires_at = now + UPLOAD_URL_TTL
        state.publishes.append(publish)
        return publish
    url = source.video_url
    if url is UNSET or urlparse(url).scheme not in ("http", "https"):
        raise InvalidInput(
            "source_info.video_url: must be an http(s) URL", field="source_info.video_url"
        )
    if "unverified" in (urlparse(url).hostname or ""):
        raise Forbidden(
            "the URL's domain or prefix is not verified for this app",
            reason="url_ownership_unverified",
        )
    publish.video_url = url
    state.publishes.append(publish)
    move(publish, "status", "publish", "PROCESSING_DOWNLOAD")
    complete(t, publish)
    return publish


def _check_url(url: str, field: str) -> None:
    if urlparse(url).scheme not in ("http", "https"):
        raise InvalidInput(f"{field}: must be an http(s) URL", field=field)
    if "unverified" in (urlparse(url).hostname or ""):
        raise Forbidden(
            "the URL's domain or prefix is not verified for this app",
            reason="url_ownership_unverified",
        )


def init_photos(t: T, token: OAuthToken, account: Account, body: ContentInit) -> Publish:
    """A photo post (DIRECT_POST, with video.publish) or an upload of photos to the creator's
    inbox (MEDIA_UPLOAD, with video.upload), pulled from verified URLs (TikTok's "Photo"
    reference). It goes through as a PULL_FROM_URL video does: at once, in the fake."""
    state, now = t.state, t.clock.now()
    direct = body.post_mode == "DIRECT_POST"
    oauth.require(t, token.access_token, "video.publish" if direct else "video.upload")
    source, info = body.source_info, body.post_info
    if source.photo_cover_index >= len(source.photo_images):
        raise InvalidInput(
            "source_info.photo_cover_index: must be below the number of photo_images "
            f"({len(source.photo_images)}; it counts from 0)",
            field="source_info.photo_cover_index",
        )
    for i, url in enumerate(source.photo_images):
        _check_url(url, f"source_info.photo_images[{i}]")
    post_info: dict[str, Any] = msgspec.to_builtins(info)
    post_info["title"] = info.description or info.title  # the caption the post shows
    if direct:
        if isinstance(info.privacy_level, UnsetType):
            raise InvalidInput(
                "post_info.privacy_level: is required for DIRECT_POST",
                field="post_info.privacy_level",
            )
        check_privacy(t, token, account, info.privacy_level)
        if SPAM_MAGIC in f"{info.title} {info.description}".lower():
            raise Forbidden("this account posted too much today", reason="spam_risk_too_many_posts")
    elif _pending_shares(state, account.handle, now) >= PENDING_SHARE_LIMIT:
        raise Forbidden(
            "at most 5 pending shares per user in 24 hours",
            reason="spam_risk_too_many_pending_share",
        )
    publish = Publish(
        publish_id=("p_pub_url~v2." if direct else "p_inbox_url~v2.") + t.ids.digits(19),
        access_token=token.access_token,
        client_key=token.client_key,
        handle=account.handle,
        mode="DIRECT" if direct else "INBOX",
        source="PULL_FROM_URL",
        post_info=post_info,
        created_at=now,
        video_url=source.photo_images[source.photo_cover_index],
    )
    state.publishes.append(publish)
    move(publish, "status", "publish", "PROCESSING_DOWNLOAD")
    complete(t, publish)
    return publish


def upload_chunk(t: T, publish: Publish, content_range: str, length: int) -> int:
    """One PUT of media: returns 206 for a middle chunk and 201 for the last."""
    now = t.clock.now()
    if publish.upload_expires_at is None or publish.upload_expires_at <= now:
        raise Forbidden("the upload URL has expired (1 hour)", reason="upload_url_invalid")
    if publish.status != "PROCESSING_UPLOAD" or publish.uploaded_bytes >= publish.video_size:
        raise Forbidden("this upload is complete", reason="upload_url_invalid")
    match = _RANGE.match(content_range.strip())
    if not match:
        raise InvalidInput("Content-Range must be 'bytes first-last/total'", reason="upload_range")
    first, last, total = (int(g) for g in match.groups())
    if total != publish.video_size or last < first or last >= total:
        raise InvalidInput(
            f"the range does not fit a video of {publish.video_size} bytes", reason="upload_range"
        )
    if first != publish.uploaded_bytes:
        raise InvalidInput(
            f"expected the chunk starting at byte {publish.uploaded_bytes}", reason="upload_range"
        )
    if length != last - first + 1:
        raise InvalidInput(
            f"the body has {length} bytes but Content-Range says {last - first + 1}",
            reason="upload_length",
        )
    final = last == total - 1
    if not final and length != publish.chunk_size:
        raise InvalidInput(
            f"every chunk but the last must be chunk_size ({publish.chunk_size}) bytes",
            reason="upload_range",
        )
    publish.uploaded_bytes = last + 1
    if not final:
        return 206
    complete(t, publish)
    return 201


def complete(t: T, publish: Publish) -> None:
    """The media is in: inbox uploads become drafts, direct posts start processing."""
    state, now = t.state, t.clock.now()
    app = state.app(publish.client_key)
    if publish.mode == "INBOX":
        draft = Draft(
            draft_id=t.ids.numeric_id(16),
            handle=publish.handle,
            caption=f"Shared from {app.name if app else 'an app'}",
            duration_sec=15,
            created_at=now,
            source="inbox",
            publish_id=publish.publish_id,
        )
        state.drafts.append(draft)
        publish.draft_id = draft.draft_id
        move(publish, "status", "publish", "SEND_TO_USER_INBOX")
        lifecycle.enqueue_open_event(
            state,
            publish.client_key,
            publish.handle,
            "post.publish.inbox_delivered",
            {"publish_id": publish.publish_id, "publish_type": "INBOX_SHARE"},
            now,
        )
        return
    video = Video(
        video_id=t.ids.video_id(),
        handle=publish.handle,
        caption=str(publish.post_info.get("title", "")),
        created_at=now,
        publish_due=now + timedelta(seconds=state.settings.processing_sec),
        privacy_level=str(publish.post_info.get("privacy_level", "SELF_ONLY")),
        publish_id=publish.publish_id,
    )
    state.videos.append(video)
    publish.video_id = video.video_id
    lifecycle.settle(state, now)


def require_publish(
    state: SimState, token: OAuthToken, account: Account, publish_id: str
) -> Publish:
    """The caller's publish, as TikTok's "Get Post Status" reference answers: 400
    invalid_publish_id for an unknown id, 400 token_not_authorized_for_specified_publish_id
    for another user's or app's publish."""
    if not ({"video.upload", "video.publish"} & set(token.scopes)):
        raise ScopeNotAuthorized("this endpoint needs video.upload or video.publish")
    publish = state.publish(publish_id)
    if publish is None:
        raise InvalidInput(
            f"publish_id {publish_id} does not exist",
            reason="invalid_publish_id",
            field="publish_id",
        )
    if publish.handle != account.handle or publish.client_key != token.client_key:
        raise Forbidden(
            f"this access token is not authorized for publish_id {publish_id}",
            reason="token_not_authorized_for_specified_publish_id",
        )
    return publish


def status(state: SimState, publish: Publish) -> PublishStatus:
    """`status/fetch` data."""
    video = state.video(publish.video_id) if publish.video_id else None
    # TikTok's "Get Post Status" reference types the post ids list<int64> (numbers, not
    # strings), and adds `downloaded_bytes` (int64) for PULL_FROM_URL.
    public = (
        [int(video.video_id)]
        if video
        and video.status == "PUBLISHED"
        and video.privacy_level == "PUBLIC_TO_EVERYONE"
        and video.video_id.isdigit()
        else []
    )
    data = PublishStatus(
        status=cast(Any, publish.status),
        publicaly_available_post_id=public,
        uploaded_bytes=publish.uploaded_bytes,
    )
    if publish.source == "PULL_FROM_URL":
        data.downloaded_bytes = 0  # the simulator fetches nothing from the URL
    if publish.fail_reason:
        data.fail_reason = publish.fail_reason
    return data
