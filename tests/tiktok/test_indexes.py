"""The state's derived look-ups agree with a plain scan of its lists, whoever changes them."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from simulator.core.codec import TypeRegistry, decode, encode
from simulator.demo import CREATOR_HANDLE, DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID
from simulator.tiktok import lifecycle
from simulator.tiktok.models import Campaign, Membership, SimState, SparkAuth, Video, move

from .conftest import BIZ

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def _world() -> SimState:
    state = SimState()
    for c in range(3):
        state.campaigns.append(
            Campaign(campaign_id=f"c{c}", invite_code=f"code{c}", tcm_account_id="a", name="x")
        )
        for h in ("Ann", "bob"):
            state.memberships.append(Membership(order_id=f"o{c}{h}", campaign_id=f"c{c}", handle=h))
    for i in range(30):
        state.videos.append(
            Video(
                video_id=f"v{i:02d}",
                handle=("Ann", "bob")[i % 2],
                caption="",
                status=("PUBLISHED", "PROCESSING", "FAILED")[i % 3],
                campaign_id=f"c{i % 4}" if i % 4 < 3 else "",
                published_at=T0 + timedelta(minutes=i),
            )
        )
        state.spark_auths.append(
            SparkAuth(video_id=f"v{i % 7:02d}", tcm_account_id="a", authorization_days=7)
        )
    return state


def _scan_campaign_videos(state: SimState, campaign_id: str, handle: str | None) -> list[Video]:
    return [
        v
        for v in state.videos
        if v.campaign_id == campaign_id
        and v.status in ("PROCESSING", "PUBLISHED")
        and (handle is None or v.handle.lower() == handle.lower())
    ]


def _agrees(state: SimState) -> None:
    for v in state.videos:
        assert state.video(v.video_id) is v
    for m in state.memberships:
        assert state.order(m.order_id) is m
        assert state.membership(m.campaign_id, "@" + m.handle.upper()) is m
    for c in state.campaigns:
        assert state.campaign(c.campaign_id) is c
        assert state.campaign_by_invite(f"http://x/tto/invite/{c.invite_code}?a=1") is c
        assert state.campaign_memberships(c.campaign_id) == [
            m for m in state.memberships if m.campaign_id == c.campaign_id
        ]
        for handle in (None, "ann", "BOB"):
            assert state.campaign_videos(c.campaign_id, handle) == _scan_campaign_videos(
                state, c.campaign_id, handle
            )
    for vid in {a.video_id for a in state.spark_auths}:
        assert state.spark_auth(vid) is [a for a in state.spark_auths if a.video_id == vid][-1]
    assert state.video("nope") is None and state.order("nope") is None
    assert state.campaign("nope") is None and state.membership("c0", "nobody") is None


def test_lookups_agree_with_a_scan_as_the_lists_grow_and_change() -> None:
    state = _world()
    _agrees(state)
    # appended behind the index's back (as the benchmarks and hardening tests do)
    state.videos.append(Video(video_id="late", handle="ann", caption="", campaign_id="c1"))
    state.memberships.append(Membership(order_id="late", campaign_id="c2", handle="cat"))
    state.spark_auths.append(SparkAuth(video_id="v01", tcm_account_id="a", authorization_days=30))
    _agrees(state)
    # bound and unbound through the state
    state.bind_video(state.videos[3], "c0", "o0Ann")
    state.bind_video(state.videos[0], "", "")
    _agrees(state)
    # a list replaced wholesale, or shrunk, is indexed again from scratch
    state.videos = list(reversed(state.videos))
    _agrees(state)
    del state.videos[-5:]
    state.memberships[:] = state.memberships[2:]
    _agrees(state)
    state.videos[-1] = Video(video_id="swapped", handle="bob", caption="", campaign_id="c2")
    _agrees(state)


def test_copies_and_json_round_trips_carry_no_index_and_rebuild_it() -> None:
    state = _world()
    _agrees(state)
    copied = copy.deepcopy(state)
    assert copied.video("v03") is copied.videos[3] and copied.video("v03") is not state.videos[3]
    copied.videos.append(Video(video_id="only-in-copy", handle="ann", caption=""))
    assert copied.video("only-in-copy") is not None and state.video("only-in-copy") is None
    document = json.loads(json.dumps(encode(state)))
    assert "_ix" not in json.dumps(document)
    back = decode(document, TypeRegistry(SimState))
    assert back == state
    _agrees(back)
    assert encode(back) == document


def _post(client: FlaskClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(BIZ + path, json=body, headers={"Access-Token": DEMO_BRAND_TOKEN})
    assert answer.json is not None
    return dict(answer.json)


def test_linking_and_revoking_keep_orders_and_quota_right(client: FlaskClient) -> None:
    """A post linked, revoked and linked again shows in the order's video_ids exactly then."""
    created = _post(
        client,
        "/tto/tcm/campaign/create/",
        {
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_name": "Links",
            "handle_names": [CREATOR_HANDLE],
            "video_number": 2,
        },
    )["data"]
    link, campaign_id = created["invite_link"], created["campaign_id"]
    _post(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": CREATOR_HANDLE, "tto_invite_link": link},
    )
    app = client.application
    tenant = app.extensions["tiktok_sim"].get("t1", create=False)
    with tenant.lock:
        tenant.state.videos.append(
            Video(
                video_id="7000000000000000001",
                handle=CREATOR_HANDLE,
                caption="old post",
                status="PUBLISHED",
                published_at=tenant.clock.now(),
            )
        )

    def order() -> dict[str, Any]:
        answer = client.get(
            BIZ + "/tcm/order/get/v2/",
            query_string={
                "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                "query_type": "INVITE_LINK",
                "invite_link": link,
            },
            headers={"Access-Token": DEMO_BRAND_TOKEN},
        ).json
        assert answer is not None and answer["code"] == 0, answer
        return dict(answer["data"]["orders"][0])

    assert order()["video_ids"] == []
    body = {
        "creator_id": CREATOR_HANDLE,
        "tto_invite_link": link,
        "video_id": "7000000000000000001",
    }
    assert _post(client, "/tto/creator/campaign/video/link/", body)["code"] == 0
    assert order()["video_ids"] == ["7000000000000000001"]
    assert order()["quota"]["current_video_count"] == 1
    revoke = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_id": campaign_id,
        "video_id": "7000000000000000001",
        "action": "REVOKE",
    }
    assert _post(client, "/tto/tcm/campaign/link/", revoke)["code"] == 0
    assert order()["video_ids"] == [] and order()["quota"]["current_video_count"] == 0
    assert _post(client, "/tto/creator/campaign/video/link/", body)["code"] == 0
    assert order()["video_ids"] == ["7000000000000000001"]


