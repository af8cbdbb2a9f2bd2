"""Scenario `posts[]`: posts published before the scenario starts, in no campaign."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from simulator.control import control_hooks
from simulator.core.tenants import Tenant
from simulator.demo import CREATOR_HANDLE, DEMO_TCM_ACCOUNT_ID, OTHER_HANDLE, demo_scenario
from simulator.tiktok.models import SimState

from .conftest import (
    TENANT,
    create_campaign,
    direct_post,
    get_biz,
    invite_path,
    join,
    scenario,
    seed,
)

ACCT = {"tcm_account_id": DEMO_TCM_ACCOUNT_ID}
OLD = "Throwback: my first serum review #skincare"


def _tenant(app: Flask) -> Tenant[SimState]:
    tenant: Tenant[SimState] | None = control_hooks(app).registry.get(TENANT, create=False)
    assert tenant is not None
    return tenant


def _authorized(client: FlaskClient, **params: object) -> dict[str, Any]:
    return dict(
        get_biz(
            client,
            "/tcm/creator/authorized/video/list/",
            **ACCT,
            handle_name=CREATOR_HANDLE,
            **params,
        )["data"]
    )


def test_a_seeded_post_is_published_in_the_past_and_in_no_campaign(
    app: Flask, client: FlaskClient
) -> None:
    half = scenario(
        posts=[
            {
                "handle": "@" + CREATOR_HANDLE,
                "caption": OLD,
                "duration_sec": 22,
                "published_ago": "3d",
            }
        ]
    )
    seeded = seed(client, half)
    state, now = _tenant(app).state, _tenant(app).clock.now()
    (video,) = state.videos
    assert video.published_at is not None
    assert abs(video.published_at - (now - timedelta(days=3))) < timedelta(seconds=5)
    assert seeded["posts"] == [
        {"handle": CREATOR_HANDLE, "video_id": video.video_id, "caption": OLD}
    ]
    assert (video.status, video.campaign_id, video.order_id) == ("PUBLISHED", "", "")
    assert video.duration_sec == 22 and video.publish_due is None
    assert video.created_at == video.published_at
    assert state.creator_posts(CREATOR_HANDLE, 0, 10, now) == ([video], False)
    assert state.due_items(now + timedelta(days=365)) == []  # nothing left to happen to it
    assert state.outbox == []  # no webhooks: it was published before the world began
    join(client, create_campaign(client)["invite_link"])  # the brand may read Maya's posts
    posts = _authorized(client)["posts"]
    assert isinstance(posts, list) and len(posts) == 1
    post = posts[0]
    assert post["video_id"] == video.video_id and post["caption"] == OLD
    assert post["create_time"] == int(video.published_at.timestamp())
    assert post["video_views"] > 0 and post["likes"] > 0  # three days of views already


def test_seeded_posts_page_after_newer_posts_newest_first(client: FlaskClient) -> None:
    half = scenario(
        posts=[
            {"handle": CREATOR_HANDLE, "caption": "a week ago", "published_ago": "7d"},
            {"handle": CREATOR_HANDLE, "caption": "yesterday", "published_ago": "1d"},
            {"handle": OTHER_HANDLE, "caption": "not Maya's", "published_ago": "2d"},
        ]
    )
    seed(client, half)
    join(client, create_campaign(client)["invite_link"])
    client.post("/_sim/clock", json={"tenant": TENANT, "advance": "1m"})
    fresh = direct_post(client, "Posted today")
    captions: list[str] = []
    cursor = None
    while True:
        page = _authorized(client, limit=1, **({"cursor": cursor} if cursor else {}))
        posts = page["posts"]
        captions += [p["caption"] for p in posts]
        if not posts:
            break
        cursor = posts[-1]["create_time"] * 1000  # the next page: before the last post shown
    assert captions == ["Posted today", "yesterday", "a week ago"]
    ids = [p["video_id"] for p in _authorized(client)["posts"]]
    assert ids[0] == fresh


def test_a_seeded_post_can_be_linked_to_a_campaign(client: FlaskClient) -> None:
    seed(
        client, scenario(posts=[{"handle": CREATOR_HANDLE, "caption": OLD, "published_ago": "2d"}])
    )
    data = create_campaign(client)
    join(client, data["invite_link"])
    page = client.get(f"/tto/campaigns/{data['campaign_id']}/link").get_data(as_text=True)
    assert f'aria-label="{OLD}"' in page
    video_id = _authorized(client)["posts"][0]["video_id"]
    answer = client.post(f"/tto/campaigns/{data['campaign_id']}/link", data={"video": video_id})
    assert answer.status_code == 302
    orders = get_biz(
        client,
        "/tcm/order/get/v2/",
        **ACCT,
        query_type="INVITE_LINK",
        invite_link=data["invite_link"],
    )["data"]["orders"]
    assert orders[0]["video_ids"] == [video_id]
    assert "No posts to link" in client.get(f"/tto/campaigns/{data['campaign_id']}/link").get_data(
        as_text=True
    )
    assert "Published" in client.get(invite_path(data["invite_link"])).get_data(as_text=True)


def test_posts_default_to_now_and_bad_values_are_refused(app: Flask, client: FlaskClient) -> None:
    seed(client, scenario(posts=[{"handle": CREATOR_HANDLE, "caption": "just now"}]))
    (video,) = _tenant(app).state.videos
    assert video.status == "PUBLISHED" and video.duration_sec == 15
    for bad in (
        {"handle": CREATOR_HANDLE, "caption": "x", "views": 1000},
        {"handle": CREATOR_HANDLE, "caption": "x", "published_ago": "soon"},
        {"handle": CREATOR_HANDLE, "caption": "x", "published_ago": -60},
    ):
        answer = client.post("/_sim/tenants", json={"id": "t2", "scenario": scenario(posts=[bad])})
        assert answer.status_code == 400, (bad, answer.json)


def test_the_demo_creator_has_a_post_to_link() -> None:
    posts = demo_scenario()["tiktok"]["posts"]
    assert [p["handle"] for p in posts] == [CREATOR_HANDLE]
    assert json.loads(json.dumps(posts)) == posts  # plain data, like the rest of a scenario
