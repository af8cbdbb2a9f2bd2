"""Flex: Sign in."""

from __future__ import annotations

from playwright.sync_api import expect

from simulator.harness.pages.base import Screen


class SignInPage(Screen):
    """Email, Password, "Sign in"."""

    def sign_in(self, email: str, password: str) -> None:
        """Fill in the form and sign in."""
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.tap(self.button("Sign in"))

    def expect_refused(self) -> None:
        """Still on the sign-in form, with a message."""
        expect(self.button("Sign in")).to_be_visible()
        expect(self.alert().first).to_be_visible()
