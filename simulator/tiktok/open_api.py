"""Open API v2 (`/v2/...`): Login Kit, Content Posting and Display, in TikTok's envelope."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, redirect, render_template, request

from simulator.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    InvalidToken,
    ScopeNotAuthorized,
)

from . import oauth, posting
from .metrics import metrics
from .models import Account, OAuthToken, Publish, Video
from .screens import embed_url, share_url, thumbnail_url
from .web import base_url, json_answer, registry, tenant

bp = Blueprint("open_api", __name__)

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
LIMIT_INIT, LIMIT_STATUS, LIMIT_CREATOR_INFO = 6, 30, 20


def ok(data: dict[str, Any], status: int = 200) -> tuple[Response, int]:
    """TikTok's v2 success envelope."""
    t = tenant()
    error = {"code": "ok", "message": "", "log_id": t.ids.request_id(t.clock.now())}
    return json_answer({"data": data, "error": error}), status


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


def _caller(scope: str | None) -> tuple[OAuthToken, Account]:
    token = oauth.require(tenant(), _bearer(), scope)
    account = tenant().state.account(token.handle)
    if account is None:
        raise InvalidToken("the token's user no longer exists")
    return token, account


def _body() -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise InvalidInput("the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    return body


def _fields(allowed: tuple[str, ...] | list[str]) -> list[str]:
    raw = request.args.get("fields", "")
    fields = [f.strip() for f in raw.split(",") if f.strip()]
    if not fields:
        raise InvalidInput("the fields query parameter is required")
    unknown = [f for f in fields if f not in allowed]
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(unknown)}")
    return fields


# ---- Login Kit ---------------------------------------------------------------------------
@bp.route("/v2/auth/authorize/", methods=["GET", "POST"])
def authorize() -> Any:
    """The consent page a creator sees when an app asks to log in with TikTok."""
    t = tenant()
    values = request.values
    if values.get("response_type", "code") != "code":
        raise InvalidInput("response_type must be code.", reason="invalid_request")
    app = oauth.check_client(t.state, values.get("client_key", ""), values.get("redirect_uri", ""))
    scopes = oauth.parse_scopes(values.get("scope", ""))
    account = t.state.current_account()
    if account is None:
        raise Conflict("No account is signed in on this phone.")
    redirect_uri = values["redirect_uri"]
    state_param = values.get("state", "")
    if request.method == "GET":
        return render_template(
            "tiktok/authorize.html",
            app=app,
            scopes=scopes,
            me=account,
            params=request.args.to_dict(flat=True),
        )
    sep = "&" if "?" in redirect_uri else "?"
    if values.get("decision") != "allow":
        query = {"error": "access_denied", "error_description": "The user denied the request"}
        return redirect(f"{redirect_uri}{sep}{urlencode({**query, 'state': state_param})}")
    code = oauth.issue_code(
        t,
        app,
        account,
        scopes,
        redirect_uri,
        values.get("code_challenge", ""),
        values.get("code_challenge_method", ""),
    )
    registry().bind_credential(code.code, t.id)
    query = {"code": code.code, "scopes": ",".join(scopes), "state": state_param}
    return redirect(f"{redirect_uri}{sep}{urlencode(query)}")


def _token_answer(token: OAuthToken) -> dict[str, Any]:
    t = tenant()
    account = t.state.account(token.handle)
    now = t.clock.now()
    return {
        "open_id": account.open_id if account else "",
        "scope": ",".join(token.scopes),
        "access_token": token.access_token,
        "expires_in": round((token.expires_at - now).total_seconds()),
        "refresh_token": token.refresh_token,
        "refresh_expires_in": round((token.refresh_expires_at - now).total_seconds()),
        "token_type": "Bearer",
    }


@bp.post("/v2/oauth/token/")
def token() -> Response:
    """Exchange a code (or a refresh token) for tokens; the flat OAuth answer TikTok gives."""
    issued = oauth.exchange(tenant(), request.form.to_dict(flat=True))
    for credential in (issued.access_token, issued.refresh_token):
        registry().bind_credential(credential, tenant().id)
    return jsonify(_token_answer(issued))


@bp.post("/v2/oauth/revoke/")
def revoke() -> Response:
    """Revoke a token: the user's authorization of the app ends."""
    oauth.revoke(tenant(), request.form.to_dict(flat=True))
    return jsonify({})


# ---- Content Posting -----------------------------------------------------------------------
@bp.post("/v2/post/publish/creator_info/query/")
def creator_info() -> tuple[Response, int]:
    """Who will post and which privacy levels they may use."""
    token, account = _caller("video.publish")
    oauth.rate_limit(tenant(), f"{token.access_token}:creator_info", LIMIT_CREATOR_INFO)
    return ok(posting.creator_info(account))


def _init(mode: str, scope: str) -> tuple[Response, int]:
    token, account = _caller(scope)
    oauth.rate_limit(tenant(), f"{token.access_token}:init", LIMIT_INIT)
    publish = posting.init(tenant(), token, account, mode, _body())
    if publish.upload_id:
        registry().bind_credential(publish.upload_id, tenant().id)
        url = f"{base_url()}/upload/?upload_id={publish.upload_id}&upload_token={publish.upload_id}"
        return ok({"publish_id": publish.publish_id, "upload_url": url})
    return ok({"publish_id": publish.publish_id})


