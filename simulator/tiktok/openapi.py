"""`/openapi.json`: an OpenAPI 3.0 description of every route the fake TikTok serves.

Built from small pieces: schema shorthands (`s`, `obj`, `arr`), one builder per API style
(`biz`, `v2`, `oauth`, `page`), each wrapping its answers in that style's envelope, and
parameter definitions the operations share.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import msgspec
from flask import Blueprint, Response

from .api import FAMILIES
from .api.registry import Operation
from .errors import BUSINESS_ERROR_CODES, OPEN_ERROR_CODES

bp = Blueprint("openapi", __name__)

Schema = dict[str, Any]
SIM = " (The simulator's addition: TikTok documents no such endpoint.)"
JSON, FORM, HTML = "application/json", "application/x-www-form-urlencoded", "text/html"


# ---- schema shorthands -----------------------------------------------------------------------
def s(kind: str) -> Schema:
    """A scalar schema: str, int, num, bool, or 'str?' for nullable."""
    nullable = kind.endswith("?")
    base = {"str": "string", "int": "integer", "num": "number", "bool": "boolean"}[kind.rstrip("?")]
    return {"type": base, "nullable": True} if nullable else {"type": base}


def obj(**props: Any) -> Schema:
    """An object schema; values are schemas or scalar shorthands."""
    return {
        "type": "object",
        "properties": {k: s(v) if isinstance(v, str) else v for k, v in props.items()},
    }


def arr(item: Any) -> Schema:
    """An array schema."""
    return {"type": "array", "items": s(item) if isinstance(item, str) else item}


def enum(*values: str) -> Schema:
    """A string that takes one of these values."""
    return {"type": "string", "enum": list(values)}


def content(schema: Schema, media: str = JSON) -> Schema:
    """A body (request or answer) of one media type."""
    return {"content": {media: {"schema": schema}}}


def answer(description: str, schema: Schema | None = None, media: str = JSON) -> Schema:
    """One response: a description, and the body's schema when it has one."""
    return {"description": description, **(content(schema, media) if schema else {})}


def operation(
    summary: str,
    tag: str,
    responses: Schema,
    params: list[Schema] | None = None,
    body: Schema | None = None,
) -> Schema:
    """One operation; `params` None leaves the parameters out, `body` is a requestBody."""
    op: Schema = {"summary": summary, "tags": [tag]}
    if params is not None:
        op["parameters"] = params
    op["responses"] = responses
    if body is not None:
        op["requestBody"] = body
    return op


def json_body(schema: Schema) -> Schema:
    """A required JSON request body."""
    return {"required": True, **content(schema)}


# ---- parameters ------------------------------------------------------------------------------
def q(name: str, kind: str = "str", required: bool = False, where: str = "query") -> Schema:
    """A parameter."""
    return {"name": name, "in": where, "required": required, "schema": s(kind)}


def needed(*names: str) -> list[Schema]:
    """Required query parameters (strings)."""
    return [q(name, required=True) for name in names]


def header(name: str) -> Schema:
    """A required header."""
    return q(name, required=True, where="header")


def path_params(path: str) -> list[Schema]:
    """The parameters a path template names, in order."""
    return [q(name, required=True, where="path") for name in re.findall(r"{([^}]+)}", path)]


ACCOUNT = q("tcm_account_id", required=True)
PAGING = [q("page", "int"), q("page_size", "int")]