class NoScan(list[Video]):
    """A video list that fails when something walks all of it."""

    def __iter__(self) -> Any:
        raise AssertionError("walked every video")


def _old_video_list(
    state: SimState, handle: str, cursor: int, limit: int, now: datetime
) -> tuple[list[Video], bool]:
    """The list page as the fake computed it before it kept an index (the reference)."""
    posts = sorted(
        (v for v in list.__iter__(state.videos) if v.handle == handle and v.status == "PUBLISHED"),
        key=lambda v: (v.published_at or now, v.video_id),
        reverse=True,
    )
    if cursor:
        posts = [v for v in posts if int((v.published_at or now).timestamp() * 1000) < cursor]
    return posts[:limit], len(posts) > limit


def _pages(state: SimState, handle: str, limit: int, now: datetime) -> list[list[str]]:
    """Every page, following the cursor, checked against the reference at each step."""
    pages, cursor = [], 0
    while True:
        page, more = state.creator_posts(handle, cursor, limit, now)
        assert (page, more) == _old_video_list(state, handle, cursor, limit, now)
        pages.append([v.video_id for v in page])
        if not more:
            return pages
        cursor = int((page[-1].published_at or now).timestamp() * 1000)


def test_the_creators_posts_page_like_a_sorted_scan_without_one() -> None:
    now = T0 + timedelta(days=2)
    state = SimState()
    state.videos = NoScan()
    for i in range(200):  # out of order, some in the same millisecond, some not published
        state.videos.append(
            Video(
                video_id=f"v{(i * 37) % 200:03d}",
                handle=("ann", "bob")[i % 2],
                caption="",
                status="PUBLISHED" if i % 5 else "PROCESSING",
                published_at=T0 + timedelta(seconds=(i * 7919) % 173, microseconds=i % 3),
            )
        )
    for limit in (1, 7, 20):
        pages = _pages(state, "ann", limit, now)
        assert sum(len(p) for p in pages) == 80
    # a processing post published through the lifecycle joins the list in its place
    from simulator.tiktok import lifecycle

    state.videos[0].published_at = None
    lifecycle.publish_video(state, state.videos[0], now)
    assert state.creator_posts("ann", 0, 1, now)[0] == [state.videos[0]]
    _pages(state, "ann", 9, now)
    assert state.published_count("ann") == _published(state, "ann")
    # a deleted post drops out; a post put in by hand without a time sorts as "now"
    state.videos[2].status = "DELETED"
    _pages(state, "ann", 9, now)
    state.videos.append(Video(video_id="zz-undated", handle="ann", caption="", status="PUBLISHED"))
    assert state.creator_posts("ann", 0, 1, now)[0][0].video_id == "zz-undated"
    _pages(state, "ann", 9, now)
    assert state.published_count("ann") == _published(state, "ann")
    move(state.videos[6], "status", "video", "DELETED")  # a move is seen at once
    assert state.published_count("ann") == _published(state, "ann")
    assert state.creator_posts("nobody", 0, 5, now) == ([], False)


