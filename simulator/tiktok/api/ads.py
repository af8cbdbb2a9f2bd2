"""Spark Ads after the code, and how a brand gets its Business API token.

`oauth2/access_token/`, `oauth2/advertiser/get/` (the official SDK's AuthenticationApi),
`identity/get/`, `identity/video/info/` (IdentityApi), `campaign/create/`, `adgroup/create/`,
`ad/create/`, `ad/get/` (CampaignCreationApi, AdgroupApi, AdApi) and `report/integrated/get/`
(ReportingApi), as `tiktok-business-api-sdk-official` 1.1.3 calls them; field names also from
the bububa/tiktok-business Go SDK (../shared/reference/tiktok-apis.md §5). The rules live in
`simulator.tiktok.ads`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import UNSET, Meta, UnsetType

from simulator.core.errors import InvalidInput

from .. import ads
from ..models import Ad, AdCampaign, AdGroup
from ..paging import Paged
from ..shapes.ads import IntegratedMetrics
from ..shapes.base import PageInfo
from ..sparkads import biz_time
from ..web import tenant
from . import auth
from .registry import Answer, Api, Request

A = TypeVar("A", bound=Answer)

PREFIX = "/open_api/v1.3"
TAG = "Business API: Spark Ads"
# the app's own credentials (app_id + secret), before any access token exists
token_api = Api("ads_token", style="business", prefix=PREFIX, tag=TAG)
api = auth.business_family("ads", TAG)

Text = Annotated[str, Meta(min_length=1, max_length=512)]
Id = Annotated[str, Meta(min_length=1, max_length=64)]
Money = Annotated[float, Meta(gt=0, le=10_000_000)]
PageNo = Annotated[int, Meta(ge=1, le=10_000)]
PageSize = Annotated[int, Meta(ge=1, le=1000)]


def _page_info(page: int, size: int, total: int) -> PageInfo:
    return PageInfo.of(Paged([], page, size, total))


# ---- the brand's token -----------------------------------------------------------------------
class AccessTokenBody(Request):
    app_id: Text
    secret: Text
    auth_code: Text


class AccessToken(Answer):
    access_token: str
    advertiser_ids: list[str]
    scope: list[int]


@token_api.post("/oauth2/access_token/", body=AccessTokenBody, answer=AccessToken)
def oauth2_access_token(body: AccessTokenBody) -> AccessToken:
    """Exchange the advertiser authorization page's `auth_code` for a long-term access token.

    The `auth_code` comes from `/portal/auth?app_id=..&state=..&redirect_uri=..`, which
    redirects to the app's registered URL with `auth_code`; it is valid 1 hour, once. The
    token does not expire (Marketing API long-term tokens)."""
    token = ads.exchange(tenant(), body.app_id, body.secret, body.auth_code)
    from ..web import registry

    registry().bind_credential(token.access_token, tenant().id)
    return AccessToken(
        access_token=token.access_token,
        advertiser_ids=list(token.advertiser_ids),
        scope=list(token.scope),
    )


class AdvertiserQuery(Request):
    app_id: Text
    secret: Text


class Advertiser(Answer):
    advertiser_id: str
    advertiser_name: str


class AdvertiserList(Answer):
    items: list[Advertiser] = msgspec.field(name="list")


@api.get("/oauth2/advertiser/get/", query=AdvertiserQuery, answer=AdvertiserList)
def oauth2_advertiser_get(q: AdvertiserQuery) -> AdvertiserList:
    """The ad accounts the Access-Token may manage."""
    found = ads.token_advertisers(tenant(), q.app_id, q.secret, auth.access_token())
    return AdvertiserList(
        items=[Advertiser(advertiser_id=a, advertiser_name=name) for a, name in found]
    )


# ---- identities and the authorized post ----------------------------------------------------
IdentityType = Literal["CUSTOMIZED_USER", "AUTH_CODE", "TT_USER", "BC_AUTH_TT"]


class IdentityQuery(Request):
    advertiser_id: Id
    identity_type: IdentityType | UnsetType = UNSET
    page: PageNo = 1
    page_size: Annotated[int, Meta(ge=1, le=100)] = 20


class IdentityItem(Answer):
    identity_id: str
    identity_type: str
    display_name: str
    user_name: str
    profile_image: str
    can_pull_video: bool
    can_push_video: bool
    can_use_live_ads: bool


class IdentityList(Answer):
    identity_list: list[IdentityItem]
    page_info: PageInfo


@api.get("/identity/get/", query=IdentityQuery, answer=IdentityList)
def identity_get(q: IdentityQuery) -> IdentityList:
    """The advertiser's identities: one AUTH_CODE identity per creator whose code it redeemed
    (`tt_video/authorize/`)."""
    kind = "" if isinstance(q.identity_type, UnsetType) else q.identity_type
    found = ads.identities(tenant().state, auth.brand(), q.advertiser_id, kind)
    chunk = found[(q.page - 1) * q.page_size : q.page * q.page_size]
    return IdentityList(
        identity_list=[
            IdentityItem(
                identity_id=i.identity_id,
                identity_type="AUTH_CODE",
                display_name=i.display_name,
                user_name=i.handle,
                profile_image=i.profile_image,
                can_pull_video=False,
                can_push_video=False,
                can_use_live_ads=False,
            )
            for i in chunk
        ],
        page_info=_page_info(q.page, q.page_size, len(found)),
    )


class VideoInfoQuery(Request):
    advertiser_id: Id
    identity_type: IdentityType
    identity_id: Id
    item_id: Id


class AuthInfo(Answer):
    ad_auth_status: str
    auth_start_time: str | None
    auth_end_time: str | None


class ItemVideo(Answer):
    duration: float
    width: int
    height: int
    poster_url: str


class VideoDetail(Answer):
    item_id: str
    item_type: str
    auth_code: str
    text: str
    status: str
    auth_info: AuthInfo
    video_info: ItemVideo


class VideoInfo(Answer):
    video_detail: VideoDetail


@api.get("/identity/video/info/", query=VideoInfoQuery, answer=VideoInfo)
def identity_video_info(q: VideoInfoQuery) -> VideoInfo:
    """A post the identity lets the advertiser use: its text, authorization and video."""
    state = tenant().state
    ads.require_advertiser(auth.brand(), q.advertiser_id)
    if q.identity_type != "AUTH_CODE":
        raise InvalidInput("the fake's identities are AUTH_CODE", field="identity_type")
    found = ads.identity_auth(state, q.advertiser_id, q.identity_id, q.item_id)
    from ..screens import thumbnail_url

    detail = ads.video_detail(state, found, thumbnail_url(state.video(found.video_id)))  # type: ignore[arg-type]
    return VideoInfo(video_detail=msgspec.convert(detail, VideoDetail))


# ---- campaign, ad group, ad ------------------------------------------------------------------
class AdCampaignCreate(Request):
    advertiser_id: Id
    campaign_name: Annotated[str, Meta(min_length=1, max_length=512)]
    objective_type: Literal[
        "REACH", "VIDEO_VIEWS", "TRAFFIC", "ENGAGEMENT", "LEAD_GENERATION", "WEB_CONVERSIONS"
    ]
    budget_mode: Literal["BUDGET_MODE_INFINITE", "BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL"] = (
        "BUDGET_MODE_INFINITE"
    )
    budget: Money | UnsetType = UNSET


class AdCampaignData(Answer):
    campaign_id: str
    advertiser_id: str
    campaign_name: str
    objective_type: str
    budget_mode: str
    budget: float
    operation_status: str
    create_time: str | None


def _answer(item: object, model: type[A], **renamed: object) -> A:
    """The answer `model` of a backend object: its same-named fields read off the object (the
    shape is declared once, in the model), plus those TikTok names or writes otherwise."""
    fields = {f: getattr(item, f) for f in model.__struct_fields__ if hasattr(item, f)}
    return msgspec.convert(fields | renamed, model)


def _campaign(c: AdCampaign) -> AdCampaignData:
    return _answer(c, AdCampaignData, create_time=biz_time(c.created_at))


def _spec(body: Request) -> dict[str, Any]:
    """The validated request as plain data for the backend (unset fields left out)."""
    spec: dict[str, Any] = msgspec.to_builtins(body)
    return spec


@api.post("/campaign/create/", body=AdCampaignCreate, answer=AdCampaignData)
def campaign_create(body: AdCampaignCreate) -> AdCampaignData:
    """Create an ad campaign (an objective, an optional budget) for a Spark Ad."""
    return _campaign(ads.create_campaign(tenant(), auth.brand(), _spec(body)))


BizTime = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]


class AdgroupCreate(Request):
    advertiser_id: Id
    campaign_id: Id
    adgroup_name: Annotated[str, Meta(min_length=1, max_length=512)]
    budget: Money
    budget_mode: Literal["BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL"] = "BUDGET_MODE_DAY"
    schedule_type: Literal["SCHEDULE_START_END", "SCHEDULE_FROM_NOW"] = "SCHEDULE_FROM_NOW"
    schedule_start_time: BizTime | UnsetType = UNSET
    schedule_end_time: BizTime | UnsetType = UNSET
    placement_type: Literal["PLACEMENT_TYPE_AUTOMATIC", "PLACEMENT_TYPE_NORMAL"] = (
        "PLACEMENT_TYPE_NORMAL"
    )
    placements: list[Annotated[str, Meta(max_length=64)]] | UnsetType = UNSET
    location_ids: list[Annotated[str, Meta(max_length=64)]] | UnsetType = UNSET
    optimization_goal: Annotated[str, Meta(max_length=64)] = "REACH"
    billing_event: Annotated[str, Meta(max_length=64)] = "CPM"
    bid_type: Annotated[str, Meta(max_length=64)] = "BID_TYPE_NO_BID"
    pacing: Literal["PACING_MODE_SMOOTH", "PACING_MODE_FAST"] = "PACING_MODE_SMOOTH"


class AdgroupData(Answer):
    adgroup_id: str
    advertiser_id: str
    campaign_id: str
    adgroup_name: str
    budget_mode: str
    budget: float
    schedule_type: str
    schedule_start_time: str | None
    schedule_end_time: str | None
    placement_type: str
    placements: list[str]
    optimization_goal: str
    billing_event: str
    bid_type: str
    location_ids: list[str]
    operation_status: str
    create_time: str | None


def _adgroup(g: AdGroup) -> AdgroupData:
    return _answer(
        g,
        AdgroupData,
        schedule_start_time=biz_time(g.start_time),
        schedule_end_time=biz_time(g.end_time),
        create_time=biz_time(g.created_at),
    )


@api.post("/adgroup/create/", body=AdgroupCreate, answer=AdgroupData)
def adgroup_create(body: AdgroupCreate) -> AdgroupData:
    """Create an ad group: placements, a schedule (`YYYY-MM-DD HH:MM:SS`, UTC+0) and a budget
    (daily, or total over a start-end schedule; at least 20 USD a day)."""
    return _adgroup(ads.create_adgroup(tenant(), auth.brand(), _spec(body)))


class Creative(Request):
    ad_name: Annotated[str, Meta(min_length=1, max_length=512)]
    identity_type: Literal["AUTH_CODE"]
    identity_id: Id
    tiktok_item_id: Id
    ad_format: Literal["SINGLE_VIDEO"] = "SINGLE_VIDEO"
    call_to_action: Annotated[str, Meta(max_length=64)] = "LEARN_MORE"
    landing_page_url: Annotated[str, Meta(max_length=2048)] = ""


class AdCreate(Request):
    advertiser_id: Id
    adgroup_id: Id
    creatives: Annotated[list[Creative], Meta(min_length=1, max_length=20)]


class AdData(Answer):
    advertiser_id: str
    campaign_id: str
    campaign_name: str
    adgroup_id: str
    adgroup_name: str
    ad_id: str
    ad_name: str
    identity_type: str
    identity_id: str
    tiktok_item_id: str
    ad_format: str
    call_to_action: str
    landing_page_url: str
    operation_status: str
    secondary_status: str
    create_time: str | None
    modify_time: str | None


class AdsCreated(Answer):
    ad_ids: list[str]
    creatives: list[AdData]


def _ads(found: list[Ad]) -> list[AdData]:
    t = tenant()
    return [msgspec.convert(ads.ad_data(t.state, a, t.clock.now()), AdData) for a in found]


@api.post("/ad/create/", body=AdCreate, answer=AdsCreated)
def ad_create(body: AdCreate) -> AdsCreated:
    """Create Spark Ads: each creative uses a creator's post (`tiktok_item_id`) through its
    AUTH_CODE identity. Every creative is checked before any ad is kept."""
    created = ads.create_ads(tenant(), auth.brand(), _spec(body))
    return AdsCreated(ad_ids=[a.ad_id for a in created], creatives=_ads(created))


class AdFilter(msgspec.Struct, kw_only=True):
    ad_ids: list[str] = []
    adgroup_ids: list[str] = []
    campaign_ids: list[str] = []


class AdQuery(Request):
    advertiser_id: Id
    filtering: Annotated[str, Meta(max_length=20_000)] | UnsetType = UNSET
    page: PageNo = 1
    page_size: PageSize = 10


class AdList(Answer):
    items: list[AdData] = msgspec.field(name="list")
    page_info: PageInfo


@api.get("/ad/get/", query=AdQuery, answer=AdList)
def ad_get(q: AdQuery) -> AdList:
    """The advertiser's ads with their delivery (`secondary_status`): AD_STATUS_DELIVERY_OK,
    AD_STATUS_NOT_START, AD_STATUS_DONE, AD_STATUS_BUDGET_EXCEED,
    AD_STATUS_CREATOR_AUTHORIZATION_REVOKED or AD_STATUS_ASSET_AUTHORIZATION_LOST (the code
    expired). `filtering` is a JSON object: `{"ad_ids": [...], "adgroup_ids": [...]}`."""
    ads.require_advertiser(auth.brand(), q.advertiser_id)
    wanted = AdFilter()
    if not isinstance(q.filtering, UnsetType):
        try:
            wanted = msgspec.json.decode(q.filtering, type=AdFilter)
        except msgspec.DecodeError as exc:
            raise InvalidInput(f"filtering: {exc}", field="filtering") from None
    found = [
        a
        for a in tenant().state.ads
        if a.advertiser_id == q.advertiser_id
        and (not wanted.ad_ids or a.ad_id in wanted.ad_ids)
        and (not wanted.adgroup_ids or a.adgroup_id in wanted.adgroup_ids)
        and (not wanted.campaign_ids or a.campaign_id in wanted.campaign_ids)
    ]
    chunk = found[(q.page - 1) * q.page_size : q.page * q.page_size]
    return AdList(items=_ads(chunk), page_info=_page_info(q.page, q.page_size, len(found)))


# ---- reporting ---------------------------------------------------------------------------------
class AdReportQuery(Request):
    report_type: Literal["BASIC", "AUDIENCE", "PLAYABLE_MATERIAL", "CATALOG", "BC", "TT_SHOP"]
    advertiser_id: Id
    dimensions: Annotated[list[Annotated[str, Meta(max_length=64)]], Meta(max_length=4)]
    data_level: Literal[
        "AUCTION_AD", "AUCTION_ADGROUP", "AUCTION_CAMPAIGN", "AUCTION_ADVERTISER"
    ] = "AUCTION_AD"
    metrics: Annotated[list[Annotated[str, Meta(max_length=64)]], Meta(max_length=64)] = []
    start_date: date | UnsetType = UNSET
    end_date: date | UnsetType = UNSET
    query_lifetime: bool = False
    page: PageNo = 1
    page_size: PageSize = 10


class IntegratedDimensions(Answer):
    """The level's id, and the day with stat_time_day ("YYYY-MM-DD 00:00:00")."""

    ad_id: str | UnsetType = UNSET
    adgroup_id: str | UnsetType = UNSET
    campaign_id: str | UnsetType = UNSET
    advertiser_id: str | UnsetType = UNSET
    stat_time_day: str | UnsetType = UNSET


