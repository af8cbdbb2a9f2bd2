"""TTCM ("workflow 2.0"): orders, reports, audit status and the brand's creators.

Queries, ownership checks and paging for the `tcm/...` endpoints; views serialize."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from msgspec import UNSET

from simulator.core.errors import Forbidden, InvalidInput, NotFound
from simulator.core.tenants import Tenant

from . import ads, campaigns, sparkads
from .metrics import metrics
from .models import Account, Brand, Campaign, Membership, SimState, Video, publish_ms
from .paging import Cursored, by_cursor, cursored
from .shapes.ttcm import OrderCreate, OrderQuery, ReportQuery, VideoListQuery
from .shapes.tto import CampaignCreate

T = Tenant[SimState]
ORDER_LIMIT = 1000  # remaining_orders counts down from this
MAX_REPORT_DAYS = 60


def create_orders(t: T, brand: Brand, body: OrderCreate) -> tuple[Campaign, list[str]]:
    """Orders for invited creators, one campaign holding them; handles that failed."""
    names = [d.deliverable_name for d in body.deliverables]
    days = max(d.spark_ads_requested_authorization_days for d in body.deliverables)
    spec = CampaignCreate(
        tto_tcm_account_id=brand.tcm_account_id,
        campaign_name=body.brand_name,
        campaign_description=body.description,
        handle_names=body.handle_names,
        default_spark_ads_requested_authorization_days=days,
        video_number=len(names) if body.video_number is UNSET else body.video_number,
        video_requirements=body.video_requirements,
    )
    return campaigns.create_campaign(
        t,
        brand,
        spec,
        deliverables=names,
        campaign_code=body.campaign_code,
        order_source=body.order_source,
    )


def remaining_orders(state: SimState) -> int:
    """How many more orders the account may create."""
    return max(ORDER_LIMIT - len(state.memberships), 0)


def _owned(state: SimState, brand: Brand) -> set[str]:
    return {c.campaign_id for c in campaigns.of_brand(state, brand)}


def find_orders(state: SimState, brand: Brand, query: OrderQuery) -> list[Membership]:
    """The brand's orders by ORDER_ID, CAMPAIGN_CODE or INVITE_LINK (others' are left out)."""
    if query.query_type == "ORDER_ID":
        if not query.order_ids:
            raise InvalidInput("order_ids: is required for query_type ORDER_ID", field="order_ids")
        wanted = set(query.order_ids)
        found = [m for m in state.memberships if m.order_id in wanted]
    elif query.query_type == "CAMPAIGN_CODE":
        if not query.campaign_code:
            raise InvalidInput(
                "campaign_code: is required for query_type CAMPAIGN_CODE", field="campaign_code"
            )
        ids = {c.campaign_id for c in state.campaigns if c.campaign_code == query.campaign_code}
        found = [m for m in state.memberships if m.campaign_id in ids]
    else:
        if not query.invite_link:
            raise InvalidInput(
                "invite_link: is required for query_type INVITE_LINK", field="invite_link"
            )
        campaign = state.campaign_by_invite(query.invite_link)
        found = state.campaign_memberships(campaign.campaign_id) if campaign else []
    # the brand's own campaigns only, each looked up by id (not a scan of every campaign: a
    # tenant's campaigns grow with each create, and this is the read Flex makes most)
    return [m for m in found if _brands(state, m.campaign_id, brand)]


def _brands(state: SimState, campaign_id: str, brand: Brand) -> bool:
    campaign = state.campaign(campaign_id)
    return campaign is not None and campaign.tcm_account_id == brand.tcm_account_id


def require_order(state: SimState, brand: Brand, order_id: str) -> tuple[Membership, Campaign]:
    """One of the brand's orders and its campaign, or NotFound (another brand's too)."""
    membership = state.order(order_id)
    campaign = state.campaign(membership.campaign_id) if membership else None
    if membership is None or campaign is None or campaign.tcm_account_id != brand.tcm_account_id:
        raise NotFound(f"order {order_id} does not exist", field="order_ids")
    return membership, campaign


@dataclass(frozen=True)
class ReportRow:
    """One video of one order in a report: metrics at the end of the range, and per day."""

    order_id: str
    video: Video
    insights: dict[str, int | float]
    daily: list[dict[str, int | str]] | None


def report(t: T, brand: Brand, query: ReportQuery) -> list[ReportRow]:
    """Metrics per video of the orders, cumulative at the end of the date range: the organic
    ones and what the brand's Spark Ads with the post bought (ads.with_paid)."""
    if query.end_date < query.start_date:
        raise InvalidInput("end_date: must not be before start_date", field="end_date")
    if (query.end_date - query.start_date).days > MAX_REPORT_DAYS:
        raise InvalidInput(
            f"end_date: at most {MAX_REPORT_DAYS} days after start_date", field="end_date"
        )
    state, now = t.state, t.clock.now()
    until = min(now, datetime.combine(query.end_date + timedelta(days=1), time(), UTC))
    rows = []
    for order_id in query.order_ids:
        membership, campaign = require_order(state, brand, order_id)
        for v in state.campaign_videos(campaign.campaign_id, membership.handle):
            account = state.account(v.handle)
            daily = (
                _daily(v, account, query.start_date, query.end_date, now)
                if query.need_daily_stats
                else None
            )
            paid = ads.paid_of_post(state, v, brand.tcm_account_id, until)
            numbers = ads.with_paid(metrics(v, account, until), paid)
            rows.append(ReportRow(order_id, v, numbers, daily))
    return rows


