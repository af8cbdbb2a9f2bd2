"""Flex: the "Select your video" pop-up of "+Add Final Content"."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen


class SelectYourVideoDialog(Screen):
    """Radios named by caption, and "Continue"."""

    @property
    def dialog(self) -> Locator:
        """The pop-up itself."""
        return self.page.get_by_role("dialog", name="Select your video")

    def expect_open(self) -> None:
        """The pop-up is showing."""
        expect(self.dialog).to_be_visible()

    def expect_video(self, caption: str) -> None:
        """A video I published is offered."""
        expect(self.dialog.get_by_role("radio", name=caption)).to_be_visible()

    def expect_no_videos(self) -> None:
        """Nothing to pick: nothing published yet."""
        expect(self.dialog.get_by_role("radio")).to_have_count(0)
        expect(self.dialog.get_by_role("button", name="Continue")).to_have_count(0)

    def expect_problem(self) -> None:
        """The pop-up explains that TikTok could not be reached."""
        expect(self.dialog.get_by_role("alert")).to_be_visible()

    def try_again(self) -> None:
        """Ask Flex to fetch the videos again."""
        self.tap(self.dialog.get_by_role("link", name=re.compile("try again|refresh", re.I)))

    def choose(self, caption: str) -> None:
        """Pick the video for the deliverable and continue."""
        self.dialog.get_by_role("radio", name=caption).check()
        self.tap(self.dialog.get_by_role("button", name="Continue"))
        self.expect_outcome("Continue", self.page.get_by_label("Notes for the marketer"))