def _published(state: SimState, handle: str) -> int:
    """The reference count: a walk of every video."""
    every = list.__iter__(state.videos)  # past NoScan: the reference may walk
    return sum(1 for v in every if v.handle == handle and v.status == "PUBLISHED")


def _old_settle(state: SimState, now: datetime) -> None:
    """settle as it was before the due times were kept in a heap (the reference)."""
    from simulator.tiktok import lifecycle
    from simulator.tiktok.models import move

    for m in state.memberships:
        if m.status == "JOINED" and m.review_due and m.review_due <= now:
            lifecycle.decide_review(state, m, accept=not lifecycle._fails_review(m), now=now)
    for v in state.videos:
        if v.status == "PROCESSING" and v.publish_due and v.publish_due <= now:
            lifecycle.publish_video(state, v, now)
    for a in state.spark_auths:
        if a.auth_code_status in ("NOT_USED", "IN_USE") and a.end_time and a.end_time <= now:
            move(a, "auth_code_status", "auth_code", "EXPIRED")
            lifecycle.enqueue_auth_event(state, a, "tto_video_ad_authorization_expired", now)


def _timed_world() -> SimState:
    from simulator.tiktok.models import Subscription

    state = _world()
    state.subscriptions.append(
        Subscription(
            subscription_id="s1", tcm_account_id="a", app_id="x", secret="k", callback_url="h"
        )
    )
    for i, m in enumerate(state.memberships):  # due out of list order, some at the same time
        m.status = "JOINED" if i % 3 else "INVITED"
        m.review_due = T0 + timedelta(hours=(i * 5) % 4)
    state.memberships[1].handle = "late.reviewfail"
    for i, v in enumerate(state.videos):
        v.publish_due = T0 + timedelta(minutes=(i * 13) % 90) if i % 3 != 2 else None
        v.published_at = None if v.status == "PROCESSING" else v.published_at
    for i, a in enumerate(state.spark_auths):
        a.auth_status, a.end_time = "ACCEPTED", T0 + timedelta(days=(i * 3) % 8)
    return state


def test_settle_applies_the_same_transitions_in_the_same_order_as_a_full_walk() -> None:
    ours, reference = _timed_world(), _timed_world()
    registry = TypeRegistry(SimState)
    for step in (0, 1, 30, 61, 120, 200, 3 * 24 * 60, 9 * 24 * 60):
        now = T0 + timedelta(minutes=step)
        lifecycle.settle(ours, now)
        _old_settle(reference, now)
        assert encode(ours) == encode(reference), f"after {step} minutes"
        if step == 61:  # a copy (a snapshot) and a JSON round trip settle the same way
            ours = copy.deepcopy(ours)
        if step == 120:
            ours = decode(json.loads(json.dumps(encode(ours))), registry)
    assert [d.delivery_id for d in ours.outbox] == [d.delivery_id for d in reference.outbox]
    assert len(ours.outbox) > 5


