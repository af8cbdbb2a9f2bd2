"""Flex: the marketer's view of a submitted offer."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen


class MarketerOfferPage(Screen):
    """The submission with its video, metrics and Spark Ads authorization."""

    def open(self, title: str) -> None:
        """Open the offer from the marketer's list."""
        self.tap(self.page.get_by_role("link", name=title).first)
        self.expect_title(title)

    def expect_title(self, title: str) -> None:
        """The offer titled `title` is on screen."""
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


class MarketerSparkAd(Screen):
    """The Spark Ad part of the marketer's offer page (`/marketer/offers/<offer_id>`): the
    "Run as Spark Ad" form (budget, days), then the ad's status and paid results beside the
    video's own metrics, and why it stopped."""

    ROUTE = "/marketer/offers/<offer_id>"

    def run(self, budget_usd: int, days: int) -> None:
        """Fill in the budget and the days, tap "Run as Spark Ad"."""
        form = self.page.get_by_role("form", name="Run as Spark Ad")
        form.get_by_label("Budget (USD, total)").fill(str(budget_usd))
        form.get_by_label("Days").fill(str(days))
        self.tap(form.get_by_role("button", name="Run as Spark Ad"))

    @property
    def ad(self) -> Locator:
        """The ad's status and budget."""
        return self.page.get_by_label("Spark Ad", exact=True)

    def expect_delivering(self, budget_usd: int, days: int) -> None:
        """The ad runs: "Delivering", with the budget and days the marketer chose."""
        expect(self.ad.get_by_role("definition").filter(has_text="Delivering")).to_have_count(1)
        expect(self.ad).to_contain_text(f"${budget_usd:,}")
        expect(self.ad).to_contain_text(f"over {days} day")

    def paid_results(self) -> dict[str, int]:
        """The paid numbers shown: paid views, impressions, clicks."""
        paid = self.page.get_by_label("Paid results", exact=True)
        expect(paid).to_be_visible()
        paid.scroll_into_view_if_needed()
        numbers = {}
        for name in ("Paid views", "Impressions", "Clicks"):
            shown = paid.get_by_role("term").filter(has_text=name).locator("xpath=..").locator("dd")
            numbers[name] = _count(shown.inner_text())
        return numbers

    def organic_views(self) -> int:
        """The video's own views (TikTok's report), shown above the ad."""
        organic = self.page.get_by_label("Metrics", exact=True)
        views = organic.get_by_role("term").filter(has_text="Views").locator("xpath=..")
        return _count(views.locator("dd").inner_text())

    def spent(self) -> float:
        """Dollars spent so far."""
        shown = self.ad.get_by_role("term").filter(has_text="Spent").locator("xpath=..")
        return float(shown.locator("dd").inner_text().strip().lstrip("$").replace(",", ""))

    def refresh(self) -> None:
        """Look again (Flex asks TikTok afresh)."""
        self.page.reload()

    def expect_stopped(self, because: str) -> None:
        """An alert says why the ad stopped, and a new authorization can be asked for."""
        alert = self.page.get_by_role("alert")
        expect(alert).to_contain_text(because)
        expect(alert).to_contain_text("Your Spark Ad stopped delivering")
        alert.scroll_into_view_if_needed()
        expect(
            self.page.get_by_role("button", name="Request Spark Ads authorization")
        ).to_be_visible()

    def expect_refused(self, says: str, budget: str, days: str) -> None:
        """The form says what to change and still holds what was typed."""
        expect(self.page.get_by_text(says).first).to_be_visible()
        form = self.page.get_by_role("form", name="Run as Spark Ad")
        expect(form.get_by_label("Budget (USD, total)")).to_have_value(budget)
        expect(form.get_by_label("Days")).to_have_value(days)
        expect(self.ad).to_have_count(0)


def _count(text: str) -> int:
    """'1,234' -> 1234 (Flex writes counts with separators; '48.2K' is read roughly)."""
    text = text.strip().replace(",", "")
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * scale)
