"""Open API v2 (`/v2/...`): Content Posting and Display, in `{data, error}` envelopes."""

from __future__ import annotations

from typing import Any

from .. import display, oauth, posting
from ..metrics import metrics
from ..models import Account, Video
from ..screens import embed_url, share_url, thumbnail_url
from ..shapes import v2
from ..web import base_url, registry, tenant
from . import auth
from .registry import Api

api = Api(
    "open_api_v2",
    style="open",
    tag="Open API v2",
    security="Bearer",
    authenticate=auth.check_bearer,
)
LIMIT_INIT, LIMIT_STATUS, LIMIT_CREATOR_INFO = 6, 30, 20


# ---- Content Posting -----------------------------------------------------------------------
@api.post("/v2/post/publish/creator_info/query/", answer=v2.CreatorInfo, scope="video.publish")
def creator_info() -> v2.CreatorInfo:
    """Who will post and which privacy levels they may use (20/min per token)."""
    token, account = auth.bearer()
    oauth.rate_limit(tenant(), f"{token.access_token}:creator_info", LIMIT_CREATOR_INFO)
    return posting.creator_info(account, tenant().state.app(token.client_key))


def _started(source: v2.SourceInfo, post: v2.PostInfo | None) -> v2.PublishStarted:
    t = tenant()
    token, account = auth.bearer()
    oauth.rate_limit(t, f"{token.access_token}:init", LIMIT_INIT)
    publish = posting.init(t, token, account, source, post)
    started = v2.PublishStarted(publish_id=publish.publish_id)
    if publish.upload_id:
        registry().bind_credential(publish.upload_id, t.id)
        started.upload_url = (
            f"{base_url()}/upload/?upload_id={publish.upload_id}&upload_token={publish.upload_id}"
        )
    return started


@api.post(
    "/v2/post/publish/inbox/video/init/",
    body=v2.InboxInit,
    answer=v2.PublishStarted,
    scope="video.upload",
)
def inbox_init(body: v2.InboxInit) -> v2.PublishStarted:
    """Upload a video to the creator's drafts (inbox), to finish in the app (6/min per token)."""
    return _started(body.source_info, None)


@api.post(
    "/v2/post/publish/video/init/",
    body=v2.DirectInit,
    answer=v2.PublishStarted,
    scope="video.publish",
)
def direct_init(body: v2.DirectInit) -> v2.PublishStarted:
    """Post a video directly with its caption and privacy (6/min per token)."""
    return _started(body.source_info, body.post_info)


@api.post("/v2/post/publish/content/init/", body=v2.ContentInit, answer=v2.PublishStarted)
def content_init(body: v2.ContentInit) -> v2.PublishStarted:
    """Post photos (DIRECT_POST, scope video.publish) or send them to the creator's inbox
    (MEDIA_UPLOAD, scope video.upload), pulled from verified URLs: up to 35 photo_images,
    photo_cover_index from 0, title ≤ 90 and description ≤ 4000 (6/min per token)."""
    t = tenant()
    token, account = auth.bearer()
    oauth.rate_limit(t, f"{token.access_token}:init", LIMIT_INIT)
    return v2.PublishStarted(publish_id=posting.init_photos(t, token, account, body).publish_id)


@api.post("/v2/post/publish/status/fetch/", body=v2.StatusFetch, answer=v2.PublishStatus)
def status_fetch(body: v2.StatusFetch) -> v2.PublishStatus:
    """Where a publish stands (30/min per token).

    As TikTok's "Get Post Status" reference: publicaly_available_post_id lists int64
    numbers, downloaded_bytes is added for PULL_FROM_URL, an unknown id is 400
    invalid_publish_id, another user's or app's is 400
    token_not_authorized_for_specified_publish_id."""
    t = tenant()
    token, account = auth.bearer()
    oauth.rate_limit(t, f"{token.access_token}:status", LIMIT_STATUS)
    publish = posting.require_publish(t.state, token, account, body.publish_id)
    return posting.status(t.state, publish)


# ---- Display -------------------------------------------------------------------------------
@api.get("/v2/user/info/", query=v2.Fields, answer=v2.UserInfo)
def user_info(query: v2.Fields) -> v2.UserInfo:
    """The token's user: only the fields asked for, each needing its scope."""
    token, account = auth.bearer()
    wanted = display.user_fields(token, query.fields)
    state, now = tenant().state, tenant().clock.now()
    videos = state.creator_published(account.handle)  # the creator's posts, not every video
    avatar = f"https://p16.tiktokcdn.com/avatar/{account.open_id}"
    every: dict[str, Any] = {
        "open_id": account.open_id,
        "union_id": account.union_id,
        "avatar_url": avatar + ".jpeg",
        "avatar_url_100": avatar + "~100x100.jpeg",
        "avatar_large_url": avatar + "~1080x1080.jpeg",
        "display_name": account.nickname,
        "bio_description": account.bio,
        "profile_deep_link": f"https://vm.tiktok.com/@{account.handle}",
        "is_verified": account.verified,
        "username": account.handle,
        "follower_count": account.followers,
        "following_count": account.following,
        "likes_count": sum(int(metrics(v, account, now)["likes"]) for v in videos),
        "video_count": len(videos),
    }
    return v2.UserInfo(user=v2.User(**{f: every[f] for f in wanted}))


def _video(v: Video, account: Account, wanted: list[str]) -> v2.Video:
    stats = metrics(v, account, tenant().clock.now())
    created = v.published_at or v.created_at
    every: dict[str, Any] = {
        "id": v.video_id,
        "create_time": int(created.timestamp()) if created else 0,
        "cover_image_url": thumbnail_url(v),
        "share_url": share_url(v),
        "video_description": v.caption,
        "duration": v.duration_sec,
        "height": 1920,
        "width": 1080,
        "title": v.caption[:150],
        "embed_html": f'<blockquote class="tiktok-embed" cite="{share_url(v)}" '
        f'data-video-id="{v.video_id}"></blockquote>',
        "embed_link": embed_url(v),
        "like_count": int(stats["likes"]),
        "comment_count": int(stats["comments"]),
        "share_count": int(stats["shares"]),
        "view_count": int(stats["video_views"]),
    }
    return v2.Video(**{f: every[f] for f in wanted})


@api.post(
    "/v2/video/list/",
    query=v2.Fields,
    body=v2.VideoListBody,
    answer=v2.VideoPage,
    scope="video.list",
)
def video_list(query: v2.Fields, body: v2.VideoListBody) -> v2.VideoPage:
    """The user's posts, newest first, paged by a create-time cursor in ms."""
    _token, account = auth.bearer()
    wanted = display.fields(query.fields, display.VIDEO_FIELDS)
    page = display.videos_page(tenant(), account, body.cursor, body.max_count)
    return v2.VideoPage(
        videos=[_video(v, account, wanted) for v in page.items],
        cursor=page.cursor,
        has_more=page.has_more,
    )


@api.post(
    "/v2/video/query/",
    query=v2.Fields,
    body=v2.VideoQueryBody,
    answer=v2.VideoPage,
    scope="video.list",
)
def video_query(query: v2.Fields, body: v2.VideoQueryBody) -> v2.VideoPage:
    """The user's posts by id (up to 20; unknown ids are left out)."""
    _token, account = auth.bearer()
    wanted = display.fields(query.fields, display.VIDEO_FIELDS)
    found = display.videos_by_id(tenant().state, account, body.filters.video_ids)
    return v2.VideoPage(
        videos=[_video(v, account, wanted) for v in found], cursor=0, has_more=False
    )
