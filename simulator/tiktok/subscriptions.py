"""Business API webhook subscriptions (TCM_VIDEOS): one brand's callback URLs and secrets."""

from __future__ import annotations

from simulator.core.errors import Forbidden, NotFound
from simulator.core.tenants import Tenant

from .models import Brand, SimState, Subscription

T = Tenant[SimState]


def subscribe(t: T, brand: Brand, app_id: str, secret: str, callback_url: str) -> Subscription:
    """Subscribe a callback URL (again: the same subscription, with the new secret)."""
    if brand.app_id and (app_id != brand.app_id or secret != brand.secret):
        raise Forbidden("app_id and secret do not match this access token's app", field="app_id")
    existing = next(
        (
            s
            for s in t.state.subscriptions
            if s.tcm_account_id == brand.tcm_account_id and s.callback_url == callback_url
        ),
        None,
    )
    if existing is None:
        existing = Subscription(
            subscription_id=t.ids.numeric_id(19),
            tcm_account_id=brand.tcm_account_id,
            app_id=app_id,
            secret=secret,
            callback_url=callback_url,
        )
        t.state.subscriptions.append(existing)
    existing.secret = secret
    return existing


def of_brand(state: SimState, brand: Brand) -> list[Subscription]:
    """The brand's subscriptions."""
    return [s for s in state.subscriptions if s.tcm_account_id == brand.tcm_account_id]


def unsubscribe(state: SimState, brand: Brand, subscription_id: str) -> Subscription:
    """Remove one of the brand's subscriptions."""
    sub = next((s for s in state.subscriptions if s.subscription_id == subscription_id), None)
    if sub is None or sub.tcm_account_id != brand.tcm_account_id:
        raise NotFound(f"subscription {subscription_id} does not exist", field="subscription_id")
    state.subscriptions.remove(sub)
    return sub
