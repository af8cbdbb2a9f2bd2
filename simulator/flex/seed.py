"""Load the Flex half of a scenario into a tenant, and name the data sets Flex offers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from simulator.core.errors import InvalidInput
from simulator.core.tenants import Tenant
from simulator.demo import demo_scenario

from .models import CREATOR, MARKETER, FlexState, TikTokSettings, new_offer


def make_state(_tenant: Tenant[FlexState]) -> FlexState:
    """A tenant's empty Flex (the registry calls it for every new or reset tenant)."""
    return FlexState()


def datasets() -> dict[str, dict[str, Any]]:
    """The named data sets /_sim can load: the demo world and an empty one."""
    return {"demo": demo_scenario()["flex"], "empty": {}}


def seed(tenant: Tenant[FlexState], half: dict[str, Any]) -> dict[str, Any]:
    """Add the scenario's users, TikTok credentials and offers; returns their ids for tests."""
    state = tenant.state
    now = tenant.clock.now()
    for raw in half.get("users", []):
        extra = {k: str(raw[k]) for k in ("name", "tiktok_handle", "company") if k in raw}
        state.add_user(
            tenant.ids,
            email=str(raw["email"]),
            password=str(raw.get("password", "demo")),
            role=str(raw.get("role", CREATOR)),
            **extra,
        )
    if "tiktok" in half:
        tk = half["tiktok"]
        state.tiktok = TikTokSettings(
            access_token=str(tk.get("access_token", "")),
            tcm_account_id=str(tk.get("tcm_account_id", "")),
            app_id=str(tk.get("app_id", "")),
            secret=str(tk.get("secret", "")),
            advertiser_ids=[str(a) for a in tk.get("advertiser_ids", [])],
        )
    offers = []
    for raw in half.get("offers", []):
        creator = state.find_user_by_email(str(raw.get("creator_email", "")))
        marketer = state.find_user_by_email(str(raw.get("marketer_email", "")))
        if creator is None or creator.role != CREATOR:
            raise InvalidInput(f"offer {raw.get('title')!r}: no creator {raw.get('creator_email')}")
        if marketer is None or marketer.role != MARKETER:
            raise InvalidInput(
                f"offer {raw.get('title')!r}: no marketer {raw.get('marketer_email')}"
            )
        offer = new_offer(
            tenant.ids,
            title=str(raw["title"]),
            brand=str(raw.get("brand") or marketer.company),
            marketer=marketer,
            creator=creator,
            brief=str(raw.get("brief", "")),
            due_at=now + timedelta(days=int(raw.get("due_in_days", 14))),
            payment_usd=int(raw.get("payment_usd", 0)),
            created_at=now,
            files=list(raw.get("files", [])),
            deliverables=list(raw.get("deliverables", [])),
        )
        state.offers.append(offer)
        offers.append(offer)
    return {
        "users": [{"id": u.id, "email": u.email, "role": u.role} for u in state.users],
        "offers": [
            {
                "id": o.id,
                "title": o.title,
                "path": f"/offers/{o.id}",
                "deliverables": [
                    {"id": d.id, "title": d.title, "type": d.type} for d in o.deliverables
                ],
            }
            for o in offers
        ],
    }