def test_orders_that_share_an_order_id_each_have_their_review_decided_in_list_order() -> None:
    """Seeded or imported data may give two orders one id: the index finds an order's place
    by its id, and looks in the list for the ones that id does not lead to."""
    ours, reference = _timed_world(), _timed_world()
    for state in (ours, reference):
        for i in (2, 4):
            state.memberships[i].order_id = state.memberships[1].order_id
    assert ours.order(ours.memberships[1].order_id) is ours.memberships[1]
    for step in (0, 61, 200):
        now = T0 + timedelta(minutes=step)
        lifecycle.settle(ours, now)
        _old_settle(reference, now)
        assert encode(ours) == encode(reference), f"after {step} minutes"
    assert [ours.memberships[i].status for i in (1, 2, 4)] == ["REJECTED", "ACCEPTED", "ACCEPTED"]


def test_settle_walks_nothing_when_nothing_is_due() -> None:
    state = _timed_world()
    lifecycle.settle(state, T0 + timedelta(days=30))  # everything due has happened
    for name in ("videos", "memberships", "spark_auths"):
        items = getattr(state, name)
        setattr(state, name, NoScan(items))
        lifecycle.settle(state, T0)  # the index notices a replaced list and takes it in again
    lifecycle.settle(state, T0 + timedelta(days=31))
    # a due time moved later is honoured, one set on an item in the lists needs due_changed
    later = Membership(order_id="o-late", campaign_id="c0", handle="dan", status="JOINED")
    later.review_due = T0 + timedelta(days=32)
    state.memberships.append(later)
    later.review_due = T0 + timedelta(days=33)
    lifecycle.settle(state, T0 + timedelta(days=32, hours=1))
    assert later.status == "JOINED"
    lifecycle.settle(state, T0 + timedelta(days=33))
    assert later.status == "ACCEPTED"
    sooner = state.videos[-1]
    sooner.status, sooner.publish_due, sooner.published_at = "PROCESSING", T0, None
    state.due_changed(sooner)
    lifecycle.settle(state, T0 + timedelta(days=34))
    assert sooner.status == "PUBLISHED"


def test_a_delayed_review_fires_after_a_snapshot_restore_and_an_import(
    client: FlaskClient,
) -> None:
    from .conftest import scenario, seed

    seed(client, scenario(review={"mode": "delay", "delay": "2h"}))
    created = _post(
        client,
        "/tto/tcm/campaign/create/",
        {
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_name": "Later",
            "handle_names": [CREATOR_HANDLE],
        },
    )["data"]
    link = created["invite_link"]
    _post(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": CREATOR_HANDLE, "tto_invite_link": link},
    )
    assert (
        client.post("/_sim/snapshots", json={"tenant": "t1", "name": "joined"}).status_code == 201
    )
    exported = client.get("/_sim/export?tenant=t1").json

    def status() -> str:
        answer = client.get(
            BIZ + "/tcm/order/get/v2/",
            query_string={
                "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                "query_type": "INVITE_LINK",
                "invite_link": link,
            },
            headers={"Access-Token": DEMO_BRAND_TOKEN},
        ).json
        assert answer is not None
        return str(answer["data"]["orders"][0]["status"])

    client.post("/_sim/clock", json={"tenant": "t1", "advance": "2h"})
    assert status() == "ACCEPTED"
    client.post("/_sim/snapshots/joined/restore", json={"tenant": "t1"})
    assert status() == "JOINED"
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "2h"})
    assert status() == "ACCEPTED"
    assert client.post("/_sim/import", json=exported).status_code == 201
    assert status() == "JOINED"
    client.post("/_sim/clock", json={"tenant": "t1", "advance": "2h"})
    assert status() == "ACCEPTED"


