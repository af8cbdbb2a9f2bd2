"""Business API webhook subscriptions: `subscription/subscribe|get|unsubscribe/`."""

from __future__ import annotations

from .. import subscriptions
from ..shapes.subscriptions import (
    Subscribe,
    Subscribed,
    SubscriptionItem,
    SubscriptionList,
    Unsubscribe,
)
from ..web import tenant
from . import auth

api = auth.business_family("subscriptions", "Business API: webhooks")


@api.post("/subscription/subscribe/", body=Subscribe, answer=Subscribed)
def subscribe(body: Subscribe) -> Subscribed:
    """Subscribe a callback URL to TCM_VIDEOS webhooks (signed with TikTok-Signature).

    The webhook body is `{request_id, object, time, entry[]}`, signed
    `TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(secret, "t.body")>`."""
    sub = subscriptions.subscribe(
        tenant(), auth.brand(), body.app_id, body.secret, body.callback_url
    )
    return Subscribed(subscription_id=sub.subscription_id)


@api.get("/subscription/get/", answer=SubscriptionList)
def subscription_get() -> SubscriptionList:
    """The brand's webhook subscriptions."""
    subs = subscriptions.of_brand(tenant().state, auth.brand())
    return SubscriptionList(
        subscriptions=[
            SubscriptionItem(
                subscription_id=s.subscription_id,
                subscribe_entity=s.subscribe_entity,
                callback_url=s.callback_url,
                app_id=s.app_id,
            )
            for s in subs
        ]
    )


@api.post("/subscription/unsubscribe/", body=Unsubscribe, answer=Subscribed)
def unsubscribe(body: Unsubscribe) -> Subscribed:
    """Remove a webhook subscription."""
    sub = subscriptions.unsubscribe(tenant().state, auth.brand(), body.subscription_id)
    return Subscribed(subscription_id=sub.subscription_id)
