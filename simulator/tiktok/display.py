"""Display API rules: which fields a caller may ask for, and which of a user's posts it sees."""

from __future__ import annotations

from simulator.core.errors import InvalidInput, ScopeNotAuthorized
from simulator.core.tenants import Tenant

from .models import Account, OAuthToken, SimState, Video, unix_ms
from .paging import Cursored, cursored

T = Tenant[SimState]
USER_FIELDS: dict[str, str] = {
    "open_id": "user.info.basic",
    "union_id": "user.info.basic",
    "avatar_url": "user.info.basic",
    "avatar_url_100": "user.info.basic",
    "avatar_large_url": "user.info.basic",
    "display_name": "user.info.basic",
    "bio_description": "user.info.profile",
    "profile_deep_link": "user.info.profile",
    "is_verified": "user.info.profile",
    "username": "user.info.profile",
    "follower_count": "user.info.stats",
    "following_count": "user.info.stats",
    "likes_count": "user.info.stats",
    "video_count": "user.info.stats",
}
VIDEO_FIELDS = (
    "id",
    "create_time",
    "cover_image_url",
    "share_url",
    "video_description",
    "duration",
    "height",
    "width",
    "title",
    "embed_html",
    "embed_link",
    "like_count",
    "comment_count",
    "share_count",
    "view_count",
)


def fields(raw: str, allowed: tuple[str, ...] | list[str]) -> list[str]:
    """The comma-separated `fields` query parameter, each one known."""
    wanted = [f.strip() for f in raw.split(",") if f.strip()]
    if not wanted:
        raise InvalidInput("fields: is required", field="fields")
    unknown = [f for f in wanted if f not in allowed]
    if unknown:
        raise InvalidInput(f"fields: unknown fields: {', '.join(unknown)}", field="fields")
    return wanted


def user_fields(token: OAuthToken, raw: str) -> list[str]:
    """The user fields asked for; each needs its scope."""
    wanted = fields(raw, list(USER_FIELDS))
    missing = sorted({USER_FIELDS[f] for f in wanted} - set(token.scopes))
    if missing:
        raise ScopeNotAuthorized(f"fields need scopes the user did not grant: {', '.join(missing)}")
    return wanted


def ms(video: Video) -> int:
    """A post's publish time in unix ms (the video list's cursor)."""
    return unix_ms(video.published_at) if video.published_at else 0


def videos_page(t: T, account: Account, cursor: int, max_count: int) -> Cursored[Video]:
    """The user's posts newest first, from before the cursor (ms): O(page + log n) from the
    creator's posts in publish order."""
    page, more = t.state.creator_posts(
        account.handle, cursor, max_count, t.clock.now(), timed_only=True
    )
    return cursored(page, more, cursor, ms)


def videos_by_id(state: SimState, account: Account, video_ids: list[str]) -> list[Video]:
    """The user's published posts among these ids, newest first (unknown ids are left out)."""
    wanted = set(video_ids)
    found = [
        v
        for v in state.creator_published(account.handle)
        if v.published_at is not None and v.video_id in wanted
    ]
    return sorted(found, key=lambda v: (v.published_at, v.video_id), reverse=True)
