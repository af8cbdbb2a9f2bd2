"""The marketer runs the submitted video as a Spark Ad, and follows what it buys.

"Run as Spark Ad" (a total budget and a number of days) redeems the creator's authorization
code for Flex's ad account, reads the post and its AUTH_CODE identity, and creates an ad
campaign, an ad group and the ad on TikTok's Business API. Opening the offer refreshes the
ad's delivery and paid results. Like `integration`, the tenant's lock is held only to read or
store Flex's state, never across a TikTok call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from simulator.core.errors import Conflict, InvalidInput

from .integration import FlexTenant
from .models import SparkAd, iso
from .tiktok_client import TikTokClient, TikTokError

MIN_DAILY_USD = 20  # TikTok's smallest daily budget for an ad group
MAX_BUDGET_USD = 100_000
MAX_DAYS = 365
LIVE_CODES = ("NOT_USED", "IN_USE")
# TikTok's secondary statuses Flex tells the marketer about, in the marketer's words
STOPPED = {
    "AD_STATUS_CREATOR_AUTHORIZATION_REVOKED": "revoked",
    "AD_STATUS_ASSET_AUTHORIZATION_LOST": "expired",
}


# How the marketer reads TikTok's secondary statuses
STATUS_WORDS = {
    "AD_STATUS_DELIVERY_OK": "Delivering",
    "AD_STATUS_NOT_START": "Scheduled",
    "AD_STATUS_DONE": "Finished",
    "AD_STATUS_BUDGET_EXCEED": "Budget spent",
    "AD_STATUS_DISABLE": "Paused",
    "AD_STATUS_CREATOR_AUTHORIZATION_REVOKED": "Stopped: authorization revoked",
    "AD_STATUS_ASSET_AUTHORIZATION_LOST": "Stopped: authorization expired",
}


def ended(ad: SparkAd) -> bool:
    """Whether the ad no longer delivers (stopped, finished or out of budget): a new run may
    start, with a new authorization code."""
    return bool(ad.stopped) or ad.status in (
        "AD_STATUS_DONE",
        "AD_STATUS_BUDGET_EXCEED",
        *STOPPED,
    )


def biz_time(when: datetime) -> str:
    """A Marketing API time: UTC+0, `YYYY-MM-DD HH:MM:SS`."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def parse_choice(budget_raw: str, days_raw: str) -> tuple[int, int]:
    """The marketer's budget (whole USD) and days, or InvalidInput saying what to change."""
    try:
        budget = int(budget_raw.strip().lstrip("$").replace(",", ""))
    except ValueError:
        raise InvalidInput("Enter the budget in whole dollars, e.g. 300.") from None
    try:
        days = int(days_raw.strip())
    except ValueError:
        raise InvalidInput("Enter how many days the ad runs, e.g. 7.") from None
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"The ad runs 1 to {MAX_DAYS} days.")
    if not 1 <= budget <= MAX_BUDGET_USD:
        raise InvalidInput(f"The budget is 1 to {MAX_BUDGET_USD:,} dollars.")
    if budget < MIN_DAILY_USD * days:
        raise InvalidInput(
            f"TikTok needs at least ${MIN_DAILY_USD} a day: ${MIN_DAILY_USD * days} for "
            f"{days} day{'s' if days != 1 else ''}. Raise the budget or shorten the run."
        )
    return budget, days


@dataclass(frozen=True)
class _Run:
    offer_id: str
    deliverable_id: str
    video_id: str
    title: str
    auth_code: str
    ad: SparkAd


