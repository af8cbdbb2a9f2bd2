"""`/openapi.json`: an OpenAPI 3.0 description of every route the fake TikTok serves."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

bp = Blueprint("openapi", __name__)

Schema = dict[str, Any]
SIM = " (The simulator's addition: TikTok documents no such endpoint.)"


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


PAGE_INFO = obj(page="int", page_size="int", total_number="int", total_page="int")
QUOTA = obj(current_video_count="int", per_creator_video_limit="int", total_video_limit="int")
ORDER = obj(
    order_id="str",
    handle_name="str",
    video_ids=arr("str"),
    campaign_code="str",
    campaign_id="str",
    invite_link="str",
    status={"type": "string", "enum": ["INVITED", "JOINED", "ACCEPTED", "REJECTED"]},
    quota=QUOTA,
)
CAMPAIGN = obj(
    campaign_id="str",
    campaign_name="str",
    campaign_type="str",
    tto_tcm_account_id="str",
    invite_link="str",
    handle_names=arr("str"),
    advertiser_ids=arr("str"),
    default_spark_ads_requested_authorization_days="int",
    campaign_description="str",
    video_requirements=obj(description="str", required_elements=arr("str")),
    video_number="int",
    create_time="int?",
)
POST = obj(
    video_id="str",
    caption="str",
    likes="int",
    comments="int",
    shares="int",
    video_views="int",
    engagement_rate="num",
    embed_url="str",
    thumbnail_url="str",
    create_time="int",
)
INSIGHTS = obj(
    video_views="int",
    likes="int",
    comments="int",
    shares="int",
    favorites="int",
    reach="int",
    engagement_rate="num",
)
AUTH_STATUS = obj(
    video_id="str",
    auth_status={"type": "string", "enum": ["WAITING", "ACCEPTED", "REJECTED"]},
    auth_code="str",
    auth_code_status={"type": "string", "enum": ["NOT_USED", "IN_USE", "EXPIRED", "DELETED"]},
    authorization_days="int",
    auth_code_start_time="str?",
    auth_code_end_time="str?",
)
LINK = obj(link_request_id="str", video_id="str", status="str")
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


def q(name: str, kind: str = "str", required: bool = False, where: str = "query") -> Schema:
    """A parameter."""
    return {"name": name, "in": where, "required": required, "schema": s(kind)}


def biz(
    summary: str, data: Schema, params: list[Schema] | None = None, body: Schema | None = None
) -> Schema:
    """A Business API operation: Access-Token header, `{code, message, request_id, data}`."""
    envelope = obj(code="int", message="str", request_id="str", data=data)
    op: Schema = {
        "summary": summary,
        "tags": ["Business API"],
        "parameters": [q("Access-Token", required=True, where="header"), *(params or [])],
        "responses": {
            "200": {
                "description": "TikTok's envelope; code 0 is success, any other code an error "
                "with data {} (still HTTP 200).",
                "content": {"application/json": {"schema": envelope}},
            }
        },
    }
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


def v2(
    summary: str,
    data: Schema,
    params: list[Schema] | None = None,
    body: Schema | None = None,
    bearer: bool = True,
) -> Schema:
    """An Open API v2 operation: `{data, error: {code, message, log_id}}`."""
    error = obj(code="str", message="str", log_id="str")
    op: Schema = {
        "summary": summary,
        "tags": ["Open API v2"],
        "parameters": [q("Authorization", required=True, where="header")] if bearer else [],
        "responses": {
            "200": {
                "description": "Success (error.code 'ok').",
                "content": {"application/json": {"schema": obj(data=data, error=error)}},
            },
            "default": {
                "description": "Error: data {}, error.code such as access_token_invalid (401), "
                "scope_not_authorized (401), invalid_params (400), rate_limit_exceeded (429).",
                "content": {"application/json": {"schema": obj(data=obj(), error=error)}},
            },
        },
    }
    op["parameters"] += params or []
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


SCREEN_ERRORS = {
    400: "Bad input: the app's error page says what was wrong.",
    403: "The signed-in account was not invited to, or is not accepted in, this campaign.",
    404: "No such invite link, campaign, draft, post or account on this phone.",
    409: "No account is signed in on this phone.",
}


def page(
    summary: str,
    params: list[Schema] | None = None,
    form: Schema | None = None,
    answers: tuple[int, ...] = (200,),
) -> Schema:
    """A screen of the TikTok app (HTML), or a form post that redirects; `answers`: its statuses."""
    responses: Schema = {}
    for status in answers:
        if status == 200:
            responses["200"] = {
                "description": "An HTML page.",
                "content": {"text/html": {"schema": s("str")}},
            }
        elif status == 302:
            responses["302"] = {"description": "Redirect to the next screen (form posts)."}
        else:
            responses[str(status)] = {
                "description": SCREEN_ERRORS[status],
                "content": {"text/html": {"schema": s("str")}},
            }
    op: Schema = {
        "summary": summary,
        "tags": ["App screens"],
        "parameters": params or [],
        "responses": responses,
    }
    if form is not None:
        op["requestBody"] = {"content": {"application/x-www-form-urlencoded": {"schema": form}}}
    return op


# what the screens answer besides their page (GET) or redirect (POST)
MISSING = (404,)
ON_PHONE = (404, 409)
IN_CAMPAIGN = (403, 404, 409)


def path_param(name: str) -> Schema:
    """A path parameter."""
    return q(name, required=True, where="path")


TTO = "/open_api/v1.3"
CAMPAIGN_BODY = obj(
    tto_tcm_account_id="str",
    campaign_type="str",
    campaign_name="str",
    brand_profile_id="str",
    handle_names=arr("str"),
    advertiser_ids=arr("str"),
    default_spark_ads_requested_authorization_days="int",
    send_notification="bool",
    campaign_description="str",
    video_requirements=obj(description="str", required_elements=arr("str")),
    video_number="int",
)
ACCOUNT = q("tcm_account_id", required=True)

PATHS: dict[str, dict[str, Schema]] = {
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
            [
                q("tto_tcm_account_id", required=True),
                q("campaign_id"),
                q("page", "int"),
                q("page_size", "int"),
            ],
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
            body=obj(creator_id="str", tto_invite_link="str"),
        )
    },
    f"{TTO}/tto/creator/campaign/video/link/": {
        "post": biz(
            "Link an existing published post to a campaign.",
            LINK,
            body=obj(creator_id="str", tto_invite_link="str", video_id="str"),
        )
    },
    f"{TTO}/tto/creator/link/request/get/": {
        "get": biz(
            "The brand's pending requests to link the creator's posts.",
            obj(campaign_id="str", spark_authorization_days="int", link_requests=arr(LINK)),
            [q("creator_id", required=True), q("tto_invite_link", required=True)],
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
                q("query_type", required=True),
                q("order_ids"),
                q("campaign_code"),
                q("invite_link"),
                q("page", "int"),
                q("page_size", "int"),
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
                        daily_stats=arr(
                            obj(
                                date="str",
                                video_views="int",
                                likes="int",
                                comments="int",
                                shares="int",
                            )
                        ),
                    )
                )
            ),
            [
                ACCOUNT,
                q("order_ids", required=True),
                q("start_date", required=True),
                q("end_date", required=True),
                q("need_daily_stats", "bool"),
            ],
        )
    },
    f"{TTO}/tcm/video/audit_status/get/": {
        "get": biz(
            "Upload, binding and content review status of a video.",
            obj(
                video_id="str",
                video_status="str",
                bind_status="str",
                review_status="str",
                reject_reason="str",
                publish_time="str?",
                embed_url="str",
            ),
            [ACCOUNT, q("video_id", required=True)],
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
            [ACCOUNT, q("handle_name"), q("page", "int"), q("page_size", "int")],
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
            "IN, NOT_IN, INVALID or INVITED.",
            obj(handle_name="str", status="str"),
            [ACCOUNT, q("handle_name", required=True)],
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
        "get": biz(
            "A post's ad authorization.", AUTH_STATUS, [ACCOUNT, q("video_id", required=True)]
        )
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
                auth_info=obj(ad_auth_status="str", auth_start_time="str?", auth_end_time="str?"),
                item_info=obj(auth_code="str", item_id="str", text="str", status="str"),
                user_info=obj(tiktok_name="str", identity_id="str", identity_type="str"),
                video_info=obj(duration="int"),
            ),
            [q("advertiser_id", required=True), q("auth_code", required=True)],
        )
    },
    f"{TTO}/subscription/subscribe/": {
        "post": biz(
            "Subscribe a callback URL to TCM_VIDEOS webhooks (signed with TikTok-Signature).",
            obj(subscription_id="str"),
            body=obj(app_id="str", secret="str", subscribe_entity="str", callback_url="str"),
        )
    },
    f"{TTO}/subscription/get/": {
        "get": biz(
            "The brand's subscriptions.",
            obj(
                subscriptions=arr(
                    obj(
                        subscription_id="str",
                        subscribe_entity="str",
                        callback_url="str",
                        app_id="str",
                    )
                )
            ),
        )
    },
    f"{TTO}/subscription/unsubscribe/": {
        "post": biz(
            "Remove a subscription.", obj(subscription_id="str"), body=obj(subscription_id="str")
        )
    },
    "/v2/auth/authorize/": {
        "get": page(
            "Login Kit consent page (www.tiktok.com/v2/auth/authorize/ on real TikTok).",
            answers=(200, 400, 409),
            params=[
                q("client_key", required=True),
                q("scope", required=True),
                q("response_type", required=True),
                q("redirect_uri", required=True),
                q("state"),
                q("code_challenge"),
                q("code_challenge_method"),
            ],
        ),
        "post": page(
            "Authorize or cancel; redirects to redirect_uri with code, scopes, state (or error).",
            form=obj(
                decision="str", client_key="str", scope="str", redirect_uri="str", state="str"
            ),
            answers=(302, 400, 409),
        ),
    },
    "/v2/oauth/token/": {
        "post": {
            "summary": "Exchange a code (authorization_code, PKCE code_verifier) or refresh_token. "
            "Answers flat OAuth JSON, errors as {error, error_description, log_id}.",
            "tags": ["Open API v2"],
            "requestBody": {
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": obj(
                            client_key="str",
                            client_secret="str",
                            code="str",
                            grant_type="str",
                            redirect_uri="str",
                            code_verifier="str",
                            refresh_token="str",
                        )
                    }
                }
            },
            "responses": {
                "200": {
                    "description": "Tokens.",
                    "content": {
                        "application/json": {
                            "schema": obj(
                                open_id="str",
                                scope="str",
                                access_token="str",
                                expires_in="int",
                                refresh_token="str",
                                refresh_expires_in="int",
                                token_type="str",
                            )
                        }
                    },
                },
                "default": {
                    "description": "OAuth error.",
                    "content": {
                        "application/json": {
                            "schema": obj(error="str", error_description="str", log_id="str")
                        }
                    },
                },
            },
        }
    },
    "/v2/oauth/revoke/": {
        "post": {
            "summary": "Revoke a token (sends authorization.removed).",
            "tags": ["Open API v2"],
            "requestBody": {
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": obj(client_key="str", client_secret="str", token="str")
                    }
                }
            },
            "responses": {
                "200": {
                    "description": "Revoked.",
                    "content": {"application/json": {"schema": obj()}},
                },
                "400": {
                    "description": "invalid_request: the token is unknown or another app's.",
                    "content": {
                        "application/json": {
                            "schema": obj(error="str", error_description="str", log_id="str")
                        }
                    },
                },
                "401": {
                    "description": "invalid_client: client_key or client_secret is wrong.",
                    "content": {
                        "application/json": {
                            "schema": obj(error="str", error_description="str", log_id="str")
                        }
                    },
                },
            },
        }
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
            obj(publish_id="str", upload_url="str"),
            body=obj(
                source_info=obj(
                    source="str",
                    video_size="int",
                    chunk_size="int",
                    total_chunk_count="int",
                    video_url="str",
                )
            ),
        )
    },
    "/v2/post/publish/video/init/": {
        "post": v2(
            "Direct post (scope video.publish; 6/min per token).",
            obj(publish_id="str", upload_url="str"),
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
                source_info=obj(
                    source="str",
                    video_size="int",
                    chunk_size="int",
                    total_chunk_count="int",
                    video_url="str",
                ),
            ),
        )
    },
    "/upload/": {
        "put": {
            "summary": "Media transfer: one chunk per PUT with Content-Range.",
            "tags": ["Open API v2"],
            "parameters": [
                q("upload_id", required=True),
                q("upload_token", required=True),
                q("Content-Range", required=True, where="header"),
            ],
            "requestBody": {
                "content": {"video/mp4": {"schema": {"type": "string", "format": "binary"}}}
            },
            "responses": {
                "201": {"description": "Last chunk received."},
                "206": {"description": "Chunk received; send the next."},
                "400": {"description": "Body length does not match Content-Range."},
                "403": {"description": "Upload URL expired (1 h) or unknown."},
                "416": {"description": "Range out of order, wrong total or wrong chunk size."},
            },
        }
    },
    "/v2/post/publish/status/fetch/": {
        "post": v2(
            "Publish status (30/min per token).",
            obj(
                status="str",
                fail_reason="str",
                publicaly_available_post_id=arr("str"),
                uploaded_bytes="int",
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
            [q("fields", required=True)],
        )
    },
    "/v2/video/list/": {
        "post": v2(
            "The user's public videos (scope video.list), cursor paging.",
            obj(videos=arr(VIDEO_V2), cursor="int", has_more="bool"),
            [q("fields", required=True)],
            obj(cursor="int", max_count="int"),
        )
    },
    "/v2/video/query/": {
        "post": v2(
            "The user's videos by id (scope video.list).",
            obj(videos=arr(VIDEO_V2), cursor="int", has_more="bool"),
            [q("fields", required=True)],
            obj(filters=obj(video_ids=arr("str"))),
        )
    },
    "/": {"get": page("What this fake serves.")},
    "/openapi.json": {
        "get": {
            "summary": "This document.",
            "tags": ["Meta"],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.0",
                    "content": {"application/json": {"schema": obj()}},
                }
            },
        }
    },
    "/app/account": {
        "post": page(
            "Switch the phone's current account.",
            form=obj(handle="str", next="str"),
            answers=(302, *MISSING),
        )
    },
    "/tto/invite/{code}": {
        "get": page(
            "Campaign details from an invite link.", [path_param("code")], answers=(200, *ON_PHONE)
        )
    },
    "/tto/invite/{code}/join": {
        "post": page(
            "Join Campaign (terms checkbox).",
            [path_param("code")],
            obj(terms="str"),
            (302, *ON_PHONE),
        )
    },
    "/tto/campaigns/{campaign_id}/upload": {
        "get": page("Upload options.", [path_param("campaign_id")], answers=(200, *IN_CAMPAIGN))
    },
    "/tto/campaigns/{campaign_id}/record": {
        "post": page(
            "Record Video: a new draft.", [path_param("campaign_id")], answers=(302, *IN_CAMPAIGN)
        )
    },
    "/tto/campaigns/{campaign_id}/drafts": {
        "get": page(
            "The creator's drafts.", [path_param("campaign_id")], answers=(200, *IN_CAMPAIGN)
        ),
        "post": page(
            "Next with the chosen draft.",
            [path_param("campaign_id")],
            obj(draft="str"),
            (302, *IN_CAMPAIGN),
        ),
    },
    "/tto/campaigns/{campaign_id}/link": {
        "get": page(
            "Published posts to link.", [path_param("campaign_id")], answers=(200, *IN_CAMPAIGN)
        ),
        "post": page(
            "Link the chosen post.",
            [path_param("campaign_id")],
            obj(video="str"),
            (302, *IN_CAMPAIGN),
        ),
    },
    "/tto/campaigns/{campaign_id}/compose": {
        "get": page(
            "The composer.",
            [path_param("campaign_id"), q("draft", required=True)],
            answers=(200, *IN_CAMPAIGN),
        ),
        "post": page(
            "Post (checks required elements); the composer again with what is missing.",
            [path_param("campaign_id")],
            obj(draft="str", description="str"),
            (200, 302, *IN_CAMPAIGN),
        ),
    },
    "/tto/videos/{video_id}": {
        "get": page(
            "The post: processing, published or failed.",
            [path_param("video_id")],
            answers=(200, *MISSING),
        )
    },
    "/tto/videos/{video_id}/ads": {
        "post": page(
            "Turn on ad authorization and generate a code.",
            [path_param("video_id")],
            obj(days="int"),
            (302, *ON_PHONE),
        )
    },
    "/tto/videos/{video_id}/ads/answer": {
        "post": page(
            "Accept or decline a brand's ad request.",
            [path_param("video_id")],
            obj(answer="str"),
            (302, *ON_PHONE),
        )
    },
    "/@{handle}/video/{video_id}": {
        "get": page(
            "A post's public page.",
            [path_param("handle"), path_param("video_id")],
            answers=(200, *MISSING),
        )
    },
    "/embed/v2/{video_id}": {
        "get": page("A post's embed player.", [path_param("video_id")], answers=(200, *MISSING))
    },
    "/media/{video_id}.svg": {
        "get": {
            "summary": "A post's cover image.",
            "tags": ["App screens"],
            "parameters": [path_param("video_id")],
            "responses": {
                "200": {"description": "SVG", "content": {"image/svg+xml": {"schema": s("str")}}},
                "404": {
                    "description": SCREEN_ERRORS[404],
                    "content": {"text/html": {"schema": s("str")}},
                },
            },
        }
    },
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "TikTok simulator",
            "version": "1.0",
            "description": "A local fake of TikTok's Business API (TikTok One / TTCM), Open API v2 "
            "and the TikTok app's creator screens. Control endpoints live under /_sim. Business "
            "webhooks: POST callback_url with {request_id, object, time, entry[]} signed "
            "TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(secret, 't.body')>.",
        },
        "paths": PATHS,
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the description, so clients and tests can check themselves against it."""
    return jsonify(document())