# ---- shared shapes ---------------------------------------------------------------------------
PAGE_INFO = obj(page="int", page_size="int", total_number="int", total_page="int")
QUOTA = obj(current_video_count="int", per_creator_video_limit="int", total_video_limit="int")
REQUIREMENTS = obj(description="str", required_elements=arr("str"))
COUNTS = {"video_views": "int", "likes": "int", "comments": "int", "shares": "int"}
CAMPAIGN_FIELDS: dict[str, Any] = {
    "campaign_type": "str",
    "campaign_name": "str",
    "tto_tcm_account_id": "str",
    "handle_names": arr("str"),
    "advertiser_ids": arr("str"),
    "default_spark_ads_requested_authorization_days": "int",
    "campaign_description": "str",
    "video_requirements": REQUIREMENTS,
    "video_number": "int",
}
CAMPAIGN = obj(campaign_id="str", invite_link="str", create_time="int?", **CAMPAIGN_FIELDS)
CAMPAIGN_BODY = obj(brand_profile_id="str", send_notification="bool", **CAMPAIGN_FIELDS)
ORDER = obj(
    order_id="str",
    handle_name="str",
    video_ids=arr("str"),
    campaign_code="str",
    campaign_id={"type": "string", "description": "The simulator's addition."},
    invite_link="str",
    status={
        **enum("INVITED", "JOINED", "ACCEPTED", "REJECTED"),
        "description": "The simulator's addition (Flex reads it): the creator's membership.",
    },
    quota=QUOTA,
)
POST = obj(
    video_id="str",
    caption="str",
    engagement_rate="num",
    embed_url="str",
    thumbnail_url="str",
    create_time="int",
    **COUNTS,
)
INSIGHTS = obj(favorites="int", reach="int", engagement_rate="num", **COUNTS)
AUTH_STATUS = obj(
    video_id="str",
    auth_status=enum("WAITING", "ACCEPTED", "REJECTED"),
    auth_code="str",
    auth_code_status=enum("NOT_USED", "IN_USE", "EXPIRED", "DELETED"),
    requested_authorization_days="int",
    authorization_days={
        "type": "integer",
        "description": "The simulator's addition: the same as requested_authorization_days.",
    },
    auth_code_start_time="str?",
    auth_code_end_time="str?",
)
LINK = obj(link_request_id="str", video_id="str", status="str")
CREATOR_LINK = {"creator_id": "str", "tto_invite_link": "str"}
VIDEO_V2 = obj(
    id="str",
    create_time="int",
    cover_image_url="str",
    share_url="str",
    video_description="str",
    duration="int",
    height="int",
    width="int",
    title="str",
    embed_html="str",
    embed_link="str",
    like_count="int",
    comment_count="int",
    share_count="int",
    view_count="int",
)
VIDEOS_V2 = obj(videos=arr(VIDEO_V2), cursor="int", has_more="bool")
SOURCE_INFO = obj(
    source="str", video_size="int", chunk_size="int", total_chunk_count="int", video_url="str"
)
PUBLISH_STARTED = obj(publish_id="str", upload_url="str")


# ---- one builder per API style ---------------------------------------------------------------
def biz(
    summary: str, data: Schema, params: list[Schema] | None = None, body: Schema | None = None
) -> Schema:
    """A Business API operation: Access-Token header, `{code, message, request_id, data}`."""
    envelope = obj(code="int", message="str", request_id="str", data=data)
    ok = answer(
        "TikTok's envelope; code 0 is success, any other code an error with data {} "
        "(still HTTP 200).",
        envelope,
    )
    return operation(
        summary,
        "Business API",
        {"200": ok},
        [header("Access-Token"), *(params or [])],
        json_body(body) if body is not None else None,
    )


OPEN_ERROR = obj(code="str", message="str", log_id="str")


def v2(
    summary: str,
    data: Schema,
    params: list[Schema] | None = None,
    body: Schema | None = None,
    bearer: bool = True,
) -> Schema:
    """An Open API v2 operation: `{data, error: {code, message, log_id}}`."""
    failed = answer(
        "Error: data {}, error.code such as access_token_invalid (401), "
        "scope_not_authorized (401), invalid_params (400), rate_limit_exceeded (429).",
        obj(data=obj(), error=OPEN_ERROR),
    )
    return operation(
        summary,
        "Open API v2",
        {
            "200": answer("Success (error.code 'ok').", obj(data=data, error=OPEN_ERROR)),
            "default": failed,
        },
        [*([header("Authorization")] if bearer else []), *(params or [])],
        json_body(body) if body is not None else None,
    )


