"""Open API v2 (`/v2/...`): Login Kit's token endpoint, Content Posting and Display."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from .base import Answer, Caption, Id, Request

Privacy = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
Bytes = Annotated[int, Meta(ge=1, le=2**40)]
FormText = Annotated[str, Meta(max_length=2048)]


# ---- Login Kit (form-encoded, flat OAuth answers) ------------------------------------------
class TokenForm(Request):
    """`POST /v2/oauth/token/` (application/x-www-form-urlencoded)."""

    client_key: FormText = ""
    client_secret: FormText = ""
    grant_type: FormText = ""
    code: FormText = ""
    redirect_uri: FormText = ""
    code_verifier: FormText = ""
    refresh_token: FormText = ""


class RevokeForm(Request):
    client_key: FormText = ""
    client_secret: FormText = ""
    token: FormText = ""


class Tokens(Answer):
    open_id: str
    scope: str
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    token_type: Literal["Bearer"]


class Revoked(Answer):
    """An empty object, as TikTok answers a revocation."""


# ---- Content Posting -----------------------------------------------------------------------
class SourceInfo(Request):
    """FILE_UPLOAD takes video_size, chunk_size and total_chunk_count; PULL_FROM_URL video_url."""

    source: Literal["FILE_UPLOAD", "PULL_FROM_URL"]
    video_size: Bytes | UnsetType = UNSET
    chunk_size: Bytes | UnsetType = UNSET
    total_chunk_count: Annotated[int, Meta(ge=1, le=1000)] | UnsetType = UNSET
    video_url: Annotated[str, Meta(min_length=1, max_length=2048)] | UnsetType = UNSET


class PostInfo(Request):
    privacy_level: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=64,
            description="One of the creator's privacy_level_options (creator_info/query); "
            "any other value answers privacy_level_option_mismatch.",
        ),
    ]
    title: Caption = ""
    disable_duet: bool = False
    disable_comment: bool = False
    disable_stitch: bool = False
    video_cover_timestamp_ms: Annotated[int, Meta(ge=0, le=2**31)] = 0
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False
    is_aigc: bool = False


class PhotoSource(Request):
    """Photos are pulled from URLs the app verified (TikTok's "Photo" reference)."""

    source: Literal["PULL_FROM_URL"]
    photo_images: Annotated[
        list[Annotated[str, Meta(min_length=1, max_length=2048)]], Meta(min_length=1, max_length=35)
    ]
    photo_cover_index: Annotated[int, Meta(ge=0, description="From 0: which photo is the cover.")]


class PhotoInfo(Request):
    """A photo post's title (≤ 90) and description (≤ 4000); privacy_level for DIRECT_POST."""

    title: Annotated[str, Meta(max_length=90)] = ""
    description: Annotated[str, Meta(max_length=4000)] = ""
    privacy_level: Annotated[str, Meta(min_length=1, max_length=64)] | UnsetType = UNSET
    disable_comment: bool = False
    auto_add_music: bool = False
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False


class ContentInit(Request):
    """`/v2/post/publish/content/init/`: DIRECT_POST needs video.publish, MEDIA_UPLOAD
    video.upload."""

    media_type: Literal["PHOTO"]
    post_mode: Literal["DIRECT_POST", "MEDIA_UPLOAD"]
    post_info: PhotoInfo
    source_info: PhotoSource


class InboxInit(Request):
    source_info: SourceInfo


class DirectInit(Request):
    post_info: PostInfo
    source_info: SourceInfo


class StatusFetch(Request):
    publish_id: Annotated[str, Meta(min_length=1, max_length=256)]


class CreatorInfo(Answer):
    creator_avatar_url: str
    creator_username: str
    creator_nickname: str
    privacy_level_options: list[Privacy]
    comment_disabled: bool
    duet_disabled: bool
    stitch_disabled: bool
    max_video_post_duration_sec: int


class PublishStarted(Answer):
    publish_id: str
    upload_url: str | UnsetType = UNSET


class PublishStatus(Answer):
    status: Literal[
        "PROCESSING_UPLOAD",
        "PROCESSING_DOWNLOAD",
        "SEND_TO_USER_INBOX",
        "PUBLISH_COMPLETE",
        "FAILED",
    ]
    publicaly_available_post_id: Annotated[
        list[int], Meta(description="TikTok's spelling; int64 post ids.")
    ]
    uploaded_bytes: int
    downloaded_bytes: int | UnsetType = UNSET
    fail_reason: str | UnsetType = UNSET


# ---- Display -------------------------------------------------------------------------------
class Fields(Request):
    """`fields`: comma-separated names of the fields to answer."""

    fields: Annotated[str, Meta(min_length=1, max_length=1000)]


class VideoListBody(Request):
    cursor: Annotated[int, Meta(ge=0, le=2**62)] = 0
    max_count: Annotated[int, Meta(ge=1, le=20)] = 10


class VideoFilters(Request):
    video_ids: Annotated[list[Id], Meta(min_length=1, max_length=20)]


class VideoQueryBody(Request):
    filters: VideoFilters


class User(Answer):
    """Only the fields asked for (each needs its scope)."""

    open_id: str | UnsetType = UNSET
    union_id: str | UnsetType = UNSET
    avatar_url: str | UnsetType = UNSET
    avatar_url_100: str | UnsetType = UNSET
    avatar_large_url: str | UnsetType = UNSET
    display_name: str | UnsetType = UNSET
    bio_description: str | UnsetType = UNSET
    profile_deep_link: str | UnsetType = UNSET
    is_verified: bool | UnsetType = UNSET
    username: str | UnsetType = UNSET
    follower_count: int | UnsetType = UNSET
    following_count: int | UnsetType = UNSET
    likes_count: int | UnsetType = UNSET
    video_count: int | UnsetType = UNSET


class UserInfo(Answer):
    user: User


class Video(Answer):
    """Only the fields asked for."""

    id: str | UnsetType = UNSET
    create_time: int | UnsetType = UNSET
    cover_image_url: str | UnsetType = UNSET
    share_url: str | UnsetType = UNSET
    video_description: str | UnsetType = UNSET
    duration: int | UnsetType = UNSET
    height: int | UnsetType = UNSET
    width: int | UnsetType = UNSET
    title: str | UnsetType = UNSET
    embed_html: str | UnsetType = UNSET
    embed_link: str | UnsetType = UNSET
    like_count: int | UnsetType = UNSET
    comment_count: int | UnsetType = UNSET
    share_count: int | UnsetType = UNSET
    view_count: int | UnsetType = UNSET


class VideoPage(Answer):
    videos: list[Video]
    cursor: int
    has_more: bool
