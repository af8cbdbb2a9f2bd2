"""TikTok app: the post after "Post": processing, then published."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.base import Screen


class PostedPage(Screen):
    """ "Processing" then "Published"."""

    def expect_processing(self) -> None:
        """TikTok is still processing the post."""
        expect(self.page.get_by_text("Processing").first).to_be_visible()

    def expect_published(self, timeout_ms: float = 10_000) -> None:
        """The post is live."""
        expect(self.page.get_by_text("Published").first).to_be_visible(timeout=timeout_ms)
