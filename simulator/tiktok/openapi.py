"""`/openapi.json`: an OpenAPI 3.1 description of every route the fake TikTok serves.

The Business API and Open API v2 JSON endpoints are generated from their declarations in
the route registry (`simulator.tiktok.api`): the same msgspec models that parse requests and
encode answers. The document is strict: every object lists its `required` fields, answers
forbid properties TikTok does not send, a success envelope's `code` can only be 0 (`"ok"`
for Open API v2), error envelopes are their own schemas with their codes (from
`errors.WIRE`), and `Access-Token` / Bearer are security schemes. Only what is not JSON is
described by hand below, once: the app's screens, the consent page and the media upload.
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
from .errors import BUSINESS_ERROR_CODES, OPEN_ERROR_CODES, WIRE

bp = Blueprint("openapi", __name__)

Schema = dict[str, Any]
JSON, FORM, HTML = "application/json", "application/x-www-form-urlencoded", "text/html"


# ---- hand-described (not JSON): screens, the consent page, the upload ------------------------
def s(kind: str) -> Schema:
    """A scalar schema: str, int, num, bool."""
    return {"type": {"str": "string", "int": "integer", "num": "number", "bool": "boolean"}[kind]}


def obj(**props: Any) -> Schema:
    """A form's fields, each optional; values are schemas or scalar shorthands."""
    return {
        "type": "object",
        "properties": {k: s(v) if isinstance(v, str) else v for k, v in props.items()},
        "required": [],
    }


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
    """One operation; `body` is a requestBody."""
    op: Schema = {"summary": summary, "tags": [tag], "parameters": params or []}
    op["responses"] = responses
    if body is not None:
        op["requestBody"] = body
    return op


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
}


def _open_error(codes: list[str]) -> Schema:
    error = _closed(
        {"code": {"type": "string", "enum": codes}, "message": STRING, "log_id": STRING}
    )
    return _closed({"data": EMPTY, "error": error})


def _oauth_error(codes: list[str]) -> Schema:
    return _closed(
        {"error": {"type": "string", "enum": codes}, "error_description": STRING, "log_id": STRING}
    )


def _error_answers(style: str) -> Schema:
    """One described answer per HTTP status an error of this style can have, listing the codes
    that come with it (from errors.WIRE), and `default` for anything a fault rule injects."""
    by_status: dict[int, set[str]] = {}
    for wire in WIRE.values():
        by_status.setdefault(wire.status, set()).add(wire.open)
    shape = _open_error if style == "open" else _oauth_error
    answers = {
        str(status): answer(f"{', '.join(sorted(codes))}.", shape(sorted(codes)))
        for status, codes in sorted(by_status.items())
    }
    answers["default"] = answer(
        "An error a fault rule injects (POST /_sim/faults), in the same shape.",
        shape(OPEN_ERROR_CODES),
    )
    return answers


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
    return {"200": answer("Success.", success), **_error_answers(op.style)}


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


def _name(ref: Schema) -> str:
    return str(ref["$ref"]).rsplit("/", 1)[-1]


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
            "operationId": re.sub(r"\W+", "_", f"{op.method.lower()}{op.path}").strip("_"),
        }
        if op.description:
            item["description"] = op.description
        if op.security:  # Open API v2 lists the scope the endpoint needs
            item["security"] = [{op.security: [op.scope] if op.scope else []}]
        if op.query is not None:
            model = components[_name(schema_of[op.query])]
            item["parameters"] = _parameters(model, op.list_fields)
        if op.body is not None:
            media = FORM if op.style == "oauth" else JSON
            item["requestBody"] = {"required": True, **content(schema_of[op.body], media)}
        item["responses"] = _responses(op, schema_of[op.answer])
        paths.setdefault(op.path, {})[op.method.lower()] = item
    query_models = {_name(schema_of[op.query]) for op in operations if op.query is not None}
    query_models -= {  # a model that is also a body is still referred to
        _name(schema_of[t]) for op in operations for t in (op.body, op.answer) if t is not None
    }
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
        "paths": {**generated, **OPEN_API, **APP},
        "components": {"schemas": components, "securitySchemes": SECURITY_SCHEMES},
    }


@functools.cache
def _encoded() -> bytes:
    return json.dumps(document()).encode()


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the description, so clients and tests can check themselves against it."""
    return Response(_encoded(), mimetype="application/json")
