"""Flex: what the marketer sees once the creator has submitted."""

from __future__ import annotations

from pytest_bdd import then, when

from simulator.harness import shortcuts
from simulator.harness.data.builders import World
from simulator.harness.pages import MarketerOfferPage, Phone
from simulator.harness.steps.screens import Posted


@when("the marketer opens the offer")
def _(phone: Phone, world: World) -> None:
    phone.page.context.clear_cookies()
    # signed in through Flex's form, posted (shortcuts.py; the form is walked by the
    # desktop scenarios), then the marketer's list and the offer on screen
    shortcuts.sign_in(phone, world.marketer_email, world.marketer_password)
    phone.open_flex("/marketer/offers")
    MarketerOfferPage(phone.page).open(world.offer_title)


@then("the marketer sees my video with its views and likes")
def _(phone: Phone, posted: Posted) -> None:
    page = MarketerOfferPage(phone.page)
    page.expect_video(posted.description)
    page.expect_metrics()


@then("the marketer sees my note")
def _(phone: Phone, note: str) -> None:
    MarketerOfferPage(phone.page).expect_note(note)


@then("the marketer sees the Spark Ads authorization for the video")
def _(phone: Phone) -> None:
    MarketerOfferPage(phone.page).expect_ad_authorization()


@then("the marketer sees my video and a message that TikTok could not be reached")
def _(phone: Phone, posted: Posted) -> None:
    page = MarketerOfferPage(phone.page)
    page.expect_video(posted.description)
    page.expect_problem()
