"""The phone (or computer) a scenario runs on: which tab shows what, and the two apps."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page


@dataclass
class Phone:
    """The browser tab the person is looking at, and where Flex and TikTok live."""

    page: Page
    flex_url: str
    tiktok_url: str
    device: str = ""
    flex_page: Page | None = field(default=None, repr=False)
    tiktok_page: Page | None = field(default=None, repr=False)
    offer_urls: dict[str, str] = field(default_factory=dict, repr=False)

    def open_flex(self, path: str = "/") -> Page:
        """Open Flex in the current tab (as typing its address would)."""
        self.page.goto(self.flex_url + path)
        self.flex_page = self.page
        return self.page

    def follow(self, link: Locator) -> Page:
        """Tap a link that leaves Flex (a universal link into the TikTok app): follow it into
        a new tab when it opens one, else in the same tab."""
        if (link.get_attribute("target") or "") == "_blank":
            with self.page.context.expect_page() as opened:
                link.click()
            self.page = opened.value
        else:
            link.click()
        self.page.wait_for_load_state()
        self.tiktok_page = self.page
        return self.page

    def open_tiktok(self, path: str = "/") -> Page:
        """Switch to the TikTok app (its tab, when one is open) at `path`, as a person
        would open a post from the app's notifications or profile."""
        if self.tiktok_page is not None and self.tiktok_page is not self.page:
            self.page = self.tiktok_page
            self.page.bring_to_front()
        self.page.goto(self.tiktok_url + path)
        self.tiktok_page = self.page
        return self.page

    def back_to_flex(self, path: str = "/") -> Page:
        """Switch back to Flex, as a person would after posting in the TikTok app (no new
        page load when Flex already shows `path`)."""
        if self.flex_page is not None and self.flex_page is not self.page:
            self.page = self.flex_page
            self.page.bring_to_front()
        if self.page.url.split("?")[0] != self.flex_url + path:
            self.page.goto(self.flex_url + path)
        return self.page

    def back_to_url(self, url: str) -> Page:
        """Switch back to Flex at a page seen before (the browser's history), loaded afresh."""
        if self.flex_page is not None and self.flex_page is not self.page:
            self.page = self.flex_page
            self.page.bring_to_front()
        self.page.goto(url)
        return self.page
