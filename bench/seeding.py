"""How the benchmarks put many videos straight into a tenant of the fake TikTok."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .common import Skip

TENANT = "bench-scale"
BIZ = "/open_api/v1.3"


def _demo() -> dict[str, Any]:
    from simulator.demo import demo_scenario

    return dict(demo_scenario()["tiktok"])


def make_fake() -> tuple[Any, str]:
    """The fake TikTok app and a tenant seeded with the demo, its creator joined to a campaign."""
    from simulator.tiktok.app import create_app

    from .api import campaign_body

    app = create_app({"SEED": 5})
    client = app.test_client()
    half = _demo()
    brand = half["brands"][0]
    handle = half["current_handle"]
    made = client.post("/_sim/tenants", json={"id": TENANT, "scenario": half})
    if made.status_code >= 300:
        raise Skip(f"seeding failed: {made.status_code}")
    headers = {"Access-Token": brand["access_token"], "X-Sim-Tenant": TENANT}
    created = client.post(
        f"{BIZ}/tto/tcm/campaign/create/",
        json=campaign_body(brand["tcm_account_id"], handle),
        headers=headers,
    ).get_json()
    if created.get("code") != 0:
        raise Skip(f"campaign/create answered {created}")
    joined = client.post(
        f"{BIZ}/tto/creator/campaign/join/",
        json={"creator_id": handle, "tto_invite_link": created["data"]["invite_link"]},
        headers=headers,
    ).get_json()
    if joined.get("code") != 0:
        raise Skip(f"campaign/join answered {joined}")
    return app, TENANT


def seed_videos(app: Any, tenant_id: str, n: int) -> None:
    """Put `n` published videos of the demo creator into the tenant, through the app's models."""
    from simulator.control import control_hooks
    from simulator.tiktok.models import Video

    tenant = control_hooks(app).registry.get(tenant_id, create=False)
    handle = _demo()["current_handle"]
    with tenant.lock:
        now = tenant.clock.now()
        for i in range(n):
            when = now - timedelta(minutes=n - i)
            tenant.state.videos.append(
                Video(
                    video_id=tenant.ids.video_id(),
                    handle=handle,
                    caption=f"Bench video {i} #ad",
                    duration_sec=15 + i % 45,
                    status="PUBLISHED",
                    created_at=when,
                    published_at=when,
                )
            )


def list_request(app: Any, tenant_id: str) -> tuple[str, dict[str, str], Callable[..., None]]:
    """The first page of the creator's video list: path, headers, and a check of its answer."""
    half = _demo()
    brand = half["brands"][0]
    path = (
        f"{BIZ}/tcm/creator/authorized/video/list/?tcm_account_id={brand['tcm_account_id']}"
        f"&handle_name={half['current_handle']}&limit=10"  # TikTok: 1-10
    )
    headers = {"Access-Token": brand["access_token"], "X-Sim-Tenant": tenant_id}

    def check(answer: dict[str, Any], n: int) -> None:
        if answer.get("code") != 0:
            raise Skip(f"video/list answered {str(answer)[:200]}")
        posts = answer["data"]["posts"]
        if len(posts) != min(n, 10):
            raise Skip(f"video/list gave {len(posts)} posts for {n} videos")

    return path, headers, check


def order_request(app: Any, tenant_id: str) -> str:
    """The path of an order/get by invite link: a read that does not list videos."""
    from simulator.control import control_hooks

    tenant = control_hooks(app).registry.get(tenant_id, create=False)
    campaign = tenant.state.campaigns[0]
    return (
        f"{BIZ}/tcm/order/get/v2/?tcm_account_id={campaign.tcm_account_id}"
        f"&query_type=INVITE_LINK&invite_link={campaign.invite_code}&page=1&page_size=20"
    )