OAUTH_ERROR = obj(error="str", error_description="str", log_id="str")


def oauth(summary: str, form: Schema, ok: Schema, errors: dict[str, str]) -> Schema:
    """A Login Kit token endpoint: a form in, flat OAuth JSON out, `{error, ...}` on errors."""
    failed = {status: answer(text, OAUTH_ERROR) for status, text in errors.items()}
    return operation(summary, "Open API v2", {"200": ok, **failed}, body=content(form, FORM))


SCREEN_ANSWERS = {
    200: answer("An HTML page.", s("str"), HTML),
    302: answer("Redirect to the next screen (form posts)."),
    400: answer("Bad input: the app's error page says what was wrong.", s("str"), HTML),
    403: answer(
        "The signed-in account was not invited to, or is not accepted in, this campaign.",
        s("str"),
        HTML,
    ),
    404: answer(
        "No such invite link, campaign, draft, post or account on this phone.", s("str"), HTML
    ),
    409: answer("No account is signed in on this phone.", s("str"), HTML),
}
# what the screens answer besides their page (GET) or redirect (POST)
MISSING = (404,)
ON_PHONE = (404, 409)
IN_CAMPAIGN = (403, 404, 409)


def page(
    summary: str,
    answers: tuple[int, ...] = (200,),
    form: Schema | None = None,
    params: list[Schema] | None = None,
) -> Schema:
    """A screen of the TikTok app (HTML), or a form post that redirects; `answers`: its statuses.

    The path's own parameters are added by `screens`."""
    return operation(
        summary,
        "App screens",
        {str(status): SCREEN_ANSWERS[status] for status in answers},
        params or [],
        content(form, FORM) if form is not None else None,
    )


def screens(paths: dict[str, dict[str, Schema]]) -> dict[str, dict[str, Schema]]:
    """Screen paths, each operation given its path's parameters first."""
    for path, ops in paths.items():
        for op in ops.values():
            op["parameters"] = [*path_params(path), *op["parameters"]]
    return paths


# ---- the paths -------------------------------------------------------------------------------
TTO = "/open_api/v1.3"

