"""The app's screens in every state: wrong account, terms, missing elements, failures, switcher."""

from __future__ import annotations

from flask.testing import FlaskClient

from simulator.demo import CREATOR_HANDLE, OTHER_HANDLE

from .conftest import create_campaign, draft_ids, invite_path, join, scenario, seed

DRAFT = "Morning routine with the new vitamin C serum"


def test_wrong_account_names_the_invited_handle_and_switching_fixes_it(client: FlaskClient) -> None:
    data = create_campaign(client)
    client.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"})
    page = client.get(invite_path(data["invite_link"])).get_data(as_text=True)
    assert 'role="alert"' in page and f"@{CREATOR_HANDLE}" in page
    client.post(invite_path(data["invite_link"]) + "/join", data={"terms": "on"})
    switcher = client.get(invite_path(data["invite_link"]) + "?switch=1").get_data(as_text=True)
    assert (
        f'aria-label="@{CREATOR_HANDLE}"' in switcher
        and f'aria-label="@{OTHER_HANDLE}"' in switcher
    )
    client.post(
        "/app/account", data={"handle": CREATOR_HANDLE, "next": invite_path(data["invite_link"])}
    )
    join(client, data["invite_link"])
    assert "You're in" in client.get(invite_path(data["invite_link"])).get_data(as_text=True)


def test_join_needs_the_terms(client: FlaskClient) -> None:
    data = create_campaign(client)
    answer = client.post(invite_path(data["invite_link"]) + "/join", data={}, follow_redirects=True)
    assert "Agree to TikTok&#39;s terms and conditions" in answer.get_data(as_text=True)


def test_composer_names_missing_elements_and_keeps_the_text(client: FlaskClient) -> None:
    data = create_campaign(client)
    join(client, data["invite_link"])
    draft = draft_ids(client, data["campaign_id"])[DRAFT]
    page = client.post(
        f"/tto/campaigns/{data['campaign_id']}/compose",
        data={"draft": draft, "description": "Glow #ad"},
    ).get_data(as_text=True)
    assert "Missing required element: @lumenskincare" in page and ">Glow #ad</textarea>" in page


def test_spam_magic_caption_fails_the_post(client: FlaskClient) -> None:
    data = create_campaign(client)
    join(client, data["invite_link"])
    draft = draft_ids(client, data["campaign_id"])[DRAFT]
    answer = client.post(
        f"/tto/campaigns/{data['campaign_id']}/compose",
        data={"draft": draft, "description": "#ad @lumenskincare #sim_fail_spam"},
        follow_redirects=True,
    )
    assert "Post failed" in answer.get_data(
        as_text=True
    ) and "spam_risk_too_many_posts" in answer.get_data(as_text=True)


def test_processing_page_refreshes_until_published(client: FlaskClient) -> None:
    seed(client, scenario(processing="2m"))
    data = create_campaign(client)
    join(client, data["invite_link"])
    draft = draft_ids(client, data["campaign_id"])[DRAFT]
    location = client.post(
        f"/tto/campaigns/{data['campaign_id']}/compose",
        data={"draft": draft, "description": "#ad @lumenskincare"},
    ).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    # tiktok.js asks again in the background while the page carries this (no <meta refresh>,
    # which axe-core counts as a critical accessibility violation)
    assert "Processing" in page and '<meta name="sim-refresh-while"' in page
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "2m"})
    published = client.get(location).get_data(as_text=True)
    assert "Published" in published and "sim-refresh-while" not in published


def test_record_video_and_upload_options_need_acceptance(client: FlaskClient) -> None:
    data = create_campaign(client)
    assert client.get(f"/tto/campaigns/{data['campaign_id']}/upload").status_code == 403
    join(client, data["invite_link"])
    recorded = client.post(f"/tto/campaigns/{data['campaign_id']}/record")
    assert "/compose?draft=" in recorded.headers["Location"]
    assert client.get("/").status_code == 200 and "Serum launch" in client.get("/").get_data(
        as_text=True
    )


def test_a_refused_post_leaves_the_draft_to_post_again(client: FlaskClient) -> None:
    data = create_campaign(client)
    join(client, data["invite_link"])
    draft = draft_ids(client, data["campaign_id"])[DRAFT]
    client.post(
        f"/tto/campaigns/{data['campaign_id']}/compose",
        data={"draft": draft, "description": "#ad @lumenskincare #sim_fail_spam"},
    )
    assert draft in draft_ids(client, data["campaign_id"]).values()
    retried = client.post(
        f"/tto/campaigns/{data['campaign_id']}/compose",
        data={"draft": draft, "description": "#ad @lumenskincare"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Published" in retried
