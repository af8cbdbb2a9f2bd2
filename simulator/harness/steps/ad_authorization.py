"""TikTok: turning on ad authorization for a post; Flex: the marketer sees the code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pytest_bdd import given, parsers, then, when

from simulator.harness import shortcuts
from simulator.harness.apps import SimTenant
from simulator.harness.data.builders import World
from simulator.harness.pages import MarketerOfferPage, OfferPage, Phone, PostedPage
from simulator.harness.steps.screens import Posted


@dataclass(frozen=True)
class AdCode:
    """The ad authorization code TikTok gave the creator, and its last day (YYYY-MM-DD)."""

    code: str
    until: str

    @property
    def until_as_flex_writes_it(self) -> str:
        """'2027-03-05' -> 'Mar 5, 2027'."""
        day = date.fromisoformat(self.until)
        return f"{day:%b} {day.day}, {day.year}"


@given("I have posted my draft for the campaign and submitted it in Flex", target_fixture="posted")
def _(phone: Phone, world: World, supporting_asset: Path, note: str) -> Posted:
    description = world.deliverable.approved_description
    # joined, posted, added and submitted through the apps' HTTP (shortcuts.py): the
    # screens are walked by posting_on_tiktok, adding_final_content and submitting_content
    joined = shortcuts.join(phone, world)
    path = shortcuts.post_draft(phone, joined, world.draft, description)
    shortcuts.submit_final_content(phone, joined.offer_url, description, supporting_asset, note)
    OfferPage(phone.page).expect_submitted()
    return Posted(world.draft, description, path)


@given("the ad authorization the campaign asked for has run out")
def _(tenant: SimTenant) -> None:
    deliverables: list[dict[str, Any]] = tenant.scenario["flex"]["offers"][0]["deliverables"]
    days = max(int(d.get("spark_ads_days") or 30) for d in deliverables)
    tenant.advance_clock(f"{days + 1}d")


@when(
    parsers.parse("I turn on ad authorization for {days:d} days on my post in TikTok"),
    target_fixture="ad_code",
)
def _(phone: Phone, posted: Posted, days: int) -> AdCode:
    phone.open_tiktok(posted.path)
    post = PostedPage(phone.page)
    post.turn_on_ad_authorization(days)
    code, until = post.expect_ad_code(days)
    return AdCode(code, until)


@then(parsers.parse("TikTok gives me an ad authorization code valid for {days:d} days"))
def _(phone: Phone, ad_code: AdCode, days: int) -> None:
    assert PostedPage(phone.page).expect_ad_code(days) == (ad_code.code, ad_code.until)


@then("the marketer sees my new ad authorization code and until when it is valid")
def _(phone: Phone, ad_code: AdCode) -> None:
    MarketerOfferPage(phone.page).expect_ad_code(ad_code.code, ad_code.until_as_flex_writes_it)


@then("the marketer sees that the ad authorization code has expired")
def _(phone: Phone) -> None:
    MarketerOfferPage(phone.page).expect_ad_code_expired()
