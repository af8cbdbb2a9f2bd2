"""/openapi.json describes every route the app serves (except static files and /_sim)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_route_is_described(app: Flask, client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.")
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/_sim"):
            continue
        path = _openapi_path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() not in doc["paths"].get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == []


def test_no_described_route_is_missing_from_the_app(app: Flask, client: FlaskClient) -> None:
    served = {_openapi_path(r.rule) for r in app.url_map.iter_rules()}
    assert set(client.get("/openapi.json").json["paths"]) - served == set()


def test_business_operations_require_the_access_token_header(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    scheme = doc["components"]["securitySchemes"]["AccessToken"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Access-Token"}
    for path, ops in doc["paths"].items():
        # the one exception: getting a token takes the app's app_id and secret instead
        if path.startswith("/open_api/") and path != "/open_api/v1.3/oauth2/access_token/":
            for op in ops.values():
                declared = op.get("security") == [{"AccessToken": []}]
                assert declared or op["parameters"][0]["name"] == "Access-Token", path


def test_screens_and_oauth_describe_their_error_answers(client: FlaskClient) -> None:
    """The statuses the strict fuzz run found undescribed are described, and really answered."""
    paths = client.get("/openapi.json").json["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            if path.startswith(("/tto/", "/@", "/embed/", "/media/")):
                assert "404" in op["responses"], f"{method} {path}"
    assert {"400", "401"} <= set(paths["/v2/oauth/revoke/"]["post"]["responses"])
    assert "400" in paths["/v2/auth/authorize/"]["get"]["responses"]
    assert client.get("/tto/invite/nope").status_code == 404
    assert client.get("/media/nope.svg").status_code == 404
    assert client.post("/v2/oauth/revoke/", data={"client_key": "x"}).status_code == 401
    assert client.get("/v2/auth/authorize/?client_key=nope").status_code == 400


# ---- the document is strict (issue 10, point 2) ----------------------------------------------
def _json_operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if op["tags"][0].startswith(("Business API", "Open API v2"))
        and "application/json" in op["responses"].get("200", {}).get("content", {})
    ]


def _validator(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    return jsonschema_rs.Draft202012Validator({**schema, "components": doc["components"]})


def _objects(schema: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append((where, schema))
        for key, value in schema.items():
            found.extend(_objects(value, f"{where}/{key}"))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found.extend(_objects(value, f"{where}/{i}"))
    return found


def test_every_object_schema_lists_its_required_fields(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    assert all(re.fullmatch(r"[A-Za-z]\w*", name) for name in doc["components"]["schemas"])
    objects = _objects(doc)
    assert len(objects) > 100
    assert [where for where, schema in objects if "required" not in schema] == []


def test_answers_allow_no_property_tiktok_does_not_send(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    answers = [
        schema
        for _path, _method, op in _json_operations(doc)
        for schema in [op["responses"]["200"]["content"]["application/json"]["schema"]]
    ]
    refs = set()
    for schema in answers:
        refs |= set(re.findall(r"#/components/schemas/([\w.]+)", str(schema)))
    closed_over = set(refs)
    while refs:  # every schema an answer refers to, all the way down
        name = refs.pop()
        for found in re.findall(
            r"#/components/schemas/(\w+)", str(doc["components"]["schemas"][name])
        ):
            if found not in closed_over:
                closed_over.add(found)
                refs.add(found)
    open_ones = [
        name
        for name in sorted(closed_over)
        for where, schema in _objects(doc["components"]["schemas"][name], name)
        # a closed object, or a map declared as one (additionalProperties: its values' schema)
        if schema.get("additionalProperties") is not False
        and not (
            schema["properties"] == {} and isinstance(schema.get("additionalProperties"), dict)
        )
    ]
    assert open_ones == []
    assert len(closed_over) > 30


def test_an_error_envelope_never_passes_as_a_success(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    for path, method, op in _json_operations(doc):
        answer = op["responses"]["200"]["content"]["application/json"]["schema"]
        if path.startswith("/open_api/"):
            success = _validator(doc, answer["oneOf"][0])
            error = {
                "code": 40105,
                "message": "Access token is invalid",
                "request_id": "r",
                "data": {},
            }
            assert not success.is_valid(error), f"{method} {path}"
            assert _validator(doc, answer).is_valid(error), f"{method} {path}"
        elif path.startswith("/v2/") and not path.startswith("/v2/oauth/"):
            success = _validator(doc, answer)
            error = {
                "data": {},
                "error": {"code": "access_token_invalid", "message": "", "log_id": "l"},
            }
            assert not success.is_valid(error), f"{method} {path}"
        if path != "/v2/oauth/revoke/":  # TikTok answers a revocation with {}
            assert not _validator(doc, answer).is_valid({}), f"{method} {path}"


def test_credentials_are_security_schemes(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    schemes = doc["components"]["securitySchemes"]
    assert schemes["Bearer"]["type"] == "http" and schemes["Bearer"]["scheme"] == "bearer"
    security = {(path, method): op.get("security") for path, method, op in _json_operations(doc)}
    assert security[("/v2/video/list/", "post")] == [{"Bearer": ["video.list"]}]
    assert security[("/open_api/v1.3/tcm/order/get/v2/", "get")] == [{"AccessToken": []}]
    assert security[("/v2/oauth/token/", "post")] is None  # the client's key and secret


def test_operation_ids_are_unique(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    ids = [
        op["operationId"]
        for ops in doc["paths"].values()
        for op in ops.values()
        if "operationId" in op
    ]
    assert len(ids) > 30 and len(ids) == len(set(ids))


def test_every_reference_resolves(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").json
    refs = set(re.findall(r"#/components/schemas/([\w.]+)", str(doc["paths"])))
    refs |= set(re.findall(r"#/components/schemas/([\w.]+)", str(doc["components"])))
    assert refs and refs <= set(doc["components"]["schemas"])
