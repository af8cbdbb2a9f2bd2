"""Business API webhook subscriptions (`subscription/...`)."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from .base import Answer, Id, Request

Url = Annotated[str, Meta(min_length=1, max_length=2048, pattern=r"^https?://")]


class Subscribe(Request):
    app_id: Annotated[str, Meta(min_length=1, max_length=512)]
    secret: Annotated[str, Meta(min_length=1, max_length=512)]
    subscribe_entity: Literal["TCM_VIDEOS"]
    callback_url: Url


class Unsubscribe(Request):
    subscription_id: Id


class Subscribed(Answer):
    subscription_id: str


class SubscriptionItem(Answer):
    subscription_id: str
    subscribe_entity: str
    callback_url: str
    app_id: str


class SubscriptionList(Answer):
    subscriptions: list[SubscriptionItem]
