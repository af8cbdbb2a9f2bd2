"""What every screen shares: the tab it is on, and tapping like a person on a phone."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


class StepOutcomeError(AssertionError):
    """An action did not lead where it should: the app refused it, or showed an error."""


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

    def expect_outcome(self, action: str, outcome: Locator) -> None:
        """After `action`, wait for what it leads to (`outcome`). If the screen shows an alert
        instead, or neither appears, the action failed here, in its own step, quoting what
        the screen says, rather than steps later."""
        try:
            expect(outcome.or_(self.alert()).first).to_be_visible()
        except AssertionError:
            said = " ".join(self.page.locator("body").inner_text(timeout=2000).split())
            raise StepOutcomeError(
                f"{action} did not lead where it should: {self.page.url} shows {said[:300]!r}"
            ) from None
        if not outcome.first.is_visible():
            said = " ".join(self.alert().first.inner_text().split())
            raise StepOutcomeError(f"{action} failed: the screen says {said[:300]!r}")
