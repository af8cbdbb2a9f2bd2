"""Binds features/posting_on_tiktok.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("posting_on_tiktok.feature")