BUSINESS: dict[str, dict[str, Schema]] = {
    f"{TTO}/tto/tcm/campaign/create/": {
        "post": biz(
            "Create a TikTok One campaign and invite creators. campaign_description, "
            "video_requirements and video_number are the simulator's additions.",
            obj(campaign_id="str", invite_link="str", failed_handle_names=arr("str")),
            body=CAMPAIGN_BODY,
        )
    },
    f"{TTO}/tto/tcm/campaign/update/": {
        "post": biz(
            "Update a campaign; handle_names invites more creators.",
            obj(campaign_id="str", failed_handle_names=arr("str")),
            body=CAMPAIGN_BODY,
        )
    },
    f"{TTO}/tto/tcm/campaign/": {
        "get": biz(
            "One campaign (campaign_id) or the brand's campaigns, paged.",
            obj(campaigns=arr(CAMPAIGN), page_info=PAGE_INFO),
            [*needed("tto_tcm_account_id"), q("campaign_id"), *PAGING],
        )
    },
    f"{TTO}/tto/tcm/campaign/creator/review/": {
        "post": biz(
            "Accept or reject a creator who joined (manual or delayed review)." + SIM,
            obj(order_id="str", handle_name="str", status="str"),
            body=obj(tto_tcm_account_id="str", campaign_id="str", handle_name="str", action="str"),
        )
    },
    f"{TTO}/tto/tcm/campaign/link/": {
        "post": biz(
            "Brand link review: LINK approves a creator request (or asks the creator); REVOKE.",
            LINK,
            body=obj(tto_tcm_account_id="str", campaign_id="str", video_id="str", action="str"),
        )
    },
    f"{TTO}/tto/creator/campaign/join/": {
        "post": biz(
            "The creator joins a campaign (brand token or the creator's own OAuth token).",
            obj(campaign_id="str", order_id="str", status="str"),
            body=obj(**CREATOR_LINK),
        )
    },
    f"{TTO}/tto/creator/campaign/video/link/": {
        "post": biz(
            "Link an existing published post to a campaign.",
            LINK,
            body=obj(**CREATOR_LINK, video_id="str"),
        )
    },
    f"{TTO}/tto/creator/link/request/get/": {
        "get": biz(
            "The brand's pending requests to link the creator's posts.",
            obj(campaign_id="str", spark_authorization_days="int", link_requests=arr(LINK)),
            needed(*CREATOR_LINK),
        )
    },
    f"{TTO}/tto/creator/link/request/confirm/": {
        "post": biz(
            "Approve or reject a link request.",
            obj(link_request_id="str", status="str"),
            body=obj(creator_id="str", link_request_id="str", action="str"),
        )
    },
    f"{TTO}/tcm/order/create/v2/": {
        "post": biz(
            "TTCM workflow 2.0: create orders with deliverables.",
            obj(
                campaign_code="str",
                invite_link="str",
                remaining_orders="int",
                failed_handle_names=arr("str"),
                orders=arr(ORDER),
            ),
            body=obj(
                tcm_account_id="str",
                brand_name="str",
                description="str",
                handle_names=arr("str"),
                campaign_code="str",
                order_source="str",
                deliverables=arr(
                    obj(deliverable_name="str", spark_ads_requested_authorization_days="int")
                ),
                video_number="int",
            ),
        )
    },
    f"{TTO}/tcm/order/get/v2/": {
        "get": biz(
            "Orders by ORDER_ID (order_ids JSON array), CAMPAIGN_CODE or INVITE_LINK.",
            obj(orders=arr(ORDER), page_info=PAGE_INFO),
            [
                ACCOUNT,
                *needed("query_type"),
                q("order_ids"),
                q("campaign_code"),
                q("invite_link"),
                *PAGING,
            ],
        )
    },
    f"{TTO}/tcm/report/get/v2/": {
        "get": biz(
            "Metrics per video of the orders (cumulative at the end of the range).",
            obj(
                videos=arr(
                    obj(
                        order_id="str",
                        video_id="str",
                        insights=INSIGHTS,
                        daily_stats=arr(obj(date="str", **COUNTS)),
                    )
                )
            ),
            [
                ACCOUNT,
                *needed("order_ids", "start_date", "end_date"),
                q("need_daily_stats", "bool"),
            ],
        )
    },
    f"{TTO}/tcm/video/audit_status/get/": {
        "get": biz(
            "Upload, binding and content review status of an order's videos (v2_order_id);"
            " video_id instead is the simulator's addition.",
            obj(
                audit_status_list=arr(
                    obj(
                        video_id="str",
                        video_status="str",
                        bind_status="str",
                        review_status="str",
                        reject_reason="str",
                        upload_time="str?",
                        publish_time="str?",
                        cover_image_url="str",
                        embed_url="str",
                    )
                )
            ),
            [ACCOUNT, q("v2_order_id"), q("video_id")],
        )
    },
    f"{TTO}/tcm/creator/authorized/": {
        "get": biz(
            "Creators who joined the brand's campaigns.",
            obj(
                creators=arr(
                    obj(
                        handle_name="str",
                        creator_id="str",
                        display_name="str",
                        followers_count="int",
                        country_code="str",
                    )
                ),
                page_info=PAGE_INFO,
            ),
            [ACCOUNT, q("handle_name"), *PAGING],
        )
    },
    f"{TTO}/tcm/creator/authorized/video/list/": {
        "get": biz(
            "A creator's published posts (cursor in ms, newest first) or those in video_ids.",
            obj(posts=arr(POST), has_more="bool", cursor="int"),
            [
                ACCOUNT,
                q("handle_name"),
                q("creator_id"),
                q("video_ids"),
                q("cursor", "int"),
                q("limit", "int"),
            ],
        )
    },
    f"{TTO}/tcm/creator/status/get/": {
        "get": biz(
            "IN, NOT_IN, INVALID or INVITED per handle (handle_names: a JSON-encoded array,"
            " at most 20; a single handle_name is the simulator's addition).",
            obj(onboarding_status=arr(obj(handler_name="str", status="str"))),
            [ACCOUNT, q("handle_names"), q("handle_name")],
        )
    },
    f"{TTO}/tcm/tt_video/apply/": {
        "post": biz(
            "Ask the creator for Spark Ads authorization (APPLY) or withdraw (CANCEL).",
            AUTH_STATUS,
            body=obj(tcm_account_id="str", video_id="str", authorization_days="int", action="str"),
        )
    },
    f"{TTO}/tcm/tt_video/status/": {
        "get": biz("A post's ad authorization.", AUTH_STATUS, [ACCOUNT, *needed("video_id")])
    },
    f"{TTO}/tt_video/authorize/": {
        "post": biz(
            "An advertiser redeems an auth code.",
            obj(video_id="str", auth_code_status="str"),
            body=obj(advertiser_id="str", auth_code="str"),
        )
    },
    f"{TTO}/tt_video/info/": {
        "get": biz(
            "What an auth code authorizes.",
            obj(
                auth_info=obj(
                    ad_auth_status="str",
                    auth_start_time={
                        "type": "string",
                        "nullable": True,
                        "description": "UTC+0, as 2017-01-01 00:00:00",
                    },
                    auth_end_time={
                        "type": "string",
                        "nullable": True,
                        "description": "UTC+0, as 2017-01-01 00:00:00",
                    },
                ),
                item_info=obj(auth_code="str", item_id="str", text="str", status="str"),
                user_info=obj(tiktok_name="str", identity_id="str", identity_type="str"),
                video_info=obj(duration="int"),
            ),
            needed("advertiser_id", "auth_code"),
        )
    },
}

