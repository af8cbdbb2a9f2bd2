"""Flex: "+Add Final Content", the pop-up, supporting assets and notes."""

from __future__ import annotations

from pathlib import Path

from faker import Faker
from pytest_bdd import then, when

from simulator.harness.data.builders import World
from simulator.harness.pages import OfferPage, Phone, SelectYourVideoDialog, SupportingAssetsDialog
from simulator.harness.steps import flows
from simulator.harness.steps.screens import Posted


@when('I tap "+Add Final Content" on my TikTok deliverable')
def _(phone: Phone, world: World) -> None:
    flows.open_offer(phone, world).add_final_content()


@then("the pop-up shows the video I posted")
def _(phone: Phone, posted: Posted) -> None:
    SelectYourVideoDialog(phone.page).expect_video(posted.description)


@then("the pop-up tells me nothing is published yet")
def _(phone: Phone) -> None:
    dialog = SelectYourVideoDialog(phone.page)
    dialog.expect_open()
    dialog.expect_no_videos()


@when('I pick my video and tap "Continue"')
def _(phone: Phone, posted: Posted) -> None:
    SelectYourVideoDialog(phone.page).choose(posted.description)


@when("I attach a metrics screenshot and a note for the marketer", target_fixture="note")
def _(phone: Phone, world: World, supporting_asset: Path, fake: Faker) -> str:
    note = str(fake.marketer_note(world.brand))
    assets = SupportingAssetsDialog(phone.page)
    assets.attach(supporting_asset)
    assets.write_note(note)
    return note


@when("I attach a file that is not a supported asset, with a note", target_fixture="note")
def _(phone: Phone, world: World, unsupported_file: Path, fake: Faker) -> str:
    note = str(fake.marketer_note(world.brand))
    assets = SupportingAssetsDialog(phone.page)
    assets.attach(unsupported_file)
    assets.write_note(note)
    return note


@when('I tap "Add Content"')
def _(phone: Phone) -> None:
    SupportingAssetsDialog(phone.page).add_content()


@then("my TikTok deliverable holds the video")
def _(phone: Phone, posted: Posted) -> None:
    OfferPage(phone.page).expect_final_content(posted.description)


@then("Flex refuses the file and keeps my note")
def _(phone: Phone, unsupported_file: Path, note: str) -> None:
    assets = SupportingAssetsDialog(phone.page)
    assets.expect_refused(unsupported_file.name)
    assets.expect_note(note)


@when(
    "I add the video as final content with a supporting asset and a note",
    target_fixture="note",
)
def _(phone: Phone, world: World, posted: Posted, supporting_asset: Path, fake: Faker) -> str:
    note = str(fake.marketer_note(world.brand))
    flows.add_final_content(phone, world, posted.description, supporting_asset, note)
    return note
