"""TikTok: "Upload video", the three options, the drafts, and linking an existing post."""

from __future__ import annotations

from faker import Faker
from pytest_bdd import given, parsers, then, when

from simulator.harness.apps import SimTenant
from simulator.harness.data.builders import World
from simulator.harness.pages import (
    CampaignDetailsPage,
    ComposerPage,
    DraftsPage,
    LinkPostPage,
    Phone,
    SelectYourVideoDialog,
    UploadOptionsPage,
)
from simulator.harness.steps import flows
from simulator.harness.steps.screens import Posted


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


@given("I have already published a video about the product on my TikTok", target_fixture="posted")
def _(tenant: SimTenant, world: World, fake: Faker) -> Posted:
    caption = fake.caption(product=fake.product(world.brand), hashtags=2, brand=world.brand)
    video_id = tenant.publish_post(caption)
    return Posted(draft="", description=caption, path=f"/tto/videos/{video_id}")


@when('I pick my published post and tap "Link post"')
def _(phone: Phone, posted: Posted) -> None:
    link = LinkPostPage(phone.page)
    link.expect_post(posted.description)
    link.pick(posted.description)


@then("my post counts for the campaign on TikTok")
def _(phone: Phone) -> None:
    CampaignDetailsPage(phone.page).expect_deliverable_posted()


@then("Flex offers my linked post when I add final content")
def _(phone: Phone, world: World, posted: Posted) -> None:
    flows.open_offer(phone, world).add_final_content()
    SelectYourVideoDialog(phone.page).expect_video(posted.description)


@then("TikTok tells me I have no published post to link")
def _(phone: Phone) -> None:
    LinkPostPage(phone.page).expect_nothing_to_link()
