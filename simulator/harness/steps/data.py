"""Givens that shape the scenario's world before anyone touches a screen."""

from __future__ import annotations

from typing import Any

from faker import Faker
from playwright.sync_api import Page
from pytest_bdd import given, parsers

from simulator.harness.data.builders import (
    build_tiktok_deliverable,
    spam_flagged_deliverable,
    with_overrides,
    world_of,
)


@given("the brand reviews new members by hand", target_fixture="scenario_data")
def _(scenario_data: dict[str, Any]) -> dict[str, Any]:
    return with_overrides(scenario_data, review={"mode": "manual"})


@given("my phone is signed in to my other TikTok account", target_fixture="scenario_data")
def _(scenario_data: dict[str, Any]) -> dict[str, Any]:
    other = world_of(scenario_data).other_handle
    return with_overrides(scenario_data, current_handle=other)


@given("the offer has two TikTok deliverables", target_fixture="scenario_data")
def _(scenario_data: dict[str, Any], fake: Faker) -> dict[str, Any]:
    offer = scenario_data["flex"]["offers"][0]
    first = offer["deliverables"][0]
    second = build_tiktok_deliverable(fake, offer["brand"], title="Second TikTok video")
    return with_overrides(scenario_data, deliverables=[first, second])


@given(
    parsers.parse("TikTok takes {minutes:d} minutes to process a post"),
    target_fixture="scenario_data",
)
def _(scenario_data: dict[str, Any], minutes: int, page: Page) -> dict[str, Any]:
    # The phone's clock is Playwright's from here on (before any page loads), so "TikTok
    # finishes processing it" moves it with TikTok's: the post's screen then asks TikTok
    # again on its own timer, as it would after the person waited (no 2 s of real waiting).
    page.clock.install()
    return with_overrides(scenario_data, processing=f"{minutes}m")


@given("TikTok treats my account as posting too much", target_fixture="scenario_data")
def _(scenario_data: dict[str, Any]) -> dict[str, Any]:
    offer = scenario_data["flex"]["offers"][0]
    first, *others = offer["deliverables"]
    return with_overrides(scenario_data, deliverables=[spam_flagged_deliverable(first), *others])
