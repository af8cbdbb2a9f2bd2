"""The fake TikTok's JSON APIs, declared through one registry (`registry.Api`).

Each family is a module of thin views over its shapes (`simulator.tiktok.shapes`) and its
backend; `FAMILIES` lists them, so the app registers their blueprints and `/openapi.json`
describes their operations. A new family: a module with its `api` (a Business API one:
`api = auth.business_family(name, tag)`), listed here."""

from __future__ import annotations

from . import ads, login, spark, subscriptions, ttcm, tto, v2
from .registry import Api

FAMILIES: tuple[Api, ...] = (
    tto.api,
    ttcm.api,
    spark.api,
    subscriptions.api,
    ads.token_api,
    ads.api,
    login.api,
    v2.api,
)
