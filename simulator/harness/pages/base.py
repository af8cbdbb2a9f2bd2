"""What every screen shares: the tab it is on, and tapping like a person on a phone."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class Screen:
    """A screen of one of the apps, shown in `page`."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def tap(self, target: Locator) -> None:
        """Tap a control the way a person would (scrolled into view first)."""
        target.click()

    def button(self, name: str) -> Locator:
        """A button (or link styled as one) by its exact accessible name."""
        return self.page.get_by_role("button", name=name, exact=True)

    def alert(self) -> Locator:
        """The screen's alert message(s)."""
        return self.page.get_by_role("alert")
