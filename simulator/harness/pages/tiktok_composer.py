"""TikTok app: the post composer with the campaign's required elements."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class ComposerPage(Screen):
    """Textbox "Description", the required elements, "Post"."""

    def expect_required(self, elements: tuple[str, ...]) -> None:
        """The required elements are listed for the creator."""
        for element in elements:
            expect(self.page.get_by_text(element, exact=True).first).to_be_visible()

    def describe(self, text: str) -> None:
        """Type the description."""
        self.page.get_by_label("Description").fill(text)

    def post(self) -> None:
        """Tap "Post" (TikTok may refuse it: see `post_and_expect_posted`)."""
        self.tap(self.button("Post"))

    def post_and_expect_posted(self) -> None:
        """Tap "Post": TikTok shows the post's status (processing, published or failed); a
        refusal on the composer fails here."""
        self.post()
        self.expect_outcome("Post", self.page.get_by_role("status"))

    def expect_missing(self, element: str, kept: str) -> None:
        """An alert names the missing element and the text is kept."""
        alert = self.alert().first
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(element)
        expect(self.page.get_by_label("Description")).to_have_value(kept)
