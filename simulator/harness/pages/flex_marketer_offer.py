"""Flex: the marketer's view of a submitted offer."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class MarketerOfferPage(Screen):
    """The submission with its video, metrics and Spark Ads authorization."""

    def open(self, title: str) -> None:
        """Open the offer from the marketer's list."""
        self.tap(self.page.get_by_role("link", name=title).first)
        expect(self.page.get_by_role("heading", name=title, level=1)).to_be_visible()

    def expect_video(self, caption: str) -> None:
        """The creator's video is shown."""
        expect(self.page.get_by_text(caption).first).to_be_visible()

    def expect_metrics(self) -> None:
        """Views and likes of the video are shown."""
        expect(self.page.get_by_text(re.compile(r"views", re.I)).first).to_be_visible()
        expect(self.page.get_by_text(re.compile(r"likes", re.I)).first).to_be_visible()

    def expect_ad_authorization(self) -> None:
        """The Spark Ads code and its status are shown."""
        expect(self.page.get_by_text(re.compile(r"spark ads", re.I)).first).to_be_visible()
        expect(
            self.page.get_by_text(
                re.compile(r"NOT_USED|IN_USE|not used|in use|ACCEPTED", re.I)
            ).first
        ).to_be_visible()

    def expect_note(self, text: str) -> None:
        """The creator's note reached the marketer."""
        expect(self.page.get_by_text(text).first).to_be_visible()

    def expect_ad_code(self, code: str, valid_until: str = "") -> None:
        """The Spark Ads section shows this code (and, when given, its last day as Flex
        writes dates, e.g. 'Mar 5, 2027')."""
        shown = self.page.get_by_text(code, exact=True).first
        expect(shown).to_be_visible()
        shown.scroll_into_view_if_needed()
        if valid_until:
            expect(self.page.get_by_text(valid_until, exact=True).first).to_be_visible()

    def expect_ad_code_expired(self) -> None:
        """The Spark Ads section says the code has expired (TikTok's EXPIRED), and the
        marketer can ask the creator for a new authorization."""
        spark_ads = self.page.get_by_label("Spark Ads", exact=True)
        expired = spark_ads.get_by_role("definition").filter(has_text=re.compile("^Expired$"))
        expect(expired).to_have_count(1)
        expired.scroll_into_view_if_needed()
        expect(self.page.get_by_role("alert")).to_have_count(0)
        expect(
            self.page.get_by_role("button", name="Request Spark Ads authorization")
        ).to_be_visible()

    def expect_problem(self) -> None:
        """An alert says TikTok could not be reached, keeps what Flex has and offers to try
        again; the submission itself is still there."""
        alert = self.page.get_by_role("alert")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("Showing the last numbers Flex has")
        expect(alert.get_by_role("link", name="Try again")).to_be_visible()
        expect(self.page.get_by_role("button", name="Approve")).to_be_visible()