OPEN_API: dict[str, dict[str, Schema]] = {
    "/v2/auth/authorize/": {
        "get": page(
            "Login Kit consent page (www.tiktok.com/v2/auth/authorize/ on real TikTok).",
            (200, 400, 409),
            params=[
                *needed("client_key", "scope", "response_type", "redirect_uri"),
                q("state"),
                q("code_challenge"),
                q("code_challenge_method"),
            ],
        ),
        "post": page(
            "Authorize or cancel; redirects to redirect_uri with code, scopes, state (or error).",
            (302, 400, 409),
            obj(decision="str", client_key="str", scope="str", redirect_uri="str", state="str"),
        ),
    },
    "/portal/auth": {
        "get": page(
            "TikTok for Business advertiser authorization page (business-api.tiktok.com/portal/"
            "auth on real TikTok): the brand's app asks to manage ad accounts.",
            (200, 400, 403),
            params=[*needed("app_id", "redirect_uri"), q("state")],
        ),
        "post": page(
            "Confirm (decision=confirm, advertiser_ids) or cancel; redirects to redirect_uri with"
            " auth_code (and code, the same), state (or error=access_denied). The code works"
            " once, for an hour, with oauth2/access_token/.",
            (302, 400, 403),
            obj(
                decision="str", app_id="str", redirect_uri="str", state="str", advertiser_ids="str"
            ),
        ),
    },
    "/v2/oauth/token/": {
        "post": oauth(
            "Exchange a code (authorization_code, PKCE code_verifier) or refresh_token. "
            "Answers flat OAuth JSON, errors as {error, error_description, log_id}.",
            obj(
                client_key="str",
                client_secret="str",
                code="str",
                grant_type="str",
                redirect_uri="str",
                code_verifier="str",
                refresh_token="str",
            ),
            answer(
                "Tokens.",
                obj(
                    open_id="str",
                    scope="str",
                    access_token="str",
                    expires_in="int",
                    refresh_token="str",
                    refresh_expires_in="int",
                    token_type="str",
                ),
            ),
            {"default": "OAuth error."},
        )
    },
    "/v2/oauth/revoke/": {
        "post": oauth(
            "Revoke a token (sends authorization.removed).",
            obj(client_key="str", client_secret="str", token="str"),
            answer("Revoked.", obj()),
            {
                "400": "invalid_request: the token is unknown or another app's.",
                "401": "invalid_client: client_key or client_secret is wrong.",
            },
        )
    },
    "/v2/post/publish/creator_info/query/": {
        "post": v2(
            "Creator info for posting (scope video.publish; 20/min per token).",
            obj(
                creator_avatar_url="str",
                creator_username="str",
                creator_nickname="str",
                privacy_level_options=arr("str"),
                comment_disabled="bool",
                duet_disabled="bool",
                stitch_disabled="bool",
                max_video_post_duration_sec="int",
            ),
        )
    },
    "/v2/post/publish/inbox/video/init/": {
        "post": v2(
            "Upload to the creator's drafts (scope video.upload; 6/min per token).",
            PUBLISH_STARTED,
            body=obj(source_info=SOURCE_INFO),
        )
    },
    "/v2/post/publish/video/init/": {
        "post": v2(
            "Direct post (scope video.publish; 6/min per token).",
            PUBLISH_STARTED,
            body=obj(
                post_info=obj(
                    title="str",
                    privacy_level="str",
                    disable_duet="bool",
                    disable_comment="bool",
                    disable_stitch="bool",
                    video_cover_timestamp_ms="int",
                    brand_content_toggle="bool",
                    brand_organic_toggle="bool",
                    is_aigc="bool",
                ),
                source_info=SOURCE_INFO,
            ),
        )
    },
    "/upload/": {
        "put": operation(
            "Media transfer: one chunk per PUT with Content-Range.",
            "Open API v2",
            {
                "201": answer("Last chunk received."),
                "206": answer("Chunk received; send the next."),
                "400": answer("Body length does not match Content-Range."),
                "403": answer("Upload URL expired (1 h) or unknown."),
                "416": answer("Range out of order, wrong total or wrong chunk size."),
            },
            [*needed("upload_id", "upload_token"), header("Content-Range")],
            content({"type": "string", "format": "binary"}, "video/mp4"),
        )
    },
    "/v2/post/publish/status/fetch/": {
        "post": v2(
            "Publish status (30/min per token).",
            obj(
                status="str",
                fail_reason="str",
                publicaly_available_post_id=arr({"type": "integer", "format": "int64"}),
                uploaded_bytes="int",
                downloaded_bytes="int",
            ),
            body=obj(publish_id="str"),
        )
    },
    "/v2/user/info/": {
        "get": v2(
            "The token's user; each field needs its scope.",
            obj(
                user=obj(
                    open_id="str",
                    union_id="str",
                    avatar_url="str",
                    display_name="str",
                    username="str",
                )
            ),
            needed("fields"),
        )
    },
    "/v2/video/list/": {
        "post": v2(
            "The user's public videos (scope video.list), cursor paging.",
            VIDEOS_V2,
            needed("fields"),
            obj(cursor="int", max_count="int"),
        )
    },
    "/v2/video/query/": {
        "post": v2(
            "The user's videos by id (scope video.list).",
            VIDEOS_V2,
            needed("fields"),
            obj(filters=obj(video_ids=arr("str"))),
        )
    },
}

