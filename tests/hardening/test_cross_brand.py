"""A brand acts only in its own campaigns (issue 11, "Access").

Before the fix, `POST tto/creator/campaign/join/` with brand B's token and brand A's
`tto_invite_link` answered code 0 and added the creator's order to A's campaign."""

from __future__ import annotations

from typing import Any

from simulator.demo import CREATOR_HANDLE, DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID, demo_scenario

BIZ = "/open_api/v1.3"
TENANT = {"X-Sim-Tenant": "brands"}
OTHER_TOKEN = "other-brand-token"


def _two_brands(client: Any, review: str = "manual") -> str:
    """A tenant with the demo brand (A) and another brand (B); A's campaign invites the creator.
    Returns A's invite link."""
    half = demo_scenario()["tiktok"]
    half["review"] = {"mode": review}
    half["brands"].append(
        {
            "name": "Other brand",
            "tcm_account_id": "7000000000000000999",
            "access_token": OTHER_TOKEN,
        }
    )
    made = client.post("/_sim/tenants", json={"id": "brands", "scenario": half})
    assert made.status_code == 201, made.get_json()
    client.application.config["SEEDED_POSTS"] = made.get_json()["seeded"]["posts"]
    created = client.post(
        f"{BIZ}/tto/tcm/campaign/create/",
        headers={**TENANT, "Access-Token": DEMO_BRAND_TOKEN},
        json={
            "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "campaign_name": "Brand A's launch",
            "handle_names": [CREATOR_HANDLE],
        },
    ).get_json()
    assert created["code"] == 0, created
    return str(created["data"]["invite_link"])


def _order(client: Any, invite_link: str) -> dict[str, Any]:
    orders = client.get(
        f"{BIZ}/tcm/order/get/v2/",
        headers={**TENANT, "Access-Token": DEMO_BRAND_TOKEN},
        query_string={
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "query_type": "INVITE_LINK",
            "invite_link": invite_link,
        },
    ).get_json()
    assert orders["code"] == 0, orders
    return dict(orders["data"]["orders"][0])


def _as_creator(client: Any, token: str, action: str, **body: str) -> dict[str, Any]:
    """A creator-side TikTok One call made with a brand's token."""
    answer = client.post(
        f"{BIZ}/tto/creator/campaign/{action}/",
        headers={**TENANT, "Access-Token": token},
        json={"creator_id": CREATOR_HANDLE, **body},
    ).get_json()
    return dict(answer)


def test_another_brand_cannot_join_a_creator_to_a_campaign(tiktok_app: Any) -> None:
    client = tiktok_app.test_client()
    invite_link = _two_brands(client)
    answer = _as_creator(client, OTHER_TOKEN, "join", tto_invite_link=invite_link)
    assert answer["code"] == 40001, answer
    assert answer["data"] == {}
    assert _order(client, invite_link)["status"] == "INVITED"  # A's campaign is untouched


def test_another_brand_cannot_link_a_post_to_a_campaign(tiktok_app: Any) -> None:
    client = tiktok_app.test_client()
    invite_link = _two_brands(client, review="auto")
    joined = _as_creator(client, DEMO_BRAND_TOKEN, "join", tto_invite_link=invite_link)
    assert joined["code"] == 0, joined  # brand A's creator is in (accepted at once)
    post = client.application.config["SEEDED_POSTS"][0]["video_id"]
    answer = _as_creator(
        client, OTHER_TOKEN, "video/link", tto_invite_link=invite_link, video_id=post
    )
    assert answer["code"] == 40001, answer
    assert _order(client, invite_link)["video_ids"] == []  # nothing was linked to A's campaign


def test_the_campaigns_own_brand_still_joins_the_creator(tiktok_app: Any) -> None:
    client = tiktok_app.test_client()
    invite_link = _two_brands(client)
    answer = _as_creator(client, DEMO_BRAND_TOKEN, "join", tto_invite_link=invite_link)
    assert answer["code"] == 0, answer
    assert _order(client, invite_link)["status"] == "JOINED"
