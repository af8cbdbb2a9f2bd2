"""Open API v2: Login Kit, Content Posting (chunked upload), Display, scopes and rate limits."""

from __future__ import annotations

import base64
import hashlib
import json

import responses
from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET
from simulator.tiktok.webhooks import verify

from .conftest import REDIRECT, bearer, direct_post, oauth_token, scenario, seed

MB = 1024 * 1024


def test_consent_page_and_denial(client: FlaskClient) -> None:
    params = {
        "client_key": DEMO_CLIENT_KEY,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "state": "xyz",
    }
    page = client.get("/v2/auth/authorize/", query_string=params).get_data(as_text=True)
    assert "Authorize" in page and f"@{CREATOR_HANDLE}" in page
    denied = client.post("/v2/auth/authorize/", data={**params, "decision": "deny"})
    assert (
        "error=access_denied" in denied.headers["Location"]
        and "state=xyz" in denied.headers["Location"]
    )
    bad = client.get(
        "/v2/auth/authorize/", query_string={**params, "redirect_uri": "https://evil.test/cb"}
    )
    assert bad.status_code == 400 and "redirect_uri" in bad.get_data(as_text=True)


def test_token_refresh_and_revoke(client: FlaskClient) -> None:
    token = oauth_token(client, scope="user.info.basic")
    assert (
        token["token_type"] == "Bearer"
        and token["expires_in"] == 2 * 3600  # TikTok's current lifetime (test_tokens.py)
        and token["scope"] == "user.info.basic"
    )
    form = {
        "client_key": DEMO_CLIENT_KEY,
        "client_secret": DEMO_CLIENT_SECRET,
        "grant_type": "refresh_token",
        "refresh_token": token["refresh_token"],
    }
    fresh = client.post("/v2/oauth/token/", data=form).json
    assert fresh["access_token"] != token["access_token"]
    old = client.get("/v2/user/info/?fields=open_id", headers=bearer(token))
    assert old.status_code == 401 and old.json["error"]["code"] == "access_token_invalid"
    assert client.get("/v2/user/info/?fields=open_id", headers=bearer(fresh)).status_code == 200
    revoke = {
        "client_key": DEMO_CLIENT_KEY,
        "client_secret": DEMO_CLIENT_SECRET,
        "token": fresh["access_token"],
    }
    assert client.post("/v2/oauth/revoke/", data=revoke).status_code == 200
    assert client.get("/v2/user/info/?fields=open_id", headers=bearer(fresh)).status_code == 401


def test_token_errors_use_oauth_shape(client: FlaskClient) -> None:
    bad_client = client.post(
        "/v2/oauth/token/", data={"client_key": DEMO_CLIENT_KEY, "client_secret": "no"}
    )
    assert bad_client.status_code == 401 and bad_client.json["error"] == "invalid_client"
    bad_code = client.post(
        "/v2/oauth/token/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": "nope",
        },
    )
    assert bad_code.status_code == 400 and bad_code.json["error"] == "invalid_grant"
    grant = client.post(
        "/v2/oauth/token/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "grant_type": "password",
        },
    )
    assert grant.json["error"] == "unsupported_grant_type"


def test_pkce_verifier_must_match(client: FlaskClient) -> None:
    verifier = "a-verifier-of-sufficient-length-0123456789"
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    token = oauth_token(
        client,
        scope="user.info.basic",
        code_challenge=challenge,
        code_challenge_method="S256",
        code_verifier=verifier,
    )
    assert token["access_token"].startswith("act.")
    params = {
        "client_key": DEMO_CLIENT_KEY,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "decision": "allow",
    }
    location = client.post("/v2/auth/authorize/", data=params).headers["Location"]
    code = location.split("code=")[1].split("&")[0]
    wrong = client.post(
        "/v2/oauth/token/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": "other",
        },
    )
    assert wrong.json["error"] == "invalid_grant"


def test_user_info_fields_and_scopes(client: FlaskClient) -> None:
    token = oauth_token(client, scope="user.info.basic")
    info = client.get("/v2/user/info/?fields=open_id,display_name", headers=bearer(token)).json
    assert (
        set(info["data"]["user"]) == {"open_id", "display_name"}
        and info["data"]["user"]["display_name"] == "Maya Flores"
    )
    assert info["error"]["code"] == "ok"
    stats = client.get("/v2/user/info/?fields=follower_count", headers=bearer(token))
    assert stats.status_code == 401 and stats.json["error"]["code"] == "scope_not_authorized"
    unknown = client.get("/v2/user/info/?fields=shoe_size", headers=bearer(token))
    assert unknown.status_code == 400 and unknown.json["error"]["code"] == "invalid_params"
    assert client.get("/v2/user/info/?fields=open_id").status_code == 401