def _daily(
    v: Video, account: Account | None, start: date, end: date, now: datetime
) -> list[dict[str, int | str]]:
    rows: list[dict[str, int | str]] = []
    day = start
    while day <= end:
        begin = datetime.combine(day, time(), UTC)
        if begin > now:
            break
        finish = min(begin + timedelta(days=1), now)
        before, after = metrics(v, account, begin), metrics(v, account, finish)
        row: dict[str, int | str] = {"date": day.isoformat()}
        for name in ("video_views", "likes", "comments", "shares"):
            row[name] = int(after[name]) - int(before[name])
        rows.append(row)
        day += timedelta(days=1)
    return rows


def audited_videos(state: SimState, brand: Brand, order_id: str, video_id: str) -> list[Video]:
    """The videos of one of the brand's orders (or the one video named)."""
    if order_id:
        membership, campaign = require_order(state, brand, order_id)
        return state.campaign_videos(campaign.campaign_id, membership.handle)
    if video_id:
        return [sparkads.require_video(state, video_id)]
    raise InvalidInput("v2_order_id: is required", field="v2_order_id")


def bound_to(state: SimState, brand: Brand, video: Video) -> bool:
    """Whether the post is bound to one of the brand's campaigns."""
    campaign = state.campaign(video.campaign_id) if video.campaign_id else None
    return campaign is not None and campaign.tcm_account_id == brand.tcm_account_id


def brand_handles(state: SimState, brand: Brand, statuses: tuple[str, ...]) -> list[str]:
    """Handles with an order in one of these statuses in the brand's campaigns (first seen)."""
    mine = _owned(state, brand)
    seen: dict[str, None] = {}
    for m in state.memberships:
        if m.campaign_id in mine and m.status in statuses:
            seen.setdefault(m.handle)
    return list(seen)


AUTHORIZED = ("JOINED", "ACCEPTED")


def authorized_creator(state: SimState, brand: Brand, creator_id: str) -> Account:
    """A creator who joined one of the brand's campaigns, by creator_id (or handle)."""
    account = campaigns.require_account(state, creator_id)
    if account.handle not in brand_handles(state, brand, AUTHORIZED):
        raise Forbidden(f"@{account.handle} has not authorized this account", field="creator_id")
    return account


def authorized_posts(t: T, brand: Brand, query: VideoListQuery) -> tuple[Cursored[Video], int]:
    """A creator's published posts, newest first, from before the cursor (ms); only those
    in video_ids when it is given; and how many there are in all. The creator must have
    joined one of the brand's campaigns."""
    state, now = t.state, t.clock.now()
    who = query.creator_id or query.handle_name
    if not who:
        raise InvalidInput("creator_id: is required", field="creator_id")
    account = authorized_creator(state, brand, who)

    def ms(v: Video) -> int:
        return publish_ms(v, now)

    if query.video_ids:
        named = (state.video(video_id) for video_id in set(query.video_ids))
        posts = sorted(
            (v for v in named if v and v.handle == account.handle and v.status == "PUBLISHED"),
            key=lambda v: (v.published_at or now, v.video_id),
            reverse=True,
        )
        return by_cursor(posts, query.cursor, query.limit, ms), len(posts)
    # the creator's posts in publish order, from the index: no scan of every video
    page, more = state.creator_posts(account.handle, query.cursor, query.limit, now)
    total = state.published_count(account.handle)
    return cursored(page, more, query.cursor, ms), total


def onboarding(state: SimState, brand: Brand, handles: list[str]) -> list[tuple[str, str]]:
    """IN, INVITED, NOT_IN or INVALID for each handle, in the brand's campaigns."""
    joined = brand_handles(state, brand, AUTHORIZED)
    invited = brand_handles(state, brand, ("INVITED",))
    statuses = []
    for raw in handles:
        handle = raw.lstrip("@")
        account = state.account(handle)
        if account is None or not account.tcm_creator:
            status = "INVALID"
        elif account.handle in joined:
            status = "IN"
        elif account.handle in invited:
            status = "INVITED"
        else:
            status = "NOT_IN"
        statuses.append((handle, status))
    return statuses