class IntegratedRow(Answer):
    dimensions: IntegratedDimensions
    metrics: IntegratedMetrics


class AdReport(Answer):
    items: list[IntegratedRow] = msgspec.field(name="list")
    page_info: PageInfo


@api.get("/report/integrated/get/", query=AdReportQuery, answer=AdReport)
def report_integrated_get(q: AdReportQuery) -> AdReport:
    """Paid results (spend, impressions, clicks, plays ...) per ad, ad group, campaign or
    advertiser, optionally per day (`stat_time_day`); they grow with the virtual clock while
    an ad delivers. Values are strings, as the Marketing API writes them. Lists may be
    JSON-encoded (`["ad_id"]`) or repeated (`dimensions=ad_id`, as the official SDK sends)."""
    t = tenant()
    data = ads.report(
        t.state,
        auth.brand(),
        ads.ReportQuery(
            advertiser_id=q.advertiser_id,
            report_type=q.report_type,
            data_level=q.data_level,
            dimensions=list(q.dimensions),
            metrics=list(q.metrics),
            start_date=None if isinstance(q.start_date, UnsetType) else q.start_date,
            end_date=None if isinstance(q.end_date, UnsetType) else q.end_date,
            lifetime=q.query_lifetime,
            page=q.page,
            page_size=q.page_size,
        ),
        t.clock.now(),
    )
    return msgspec.convert(data, AdReport)
