"""Flex: the creator's offers."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class OffersPage(Screen):
    """One link per offer, named by its title."""

    def expect_offer(self, title: str) -> None:
        """The offer is listed."""
        expect(self.page.get_by_role("link", name=title).first).to_be_visible()

    def open_offer(self, title: str) -> None:
        """Open an offer by its title."""
        self.tap(self.page.get_by_role("link", name=title).first)
        expect(self.page.get_by_role("heading", name=title, level=1)).to_be_visible()
