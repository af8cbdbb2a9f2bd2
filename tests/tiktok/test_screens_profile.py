"""The profile screen `/@<handle>`: the phone's own account, other accounts, and the way there."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, OTHER_HANDLE, demo_scenario
from simulator.tiktok.screens import compact

from .conftest import TENANT, create_campaign, invite_path, join, post_video, scenario, seed

DEMO_POST = demo_scenario()["tiktok"]["posts"][0]["caption"]
DRAFT = "Morning routine with the new vitamin C serum"


def _tiles(page: str) -> dict[str, str]:
    """Caption -> href of each post in the profile's grid."""
    return {
        caption: href
        for href, caption in re.findall(
            r'class="post-tile" href="([^"]+)" aria-label="([^"]*)"', page
        )
    }


def _video_ids(client: FlaskClient) -> dict[str, str]:
    state = client.application.extensions["tiktok_sim"].get(TENANT, create=False).state
    return {v.caption: v.video_id for v in state.videos}


def test_own_profile_shows_handle_nickname_followers_and_posts(client: FlaskClient) -> None:
    answer = client.get(f"/@{CREATOR_HANDLE}")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert f"<h1>@{CREATOR_HANDLE}" in page and "Maya Flores" in page
    assert 'title="48,200">48.2K</b><span>Followers</span>' in page
    video_id = _video_ids(client)[DEMO_POST]
    assert _tiles(page) == {DEMO_POST: f"/tto/videos/{video_id}"}  # the owner's post page
    assert client.get(f"/tto/videos/{video_id}").status_code == 200


def test_campaign_posts_join_the_grid_newest_first(client: FlaskClient) -> None:
    data = create_campaign(client)
    join(client, data["invite_link"])
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow #ad @lumenskincare")
    page = client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True)
    assert list(_tiles(page)) == ["Glow #ad @lumenskincare", DEMO_POST]
    assert _tiles(page)["Glow #ad @lumenskincare"] == f"/tto/videos/{video_id}"


def _profile_link(handle: str) -> re.Pattern[str]:
    """The top bar's link to the profile, named by its own (visually hidden) word."""
    return re.compile(rf'href="/@{re.escape(handle)}">(?:(?!</a>).)*>Profile</span></a>')


def test_campaign_and_post_pages_link_to_the_profile(client: FlaskClient) -> None:
    data = create_campaign(client)
    link = _profile_link(CREATOR_HANDLE)
    assert link.search(client.get(invite_path(data["invite_link"])).get_data(as_text=True))
    post = client.get(f"/tto/videos/{_video_ids(client)[DEMO_POST]}").get_data(as_text=True)
    assert link.search(post)
    assert f'href="/@{CREATOR_HANDLE}" aria-label="Back"' in post  # a post in no campaign
    switched = client.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"})
    assert switched.status_code == 302
    page = client.get(invite_path(data["invite_link"])).get_data(as_text=True)
    assert _profile_link(OTHER_HANDLE).search(page)


def test_another_accounts_profile_shows_its_public_posts_on_public_pages(
    client: FlaskClient,
) -> None:
    ids = _video_ids(client)
    client.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"})
    page = client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True)
    href = f"/@{CREATOR_HANDLE}/video/{ids[DEMO_POST]}"
    assert _tiles(page) == {DEMO_POST: href} and "Your account on this phone" not in page
    assert client.get(href).status_code == 200
    empty = client.get(f"/@{OTHER_HANDLE}").get_data(as_text=True)
    assert "No videos yet" in empty and _tiles(empty) == {}


def test_private_posts_show_to_their_owner_only(client: FlaskClient) -> None:
    state = client.application.extensions["tiktok_sim"].get(TENANT, create=False).state
    state.videos[0].privacy_level = "SELF_ONLY"
    own = client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True)
    assert list(_tiles(own)) == [DEMO_POST] and 'class="lock"' in own
    client.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"})
    assert _tiles(client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True)) == {}


def test_a_private_account_hides_its_grid_from_others(client: FlaskClient) -> None:
    half = scenario()
    half["accounts"][0]["private"] = True
    seed(client, half)
    assert list(_tiles(client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True))) == [DEMO_POST]
    client.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"})
    page = client.get(f"/@{CREATOR_HANDLE}").get_data(as_text=True)
    assert "This account is private" in page and _tiles(page) == {}


def test_unknown_account_is_404_and_handles_are_case_insensitive(client: FlaskClient) -> None:
    assert client.get("/@nobody.here").status_code == 404
    page = client.get(f"/@{CREATOR_HANDLE.upper()}").get_data(as_text=True)
    assert f"<h1>@{CREATOR_HANDLE}" in page and DEMO_POST in _tiles(page)


def test_the_home_page_links_each_account_to_its_profile(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for handle in (CREATOR_HANDLE, OTHER_HANDLE):
        assert f'href="/@{handle}">@{handle}</a>' in page


def test_counts_read_like_the_app() -> None:
    assert [compact(n) for n in (0, 980, 1000, 3100, 48200, 999_999, 1_250_000, 2_000_000_000)] == [
        "0",
        "980",
        "1K",
        "3.1K",
        "48.2K",
        "1M",
        "1.2M",
        "2B",
    ]