def test_chunked_upload_to_inbox_becomes_a_draft(client: FlaskClient) -> None:
    token = oauth_token(client, scope="video.upload")
    size, chunk = 12 * MB, 5 * MB
    init = client.post(
        "/v2/post/publish/inbox/video/init/",
        headers=bearer(token),
        json={
            "source_info": {
                "source": "FILE_UPLOAD",
                "video_size": size,
                "chunk_size": chunk,
                "total_chunk_count": 2,
            }
        },
    )
    assert init.status_code == 200, init.json
    url = init.json["data"]["upload_url"].replace("http://tiktok.test", "")
    first = client.put(
        url, data=b"x" * chunk, headers={"Content-Range": f"bytes 0-{chunk - 1}/{size}"}
    )
    assert first.status_code == 206
    out_of_order = client.put(
        url, data=b"x" * chunk, headers={"Content-Range": f"bytes 0-{chunk - 1}/{size}"}
    )
    assert out_of_order.status_code == 416
    short = client.put(
        url, data=b"x" * 10, headers={"Content-Range": f"bytes {chunk}-{size - 1}/{size}"}
    )
    assert short.status_code == 400 and short.json["error"]["code"] == "invalid_file_upload"
    last = client.put(
        url,
        data=b"x" * (size - chunk),
        headers={"Content-Range": f"bytes {chunk}-{size - 1}/{size}"},
    )
    assert last.status_code == 201
    status = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": init.json["data"]["publish_id"]},
    ).json["data"]
    assert status["status"] == "SEND_TO_USER_INBOX" and status["uploaded_bytes"] == size


def test_upload_url_expires_after_an_hour(client: FlaskClient) -> None:
    token = oauth_token(client, scope="video.upload")
    init = client.post(
        "/v2/post/publish/inbox/video/init/",
        headers=bearer(token),
        json={
            "source_info": {
                "source": "FILE_UPLOAD",
                "video_size": 1000,
                "chunk_size": 1000,
                "total_chunk_count": 1,
            }
        },
    )
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "61m"})
    url = init.json["data"]["upload_url"].replace("http://tiktok.test", "")
    assert (
        client.put(url, data=b"x" * 1000, headers={"Content-Range": "bytes 0-999/1000"}).status_code
        == 403
    )


def test_init_validation_errors(client: FlaskClient) -> None:
    token = oauth_token(client)
    bad_chunks = client.post(
        "/v2/post/publish/inbox/video/init/",
        headers=bearer(token),
        json={
            "source_info": {
                "source": "FILE_UPLOAD",
                "video_size": 20 * MB,
                "chunk_size": 5 * MB,
                "total_chunk_count": 3,
            }
        },
    )
    assert (
        bad_chunks.status_code == 400 and "total_chunk_count" in bad_chunks.json["error"]["message"]
    )
    mismatch = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "x", "privacy_level": "NOPE"},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://cdn.example.com/v.mp4",
            },
        },
    )
    assert mismatch.json["error"]["code"] == "privacy_level_option_mismatch"
    spam = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "x #sim_fail_spam", "privacy_level": "SELF_ONLY"},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://cdn.example.com/v.mp4",
            },
        },
    )
    assert spam.status_code == 403 and spam.json["error"]["code"] == "spam_risk_too_many_posts"
    unverified = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "x", "privacy_level": "SELF_ONLY"},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://unverified.example.com/v.mp4",
            },
        },
    )
    assert unverified.json["error"]["code"] == "url_ownership_unverified"
    upload_only = oauth_token(client, scope="video.upload")
    no_scope = client.post("/v2/post/publish/video/init/", headers=bearer(upload_only), json={})
    assert no_scope.status_code == 401 and no_scope.json["error"]["code"] == "scope_not_authorized"


def test_unaudited_app_can_only_post_privately(client: FlaskClient) -> None:
    half = scenario()
    half["apps"][0]["audited"] = False
    seed(client, half)
    token = oauth_token(client)
    public = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "x", "privacy_level": "PUBLIC_TO_EVERYONE"},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://cdn.example.com/v.mp4",
            },
        },
    )
    assert (
        public.status_code == 403
        and public.json["error"]["code"] == "unaudited_client_can_only_post_to_private_accounts"
    )


def test_pending_inbox_shares_are_limited_to_five(client: FlaskClient) -> None:
    token = oauth_token(client, scope="video.upload")
    body = {
        "source_info": {
            "source": "FILE_UPLOAD",
            "video_size": 100,
            "chunk_size": 100,
            "total_chunk_count": 1,
        }
    }
    for n in range(5):
        if n == 3:
            client.post("/_sim/clock", json={"tenant": "t1", "advance": "61s"})  # stay under 6/min
        assert (
            client.post(
                "/v2/post/publish/inbox/video/init/", headers=bearer(token), json=body
            ).status_code
            == 200
        )
    sixth = client.post("/v2/post/publish/inbox/video/init/", headers=bearer(token), json=body)
    assert (
        sixth.status_code == 403
        and sixth.json["error"]["code"] == "spam_risk_too_many_pending_share"
    )


