"""TikTok app: the creator's drafts (also used for picking an existing post)."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class DraftsPage(Screen):
    """Each draft is a radio named by its caption; "Next"."""

    def expect_draft(self, caption: str) -> None:
        """A draft is listed."""
        expect(self.page.get_by_role("radio", name=caption)).to_be_visible()

    def expect_not_listed(self, caption: str) -> None:
        """A draft of another account is not listed."""
        expect(self.page.get_by_role("radio", name=caption)).to_have_count(0)

    def pick(self, caption: str) -> None:
        """Select a draft and, once it's loaded, tap "Next"."""
        self.page.get_by_role("radio", name=caption).check()
        self.tap(self.button("Next"))
        self.expect_outcome("Next", self.page.get_by_label("Description"))
