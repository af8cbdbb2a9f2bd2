"""TikTok: joining the campaign from the invite, and the brand's answer."""

from __future__ import annotations

from pytest_bdd import given, then, when

from simulator.harness import shortcuts
from simulator.harness.apps import SimTenant
from simulator.harness.data.builders import World
from simulator.harness.pages import CampaignDetailsPage, Phone
from simulator.harness.steps import flows


@given("I have joined the campaign from my offer")
def _(phone: Phone, world: World) -> None:
    # through the apps' HTTP (simulator/harness/shortcuts.py); the screens are walked by
    # the scenarios of joining_the_campaign.feature
    joined = shortcuts.join(phone, world)
    shortcuts.show_tiktok(phone, joined.invite_url)


@when('I tap "Publish Content" on my TikTok deliverable')
def _(phone: Phone, world: World) -> None:
    flows.publish_content(phone, world)


@then("TikTok shows the campaign for my invited account")
def _(phone: Phone, world: World) -> None:
    CampaignDetailsPage(phone.page).expect_current_account(world.handle)


@when("I join the campaign, agreeing to TikTok's terms")
def _(phone: Phone) -> None:
    details = CampaignDetailsPage(phone.page)
    details.agree_to_terms()
    details.join()


@when("I try to join the campaign without agreeing to TikTok's terms")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).try_to_join()


@then("I have not joined the campaign")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_cannot_join()


@then("I can join once I agree to TikTok's terms")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_join_available_once_agreed()


@then("I am accepted into the campaign")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_accepted()


@then("I am waiting for the brand to accept me")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_pending()


@when("the brand accepts me")
def _(phone: Phone, tenant: SimTenant, world: World) -> None:
    tenant.brand_reviews(world.handle, "ACCEPT")
    CampaignDetailsPage(phone.page).refresh()


@when("the brand turns me down")
def _(phone: Phone, tenant: SimTenant, world: World) -> None:
    tenant.brand_reviews(world.handle, "REJECT")
    CampaignDetailsPage(phone.page).refresh()


@then("I am told the brand did not accept me")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_rejected()


@then("TikTok tells me which of my accounts was invited")
def _(phone: Phone, world: World) -> None:
    CampaignDetailsPage(phone.page).expect_wrong_account(world.handle)


@when("I switch to the invited account")
def _(phone: Phone, world: World) -> None:
    details = CampaignDetailsPage(phone.page)
    details.switch_account(world.handle)
    details.expect_current_account(world.handle)