def test_rate_limits_per_token_on_the_clock(client: FlaskClient) -> None:
    token = oauth_token(client)
    for _ in range(20):
        assert (
            client.post("/v2/post/publish/creator_info/query/", headers=bearer(token)).status_code
            == 200
        )
    limited = client.post("/v2/post/publish/creator_info/query/", headers=bearer(token))
    assert limited.status_code == 429 and limited.json["error"]["code"] == "rate_limit_exceeded"
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "61s"})
    again = client.post("/v2/post/publish/creator_info/query/", headers=bearer(token)).json["data"]
    assert (
        again["creator_username"] == CREATOR_HANDLE
        and "SELF_ONLY" in again["privacy_level_options"]
    )


def test_posts_made_in_one_millisecond_are_each_on_a_page(client: FlaskClient) -> None:
    """The video list pages by a millisecond cursor (posts "created before" it, as TikTok's
    docs say), so a suite that posts twice in a row must not lose one between pages."""
    seed(client, scenario(posts=[]))
    noon = "2026-06-01T12:00:00Z"  # frozen: every post is made in the same millisecond
    client.post("/_sim/clock", json={"tenant": "t1", "freeze": True, "set": noon})
    made = [direct_post(client, f"Post {n}") for n in range(3)]
    token = oauth_token(client, scope="video.list")
    seen: list[str] = []
    times: set[int] = set()
    cursor, more = 0, True
    while more:
        page = client.post(
            "/v2/video/list/?fields=id,create_time",
            headers=bearer(token),
            json={"max_count": 1, **({"cursor": cursor} if cursor else {})},
        ).json["data"]
        assert page["videos"], f"has_more promised a page after {seen}, and it was empty"
        seen += [v["id"] for v in page["videos"]]
        times |= {v["create_time"] for v in page["videos"]}
        cursor, more = page["cursor"], page["has_more"]
    assert seen == made[::-1]  # newest first, each once
    assert times == {1780315200}  # noon's second: a post is moved a millisecond, no more


def test_direct_post_publishes_and_lists_with_cursor(client: FlaskClient) -> None:
    seed(client, scenario(posts=[]))  # the creator has no earlier posts
    first = direct_post(client, "First post")
    second = direct_post(client, "Second post")
    token = oauth_token(client, scope="video.list")
    page1 = client.post(
        "/v2/video/list/?fields=id,title,view_count", headers=bearer(token), json={"max_count": 1}
    ).json["data"]
    assert [v["id"] for v in page1["videos"]] == [second] and page1["has_more"] is True
    assert set(page1["videos"][0]) == {"id", "title", "view_count"}
    page2 = client.post(
        "/v2/video/list/?fields=id",
        headers=bearer(token),
        json={"max_count": 1, "cursor": page1["cursor"]},
    ).json["data"]
    assert [v["id"] for v in page2["videos"]] == [first] and page2["has_more"] is False
    query = client.post(
        "/v2/video/query/?fields=id,video_description",
        headers=bearer(token),
        json={"filters": {"video_ids": [first, "7000"]}},
    ).json["data"]
    assert query["videos"] == [{"id": first, "video_description": "First post"}]
    too_many = client.post(
        "/v2/video/list/?fields=id", headers=bearer(token), json={"max_count": 21}
    )
    assert too_many.status_code == 400


def test_processing_then_published_with_open_webhooks(client: FlaskClient) -> None:
    half = scenario(processing="30s")
    half["apps"][0]["webhook_url"] = "https://app.test/tiktok"
    seed(client, half)
    token = oauth_token(client)
    with responses.RequestsMock() as hooks:
        hooks.add(responses.POST, "https://app.test/tiktok", status=200)
        init = client.post(
            "/v2/post/publish/video/init/",
            headers=bearer(token),
            json={
                "post_info": {"title": "Later", "privacy_level": "PUBLIC_TO_EVERYONE"},
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "video_url": "https://cdn.example.com/v.mp4",
                },
            },
        ).json["data"]
        fetch = {"publish_id": init["publish_id"]}
        assert (
            client.post("/v2/post/publish/status/fetch/", headers=bearer(token), json=fetch).json[
                "data"
            ]["status"]
            == "PROCESSING_DOWNLOAD"
        )
        client.post("/_sim/clock", json={"tenant": "t1", "advance": "30s"})
        done = client.post(
            "/v2/post/publish/status/fetch/", headers=bearer(token), json=fetch
        ).json["data"]
        assert (
            done["status"] == "PUBLISH_COMPLETE" and len(done["publicaly_available_post_id"]) == 1
        )
        events = [json.loads(c.request.body)["event"] for c in hooks.calls]
        assert events == ["post.publish.complete", "post.publish.publicly_available"]
        call = hooks.calls[0]
        assert verify(
            DEMO_CLIENT_SECRET, call.request.headers["TikTok-Signature"], call.request.body.decode()
        )