def _prepare(
    tenant: FlexTenant, offer_id: str, deliverable_id: str, budget: int, days: int
) -> _Run:
    state = tenant.state
    offer, deliverable = state.find_deliverable(offer_id, deliverable_id)
    video = deliverable.final_content.video if deliverable.final_content else None
    if video is None:
        raise Conflict("There is no TikTok video in this submission to run as an ad.")
    code = deliverable.spark_ads
    if code is None or code.auth_status != "ACCEPTED" or code.auth_code_status not in LIVE_CODES:
        raise Conflict(
            "The creator's ad authorization is not active: ask for a new authorization first."
        )
    if not state.tiktok.advertiser_ids:
        raise Conflict("Flex has no TikTok ad account to run ads from.")
    ad = deliverable.spark_ad
    if ad is not None and ad.ad_id and not ended(ad):
        raise Conflict("This video already runs as a Spark Ad.")
    if ad is None or ad.ad_id or (ad.budget_usd, ad.days) != (budget, days):
        now = tenant.clock.now()
        ad = SparkAd(
            budget_usd=budget,
            days=days,
            start=iso(now),
            end=iso(now + timedelta(days=days)),
            advertiser_id=state.tiktok.advertiser_ids[0],
        )
        deliverable.spark_ad = ad
    return _Run(offer.id, deliverable.id, video.video_id, offer.title, code.auth_code, ad)


def run(
    tenant: FlexTenant,
    offer_id: str,
    deliverable_id: str,
    client: TikTokClient,
    budget_raw: str,
    days_raw: str,
) -> SparkAd:
    """Create the Spark Ad on TikTok; what was made before a failure is kept, so trying again
    carries on from there."""
    budget, days = parse_choice(budget_raw, days_raw)
    with tenant.lock:
        job = _prepare(tenant, offer_id, deliverable_id, budget, days)
    ad = job.ad  # this request's working copy; stored under the lock after each step
    adv = ad.advertiser_id

    def keep(**changes: str) -> None:
        with tenant.lock:
            _, deliverable = tenant.state.find_deliverable(job.offer_id, job.deliverable_id)
            for name, value in changes.items():
                setattr(ad, name, value)
            deliverable.spark_ad = ad

    if not ad.identity_id:
        client.redeem_ad_code(advertiser_id=adv, auth_code=job.auth_code)
        item = client.authorized_item(advertiser_id=adv, auth_code=job.auth_code)
        keep(identity_id=item.identity_id, item_id=item.item_id or job.video_id)
    name = f"{job.title} · Spark Ad"
    if not ad.campaign_id:
        keep(campaign_id=client.create_ad_campaign(advertiser_id=adv, name=name))
    if not ad.adgroup_id:
        start = datetime.fromisoformat(ad.start.replace("Z", "+00:00"))
        end = datetime.fromisoformat(ad.end.replace("Z", "+00:00"))
        adgroup_id = client.create_ad_group(
            advertiser_id=adv,
            campaign_id=ad.campaign_id,
            name=name,
            budget_usd=float(ad.budget_usd),
            start=biz_time(start),
            end=biz_time(end),
        )
        keep(adgroup_id=adgroup_id)
    ad_id = client.create_spark_ad(
        advertiser_id=adv,
        adgroup_id=ad.adgroup_id,
        name=name,
        identity_id=ad.identity_id,
        item_id=ad.item_id,
    )
    keep(ad_id=ad_id, status="AD_STATUS_DELIVERY_OK")
    return ad


def refresh(
    tenant: FlexTenant, offer_id: str, deliverable_id: str, client: TikTokClient
) -> TikTokError | None:
    """Fetch the ad's delivery and paid results; the first failure is returned, not raised."""
    with tenant.lock:
        _, deliverable = tenant.state.find_deliverable(offer_id, deliverable_id)
        ad = deliverable.spark_ad
        if ad is None or not ad.ad_id:
            return None
        adv, ad_id = ad.advertiser_id, ad.ad_id
    try:
        state = client.ad_state(advertiser_id=adv, ad_id=ad_id)
        paid = client.ad_results(advertiser_id=adv, ad_id=ad_id)
    except TikTokError as exc:
        return exc
    with tenant.lock:
        _, deliverable = tenant.state.find_deliverable(offer_id, deliverable_id)
        ad = deliverable.spark_ad
        if ad is None or ad.ad_id != ad_id:
            return None
        now = iso(tenant.clock.now())
        ad.status = state.secondary_status
        ad.spend, ad.impressions, ad.clicks = paid.spend, paid.impressions, paid.clicks
        ad.paid_views = paid.video_play_actions
        ad.fetched_at = now
        how = STOPPED.get(state.secondary_status)
        if how is not None and not ad.stopped:
            ad.stopped, ad.stopped_at = how, now
    return None
