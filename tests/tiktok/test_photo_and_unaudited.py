"""Photo posting, and the unaudited-client rule keyed on the account (issue 14, point 5).

Sources: TikTok's Content Posting API reference "Photo" (`POST /v2/post/publish/content/init/`:
`media_type` PHOTO, `post_mode` DIRECT_POST | MEDIA_UPLOAD, `post_info.title` at most 90
characters and `description` at most 4000, `source_info.source` PULL_FROM_URL with
`photo_images` (up to 35) and `photo_cover_index`; scope video.publish or video.upload; six
requests a minute per token) and ../shared/reference/tiktok-apis.md §5:
`unaudited_client_can_only_post_to_private_accounts` is about the creator's account being
public, whatever the post's privacy; unaudited clients may post only SELF_ONLY.
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from .conftest import bearer, oauth_token, scenario, seed

PHOTOS = ["https://cdn.example.com/p1.jpg", "https://cdn.example.com/p2.jpg"]


def photo(
    mode: str = "DIRECT_POST", privacy: str = "PUBLIC_TO_EVERYONE", **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "media_type": "PHOTO",
        "post_mode": mode,
        "post_info": {"title": "Glow", "description": "Morning glow #ad @lumenskincare"},
        "source_info": {"source": "PULL_FROM_URL", "photo_images": PHOTOS, "photo_cover_index": 0},
    }
    if mode == "DIRECT_POST":
        body["post_info"]["privacy_level"] = privacy
    body.update(overrides)
    return body


def init(client: FlaskClient, token: dict[str, Any], body: dict[str, Any]) -> Any:
    return client.post("/v2/post/publish/content/init/", headers=bearer(token), json=body)


def status(client: FlaskClient, token: dict[str, Any], publish_id: str) -> dict[str, Any]:
    answer = client.post(
        "/v2/post/publish/status/fetch/", headers=bearer(token), json={"publish_id": publish_id}
    )
    assert answer.status_code == 200, answer.json
    return dict(answer.json["data"])


def test_a_photo_post_is_published_and_a_photo_upload_lands_in_the_inbox(
    client: FlaskClient,
) -> None:
    token = oauth_token(client)
    posted = init(client, token, photo())
    assert posted.status_code == 200, posted.json
    publish_id = posted.json["data"]["publish_id"]
    assert status(client, token, publish_id)["status"] == "PUBLISH_COMPLETE"
    uploaded = init(client, token, photo("MEDIA_UPLOAD"))
    assert uploaded.status_code == 200, uploaded.json
    assert status(client, token, uploaded.json["data"]["publish_id"])["status"] == (
        "SEND_TO_USER_INBOX"
    )


def test_photo_checks_say_what_is_wrong(client: FlaskClient) -> None:
    token = oauth_token(client)
    cases = {
        "media_type": photo(media_type="VIDEO"),
        "source_info.source": photo(
            source_info={"source": "FILE_UPLOAD", "photo_images": PHOTOS, "photo_cover_index": 0}
        ),
        "photo_cover_index": photo(
            source_info={"source": "PULL_FROM_URL", "photo_images": PHOTOS, "photo_cover_index": 2}
        ),
        "photo_images": photo(
            source_info={"source": "PULL_FROM_URL", "photo_images": [], "photo_cover_index": 0}
        ),
        "title": photo(post_info={"title": "x" * 91, "privacy_level": "SELF_ONLY"}),
    }
    for field, body in cases.items():
        answer = init(client, token, body)
        assert answer.status_code == 400, (field, answer.json)
        assert answer.json["error"]["code"] == "invalid_params", field
        assert field in answer.json["error"]["message"], (field, answer.json)
    unverified = photo(
        source_info={
            "source": "PULL_FROM_URL",
            "photo_images": ["https://unverified.example/p.jpg"],
            "photo_cover_index": 0,
        }
    )
    answer = init(client, token, unverified)
    assert answer.status_code == 403 and answer.json["error"]["code"] == "url_ownership_unverified"


def test_photo_modes_need_their_scopes(client: FlaskClient) -> None:
    upload_only = oauth_token(client, scope="video.upload")
    direct = init(client, upload_only, photo())
    assert direct.status_code == 401 and direct.json["error"]["code"] == "scope_not_authorized"
    assert init(client, upload_only, photo("MEDIA_UPLOAD")).status_code == 200


def _unaudited(client: FlaskClient, private_account: bool) -> dict[str, Any]:
    half = scenario()
    half["apps"][0]["audited"] = False
    half["accounts"][0]["private"] = private_account
    seed(client, half)
    return oauth_token(client)


def _direct(client: FlaskClient, token: dict[str, Any], privacy: str) -> Any:
    return client.post(
        "/v2/post/publish/video/init/",
        headers=bearer(token),
        json={
            "post_info": {"title": "x", "privacy_level": privacy},
            "source_info": {
                "source": "PULL_FROM_URL",
                "video_url": "https://cdn.example.com/v.mp4",
            },
        },
    )


def test_an_unaudited_client_cannot_post_for_a_public_account_even_privately(
    client: FlaskClient,
) -> None:
    token = _unaudited(client, private_account=False)
    for privacy in ("SELF_ONLY", "PUBLIC_TO_EVERYONE"):
        answer = _direct(client, token, privacy)
        assert answer.status_code == 403, (privacy, answer.json)
        code = answer.json["error"]["code"]
        assert code == "unaudited_client_can_only_post_to_private_accounts", privacy
    photo_answer = init(client, token, photo(privacy="SELF_ONLY"))
    assert photo_answer.status_code == 403


def test_an_unaudited_client_posts_only_to_me_for_a_private_account(client: FlaskClient) -> None:
    token = _unaudited(client, private_account=True)
    assert _direct(client, token, "SELF_ONLY").status_code == 200
    wider = _direct(client, token, "FOLLOWER_OF_CREATOR")
    assert wider.status_code == 400
    assert wider.json["error"]["code"] == "privacy_level_option_mismatch"
    info = client.post("/v2/post/publish/creator_info/query/", headers=bearer(token))
    assert info.json["data"]["privacy_level_options"] == ["SELF_ONLY"]