def test_a_list_page_and_an_order_read_walk_no_list_of_every_video(client: FlaskClient) -> None:
    """Issue 7: pagination must not scan everything (checked by walls, not by a timer)."""
    created = _post(
        client,
        "/tto/tcm/campaign/create/",
        {
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_name": "Walls",
            "handle_names": [CREATOR_HANDLE],
        },
    )["data"]
    link = created["invite_link"]
    _post(
        client,
        "/tto/creator/campaign/join/",
        {"creator_id": CREATOR_HANDLE, "tto_invite_link": link},
    )
    tenant = client.application.extensions["tiktok_sim"].get("t1", create=False)
    with tenant.lock:
        now = tenant.clock.now()
        for i in range(500):
            tenant.state.videos.append(
                Video(
                    video_id=f"{7100000000000000000 + i}",
                    handle=CREATOR_HANDLE,
                    caption=f"post {i}",
                    status="PUBLISHED",
                    published_at=now - timedelta(minutes=500 - i),
                )
            )
        tenant.state.videos = NoScan(tenant.state.videos)
        tenant.settle()  # take them in once
    headers = {"Access-Token": DEMO_BRAND_TOKEN}
    # limit 1-10 and {page_info, posts} as TikTok's AuthorizedVideoList (bububa/tiktok-business
    # model/tcm/creator/authorized_video_list.go); the next cursor is the last post's time (ms)
    base = {"tcm_account_id": DEMO_TCM_ACCOUNT_ID, "handle_name": CREATOR_HANDLE, "limit": 10}
    seen: list[str] = []
    cursor = 0
    for _ in range(6):
        page = client.get(
            BIZ + "/tcm/creator/authorized/video/list/",
            query_string={**base, "cursor": cursor},
            headers=headers,
        ).json
        assert page is not None and page["code"] == 0, page
        seen += [p["video_id"] for p in page["data"]["posts"]]
        cursor = page["data"]["posts"][-1]["create_time"] * 1000
        assert page["data"]["page_info"]["total_number"] == 501  # and the demo's own post
    assert seen == [f"{7100000000000000000 + i}" for i in range(499, 439, -1)]
    order = client.get(
        BIZ + "/tcm/order/get/v2/",
        query_string={
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "query_type": "INVITE_LINK",
            "invite_link": link,
        },
        headers=headers,
    ).json
    assert order is not None and order["code"] == 0, order
    assert order["data"]["orders"][0]["video_ids"] == []


def test_the_base_url_is_worked_out_once_per_request(monkeypatch: Any) -> None:
    """Without PUBLIC_URL the links use the request's host, read once however many links."""
    from flask import Request

    from simulator.tiktok.app import create_app

    from .conftest import seed

    reads: list[str] = []
    real = Request.host_url

    def counted(self: Request) -> str:
        reads.append(self.path)
        return str(real.__get__(self))

    client = create_app({"TESTING": True, "WEBHOOK_SYNC": True}).test_client()
    client.environ_base["HTTP_X_SIM_TENANT"] = "t1"
    seed(client)
    created = _post(
        client,
        "/tcm/order/create/v2/",
        {
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "brand_name": "Many",
            "handle_names": [CREATOR_HANDLE, "maya.eats.late"],
            "deliverables": [{"deliverable_name": "One"}],
        },
    )
    assert created["code"] == 0, created
    monkeypatch.setattr(Request, "host_url", property(counted))
    answer = client.get(
        BIZ + "/tcm/order/get/v2/",
        base_url="http://phone.local:8600",
        query_string={
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "query_type": "CAMPAIGN_CODE",
            "campaign_code": created["data"]["campaign_code"],
        },
        headers={"Access-Token": DEMO_BRAND_TOKEN},
    ).json
    assert answer is not None and answer["code"] == 0, answer
    links = {o["invite_link"] for o in answer["data"]["orders"]}
    assert len(answer["data"]["orders"]) == 2
    assert links == {f"http://phone.local:8600/tto/invite/{created['data']['invite_link'][-12:]}"}
    # at most once: the host URL is also remembered across requests by what it is made of
    assert reads.count(BIZ + "/tcm/order/get/v2/") <= 1


