"""TikTok: the description, the required elements, and posting."""

from __future__ import annotations

from pytest_bdd import given, then, when

from simulator.harness import shortcuts
from simulator.harness.apps import SimTenant
from simulator.harness.data.builders import World
from simulator.harness.pages import ComposerPage, Phone, PostedPage
from simulator.harness.steps import flows
from simulator.harness.steps.screens import Posted


@given("I have posted my draft for the campaign", target_fixture="posted")
def _(phone: Phone, world: World) -> Posted:
    # through the apps' HTTP (simulator/harness/shortcuts.py); the screens are walked by
    # the scenarios of uploading_a_video.feature and posting_on_tiktok.feature
    description = world.deliverable.approved_description
    path = shortcuts.post_draft(phone, shortcuts.join(phone, world), world.draft, description)
    shortcuts.show_post(phone, path)
    return Posted(world.draft, description, path)


@when("I post my draft with the approved description", target_fixture="posted")
def _(phone: Phone, world: World) -> Posted:
    path = flows.post_draft(phone, world.draft, world.deliverable.approved_description, wait=False)
    return Posted(world.draft, world.deliverable.approved_description, path)


@when('I enter the approved description and tap "Post"', target_fixture="posted")
def _(phone: Phone, world: World) -> Posted:
    composer = ComposerPage(phone.page)
    composer.describe(world.deliverable.approved_description)
    composer.post_and_expect_posted()
    return Posted(world.draft, world.deliverable.approved_description)


@when("I post a description that leaves out the brand's mention", target_fixture="description")
def _(phone: Phone, world: World) -> str:
    mention = world.deliverable.required_elements[-1]
    text = " ".join(w for w in world.deliverable.approved_description.split() if w != mention)
    composer = ComposerPage(phone.page)
    composer.describe(text)
    composer.post()
    return text


@then("TikTok names the missing mention and keeps what I wrote")
def _(phone: Phone, world: World, description: str) -> None:
    ComposerPage(phone.page).expect_missing(world.deliverable.required_elements[-1], description)


@then("my post is published on TikTok")
def _(phone: Phone) -> None:
    PostedPage(phone.page).expect_published()


@then("my post is still processing")
def _(phone: Phone) -> None:
    PostedPage(phone.page).expect_processing()


@when("TikTok finishes processing it")
def _(tenant: SimTenant, phone: Phone) -> None:
    tenant.advance_clock("1h")
    # the hour passes on the phone too (its clock is Playwright's, `TikTok takes {minutes}
    # minutes to process a post`): the screen's timer asks TikTok again, once
    phone.page.clock.fast_forward("01:00:00")


@then("TikTok tells me my post failed because I posted too much")
def _(phone: Phone) -> None:
    PostedPage(phone.page).expect_failed("spam_risk_too_many_posts")
