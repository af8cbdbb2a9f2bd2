"""The creator's phone on the fake TikTok in the hardening tests: join, upload, post."""

from __future__ import annotations

import re

import requests

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/15.0 Mobile/15E148 Safari/604.1"
)


def post_through_tiktok(tiktok: str, tenant: str, invite_link: str, description: str) -> None:
    """The creator's phone on TikTok: join, upload from drafts, post with the description."""
    phone = requests.Session()
    phone.headers.update({"X-Sim-Tenant": tenant, "User-Agent": PHONE})
    invite_path = "/" + invite_link.split("/", 3)[3]
    phone.post(f"{tiktok}{invite_path}/join", data={"terms": "on"}, timeout=10)
    page = phone.get(f"{tiktok}{invite_path}", timeout=10).text
    campaign_id = re.search(r"/tto/campaigns/(\d+)/upload", page)
    assert campaign_id, "the creator is not accepted into the campaign"
    drafts = phone.get(f"{tiktok}/tto/campaigns/{campaign_id[1]}/drafts", timeout=10).text
    draft = re.search(r'name="draft" value="([^"]+)"', drafts)
    assert draft, "no draft to post"
    posted = phone.post(
        f"{tiktok}/tto/campaigns/{campaign_id[1]}/compose",
        data={"draft": draft[1], "description": description},
        timeout=10,
    )
    assert posted.ok and "/tto/videos/" in posted.url, "the post did not go through"
