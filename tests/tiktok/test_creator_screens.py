"""Issue 14, point 6: the creator's screens are faithful where the guide looks.

The guide has the creator check that they are on the right profile (the whole handle must be
readable), pick a draft and post it (the post must look like the draft chosen), and tick the
terms before joining (a control whose precondition is not met is unavailable until it is)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE

from .conftest import create_campaign, draft_ids, invite_path, join, post_video

DRAFT = "Morning routine with the new vitamin C serum"


def _css(client: FlaskClient) -> str:
    return client.get("/static/tiktok.css").get_data(as_text=True)


def test_the_campaign_page_shows_the_whole_handle_never_cut(client: FlaskClient) -> None:
    data = create_campaign(client)
    page = client.get(invite_path(data["invite_link"])).get_data(as_text=True)
    assert f'<div class="handle">@{CREATOR_HANDLE}</div>' in page
    rules = re.findall(r"\.handle\s*\{([^}]*)\}", _css(client))
    assert rules, "the stylesheet styles handles"
    for rule in rules:  # no rule cuts a handle short with an ellipsis
        assert "ellipsis" not in rule and "nowrap" not in rule


def test_join_campaign_is_unavailable_until_the_terms_are_ticked(client: FlaskClient) -> None:
    data = create_campaign(client)
    page = client.get(invite_path(data["invite_link"])).get_data(as_text=True)
    button = re.search(r"<button[^>]*>Join Campaign</button>", page)
    assert button and "disabled" in button.group(0) and 'data-needs="#terms"' in button.group(0)
    script = client.get("/static/tiktok.js")
    assert script.status_code == 200 and "data-needs" in script.get_data(as_text=True)
    assert "tiktok.js" in page


def _colours(svg: str) -> list[str]:
    return re.findall(r'stop-color="(#[0-9a-f]{6})"', svg)


def test_the_posted_video_looks_like_the_draft_chosen(client: FlaskClient) -> None:
    data = create_campaign(client)
    join(client, data["invite_link"])
    drafts = draft_ids(client, data["campaign_id"])
    for caption, draft in drafts.items():
        page = client.get(f"/tto/campaigns/{data['campaign_id']}/drafts").get_data(as_text=True)
        assert f"/media/drafts/{draft}.svg" in page, caption
    chosen = drafts[DRAFT]
    draft_cover = client.get(f"/media/drafts/{chosen}.svg").get_data(as_text=True)
    video_id = post_video(client, data["campaign_id"], DRAFT, "Glow #ad @lumenskincare")
    post_cover = client.get(f"/media/{video_id}.svg").get_data(as_text=True)
    assert _colours(post_cover) == _colours(draft_cover) and _colours(draft_cover)
    posted = client.get(f"/tto/videos/{video_id}").get_data(as_text=True)
    assert f"/media/{video_id}.svg" in posted
