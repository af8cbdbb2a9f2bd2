"""Flex's own view of TikTok's answers: frozen, typed objects the client hands to the rest of Flex.

A real partner platform shares no code with TikTok, so these are Flex's types, declared once
here with the wire names they are read from (`msgspec.field(name=...)` where Flex calls a thing
differently). Only `tiktok_client` decodes into them; the rest of Flex reads attributes, never
TikTok's field names. Decoding is tolerant where a partner must be (unknown fields are ignored,
so TikTok may add fields; absent optional fields take a default) and strict where Flex would
otherwise store nonsense (an id that is not a non-empty string, a count that is not a number):
such an answer is a `MalformedResponse`, not a KeyError deep inside a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import msgspec

T = TypeVar("T")

Id = Annotated[str, msgspec.Meta(min_length=1)]
"""TikTok's ids are strings (they exceed 2**53); an empty one is no id."""


class Answer(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every object decoded from TikTok's `data`: immutable, keyword-built.

    Subclasses repeat `frozen=True` (msgspec inherits it; mypy's dataclass view needs it
    said)."""


class NewCampaign(Answer, frozen=True):
    """What `tto/tcm/campaign/create/` answers."""

    campaign_id: Id
    invite_link: Id
    failed_handle_names: tuple[str, ...] = ()


class VideoRequirements(Answer, frozen=True):
    """The approved description and required elements a campaign's videos must carry."""

    description: str = ""
    required_elements: tuple[str, ...] = ()


class Campaign(Answer, frozen=True):
    """One of the brand's campaigns (`tto/tcm/campaign/`)."""

    campaign_id: Id
    name: str = msgspec.field(name="campaign_name", default="")
    handles: tuple[str, ...] = msgspec.field(name="handle_names", default=())
    invite_link: str = ""
    requirements: VideoRequirements = msgspec.field(
        name="video_requirements", default_factory=VideoRequirements
    )


class Subscription(Answer, frozen=True):
    """What `subscription/subscribe/` answers."""

    subscription_id: Id


class Order(Answer, frozen=True):
    """One invited creator's order in a campaign, with the videos they published for it."""

    order_id: Id
    handle_name: str = ""
    video_ids: tuple[str, ...] = ()

    @property
    def handle(self) -> str:
        """The creator's handle as Flex stores it (TikTok may or may not prefix `@`)."""
        return self.handle_name.lstrip("@")


class Post(Answer, frozen=True):
    """A creator's published video as the authorized video list describes it."""

    video_id: Id
    caption: str = ""
    thumbnail_url: str = ""
    embed_url: str = ""
    create_time: int = 0  # unix seconds


class Insights(Answer, frozen=True):
    """A video's organic numbers at the end of the reported period."""

    video_views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    favorites: int = 0
    reach: int = 0
    engagement_rate: float = 0.0


class VideoReport(Answer, frozen=True):
    """One row of `tcm/report/get/v2/`: a video of an order and its numbers."""

    video_id: Id
    order_id: str = ""
    insights: Insights = msgspec.field(default_factory=Insights)


class AdAuthorization(Answer, frozen=True):
    """A video's Spark Ads authorization (`tcm/tt_video/status/`): status, code and dates."""

    video_id: str = ""
    auth_status: str = ""  # WAITING | ACCEPTED | REJECTED (kept as text: TikTok may add more)
    auth_code: str = ""
    auth_code_status: str = ""  # NOT_USED | IN_USE | EXPIRED | DELETED
    authorization_days: int = 0
    auth_code_start_time: str = ""
    auth_code_end_time: str = ""


class AuthorizedItem(Answer, frozen=True):
    """What an advertiser's code lets it use (`tt_video/info/`): the post and its identity."""

    identity_id: str = ""  # the AUTH_CODE identity (read from `user_info`)
    item_id: str = ""  # the post (read from `item_info`)
    auth_end_time: str = ""  # when the code stops working, "YYYY-MM-DD HH:MM:SS" UTC+0


class NewAdCampaign(Answer, frozen=True):
    """What `campaign/create/` answers (Flex keeps the id)."""

    campaign_id: Id


class NewAdGroup(Answer, frozen=True):
    """What `adgroup/create/` answers."""

    adgroup_id: Id


class NewAds(Answer, frozen=True):
    """What `ad/create/` answers: the ids of the ads made."""

    ad_ids: tuple[Id, ...] = ()


class AdState(Answer, frozen=True):
    """An ad's delivery as `ad/get/` reports it (`secondary_status`, kept as TikTok's text:
    AD_STATUS_DELIVERY_OK, AD_STATUS_CREATOR_AUTHORIZATION_REVOKED ...)."""

    ad_id: Id
    secondary_status: str = ""
    operation_status: str = ""


class PaidResults(Answer, frozen=True):
    """What an ad bought so far (`report/integrated/get/`; TikTok writes the numbers as text)."""

    spend: float = 0.0
    impressions: int = 0
    clicks: int = 0
    video_play_actions: int = 0  # paid views
    reach: int = 0
    likes: int = 0


class Acknowledged(Answer, frozen=True):
    """An answer whose `data` Flex does not use (it only needs to be TikTok's success)."""


# --- the `data` of list answers, as TikTok nests them (only the client sees these) -----------


class PageInfo(Answer, frozen=True):
    """TikTok's page/page_size paging block."""

    page: int = 1
    total_page: int = 1


class CampaignList(Answer, frozen=True):
    """`data` of `tto/tcm/campaign/`."""

    campaigns: tuple[Campaign, ...] = ()
    page_info: PageInfo = msgspec.field(default_factory=PageInfo)


class OrderList(Answer, frozen=True):
    """`data` of `tcm/order/get/v2/`."""

    orders: tuple[Order, ...] = ()
    page_info: PageInfo = msgspec.field(default_factory=PageInfo)


class PostList(Answer, frozen=True):
    """`data` of `tcm/creator/authorized/video/list/`."""

    posts: tuple[Post, ...] = ()


class _ReportKeys(Answer, frozen=True):
    video_id: Id
    order_id: str = ""


class _ReportRow(Answer, frozen=True):
    dimensions: _ReportKeys
    metrics: Insights = msgspec.field(default_factory=Insights)


class ReportRows(Answer, frozen=True):
    """`data` of `tcm/report/get/v2/`: `insights[{dimensions, metrics}]` and `page_info`
    (bububa/tiktok-business model/tcm/report, the best typed source for TTCM)."""

    rows: tuple[_ReportRow, ...] = msgspec.field(name="insights", default=())
    page_info: PageInfo = msgspec.field(default_factory=PageInfo)

    def videos(self) -> tuple[VideoReport, ...]:
        """Each row as Flex's VideoReport."""
        return tuple(
            VideoReport(
                video_id=r.dimensions.video_id, order_id=r.dimensions.order_id, insights=r.metrics
            )
            for r in self.rows
        )


class _ItemUser(Answer, frozen=True):
    identity_id: str = ""


class _Item(Answer, frozen=True):
    item_id: str = ""


class _AuthWindow(Answer, frozen=True):
    auth_end_time: str | None = None


class ItemInfo(Answer, frozen=True):
    """`data` of `tt_video/info/`, as TikTok nests it."""

    user_info: _ItemUser = msgspec.field(default_factory=_ItemUser)
    item_info: _Item = msgspec.field(default_factory=_Item)
    auth_info: _AuthWindow = msgspec.field(default_factory=_AuthWindow)


class AdList(Answer, frozen=True):
    """`data` of `ad/get/`."""

    ads: tuple[AdState, ...] = msgspec.field(name="list", default=())


class _PaidRow(Answer, frozen=True):
    dimensions: dict[str, str] = msgspec.field(default_factory=dict)
    metrics: PaidResults = msgspec.field(default_factory=PaidResults)


class PaidReport(Answer, frozen=True):
    """`data` of `report/integrated/get/`."""

    rows: tuple[_PaidRow, ...] = msgspec.field(name="list", default=())


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated list, and whether more follow."""

    items: tuple[T, ...]
    page: int
    total_page: int

    @property
    def last(self) -> bool:
        """True on the last page (or an empty one: a server that miscounts cannot loop us)."""
        return self.page >= self.total_page or not self.items
