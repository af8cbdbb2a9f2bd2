"""Flex: supporting assets and notes, after choosing the video."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen


class SupportingAssetsDialog(Screen):
    """File input "Supporting assets", textarea "Notes for the marketer", "Add Content"."""

    @property
    def dialog(self) -> Locator:
        """The pop-up after "Continue"."""
        return self.page.get_by_role("dialog")

    def expect_chosen(self, caption: str) -> None:
        """The video I chose is the one shown."""
        expect(self.dialog.get_by_text(caption).first).to_be_visible()

    def attach(self, *files: Path) -> None:
        """Choose supporting asset files."""
        self.dialog.get_by_label("Supporting assets").set_input_files([str(f) for f in files])

    def write_note(self, text: str) -> None:
        """Write a note for the marketer."""
        self.dialog.get_by_label("Notes for the marketer").fill(text)

    def add_content(self) -> None:
        """Tap "Add Content"."""
        self.tap(self.dialog.get_by_role("button", name="Add Content"))

    def expect_refused(self, filename: str) -> None:
        """The file was refused, with a message naming it; the note is kept."""
        alert = self.page.get_by_role("alert").first
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(filename)

    def expect_note(self, text: str) -> None:
        """The note I wrote is still there."""
        expect(self.dialog.get_by_label("Notes for the marketer")).to_have_value(text)