@bp.post("/v2/post/publish/inbox/video/init/")
def inbox_init() -> tuple[Response, int]:
    """Upload a video to the creator's drafts (inbox), to finish in the app."""
    return _init("INBOX", "video.upload")


@bp.post("/v2/post/publish/video/init/")
def direct_init() -> tuple[Response, int]:
    """Post a video directly with its caption and privacy."""
    return _init("DIRECT", "video.publish")


def _publish_of(upload_id: str) -> Publish:
    found = next(
        (p for p in tenant().state.publishes if p.upload_id and p.upload_id == upload_id), None
    )
    if found is None:
        raise Forbidden("the upload URL is not valid", reason="upload_url_invalid")
    return found


@bp.put("/upload/")
def upload() -> Response:
    """Media transfer: one chunk per PUT with Content-Range; 206 until the last (201)."""
    publish = _publish_of(request.args.get("upload_token") or request.args.get("upload_id") or "")
    length = len(request.get_data(cache=False))
    status = posting.upload_chunk(
        tenant(), publish, request.headers.get("Content-Range", ""), length
    )
    return Response(b"", status=status)


@bp.post("/v2/post/publish/status/fetch/")
def status_fetch() -> tuple[Response, int]:
    """Where a publish stands."""
    token, account = _caller(None)
    oauth.rate_limit(tenant(), f"{token.access_token}:status", LIMIT_STATUS)
    if not ({"video.upload", "video.publish"} & set(token.scopes)):
        raise ScopeNotAuthorized("this endpoint needs video.upload or video.publish")
    publish_id = _body().get("publish_id")
    publish = tenant().state.publish(str(publish_id or ""))
    # TikTok's "Get Post Status" reference: 400 invalid_publish_id for an unknown id, 400
    # token_not_authorized_for_specified_publish_id for another user's or app's publish.
    if not publish_id:
        raise InvalidInput("publish_id is required")
    if publish is None:
        raise InvalidInput(f"publish_id {publish_id} does not exist", reason="invalid_publish_id")
    if publish.handle != account.handle or publish.client_key != token.client_key:
        raise Forbidden(
            f"this access token is not authorized for publish_id {publish_id}",
            reason="token_not_authorized_for_specified_publish_id",
        )
    return ok(posting.status(tenant().state, publish))


# ---- Display -------------------------------------------------------------------------------
@bp.get("/v2/user/info/")
def user_info() -> tuple[Response, int]:
    """The token's user, only the fields asked for (each needs its scope)."""
    token, account = _caller(None)
    fields = _fields(list(USER_FIELDS))
    missing = sorted({USER_FIELDS[f] for f in fields} - set(token.scopes))
    if missing:
        raise ScopeNotAuthorized(
            f"fields need scopes the user did not grant: {', '.join(missing)}",
        )
    state = tenant().state
    videos = state.creator_published(account.handle)  # the creator's posts, not every video
    now = tenant().clock.now()
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
    return ok({"user": {f: every[f] for f in fields}})


def _video_fields(v: Video, account: Account, fields: list[str]) -> dict[str, Any]:
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
        "like_count": stats["likes"],
        "comment_count": stats["comments"],
        "share_count": stats["shares"],
        "view_count": stats["video_views"],
    }
    return {f: every[f] for f in fields}


def _published(account: Account) -> list[Video]:
    """The creator's published posts that have a publish time, newest first."""
    videos = [
        v for v in tenant().state.creator_published(account.handle) if v.published_at is not None
    ]
    return sorted(videos, key=lambda v: (v.published_at, v.video_id), reverse=True)


def _ms(v: Video) -> int:
    return int(v.published_at.timestamp() * 1000) if v.published_at else 0


@bp.post("/v2/video/list/")
def video_list() -> tuple[Response, int]:
    """The user's public posts, newest first, paged by a create-time cursor (ms)."""
    _token, account = _caller("video.list")
    fields = _fields(VIDEO_FIELDS)
    body = _body()
    max_count = body.get("max_count", 10)
    cursor = body.get("cursor", 0) or 0
    if not isinstance(max_count, int) or not 1 <= max_count <= 20:
        raise InvalidInput("max_count must be an integer from 1 to 20")
    if not isinstance(cursor, int) or cursor < 0:
        raise InvalidInput("cursor must be a non-negative integer (ms)")
    # a page from the creator's posts in publish order (the index): O(page + log n)
    page, more = tenant().state.creator_posts(
        account.handle, cursor, max_count, tenant().clock.now(), timed_only=True
    )
    return ok(
        {
            "videos": [_video_fields(v, account, fields) for v in page],
            "cursor": _ms(page[-1]) if page else cursor,
            "has_more": more,
        }
    )


@bp.post("/v2/video/query/")
def video_query() -> tuple[Response, int]:
    """The user's posts by id (up to 20); unknown ids are left out."""
    _token, account = _caller("video.list")
    fields = _fields(VIDEO_FIELDS)
    filters = _body().get("filters")
    ids = filters.get("video_ids") if isinstance(filters, dict) else None
    if not isinstance(ids, list) or not ids or len(ids) > 20:
        raise InvalidInput("filters.video_ids must list 1 to 20 video ids")
    wanted = {str(i) for i in ids}
    found = [v for v in _published(account) if v.video_id in wanted]
    return ok(
        {
            "videos": [_video_fields(v, account, fields) for v in found],
            "cursor": 0,
            "has_more": False,
        }
    )
