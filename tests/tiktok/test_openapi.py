"""/openapi.json describes every route the app serves (except static files and /_sim)."""

from __future__ import annotations

import re

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
