"""TikTok app: the post after "Post": processing, then published; its ad authorization."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen

AD_DAYS = (7, 30, 60, 365)


class PostedPage(Screen):
    """ "Processing" then "Published"; the "Ad authorization" section with its period and
    "Generate code"."""

    def expect_processing(self) -> None:
        """TikTok is still processing the post."""
        expect(self.page.get_by_text("Processing").first).to_be_visible()

    def expect_published(self, timeout_ms: float = 10_000) -> None:
        """The post is live."""
        expect(self.page.get_by_text("Published").first).to_be_visible(timeout=timeout_ms)

    def expect_failed(self, reason: str) -> None:
        """TikTok refused the post and says why (its reason code, in words too)."""
        expect(self.page.get_by_role("status")).to_have_text("Post failed")
        alert = self.page.get_by_role("alert")
        expect(alert).to_contain_text(reason)
        expect(alert).to_contain_text(re.compile(r"too many posts", re.I))
        expect(self.page.get_by_text("Published", exact=True)).to_have_count(0)

    @property
    def ad_authorization(self) -> Locator:
        """The post's "Ad authorization" section."""
        return self.page.get_by_role("region", name="Ad authorization")

    def turn_on_ad_authorization(self, days: int) -> None:
        """Choose the authorization period and tap "Generate code"."""
        if days not in AD_DAYS:
            raise ValueError(f"TikTok offers {AD_DAYS} days, not {days}")
        section = self.ad_authorization
        section.get_by_label(f"{days} days", exact=True).check()
        self.tap(section.get_by_role("button", name="Generate code"))

    def expect_ad_code(self, days: int) -> tuple[str, str]:
        """Ad authorization is on for `days`; returns the code and the last day (YYYY-MM-DD)."""
        section = self.ad_authorization
        period = section.get_by_text(re.compile(rf"On for {days} days, until \d{{4}}-\d\d-\d\d"))
        expect(period).to_be_visible()
        code = section.get_by_label("Authorization code")
        expect(code).to_have_text(re.compile(r"\S+"))
        until = re.search(r"\d{4}-\d\d-\d\d", period.inner_text())
        return code.inner_text().strip(), until.group(0) if until else ""

    def turn_off_ad_authorization(self) -> None:
        """Tap "Turn off ad authorization": the code stops working, ads with the post stop."""
        section = self.ad_authorization
        self.tap(section.get_by_role("button", name="Turn off ad authorization"))
        expect(section.get_by_text("You turned ad authorization off")).to_be_visible()