def test_the_open_api_display_endpoints_page_like_a_scan_without_one(client: FlaskClient) -> None:
    """/v2/video/list/, /v2/video/query/ and /v2/user/info/ use the creator's posts, not a walk
    of every video, and answer what the scan they replace answered."""
    from simulator.tiktok.metrics import metrics

    from .conftest import bearer, oauth_token

    token = bearer(oauth_token(client))
    tenant = client.application.extensions["tiktok_sim"].get("t1", create=False)
    with tenant.lock:
        now = tenant.clock.now()
        tenant.clock.freeze()
        for i in range(240):  # out of order, some in the same millisecond, some not public
            tenant.state.videos.append(
                Video(
                    video_id=f"{7100000000000000000 + (i * 37) % 240}",
                    handle=(CREATOR_HANDLE, "maya.eats.late", CREATOR_HANDLE.upper())[i % 3],
                    caption=f"post {i}",
                    status=("PUBLISHED", "PUBLISHED", "PROCESSING", "DELETED")[i % 4],
                    published_at=now - timedelta(seconds=(i * 7919) % 199, microseconds=i % 3),
                )
            )
        tenant.state.videos.append(  # put in by hand without a time: counted, never listed
            Video(video_id="7199", handle=CREATOR_HANDLE, caption="", status="PUBLISHED")
        )
        tenant.settle()  # take them in once
        every = list(tenant.state.videos)
        tenant.state.videos = NoScan(tenant.state.videos)
        account = tenant.state.account(CREATOR_HANDLE)
    mine = [v for v in every if v.handle == CREATOR_HANDLE and v.status == "PUBLISHED"]
    timed = sorted(
        (v for v in mine if v.published_at is not None),
        key=lambda v: (v.published_at, v.video_id),
        reverse=True,
    )
    seen: list[str] = []
    cursor = 0
    while True:
        page = client.post(
            "/v2/video/list/?fields=id,create_time",
            headers=token,
            json={"max_count": 7, "cursor": cursor},
        ).json["data"]
        left = [v for v in timed if not cursor or int(v.published_at.timestamp() * 1000) < cursor]
        assert [v["id"] for v in page["videos"]] == [v.video_id for v in left[:7]]
        assert page["has_more"] is (len(left) > 7)
        seen += [v["id"] for v in page["videos"]]
        if not page["has_more"]:
            break
        assert page["cursor"] == int(left[6].published_at.timestamp() * 1000)
        cursor = page["cursor"]
    assert len(seen) == len(set(seen))
    theirs = next(v for v in every if v.handle == "maya.eats.late" and v.status == "PUBLISHED")
    wanted = [timed[5].video_id, timed[1].video_id, "7199", theirs.video_id, "7000"]
    query = client.post(
        "/v2/video/query/?fields=id", headers=token, json={"filters": {"video_ids": wanted}}
    ).json["data"]
    assert [v["id"] for v in query["videos"]] == [timed[1].video_id, timed[5].video_id]
    info = client.get("/v2/user/info/?fields=video_count,likes_count", headers=token).json
    assert info["data"]["user"] == {
        "video_count": len(mine),
        "likes_count": sum(int(metrics(v, account, now)["likes"]) for v in mine),
    }


def test_a_new_post_takes_a_millisecond_no_post_of_its_creator_has() -> None:
    """Posts put in with a time may already share a millisecond (two seeded at the same
    moment); a post the fake publishes then still gets one of its own."""
    state = SimState()
    ms = timedelta(milliseconds=1)
    for i, when in enumerate((T0, T0, T0 + ms, T0 + 3 * ms)):
        state.videos.append(
            Video(video_id=f"v{i}", handle="Ann", caption="", status="PUBLISHED", published_at=when)
        )
    assert state.publish_time("Ann", T0) == T0 + 2 * ms
    assert state.publish_time("Ann", T0 + 3 * ms + ms / 2) == T0 + 4 * ms
    assert state.publish_time("Ann", T0 - ms) == T0 - ms  # a free millisecond: kept as it is
    assert state.publish_time("bob", T0) == T0
