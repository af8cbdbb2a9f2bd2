"""TikTok app: "Link existing post", the creator's published posts not yet in a campaign."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class LinkPostPage(Screen):
    """Each published post is a radio named by its caption; "Link post"."""

    def expect_post(self, caption: str) -> None:
        """A published post is offered for linking."""
        expect(self.page.get_by_role("radio", name=caption)).to_be_visible()

    def pick(self, caption: str) -> None:
        """Select the post and tap "Link post"."""
        self.page.get_by_role("radio", name=caption).check()
        self.tap(self.button("Link post"))

    def expect_nothing_to_link(self) -> None:
        """No published post to offer: the screen says so and "Link post" is off."""
        expect(self.page.get_by_role("heading", name="No posts to link")).to_be_visible()
        expect(self.page.get_by_role("radio")).to_have_count(0)
        expect(self.button("Link post")).to_be_disabled()
