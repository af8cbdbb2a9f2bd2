"""Flex: signing in, opening the offer, and what a phone or a desktop is offered."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from simulator.harness import shortcuts
from simulator.harness.data.builders import World
from simulator.harness.pages import OfferPage, Phone
from simulator.harness.steps import flows


@given(parsers.parse("I am signed in to Flex on my {gadget}"))
def _(phone: Phone, world: World, gadget: str) -> None:
    if gadget == "computer":  # the sign-in form stays walked, on the desktop scenarios
        flows.sign_in(phone, world.creator_email, world.creator_password)
        return
    # on a phone, a session signed in through Flex's own form post (shortcuts.py), then
    # the screen signing in leads to: the offers
    shortcuts.sign_in(phone, world.creator_email, world.creator_password)
    phone.open_flex("/offers")


@when("I open the offer")
def _(phone: Phone, world: World) -> None:
    flows.open_offer(phone, world).expect_title(world.offer_title)


@then("I can publish my TikTok deliverable from here")
def _(phone: Phone) -> None:
    OfferPage(phone.page).expect_publish_content()


@then("I see the description the marketer approved")
def _(phone: Phone, world: World) -> None:
    OfferPage(phone.page).expect_approved_description(world.deliverable.approved_description)


@then("I am asked to open the offer on a mobile device instead")
def _(phone: Phone) -> None:
    OfferPage(phone.page).expect_mobile_only()
