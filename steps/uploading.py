"""TikTok: "Upload video", the three options, and the drafts."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from e2e.pages import CampaignDetailsPage, ComposerPage, DraftsPage, Phone, UploadOptionsPage
from fixtures.builders import World


@when('I tap "Upload video"')
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).upload_video()


@then("I can record a video, upload from drafts or link an existing post")
def _(phone: Phone) -> None:
    UploadOptionsPage(phone.page).expect_options()


@when(parsers.parse('I choose "{option}"'))
def _(phone: Phone, option: str) -> None:
    UploadOptionsPage(phone.page).choose(option)


@then("I see my drafts and not those of my other account")
def _(phone: Phone, world: World) -> None:
    drafts = DraftsPage(phone.page)
    for caption in world.drafts:
        drafts.expect_draft(caption)
    for caption in world.other_drafts:
        drafts.expect_not_listed(caption)


@when('I pick my draft and tap "Next"')
def _(phone: Phone, world: World) -> None:
    DraftsPage(phone.page).pick(world.draft)


@then("I am asked for the description with the campaign's required elements")
def _(phone: Phone, world: World) -> None:
    ComposerPage(phone.page).expect_required(world.deliverable.required_elements)