APP: dict[str, dict[str, Schema]] = {
    "/": {"get": page("What this fake serves.")},
    "/openapi.json": {
        "get": operation("This document.", "Meta", {"200": answer("OpenAPI 3.0", obj())})
    },
    **screens(
        {
            "/app/account": {
                "post": page(
                    "Switch the phone's current account.",
                    (302, *MISSING),
                    obj(handle="str", next="str"),
                )
            },
            "/tto/invite/{code}": {
                "get": page("Campaign details from an invite link.", (200, *ON_PHONE))
            },
            "/tto/invite/{code}/join": {
                "post": page("Join Campaign (terms checkbox).", (302, *ON_PHONE), obj(terms="str"))
            },
            "/tto/campaigns/{campaign_id}/upload": {
                "get": page("Upload options.", (200, *IN_CAMPAIGN))
            },
            "/tto/campaigns/{campaign_id}/record": {
                "post": page("Record Video: a new draft.", (302, *IN_CAMPAIGN))
            },
            "/tto/campaigns/{campaign_id}/drafts": {
                "get": page("The creator's drafts.", (200, *IN_CAMPAIGN)),
                "post": page("Next with the chosen draft.", (302, *IN_CAMPAIGN), obj(draft="str")),
            },
            "/tto/campaigns/{campaign_id}/link": {
                "get": page("Published posts to link.", (200, *IN_CAMPAIGN)),
                "post": page("Link the chosen post.", (302, *IN_CAMPAIGN), obj(video="str")),
            },
            "/tto/campaigns/{campaign_id}/compose": {
                "get": page("The composer.", (200, *IN_CAMPAIGN), params=needed("draft")),
                "post": page(
                    "Post (checks required elements); the composer again with what is missing.",
                    (200, 302, *IN_CAMPAIGN),
                    obj(draft="str", description="str"),
                ),
            },
            "/tto/videos/{video_id}": {
                "get": page("The post: processing, published or failed.", (200, *MISSING))
            },
            "/tto/videos/{video_id}/ads": {
                "post": page(
                    "Turn on ad authorization and generate a code.",
                    (302, *ON_PHONE),
                    obj(days="int"),
                )
            },
            "/tto/videos/{video_id}/ads/answer": {
                "post": page(
                    "Accept or decline a brand's ad request.", (302, *ON_PHONE), obj(answer="str")
                )
            },
            "/tto/videos/{video_id}/ads/stop": {
                "post": page(
                    "Turn ad authorization off: the code is deleted, Spark Ads using it stop.",
                    (302, *ON_PHONE),
                )
            },
            "/@{handle}": {
                "get": page(
                    "An account's profile: handle, nickname, followers and a grid of published"
                    " posts (the phone's own account: every post, each to its post page).",
                    (200, *MISSING),
                )
            },
            "/@{handle}/video/{video_id}": {"get": page("A post's public page.", (200, *MISSING))},
            "/embed/v2/{video_id}": {"get": page("A post's embed player.", (200, *MISSING))},
            **{
                path: {
                    "get": operation(
                        summary,
                        "App screens",
                        {
                            "200": answer("SVG", s("str"), "image/svg+xml"),
                            "404": SCREEN_ANSWERS[404],
                        },
                        [],
                    )
                }
                for path, summary in (
                    ("/media/{video_id}.svg", "A post's cover image (its draft's colours)."),
                    ("/media/drafts/{draft_id}.svg", "A draft's cover image."),
                )
            },
        }
    ),
}

