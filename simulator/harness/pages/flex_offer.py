"""Flex: an offer's details, its deliverables, and submitting them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from simulator.harness.pages.base import Screen

TERMS = "I confirm I understand the terms of this offer"
MOBILE_NOTICE = re.compile(r"open this offer on a mobile device", re.IGNORECASE)


class OfferPage(Screen):
    """Heading = offer title; a section per deliverable; the terms box and "Submit Content"."""

    def expect_title(self, title: str) -> None:
        """This is the offer we meant."""
        expect(self.page.get_by_role("heading", name=title, level=1)).to_be_visible()

    def deliverable(self, title: str = "TikTok video", index: int = 0) -> Locator:
        """The section of a deliverable, by its heading."""
        return (
            self.page.get_by_role("region")
            .filter(has=self.page.get_by_role("heading", name=title, exact=True))
            .nth(index)
        )

    def publish_content(self, title: str = "TikTok video", index: int = 0) -> Locator:
        """The "Publish Content" link of a TikTok deliverable."""
        return self.deliverable(title, index).get_by_role("link", name="Publish Content")

    def expect_publish_content(self) -> None:
        """A phone gets "Publish Content"."""
        expect(self.publish_content()).to_be_visible()

    def expect_mobile_only(self) -> None:
        """A desktop is told to use a phone and gets no "Publish Content"; the notice and its
        QR code are in view as the page opens, nothing drawn over them (issue 14: the pinned
        Submit bar covered them)."""
        notice = self.page.get_by_text(MOBILE_NOTICE).first
        expect(notice).to_be_visible()
        expect(self.page.get_by_role("link", name="Publish Content")).to_have_count(0)
        qr = self.page.locator(".qr svg")
        for shown in (notice, qr):
            expect(shown).to_be_in_viewport(ratio=1.0)
            assert self._uncovered(shown), "something is drawn over the mobile-device notice"

    def _uncovered(self, shown: Locator) -> bool:
        """Whether the element itself is what is on top at its corners and its centre."""
        return bool(
            shown.evaluate(
                """(el) => {
                  const r = el.getBoundingClientRect();
                  const points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2],
                    [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2],
                    [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
                  return points.every(([x, y]) => {
                    const hit = document.elementFromPoint(x, y);
                    return hit !== null && (el === hit || el.contains(hit) || hit.contains(el));
                  });
                }"""
            )
        )

    def expect_approved_description(self, text: str) -> None:
        """The deliverable shows the description the marketer approved."""
        expect(self.deliverable().get_by_text(text, exact=True)).to_be_visible()

    def add_final_content(self, title: str = "TikTok video", index: int = 0) -> None:
        """Tap "+Add Final Content" on a deliverable."""
        self.tap(self.deliverable(title, index).get_by_role("button", name="+Add Final Content"))
        # the pop-up opens whatever TikTok answers (a problem is said inside it)
        self.expect_outcome(
            "+Add Final Content", self.page.get_by_role("dialog", name="Select your video")
        )

    def expect_final_content(self, caption: str, index: int = 0) -> None:
        """The deliverable now holds the chosen video (and no longer offers to add one)."""
        section = self.deliverable(index=index)
        expect(section.get_by_role("button", name="+Add Final Content")).to_have_count(0)
        expect(section.get_by_text(caption, exact=True).last).to_be_visible()

    def confirm_terms(self) -> None:
        """Tick "I confirm I understand the terms of this offer"."""
        self.page.get_by_label(TERMS).check()

    def submit(self) -> None:
        """Tap "Submit Content" and wait for Flex's answer (the form posts and reloads)."""
        with self.page.expect_navigation():
            self.tap(self.button("Submit Content"))
        self.expect_outcome("Submit Content", self.page.get_by_text("Submitted", exact=True))

    def expect_cannot_submit(self) -> None:
        """ "Submit Content" cannot be used yet."""
        expect(self.button("Submit Content")).to_be_disabled()

    def expect_submitted(self) -> None:
        """The offer says "Submitted"."""
        expect(self.page.get_by_text("Submitted", exact=True).first).to_be_visible()
        expect(self.button("Submit Content")).to_have_count(0)

    def expect_problem(self, pattern: str = "") -> None:
        """An alert explains what went wrong."""
        alert = self.alert().first
        expect(alert).to_be_visible()
        if pattern:
            expect(alert).to_contain_text(re.compile(pattern, re.IGNORECASE))
