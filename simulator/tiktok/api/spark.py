"""Spark Ads authorization: the brand asks (TTCM), the advertiser redeems the creator's code."""

from __future__ import annotations

import msgspec

from .. import sparkads
from ..shapes import spark
from ..web import tenant
from . import auth

api = auth.business_family("spark", "Business API: Spark Ads authorization")


@api.post("/tcm/tt_video/apply/", body=spark.Apply, answer=spark.AuthStatus)
def tt_video_apply(body: spark.Apply) -> spark.AuthStatus:
    """Ask the creator for Spark Ads authorization (APPLY) or withdraw it (CANCEL); the
    creator answers in the app."""
    brand = auth.brand(body.tcm_account_id)
    found = sparkads.apply(tenant(), brand, body.video_id, body.authorization_days, body.action)
    return msgspec.convert(sparkads.to_status(found), spark.AuthStatus)


@api.get("/tcm/tt_video/status/", query=spark.StatusQuery, answer=spark.AuthStatus)
def tt_video_status(query: spark.StatusQuery) -> spark.AuthStatus:
    """A post's ad authorization: its status, code, the code's status and dates (ISO-8601)."""
    brand = auth.brand(query.tcm_account_id)
    return msgspec.convert(sparkads.status(tenant(), brand, query.video_id), spark.AuthStatus)


@api.post("/tt_video/authorize/", body=spark.Authorize, answer=spark.Authorized)
def tt_video_authorize(body: spark.Authorize) -> spark.Authorized:
    """An advertiser redeems a creator's authorization code."""
    found = sparkads.authorize(tenant(), auth.brand(), body.advertiser_id, body.auth_code)
    return msgspec.convert(
        {"video_id": found.video_id, "auth_code_status": found.auth_code_status},
        spark.Authorized,
    )


@api.get("/tt_video/info/", query=spark.InfoQuery, answer=spark.TtVideoInfo)
def tt_video_info(query: spark.InfoQuery) -> spark.TtVideoInfo:
    """What an authorization code gives the advertiser (times as the Marketing API writes
    them, 2017-01-01 00:00:00 in UTC+0)."""
    found = sparkads.info(tenant(), auth.brand(), query.advertiser_id, query.auth_code)
    return msgspec.convert(found, spark.TtVideoInfo)