# ---- generated from the registry ---------------------------------------------------------------
REF = "#/components/schemas/{name}"
SECURITY_SCHEMES: Schema = {
    "AccessToken": {
        "type": "apiKey",
        "in": "header",
        "name": "Access-Token",
        "description": "A brand's Business API access token (or, on creator-side calls, the "
        "creator's own OAuth access token).",
    },
    "Bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An Open API v2 user access token from /v2/oauth/token/.",
    },
}


def _strict(schema: Any) -> None:
    """Every object lists `required` (maybe empty), in place, all the way down."""
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            schema.setdefault("required", [])
            schema.setdefault("properties", {})
        for value in schema.values():
            _strict(value)
    elif isinstance(schema, list):
        for value in schema:
            _strict(value)


def _closed(properties: Schema, required: list[str] | None = None) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


STRING, EMPTY = {"type": "string"}, _closed({})
ENVELOPES: Schema = {
    "BusinessError": _closed(
        {
            "code": {"type": "integer", "enum": BUSINESS_ERROR_CODES},
            "message": STRING,
            "request_id": STRING,
            "data": EMPTY,
        }
    ),
    "OpenApiError": _closed(
        {
            "data": EMPTY,
            "error": _closed(
                {
                    "code": {"type": "string", "enum": OPEN_ERROR_CODES},
                    "message": STRING,
                    "log_id": STRING,
                }
            ),
        }
    ),
    "OAuthError": _closed(
        {
            "error": {"type": "string", "enum": OPEN_ERROR_CODES},
            "error_description": STRING,
            "log_id": STRING,
        }
    ),
}


