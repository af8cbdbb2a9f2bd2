"""Longer stretches of the guide, told with page objects, for steps that start mid-journey."""

from __future__ import annotations

from pathlib import Path

from simulator.harness.data.builders import World
from simulator.harness.pages import (
    CampaignDetailsPage,
    ComposerPage,
    DraftsPage,
    OfferPage,
    OffersPage,
    Phone,
    PostedPage,
    SelectYourVideoDialog,
    SignInPage,
    SupportingAssetsDialog,
    UploadOptionsPage,
)


def sign_in(phone: Phone, email: str, password: str) -> None:
    """Open Flex and sign in (Flex then shows the person's offers)."""
    phone.open_flex("/signin")
    SignInPage(phone.page).sign_in(email, password)
    phone.page.wait_for_url(lambda url: "/signin" not in url)


def open_offer(phone: Phone, world: World) -> OfferPage:
    """Open the scenario's offer: the first time from Flex's offers, by its title; later
    straight back to it (as the browser's history would), freshly loaded."""
    seen = phone.offer_urls.get(world.offer_title)
    if seen:
        phone.back_to_url(seen)
    else:
        phone.back_to_flex("/offers")
        OffersPage(phone.page).open_offer(world.offer_title)
        phone.offer_urls[world.offer_title] = phone.page.url
    return OfferPage(phone.page)


def publish_content(phone: Phone, world: World, index: int = 0) -> CampaignDetailsPage:
    """Tap "Publish Content" on the offer's TikTok deliverable: TikTok's campaign opens."""
    offer = open_offer(phone, world)
    phone.follow(offer.publish_content(index=index))
    details = CampaignDetailsPage(phone.page)
    details.expect_shown()
    return details


def post_draft(phone: Phone, draft: str, description: str, wait: bool = True) -> str:
    """Upload video, Upload from drafts, pick the draft, Next, describe, Post (and, with
    `wait`, see it published). Returns the post's path in the TikTok app."""
    CampaignDetailsPage(phone.page).upload_video()
    UploadOptionsPage(phone.page).choose("Upload from drafts")
    DraftsPage(phone.page).pick(draft)
    composer = ComposerPage(phone.page)
    composer.describe(description)
    composer.post_and_expect_posted()
    if wait:
        PostedPage(phone.page).expect_published()
    return tiktok_path(phone)


def tiktok_path(phone: Phone) -> str:
    """The path of the TikTok screen the phone shows (e.g. a post's)."""
    url = phone.page.url
    return url[len(phone.tiktok_url) :] if url.startswith(phone.tiktok_url) else url


def add_final_content(
    phone: Phone, world: World, caption: str, asset: Path | None, note: str, index: int = 0
) -> OfferPage:
    """+Add Final Content, pick the video, Continue, an asset and a note, Add Content."""
    offer = open_offer(phone, world)
    offer.add_final_content(index=index)
    SelectYourVideoDialog(phone.page).choose(caption)
    assets = SupportingAssetsDialog(phone.page)
    if asset is not None:
        assets.attach(asset)
    assets.write_note(note)
    assets.add_content()
    offer.expect_final_content(caption, index=index)
    return offer
