"""A client written for TikTok, used as its users use it, keeps working past day one.

`tiktok-api-client` 0.0.15 (PyPI; pinned in pyproject's test extra) is a Login Kit and
Content Posting client nobody here wrote. Its README flow: build `TikTok(client_key,
client_secret, redirect_uri)`, send the user to `get_authorization_url()`, exchange the code
with `exchange_code_for_token`, call the API, `refresh_access_token()` when the access token
has run out, post with `create_video` and poll `check_upload_status`. It talks to
open.tiktokapis.com and www.tiktok.com; `tiktok_mock()` routes those hosts into the fake.

Noticed, left alone: its FILE_UPLOAD path calls `.json()` on the media PUT's answer, which
TikTok's Media Transfer Guide does not promise (the fake answers 201 with no body, as
another client, tiktok-studio-mcp, expects), so that path raises after a complete upload;
PULL_FROM_URL is the path its users can use, and the one tested here.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from simulator.demo import DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET
from simulator.inprocess import SimHandle, tiktok_mock

TikTok = pytest.importorskip("tiktok_api_client").TikTok
REDIRECT = "http://127.0.0.1:8700/integrations/tiktok/callback"


def consent(url: str) -> str:
    """What the user does in the browser: open the consent page and tap Authorize."""
    assert requests.get(url, timeout=5).status_code == 200
    answer = requests.post(url, data={"decision": "allow"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[-300:]
    target = urlsplit(answer.headers["Location"])
    assert target.geturl().startswith(REDIRECT)
    return parse_qs(target.query)["code"][0]


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with tiktok_mock() as handle:
        handle.clock.freeze()
        yield handle


def test_oauth_a_refresh_on_day_two_a_post_and_its_status(sim: SimHandle) -> None:
    tk = TikTok(DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, REDIRECT, state="flex")
    url = tk.get_authorization_url()
    assert url.startswith("https://www.tiktok.com/v2/auth/authorize/")
    first = tk.exchange_code_for_token(consent(url))  # with the PKCE verifier it made
    assert first["token_type"] == "Bearer" and first["scope"] == "video.publish"
    assert tk.get_creator_info()["error"]["code"] == "ok"

    sim.clock.advance("1d")  # day two: the access token has run out
    with pytest.raises(Exception, match="401"):
        tk.get_creator_info()
    second = tk.refresh_access_token()
    assert second["refresh_token"] != first["refresh_token"]
    assert tk.get_creator_info()["data"]["creator_username"] == "mayaflores.creates"

    sim.clock.advance("1d")  # day three: the client refreshes with the token it was given
    third = tk.refresh_access_token()
    assert third["access_token"] not in (first["access_token"], second["access_token"])

    posted = tk.create_video(
        source="PULL_FROM_URL",
        upload_type="POST_VIDEO_URL",
        title="Morning glow #ad @lumenskincare",
        privacy_level="PUBLIC_TO_EVERYONE",
        video_url="https://cdn.flex.example/videos/glow.mp4",
    )
    publish_id = posted["data"]["publish_id"]
    status = tk.check_upload_status(publish_id)
    assert status["error"]["code"] == "ok"
    assert status["data"]["status"] == "PUBLISH_COMPLETE"
    assert len(status["data"]["publicaly_available_post_id"]) == 1


def test_the_old_refresh_token_no_longer_works_for_that_client(sim: SimHandle) -> None:
    tk = TikTok(DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET, REDIRECT)
    first = tk.exchange_code_for_token(consent(tk.get_authorization_url()))
    tk.refresh_access_token()
    with pytest.raises(Exception, match="400"):
        tk.refresh_access_token(first["refresh_token"])  # a client that kept the first one