def _success(op: Operation, data: Schema) -> Schema:
    if op.style == "business":
        return _closed(
            {"code": {"const": 0}, "message": STRING, "request_id": STRING, "data": data}
        )
    if op.style == "open":
        ok = _closed({"code": {"const": "ok"}, "message": STRING, "log_id": STRING})
        return _closed({"data": data, "error": ok})
    return data


def _ref(name: str) -> Schema:
    return {"$ref": REF.format(name=name)}


def _responses(op: Operation, data: Schema) -> Schema:
    success = _success(op, data)
    if op.style == "business":
        body = {"oneOf": [success, _ref("BusinessError")]}
        return {
            "200": answer(
                "TikTok's envelope, always HTTP 200: code 0 and the data, or an error code "
                "(40002 names the refused field) with data {}.",
                body,
            )
        }
    error = "OpenApiError" if op.style == "open" else "OAuthError"
    return {
        "200": answer("Success.", success),
        "default": answer(
            "An error in TikTok's shape, with its HTTP status: 400 invalid_params (naming the "
            "field), 401 access_token_invalid or scope_not_authorized, 429 rate_limit_exceeded.",
            _ref(error),
        ),
    }


def _parameters(model: Schema, list_fields: frozenset[str]) -> list[Schema]:
    params = []
    for name, schema in model.get("properties", {}).items():
        param: Schema = {"name": name, "in": "query", "required": name in model.get("required", [])}
        if name in list_fields:  # a JSON-encoded array, as TikTok's SDKs send them
            param["content"] = {JSON: {"schema": schema}}
        else:
            param["schema"] = schema
        params.append(param)
    return params


def registry_document(operations: list[Operation]) -> tuple[dict[str, dict[str, Schema]], Schema]:
    """The paths of every declared operation and the component schemas they refer to."""
    types: list[Any] = []
    for op in operations:
        types.extend(t for t in (op.query, op.body, op.answer) if t is not None)
    refs, components = msgspec.json.schema_components(types, ref_template=REF)
    schema_of = dict(zip(types, refs, strict=True))
    _strict(components)
    paths: dict[str, dict[str, Schema]] = {}
    for op in operations:
        item: Schema = {
            "summary": op.summary,
            "tags": [op.tag],
            "operationId": f"{op.method.lower()}_{op.handler.__name__}",
        }
        if op.description:
            item["description"] = op.description
        if op.security:
            item["security"] = [{op.security: []}]
        if op.query is not None:
            model = components[op.query.__name__]
            item["parameters"] = _parameters(model, op.list_fields)
        if op.body is not None:
            media = FORM if op.style == "oauth" else JSON
            item["requestBody"] = {"required": True, **content(schema_of[op.body], media)}
        item["responses"] = _responses(op, schema_of[op.answer])
        paths.setdefault(op.path, {})[op.method.lower()] = item
    query_models = {op.query.__name__ for op in operations if op.query is not None}
    for name in query_models:  # described as parameters, not referred to
        components.pop(name, None)
    return paths, {**components, **ENVELOPES}


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    operations = [op for family in FAMILIES for op in family.operations]
    generated, components = registry_document(operations)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TikTok simulator",
            "version": "1.0",
            "description": "A local fake of TikTok's Business API (TikTok One / TTCM), Open API v2 "
            "and the TikTok app's creator screens. Control endpoints live under /_sim.",
        },
        "paths": {**BUSINESS, **OPEN_API, **APP, **generated},
        "components": {"schemas": components, "securitySchemes": SECURITY_SCHEMES},
    }


@functools.cache
def _encoded() -> bytes:
    return json.dumps(document()).encode()


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the description, so clients and tests can check themselves against it."""
    return Response(_encoded(), mimetype="application/json")
