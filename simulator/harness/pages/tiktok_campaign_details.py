"""TikTok app: the campaign details an invite link opens, and joining the campaign."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen

TERMS = "I agree to TikTok's terms and conditions"


class CampaignDetailsPage(Screen):
    """Campaign heading, the current @handle, the terms box, "Join Campaign", "Switch account"."""

    def expect_shown(self) -> None:
        """The campaign details are on screen (TikTok's side)."""
        expect(self.page.get_by_role("heading").first).to_be_visible()

    def expect_current_account(self, handle: str) -> None:
        """The account the phone is signed in to."""
        expect(self.page.get_by_text(f"@{handle}", exact=True).first).to_be_visible()

    def agree_to_terms(self) -> None:
        """Tick TikTok's terms."""
        self.page.get_by_label(TERMS).check()

    def join(self) -> None:
        """Tap "Join Campaign": TikTok answers with the creator in the campaign (accepted,
        waiting for the brand, or turned down); an error instead fails here."""
        self.tap(self.button("Join Campaign"))
        self.expect_outcome("Join Campaign", self.joined())

    def joined(self) -> Locator:
        """What the campaign shows once the creator has joined, whatever the brand says."""
        texts = ("You're in", "Waiting for the brand to accept you", "The brand did not accept you")
        found = self.page.get_by_text(texts[0])
        for text in texts[1:]:
            found = found.or_(self.page.get_by_text(text))
        return found

    def try_to_join(self) -> None:
        """Tap "Join Campaign" even while it is unavailable (a disabled button does nothing)."""
        self.button("Join Campaign").click(force=True)

    def expect_cannot_join(self) -> None:
        """Joining without the terms is not possible: "Join Campaign" is unavailable (it looks
        and is disabled) until the box is ticked, and nothing was joined."""
        expect(self.page.get_by_label(TERMS)).not_to_be_checked()
        expect(self.button("Join Campaign")).to_be_disabled()
        expect(self.page.get_by_text("You're in")).to_have_count(0)
        expect(self.button("Upload video")).to_have_count(0)

    def expect_join_available_once_agreed(self) -> None:
        """Ticking the terms makes "Join Campaign" available."""
        self.agree_to_terms()
        expect(self.button("Join Campaign")).to_be_enabled()

    def expect_wrong_account(self, invited: str) -> None:
        """An alert names the invited handle."""
        alert = self.alert().first
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(f"@{invited}")

    def switch_account(self, handle: str) -> None:
        """Switch to another account on the phone."""
        self.tap(self.button("Switch account"))
        self.tap(self.button(f"@{handle}"))

    def expect_pending(self) -> None:
        """Joined; the brand has yet to decide."""
        expect(self.page.get_by_text("Waiting for the brand to accept you")).to_be_visible()

    def expect_rejected(self) -> None:
        """The brand turned the creator down."""
        expect(self.page.get_by_text("The brand did not accept you")).to_be_visible()
        expect(self.button("Upload video")).to_have_count(0)

    def expect_accepted(self) -> None:
        """Accepted: "You're in" and a deliverable to upload."""
        expect(self.page.get_by_text("You're in").first).to_be_visible()
        expect(self.button("Upload video").first).to_be_visible()

    def refresh(self) -> None:
        """Look again (pull to refresh)."""
        self.page.reload()

    def upload_video(self) -> None:
        """Tap "Upload video" on the first deliverable."""
        self.tap(self.button("Upload video").first)
        self.expect_outcome("Upload video", self.button("Upload from drafts"))

    def expect_deliverable_posted(self) -> None:
        """Still in the campaign, and a deliverable holds a published post to view."""
        expect(self.page.get_by_text("You're in").first).to_be_visible()
        expect(self.page.get_by_role("link", name="View post").first).to_be_visible()
        expect(self.page.get_by_text("Published", exact=True).first).to_be_visible()
