"""The fake TikTok's JSON APIs, declared through one registry (`registry.Api`).

Each family is a module with its request/answer models and thin views; `FAMILIES` lists them,
so the app registers their blueprints and `/openapi.json` describes their operations."""

from __future__ import annotations

from . import ads, subscriptions
from .registry import Api

FAMILIES: tuple[Api, ...] = (subscriptions.api, ads.token_api, ads.api)
