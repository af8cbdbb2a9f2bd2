"""The demo world `make serve` starts with: one scenario, a TikTok half and a Flex half.

A scenario is plain data (the same shape a --seed-file holds and the harness posts to
/_sim/tenants), so the two apps share a description of the world, never Python state.
"""

from __future__ import annotations

import copy
from typing import Any

DEMO_BRAND_TOKEN = "demo-business-token"
DEMO_CLIENT_KEY = "demo-client-key"
DEMO_CLIENT_SECRET = "demo-client-secret"
DEMO_TCM_ACCOUNT_ID = "7000000000000000001"
CREATOR_HANDLE = "mayaflores.creates"
OTHER_HANDLE = "maya.eats.late"

_DEMO: dict[str, Any] = {
    "tiktok": {
        "brands": [
            {
                "name": "Lumen Skincare",
                "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                "access_token": DEMO_BRAND_TOKEN,
                "app_id": DEMO_CLIENT_KEY,
                "secret": DEMO_CLIENT_SECRET,
                "advertiser_ids": ["7100000000000000001"],
            }
        ],
        "apps": [
            {
                "client_key": DEMO_CLIENT_KEY,
                "client_secret": DEMO_CLIENT_SECRET,
                "name": "Flex",
                "redirect_uris": ["http://127.0.0.1:8700/integrations/tiktok/callback"],
            }
        ],
        "accounts": [
            {
                "handle": CREATOR_HANDLE,
                "nickname": "Maya Flores",
                "followers": 48200,
                "region": "US",
                "private": False,
                "on_phone": True,
            },
            {
                "handle": OTHER_HANDLE,
                "nickname": "Maya eats late",
                "followers": 3100,
                "region": "US",
                "private": False,
                "on_phone": True,
            },
        ],
        "current_handle": CREATOR_HANDLE,
        "drafts": [
            {
                "handle": CREATOR_HANDLE,
                "caption": "Morning routine with the new vitamin C serum",
                "duration_sec": 27,
            },
            {
                "handle": CREATOR_HANDLE,
                "caption": "Get ready with me: glowy skin in 5 minutes",
                "duration_sec": 41,
            },
            {"handle": OTHER_HANDLE, "caption": "Midnight ramen hack", "duration_sec": 18},
        ],
        # already on the creator's profile, in no campaign: what "Link existing post" offers
        "posts": [
            {
                "handle": CREATOR_HANDLE,
                "caption": "My 3-step evening skincare routine #skincare",
                "duration_sec": 34,
                "published_ago": "3d",
            }
        ],
        "review": {"mode": "auto"},
    },
    "flex": {
        "users": [
            {
                "email": "creator@example.com",
                "password": "demo",
                "role": "creator",
                "name": "Maya Flores",
                "tiktok_handle": CREATOR_HANDLE,
            },
            {
                "email": "marketer@example.com",
                "password": "demo",
                "role": "marketer",
                "name": "Jordan Reyes",
                "company": "Lumen Skincare",
            },
        ],
        "tiktok": {
            "access_token": DEMO_BRAND_TOKEN,
            "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
            "app_id": DEMO_CLIENT_KEY,
            "secret": DEMO_CLIENT_SECRET,
            "advertiser_ids": ["7100000000000000001"],
        },
        "offers": [
            {
                "title": "Vitamin C Serum launch",
                "brand": "Lumen Skincare",
                "marketer_email": "marketer@example.com",
                "creator_email": "creator@example.com",
                "brief": (
                    "Show your morning routine with the Lumen vitamin C serum. "
                    "Keep it natural and mention how your skin feels after a week."
                ),
                "due_in_days": 14,
                "payment_usd": 450,
                "files": [{"name": "Lumen brand guidelines.pdf", "size_kb": 820}],
                "deliverables": [
                    {
                        "type": "tiktok_video",
                        "title": "TikTok video",
                        "approved_description": (
                            "My morning glow routine with @lumenskincare vitamin C serum #ad"
                        ),
                        "required_elements": ["#ad", "@lumenskincare"],
                        "spark_ads_days": 30,
                        "payment_usd": 450,
                    }
                ],
            },
            {
                "title": "Summer glow bundle",
                "brand": "Lumen Skincare",
                "marketer_email": "marketer@example.com",
                "creator_email": "creator@example.com",
                "brief": "A short TikTok and an Instagram post about the summer bundle.",
                "due_in_days": 30,
                "payment_usd": 700,
                "files": [],
                "deliverables": [
                    {
                        "type": "tiktok_video",
                        "title": "TikTok video",
                        "approved_description": "Summer glow with @lumenskincare #ad #summerglow",
                        "required_elements": ["#ad", "#summerglow", "@lumenskincare"],
                        "spark_ads_days": 60,
                        "payment_usd": 400,
                    },
                    {
                        "type": "instagram_post",
                        "title": "Instagram post",
                        "approved_description": "Summer glow bundle, out now #ad",
                        "required_elements": ["#ad"],
                        "payment_usd": 300,
                    },
                ],
            },
        ],
    },
}


def demo_scenario() -> dict[str, Any]:
    """A fresh copy of the demo scenario (callers may change it freely)."""
    return copy.deepcopy(_DEMO)
