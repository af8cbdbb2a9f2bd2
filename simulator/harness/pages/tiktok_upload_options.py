"""TikTok app: the three ways to add a video to the campaign."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen

OPTIONS = ("Record Video", "Upload from drafts", "Link existing post")
# The screen each option opens, by the title its top bar carries (its h1).
LEADS_TO = {
    "Record Video": "Post",
    "Upload from drafts": "Drafts",
    "Link existing post": "Link existing post",
}


class UploadOptionsPage(Screen):
    """ "Record Video", "Upload from drafts", "Link existing post"."""

    def expect_options(self) -> None:
        """All three options are offered."""
        for name in OPTIONS:
            expect(self.button(name)).to_be_visible()

    def choose(self, option: str) -> None:
        """Tap one of the options."""
        if option not in OPTIONS:
            raise ValueError(f"no upload option {option!r}; the app offers {OPTIONS}")
        self.tap(self.button(option))
        title = LEADS_TO[option]
        self.expect_outcome(option, self.page.get_by_role("heading", name=title, exact=True))
