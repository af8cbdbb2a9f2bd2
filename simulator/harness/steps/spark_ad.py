"""Flex: the marketer runs the creator's submitted video as a Spark Ad and follows it.

The creator's part happens on a phone of their own (a second browser context emulating a
phone), whatever device the marketer's scenario runs on, so the marketer can be on a phone
or on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.core.tenants import TENANT_HEADER
from simulator.harness import shortcuts
from simulator.harness.apps import SimApps, SimTenant
from simulator.harness.data.builders import World
from simulator.harness.overrides import ACTION_TIMEOUT_MS
from simulator.harness.pages import MarketerOfferPage, MarketerSparkAd, Phone, PostedPage

CREATOR_DEVICE = "iPhone 13"


@dataclass
class CreatorPhone:
    """The creator's own phone, and the TikTok post they submitted from it."""

    phone: Phone
    post_path: str = ""


@pytest.fixture
def creator_phone(
    browser: Any, playwright: Any, sim_apps: SimApps, tenant: SimTenant
) -> Iterator[CreatorPhone]:
    """A phone for the creator, on the scenario's tenant, beside the marketer's device."""
    emulation = dict(playwright.devices[CREATOR_DEVICE])
    emulation.pop("default_browser_type", None)
    context = browser.new_context(**emulation, extra_http_headers={TENANT_HEADER: tenant.id})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        page = context.new_page()
        yield CreatorPhone(Phone(page, sim_apps.flex_url, sim_apps.tiktok_url, CREATOR_DEVICE))
    finally:
        context.close()


@given("the creator has submitted their TikTok video for my offer")
def _(
    creator_phone: CreatorPhone,
    phone: Phone,
    world: World,
    supporting_asset: Path,
    note: str,
) -> None:
    creator = creator_phone.phone
    description = world.deliverable.approved_description
    # all through the apps' HTTP (simulator/harness/shortcuts.py): this scenario is about
    # the marketer, who is then signed in (Flex's form, posted) and shown the offer
    joined = shortcuts.join(creator, world)
    creator_phone.post_path = shortcuts.post_draft(creator, joined, world.draft, description)
    shortcuts.add_final_content(creator, joined.offer_url, description, supporting_asset, note)
    shortcuts.submit(creator, joined.offer_url)
    shortcuts.open_as_marketer(
        phone, world.marketer_email, world.marketer_password, world.offer_title
    )
    MarketerOfferPage(phone.page).expect_title(world.offer_title)


RUN = "I run the video as a Spark Ad with a budget of ${budget:d} for {days:d} days"


@given(parsers.parse(RUN))
@when(parsers.parse(RUN))
def _(phone: Phone, budget: int, days: int) -> None:
    MarketerSparkAd(phone.page).run(budget, days)


@when("I run the video as a Spark Ad for longer than the creator's ad authorization lasts")
def _(phone: Phone, world: World) -> None:
    days = min(world.deliverable.spark_ads_days + 5, 365)  # the code ends first (or with it)
    MarketerSparkAd(phone.page).run(25 * days, days)


@then(parsers.parse("I see my Spark Ad delivering with a budget of ${budget:d} for {days:d} days"))
def _(phone: Phone, budget: int, days: int) -> None:
    MarketerSparkAd(phone.page).expect_delivering(budget, days)


@when("a day goes by", target_fixture="before")
def _(phone: Phone, tenant: SimTenant) -> dict[str, float]:
    ad = MarketerSparkAd(phone.page)
    before: dict[str, float] = {**ad.paid_results(), "Spent": ad.spent()}
    tenant.advance_clock("1d")
    ad.refresh()
    return before


@then("I see the ad's paid views and spend grow next to the video's own views")
def _(phone: Phone, before: dict[str, float]) -> None:
    ad = MarketerSparkAd(phone.page)
    after = ad.paid_results()
    assert after["Paid views"] > before["Paid views"], (before, after)
    assert after["Impressions"] > before["Impressions"], (before, after)
    assert ad.spent() > before["Spent"], (before, ad.spent())
    assert ad.organic_views() > 0  # the video's own numbers stay beside the paid ones


@then(parsers.parse('I am told "{says}" and my budget of ${budget} and {days} days are kept'))
def _(phone: Phone, says: str, budget: str, days: str) -> None:
    MarketerSparkAd(phone.page).expect_refused(says, budget, days)


@when("the creator turns off ad authorization for the video on TikTok")
def _(creator_phone: CreatorPhone) -> None:
    creator = creator_phone.phone
    creator.open_tiktok(creator_phone.post_path)
    PostedPage(creator.page).turn_off_ad_authorization()


@when("the creator's ad authorization runs out")
def _(tenant: SimTenant, world: World) -> None:
    tenant.advance_clock(f"{world.deliverable.spark_ads_days + 1}d")


@then("I am told the creator turned off ad authorization and my Spark Ad stopped")
def _(phone: Phone) -> None:
    ad = MarketerSparkAd(phone.page)
    ad.refresh()
    ad.expect_stopped("The creator turned off ad authorization")


@then("I am told the ad authorization code expired and my Spark Ad stopped")
def _(phone: Phone) -> None:
    ad = MarketerSparkAd(phone.page)
    ad.refresh()
    ad.expect_stopped("The ad authorization code expired")
