"""Wire shapes pinned to TikTok's real APIs, each test naming where the shape comes from."""

from __future__ import annotations

from flask.testing import FlaskClient

from simulator.demo import OTHER_HANDLE

from .conftest import bearer, oauth_token, scenario, seed

URL_SOURCE = {"source": "PULL_FROM_URL", "video_url": "https://cdn.example.com/v.mp4"}


def test_status_fetch_post_ids_are_int64_and_url_pulls_report_downloaded_bytes(
    client: FlaskClient,
) -> None:
    # Source: TikTok for Developers, Content Posting API "Get Post Status"
    # (developers.tiktok.com/doc/content-posting-api-reference-get-video-status), nested data
    # struct: publicaly_available_post_id list<int64>, uploaded_bytes int64 (FILE_UPLOAD),
    # downloaded_bytes int64 (PULL_FROM_URL). A typed client (Go []int64) cannot read strings.
    seed(client, scenario(posts=[]))
    token = oauth_token(client)
    init = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "Typed ids", "privacy_level": "PUBLIC_TO_EVERYONE"},
            "source_info": URL_SOURCE,
        },
    ).json["data"]
    data = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": init["publish_id"]},
    ).json["data"]
    assert data["status"] == "PUBLISH_COMPLETE"
    (post_id,) = data["publicaly_available_post_id"]
    assert isinstance(post_id, int) and not isinstance(post_id, bool)
    assert 0 < post_id < 2**63  # fits int64
    assert isinstance(data["downloaded_bytes"], int)


def test_status_fetch_errors_use_the_documented_codes(client: FlaskClient) -> None:
    # Source: the same "Get Post Status" page, nested error struct: 400 invalid_publish_id
    # ("The publish_id does not exist"), 400 token_not_authorized_for_specified_publish_id.
    seed(client, scenario(posts=[]))
    token = oauth_token(client)
    unknown = client.post(
        "/v2/post/publish/status/fetch/",
        headers=bearer(token),
        json={"publish_id": "v_pub_url~v2.1234567890123456789"},
    )
    assert unknown.status_code == 400
    assert unknown.json["error"]["code"] == "invalid_publish_id"
    assert unknown.json["data"] == {}
    mine = client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "Mine", "privacy_level": "PUBLIC_TO_EVERYONE"},
            "source_info": URL_SOURCE,
        },
    ).json["data"]["publish_id"]
    switched = client.post("/app/account", data={"handle": OTHER_HANDLE})
    assert switched.status_code == 302
    other = oauth_token(client)
    foreign = client.post(
        "/v2/post/publish/status/fetch/", headers=bearer(other), json={"publish_id": mine}
    )
    assert foreign.status_code == 400
    assert foreign.json["error"]["code"] == "token_not_authorized_for_specified_publish_id"
