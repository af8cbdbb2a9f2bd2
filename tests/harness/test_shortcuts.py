"""The API-driven givens (simulator/harness/shortcuts.py) reach the state the screens reach,
through the apps' own forms, and say what the app said when it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.harness import shortcuts
from simulator.harness.data.builders import World
from simulator.harness.pages import MarketerOfferPage, OfferPage, Phone

pytestmark = pytest.mark.parametrize("device", ["Pixel 7"], indirect=True)


def test_joined_posted_added_and_submitted_shows_on_flex_for_both_sides(
    phone: Phone, world: World, supporting_asset: Path
) -> None:
    caption = world.deliverable.approved_description
    joined = shortcuts.join(phone, world)
    shortcuts.post_draft(phone, joined, world.draft, caption)
    shortcuts.submit_final_content(phone, joined.offer_url, caption, supporting_asset, "a note")
    offer = OfferPage(phone.page)
    offer.expect_submitted()
    offer.expect_final_content(caption)
    phone.page.context.clear_cookies()
    shortcuts.open_as_marketer(
        phone, world.marketer_email, world.marketer_password, world.offer_title
    )
    marketer = MarketerOfferPage(phone.page)
    marketer.expect_title(world.offer_title)
    marketer.expect_video(caption)
    marketer.expect_note("a note")


def test_what_flex_refuses_fails_the_shortcut_with_flexs_words(
    phone: Phone, world: World, unsupported_file: Path
) -> None:
    caption = world.deliverable.approved_description
    joined = shortcuts.join(phone, world)
    with pytest.raises(shortcuts.ShortcutError, match=r"the video .* is not on the page"):
        shortcuts.add_final_content(phone, joined.offer_url, caption, None, "too early")
    shortcuts.post_draft(phone, joined, world.draft, caption)
    with pytest.raises(
        shortcuts.ShortcutError, match="did not take the submission: Add final content"
    ):
        shortcuts.submit(phone, joined.offer_url)  # nothing added yet
    with pytest.raises(shortcuts.ShortcutError, match=r"did not take the final content: .*exe"):
        shortcuts.add_final_content(phone, joined.offer_url, caption, unsupported_file, "n")
