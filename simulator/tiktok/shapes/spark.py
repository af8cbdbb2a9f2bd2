"""Spark Ads authorization (`tcm/tt_video/...`, `tt_video/...`)."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from .base import Answer, Id, Request

BizTime = Annotated[str | None, Meta(description="UTC+0, written as 2017-01-01 00:00:00.")]


class Apply(Request):
    tcm_account_id: Id
    video_id: Id
    authorization_days: Literal[7, 30, 60, 365] | None = None
    action: Literal["APPLY", "CANCEL"] = "APPLY"


class StatusQuery(Request):
    tcm_account_id: Id
    video_id: Id


class Authorize(Request):
    advertiser_id: Id
    auth_code: Annotated[str, Meta(min_length=1, max_length=128)]


class InfoQuery(Request):
    advertiser_id: Id
    auth_code: Annotated[str, Meta(min_length=1, max_length=128)]


class AuthStatus(Answer):
    video_id: str
    auth_status: Literal["WAITING", "ACCEPTED", "REJECTED"]
    auth_code: str
    auth_code_status: Literal["NOT_USED", "IN_USE", "EXPIRED", "DELETED"]
    requested_authorization_days: int
    authorization_days: Annotated[
        int, Meta(description="The simulator's addition (Flex reads it): the days requested.")
    ]
    auth_code_start_time: str | None
    auth_code_end_time: str | None


class Authorized(Answer):
    video_id: str
    auth_code_status: Literal["NOT_USED", "IN_USE", "EXPIRED", "DELETED"]


class AdAuthInfo(Answer):
    ad_auth_status: str
    auth_start_time: BizTime
    auth_end_time: BizTime


class AdItemInfo(Answer):
    auth_code: str
    item_id: str
    text: str
    status: str


class AdUserInfo(Answer):
    tiktok_name: str
    identity_id: str
    identity_type: str


class AdVideoInfo(Answer):
    duration: int


class TtVideoInfo(Answer):
    auth_info: AdAuthInfo
    item_info: AdItemInfo
    user_info: AdUserInfo
    video_info: AdVideoInfo
